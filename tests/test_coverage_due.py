"""The coverage matrix, the deadlines (`vanban coverage`, `vanban due`), rrule expansion with
registry overrides, and that `vanban check` does not grow quadratically."""

from __future__ import annotations

import datetime as _dt
import json
import re
import time
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from click.testing import CliRunner

from vanban.check import run_check
from vanban.cli import main
from vanban.check.coverage import CellState, coverage_matrix
from vanban.check.deadlines import DeadlineState, days_in_month, due_items, obligation_dates, yearly_dates
from vanban.registry.model import Period
from vanban.registry import load_registry, parse_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
AS_OF = _dt.date(2023, 11, 17)
PROGRAM = "giam-ngheo-2021-2025"


@pytest.fixture(scope="module")
def real():
    return load_registry(REGISTRY)


def obligation(registry, code):
    return next(o for o in registry.programs[PROGRAM].recurring if o.code == code)


def run(*args: str):
    return CliRunner().invoke(main, list(args))


# --- coverage matrix ------------------------------------------------------------------------


def test_coverage_matrix_on_the_real_registry(real):
    matrix = coverage_matrix(real, real.programs[PROGRAM], as_of=AS_OF)
    assert matrix.years == (2022, 2023)
    assert matrix.cell("DA2", 2022).state is CellState.PLANNED
    assert matrix.cell("DA2", 2023).state is CellState.PLANNED
    assert "ubnd-binh-son/2022/149-kh-ubnd" in matrix.cell("DA2", 2023).plans  # period 2022-2025
    assert matrix.cell("DA6-TDA1", 2022).state is CellState.GAP
    assert matrix.cell("DA6-TDA1", 2023).state is CellState.GAP
    assert matrix.cell("DA6-TDA1", 2023).others == ("ubnd-binh-son/2023/1370-ubnd-vx",)
    for year in (2022, 2023):
        cell = matrix.cell("DA5", year)
        assert cell.state is CellState.NOT_APPLICABLE
        assert cell.reason and "huyện nghèo" in cell.reason
        assert matrix.cell("DA1-TDA2", year).state is CellState.NOT_APPLICABLE
    assert matrix.cell("DA4-TDA2", 2022).state is CellState.PLANNED  # 148/KH-UBND linked to DA4
    assert {(c.unit, c.year) for c in matrix.gaps()} >= {("DA6-TDA1", 2022), ("DA3-TDA1", 2022), ("DA3-TDA2", 2022)}


def test_coverage_matrix_period(real):
    matrix = coverage_matrix(real, real.programs[PROGRAM], as_of=AS_OF,
                             period=Period.parse("2023"))
    assert matrix.years == (2023,)


def test_cli_coverage_prints_years_and_marks():
    result = run("coverage", "--registry", str(REGISTRY), "--as-of", "2023-11-17")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert re.search(r"2022\s+2023", out)
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()
            if re.match(r"DA\d", line) and len(line.split()) == 3}
    assert rows["DA2"] == ["✓", "✓"]
    assert rows["DA6-TDA1"] == ["✗", "✗"]
    assert rows["DA5"] == ["–", "–"]
    assert rows["DA3-TDA1"] == ["✗", "✓"]


def test_cli_coverage_json_and_period():
    result = run("coverage", "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--period", "2023",
                 "--format", "json")
    assert result.exit_code == 0, result.output
    [data] = json.loads(result.stdout)  # one entry per program of the registry
    assert data["program"] == "giam-ngheo-2021-2025" and data["closed"] is False
    assert data["years"] == [2023]
    states = {(c["unit"], c["year"]): c["state"] for c in data["cells"]}
    assert states[("DA6-TDA1", 2023)] == "gap"
    assert states[("DA5", 2023)] == "not-applicable"
    assert states[("DA2", 2023)] == "planned"


# --- due ------------------------------------------------------------------------------------


def test_cli_due_lists_soonest_first():
    result = run("due", "--registry", str(REGISTRY), "--as-of", "2023-11-17")
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert lines
    dates = [_dt.datetime.strptime(line.split()[0], "%d/%m/%Y").date() for line in lines]
    assert dates == sorted(dates)
    # TT 10/2022 Điều 4: the yearly monitoring report before 01/12 (the district's date is the
    # province's, unverified); QĐ 24/2021: the review ends on 14/12
    assert lines[0].startswith("30/11/2023") and "giám sát, đánh giá Chương trình hằng năm" in lines[0]
    assert any(line.startswith("14/12/2023") and "Rà soát hộ nghèo" in line for line in lines)
    fifteenth = [line for line in lines if line.startswith("15/12/2023")]
    assert any("Đoàn giám sát" in line for line in fifteenth)
    assert all(AS_OF <= d <= AS_OF + _dt.timedelta(days=30) for d in dates)


def test_due_items_states_on_the_real_registry(real):
    items = due_items(real, as_of=AS_OF)
    assert [i.due for i in items] == sorted(i.due for i in items)
    team_2022 = [i for i in items if i.source_doc == "ubnd-binh-son/2022/2332-qd-ubnd"]
    team_2023 = [i for i in items if i.source_doc == "ubnd-binh-son/2023/792-qd-ubnd"]
    assert [(i.due, i.state) for i in team_2022] == [(_dt.date(2022, 12, 15), DeadlineState.OVERDUE)]
    assert [(i.due, i.state) for i in team_2023] == [(_dt.date(2023, 12, 15), DeadlineState.OPEN)]
    review_2022 = [i for i in items if i.obligation == "ra-soat-ho-ngheo" and i.due.year == 2022]
    assert [i.state for i in review_2022] == [DeadlineState.DONE]  # 119/KH-UBND rà soát hộ nghèo


# --- obligation_dates: rrule and overrides --------------------------------------------------


YEARLY = "bao-cao-giam-sat-nam-cap-duoi"  # owed by the district: the province's date by default [U]


def test_obligation_dates_yearly(build):
    reg = build.load([])
    dates = obligation_dates(reg, obligation(reg, YEARLY))
    assert dates == [_dt.date(y, 11, 30) for y in (2022, 2023, 2024, 2025)]


def test_obligation_dates_once(build):
    reg = build.load([])
    assert obligation_dates(reg, obligation(reg, "danh-gia-giua-ky")) == [_dt.date(2023, 12, 31)]


def test_obligation_dates_monthly(build):
    reg = build.load([])
    dates = obligation_dates(reg, obligation(reg, "bao-cao-ra-soat-thuong-xuyen"))
    assert dates[:3] == [_dt.date(2022, 2, 5), _dt.date(2022, 3, 5), _dt.date(2022, 4, 5)]
    assert len(dates) == 8 * 4 and dates[-1] == _dt.date(2025, 9, 5)


def test_obligation_dates_override_month_and_day(build):
    reg = build.load([], locality={"obligations": {YEARLY: {"month": 11, "day": 15}}})
    assert obligation_dates(reg, obligation(reg, YEARLY)) == [_dt.date(y, 11, 15) for y in (2022, 2023, 2024, 2025)]
    # other obligations keep the catalog default
    assert obligation_dates(reg, obligation(reg, "bao-cao-giam-sat-6-thang-cap-duoi"))[0] == _dt.date(2023, 5, 31)


def test_obligation_dates_override_day_only(build):
    reg = build.load([], locality={"obligations": {YEARLY: {"day": 20}}})
    assert obligation_dates(reg, obligation(reg, YEARLY))[0] == _dt.date(2022, 11, 20)


def test_obligation_dates_disabled(build):
    reg = build.load([], locality={"obligations": {YEARLY: {"disabled": True}}})
    assert obligation_dates(reg, obligation(reg, YEARLY)) == []
    assert not any(i.obligation == YEARLY for i in due_items(reg, as_of=AS_OF))


def test_override_moves_due_items_and_findings(build):
    reg = build.load([], locality={"obligations": {YEARLY: {"month": 11, "day": 25}}})
    items = [i for i in due_items(reg, as_of=AS_OF) if i.obligation == YEARLY]
    assert [i.due for i in items][:2] == [_dt.date(2022, 11, 25), _dt.date(2023, 11, 25)]
    soon = run_check(reg, as_of=AS_OF, select=["due-soon"]).findings
    assert any(f.data["obligation"] == YEARLY and f.data["due"] == "2023-11-25" for f in soon)


def test_a_district_owes_neither_the_provinces_reports_nor_the_communes(build):
    owed = {i.obligation for i in due_items(build.load([]), as_of=AS_OF)}
    assert {"bao-cao-giam-sat-nam-cap-duoi", "ra-soat-ho-ngheo"} <= owed
    assert not owed & {"bao-cao-giam-sat-nam", "bao-cao-ket-qua-ra-soat-tinh", "bao-cao-ra-soat-thuong-xuyen"}


def test_plan_override_makes_the_year_pending_not_a_gap(build):
    default = build.load([])
    late = build.load([], locality={"obligations": {"ke-hoach-nam": {"month": 12, "day": 31}}})
    program = default.programs[PROGRAM]
    assert coverage_matrix(default, program, as_of=AS_OF).cell("DA2", 2023).state is CellState.GAP
    assert coverage_matrix(late, late.programs[PROGRAM], as_of=AS_OF).cell("DA2", 2023).state is CellState.PENDING
    years = {f.data["year"] for f in run_check(late, as_of=AS_OF, select=["coverage-gap"]).findings}
    assert years == {2022}


@settings(max_examples=300, deadline=None)
@given(years=st.sets(st.integers(1990, 2040), min_size=1, max_size=8), month=st.integers(1, 12),
       day=st.integers(1, 31))
def test_yearly_due_dates_are_rrules(years: set[int], month: int, day: int) -> None:
    # the yearly dates were rrule's; they are computed without importing it, and must not differ
    from dateutil.rrule import YEARLY, rrule

    start, until = _dt.datetime(min(years), 1, 1), _dt.datetime(max(years), 12, 31)
    expected = [d.date() for d in rrule(YEARLY, dtstart=start, until=until, bymonth=month, bymonthday=day)
                if d.year in years]
    assert yearly_dates(years, month, day) == expected


@given(year=st.integers(1, 9999), month=st.integers(1, 12))
def test_days_in_month_are_calendars(year: int, month: int) -> None:
    # computed without importing calendar (and locale) into every check; it must not differ
    import calendar

    assert days_in_month(year, month) == calendar.monthrange(year, month)[1]
