"""Loading program files: the packaged catalog (``vanban/data/programs/<code>.yaml``) or a path.

A program file is read by schema with the one typed reader, so every problem — an unknown or
missing field, a scope or mark that is not allowed, a code used twice, a sub-project code that
does not start with its project's, an alias shared by two units, an impossible day — is
reported with file:line:column, all at once, as a :class:`CatalogError`.

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
from pathlib import Path
from typing import Any

import attrs

from ..base.datafiles import cached_data, data_path
from ..base.errors import DataFileError, Problem
from ..base.inputfile import InputError, decode_utf8, read_limited
from ..base.safety import ArgumentError
from ..base.yamlread import Fields, Node, TypedReader, compose, position
from .match import DEFAULT_UNIT_WORDS, alias_key
from .model import (
    APPLIES_TO, FREQUENCIES, LEVELS, SCOPES, VERIFIED_MARKS, LegalRef, Phase, Program, Project, RecurringObligation,
    SubProject, trailing_number,
)

__all__ = ["CatalogError", "available_programs", "load_program", "parse_program"]

_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_PROGRAM_FIELDS = ("code", "name", "short_name", "legal_basis", "period_start", "period_end", "owner", "note",
                   "projects", "recurring", "phases", "unit_words")
_PHASE_FIELDS = ("name", "start", "end", "verified", "source")
_LEGAL_FIELDS = ("kind", "symbol", "date", "issuer", "title", "source", "verified", "note")
_PROJECT_FIELDS = ("code", "name", "scope", "subprojects", "aliases", "verified", "source", "note", "lead")
_SUB_FIELDS = ("code", "name", "short_name", "scope", "aliases", "verified", "source", "note")
_RECURRING_FIELDS = ("code", "name", "kind", "freq", "month", "day", "years", "applies_to", "source", "verified",
                     "note", "match", "evidence_kinds", "levels", "months", "working_days", "round_kinds",
                     "round_match")


class CatalogError(DataFileError, ValueError):
    """A program file that does not read; :attr:`problems` places each problem."""


def available_programs() -> list[str]:
    """Codes of the programs shipped as package data (file names without ``.yaml``)."""
    try:
        entries = list(data_path("programs").iterdir())
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(e.name[: -len(".yaml")] for e in entries if e.name.endswith(".yaml") and e.is_file())


def load_program(code_or_path: str | os.PathLike[str]) -> Program:
    """A program by code (package data) or from a YAML file path.

    KeyError for an unknown code; CatalogError (a ValueError) for a file that does not read.
    """
    if not isinstance(code_or_path, (str, os.PathLike)):
        raise ArgumentError("error.argument-type", name="code_or_path", expected="str | os.PathLike",
                            actual=type(code_or_path).__name__)
    if isinstance(code_or_path, os.PathLike) or _looks_like_path(code_or_path):
        path = Path(code_or_path)
        try:
            # bounded: a program "file" that is a device or a FIFO is not read forever
            text = decode_utf8(read_limited(path), str(path))
        except InputError as exc:
            msg_id = "registry.file-not-found" if exc.msg_id in ("input.not-found", "input.is-a-folder") else exc.msg_id
            raise CatalogError([Problem(str(path), exc.line, 1 if exc.line else 0, "", msg_id, exc.params)]) from None
        return attrs.evolve(parse_program(text, str(path)), source=str(path))
    return _load_packaged(code_or_path)


def _looks_like_path(s: str) -> bool:
    return s.endswith((".yaml", ".yml")) or "/" in s or os.sep in s


@functools.lru_cache(maxsize=None)
def _load_packaged(code: str) -> Program:
    resource = data_path("programs", f"{code}.yaml")
    if not _CODE.fullmatch(code) or not resource.is_file():
        raise KeyError(f"no program {code!r}; available: {', '.join(available_programs()) or 'none'}")
    return cached_data(f"programs/{code}.yaml", lambda: parse_program(
        resource.read_text(encoding="utf-8"), f"{code}.yaml", expected_code=code))


def parse_program(text: str, filename: str, *, expected_code: str | None = None) -> Program:
    """The program that YAML *text* describes; CatalogError lists every problem, placed."""
    root = compose(text, filename, CatalogError)
    reader = _ProgramReader(filename)
    program = reader.program(root, expected_code)
    reader.raise_if_problems()
    assert program is not None
    return program


class _ProgramReader(TypedReader):
    def __init__(self, filename: str) -> None:
        super().__init__(filename, CatalogError)
        self.codes: dict[str, Node] = {}
        self.aliases: dict[str, str] = {}

    # --- small typed helpers --------------------------------------------------------------------
    def required_text(self, node: Node | None, fields: Fields, where: str, name: str) -> str:
        value = self.text(fields.get(name), f"{where}.{name}" if where else name)
        if value is None and name in fields:
            self.error(fields.get(name), f"{where}.{name}" if where else name, "missing-field", field=name)
        return value or ""

    def code(self, fields: Fields, where: str) -> str:
        field = f"{where}.code" if where else "code"
        value = self.text(fields.get("code"), field) or ""
        if value and not _CODE.fullmatch(value):
            self.error(fields.get("code"), field, "bad-key", value=value)
        return value

    def unique_code(self, fields: Fields, where: str) -> str:
        value = self.code(fields, where)
        node = fields.get("code")
        if value and value in self.codes and node is not None:
            self.error(node, f"{where}.code", "program.duplicate-code", value=value,
                       other_line=position(self.codes[value])[0])
        elif value and node is not None:
            self.codes[value] = node
        return value

    def strings(self, fields: Fields, where: str, name: str) -> tuple[str, ...]:
        return tuple(v for v, _ in self.texts(fields.get(name), f"{where}.{name}"))

    def alias_list(self, fields: Fields, where: str, owner: str) -> tuple[str, ...]:
        out = []
        for index, (alias, node) in enumerate(self.texts(fields.get("aliases"), f"{where}.aliases")):
            k = alias_key(alias)
            field = f"{where}.aliases[{index}]"
            if not k:
                self.error(node, field, "program.alias-no-words", value=alias)
            elif self.aliases.setdefault(k, owner) != owner:
                self.error(node, field, "program.alias-shared", value=alias, other=self.aliases[k])
            else:
                out.append(alias)
        return tuple(out)

    def year(self, node: Node | None, field: str) -> int | None:
        return self.integer(node, field, 1900, 2100)

    # --- sections -------------------------------------------------------------------------------
    def program(self, root: Node | None, expected_code: str | None) -> Program | None:
        fields = self.mapping(root, "", _PROGRAM_FIELDS)
        if root is None or not fields:
            self.error(root, "", "expected-mapping")
            return None
        self.require(root, fields, "", "code", "name", "short_name", "legal_basis", "period_start", "period_end",
                     "projects")
        code = self.code(fields, "")
        if expected_code is not None and code and code != expected_code:
            self.error(fields.get("code"), "code", "program.code-not-file-name", value=code, file=expected_code)
        start = self.year(fields.get("period_start"), "period_start")
        end = self.year(fields.get("period_end"), "period_end")
        if start is not None and end is not None and end < start:
            self.error(fields.get("period_end"), "period_end", "bad-period", value=f"{start}-{end}")
        legal = [self.legal_ref(node, f"legal_basis[{i}]") for i, node in
                 enumerate(self.items(fields.get("legal_basis"), "legal_basis"))]
        project_nodes = self.items(fields.get("projects"), "projects")
        projects = [self.project(node, f"projects[{i}]") for i, node in enumerate(project_nodes)]
        self.numbers(projects, project_nodes, "projects")
        phases = self.phases(fields.get("phases"), start, end)
        unit_words = self.unit_words(fields.get("unit_words"))
        recurring_nodes = self.items(fields.get("recurring"), "recurring")
        recurring = [self.recurring(node, f"recurring[{i}]", start, end) for i, node in enumerate(recurring_nodes)]
        seen: dict[str, int] = {}
        for index, obligation in enumerate(recurring):
            if obligation is not None and seen.setdefault(obligation.code, index) != index:
                self.error(recurring_nodes[index], f"recurring[{index}].code", "program.duplicate-code",
                           value=obligation.code, other_line=position(recurring_nodes[seen[obligation.code]])[0])
        if self.problems:
            return None
        return Program(
            code=code, name=self.required_text(root, fields, "", "name"),
            short_name=self.required_text(root, fields, "", "short_name"),
            legal_basis=tuple(r for r in legal if r is not None), period_start=start or 0, period_end=end or 0,
            projects=tuple(p for p in projects if p is not None),
            recurring=tuple(r for r in recurring if r is not None),
            owner=self.text(fields.get("owner"), "owner") or "", note=self.text(fields.get("note"), "note"),
            phases=tuple(phases), unit_words=unit_words,
        )

    def unit_words(self, node: Node | None) -> tuple[str, str]:
        """How titles number the units: {project: "hợp phần", subproject: "…"} (default: dự án, tiểu dự án)."""
        if node is None:
            return DEFAULT_UNIT_WORDS
        item = self.mapping(node, "unit_words", ("project", "subproject"))
        project = self.text(item.get("project"), "unit_words.project") or DEFAULT_UNIT_WORDS[0]
        subproject = self.text(item.get("subproject"), "unit_words.subproject") or DEFAULT_UNIT_WORDS[1]
        return project, subproject

    def legal_ref(self, node: Node, where: str) -> LegalRef | None:
        fields = self.mapping(node, where, _LEGAL_FIELDS)
        if not self.require(node, fields, where, "kind", "symbol", "issuer", "title", "source", "verified"):
            return None
        return LegalRef(
            kind=self.required_text(node, fields, where, "kind"), symbol=self.required_text(node, fields, where, "symbol"),
            date=self.date(fields.get("date"), f"{where}.date"), issuer=self.required_text(node, fields, where, "issuer"),
            title=self.required_text(node, fields, where, "title"),
            source=self.required_text(node, fields, where, "source"),
            verified=self.choice(fields.get("verified"), f"{where}.verified", VERIFIED_MARKS) or "U",
            note=self.text(fields.get("note"), f"{where}.note"),
        )

    def project(self, node: Node, where: str) -> Project | None:
        fields = self.mapping(node, where, _PROJECT_FIELDS)
        if not self.require(node, fields, where, "code", "name", "scope", "verified", "source"):
            return None
        code = self.unique_code(fields, where)
        aliases = self.alias_list(fields, where, code)  # the project's own first: a clash is the sub-project's
        sub_nodes = self.items(fields.get("subprojects"), f"{where}.subprojects")
        subs = [self.subproject(n, f"{where}.subprojects[{i}]", code) for i, n in enumerate(sub_nodes)]
        self.numbers(subs, sub_nodes, f"{where}.subprojects")
        return Project(
            code=code, name=self.required_text(node, fields, where, "name"),
            scope=self.choice(fields.get("scope"), f"{where}.scope", SCOPES) or "",
            subprojects=tuple(s for s in subs if s is not None), aliases=aliases,
            verified=self.choice(fields.get("verified"), f"{where}.verified", VERIFIED_MARKS) or "U",
            source=self.required_text(node, fields, where, "source"), note=self.text(fields.get("note"), f"{where}.note"),
            lead=self.text(fields.get("lead"), f"{where}.lead"),
        )

    def subproject(self, node: Node, where: str, project_code: str) -> SubProject | None:
        fields = self.mapping(node, where, _SUB_FIELDS)
        if not self.require(node, fields, where, "code", "name", "short_name", "scope", "verified", "source"):
            return None
        code = self.unique_code(fields, where)
        if code and project_code and not code.startswith(project_code + "-"):
            self.error(fields.get("code"), f"{where}.code", "program.sub-code-prefix", value=code,
                       prefix=project_code + "-")
        return SubProject(
            code=code, name=self.required_text(node, fields, where, "name"),
            short_name=self.required_text(node, fields, where, "short_name"),
            scope=self.choice(fields.get("scope"), f"{where}.scope", SCOPES) or "",
            aliases=self.alias_list(fields, where, code),
            verified=self.choice(fields.get("verified"), f"{where}.verified", VERIFIED_MARKS) or "U",
            source=self.required_text(node, fields, where, "source"), project_code=project_code,
            note=self.text(fields.get("note"), f"{where}.note"),
        )

    def numbers(self, units: list[Any], items: list[Node], where: str) -> None:
        """The number a clerk writes for a unit ("Dự án 3") may stand for one unit only."""
        seen: dict[int, str] = {}
        for index, unit in enumerate(units):
            if unit is None:
                continue
            number = trailing_number(unit.code)
            if number is not None and seen.setdefault(number, unit.code) != unit.code:
                self.error(items[index], f"{where}[{index}].code", "program.number-shared", value=number,
                           other=seen[number])

    def recurring(self, node: Node, where: str, start: int | None, end: int | None) -> RecurringObligation | None:
        fields = self.mapping(node, where, _RECURRING_FIELDS)
        if not self.require(node, fields, where, "code", "name", "kind", "freq", "years", "applies_to", "levels",
                            "source", "verified"):
            return None
        freq = self.choice(fields.get("freq"), f"{where}.freq", FREQUENCIES)
        needed = {"yearly": ("month", "day"), "once": ("month", "day"), "monthly": ("months", "day"),
                  "after-round": ("working_days", "round_kinds")}.get(freq or "", ())
        self.require(node, fields, where, *needed)
        month = self.integer(fields.get("month"), f"{where}.month", 1, 12)
        day = self.integer(fields.get("day"), f"{where}.day", 1, 31)
        months = [m for _, n in self.texts(fields.get("months"), f"{where}.months")
                  if (m := self.integer(n, f"{where}.months", 1, 12)) is not None]
        for check_month in ([month] if month else months):
            if day is not None:
                try:
                    _dt.date(2024, check_month, day)  # a leap year: 29/02 is allowed
                except ValueError:
                    self.error(fields.get("day"), f"{where}.day", "impossible-date",
                               value=f"{day:02d}/{check_month:02d}")
        years = []
        for value, ynode in self.texts(fields.get("years"), f"{where}.years"):
            year = self.year(ynode, f"{where}.years")
            if year is None:
                continue
            if start is not None and end is not None and not start - 1 <= year <= end + 1:
                self.error(ynode, f"{where}.years", "program.year-outside", value=year, start=start, end=end)
            elif year in years:
                self.error(ynode, f"{where}.years", "program.duplicate-year", value=year)
            years.append(year)
        if not years:
            self.error(fields.get("years") or node, f"{where}.years", "missing-field", field="years")
        if freq == "once" and len(years) != 1:
            self.error(fields.get("years"), f"{where}.years", "program.once-one-year")
        levels = tuple(v for v, n in self.texts(fields.get("levels"), f"{where}.levels")
                       if self.choice(n, f"{where}.levels", LEVELS))
        if freq is None or any(name not in fields for name in needed):
            return None
        return RecurringObligation(
            code=self.code(fields, where), name=self.required_text(node, fields, where, "name"),
            kind=self.required_text(node, fields, where, "kind"), freq=freq, month=month or 1, day=day or 1,
            years=tuple(years),
            applies_to=self.choice(fields.get("applies_to"), f"{where}.applies_to", APPLIES_TO) or "",
            source=self.required_text(node, fields, where, "source"),
            verified=self.choice(fields.get("verified"), f"{where}.verified", VERIFIED_MARKS) or "U",
            note=self.text(fields.get("note"), f"{where}.note"), match=self.strings(fields, where, "match"),
            evidence_kinds=self.strings(fields, where, "evidence_kinds"), levels=levels, months=tuple(months),
            working_days=self.integer(fields.get("working_days"), f"{where}.working_days", 0, 366) or 0,
            round_kinds=self.strings(fields, where, "round_kinds"),
            round_match=self.strings(fields, where, "round_match"),
        )

    def phases(self, node: Node | None, start: int | None, end: int | None) -> list[Phase]:
        out = []
        for index, item_node in enumerate(self.items(node, "phases")):
            where = f"phases[{index}]"
            item = self.mapping(item_node, where, _PHASE_FIELDS)
            if not self.require(item_node, item, where, "name", "start", "end"):
                continue
            first, last = self.year(item.get("start"), f"{where}.start"), self.year(item.get("end"), f"{where}.end")
            if first is None or last is None:
                continue
            if last < first or (start is not None and end is not None and not start <= first <= last <= end):
                self.error(item.get("end"), f"{where}.end", "bad-period", value=f"{first}-{last}")
                continue
            out.append(Phase(self.required_text(item_node, item, where, "name"), first, last,
                             self.choice(item.get("verified"), f"{where}.verified", VERIFIED_MARKS) or "U",
                             self.text(item.get("source"), f"{where}.source")))
        return out
