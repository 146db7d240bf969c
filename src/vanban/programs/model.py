"""National target programs as data: Program → Project → SubProject, legal basis, recurring duties.

The classes are plain records; what a program file may contain is checked where it is read
(:mod:`vanban.programs.load`), each problem placed at file:line:column.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Iterator

import attrs

from .match import DEFAULT_UNIT_WORDS, TitleMatcher

__all__ = [
    "APPLIES_TO", "FREQUENCIES", "LEVELS", "SCOPES", "VERIFIED_MARKS", "LegalRef", "Phase", "Program", "Project",
    "RecurringObligation", "SubProject",
]

SCOPES: tuple[str, ...] = (
    "nationwide",
    "poor-districts",  # huyện nghèo only
    "poor-districts-and-coastal-communes",  # + xã ĐBKK bãi ngang, ven biển, hải đảo (QĐ 353/QĐ-TTg)
    "poor-districts-880",  # huyện nghèo of the Đề án under QĐ 880/QĐ-TTg
    "ethnic-minority-mountain-areas",  # vùng đồng bào dân tộc thiểu số và miền núi (2026-2035 program)
)
VERIFIED_MARKS: tuple[str, ...] = ("V", "P", "U")
#: yearly / once: on month and day; monthly: on day of each of ``months``; after-round: within
#: ``working_days`` working days after a monitoring round ends (its document's ``period``)
FREQUENCIES: tuple[str, ...] = ("yearly", "once", "monthly", "after-round")
#: the administrative levels an obligation can be owed at (the registry's LEVELS, repeated here:
#: programs sit below the registry in the layers)
LEVELS: tuple[str, ...] = ("trung ương", "tỉnh", "huyện", "xã")
APPLIES_TO: tuple[str, ...] = ("subproject", "program")


def trailing_number(code: str) -> int | None:
    """The number clerks write for a unit ("Dự án 3", "Tiểu dự án 2"): the digits ending its code."""
    m = re.search(r"(\d+)$", code)
    return int(m.group(1)) if m else None


@attrs.frozen(slots=True)
class LegalRef:
    """A legal document the program rests on (căn cứ pháp lý)."""

    kind: str  # tên loại: Quyết định, Nghị quyết, ...
    symbol: str  # số, ký hiệu: "90/QĐ-TTg"
    date: _dt.date | None
    issuer: str
    title: str
    source: str
    verified: str
    note: str | None = None


@attrs.frozen(slots=True)
class Phase:
    """A phase of a program (giai đoạn): "giai đoạn I: 2026-2030"."""

    name: str
    start: int
    end: int
    verified: str = "U"
    source: str | None = None


@attrs.frozen(slots=True)
class SubProject:
    """Tiểu dự án. ``name`` is the official name with its "Tiểu dự án N:" prefix; ``short_name``
    is the name without it."""

    code: str
    name: str
    short_name: str
    scope: str
    aliases: tuple[str, ...]
    verified: str
    source: str
    project_code: str
    note: str | None = None

    @property
    def number(self) -> int | None:
        return trailing_number(self.code)


@attrs.frozen(slots=True)
class Project:
    """Dự án. ``name`` is the official name with its "Dự án N:" prefix."""

    code: str
    name: str
    scope: str
    subprojects: tuple[SubProject, ...]
    aliases: tuple[str, ...]
    verified: str
    source: str
    note: str | None = None
    #: the ministry (or body) that leads it, when the program names one
    lead: str | None = None

    @property
    def number(self) -> int | None:
        return trailing_number(self.code)


@attrs.frozen(slots=True)
class RecurringObligation:
    """A recurring duty of the program (plan, report, review). ``month``/``day`` is a DEFAULT due
    date; provinces override it in their registry."""

    code: str
    name: str
    kind: str  # expected document kind: Kế hoạch, Báo cáo, ...
    freq: str
    month: int
    day: int
    years: tuple[int, ...]
    applies_to: str
    source: str
    verified: str
    note: str | None = None
    #: phrases one of which a fulfilling document's title contains ("giám sát", "rà soát hộ nghèo");
    #: empty: any document of the kind fulfils it
    match: tuple[str, ...] = ()
    #: kinds accepted as evidence that it was done; empty: only ``kind``
    evidence_kinds: tuple[str, ...] = ()
    #: the levels that owe it (a province, a district, a commune); the registry's locality owes
    #: it only at one of these
    levels: tuple[str, ...] = LEVELS
    #: monthly: the months it is due in
    months: tuple[int, ...] = ()
    #: after-round: how many working days after the round ends
    working_days: int = 0
    #: after-round: the documents that set up a round (kinds, and phrases one of which the title has)
    round_kinds: tuple[str, ...] = ()
    round_match: tuple[str, ...] = ()

    @property
    def accepted_kinds(self) -> tuple[str, ...]:
        return self.evidence_kinds or (self.kind,)

    def due_date(self, year: int) -> _dt.date:
        """Default due date in ``year`` (29/02 falls back to 28/02 in common years)."""
        day = self.day
        if self.month == 2 and day == 29 and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
            day = 28
        return _dt.date(year, self.month, day)

    def due_dates(self) -> tuple[_dt.date, ...]:
        """Default due dates for every year in ``years``."""
        return tuple(self.due_date(y) for y in self.years)


@attrs.frozen(slots=True)
class Program:
    """A national target program with its projects, sub-projects and recurring duties."""

    code: str
    name: str
    short_name: str
    legal_basis: tuple[LegalRef, ...]
    period_start: int
    period_end: int
    projects: tuple[Project, ...]
    recurring: tuple[RecurringObligation, ...] = ()
    owner: str = ""
    note: str | None = None
    phases: tuple[Phase, ...] = ()
    #: how titles number its units: ("dự án", "tiểu dự án") for QĐ 90, ("hợp phần", …) otherwise
    unit_words: tuple[str, str] = DEFAULT_UNIT_WORDS
    #: the file it was read from, when it is a locality's own (None: packaged with vanban)
    source: str | None = attrs.field(default=None, eq=False)
    _index: dict[str, Project | SubProject] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _matcher: TitleMatcher = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        index: dict[str, Project | SubProject] = {}
        for project in self.projects:
            index[project.code] = project
            for sub in project.subprojects:
                index[sub.code] = sub
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_matcher", TitleMatcher(self.projects, self.unit_words))

    @property
    def start(self) -> _dt.date:
        return _dt.date(self.period_start, 1, 1)

    @property
    def end(self) -> _dt.date:
        return _dt.date(self.period_end, 12, 31)

    def closed_on(self, day: _dt.date) -> bool:
        """Whether the program's period is over on *day*."""
        return day > self.end

    # -- lookup ------------------------------------------------------------------------

    def unit(self, code: str) -> Project | SubProject:
        """The project or sub-project with this code; raises KeyError."""
        try:
            return self._index[code]
        except KeyError:
            raise KeyError(f"{code!r} is not a project or sub-project of {self.code}") from None

    def units(self) -> Iterator[Project | SubProject]:
        """Projects and sub-projects in catalog order (each project, then its sub-projects)."""
        for p in self.projects:
            yield p
            yield from p.subprojects

    def subprojects(self) -> Iterator[SubProject]:
        """All sub-projects in catalog order."""
        for p in self.projects:
            yield from p.subprojects

    def codes(self) -> list[str]:
        """Codes of all projects and sub-projects in catalog order."""
        return list(self._index)

    def obligation(self, code: str) -> RecurringObligation:
        """The recurring obligation with this code; raises KeyError."""
        for r in self.recurring:
            if r.code == code:
                return r
        raise KeyError(f"{code!r} is not a recurring obligation of {self.code}")

    def match_units(self, text: str) -> list[str]:
        """Codes of the projects / sub-projects that a document title (trích yếu) names, in
        catalog order (see :class:`~vanban.programs.match.TitleMatcher`)."""
        found = self._matcher.match(text)
        return [c for c in self._index if c in found] if found else []
