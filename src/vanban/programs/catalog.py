"""Catalog of national target programs (Chương trình MTQG): projects, sub-projects and
recurring obligations, loaded from package data.

Each program is one YAML file under ``vanban/data/programs/`` whose file name (without
``.yaml``) is the program code. To add a program, add a data file; no code changes are
needed::

    >>> prog = load_program("giam-ngheo-2021-2025")
    >>> prog.unit("DA3-TDA2").short_name
    'Cải thiện dinh dưỡng'
    >>> prog.match_units('Tiểu Dự án 2 – Dự án 6')
    ['DA6-TDA2']
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError
from ..cite.text import key

__all__ = [
    "APPLIES_TO",
    "FREQUENCIES",
    "SCOPES",
    "VERIFIED_MARKS",
    "CatalogError",
    "LegalRef",
    "Program",
    "Project",
    "RecurringObligation",
    "SubProject",
    "available_programs",
    "load_program",
]

SCOPES: tuple[str, ...] = (
    "nationwide",
    "poor-districts",  # huyện nghèo only
    "poor-districts-and-coastal-communes",  # + xã ĐBKK bãi ngang, ven biển, hải đảo (QĐ 353/QĐ-TTg)
    "poor-districts-880",  # huyện nghèo of the Đề án under QĐ 880/QĐ-TTg
)
VERIFIED_MARKS: tuple[str, ...] = ("V", "P", "U")
FREQUENCIES: tuple[str, ...] = ("yearly", "once")
APPLIES_TO: tuple[str, ...] = ("subproject", "program")


class CatalogError(ValueError):
    """Bad catalog data. ``file`` and ``field`` (a path such as
    ``projects[2].subprojects[0].scope``) say where the problem is."""

    def __init__(self, message: str, *, file: str | None = None, field: str | None = None) -> None:
        self.message = message
        self.file = file
        self.field = field
        where = ": ".join(p for p in (file, field) if p)
        super().__init__(f"{where}: {message}" if where else message)

    def at(self, *, file: str | None = None, prefix: str | None = None) -> CatalogError:
        """Return a copy with the file name set and/or a path prefix added to ``field``."""
        field = self.field
        if prefix:
            field = f"{prefix}.{field}" if field else prefix
        return CatalogError(self.message, file=file or self.file, field=field)


# --------------------------------------------------------------------------------------
# Field validators (raise CatalogError naming the field; the loader adds file + path)
# --------------------------------------------------------------------------------------


def _one_of(allowed: tuple[str, ...]):
    def check(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
        if value not in allowed:
            raise CatalogError(f"{value!r} is not one of {', '.join(allowed)}", field=attribute.name)

    return check


def _nonempty_str(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise CatalogError(f"must be a non-empty string, got {value!r}", field=attribute.name)


def _opt_str(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise CatalogError(f"must be a string, got {value!r}", field=attribute.name)


def _str_tuple(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    for i, item in enumerate(value):
        if not isinstance(item, str) or not item.strip():
            raise CatalogError(f"must be a non-empty string, got {item!r}", field=f"{attribute.name}[{i}]")


def _code(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", value):
        raise CatalogError(
            f"must be letters, digits, '-', '_' or '.', got {value!r}", field=attribute.name
        )


def _tuple(value: Any) -> tuple:
    if isinstance(value, (str, bytes, Mapping)) or not hasattr(value, "__iter__"):
        raise CatalogError(f"must be a list, got {value!r}")
    return tuple(value)


def _trailing_number(code: str) -> int | None:
    m = re.search(r"(\d+)$", code)
    return int(m.group(1)) if m else None


# --------------------------------------------------------------------------------------
# Model
# --------------------------------------------------------------------------------------


@attrs.frozen(slots=True)
class LegalRef:
    """A legal document the program rests on (căn cứ pháp lý)."""

    kind: str = attrs.field(validator=_nonempty_str)  # tên loại: Quyết định, Nghị quyết, ...
    symbol: str = attrs.field(validator=_nonempty_str)  # số, ký hiệu: "90/QĐ-TTg"
    date: _dt.date | None
    issuer: str = attrs.field(validator=_nonempty_str)
    title: str = attrs.field(validator=_nonempty_str)
    source: str = attrs.field(validator=_nonempty_str)
    verified: str = attrs.field(validator=_one_of(VERIFIED_MARKS))
    note: str | None = attrs.field(default=None, validator=_opt_str)


@attrs.frozen(slots=True)
class SubProject:
    """Tiểu dự án. ``name`` is the official name with its "Tiểu dự án N:" prefix;
    ``short_name`` is the name without that prefix."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_nonempty_str)
    short_name: str = attrs.field(validator=_nonempty_str)
    scope: str = attrs.field(validator=_one_of(SCOPES))
    aliases: tuple[str, ...] = attrs.field(converter=_tuple, validator=_str_tuple)
    verified: str = attrs.field(validator=_one_of(VERIFIED_MARKS))
    source: str = attrs.field(validator=_nonempty_str)
    project_code: str = attrs.field(validator=_code)
    note: str | None = attrs.field(default=None, validator=_opt_str)

    @property
    def number(self) -> int | None:
        """The number clerks write ("Tiểu dự án 2"): the digits at the end of the code."""
        return _trailing_number(self.code)


@attrs.frozen(slots=True)
class Project:
    """Dự án. ``name`` is the official name with its "Dự án N:" prefix."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_nonempty_str)
    scope: str = attrs.field(validator=_one_of(SCOPES))
    subprojects: tuple[SubProject, ...] = attrs.field(converter=_tuple)
    aliases: tuple[str, ...] = attrs.field(converter=_tuple, validator=_str_tuple)
    verified: str = attrs.field(validator=_one_of(VERIFIED_MARKS))
    source: str = attrs.field(validator=_nonempty_str)
    note: str | None = attrs.field(default=None, validator=_opt_str)

    @property
    def number(self) -> int | None:
        """The number clerks write ("Dự án 3"): the digits at the end of the code."""
        return _trailing_number(self.code)


def _month(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 12:
        raise CatalogError(f"must be a month 1-12, got {value!r}", field=attribute.name)


def _years(_inst: Any, attribute: attrs.Attribute, value: Any) -> None:
    if not value:
        raise CatalogError("must list at least one year", field=attribute.name)
    for i, y in enumerate(value):
        if not isinstance(y, int) or isinstance(y, bool) or not 1900 <= y <= 2100:
            raise CatalogError(f"must be a year, got {y!r}", field=f"{attribute.name}[{i}]")


@attrs.frozen(slots=True)
class RecurringObligation:
    """A recurring duty of the program (plan, report, review) as data for the deadline
    checker. ``month``/``day`` is a DEFAULT due date; provinces override it."""

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_nonempty_str)
    kind: str = attrs.field(validator=_nonempty_str)  # expected document kind: Kế hoạch, Báo cáo, ...
    freq: str = attrs.field(validator=_one_of(FREQUENCIES))
    month: int = attrs.field(validator=_month)
    day: int = attrs.field()
    years: tuple[int, ...] = attrs.field(converter=_tuple, validator=_years)
    applies_to: str = attrs.field(validator=_one_of(APPLIES_TO))
    source: str = attrs.field(validator=_nonempty_str)
    verified: str = attrs.field(validator=_one_of(VERIFIED_MARKS))
    note: str | None = attrs.field(default=None, validator=_opt_str)
    #: phrases one of which a fulfilling document's title contains ("giám sát", "rà soát hộ nghèo");
    #: empty: any document of the kind fulfils it
    match: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)
    #: kinds accepted as evidence that it was done; empty: only ``kind``
    evidence_kinds: tuple[str, ...] = attrs.field(default=(), converter=_tuple, validator=_str_tuple)

    @property
    def accepted_kinds(self) -> tuple[str, ...]:
        return self.evidence_kinds or (self.kind,)

    @day.validator
    def _check_day(self, attribute: attrs.Attribute, value: Any) -> None:
        if not isinstance(value, int) or isinstance(value, bool):
            raise CatalogError(f"must be a day of month, got {value!r}", field="day")
        try:
            _dt.date(2024, self.month, value)  # leap year: allows 29/02
        except ValueError:
            raise CatalogError(f"{value!r} is not a day of month {self.month}", field="day") from None

    def __attrs_post_init__(self) -> None:
        if self.freq == "once" and len(self.years) != 1:
            raise CatalogError("freq 'once' needs exactly one year", field="years")
        if len(set(self.years)) != len(self.years):
            raise CatalogError("duplicate year", field="years")

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

    code: str = attrs.field(validator=_code)
    name: str = attrs.field(validator=_nonempty_str)
    short_name: str = attrs.field(validator=_nonempty_str)
    legal_basis: tuple[LegalRef, ...] = attrs.field(converter=_tuple)
    period_start: int
    period_end: int
    projects: tuple[Project, ...] = attrs.field(converter=_tuple)
    recurring: tuple[RecurringObligation, ...] = attrs.field(converter=_tuple, default=())
    owner: str = attrs.field(default="", validator=attrs.validators.instance_of(str))
    note: str | None = attrs.field(default=None, validator=_opt_str)
    _index: dict[str, Project | SubProject] = attrs.field(init=False, repr=False, eq=False, hash=False)
    _matcher: _Matcher = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        for name in ("period_start", "period_end"):
            v = getattr(self, name)
            if not isinstance(v, int) or isinstance(v, bool) or not 1900 <= v <= 2100:
                raise CatalogError(f"must be a year, got {v!r}", field=name)
        if self.period_end < self.period_start:
            raise CatalogError("ends before period_start", field="period_end")

        index: dict[str, Project | SubProject] = {}
        for i, p in enumerate(self.projects):
            if p.code in index:
                raise CatalogError(f"duplicate code {p.code!r}", field=f"projects[{i}].code")
            index[p.code] = p
            for j, s in enumerate(p.subprojects):
                where = f"projects[{i}].subprojects[{j}]"
                if s.project_code != p.code:
                    raise CatalogError(
                        f"{s.project_code!r} but the sub-project is listed under {p.code!r}",
                        field=f"{where}.project_code",
                    )
                if not s.code.startswith(p.code + "-"):
                    raise CatalogError(
                        f"{s.code!r} must start with its project code {p.code + '-'!r}", field=f"{where}.code"
                    )
                if s.code in index:
                    raise CatalogError(f"duplicate code {s.code!r}", field=f"{where}.code")
                index[s.code] = s
        seen: set[str] = set()
        for i, r in enumerate(self.recurring):
            if r.code in seen:
                raise CatalogError(f"duplicate code {r.code!r}", field=f"recurring[{i}].code")
            seen.add(r.code)
            for k, y in enumerate(r.years):
                if not self.period_start - 1 <= y <= self.period_end + 1:
                    raise CatalogError(
                        f"{y} is outside the program period {self.period_start}-{self.period_end}",
                        field=f"recurring[{i}].years[{k}]",
                    )
        object.__setattr__(self, "_index", index)
        object.__setattr__(self, "_matcher", _Matcher(self.projects))

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
        return [u.code for u in self.units()]

    def obligation(self, code: str) -> RecurringObligation:
        """The recurring obligation with this code; raises KeyError."""
        for r in self.recurring:
            if r.code == code:
                return r
        raise KeyError(f"{code!r} is not a recurring obligation of {self.code}")

    # -- matching ----------------------------------------------------------------------

    def match_units(self, text: str) -> list[str]:
        """Codes of the projects / sub-projects that a document title (trích yếu) names,
        in catalog order.

        Recognises the aliases from the catalog and the numbered forms "Tiểu dự án N"
        (tied to "Dự án M" by ":", "-", "–", "của", "trong", "thuộc", before or after it,
        with an optional quoted name between) and "Dự án M" alone. A "Dự án M" that
        only names the parent of a sub-project mentioned in the text is not returned.
        Ignores case, NFC/NFD and tone placement.
        """
        found = self._matcher.match(text)
        return [c for c in self._index if c in found]


# --------------------------------------------------------------------------------------
# Title matcher
# --------------------------------------------------------------------------------------

# quotes, brackets and separators that may sit between a number and its name
_Q = "\"'“”‘’«»()\\[\\]"
_SEP_ONLY = re.compile(rf"[\s{_Q}:\-–—/,.]*")
_NO_BREAK = re.compile(r"[;\n]")
_FORWARD_LINK = re.compile(
    rf"(?:(?<!\w)(?:{key('của')}|{key('trong')}|{key('thuộc')})(?:\s+{key('dự')}\s+{key('án')})?"
    rf"|[:\-–—])[\s{_Q}]*\Z"
)
_LIST_JOIN = re.compile(rf"(?:(?<!\w){key('và')}|[,&])[\s{_Q}]*\Z")
_NUMBERED = re.compile(
    rf"(?<!\w)(?:(?P<sub>{key('tiểu')}\s+{key('dự')}\s+{key('án')}|tda)"
    rf"|(?P<proj>{key('dự')}\s+{key('án')}|da))"
    rf"(?:\s+{key('thành')}\s+{key('phần')})?\s*(?:{key('số')}\s*)?(?P<n>\d{{1,2}})(?!\d)"
    rf"(?P<more>(?:\s*(?:,|&|{key('và')})\s*\d{{1,2}}(?![\d/]))*)"
)
_MAX_GAP = 200


@attrs.define(slots=True)
class _Event:
    start: int
    end: int
    kind: str  # "proj" (numbered or alias), "tda" (numbered sub-project), "sub" (alias)
    code: str | None = None  # project code for proj, sub-project code for sub
    number: int | None = None  # for tda
    consumed: bool = False  # proj only: it just names the parent of a sub-project


class _Matcher:
    """Finds project / sub-project mentions in keyed text (see Program.match_units)."""

    __slots__ = ("_aliases", "_proj_by_num", "_sub_by_num", "_parent")

    def __init__(self, projects: tuple[Project, ...]) -> None:
        self._proj_by_num: dict[int, str] = {}
        self._sub_by_num: dict[tuple[str, int], str] = {}
        self._parent: dict[str, str] = {}
        owners: dict[str, tuple[str, str]] = {}
        aliases: list[tuple[re.Pattern[str], str, str]] = []

        def add_alias(alias: str, code: str, kind: str, where: str) -> None:
            tokens = re.findall(r"\w+", key(alias))
            if not tokens:
                raise CatalogError(f"alias {alias!r} has no words", field=where)
            k = " ".join(tokens)
            if k in owners and owners[k][0] != code:
                raise CatalogError(f"alias {alias!r} is also an alias of {owners[k][0]}", field=where)
            owners[k] = (code, where)
            pattern = re.compile(r"(?<!\w)" + r"\W{1,4}".join(map(re.escape, tokens)) + r"(?!\w)")
            aliases.append((pattern, code, kind))

        for i, p in enumerate(projects):
            n = p.number
            if n is not None:
                if n in self._proj_by_num:
                    raise CatalogError(
                        f"number {n} is also used by {self._proj_by_num[n]}", field=f"projects[{i}].code"
                    )
                self._proj_by_num[n] = p.code
            for a, alias in enumerate(p.aliases):
                add_alias(alias, p.code, "proj", f"projects[{i}].aliases[{a}]")
            for j, s in enumerate(p.subprojects):
                self._parent[s.code] = p.code
                sn = s.number
                if sn is not None:
                    if (p.code, sn) in self._sub_by_num:
                        raise CatalogError(
                            f"number {sn} is also used by {self._sub_by_num[(p.code, sn)]}",
                            field=f"projects[{i}].subprojects[{j}].code",
                        )
                    self._sub_by_num[(p.code, sn)] = s.code
                for a, alias in enumerate(s.aliases):
                    add_alias(alias, s.code, "sub", f"projects[{i}].subprojects[{j}].aliases[{a}]")
        self._aliases = aliases

    # -- event extraction --------------------------------------------------------------

    def _events(self, k: str) -> list[_Event]:
        events: list[_Event] = []
        for m in _NUMBERED.finditer(k):
            is_sub = m.group("sub") is not None
            numbers = [(m.start(), m.end("n"), int(m.group("n")))]
            base = m.start("more")
            for extra in re.finditer(r"\d+", m.group("more")):
                numbers.append((base + extra.start(), base + extra.end(), int(extra.group())))
            for start, end, n in numbers:
                if is_sub:
                    events.append(_Event(start, end, "tda", number=n))
                else:
                    events.append(_Event(start, end, "proj", code=self._proj_by_num.get(n)))

        # aliases: longest match wins, shorter overlapping matches are dropped
        hits = [
            (m.start(), m.end(), code, kind)
            for pattern, code, kind in self._aliases
            for m in pattern.finditer(k)
        ]
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = [(e.start, e.end) for e in events]
        for start, end, code, kind in hits:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            events.append(_Event(start, end, kind, code=code))
        events.sort(key=lambda e: e.start)

        # "Dự án 4 “Phát triển giáo dục nghề nghiệp, việc làm bền vững”" is one mention
        merged: list[_Event] = []
        for e in events:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.kind == e.kind == "proj"
                and prev.code is not None
                and prev.code == e.code
                and _SEP_ONLY.fullmatch(k, prev.end, e.start)
            ):
                prev.end = e.end
                continue
            merged.append(e)
        return merged

    # -- binding -----------------------------------------------------------------------

    @staticmethod
    def _gap(k: str, a: _Event, b: _Event) -> str | None:
        gap = k[a.end : b.start]
        if len(gap) > _MAX_GAP or _NO_BREAK.search(gap):
            return None
        return gap

    def _forward_ok(self, k: str, a: _Event, b: _Event) -> bool:
        gap = self._gap(k, a, b)
        return gap is not None and bool(_SEP_ONLY.fullmatch(gap) or _FORWARD_LINK.search(gap))

    def _backward_ok(self, k: str, a: _Event, b: _Event) -> bool:
        gap = self._gap(k, a, b)
        return gap is not None and bool(_SEP_ONLY.fullmatch(gap))

    def match(self, text: str) -> set[str]:
        k = key(text)
        events = self._events(k)
        # numbered sub-projects and projects; "sub" alias events are transparent here
        skeleton = [e for e in events if e.kind != "sub"]
        found: set[str] = set()

        i = 0
        while i < len(skeleton):
            e = skeleton[i]
            if e.kind != "tda":
                i += 1
                continue
            group = [e]
            j = i + 1
            while j < len(skeleton) and skeleton[j].kind == "tda":
                gap = self._gap(k, group[-1], skeleton[j])
                if gap is None or not _LIST_JOIN.search(gap):
                    break
                group.append(skeleton[j])
                j += 1
            parent: _Event | None = None
            if j < len(skeleton) and skeleton[j].kind == "proj" and self._forward_ok(k, group[-1], skeleton[j]):
                parent = skeleton[j]
            elif i > 0 and skeleton[i - 1].kind == "proj" and self._backward_ok(k, skeleton[i - 1], e):
                parent = skeleton[i - 1]
            if parent is not None and parent.code is not None:
                codes = [self._sub_by_num.get((parent.code, t.number)) for t in group if t.number is not None]
                codes = [c for c in codes if c]
                if codes:
                    found.update(codes)
                    parent.consumed = True
            i = j

        for idx, e in enumerate(events):
            if e.kind != "sub" or e.code is None:
                continue
            found.add(e.code)
            parent_code = self._parent.get(e.code)
            nxt = next((x for x in events[idx + 1 :] if x.kind != "sub"), None)
            if nxt is not None and nxt.kind == "proj" and nxt.code == parent_code and self._forward_ok(k, e, nxt):
                nxt.consumed = True
            prv = next((x for x in reversed(events[:idx]) if x.kind != "sub"), None)
            if prv is not None and prv.kind == "proj" and prv.code == parent_code and self._backward_ok(k, prv, e):
                prv.consumed = True

        found.update(e.code for e in events if e.kind == "proj" and e.code and not e.consumed)
        return found


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------

_PROGRAM_KEYS = {
    "code", "name", "short_name", "legal_basis", "period_start", "period_end",
    "owner", "note", "projects", "recurring",
}  # fmt: skip
_LEGAL_KEYS = {"kind", "symbol", "date", "issuer", "title", "source", "verified", "note"}
_PROJECT_KEYS = {"code", "name", "scope", "subprojects", "aliases", "verified", "source", "note"}
_SUB_KEYS = {"code", "name", "short_name", "scope", "aliases", "verified", "source", "note"}
_RECURRING_KEYS = {
    "code", "name", "kind", "freq", "month", "day", "years", "applies_to", "source", "verified", "note", "match", "evidence_kinds",
}  # fmt: skip
_OPTIONAL = {"note", "owner", "recurring", "date", "aliases", "subprojects", "match", "evidence_kinds"}


def _programs_dir():
    return resources.files("vanban").joinpath("data").joinpath("programs")


def available_programs() -> list[str]:
    """Codes of the programs shipped as package data (file names without ``.yaml``)."""
    try:
        entries = list(_programs_dir().iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(e.name[: -len(".yaml")] for e in entries if e.name.endswith(".yaml") and e.is_file())


def load_program(code_or_path: str | os.PathLike[str]) -> Program:
    """Load a program by code (package data) or from a YAML file path.

    Raises KeyError for an unknown code and CatalogError (a ValueError) for bad data.
    """
    if isinstance(code_or_path, os.PathLike) or _looks_like_path(code_or_path):
        path = Path(code_or_path)
        return _parse(path.read_text(encoding="utf-8"), path.name, expected_code=None)
    return _load_packaged(code_or_path)


def _looks_like_path(s: str) -> bool:
    return s.endswith((".yaml", ".yml")) or "/" in s or os.sep in s


@functools.lru_cache(maxsize=None)
def _load_packaged(code: str) -> Program:
    resource = _programs_dir().joinpath(f"{code}.yaml")
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", code) or not resource.is_file():
        raise KeyError(f"no program {code!r}; available: {', '.join(available_programs()) or 'none'}")
    return _parse(resource.read_text(encoding="utf-8"), resource.name, expected_code=code)


def _parse(text: str, file: str, expected_code: str | None) -> Program:
    try:
        data = YAML(typ="safe").load(text)
    except YAMLError as exc:
        raise CatalogError(f"invalid YAML: {exc}", file=file) from exc
    try:
        program = _build_program(data)
    except CatalogError as exc:
        raise exc.at(file=file) from None
    if expected_code is not None and program.code != expected_code:
        raise CatalogError(f"{program.code!r} does not match the file name", file=file, field="code")
    return program


def _fields(data: Any, allowed: set[str], where: str) -> dict[str, Any]:
    """Check a mapping has exactly the known keys and return it."""
    if not isinstance(data, Mapping):
        raise CatalogError(f"must be a mapping, got {type(data).__name__}", field=where or None)
    for name in data:
        if name not in allowed:
            raise CatalogError("unknown field", field=f"{where}.{name}" if where else str(name))
    for name in sorted(allowed - _OPTIONAL - data.keys()):
        raise CatalogError("missing", field=f"{where}.{name}" if where else name)
    return dict(data)


def _list(data: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = data.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise CatalogError("must be a list", field=f"{where}.{key}" if where else key)
    return value


def _make(cls: type, where: str, **kwargs: Any) -> Any:
    try:
        return cls(**kwargs)
    except CatalogError as exc:
        raise exc.at(prefix=where or None) from None
    except TypeError as exc:  # wrong type handed to a converter
        raise CatalogError(str(exc), field=where or None) from None


def _date(value: Any, where: str) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        try:
            return _dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise CatalogError(f"must be a date YYYY-MM-DD, got {value!r}", field=f"{where}.date")


def _build_program(data: Any) -> Program:
    d = _fields(data, _PROGRAM_KEYS, "")
    legal = []
    for i, item in enumerate(_list(d, "legal_basis", "")):
        w = f"legal_basis[{i}]"
        ld = _fields(item, _LEGAL_KEYS, w)
        ld["date"] = _date(ld.get("date"), w)
        legal.append(_make(LegalRef, w, **ld))
    projects = []
    for i, item in enumerate(_list(d, "projects", "")):
        w = f"projects[{i}]"
        pd = _fields(item, _PROJECT_KEYS, w)
        subs = []
        for j, sub in enumerate(_list(pd, "subprojects", w)):
            sw = f"{w}.subprojects[{j}]"
            sd = _fields(sub, _SUB_KEYS, sw)
            sd["aliases"] = _list(sd, "aliases", sw)
            subs.append(_make(SubProject, sw, project_code=pd.get("code"), **sd))
        pd["subprojects"] = subs
        pd["aliases"] = _list(pd, "aliases", w)
        projects.append(_make(Project, w, **pd))
    recurring = []
    for i, item in enumerate(_list(d, "recurring", "")):
        w = f"recurring[{i}]"
        rd = _fields(item, _RECURRING_KEYS, w)
        rd["match"] = _list(rd, "match", w)
        rd["evidence_kinds"] = _list(rd, "evidence_kinds", w)
        recurring.append(_make(RecurringObligation, w, **rd))
    d.update(legal_basis=legal, projects=projects, recurring=recurring)
    if d.get("owner") is None:
        d.pop("owner", None)
    return _make(Program, "", **d)
