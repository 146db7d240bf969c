"""One registry from the parts its files were read into: what needs every file at once.

:mod:`vanban.registry.parts` reads each file on its own; here the parts become one
:class:`Registry`: the locality (exactly one file of a folder has it) and its programs, the
issuers of every file (a key defined twice is an error naming both places), each document's
issuer, program, sub-projects, requirements and ID, then every reference resolved against all
documents — a reference in one file to a document in another resolves like one in the same file.
Every problem names its own file, line and column.

Cost: one pass over the documents to build them, one to resolve their references (each a
dictionary look-up, or one match of a citation on the few documents with its number and symbol);
nothing grows faster than the documents.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Sequence

from ..base.errors import Problem, ProblemsError
from ..base.lazyre import lazy_compile
from ..base.messages import Message
from ..base.text import key
from ..base.yamlread import MAX_PROBLEMS, Fields, Node, TypedReader, nearest, position
from ..cite.citation import Citation
from ..programs import CatalogError, Program, available_programs, load_program
from .core import Registry, ResolveError
from .model import (
    DanglingReference, Deadline, Document, Issuer, Locality, NotApplicable, ObligationOverride, Period, Relation,
    RelationType, Requirement,
)
from .parts import (
    D_CODE_AT, D_COL, D_DATE, D_DEADLINES, D_ID, D_INDEX, D_ISSUER, D_KIND, D_LINE, D_NOTE, D_NUMBER, D_PERIOD,
    D_PROGRAM, D_RELATIONS, D_REQUIRES, D_SILENCE, D_SUBPROJECTS, D_SYMBOL, D_TAIL, D_TITLE, D_YEAR, LOCALITY_FIELDS,
    Part, citation_of, decode_tree, issuer_from_record,
)

__all__ = ["assemble"]

NOT_APPLICABLE_FIELDS = ("unit", "reason", "source")
OBLIGATION_FIELDS = ("month", "day", "disabled", "note")
#: ``requires: from:`` "communes" — every commune under the document's issuer — or "communes of
#: <issuer>" (in Vietnamese "các xã" / "các xã của <issuer>", "các xã thuộc <issuer>")
_COMMUNES = (key("communes"), key("các xã"), key("xã"), key("các xã, phường"))
_COMMUNES_OF = lazy_compile(rf"^(?:communes\s+of|{key('các xã')}(?:,\s*{key('phường')})?\s+(?:{key('của')}|{key('thuộc')}))\s+(.+)$")


def assemble(parts: Sequence[Part], *, path: Path | None, lenient_references: bool = False, folder: bool = False,
             error_class: type[ProblemsError] = ProblemsError, release: bool = False) -> Registry:
    """The registry the *parts* make (read from the files of *path*, a file or a folder); raise
    *error_class* listing every problem of every part and of their assembly.

    With *lenient_references* a relation to a document that is not registered is kept in
    ``registry.dangling`` instead of being an error. With *folder*, exactly one part must hold
    the locality, and each document keeps its file (``Document.file``). With *release*, each part's
    documents are dropped from it once built (:meth:`Part.release`), so that a large folder's
    records do not outlive their use.
    """
    return _Assembler(parts, path, lenient_references, folder, error_class, release).build()


class _LocalityReader(TypedReader):
    """The locality and its programs, read from the (decoded) ``locality:`` tree of its file."""

    def __init__(self, filename: str, error_class: type[ProblemsError], base: Path | None) -> None:
        super().__init__(filename, error_class)
        self.base = base

    def programs(self, fields: Fields) -> dict[str, Program]:
        """The locality's programs: a packaged code, or the path of the locality's own program file
        (relative to the file that names it), whose problems are reported with that file's line and column."""
        programs: dict[str, Program] = {}
        for value, node in self.texts(fields.get("programs"), "locality.programs"):
            if value.endswith((".yaml", ".yml")) or "/" in value:
                path = Path(value)
                if not path.is_absolute() and self.base is not None:
                    path = self.base / path
                try:
                    program = load_program(path)
                except CatalogError as exc:
                    if exc.problems and exc.problems[0].msg_id == "registry.file-not-found":
                        self.error(node, "locality.programs", "program-file-not-found", value=value)
                    else:
                        self.problems.extend(exc.problems)
                    continue
                programs[program.code] = program
                continue
            try:
                programs[value] = load_program(value)
            except (CatalogError, KeyError):
                self.error(node, "locality.programs", "unknown-program", value=value,
                           allowed=", ".join(available_programs()))
        return programs

    def locality(self, fields: Fields, programs: dict[str, Program]) -> Locality:
        not_applicable = []
        for index, node in enumerate(self.items(fields.get("not_applicable"), "locality.not_applicable")):
            where = f"locality.not_applicable[{index}]"
            item = self.mapping(node, where, NOT_APPLICABLE_FIELDS)
            unit = self.text(item.get("unit"), f"{where}.unit")
            reason = self.text(item.get("reason"), f"{where}.reason")
            for required, value in (("unit", unit), ("reason", reason)):
                if value is None:
                    self.error(node, where, "missing-field", field=required)
            if unit is None or reason is None:
                continue
            unit = unit.upper().replace(" ", "")
            codes = [c for p in programs.values() for c in p.codes()]
            if programs and unit not in codes:
                self.error(item.get("unit"), f"{where}.unit", "unknown-subproject", value=unit,
                           program=", ".join(programs), suggestion=nearest(unit, codes) or "")
                continue
            not_applicable.append(NotApplicable(unit, reason, self.text(item.get("source"), f"{where}.source"),
                                                line=position(node)[0]))
        obligations = []
        known = {o.code: o for p in programs.values() for o in p.recurring}
        overrides = self.mapping(fields.get("obligations"), "locality.obligations", None)
        for code in overrides:
            where = f"locality.obligations.{code}"
            if known and code not in known:
                self.error(overrides.key_node(code), where, "unknown-field", field=code,
                           suggestion=nearest(code, sorted(known)) or "", allowed=", ".join(sorted(known)))
                continue
            item = self.mapping(overrides.get(code), where, OBLIGATION_FIELDS)
            month = self.integer(item.get("month"), f"{where}.month", 1, 12)
            day = self.integer(item.get("day"), f"{where}.day", 1, 31)
            disabled = self.boolean(item.get("disabled"), f"{where}.disabled")
            catalog = known.get(code)
            if catalog is not None and (month or day):
                try:  # a leap year, so 29/02 is allowed
                    _dt.date(2024, month or catalog.month, day or catalog.day)
                except ValueError:
                    self.error(overrides.get(code), where, "impossible-date",
                               value=f"{day or catalog.day:02d}/{month or catalog.month:02d}")
                    continue
            obligations.append(ObligationOverride(code, month, day, bool(disabled),
                                                  self.text(item.get("note"), f"{where}.note")))
        return Locality(name=self.text(fields.get("name"), "locality.name") or "",
                        issuer=self.text(fields.get("issuer"), "locality.issuer"), programs=tuple(programs),
                        not_applicable=tuple(not_applicable), obligations=tuple(obligations))


class _Assembler:
    def __init__(self, parts: Sequence[Part], path: Path | None, lenient: bool, folder: bool,
                 error_class: type[ProblemsError], release: bool = False) -> None:
        self.parts = parts
        self.release = release
        self.path = path
        self.lenient = lenient
        self.folder = folder
        self.error_class = error_class
        self.problems: list[Problem] = [p for part in parts for p in part.problems]
        self.dangling: list[DanglingReference] = []
        # one object for each repeated value: dates, periods, kinds, symbols, codes, requirement lists
        self._dates: dict[int, _dt.date] = {}
        self._periods: dict[tuple[int, int], Period] = {}
        self._shared: dict[Any, Any] = {}
        self._citations: dict[tuple[Any, ...], Citation] = {}
        self._running: dict[tuple[_dt.date, int], str | None] = {}
        self._codes: dict[str, frozenset[str]] = {}

    # --- problems ------------------------------------------------------------------------------------------
    def error(self, file: str, line: int, column: int, field: str, msg_id: str, /, **params: Any) -> None:
        if "." not in msg_id:
            msg_id = f"registry.{msg_id}"
        self.problems.append(Problem(file, line, column, field, msg_id, params))
        if len(self.problems) >= MAX_PROBLEMS:
            self.problems.append(Problem(file, line, column, "", "registry.too-many-problems",
                                         {"count": MAX_PROBLEMS}))
            raise self.error_class(self.problems)

    def _merge(self, reader: TypedReader) -> None:
        self.problems.extend(reader.problems)
        reader.problems = []
        if len(self.problems) >= MAX_PROBLEMS:
            raise self.error_class(self.problems)

    def _share(self, value: Any) -> Any:
        return self._shared.setdefault(value, value)

    def _day(self, ordinal: int | None) -> _dt.date | None:
        if ordinal is None:
            return None
        day = self._dates.get(ordinal)
        if day is None:
            day = self._dates[ordinal] = _dt.date.fromordinal(ordinal)
        return day

    # --- the whole ----------------------------------------------------------------------------------------------
    def build(self) -> Registry:
        programs, locality = self._locality()
        issuers = self._issuers()
        if locality.issuer and locality.issuer not in issuers:
            file, node = self._locality_issuer
            self.error(file, *(position(node) if node is not None else (1, 1)), "locality.issuer", "unknown-issuer",
                       value=locality.issuer, suggestion="")
        registry = self._documents(issuers, programs, locality)
        if self.problems:
            raise self.error_class(self.problems)
        return registry

    def _locality(self) -> tuple[dict[str, Program], Locality]:
        holders = [part for part in self.parts if part.locality is not None]
        self._locality_issuer: tuple[str, Node | None] = ("", None)
        if self.folder:
            if not holders:
                self.error(str(self.path), 0, 0, "", "folder.no-locality", folder=str(self.path))
            for extra in holders[1:]:
                first = holders[0]
                assert extra.locality_at is not None and first.locality_at is not None
                self.error(extra.file, *extra.locality_at, "locality", "folder.locality-twice",
                           other=f"{first.file}:{first.locality_at[0]}")
        if not holders:
            return {}, Locality(name="")
        part = holders[0]
        assert part.locality is not None
        base = Path(part.file).parent if self.folder else (self.path.parent if self.path is not None else None)
        reader = _LocalityReader(part.file, self.error_class, base)
        fields = reader.mapping(decode_tree(part.locality), "locality", LOCALITY_FIELDS)
        programs = reader.programs(fields)
        locality = reader.locality(fields, programs)
        self._locality_issuer = (part.file, fields.get("issuer"))
        self._merge(reader)
        return programs, locality

    def _issuers(self) -> dict[str, Issuer]:
        issuers: dict[str, Issuer] = {}
        where_defined: dict[str, tuple[str, int]] = {}
        links: list[tuple[str, str, str, int, int]] = []
        for part in self.parts:
            for record in part.issuers:
                issuer_key, line, column = record[0], record[1], record[2]
                if issuer_key in issuers:
                    other_file, other_line = where_defined[issuer_key]
                    self.error(part.file, line, column, f"issuers.{issuer_key}", "folder.duplicate-issuer",
                               value=issuer_key, other=f"{other_file}:{other_line}")
                    continue
                issuers[issuer_key] = issuer_from_record(record)
                where_defined[issuer_key] = (part.file, line)
                links.extend((part.file, *link) for link in record[-1])
        for file, field, target, line, column in links:
            if target not in issuers:
                self.error(file, line, column, field, "unknown-issuer", value=target,
                           suggestion=_nearest_issuer(target, issuers))
        return issuers

    # --- documents ------------------------------------------------------------------------------------------------
    def _documents(self, issuers: dict[str, Issuer], programs: dict[str, Program], locality: Locality) -> Registry:
        prelim = Registry(path=self.path, locality=locality, issuers=issuers, documents=(), programs=programs)
        docs: list[Document] = []
        pending: list[tuple[Document, tuple[Any, ...], tuple[Any, ...], str, str]] = []
        seen: dict[str, tuple[str, int]] = {}
        keys = {k: k for k in issuers}  # each document's issuer is the issuer's own key object
        plain_files: list[str | None] = []
        for part in self.parts:
            file = part.file
            doc_file = file if self.folder else None
            if part.plain:
                plain_files.append(doc_file)
            if not self.folder and not part.has_documents:
                self.error(file, 1, 1, "", "missing-field", field="documents")
            for record in part.documents:
                where = f"documents[{record[D_INDEX]}]"
                date = self._day(record[D_DATE])
                written = record[D_ISSUER]
                issuer_key = keys.get(written[0]) if written is not None else None  # a key: the common case
                if issuer_key is None:
                    issuer_key = self._issuer_ref(file, written, f"{where}.issuer", prelim, on=date)
                program_code = self._program(file, record, where, programs, date)
                subprojects = self._subprojects(file, record[D_SUBPROJECTS], f"{where}.subprojects",
                                                programs.get(program_code or "")) if record[D_SUBPROJECTS] else ()
                requires = self._requires(file, record[D_REQUIRES], f"{where}.requires", prelim,
                                          issuer_key) if record[D_REQUIRES] else ()
                if issuer_key is None:
                    continue
                year = record[D_YEAR]
                doc_id = record[D_ID] or (
                    f"{issuer_key}/{year if year is not None else (date.year if date else 'nd')}/{record[D_TAIL]}")
                if doc_id in seen:
                    other_file, other_line = seen[doc_id]
                    code_line, code_column = record[D_CODE_AT]
                    if other_file == file:
                        self.error(file, code_line, code_column, f"{where}.code", "duplicate-id", value=doc_id,
                                   other_line=other_line)
                    else:
                        self.error(file, code_line, code_column, f"{where}.code", "folder.duplicate-id",
                                   value=doc_id, other=f"{other_file}:{other_line}")
                    continue
                seen[doc_id] = (file, record[D_LINE])
                period = record[D_PERIOD]
                doc = Document(
                    id=doc_id, kind=self._share(record[D_KIND]), number=self._share(record[D_NUMBER]),
                    symbol=self._share(record[D_SYMBOL]), issuer=issuer_key, date=date, year=year,
                    title=self._share(record[D_TITLE]), period=self._period(period) if period is not None else None,
                    program=program_code, subprojects=subprojects, note=record[D_NOTE], requires=requires,
                    silence=self._share(record[D_SILENCE]) if record[D_SILENCE] else (), line=record[D_LINE],
                    file=doc_file,
                )
                docs.append(doc)
                if record[D_RELATIONS] or record[D_DEADLINES]:  # kept until every document is built
                    pending.append((doc, record[D_RELATIONS], record[D_DEADLINES], file, where))
            if self.release:
                part.release()  # its documents are built: its records can go
        registry = Registry(path=self.path, locality=locality, issuers=issuers, documents=docs, programs=programs)
        registry.plain_text_files = frozenset(plain_files)
        for doc, written_relations, written_deadlines, file, where in pending:
            relations = []
            for name, ref, line, column, citation in written_relations:
                rtype = RelationType(name)
                target = self._resolve(registry, ref, citation, file, line, column, name, relation=(doc.id, rtype),
                                       on=doc.date)
                if target is not None:
                    relations.append(Relation(rtype, doc.id, target.id))
            deadlines = [self._deadline(registry, file, item, f"{where}.deadlines[{i}]")
                         for i, item in enumerate(written_deadlines)]
            # The document is still being built (nobody else holds it): its relations and deadlines,
            # which needed every document to resolve, are set in place rather than by a second copy.
            if relations:
                object.__setattr__(doc, "relations", tuple(relations))
            if deadlines:
                object.__setattr__(doc, "deadlines", tuple(d for d in deadlines if d is not None))
        registry._index_relations()
        registry.dangling = tuple(self.dangling)
        return registry

    def _period(self, span: tuple[int, int]) -> Period:
        period = self._periods.get(span)
        if period is None:
            start, end = self._day(span[0]), self._day(span[1])
            assert start is not None and end is not None
            period = self._periods[span] = Period(start, end)
        return period

    def _program(self, file: str, record: tuple[Any, ...], where: str, programs: dict[str, Program],
                 date: _dt.date | None) -> str | None:
        written = record[D_PROGRAM]
        program_code = written[0] if written is not None else None
        if program_code is None and len(programs) == 1:
            return next(iter(programs))
        if program_code is None and programs and date is not None:
            # several programs (2021-2025 and 2026-2035): the one whose period holds the date
            memo = (date, len(programs))
            if memo not in self._running:
                running = [code for code, p in programs.items() if p.start <= date <= p.end]
                self._running[memo] = running[0] if len(running) == 1 else None
            return self._running[memo]
        if program_code is not None and program_code not in programs:
            try:
                programs[program_code] = load_program(program_code)
            except (CatalogError, KeyError):
                self.error(file, written[1], written[2], f"{where}.program", "unknown-program", value=program_code,
                           allowed=", ".join(available_programs()))
                return None
        shared: str = self._share(program_code)
        return shared

    def _subprojects(self, file: str, written: tuple[Any, ...], field: str, program: Program | None) -> tuple[str, ...]:
        if not written:
            return ()
        codes = []
        known = self._codes.get(program.code) if program is not None else None
        if program is not None and known is None:
            known = self._codes[program.code] = frozenset(program.codes())
        for value, line, column in written:
            code = value.upper().replace(" ", "")
            if program is None or known is None:
                codes.append(code)
                continue
            if code not in known:
                self.error(file, line, column, field, "unknown-subproject", value=value, program=program.code,
                           suggestion=nearest(code, program.codes()) or "")
                continue
            codes.append(code)
        shared: tuple[str, ...] = self._share(tuple(codes))
        return shared

    def _requires(self, file: str, written: tuple[Any, ...], where: str, registry: Registry,
                  own: str | None) -> tuple[Requirement, ...]:
        if not written:
            return ()
        out = []
        for index, (sources, kinds, within, source, line, _) in enumerate(written):
            at = f"{where}[{index}]"
            keys: list[str] = []
            for value, vline, vcolumn in sources:
                if key(value) in _COMMUNES:
                    keys.extend(i.key for i in registry.communes(own))
                    continue
                whose = _COMMUNES_OF.match(key(value))
                if whose:
                    top = self._issuer_ref(file, (value, vline, vcolumn), f"{at}.from", registry,
                                           value[whose.start(1):].strip())
                    keys.extend(i.key for i in registry.communes(top) if top)
                    continue
                found = self._issuer_ref(file, (value, vline, vcolumn), f"{at}.from", registry)
                if found:
                    keys.append(found)
            out.append(Requirement(issuers=self._share(tuple(keys)), kinds=self._share(tuple(kinds)), within=within,
                                   source=source, line=line))
        return tuple(out)

    def _deadline(self, registry: Registry, file: str, item: tuple[Any, ...], where: str) -> Deadline | None:
        due, what, kind, by, fulfilled_by, source, line, _ = item
        by_key = self._issuer_ref(file, by, f"{where}.by", registry)
        fulfilled = []
        for ref, rline, rcolumn, citation in fulfilled_by:
            target = self._resolve(registry, ref, citation, file, rline, rcolumn, f"{where}.fulfilled_by")
            if target is not None:
                fulfilled.append(target.id)
        if due is None or what is None:
            return None
        return Deadline(due=self._day(due), what=what, kind=kind, by=by_key,  # type: ignore[arg-type]
                        fulfilled_by=tuple(fulfilled), source=source, line=line)

    def _issuer_ref(self, file: str, written: tuple[str, int, int] | None, field: str, registry: Registry,
                    value: str | None = None, *, on: _dt.date | None = None) -> str | None:
        if written is None:
            return None
        text, line, column = written
        value = value if value is not None else text
        if value in registry.issuers:
            return value
        try:
            return registry.find_issuer(value, on).key
        except ResolveError as exc:
            if exc.reason == "ambiguous":
                self.error(file, line, column, field, "ambiguous-issuer", value=value,
                           candidates=", ".join(exc.candidates), example=exc.candidates[0])
            else:
                self.error(file, line, column, field, "unknown-issuer", value=value,
                           suggestion=_nearest_issuer(value, registry.issuers))
            return None

    def _resolve(self, registry: Registry, ref: str, citation: tuple[Any, ...] | None, file: str, line: int,
                 column: int, field: str, *, relation: tuple[str, RelationType] | None = None,
                 on: _dt.date | None = None) -> Document | None:
        try:
            found = registry.by_id.get(ref.strip())
            if found is not None:
                return found
            if citation is None:
                return registry.resolve(ref, on=on)  # not a citation: the registry says why it names nothing
            parsed = self._citations.get(citation)
            if parsed is None:
                parsed = self._citations[citation] = citation_of(citation)
            return registry.resolve(parsed, on=on)
        except ResolveError as exc:
            if self.lenient and relation is not None:
                self.dangling.append(DanglingReference(relation[0], relation[1], ref, line, column, exc.candidates,
                                                       exc.nearest))
                return None
            if exc.reason == "ambiguous":
                self.error(file, line, column, field, "ambiguous-reference", value=ref, count=len(exc.candidates),
                           candidates=exc.params["candidates"])
            else:
                suggestion = Message("registry.nearest", {"value": exc.nearest}) if exc.nearest else ""
                self.error(file, line, column, field, "unresolved-reference", value=ref, suggestion=suggestion)
            return None


def _nearest_issuer(value: str, issuers: dict[str, Issuer]) -> Message | str:
    best = nearest(value, list(issuers), cutoff=60)
    return Message("registry.nearest", {"value": best}) if best else ""

