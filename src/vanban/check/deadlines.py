"""Deadlines: explicit ones on documents, and the program's recurring obligations expanded
with dateutil's rrule, each with its state on a given day."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Iterator

import attrs
from dateutil.rrule import YEARLY, rrule

from ..base.messages import DEFAULT_LANG, text
from ..base.text import key
from ..programs import Program, RecurringObligation
from ..registry import Registry
from ..registry.model import Document, Period, RelationType
from .coverage import PLAN_KINDS, CellState, CoverageMatrix, PlanIndex, coverage_matrix, leaf_units
from .obligations import effective_date

__all__ = ["DeadlineState", "DueItem", "due_items", "obligation_dates"]

#: A report that closes a year may come a little after the year: this long after the due date
#: it still counts when it names the year.
GRACE = _dt.timedelta(days=90)


class DeadlineState(str, enum.Enum):
    DONE = "done"
    DONE_LATE = "done-late"
    OPEN = "open"  # not yet due
    OVERDUE = "overdue"

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return text(f"states.{self.value}", lang)


@attrs.frozen(slots=True)
class DueItem:
    """One deadline and where it stands on ``as_of``."""

    due: _dt.date
    what: str
    owed_by: str | None  # issuer key
    state: DeadlineState
    source_doc: str | None = None  # the document that set it (explicit deadlines)
    obligation: str | None = None  # the catalog obligation code (recurring ones)
    unit: str | None = None  # the sub-project (annual plans)
    fulfilled_by: str | None = None
    fulfilled_on: _dt.date | None = None
    verified: str = "V"  # V/P/U of the due date (recurring obligations from the catalog)
    legal_source: str | None = None
    line: int | None = None

    @property
    def kind(self) -> str:
        return "explicit" if self.source_doc else ("plan" if self.unit else "recurring")


def obligation_dates(registry: Registry, obligation: RecurringObligation) -> list[_dt.date]:
    """Due dates of a recurring obligation, the registry's override applied, via rrule."""
    when = effective_date(registry, obligation)
    if when is None or not obligation.years:
        return []
    month, day = when.month, when.day
    if obligation.freq == "once":
        year = obligation.years[0]
        return [_dt.date(year, month, min(day, 28 if month == 2 else day))]
    start = _dt.datetime(min(obligation.years), month, 1)
    until = _dt.datetime(max(obligation.years), 12, 31)
    years = set(obligation.years)
    return [d.date() for d in rrule(YEARLY, dtstart=start, until=until, bymonth=month, bymonthday=day) if d.year in years]


def _state(due: _dt.date, done_on: _dt.date | None, as_of: _dt.date) -> DeadlineState:
    if done_on is not None and done_on <= as_of:
        return DeadlineState.DONE if done_on <= due else DeadlineState.DONE_LATE
    return DeadlineState.OVERDUE if due < as_of else DeadlineState.OPEN


def _explicit(registry: Registry, as_of: _dt.date) -> Iterator[DueItem]:
    for doc in registry.documents:
        for deadline in doc.deadlines:
            owed_by = deadline.by or doc.issuer
            candidates: list[Document]
            if deadline.fulfilled_by:
                candidates = [registry.by_id[i] for i in deadline.fulfilled_by if i in registry.by_id]
            else:
                candidates = [
                    d for rtype in (RelationType.IMPLEMENTS, RelationType.RESPONDS_TO, RelationType.CITES)
                    for d in registry.inverse(doc, rtype)
                    if d.issuer == owed_by and (deadline.kind is None or d.kind == deadline.kind)
                    and d.date is not None and doc.date is not None and d.date >= doc.date
                ]
            dated = [(d.date, d) for d in candidates if d.date is not None and d.date <= as_of]
            done = min(dated, key=lambda pair: pair[0], default=(None, None))[1]
            yield DueItem(
                due=deadline.due, what=deadline.what, owed_by=owed_by,
                state=_state(deadline.due, done.date if done else None, as_of), source_doc=doc.id,
                fulfilled_by=done.id if done else None, fulfilled_on=done.date if done else None,
                legal_source=deadline.source, line=deadline.line or doc.line,
            )


def _matches(obligation: RecurringObligation, doc: Document) -> bool:
    if doc.kind not in obligation.accepted_kinds:
        return False
    if not obligation.match:
        return True
    title = key(doc.title or "")
    return any(key(phrase) in title for phrase in obligation.match)


def _recurring(registry: Registry, program: Program, as_of: _dt.date) -> Iterator[DueItem]:
    owed_by = registry.locality.issuer
    mine = [d for d in registry.documents if d.date is not None and (owed_by is None or d.issuer == owed_by)]
    for obligation in program.recurring:
        if obligation.applies_to != "program":
            continue
        evidence = sorted((d for d in mine if _matches(obligation, d)), key=lambda d: d.date)  # type: ignore[arg-type,return-value]
        when = effective_date(registry, obligation)
        verified = when.verified if when else obligation.verified
        for due in obligation_dates(registry, obligation):
            done = None
            for doc in evidence:
                assert doc.date is not None
                names_year = (doc.period is not None and due.year in doc.period.years()) or str(due.year) in (doc.title or "")
                if doc.date.year == due.year or (due < doc.date <= due + GRACE and names_year):
                    done = doc
                    break
            yield DueItem(
                due=due, what=obligation.name, owed_by=owed_by, state=_state(due, done.date if done else None, as_of),
                obligation=obligation.code, fulfilled_by=done.id if done else None,
                fulfilled_on=done.date if done else None, verified=verified, legal_source=obligation.source,
            )


def plan_obligation(program: Program) -> RecurringObligation | None:
    """The program's annual sub-project plan obligation (``ke-hoach-nam``), if it has one."""
    return next((o for o in program.recurring if o.applies_to == "subproject" and o.kind in PLAN_KINDS), None)


def plan_matrix(registry: Registry, program: Program, as_of: _dt.date, period: Period | None,
                index: PlanIndex | None = None) -> CoverageMatrix:
    """The coverage matrix through next year: next year's plans may already be due soon."""
    return coverage_matrix(registry, program, as_of=as_of, period=period, index=index, through=as_of.year + 1)


def _plans(registry: Registry, program: Program, as_of: _dt.date, matrix: CoverageMatrix) -> Iterator[DueItem]:
    """Annual sub-project plans: one deadline per applicable unit and year."""
    obligation = plan_obligation(program)
    if obligation is None:
        return
    names = {u.code: u.name for u in leaf_units(program)}
    dates = {d.year: d for d in obligation_dates(registry, obligation)}
    when = effective_date(registry, obligation)
    verified = when.verified if when else obligation.verified
    for (unit, year), cell in matrix.cells.items():
        if cell.state is CellState.NOT_APPLICABLE or year not in dates:
            continue
        first = min((registry.by_id[i] for i in cell.plans), key=lambda d: d.date or dates[year], default=None)
        done_on = first.date if first is not None else None
        yield DueItem(
            due=dates[year], what=f"{obligation.name}: {names.get(unit, unit)} ({year})", owed_by=registry.locality.issuer,
            state=_state(dates[year], done_on, as_of), obligation=obligation.code, unit=unit,
            fulfilled_by=first.id if first else None, fulfilled_on=done_on, verified=verified,
            legal_source=obligation.source,
        )


def due_items(registry: Registry, *, as_of: _dt.date, period: Period | None = None,
              plan_matrices: dict[str, CoverageMatrix] | None = None) -> list[DueItem]:
    """Every deadline of the registry (explicit and recurring) with its state on *as_of*,
    soonest first; with *period*, only those due in it. *plan_matrices* (program code →
    :func:`plan_matrix`) are the matrices an analysis has already built."""
    items = list(_explicit(registry, as_of))
    for program in registry.programs.values():
        items.extend(_recurring(registry, program, as_of))
        matrix = (plan_matrices or {}).get(program.code) or plan_matrix(registry, program, as_of, period)
        items.extend(_plans(registry, program, as_of, matrix))
    if period is not None:
        items = [i for i in items if i.due in period]
    items.sort(key=lambda i: (i.due, i.what))
    return items
