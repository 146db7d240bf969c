"""`vanban check` on the Bình Sơn registry as of the report date (issue 3, "Done when"), and the CLI."""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.check import RULES, exit_code, run_check
from vanban.cli import main
from vanban.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
AS_OF = _dt.date(2023, 11, 17)

KHH = "ubnd-binh-son/2022/116-khh-ubnd"
CV_1903_VX = "ubnd-binh-son/2023/1903-ubnd-vx"
CV_1903 = "ubnd-binh-son/2023/1903-ubnd"
TEAM_2022 = "ubnd-binh-son/2022/2332-qd-ubnd"
TEAM_2023 = "ubnd-binh-son/2023/792-qd-ubnd"


@pytest.fixture(scope="module")
def report():
    registry = load_registry(REGISTRY, lenient_references=True)
    return run_check(registry, as_of=AS_OF)


def of(report, rule):
    return [f for f in report.findings if f.rule == rule]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def check_cli(*args: str):
    return run("check", "--registry", str(REGISTRY), "--as-of", "2023-11-17", *args)


def both(result) -> str:
    return (result.stdout or "") + (result.stderr or "")


# --- the findings of "Done when" ------------------------------------------------------------


def test_unknown_abbreviation_on_116_khh(report):
    found = [f for f in of(report, "unknown-abbreviation") if f.document == KHH]
    assert len(found) == 1
    assert "KH-UBND" in found[0].hint()
    assert found[0].citation.startswith("Kế hoạch số 116/KHH-UBND")


def test_duplicate_number_on_both_cong_van_1903(report):
    docs = {f.document for f in of(report, "duplicate-number")}
    assert {CV_1903_VX, CV_1903} <= docs


def test_missing_unit_on_1903_ubnd_only(report):
    docs = [f.document for f in of(report, "missing-unit")]
    assert CV_1903 in docs
    assert CV_1903_VX not in docs


def test_coverage_gaps_of_2022_and_2023(report):
    cells = {(f.data["unit"], f.data["year"]) for f in of(report, "coverage-gap")}
    assert {("DA6-TDA1", 2022), ("DA6-TDA1", 2023), ("DA3-TDA1", 2022), ("DA3-TDA2", 2022)} <= cells
    # linked plans close these cells
    assert ("DA3-TDA1", 2023) not in cells  # 111/KH-UBND
    assert ("DA3-TDA2", 2023) not in cells  # 109/KH-UBND
    assert ("DA2", 2022) not in cells and ("DA2", 2023) not in cells  # 149/KH-UBND (2022-2025), 151/KH-UBND
    assert ("DA4-TDA2", 2022) not in cells  # 148/KH-UBND is linked to the whole DA4


def test_no_coverage_gap_for_units_declared_not_applicable(report):
    units = {f.data["unit"] for f in of(report, "coverage-gap")}
    assert "DA5" not in units
    assert "DA1-TDA2" not in units


def test_monitoring_team_follow_ups(report):
    overdue = [f.document for f in of(report, "overdue")]
    due_soon = [f.document for f in of(report, "due-soon")]
    assert TEAM_2022 in overdue
    assert TEAM_2023 in due_soon
    assert TEAM_2023 not in overdue and TEAM_2022 not in due_soon


def test_report_fails_at_error_level(report):
    assert exit_code(report) == 1
    assert exit_code(report, "never") == 0


# --- the CLI --------------------------------------------------------------------------------


def test_cli_exit_codes():
    assert check_cli().exit_code == 1
    assert check_cli("--exit-zero").exit_code == 0
    assert check_cli("--fail-level", "never").exit_code == 0
    assert check_cli("--fail-level", "warning").exit_code == 1
    # unimplemented gives a warning and an info here: nothing at or above error
    assert check_cli("--select", "unimplemented").exit_code == 0
    assert check_cli("--select", "unimplemented", "--fail-level", "warning").exit_code == 1


def test_cli_within_sets_the_due_soon_window():
    def soon(*args):
        return {f["document"] for f in json.loads(check_cli("--select", "due-soon", "--format", "json", *args).stdout)["findings"]}

    assert TEAM_2023 in soon()  # 15/12/2023 is 28 days away
    assert TEAM_2023 not in soon("--within", "10")


def test_every_rule_has_a_section_in_docs_rules():
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    for rule in RULES.values():
        assert f"### {rule.code} {rule.slug}" in text


def test_cli_select_by_code():
    result = check_cli("--select", "VB104", "--format", "json")
    data = json.loads(result.stdout)
    assert result.exit_code == 1
    assert data["findings"]
    assert {f["rule"] for f in data["findings"]} == {"duplicate-number"}
    assert data["summary"]["rules"] == ["duplicate-number"]


def test_cli_json_shape():
    result = check_cli("--select", "missing-unit", "--format", "json")
    data = json.loads(result.stdout)
    assert {"as_of", "period", "findings", "summary"} <= set(data)
    assert data["as_of"] == "2023-11-17"
    assert data["period"] is None
    keys = {"rule", "code", "severity", "document", "citation", "file", "line", "message", "suggestion"}
    assert data["findings"]
    for finding in data["findings"]:
        assert keys <= set(finding)
        assert finding["rule"] == "missing-unit" and finding["code"] == "VB103"
    first = data["findings"][0]
    assert first["document"] == CV_1903
    assert first["citation"].startswith("Công văn số 1903/UBND")
    assert Path(first["file"]).name == "registry.yaml"
    assert isinstance(first["line"], int) and first["line"] > 0
    assert data["summary"]["warning"] == len(data["findings"])


def test_cli_ignore_prefix_removes_coverage_rules():
    full = json.loads(check_cli("--format", "json").stdout)
    assert any(f["code"].startswith("VB3") for f in full["findings"])
    result = check_cli("--ignore", "VB3", "--format", "json")
    data = json.loads(result.stdout)
    assert not any(f["code"].startswith("VB3") for f in data["findings"])
    assert any(f["rule"] == "duplicate-number" for f in data["findings"])


def test_cli_unknown_rule_exits_2():
    result = check_cli("--select", "NOPE")
    assert result.exit_code == 2
    assert "NOPE" in both(result)
    assert check_cli("--ignore", "VB9").exit_code == 2


def test_cli_bad_as_of_exits_2():
    result = run("check", "--registry", str(REGISTRY), "--as-of", "2023-02-30")
    assert result.exit_code == 2
    assert "Traceback" not in both(result)


def test_cli_github_format():
    result = check_cli("--format", "github")
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    annotations = lines[:-1]  # the last line is the summary
    assert annotations
    assert all(re.match(r"::(error|warning|notice) ", line) for line in annotations)
    assert any(line.startswith("::error ") and "VB104" in line for line in annotations)
    assert any(line.startswith("::warning ") and "line=" in line for line in annotations)


def test_cli_markdown_format():
    result = check_cli("--format", "md")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| ") and lines[0].endswith(" |")
    columns = lines[0].count("|")
    assert re.fullmatch(r"\|(---\|)+", lines[1])
    assert lines[1].count("|") == columns
    rows = [line for line in lines[2:] if line.startswith("|")]
    assert rows
    assert any("116/KHH-UBND" in row and "VB101" in row for row in rows)
    assert all(row.count("|") - row.count("\\|") == columns for row in rows)


def test_cli_english():
    vi = json.loads(check_cli("--select", "VB104,VB103", "--format", "json").stdout)
    en = json.loads(check_cli("--select", "VB104,VB103", "--format", "json", "--lang", "en").stdout)
    assert [f["rule"] for f in vi["findings"]] == [f["rule"] for f in en["findings"]]
    for a, b in zip(vi["findings"], en["findings"]):
        assert a["message"] != b["message"]
    text = check_cli("--select", "VB104,VB103", "--lang", "en").stdout
    assert "error" in text and "warning" in text
    assert "lỗi" not in text and "cảnh báo" not in text
    # the group option works too
    text2 = run("--lang", "en", "check", "--registry", str(REGISTRY), "--as-of", "2023-11-17",
                "--select", "VB104,VB103").stdout
    assert text2 == text


def test_cli_broken_registry_exits_2_with_place(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text("vanban: 1\ndocuments:\n  - code: [unclosed\n    date: 2023-01-01\n", encoding="utf-8")
    result = run("check", "--registry", str(path), "--as-of", "2023-11-17")
    out = both(result)
    assert result.exit_code == 2
    assert re.search(re.escape(str(path)) + r":\d+", out)
    assert "Traceback" not in out


def test_cli_dangling_reference_is_a_finding_not_a_load_error(build):
    d = build.doc
    path = build.write([
        d("1086/KH-UBND", "Kế hoạch", "2022-08-15", issuer="ubnd-tinh"),
        d("200/KH-UBND", "Kế hoạch", "2022-09-01", implements=["1086/QĐ-UBND"]),
    ])
    result = run("check", "--registry", str(path), "--as-of", "2023-11-17", "--select", "dangling-reference",
                 "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [f["rule"] for f in data["findings"]] == ["dangling-reference"]
    assert "1086/KH-UBND" in data["findings"][0]["suggestion"]


def test_cli_period_limits_coverage_years():
    result = check_cli("--period", "2023", "--select", "coverage-gap", "--format", "json")
    data = json.loads(result.stdout)
    assert data["period"] == "2023"
    years = {f["data"]["year"] for f in data["findings"]}
    assert years == {2023}
    units = {f["data"]["unit"] for f in data["findings"]}
    assert "DA6-TDA1" in units and "DA3-TDA2" not in units


def test_cli_text_groups_findings_under_the_document():
    text = check_cli().stdout
    lines = text.splitlines()
    headers = [i for i, line in enumerate(lines) if line.endswith(f"[{CV_1903}]")]
    assert len(headers) == 1
    header = lines[headers[0]]
    assert "Công văn số 1903/UBND ngày 23/06/2023" in header
    assert re.match(r"\S+registry\.yaml:\d+\s", header)
    block = []
    for line in lines[headers[0] + 1:]:
        if not line.strip():
            break
        block.append(line)
    assert all(line.startswith("  ") for line in block)
    assert any("VB104 duplicate-number" in line for line in block)
    assert any("VB103 missing-unit" in line for line in block)
    # the 1903/UBND-VX duplicate has its own group
    assert sum(1 for line in lines if line.endswith(f"[{CV_1903_VX}]")) == 1
    assert "17/11/2023" in lines[-1]
