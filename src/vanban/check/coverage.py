"""The sub-project × year coverage matrix: planned, gap or not applicable.

A sub-project that applies to the locality needs a plan (Kế hoạch, Chương trình, Đề án,
Phương án) of the locality's office in every year of the period; a plan whose period spans
several years counts for each, and a plan linked to a whole project counts for each of its
sub-projects. The registry declares what does not apply (``locality.not_applicable``).
"""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import Iterable

import attrs

from ..base.messages import DEFAULT_LANG, Message, ShownState
from ..programs import Program, Project, SubProject
from ..registry import Registry
from ..registry.model import Document, Issuer, Period
from .obligations import effective_date

__all__ = ["PLAN_KINDS", "CellState", "Cell", "CoverageMatrix", "PlanIndex", "coverage_matrix", "index_plans", "leaf_units"]

#: Kinds that count as a plan for a sub-project year.
PLAN_KINDS = ("Kế hoạch", "Chương trình", "Đề án", "Phương án")


class CellState(ShownState):
    PLANNED = "planned"
    GAP = "gap"
    NOT_APPLICABLE = "not-applicable"
    PENDING = "pending"  # the year's plan is not yet due

    @classmethod
    def catalog(cls) -> tuple[str, dict[str, str]]:
        return "states", _MARKS


_MARKS = {"planned": "✓", "gap": "✗", "not-applicable": "–", "pending": "…"}


@attrs.frozen(slots=True)
class Cell:
    unit: str
    year: int
    state: CellState
    plans: tuple[str, ...] = ()  # IDs of the plans behind a planned cell
    others: tuple[str, ...] = ()  # IDs of other linked documents of that year (công văn, quyết định …)
    reason: str | Message | None = None  # why not applicable (the registry's words, or a message)

    def reason_text(self, lang: str = DEFAULT_LANG) -> str | None:
        """Why the cell does not apply, in *lang* (the registry's own words are shown as written)."""
        return self.reason.render(lang) if isinstance(self.reason, Message) else self.reason


@attrs.frozen(slots=True)
class CoverageMatrix:
    program: Program
    years: tuple[int, ...]
    units: tuple[Project | SubProject, ...]
    cells: dict[tuple[str, int], Cell] = attrs.field(hash=False)
    #: the program's period was over on the day of the analysis (the 2021-2025 program in 2026)
    closed: bool = False

    def cell(self, unit: str, year: int) -> Cell:
        return self.cells[(unit, year)]

    def gaps(self) -> list[Cell]:
        return [c for c in self.cells.values() if c.state is CellState.GAP]


def leaf_units(program: Program) -> list[Project | SubProject]:
    """Sub-projects, and projects that have none (DA2, DA5): the units plans are made for."""
    out: list[Project | SubProject] = []
    for project in program.projects:
        out.extend(project.subprojects or [project])
    return out


def _covers(link: str, unit: str) -> bool:
    return unit == link or unit.startswith(link + "-")


def _doc_years(doc: Document) -> Iterable[int]:
    if doc.period is not None:
        return doc.period.years()
    return [doc.date.year] if doc.date else []


def plan_due(registry: Registry, program: Program, year: int) -> _dt.date | None:
    """When the year's sub-project plans are due (catalog default, or the registry's override);
    None when the registry disables the obligation or the catalog has none."""
    for obligation in program.recurring:
        if obligation.applies_to == "subproject" and obligation.kind in PLAN_KINDS:
            when = effective_date(registry, obligation)
            return _dt.date(year, when.month, when.day) if when else None
    return None


def coverage_years(program: Program, as_of: _dt.date, period: Period | None, *, through: int | None = None,
                   owner: Issuer | None = None) -> tuple[int, ...]:
    """Years the annual plan obligation covers: within the program's period and the *owner*'s life
    (a commune formed in 2025 has no 2021-2024 column), within *period*, not after as-of (or *through*)."""
    last = as_of.year if through is None else through
    years: set[int] = set()
    for obligation in program.recurring:
        if obligation.applies_to == "subproject":
            years.update(obligation.years)
    if not years:
        years = set(range(program.period_start, program.period_end + 1))
    if owner is not None:
        first_year = owner.valid_from.year if owner.valid_from else min(years)
        last_year = owner.valid_until.year if owner.valid_until else max(years)
        years = {y for y in years if first_year <= y <= last_year}
    if not years:
        return ()
    span = period.years() if period is not None else range(min(years), last + 1)
    return tuple(sorted(y for y in years if y in span and y <= last))


@attrs.frozen(slots=True)
class PlanIndex:
    """The locality's documents linked to each (unit, year): plans, and the others."""

    plans: dict[tuple[str, int], list[str]] = attrs.field(hash=False)
    others: dict[tuple[str, int], list[str]] = attrs.field(hash=False)


def index_plans(registry: Registry, program: Program, *, as_of: _dt.date) -> PlanIndex:
    """One pass over the documents: (unit, year) → the IDs of the locality's plans and other documents."""
    unit_codes = [u.code for u in leaf_units(program)]
    locality = registry.locality.issuer
    plans: dict[tuple[str, int], list[str]] = defaultdict(list)
    others: dict[tuple[str, int], list[str]] = defaultdict(list)
    for doc in registry.documents:
        if doc.program not in (None, program.code) or not doc.subprojects:
            continue
        if locality is not None and doc.issuer != locality:
            continue
        is_plan = doc.kind in PLAN_KINDS and (doc.date is None or doc.date <= as_of)
        for link in doc.subprojects:
            for code in unit_codes:
                if _covers(link, code):
                    for year in _doc_years(doc):
                        (plans if is_plan else others)[(code, year)].append(doc.id)
    return PlanIndex(dict(plans), dict(others))


def coverage_matrix(
    registry: Registry, program: Program, *, as_of: _dt.date, period: Period | None = None,
    index: PlanIndex | None = None, through: int | None = None,
) -> CoverageMatrix:
    """The matrix for *program* over the years of *period* up to *as_of* (or up to the year
    *through*); each cell is a look-up in the plan index (built here unless given)."""
    units = leaf_units(program)
    owner = registry.owner
    years = coverage_years(program, as_of, period, through=through, owner=owner)
    index = index or index_plans(registry, program, as_of=as_of)
    # With no due date a year's plan can be missing only once the year is over.
    dues = {year: plan_due(registry, program, year) or _dt.date(year, 12, 31) for year in years}
    cells: dict[tuple[str, int], Cell] = {}
    for unit in units:
        na = registry.locality.not_applicable_reason(unit.code)
        for year in years:
            key = (unit.code, year)
            plans, others = tuple(index.plans.get(key, ())), tuple(index.others.get(key, ()))
            if na is not None:
                cells[key] = Cell(unit.code, year, CellState.NOT_APPLICABLE, reason=na.reason)
            elif plans:
                cells[key] = Cell(unit.code, year, CellState.PLANNED, plans, others)
            elif owner is not None and (owner.not_yet_on(dues[year]) or owner.ceased_before(dues[year])):
                # the year's plan fell due before the body existed (or after it ceased): not its duty
                cells[key] = Cell(unit.code, year, CellState.NOT_APPLICABLE, (), others,
                                  reason=_outside_life(registry, owner, dues[year]))
            else:
                state = CellState.PENDING if as_of < dues[year] else CellState.GAP
                cells[key] = Cell(unit.code, year, state, (), others)
    return CoverageMatrix(program, years, tuple(units), cells, closed=program.closed_on(as_of))


def _outside_life(registry: Registry, owner: Issuer, due: _dt.date) -> Message:
    if owner.not_yet_on(due):
        return Message("coverage.before-creation",
                       {"due": due, "issuer": registry.issuer_name(owner.key), "since": owner.valid_from})
    return Message("coverage.after-ceasing",
                   {"due": due, "issuer": registry.issuer_name(owner.key), "until": owner.valid_until})
