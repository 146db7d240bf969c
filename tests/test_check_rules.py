"""Every `vanban check` rule, shown firing on a small registry and not firing once it is corrected."""

from __future__ import annotations

import datetime as _dt

import pytest

from vanban.check import RULES, exit_code, run_check, select_rules
from vanban.check.output import render

AS_OF = _dt.date(2023, 11, 17)

ALL_SLUGS = {
    "unknown-abbreviation": "VB101", "kind-symbol-mismatch": "VB102", "missing-unit": "VB103",
    "duplicate-number": "VB104", "number-sequence": "VB105", "bad-date": "VB106",
    "dangling-reference": "VB201", "cycle": "VB202", "before-parent": "VB203", "unimplemented": "VB204",
    "coverage-gap": "VB301", "unlinked": "VB302",
    "overdue": "VB401", "due-soon": "VB402", "fulfilled-late": "VB403", "ceased-issuer": "VB404",
}


def check(registry, slug, as_of=AS_OF, **kwargs):
    return list(run_check(registry, as_of=as_of, select=[slug], **kwargs).findings)


def ids(findings):
    return [f.document for f in findings]


def test_rule_table_has_every_rule_with_its_code():
    assert {slug: RULES[slug].code for slug in ALL_SLUGS} == ALL_SLUGS
    for slug in ALL_SLUGS:
        # selecting by code and by slug are the same
        assert {r.slug for r in select_rules([ALL_SLUGS[slug]])} == {slug}


# --- VB101 unknown-abbreviation -------------------------------------------------------------


def test_unknown_abbreviation_fires_with_nearest_kind(build):
    d = build.doc
    reg = build.load([d("116/KHH-UBND", "Kế hoạch", "2022-09-07")])
    found = check(reg, "unknown-abbreviation")
    assert len(found) == 1
    f = found[0]
    assert f.rule == "unknown-abbreviation" and f.code == "VB101"
    assert f.document == "ubnd-huyen/2022/116-khh-ubnd"
    assert "KH-UBND" in f.hint() and "KHH" not in f.hint()
    assert f.data["part"] == "KHH"


def test_unknown_abbreviation_quiet_on_corrected_symbol(build):
    d = build.doc
    reg = build.load([d("116/KH-UBND", "Kế hoạch", "2022-09-07"), d("2990/UBND-VX", "Công văn", "2022-10-05")])
    assert check(reg, "unknown-abbreviation") == []


def test_unknown_abbreviation_on_a_unit_suggests_a_known_unit(build):
    d = build.doc
    reg = build.load([d("2990/UBND-VXX", "Công văn", "2022-10-05")])
    found = check(reg, "unknown-abbreviation")
    assert len(found) == 1
    assert found[0].data["part"] == "VXX"
    assert "VX" in found[0].hint()


# --- VB102 kind-symbol-mismatch -------------------------------------------------------------


def test_kind_symbol_mismatch_ke_hoach_numbered_qd(build):
    d = build.doc
    reg = build.load([d("5/QĐ-UBND", "Kế hoạch", "2023-03-01")])
    found = check(reg, "kind-symbol-mismatch")
    assert ids(found) == ["ubnd-huyen/2023/5-qd-ubnd"]
    assert found[0].code == "VB102"


def test_kind_symbol_mismatch_cong_van_with_type_code(build):
    d = build.doc
    reg = build.load([d("7/QĐ-UBND", "Công văn", "2023-03-01")])
    found = check(reg, "kind-symbol-mismatch")
    assert ids(found) == ["ubnd-huyen/2023/7-qd-ubnd"]


def test_kind_symbol_mismatch_quiet_when_kind_and_symbol_agree(build):
    d = build.doc
    reg = build.load([
        d("5/KH-UBND", "Kế hoạch", "2023-03-01"),
        d("6/QĐ-UBND", "Quyết định", "2023-03-01"),
        d("7/UBND-VX", "Công văn", "2023-03-01"),
        d("8-QĐ/HU", "Quyết định", "2023-03-01", issuer="huyen-uy"),
    ])
    assert check(reg, "kind-symbol-mismatch") == []


def test_kind_symbol_mismatch_party_symbol(build):
    d = build.doc
    reg = build.load([d("5-QĐ/HU", "Kế hoạch", "2023-03-01", issuer="huyen-uy")])
    found = check(reg, "kind-symbol-mismatch")
    assert ids(found) == ["huyen-uy/2023/5-qd-hu"]
    assert "KH/HU" in found[0].hint()


# --- VB103 missing-unit ---------------------------------------------------------------------


def test_missing_unit_fires_for_issuer_with_units(build):
    d = build.doc
    reg = build.load([d("1903/UBND", "Công văn", "2023-06-23")])
    found = check(reg, "missing-unit")
    assert ids(found) == ["ubnd-huyen/2023/1903-ubnd"]
    assert found[0].code == "VB103" and found[0].severity.value == "warning"
    assert "1903/UBND-VX" in found[0].hint() and "1903/UBND-TC" in found[0].hint()


def test_missing_unit_quiet_with_unit_or_for_issuer_without_units(build):
    d = build.doc
    reg = build.load([
        d("1903/UBND-VX", "Công văn", "2023-06-23"),
        d("1904/UBND", "Công văn", "2023-06-23", issuer="ubnd-tinh"),  # the province declares no units
    ])
    assert check(reg, "missing-unit") == []


# --- VB104 duplicate-number -----------------------------------------------------------------


def test_duplicate_number_two_cong_van_same_year(build):
    d = build.doc
    reg = build.load([d("1903/UBND-VX", "Công văn", "2023-06-13"), d("1903/UBND", "Công văn", "2023-06-23")])
    found = check(reg, "duplicate-number")
    assert sorted(ids(found)) == ["ubnd-huyen/2023/1903-ubnd", "ubnd-huyen/2023/1903-ubnd-vx"]
    assert all(f.code == "VB104" and f.severity.value == "error" for f in found)
    by_doc = {f.document: f for f in found}
    assert by_doc["ubnd-huyen/2023/1903-ubnd"].data["others"] == ["ubnd-huyen/2023/1903-ubnd-vx"]


def test_duplicate_number_per_kind_series_by_default(build):
    d = build.doc
    docs = [d("60/QĐ-UBND", "Quyết định", "2023-03-01"), d("60/KH-UBND", "Kế hoạch", "2023-04-01")]
    assert check(build.load(docs), "duplicate-number") == []


def test_duplicate_number_one_series_with_numbering_chung(build):
    d = build.doc
    docs = [d("60/QĐ-UBND", "Quyết định", "2023-03-01"), d("60/KH-UBND", "Kế hoạch", "2023-04-01")]
    reg = build.load(docs, issuers={"ubnd-huyen": {"numbering": "chung"}})
    found = check(reg, "duplicate-number")
    assert sorted(ids(found)) == ["ubnd-huyen/2023/60-kh-ubnd", "ubnd-huyen/2023/60-qd-ubnd"]


def test_duplicate_number_restarts_each_calendar_year(build):
    d = build.doc
    reg = build.load([d("50/UBND-VX", "Công văn", "2022-06-13"), d("50/UBND-TC", "Công văn", "2023-06-23")])
    assert check(reg, "duplicate-number") == []


def test_duplicate_number_party_series_is_per_term_not_per_year(build):
    d = build.doc
    reg = build.load(
        [d("10-QĐ/HU", "Quyết định", "2021-03-01", issuer="huyen-uy"),
         d("10-QĐ/HU", "Quyết định", "2023-05-01", issuer="huyen-uy")],
        issuers={"huyen-uy": {"terms": ["2020-10-01..2025-06-30"]}},
    )
    found = check(reg, "duplicate-number")
    assert sorted(ids(found)) == ["huyen-uy/2021/10-qd-hu", "huyen-uy/2023/10-qd-hu"]


def test_duplicate_number_party_numbers_restart_with_a_new_term(build):
    d = build.doc
    reg = build.load(
        [d("10-QĐ/HU", "Quyết định", "2019-03-01", issuer="huyen-uy"),
         d("10-QĐ/HU", "Quyết định", "2021-05-01", issuer="huyen-uy"),
         d("11-QĐ/HU", "Quyết định", "2021-06-01", issuer="huyen-uy"),
         d("11-CT/HU", "Chỉ thị", "2021-06-02", issuer="huyen-uy")],  # Party series are per kind too
        issuers={"huyen-uy": {"terms": ["2015-10-01..2020-09-30", "2020-10-01..2025-06-30"]}},
    )
    assert check(reg, "duplicate-number") == []


# --- VB105 number-sequence ------------------------------------------------------------------


def _sequence(build, date_of_12):
    d = build.doc
    return build.load([
        d("10/QĐ-UBND", "Quyết định", "2023-03-01"),
        d("11/QĐ-UBND", "Quyết định", "2023-03-05"),
        d("12/QĐ-UBND", "Quyết định", date_of_12),
        d("13/QĐ-UBND", "Quyết định", "2023-03-10"),
    ])


def test_number_sequence_flags_only_the_out_of_order_number(build):
    found = check(_sequence(build, "2023-02-01"), "number-sequence")
    assert ids(found) == ["ubnd-huyen/2023/12-qd-ubnd"]
    assert found[0].code == "VB105"


def test_number_sequence_quiet_when_in_order(build):
    assert check(_sequence(build, "2023-03-07"), "number-sequence") == []


# --- VB106 bad-date -------------------------------------------------------------------------


def test_bad_date_in_the_future_of_as_of(build):
    d = build.doc
    reg = build.load([d("5/KH-UBND", "Kế hoạch", "2023-12-01")])
    assert ids(check(reg, "bad-date")) == ["ubnd-huyen/2023/5-kh-ubnd"]
    assert check(reg, "bad-date", as_of=_dt.date(2023, 12, 1)) == []


def test_bad_date_after_issuer_ceased(build):
    d = build.doc
    issuers = {"ubnd-huyen": {"valid_until": "2025-06-30"}}
    reg = build.load([d("5/KH-UBND", "Kế hoạch", "2025-08-01")], issuers=issuers)
    assert ids(check(reg, "bad-date", as_of=_dt.date(2025, 9, 1))) == ["ubnd-huyen/2025/5-kh-ubnd"]
    ok = build.load([d("5/KH-UBND", "Kế hoạch", "2025-06-30")], issuers=issuers)
    assert check(ok, "bad-date", as_of=_dt.date(2025, 9, 1)) == []


def test_bad_date_before_issuer_existed(build):
    d = build.doc
    issuers = {"ubnd-xa-moi": {"name": "Ủy ban nhân dân xã Vạn Tường", "abbr": "UBND", "level": "xã",
                               "valid_from": "2025-07-01"}}
    reg = build.load([d("3/KH-UBND", "Kế hoạch", "2025-06-01", issuer="ubnd-xa-moi")], issuers=issuers)
    assert ids(check(reg, "bad-date", as_of=_dt.date(2025, 9, 1))) == ["ubnd-xa-moi/2025/3-kh-ubnd"]
    ok = build.load([d("3/KH-UBND", "Kế hoạch", "2025-07-02", issuer="ubnd-xa-moi")], issuers=issuers)
    assert check(ok, "bad-date", as_of=_dt.date(2025, 9, 1)) == []


# --- VB201 dangling-reference ---------------------------------------------------------------


def test_dangling_reference_suggests_nearest_same_number(build):
    d = build.doc
    reg = build.load([
        d("1086/KH-UBND", "Kế hoạch", "2022-08-15", issuer="ubnd-tinh"),
        d("200/KH-UBND", "Kế hoạch", "2022-09-01", implements=["1086/QĐ-UBND"]),
    ])
    found = check(reg, "dangling-reference")
    assert len(found) == 1
    f = found[0]
    assert f.code == "VB201" and f.document == "ubnd-huyen/2022/200-kh-ubnd"
    assert f.data["nearest"] == "1086/KH-UBND"
    assert "1086/KH-UBND" in f.hint()
    assert f.line is not None and f.line > 0


def test_dangling_reference_quiet_when_reference_resolves(build):
    d = build.doc
    reg = build.load([
        d("1086/KH-UBND", "Kế hoạch", "2022-08-15", issuer="ubnd-tinh"),
        d("200/KH-UBND", "Kế hoạch", "2022-09-01", implements=["1086/KH-UBND"]),
    ])
    assert check(reg, "dangling-reference") == []
    assert reg.dangling == ()


def test_dangling_reference_ambiguous_lists_candidates(build):
    d = build.doc
    reg = build.load([
        d("5/KH-UBND", "Kế hoạch", "2023-01-01", issuer="ubnd-xa-an"),
        d("5/KH-UBND", "Kế hoạch", "2023-01-01", issuer="ubnd-xa-chau"),
        d("6/KH-UBND", "Kế hoạch", "2023-02-01", implements=["5/KH-UBND"]),
    ])
    found = check(reg, "dangling-reference")
    assert ids(found) == ["ubnd-huyen/2023/6-kh-ubnd"]
    assert "ubnd-xa-an/2023/5-kh-ubnd" in found[0].text() and "ubnd-xa-chau/2023/5-kh-ubnd" in found[0].text()


# --- VB202 cycle ----------------------------------------------------------------------------


def test_cycle_reported_once(build):
    d = build.doc
    reg = build.load([
        d("20/KH-UBND", "Kế hoạch", "2023-03-01", implements=["21/QĐ-UBND"]),
        d("21/QĐ-UBND", "Quyết định", "2023-03-02", implements=["20/KH-UBND"]),
    ])
    found = check(reg, "cycle")
    assert len(found) == 1
    assert found[0].code == "VB202"
    assert sorted(found[0].data["members"]) == ["ubnd-huyen/2023/20-kh-ubnd", "ubnd-huyen/2023/21-qd-ubnd"]


def test_cycle_of_three_reported_once_and_self_reference(build):
    d = build.doc
    reg = build.load([
        d("1/KH-UBND", "Kế hoạch", "2023-01-01", implements=["2/KH-UBND"]),
        d("2/KH-UBND", "Kế hoạch", "2023-01-02", implements=["3/KH-UBND"]),
        d("3/KH-UBND", "Kế hoạch", "2023-01-03", implements=["1/KH-UBND"]),
        d("9/QĐ-UBND", "Quyết định", "2023-01-09", based_on=["9/QĐ-UBND"]),
    ])
    found = check(reg, "cycle")
    assert len(found) == 2
    assert sorted(len(f.data["members"]) for f in found) == [1, 3]


def test_cycle_quiet_on_a_chain(build):
    d = build.doc
    reg = build.load([
        d("20/KH-UBND", "Kế hoạch", "2023-03-05", implements=["21/QĐ-UBND"]),
        d("21/QĐ-UBND", "Quyết định", "2023-03-02"),
    ])
    assert check(reg, "cycle") == []


# --- VB203 before-parent --------------------------------------------------------------------


def test_before_parent_fires_on_child_older_than_parent(build):
    d = build.doc
    reg = build.load([
        d("20/KH-UBND", "Kế hoạch", "2023-01-10", implements=["21/QĐ-UBND"]),
        d("21/QĐ-UBND", "Quyết định", "2023-02-01"),
    ])
    found = check(reg, "before-parent")
    assert ids(found) == ["ubnd-huyen/2023/20-kh-ubnd"]


def test_before_parent_on_based_on(build):
    d = build.doc
    reg = build.load([
        d("20/KH-UBND", "Kế hoạch", "2023-01-10", based_on=["21/QĐ-UBND"]),
        d("21/QĐ-UBND", "Quyết định", "2023-02-01"),
    ])
    assert ids(check(reg, "before-parent")) == ["ubnd-huyen/2023/20-kh-ubnd"]


def test_before_parent_quiet_when_child_is_later(build):
    d = build.doc
    reg = build.load([
        d("20/KH-UBND", "Kế hoạch", "2023-02-10", implements=["21/QĐ-UBND"]),
        d("21/QĐ-UBND", "Quyết định", "2023-02-01"),
    ])
    assert check(reg, "before-parent") == []


# --- VB204 unimplemented --------------------------------------------------------------------

REQUIRES = [{"from": "communes", "kind": "Kế hoạch", "within": 30}]


def _directive(build, *commune_plans, **kwargs):
    d = build.doc
    docs = [d("36/KH-UBND", "Kế hoạch", "2023-02-20", requires=REQUIRES)]
    for n, (issuer, date) in enumerate(commune_plans, start=1):
        docs.append(d(f"{n}/KH-UBND", "Kế hoạch", date, issuer=issuer, implements=["ubnd-huyen/2023/36-kh-ubnd"]))
    return build.load(docs, **kwargs)


def _unimplemented(findings):
    return [f for f in findings if f.severity.value != "info"]


def test_unimplemented_lists_the_missing_commune(build):
    reg = _directive(build, ("ubnd-xa-an", "2023-03-01"))
    found = _unimplemented(check(reg, "unimplemented"))
    assert len(found) == 1
    assert found[0].document == "ubnd-huyen/2023/36-kh-ubnd"
    assert found[0].data["missing"] == ["ubnd-xa-chau"]
    assert "Bình Châu" in found[0].text()


def test_unimplemented_lists_every_missing_commune(build):
    found = _unimplemented(check(_directive(build), "unimplemented"))
    assert len(found) == 1
    assert sorted(found[0].data["missing"]) == ["ubnd-xa-an", "ubnd-xa-chau"]


def test_unimplemented_quiet_when_each_commune_implemented_in_time(build):
    reg = _directive(build, ("ubnd-xa-an", "2023-03-01"), ("ubnd-xa-chau", "2023-03-20"))
    assert check(reg, "unimplemented") == []


def test_unimplemented_quiet_while_the_window_is_open(build):
    reg = _directive(build)
    assert check(reg, "unimplemented", as_of=_dt.date(2023, 3, 10)) == []


def test_unimplemented_wrong_kind_does_not_count(build):
    d = build.doc
    reg = build.load([
        d("36/KH-UBND", "Kế hoạch", "2023-02-20", requires=REQUIRES),
        d("1/UBND", "Công văn", "2023-03-01", issuer="ubnd-xa-an", implements=["ubnd-huyen/2023/36-kh-ubnd"]),
        d("2/KH-UBND", "Kế hoạch", "2023-03-01", issuer="ubnd-xa-chau", implements=["ubnd-huyen/2023/36-kh-ubnd"]),
    ])
    found = _unimplemented(check(reg, "unimplemented"))
    assert [f.data["missing"] for f in found] == [["ubnd-xa-an"]]


def test_unimplemented_late_implementation_is_not_missing(build):
    reg = _directive(build, ("ubnd-xa-an", "2023-03-01"), ("ubnd-xa-chau", "2023-05-01"))
    found = check(reg, "unimplemented")
    assert _unimplemented(found) == []
    assert [f.severity.value for f in found] == ["info"]
    assert found[0].data["issuer"] == "ubnd-xa-chau"


def test_unimplemented_default_requirement_for_a_province_plan(build):
    d = build.doc
    province_plan = d("7/KH-UBND", "Kế hoạch", "2023-01-01", issuer="ubnd-tinh")
    found = _unimplemented(check(build.load([province_plan]), "unimplemented"))
    assert ids(found) == ["ubnd-tinh/2023/7-kh-ubnd"]
    assert found[0].data["missing"] == ["ubnd-huyen"]
    implemented = build.load([province_plan, d("8/KH-UBND", "Kế hoạch", "2023-01-10", implements=["7/KH-UBND"])])
    assert check(implemented, "unimplemented") == []


# --- VB301 coverage-gap ---------------------------------------------------------------------


def gaps(findings):
    return {(f.data["unit"], f.data["year"]) for f in findings}


def test_coverage_gap_fires_for_a_subproject_year_without_plan(build):
    d = build.doc
    reg = build.load([d("151/KH-UBND", "Kế hoạch", "2022-11-25", period="2022", subprojects=["DA3-TDA2"])])
    found = check(reg, "coverage-gap")
    assert all(f.code == "VB301" and f.document is None for f in found)
    cells = gaps(found)
    assert ("DA3-TDA1", 2022) in cells
    assert ("DA3-TDA2", 2023) in cells
    assert ("DA3-TDA2", 2022) not in cells


def test_coverage_gap_silenced_by_not_applicable(build):
    reg = build.load([], locality={"not_applicable": [
        {"unit": "DA5", "reason": "chỉ cho huyện nghèo", "source": "QĐ 90/QĐ-TTg"},
        {"unit": "DA1", "reason": "không có xã bãi ngang"},
    ]})
    cells = gaps(check(reg, "coverage-gap"))
    assert ("DA2", 2022) in cells  # the registry has no plan at all
    assert not any(unit in ("DA5", "DA1-TDA1", "DA1-TDA2") for unit, _ in cells)


def test_coverage_gap_multi_year_plan_counts_for_each_year(build):
    d = build.doc
    reg = build.load([d("149/KH-UBND", "Kế hoạch", "2022-11-11", period="2022-2023", subprojects=["DA2"])])
    cells = gaps(check(reg, "coverage-gap"))
    assert ("DA2", 2022) not in cells and ("DA2", 2023) not in cells
    assert ("DA6-TDA1", 2022) in cells


def test_coverage_gap_project_plan_covers_its_subprojects(build):
    d = build.doc
    reg = build.load([d("148/KH-UBND", "Kế hoạch", "2022-11-11", period="2022", subprojects=["DA4"])])
    cells = gaps(check(reg, "coverage-gap"))
    assert not {("DA4-TDA1", 2022), ("DA4-TDA2", 2022), ("DA4-TDA3", 2022)} & cells
    assert ("DA4-TDA1", 2023) in cells


def test_coverage_gap_non_plan_document_does_not_cover(build):
    d = build.doc
    reg = build.load([d("1370/UBND-VX", "Công văn", "2023-05-04", period="2023", subprojects=["DA6-TDA1"])])
    found = [f for f in check(reg, "coverage-gap") if (f.data["unit"], f.data["year"]) == ("DA6-TDA1", 2023)]
    assert len(found) == 1
    assert "1370/UBND-VX" in found[0].hint()


def test_coverage_gap_not_reported_before_the_years_plan_is_due(build):
    # the catalog's default due date for a year's plan is 31/03
    cells = gaps(check(build.load([]), "coverage-gap", as_of=_dt.date(2023, 2, 1)))
    assert ("DA2", 2022) in cells
    assert not any(year == 2023 for _, year in cells)


def test_coverage_gap_plan_of_another_issuer_does_not_count(build):
    d = build.doc
    reg = build.load([d("5/KH-UBND", "Kế hoạch", "2022-05-01", issuer="ubnd-xa-an", period="2022",
                        subprojects=["DA2"])])
    assert ("DA2", 2022) in gaps(check(reg, "coverage-gap"))


# --- VB302 unlinked -------------------------------------------------------------------------

TITLE_DA6_TDA2 = "thực hiện Tiểu dự án 2 – Dự án 6 thuộc Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2022"


def test_unlinked_title_names_a_subproject(build):
    d = build.doc
    reg = build.load([d("160/KH-UBND", "Kế hoạch", "2022-12-01", title=TITLE_DA6_TDA2)])
    found = check(reg, "unlinked")
    assert ids(found) == ["ubnd-huyen/2022/160-kh-ubnd"]
    assert "DA6-TDA2" in found[0].hint()
    assert found[0].data["missing"] == ["DA6-TDA2"]


def test_unlinked_quiet_when_linked(build):
    d = build.doc
    reg = build.load([
        d("160/KH-UBND", "Kế hoạch", "2022-12-01", title=TITLE_DA6_TDA2, subprojects=["DA6-TDA2"]),
        d("161/KH-UBND", "Kế hoạch", "2022-12-01", title="về đẩy nhanh giảm nghèo trên địa bàn huyện"),
    ])
    assert check(reg, "unlinked") == []


# --- VB401..VB403 deadlines -----------------------------------------------------------------


def _team(build, *, due="2022-12-15", report_date=None, as_kind="Báo cáo", **kwargs):
    d = build.doc
    docs = [d("2332/QĐ-UBND", "Quyết định", "2022-12-02", deadlines=[
        {"due": due, "what": "Đoàn giám sát báo cáo kết quả giám sát năm 2022", "kind": "Báo cáo"}])]
    if report_date:
        docs.append(d("300/BC-UBND", as_kind, report_date, title="kết quả hoạt động của Đoàn",
                      responds_to=["2332/QĐ-UBND"]))
    return build.load(docs, **kwargs)


TEAM = "ubnd-huyen/2022/2332-qd-ubnd"


def _on(findings, doc_id=TEAM):
    return [f for f in findings if f.document == doc_id]


def test_overdue_fires_on_unfulfilled_deadline(build):
    found = _on(check(_team(build), "overdue"))
    assert len(found) == 1
    assert found[0].code == "VB401" and found[0].severity.value == "error"
    assert found[0].data["due"] == "2022-12-15"


def test_overdue_quiet_when_a_report_responds(build):
    reg = _team(build, report_date="2022-12-10")
    assert _on(check(reg, "overdue")) == []
    assert _on(check(reg, "fulfilled-late")) == []


def test_overdue_a_report_of_the_wrong_kind_does_not_fulfil(build):
    reg = _team(build, report_date="2022-12-10", as_kind="Công văn")
    assert len(_on(check(reg, "overdue"))) == 1


def test_overdue_quiet_with_explicit_fulfilled_by(build):
    d = build.doc
    reg = build.load([
        d("2332/QĐ-UBND", "Quyết định", "2022-12-02", deadlines=[
            {"due": "2022-12-15", "what": "báo cáo", "fulfilled_by": ["400/UBND-VX"]}]),
        d("400/UBND-VX", "Công văn", "2022-12-12"),
    ])
    assert _on(check(reg, "overdue")) == []


def test_overdue_not_yet_when_due_is_ahead(build):
    assert _on(check(_team(build), "overdue", as_of=_dt.date(2022, 12, 10))) == []


def test_due_soon_within_the_window(build):
    reg = _team(build, due="2023-12-01")
    found = _on(check(reg, "due-soon"))
    assert len(found) == 1 and found[0].code == "VB402"
    assert _on(check(reg, "overdue")) == []


def test_due_soon_quiet_beyond_within_days_or_when_fulfilled(build):
    far = _team(build, due="2024-02-01")
    assert _on(check(far, "due-soon")) == []
    assert len(_on(check(far, "due-soon", within=90))) == 1
    done = _team(build, due="2023-12-01", report_date="2023-11-10")
    assert _on(check(done, "due-soon")) == []


def test_fulfilled_late_when_report_dated_after_due(build):
    reg = _team(build, report_date="2022-12-20")
    found = _on(check(reg, "fulfilled-late"))
    assert len(found) == 1
    assert found[0].code == "VB403" and found[0].severity.value == "info"
    assert found[0].data["fulfilled_by"] == "ubnd-huyen/2022/300-bc-ubnd"
    assert _on(check(reg, "overdue")) == []


def test_fulfilled_late_quiet_when_on_time(build):
    assert _on(check(_team(build, report_date="2022-12-15"), "fulfilled-late")) == []


# --- VB404 ceased-issuer --------------------------------------------------------------------

CEASED = {
    "ubnd-huyen": {"valid_until": "2025-06-30", "successor": "ubnd-xa-moi"},
    "ubnd-xa-moi": {"name": "Ủy ban nhân dân xã Vạn Tường", "short": "UBND xã Vạn Tường", "abbr": "UBND",
                    "level": "xã", "parent": "ubnd-tinh", "valid_from": "2025-07-01"},
}


def _ceased(build, due):
    d = build.doc
    return build.load([d("500/QĐ-UBND", "Quyết định", "2025-06-01", deadlines=[
        {"due": due, "what": "báo cáo kết quả", "kind": "Báo cáo"}])], issuers=CEASED)


CEASED_DOC = "ubnd-huyen/2025/500-qd-ubnd"


def test_ceased_issuer_instead_of_overdue(build):
    reg = _ceased(build, "2025-09-01")
    as_of = _dt.date(2025, 10, 1)
    found = _on(check(reg, "ceased-issuer", as_of=as_of), CEASED_DOC)
    assert len(found) == 1
    assert found[0].code == "VB404"
    assert "UBND xã Vạn Tường" in found[0].hint()
    assert found[0].data["successors"] == ["ubnd-xa-moi"]
    assert found[0].data["chains"] == [["ubnd-huyen", "ubnd-xa-moi"]]
    assert _on(check(reg, "overdue", as_of=as_of), CEASED_DOC) == []


def test_ceased_issuer_instead_of_due_soon(build):
    reg = _ceased(build, "2025-09-01")
    as_of = _dt.date(2025, 8, 20)
    assert len(_on(check(reg, "ceased-issuer", as_of=as_of), CEASED_DOC)) == 1
    assert _on(check(reg, "due-soon", as_of=as_of), CEASED_DOC) == []


def test_ceased_issuer_quiet_while_the_body_works(build):
    # due before the district ceased, checked before it ceased: its own overdue item
    reg = _ceased(build, "2025-06-15")
    as_of = _dt.date(2025, 6, 20)
    assert _on(check(reg, "ceased-issuer", as_of=as_of), CEASED_DOC) == []
    assert len(_on(check(reg, "overdue", as_of=as_of), CEASED_DOC)) == 1


def test_what_fell_due_while_the_body_worked_stays_its_own(build):
    # checked once the district has gone: still its overdue item, with a suggestion fit for a body
    # that can no longer act; nothing is handed over
    reg = _ceased(build, "2025-06-15")
    as_of = _dt.date(2025, 10, 1)
    assert _on(check(reg, "ceased-issuer", as_of=as_of), CEASED_DOC) == []
    [overdue] = _on(check(reg, "overdue", as_of=as_of), CEASED_DOC)
    assert overdue.suggestion is not None and overdue.suggestion.id == "check.suggest-overdue-ceased"


def test_a_ceased_bodys_later_deadline_is_handed_over_at_once(build):
    # due in 2027, a year after the check: the district has gone, so the handover is news now
    reg = _ceased(build, "2027-06-30")
    [found] = _on(check(reg, "ceased-issuer", as_of=_dt.date(2026, 12, 1)), CEASED_DOC)
    assert found.data["successors"] == ["ubnd-xa-moi"]


def test_ceased_issuer_with_no_successor_asks_for_one(build):
    issuers = {**CEASED, "ubnd-huyen": {"valid_until": "2025-06-30"}}
    reg = build.load([build.doc("500/QĐ-UBND", "Quyết định", "2025-06-01", deadlines=[
        {"due": "2025-09-01", "what": "báo cáo kết quả", "kind": "Báo cáo"}])], issuers=issuers)
    [finding] = _on(check(reg, "ceased-issuer", as_of=_dt.date(2025, 10, 1)), CEASED_DOC)
    assert finding.data["successors"] == [] and "successor" in finding.hint("en")


# --- silencing ------------------------------------------------------------------------------

REASON = "lý do: số đã được Văn phòng xác nhận, công văn gửi trực tiếp"


@pytest.mark.parametrize("name", ["missing-unit", "VB103"])
def test_silenced_finding_keeps_reason_and_does_not_count(build, name):
    d = build.doc
    reg = build.load([d("1903/UBND", "Công văn", "2023-06-23", silence={name: REASON})])
    report = run_check(reg, as_of=AS_OF, select=["missing-unit"])
    assert len(report.findings) == 1
    f = report.findings[0]
    assert f.silenced == REASON
    assert report.active == []
    assert report.summary()["silenced"] == 1 and report.summary()["warning"] == 0
    assert exit_code(report, "warning") == 0
    assert REASON in render(report, "text")
    assert REASON in render(report, "md")
    assert "::warning" not in render(report, "github")


def test_unsilenced_finding_counts(build):
    d = build.doc
    reg = build.load([d("1903/UBND", "Công văn", "2023-06-23", silence={"duplicate-number": REASON})])
    report = run_check(reg, as_of=AS_OF, select=["missing-unit"])
    assert [f.silenced for f in report.findings] == [None]
    assert exit_code(report, "warning") == 1
    assert exit_code(report, "error") == 0
    assert exit_code(report, "never") == 0
