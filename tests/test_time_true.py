"""Checks that know when each body and program existed (the 2025 reform).

For every rule that owes something to a body — coverage (VB301), requirements (VB204), deadlines
(VB401-VB404) — a body created mid-period owes from its creation, and one that has ceased hands
what it left to its successors. The worked examples of docs/registry.md (a commune and a province
of today's world, examples/) and the bundled Bình Sơn registry as of 2023 and 2026 are checked
as a new user would run them.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from vanban.check import analyse, run_check
from vanban.check.coverage import CellState, coverage_matrix
from vanban.check.deadlines import DeadlineState, due_items
from vanban.cli import main
from vanban.registry import load_registry

from conftest import PROGRAM, ROOT

NEW_PROGRAM = "mtqg-nong-thon-giam-ngheo-dtts-2026-2035"
CREATED = dt.date(2025, 7, 1)
LATE_2026 = dt.date(2026, 12, 1)

#: the 2025 reform in a small registry: the district and its communes end on 30/6/2025; one new
#: commune under a new province takes over from both communes
REFORM: dict[str, dict[str, Any] | None] = {
    "ubnd-huyen": {"valid_until": "2025-06-30", "successors": ["ubnd-xa-moi"]},
    "ubnd-xa-an": {"valid_until": "2025-06-30", "successor": "ubnd-xa-moi"},
    "ubnd-xa-chau": {"valid_until": "2025-06-30", "successor": "ubnd-xa-moi"},
    "ubnd-tinh-moi": {"name": "Ủy ban nhân dân tỉnh Quảng Ngãi (từ 2025)", "short": "UBND tỉnh Quảng Ngãi",
                      "abbr": "UBND", "level": "tỉnh", "valid_from": "2025-07-01"},
    "ubnd-xa-moi": {"name": "Ủy ban nhân dân xã Vạn Tường", "short": "UBND xã Vạn Tường", "abbr": "UBND",
                    "level": "xã", "parent": "ubnd-tinh-moi", "valid_from": "2025-07-01"},
}
COMMUNE = {"name": "xã Vạn Tường", "issuer": "ubnd-xa-moi", "programs": [PROGRAM, NEW_PROGRAM]}
PROVINCE = {"name": "tỉnh Quảng Ngãi", "issuer": "ubnd-tinh-moi", "programs": [PROGRAM, NEW_PROGRAM]}


def _run(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


def _codes(report: Any) -> list[str]:
    return [f.code for f in report.findings]


# --- coverage (VB301) ---------------------------------------------------------------------------------------
def test_coverage_of_a_commune_created_mid_period_starts_at_its_creation(build):
    reg = build.load([], issuers=REFORM, locality=COMMUNE)
    old, new = (coverage_matrix(reg, reg.programs[code], as_of=LATE_2026) for code in (PROGRAM, NEW_PROGRAM))
    assert old.years == (2025,) and old.closed  # 2021-2024 are before the commune: no column
    # the 2025 plan was due on 31/03/2025, before the commune existed: not its duty
    assert {c.state for c in old.cells.values()} == {CellState.NOT_APPLICABLE}
    assert "01/07/2025" in (old.cell("DA2", 2025).reason_text("vi") or "")
    assert "before" in (old.cell("DA2", 2025).reason_text("en") or "")
    assert new.years == (2026,) and not new.closed
    assert new.cell("HP1", 2026).state is CellState.PENDING  # due at the year's end (no date known)
    assert "VB301" not in _codes(run_check(reg, as_of=LATE_2026))


def test_coverage_of_a_ceased_district_stops_at_its_end(build):
    reg = build.load([], issuers=REFORM, locality={"programs": [PROGRAM, NEW_PROGRAM]})
    old, new = (coverage_matrix(reg, reg.programs[code], as_of=LATE_2026) for code in (PROGRAM, NEW_PROGRAM))
    assert old.years == (2022, 2023, 2024, 2025)  # the plan obligation's years, all within its life
    assert old.cell("DA2", 2025).state is CellState.GAP  # due 31/03/2025, while it worked
    assert new.years == ()  # the 2026-2035 program began after the district ended
    gaps = {f.data["year"] for f in run_check(reg, as_of=LATE_2026, select=["coverage-gap"]).findings}
    assert gaps == {2022, 2023, 2024, 2025}


# --- recurring obligations (VB401, VB402) ------------------------------------------------------------------
def test_a_commune_owes_nothing_due_before_its_creation(build):
    reg = build.load([], issuers=REFORM, locality=COMMUNE)
    items = due_items(reg, as_of=LATE_2026)
    assert items and min(i.due for i in items) >= CREATED
    monthly = [i.due for i in items if i.obligation == "bao-cao-ra-soat-thuong-xuyen"]
    assert monthly == [dt.date(2025, 7, 5), dt.date(2025, 8, 5), dt.date(2025, 9, 5)]
    # the commune's own level: no province report, no district's
    assert not {i.obligation for i in items} & {"bao-cao-giam-sat-nam", "bao-cao-ket-qua-ra-soat-tinh"}
    report = run_check(reg, as_of=LATE_2026)
    assert all(f.data.get("due", "9999") >= "2025-07-01" for f in report.findings if f.code.startswith("VB4"))


def test_a_province_owes_its_own_reports_not_the_communes(build):
    reg = build.load([], issuers=REFORM, locality=PROVINCE)
    owed = {i.obligation for i in due_items(reg, as_of=dt.date(2025, 11, 30))}
    assert {"bao-cao-giam-sat-nam", "bao-cao-ket-qua-ra-soat-tinh", "danh-gia-ket-thuc"} <= owed
    assert not owed & {"bao-cao-ra-soat-thuong-xuyen", "ra-soat-ho-ngheo", "bao-cao-giam-sat-nam-cap-duoi"}


def test_what_fell_due_after_a_district_ended_is_its_successors(build):
    reg = build.load([], issuers=REFORM)
    report = run_check(reg, as_of=LATE_2026)
    ceased = [f for f in report.findings if f.code == "VB404"]
    assert ceased and all(f.data["due"] > "2025-06-30" for f in ceased)
    assert all(f.data["successors"] == ["ubnd-xa-moi"] for f in ceased)
    assert all(f.data["due"] <= "2025-06-30" for f in report.findings if f.code == "VB401")


def test_a_monitoring_round_is_reported_15_working_days_after_it_ends(build):
    round_plan = build.doc("12/KH-UBND", "Kế hoạch", "2023-08-01", title="giám sát Chương trình năm 2023",
                           period="2023-08-14..2023-09-29")
    reg = build.load([round_plan])
    [item] = [i for i in due_items(reg, as_of=dt.date(2023, 10, 10)) if i.obligation == "bao-cao-sau-dot-giam-sat"]
    # 29/09/2023 is a Friday: 15 working days later, weekends skipped, is Friday 20/10/2023
    assert item.due == dt.date(2023, 10, 20) and item.source_doc == "ubnd-huyen/2023/12-kh-ubnd"
    answered = build.load([round_plan, build.doc("40/BC-UBND", "Báo cáo", "2023-10-18", title="kết quả đợt giám sát",
                                                 responds_to=["12/KH-UBND"])])
    [done] = [i for i in due_items(answered, as_of=dt.date(2023, 10, 30)) if i.obligation == "bao-cao-sau-dot-giam-sat"]
    assert done.state is DeadlineState.DONE and done.fulfilled_by == "ubnd-huyen/2023/40-bc-ubnd"


def test_a_round_with_no_days_owes_nothing(build):
    reg = build.load([build.doc("12/KH-UBND", "Kế hoạch", "2023-08-01", title="giám sát Chương trình năm 2023",
                                period="2023")])
    assert not [i for i in due_items(reg, as_of=dt.date(2024, 1, 1)) if i.obligation == "bao-cao-sau-dot-giam-sat"]


# --- explicit deadlines (VB401-VB404) ----------------------------------------------------------------------
def _team(build: Any, *answers: dict[str, Any], what: str = "Đoàn giám sát báo cáo kết quả", kind: str | None = None):
    deadline: dict[str, Any] = {"due": "2023-12-15", "what": what}
    if kind:
        deadline["kind"] = kind
    return build.load([build.doc("792/QĐ-UBND", "Quyết định", "2023-06-01", deadlines=[deadline]), *answers])


def test_a_deadline_is_not_met_by_any_document_that_implements_the_same_directive(build):
    urging = build.doc("3100/UBND-VX", "Công văn", "2023-10-14", implements=["792/QĐ-UBND"])
    [item] = [i for i in due_items(_team(build, urging), as_of=dt.date(2024, 1, 1)) if i.source_doc]
    assert item.state is DeadlineState.OVERDUE  # a công văn urging villages is no report


def test_a_report_meets_a_report_deadline_and_minutes_meet_a_conference(build):
    report = build.doc("300/BC-UBND", "Báo cáo", "2023-12-10", implements=["792/QĐ-UBND"])
    [item] = [i for i in due_items(_team(build, report), as_of=dt.date(2024, 1, 1)) if i.source_doc]
    assert item.state is DeadlineState.DONE
    minutes = build.doc("5/BB-UBND", "Biên bản", "2023-12-12", cites=["792/QĐ-UBND"])
    conference = _team(build, minutes, what="Tổ chức hội nghị sơ kết giữa kỳ")
    assert [i.state for i in due_items(conference, as_of=dt.date(2024, 1, 1)) if i.source_doc] == [DeadlineState.DONE]


def test_an_answer_always_meets_it_and_a_deadline_with_no_words_wants_an_answer(build):
    note = build.doc("9/UBND-VX", "Công văn", "2023-12-01", responds_to=["792/QĐ-UBND"])
    reg = _team(build, note, what="gửi danh sách hộ")
    assert [i.state for i in due_items(reg, as_of=dt.date(2024, 1, 1)) if i.source_doc] == [DeadlineState.DONE]
    implementing = build.doc("9/UBND-VX", "Công văn", "2023-12-01", implements=["792/QĐ-UBND"])
    reg = _team(build, implementing, what="gửi danh sách hộ")
    assert [i.state for i in due_items(reg, as_of=dt.date(2024, 1, 1)) if i.source_doc] == [DeadlineState.OVERDUE]


def test_due_and_check_agree(build):
    urging = build.doc("3100/UBND-VX", "Công văn", "2023-10-14", implements=["792/QĐ-UBND"])
    reg = _team(build, urging)
    analysis = analyse(reg, as_of=dt.date(2024, 1, 1))
    overdue_docs = {f.document for f in analysis.check(select=["overdue"]).findings if f.document}
    open_docs = {i.source_doc for i in analysis.due if i.state is DeadlineState.OVERDUE and i.source_doc}
    assert overdue_docs == open_docs == {"ubnd-huyen/2023/792-qd-ubnd"}


def test_a_successor_can_meet_what_a_ceased_body_owed(build):
    plan = build.doc("41/KH-UBND", "Kế hoạch", "2025-05-20", issuer="ubnd-xa-an",
                     deadlines=[{"due": "2025-08-15", "what": "báo cáo kết quả", "kind": "Báo cáo"}])
    answer = build.doc("35/BC-UBND", "Báo cáo", "2025-08-10", issuer="ubnd-xa-moi", responds_to=["41/KH-UBND"])
    reg = build.load([plan, answer], issuers=REFORM, locality=COMMUNE)
    [item] = [i for i in due_items(reg, as_of=LATE_2026) if i.source_doc]
    assert item.state is DeadlineState.DONE and item.fulfilled_by == "ubnd-xa-moi/2025/35-bc-ubnd"
    unanswered = build.load([plan], issuers=REFORM, locality=COMMUNE)
    [finding] = [f for f in run_check(unanswered, as_of=LATE_2026).findings if f.document]
    assert finding.code == "VB404" and "UBND xã Vạn Tường" in finding.hint("vi")


def test_a_deadline_due_before_its_body_existed_is_owed_by_nobody_here(build):
    reg = build.load([build.doc("5/KH-UBND", "Kế hoạch", "2025-03-01", issuer="ubnd-tinh",
                                deadlines=[{"due": "2025-05-01", "what": "báo cáo", "by": "ubnd-xa-moi"}])],
                     issuers=REFORM, locality=COMMUNE)
    assert [i for i in due_items(reg, as_of=LATE_2026) if i.source_doc] == []


# --- requirements (VB204) -------------------------------------------------------------------------------
def test_a_plan_for_every_commune_after_the_reform_asks_only_the_communes_that_exist(build):
    plan = build.doc("215/KH-UBND", "Kế hoạch", "2025-08-12", issuer="ubnd-tinh-moi",
                     requires=[{"from": "communes", "kind": "Kế hoạch", "within": 20}])
    reg = build.load([plan], issuers=REFORM, locality=PROVINCE)
    [finding] = run_check(reg, as_of=LATE_2026, select=["unimplemented"]).findings
    assert finding.data["missing"] == ["ubnd-xa-moi"]


def test_communes_of_a_named_province(build):
    plan = build.doc("215/KH-UBND", "Kế hoạch", "2025-08-12", issuer="ubnd-tinh-moi",
                     requires=[{"from": "các xã của ubnd-tinh-moi", "kind": "Kế hoạch", "within": 20}])
    reg = build.load([plan], issuers=REFORM, locality=PROVINCE)
    assert reg.by_id["ubnd-tinh-moi/2025/215-kh-ubnd"].requires[0].issuers == ("ubnd-xa-moi",)
    # a province's communes include those of its former districts, through the parent chain
    old = build.load([build.doc("20/KH-UBND", "Kế hoạch", "2024-03-01", issuer="ubnd-tinh",
                                requires=[{"from": "communes of ubnd-tinh"}])])
    assert set(old.by_id["ubnd-tinh/2024/20-kh-ubnd"].requires[0].issuers) == {"ubnd-xa-an", "ubnd-xa-chau"}


def test_a_commune_that_ceased_in_the_window_is_answered_by_its_successor(build):
    plan = build.doc("20/KH-UBND", "Kế hoạch", "2025-06-10", requires=[{"from": "communes", "within": 60}])
    by_successor = build.doc("3/KH-UBND", "Kế hoạch", "2025-07-20", issuer="ubnd-xa-moi", implements=["20/KH-UBND"])
    reg = build.load([plan, by_successor], issuers=REFORM)
    assert run_check(reg, as_of=LATE_2026, select=["unimplemented"]).findings == ()
    unanswered = build.load([plan], issuers=REFORM)
    [finding] = run_check(unanswered, as_of=LATE_2026, select=["unimplemented"]).findings
    assert sorted(finding.data["missing"]) == ["ubnd-xa-an", "ubnd-xa-chau"]
    assert "UBND xã Bình An → UBND xã Vạn Tường" in finding.text("vi")


def test_no_default_requirement_before_the_locality_existed_nor_at_its_own_level(build):
    old_plan = build.doc("5/KH-UBND", "Kế hoạch", "2024-03-01", issuer="ubnd-tinh")
    reg = build.load([old_plan], issuers=REFORM, locality=COMMUNE)
    assert run_check(reg, as_of=LATE_2026, select=["unimplemented"]).findings == ()
    # the province's own plan is not "to be implemented by the locality" when the locality is the province
    own = build.doc("6/KH-UBND", "Kế hoạch", "2025-09-01", issuer="ubnd-tinh-moi")
    reg = build.load([own], issuers=REFORM, locality=PROVINCE)
    assert run_check(reg, as_of=LATE_2026, select=["unimplemented"]).findings == ()
    # and the commune created in 2025 does owe the new province's plan
    new_plan = build.doc("7/KH-UBND", "Kế hoạch", "2025-09-01", issuer="ubnd-tinh-moi")
    reg = build.load([new_plan], issuers=REFORM, locality=COMMUNE)
    [finding] = run_check(reg, as_of=LATE_2026, select=["unimplemented"]).findings
    assert finding.data["missing"] == ["ubnd-xa-moi"]


# --- issuers as they sign ---------------------------------------------------------------------------------
def test_a_ministry_signs_with_two_abbreviations(build):
    ministry = {"bo-ldtbxh": {"name": "Bộ Lao động - Thương binh và Xã hội", "abbr": ["LĐTBXH", "BLĐTBXH"],
                              "level": "trung ương", "valid_until": "2025-02-28"}}
    docs = [build.doc("650/QĐ-LĐTBXH", "Quyết định", "2024-05-20", issuer="bo-ldtbxh"),
            build.doc("10/2022/TT-BLĐTBXH", "Thông tư", "2022-05-31", issuer="bo-ldtbxh")]
    reg = build.load(docs, issuers=ministry)
    assert run_check(reg, as_of=LATE_2026, select=["unknown-abbreviation"]).findings == ()
    assert reg.issuers["bo-ldtbxh"].abbr == "LĐTBXH"


def test_a_renamed_body_keeps_the_name_it_signed_under(build):
    renamed = {"ubnd-tinh": {"name": "Ủy ban nhân dân thành phố Huế", "short": "UBND thành phố Huế",
                             "former_names": [{"name": "Ủy ban nhân dân tỉnh Thừa Thiên Huế",
                                               "short": "UBND tỉnh Thừa Thiên Huế", "until": "2024-12-31"}]}}
    reg = build.load([build.doc("5/KH-UBND", "Kế hoạch", "2024-03-01", issuer="ubnd-tinh"),
                      build.doc("9/KH-UBND", "Kế hoạch", "2025-03-01", issuer="ubnd-tinh")], issuers=renamed)
    old, new = reg.by_id["ubnd-tinh/2024/5-kh-ubnd"], reg.by_id["ubnd-tinh/2025/9-kh-ubnd"]
    assert "UBND tỉnh Thừa Thiên Huế" in reg.citation(old).format()
    assert "UBND thành phố Huế" in reg.citation(new).format()
    assert reg.find_issuer("UBND tỉnh Thừa Thiên Huế").key == "ubnd-tinh"


# --- programs as versioned data -------------------------------------------------------------------------
def test_documents_belong_to_the_program_of_their_date(build):
    reg = build.load([build.doc("5/KH-UBND", "Kế hoạch", "2025-03-01"), build.doc("6/KH-UBND", "Kế hoạch", "2026-03-01")],
                     locality={"programs": [PROGRAM, NEW_PROGRAM]})
    assert reg.by_id["ubnd-huyen/2025/5-kh-ubnd"].program == PROGRAM
    assert reg.by_id["ubnd-huyen/2026/6-kh-ubnd"].program == NEW_PROGRAM


def test_the_2026_program_is_known_without_invented_parts():
    reg = load_registry(ROOT / "examples" / "xa-van-tuong" / "vanban.yaml")
    program = reg.programs[NEW_PROGRAM]
    assert (program.period_start, program.period_end) == (2026, 2035)
    assert [p.code for p in program.projects] == ["HP1", "HP2"]
    assert all(not p.subprojects for p in program.projects)  # sub-components not found: none invented
    assert [(p.start, p.end) for p in program.phases] == [(2026, 2030), (2031, 2035)]
    assert {r.symbol for r in program.legal_basis} >= {"257/2025/QH15", "417/QĐ-BNNMT"}
    assert program.recurring == ()
    assert program.match_units("thực hiện Hợp phần 1 năm 2026") == ["HP1"]


PROGRAM_FILE = """\
code: chuong-trinh-tinh
name: "Chương trình của tỉnh (thử)"
short_name: "CT tỉnh"
period_start: 2026
period_end: 2030
unit_words: {project: "hợp phần", subproject: "nội dung"}
legal_basis: []
projects:
  - code: HP1
    name: "Hợp phần 1: Nông thôn mới"
    scope: nationwide
    verified: U
    source: "kế hoạch của tỉnh"
    aliases: ["nông thôn mới"]
    subprojects:
      - code: HP1-ND1
        name: "Nội dung 1: Hạ tầng"
        short_name: "Hạ tầng"
        scope: nationwide
        verified: U
        source: "kế hoạch của tỉnh"
        aliases: ["hạ tầng thiết yếu"]
recurring: []
"""


def test_a_locality_declares_its_own_program_file(build, tmp_path: Path):
    (tmp_path / "programs").mkdir()
    (tmp_path / "programs" / "tinh.yaml").write_text(PROGRAM_FILE, encoding="utf-8")
    reg = build.load([build.doc("6/KH-UBND", "Kế hoạch", "2026-03-01", title="đầu tư hạ tầng thiết yếu năm 2026",
                                subprojects=["HP1-ND1"])],
                     locality={"programs": ["programs/tinh.yaml"]})
    assert list(reg.programs) == ["chuong-trinh-tinh"]
    assert reg.by_id["ubnd-huyen/2026/6-kh-ubnd"].subprojects == ("HP1-ND1",)


def test_a_broken_program_file_is_placed_in_that_file(build, tmp_path: Path):
    (tmp_path / "tinh.yaml").write_text(PROGRAM_FILE.replace("scope: nationwide\n    verified", "scope: everywhere\n    verified"),
                                        encoding="utf-8")
    path = build.write([], locality={"programs": ["tinh.yaml"]})
    result = _run("validate", "--registry", str(path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert f"{tmp_path / 'tinh.yaml'}:11:12" in result.output  # file:line:column of the bad scope
    missing = build.write([], locality={"programs": ["khong-co.yaml"]})
    result = _run("--lang", "en", "validate", "--registry", str(missing))
    assert result.exit_code == 2 and "cannot read the program file 'khong-co.yaml'" in result.output


# --- the worked examples (docs/registry.md) -----------------------------------------------------------------
def test_worked_example_a_commune_in_2026():
    result = _run("check", "--registry", str(ROOT / "examples" / "xa-van-tuong" / "vanban.yaml"),
                  "--as-of", "2026-12-01", "--format", "json")
    assert result.exit_code == 1  # errors: the typo and the overdue report
    import json

    data = json.loads(result.stdout)
    codes = sorted(f["code"] for f in data["findings"])
    # its real findings: a typo, an overdue report it owes, a deadline still open (and one answered late)
    assert codes == ["VB101", "VB401", "VB402", "VB403"]
    dues = [f["data"]["due"] for f in data["findings"] if f["code"].startswith("VB4")]
    assert min(dues) >= "2025-07-01"  # nothing about a time before the commune existed
    assert any("01/07/2025" in note for note in data["notes"])


def test_worked_example_a_province_formed_in_2025():
    result = _run("check", "--registry", str(ROOT / "examples" / "tinh-quang-ngai" / "vanban.yaml"),
                  "--as-of", "2025-11-30", "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    findings = json.loads(result.stdout)["findings"]
    # two communes have not answered, one answered late; the province's own reports coming due
    assert {f["code"] for f in findings} == {"VB204", "VB402"}
    assert {f["severity"] for f in findings} == {"warning", "info"}  # nothing an error
    assert [f["data"]["issuer"] for f in findings if f["severity"] == "info"] == ["ubnd-xa-dong-son"]
    [late] = [f for f in findings if f["code"] == "VB204" and f["severity"] == "warning"]
    assert sorted(late["data"]["missing"]) == ["ubnd-xa-binh-chuong", "ubnd-xa-binh-minh"]
    coverage = json.loads(_run("coverage", "--registry", str(ROOT / "examples" / "tinh-quang-ngai" / "vanban.yaml"),
                               "--as-of", "2025-11-30", "--format", "json").stdout)
    assert not [c for m in coverage for c in m["cells"] if c["state"] == "gap"]


# --- the bundled registry, then and now ---------------------------------------------------------------------
def test_binh_son_in_2026_hands_its_open_follow_ups_to_the_five_communes():
    reg = load_registry(ROOT / "data" / "registry.yaml")
    report = analyse(reg, as_of=LATE_2026).check()
    ceased = [f for f in report.findings if f.code == "VB404"]
    assert ceased and all(f.data["due"] > "2025-06-30" for f in ceased)
    assert all(len(f.data["successors"]) == 5 for f in ceased)
    notes = [n.render("en") for n in report.notes]
    assert any("ceased after 30/06/2025" in n and "UBND xã Vạn Tường" in n for n in notes)
    assert any("ended on 31/12/2025" in n for n in notes)


def test_binh_son_in_2023_is_unchanged_by_the_reform_data():
    reg = load_registry(ROOT / "data" / "registry.yaml")
    report = analyse(reg, as_of=dt.date(2023, 11, 17)).check()
    assert report.notes == ()
    assert "VB404" not in _codes(report)
    summary = report.summary()
    assert (summary["error"], summary["warning"], summary["info"]) == (5, 14, 1)


# --- init and finding the registry ------------------------------------------------------------------------
def test_init_writes_a_registry_that_validates_and_checks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VANBAN_REGISTRY", raising=False)
    result = _run("init", "Vạn Tường", "--level", "xã", "--province", "Quảng Ngãi")
    assert result.exit_code == 0, result.output
    text = (tmp_path / "vanban.yaml").read_text(encoding="utf-8")
    assert "ubnd-xa-van-tuong:" in text and "valid_from: 2025-07-01" in text and "# " in text
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "sub" / "deeper")  # found upward, like git
    assert _run("validate").exit_code == 0
    check = _run("--lang", "en", "check", "--as-of", "2026-12-01")
    assert check.exit_code == 1 and "was created on 01/07/2025" in check.output
    assert "14/12/2021" not in check.output  # nothing before the commune existed
    again = _run("init", "Vạn Tường", "--level", "xã", "--province", "Quảng Ngãi", "-o", str(tmp_path / "vanban.yaml"))
    assert again.exit_code == 2 and "--force" in again.output


def test_init_fills_a_provinces_communes_from_the_official_list(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import json
    import sys
    import types

    from vanban.registry import places

    data = [{"name": "Quảng Ngãi", "code": 51, "division_type": "tỉnh", "wards": [
        {"name": "Xã Bình Thanh", "code": 21001, "division_type": "xã"},
        {"name": "Xã Bình Thạnh", "code": 21002, "division_type": "xã"},
        {"name": "Đặc khu Lý Sơn", "code": 21003, "division_type": "đặc khu"}]}]
    (tmp_path / "nested.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    fake = types.ModuleType("vietnam_provinces")
    fake.NESTED_DIVISIONS_JSON_PATH = tmp_path / "nested.json"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "vietnam_provinces", fake)
    places._divisions.cache_clear()
    try:
        out = tmp_path / "tinh.yaml"
        result = _run("init", "Quảng Ngãi", "--level", "tỉnh", "--communes", "-o", str(out))
        assert result.exit_code == 0, result.output
        reg = load_registry(out)
        # "Bình Thanh" and "Bình Thạnh" share a slug: the statistics code keeps them apart
        assert sorted(i.key for i in reg.communes("ubnd-tinh-quang-ngai")) == [
            "ubnd-dac-khu-ly-son", "ubnd-xa-binh-thanh", "ubnd-xa-binh-thanh-21002"]
        assert reg.issuers["ubnd-dac-khu-ly-son"].name == "Ủy ban nhân dân đặc khu Lý Sơn"
    finally:
        places._divisions.cache_clear()


def test_init_without_the_list_says_how_to_get_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import sys

    from vanban.registry import places

    monkeypatch.setitem(sys.modules, "vietnam_provinces", None)  # an import of it fails
    places._divisions.cache_clear()
    try:
        result = _run("--lang", "en", "init", "Quảng Ngãi", "--level", "tỉnh", "--communes", "-o",
                      str(tmp_path / "t.yaml"))
    finally:
        places._divisions.cache_clear()
    assert result.exit_code == 2 and 'pip install "vanban[places]"' in result.output
    assert not (tmp_path / "t.yaml").exists()


def test_no_registry_anywhere_says_how_to_start(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("VANBAN_REGISTRY", raising=False)
    result = _run("--lang", "en", "check")
    assert result.exit_code == 2 and "vanban init" in result.output and "Traceback" not in result.output
    monkeypatch.setenv("VANBAN_REGISTRY", str(ROOT / "data" / "registry.yaml"))
    assert _run("validate").exit_code == 0
