"""The document model: issuers, documents, periods and typed relations.

Program → Project → SubProject live in :mod:`vanban.catalog` (package data).
"""

from __future__ import annotations

import datetime as _dt
import enum
import re

import attrs

from ..base.dates import DateError, format_date, parse_date
from ..base.errors import VanbanError
from ..base.lazyre import lazy_compile
from ..base.messages import DEFAULT_LANG, text
from ..base.text import slug
from ..cite.citation import Citation, Scheme, SymbolReading, code_of, read_symbol

__all__ = [
    "LEVELS", "LEVEL_IDS", "level_label", "level_rank", "BRANCHES", "Succession", "FormerName", "NUMBERING", "Issuer", "Period", "PeriodError", "RelationType", "Relation", "Document", "document_id",
    "Deadline", "Requirement", "DanglingReference", "Locality", "NotApplicable", "ObligationOverride",
]

#: Administrative levels (cấp). Party and mass-organisation bodies also have one, and a branch.
LEVELS = ("trung ương", "tỉnh", "huyện", "xã")
#: each level's name in message ids ("level.province")
LEVEL_IDS = {"trung ương": "central", "tỉnh": "province", "huyện": "district", "xã": "commune"}


def level_rank(level: str) -> int:
    """Where a level stands, from the top (trung ương 0) down; an unknown one last."""
    return LEVELS.index(level) if level in LEVELS else len(LEVELS)


def level_label(level: str, lang: str = DEFAULT_LANG) -> str:
    """A level as a person reads it: "tỉnh" / "province"."""
    return text(f"level.{LEVEL_IDS[level]}", lang) if level in LEVEL_IDS else level
BRANCHES = ("nhà nước", "đảng", "đoàn thể")
#: How an issuer numbers its administrative documents (Nghị định 30/2020, Điều 15.1.c: the head
#: of the body decides): one sequence for all kinds ("chung"), or one per kind ("theo loại").
NUMBERING = ("chung", "theo loại")


@attrs.frozen(slots=True)
class Succession:
    """A body that took over (part of) an issuer's duties from a day on: one issuer may have several
    successors (a district's communes), and several issuers one (merged communes)."""

    issuer: str  # key of the successor
    since: _dt.date | None = None  # default: the day after the predecessor's valid_until
    note: str | None = None


@attrs.frozen(slots=True)
class FormerName:
    """A name an issuer signed under until a day (a renamed body keeps its documents' names)."""

    name: str
    until: _dt.date
    short: str | None = None


@attrs.frozen(slots=True)
class Issuer:
    """A body that issues documents (cơ quan ban hành)."""

    key: str
    name: str
    level: str
    short: str | None = None
    aliases: tuple[str, ...] = ()
    #: the issuer parts of its symbols: a ministry's decisions and circulars may differ
    #: ("650/QĐ-LĐTBXH", "10/2022/TT-BLĐTBXH")
    abbrs: tuple[str, ...] = ()
    branch: str = "nhà nước"
    parent: str | None = None
    valid_from: _dt.date | None = None
    valid_until: _dt.date | None = None
    successors: tuple[Succession, ...] = ()
    units: tuple[str, ...] = ()
    note: str | None = None
    numbering: str = "theo loại"
    #: Party committee terms (nhiệm kỳ): Party numbers restart each term (HD 36-HD/VPTW).
    terms: tuple["Period", ...] = ()
    #: names it signed under before (oldest first)
    former_names: tuple[FormerName, ...] = ()

    @property
    def abbr(self) -> str | None:
        """The first of its abbreviations."""
        return self.abbrs[0] if self.abbrs else None

    @property
    def is_party(self) -> bool:
        return self.branch == "đảng"

    def term_of(self, day: _dt.date) -> "Period | None":
        for term in self.terms:
            if day in term:
                return term
        return None

    @property
    def display_name(self) -> str:
        """The name clerks write ("UBND huyện Bình Sơn"), else the full name."""
        return self.short or self.name

    def name_on(self, day: _dt.date | None) -> str:
        """The name the body signed under on *day* (its present name when it was not renamed since)."""
        if day is not None:
            for former in sorted(self.former_names, key=lambda f: f.until):
                if day <= former.until:
                    return former.short or former.name
        return self.display_name

    def names(self) -> tuple[str, ...]:
        former = tuple(n for f in self.former_names for n in (f.name, f.short) if n)
        return (self.name, *((self.short,) if self.short else ()), *self.aliases, *former)

    def active_on(self, day: _dt.date) -> bool:
        """Whether the body existed on *day* (district bodies ceased on 2025-07-01)."""
        if self.valid_from and day < self.valid_from:
            return False
        return not (self.valid_until and day > self.valid_until)

    def not_yet_on(self, day: _dt.date) -> bool:
        """Whether *day* is before the body was created (a commune formed on 2025-07-01 owes nothing before)."""
        return self.valid_from is not None and day < self.valid_from

    def ceased_before(self, day: _dt.date) -> bool:
        """Whether the body had ceased by *day* (a district on any day after 2025-06-30)."""
        return self.valid_until is not None and self.valid_until < day

    def succession_day(self, succession: Succession) -> _dt.date | None:
        """The day *succession* takes effect: its own date, else the day after this body ceased."""
        if succession.since is not None:
            return succession.since
        return self.valid_until + _dt.timedelta(days=1) if self.valid_until else None


class PeriodError(VanbanError, ValueError):
    """A text that is no period (``period.not-a-period``) or one that ends before it starts."""


_PERIOD_YEARS = lazy_compile(r"^\s*((?:19|20)\d\d)\s*(?:[-\u2013]\s*((?:19|20)\d\d))?\s*$")


@attrs.frozen(slots=True)
class Period:
    """The span of time a document covers: a year, several years, or two dates."""

    start: _dt.date
    end: _dt.date

    @classmethod
    def parse(cls, text: str | int) -> "Period":
        """"2023", "2021-2025", "2022-01-01..2022-12-31" (or with dd/mm/yyyy dates).

        >>> str(Period.parse("2021 - 2025"))
        '2021-2025'
        """
        text = str(text).strip()
        years = _PERIOD_YEARS.match(text)
        if years:
            first = int(years.group(1))
            last = int(years.group(2) or first)
            if last < first:
                raise PeriodError("period.ends-before-start", value=text)
            return cls(_dt.date(first, 1, 1), _dt.date(last, 12, 31))
        if ".." in text:
            left, right = text.split("..", 1)
            try:
                start, end = parse_date(left.strip()), parse_date(right.strip())
            except DateError as exc:
                raise PeriodError(exc.msg_id, **exc.params) from None
            if end < start:
                raise PeriodError("period.ends-before-start", value=text)
            return cls(start, end)
        raise PeriodError("period.not-a-period", value=text)

    def years(self) -> range:
        return range(self.start.year, self.end.year + 1)

    def overlaps(self, other: "Period") -> bool:
        return self.start <= other.end and other.start <= self.end

    def __contains__(self, day: object) -> bool:
        return isinstance(day, _dt.date) and self.start <= day <= self.end

    def __str__(self) -> str:
        if self.start == _dt.date(self.start.year, 1, 1) and self.end == _dt.date(self.end.year, 12, 31):
            if self.start.year == self.end.year:
                return str(self.start.year)
            return f"{self.start.year}-{self.end.year}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"


class RelationType(str, enum.Enum):
    """Typed links between documents, named after the ELI ontology where it has a name."""

    BASED_ON = "based_on"  # eli:based_on — "Căn cứ …"
    IMPLEMENTS = "implements"  # eli:implements — carries out a directive above it
    AMENDS = "amends"  # eli:amends
    REPEALS = "repeals"  # eli:repeals
    CORRECTS = "corrects"  # eli:corrects — đính chính
    CITES = "cites"  # eli:cites
    RESPONDS_TO = "responds_to"  # vanban: a report answering a request

    @property
    def inverse(self) -> str:
        return _INVERSE[self.value]

    def label(self, lang: str = DEFAULT_LANG) -> str:
        """How the relation is named to a person: "thực hiện" / "implements"."""
        return text(f"relation.{self.value}", lang)


_INVERSE = {
    "based_on": "basis_for",
    "implements": "implemented_by",
    "amends": "amended_by",
    "repeals": "repealed_by",
    "corrects": "corrected_by",
    "cites": "cited_by",
    "responds_to": "responded_by",
}


@attrs.frozen(slots=True)
class Relation:
    """``source`` *type* ``target``, e.g. 2017/QĐ-UBND implements 1085/QĐ-UBND (by document ID)."""

    type: RelationType
    source: str
    target: str


def document_id(issuer: str, year: int | None, number: str, symbol: str) -> str:
    """A stable work ID in the shape of an Akoma Ntoso work name.

    >>> document_id("ubnd-binh-son", 2023, "36", "KH-UBND")
    'ubnd-binh-son/2023/36-kh-ubnd'
    >>> document_id("huyen-uy-binh-son", 2023, "1631", "QĐ/HU")
    'huyen-uy-binh-son/2023/1631-qd-hu'
    """
    return f"{issuer}/{year if year is not None else 'nd'}/{slug(number + '-' + symbol)}"


@attrs.frozen(slots=True)
class Deadline:
    """Something a document requires by a date: "Đoàn giám sát báo cáo kết quả trước 31/12/2022"."""

    due: _dt.date
    what: str
    kind: str | None = None  # kind of the document that fulfils it (Báo cáo)
    by: str | None = None  # issuer key that owes it; None = the document's own issuer
    fulfilled_by: tuple[str, ...] = ()  # document IDs named in the registry
    source: str | None = None
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen(slots=True)
class Requirement:
    """Implementation required below a directive: each of *issuers* must issue *kinds* in *within* days."""

    issuers: tuple[str, ...]  # issuer keys
    kinds: tuple[str, ...] = ()  # empty: any kind
    within: int = 30
    source: str | None = None
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen(slots=True)
class DanglingReference:
    """A relation whose target is not in the registry (kept when loading leniently, for `check`)."""

    source: str  # document ID
    type: RelationType
    ref: str
    line: int
    column: int
    candidates: tuple[str, ...] = ()  # document IDs when the reference is ambiguous
    nearest: str | None = None  # the code of a likely intended document (a near match)



@attrs.frozen(slots=True)
class Document:
    """A document in the registry."""

    id: str
    kind: str | None
    number: str
    symbol: str
    issuer: str  # issuer key
    date: _dt.date | None = None
    year: int | None = None  # the year inside a normative number
    title: str | None = None
    period: Period | None = None
    program: str | None = None
    subprojects: tuple[str, ...] = ()
    relations: tuple[Relation, ...] = ()
    note: str | None = None
    deadlines: tuple[Deadline, ...] = ()
    requires: tuple[Requirement, ...] = ()
    #: rule slug or code → the clerk's reason for silencing it on this document
    silence: tuple[tuple[str, str], ...] = ()
    line: int = attrs.field(default=0, eq=False)  # 1-based line of the entry in its file
    #: the file the entry is in, for a registry that is a folder of files (None: the registry's own file)
    file: str | None = attrs.field(default=None, eq=False)

    @property
    def scheme(self) -> Scheme:
        return read_symbol(self.symbol, self.year, self.kind).scheme

    @property
    def symbol_reading(self) -> SymbolReading:
        """The ký hiệu's scheme and parts (type code, issuer, unit)."""
        return read_symbol(self.symbol, self.year, self.kind)

    def citation(self, issuer_name: str | None = None, *, with_title: bool = True) -> Citation:
        return Citation(
            number=self.number,
            symbol=self.symbol,
            kind=self.kind,
            year=self.year,
            date=self.date,
            issuer=issuer_name,
            title=self.title if with_title else None,
        )

    @property
    def code(self) -> str:
        return code_of(self.number, self.symbol, self.year, self.kind)

    @property
    def issue_year(self) -> int | None:
        if self.year is not None:
            return self.year
        return self.date.year if self.date else None

    def date_text(self) -> str:
        return format_date(self.date) if self.date else ""


@attrs.frozen(slots=True)
class NotApplicable:
    """A project or sub-project that does not apply to the locality, with why and on what basis."""

    unit: str
    reason: str
    source: str | None = None
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen(slots=True)
class ObligationOverride:
    """The registry's own date for a recurring obligation of the catalog (provinces set their own)."""

    code: str
    month: int | None = None
    day: int | None = None
    disabled: bool = False
    note: str | None = None


@attrs.frozen(slots=True)
class Locality:
    """Whose registry this is."""

    name: str
    issuer: str | None = None
    programs: tuple[str, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    obligations: tuple[ObligationOverride, ...] = ()

    def not_applicable_reason(self, unit: str) -> NotApplicable | None:
        """The declaration covering *unit* (a project's declaration covers its sub-projects)."""
        for entry in self.not_applicable:
            if unit == entry.unit or unit.startswith(entry.unit + "-"):
                return entry
        return None
