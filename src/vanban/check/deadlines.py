"""Deadlines: explicit ones on documents, and the program's recurring obligations expanded to
their due dates, each with its state on a given day."""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Iterable, Iterator

import attrs

from ..base.dates import add_working_days
from ..base.messages import DEFAULT_LANG, text
from ..base.text import key
from ..programs import Program, RecurringObligation
from ..registry import Registry
from ..registry.model import Deadline, Document, Period, RelationType
from .coverage import PLAN_KINDS, CellState, CoverageMatrix, PlanIndex, coverage_matrix, leaf_units
from .obligations import effective_date, owed_here
from .requirements import deadline_kinds

__all__ = ["DeadlineState", "DueItem", "answering_documents", "due_items", "obligation_dates", "round_dues"]

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
        """"plan" (a sub-project's annual plan), "recurring" (a program duty) or "explicit" (a document's)."""
        return "plan" if self.unit else ("recurring" if self.obligation else "explicit")


def obligation_dates(registry: Registry, obligation: RecurringObligation) -> list[_dt.date]:
    """Due dates of a yearly, once or monthly obligation, the registry's override applied
    (an after-round obligation has no dates of its own: see :func:`round_dues`)."""
    when = effective_date(registry, obligation)
    if when is None or not obligation.years:
        return []
    month, day = when.month, when.day
    years = set(obligation.years)
    if obligation.freq == "once":
        year = obligation.years[0]
        return [_dt.date(year, month, min(day, days_in_month(year, month)))]
    if obligation.freq == "monthly":
        # bymonthday=-1 style clipping is not what a clerk means by "the 5th": a day past a short
        # month's end falls on its last day
        return sorted(_dt.date(y, m, min(day, days_in_month(y, m))) for y in years for m in obligation.months)
    if obligation.freq != "yearly":
        return []
    return yearly_dates(years, month, day)


def yearly_dates(years: Iterable[int], month: int, day: int) -> list[_dt.date]:
    """*day*/*month* of each of *years*, in order; a date a year does not have (29/02 out of a leap
    year) is skipped, as dateutil's ``rrule(YEARLY, bymonth=…, bymonthday=…)`` skips it (a test holds
    it to rrule: importing rrule cost every check 2 ms for this one line)."""
    return [_dt.date(year, month, day) for year in sorted(set(years)) if day <= days_in_month(year, month)]


def days_in_month(year: int, month: int) -> int:
    """How many days *month* of *year* has (what ``calendar.monthrange`` gives second, without
    importing calendar and locale into every check: a test holds it to calendar)."""
    if month == 2:
        return 29 if year % 4 == 0 and (year % 100 != 0 or year % 400 == 0) else 28
    return 30 if month in (4, 6, 9, 11) else 31


def _state(due: _dt.date, done_on: _dt.date | None, as_of: _dt.date) -> DeadlineState:
    if done_on is not None and done_on <= as_of:
        return DeadlineState.DONE if done_on <= due else DeadlineState.DONE_LATE
    return DeadlineState.OVERDUE if due < as_of else DeadlineState.OPEN


def answering_documents(registry: Registry, doc: Document, deadline: Deadline, owners: set[str]) -> list[Document]:
    """The documents that answer *doc*'s *deadline*: those it names (``fulfilled_by``); else those of
    the owing bodies that respond to *doc*, or that implement or cite it and are of the kind the
    deadline names (``kind``, else the kind its words call for: a Báo cáo for a report)."""
    if deadline.fulfilled_by:
        return [registry.by_id[i] for i in deadline.fulfilled_by if i in registry.by_id]
    kinds = (deadline.kind,) if deadline.kind else deadline_kinds(deadline.what)
    out = []
    for rtype in (RelationType.RESPONDS_TO, RelationType.IMPLEMENTS, RelationType.CITES):
        for d in registry.inverse(doc, rtype):
            if d.issuer not in owners or d.date is None or (doc.date is not None and d.date < doc.date):
                continue
            if rtype is RelationType.RESPONDS_TO and not deadline.kind:
                out.append(d)
            elif d.kind in kinds:
                out.append(d)
    return out


def _owners(registry: Registry, owed_by: str, due: _dt.date) -> set[str]:
    """Who can answer a duty of *owed_by*: the body, and its successors when it ceased before *due*."""
    issuer = registry.issuers.get(owed_by)
    owners = {owed_by}
    if issuer is not None and issuer.ceased_before(due):
        owners.update(k for _, chain in registry.successors(owed_by) for k in chain)
    return owners


def _explicit(registry: Registry, as_of: _dt.date) -> Iterator[DueItem]:
    for doc in registry.documents:
        for deadline in doc.deadlines:
            owed_by = deadline.by or doc.issuer
            owner = registry.issuers.get(owed_by)
            if owner is not None and owner.not_yet_on(deadline.due):
                continue  # due before the body existed: nobody here owed it
            candidates = answering_documents(registry, doc, deadline, _owners(registry, owed_by, deadline.due))
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
    return _title_has(doc, obligation.match)


def _title_has(doc: Document, phrases: tuple[str, ...]) -> bool:
    if not phrases:
        return True
    title = key(doc.title or "")
    return any(key(phrase) in title for phrase in phrases)


def _whole_years(period: Period) -> bool:
    return period.start == _dt.date(period.start.year, 1, 1) and period.end == _dt.date(period.end.year, 12, 31)


def round_dues(registry: Registry, obligation: RecurringObligation, mine: list[Document]
               ) -> list[tuple[Document, _dt.date]]:
    """An after-round obligation's rounds among the owner's documents, each with its due date:
    a document of ``round_kinds`` whose title has one of ``round_match`` and whose ``period`` gives
    the round's days; due ``working_days`` working days after the round ends."""
    if effective_date(registry, obligation) is None:
        return []
    out = []
    for doc in mine:
        period = doc.period
        if (doc.kind in obligation.round_kinds and period is not None and not _whole_years(period)
                and period.end.year in obligation.years and _title_has(doc, obligation.round_match)):
            out.append((doc, add_working_days(period.end, obligation.working_days)))
    return out


def _round_evidence(registry: Registry, obligation: RecurringObligation, round_doc: Document, due: _dt.date,
                    evidence: list[Document], used: set[str]) -> Document | None:
    """The report of a round: one that answers the round's document, else the first matching report
    dated from the round's start to the end of the grace time."""
    linked = [d for rtype in (RelationType.RESPONDS_TO, RelationType.IMPLEMENTS)
              for d in registry.inverse(round_doc, rtype) if d.kind in obligation.accepted_kinds and d.date]
    if linked:
        return min(linked, key=lambda d: d.date)  # type: ignore[arg-type,return-value]
    assert round_doc.period is not None
    for doc in evidence:
        assert doc.date is not None
        if doc.id not in used and round_doc.period.start <= doc.date <= due + GRACE:
            used.add(doc.id)
            return doc
    return None


def _year_evidence(due: _dt.date, evidence: list[Document], used: set[str], monthly: bool) -> Document | None:
    for doc in evidence:
        assert doc.date is not None
        if monthly:
            # a monthly report belongs to the month it is due in: from the day after the previous
            # month's due date up to 25 days after its own
            if doc.id not in used and due - _dt.timedelta(days=28) < doc.date <= due + _dt.timedelta(days=25):
                used.add(doc.id)
                return doc
            continue
        names_year = (doc.period is not None and due.year in doc.period.years()) or str(due.year) in (doc.title or "")
        if doc.date.year == due.year or (due < doc.date <= due + GRACE and names_year):
            return doc
    return None


def _recurring(registry: Registry, program: Program, as_of: _dt.date) -> Iterator[DueItem]:
    """The program's recurring duties the locality owes: at its level, from its creation on."""
    owed_by = registry.locality.issuer
    owner = registry.owner
    mine = [d for d in registry.documents if d.date is not None and (owed_by is None or d.issuer == owed_by)]
    mine.sort(key=lambda d: d.date)  # type: ignore[arg-type,return-value]
    for obligation in program.recurring:
        if obligation.applies_to != "program" or not owed_here(registry, obligation):
            continue
        evidence = [d for d in mine if _matches(obligation, d)]
        when = effective_date(registry, obligation)
        verified = when.verified if when else obligation.verified
        used: set[str] = set()
        dues: list[tuple[_dt.date, Document | None]]
        if obligation.freq == "after-round":
            dues = [(due, round_doc) for round_doc, due in round_dues(registry, obligation, mine)]
        else:
            dues = [(due, None) for due in obligation_dates(registry, obligation)]
        for due, round_doc in dues:
            if owner is not None and owner.not_yet_on(due):
                continue  # before the body existed: its predecessors owed it
            if round_doc is not None:
                done = _round_evidence(registry, obligation, round_doc, due, evidence, used)
            else:
                done = _year_evidence(due, evidence, used, obligation.freq == "monthly")
            yield DueItem(
                due=due, what=obligation.name, owed_by=owed_by, state=_state(due, done.date if done else None, as_of),
                source_doc=round_doc.id if round_doc else None,
                obligation=obligation.code, fulfilled_by=done.id if done else None,
                fulfilled_on=done.date if done else None, verified=verified, legal_source=obligation.source,
                line=round_doc.line if round_doc else None,
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
