"""Reading one registry file into a :class:`Part`: everything that file alone says.

A registry is one file or a folder of files (docs/registry.md). Each file is read on its own —
composed with libyaml, walked by schema, its node tree dropped as soon as the walk ends — into a
Part: its problems (placed at file:line:column), the locality when the file has it, its issuers
built, and its documents as compact records with every fact that needs no other file already
read (the code parsed, dates, the kind, the period, references parsed as citations, positions).
What needs every file — which issuer a name means, the document a reference names, programs and
sub-projects, duplicate IDs — is done once for all parts by :mod:`vanban.registry.assemble`.

A Part is plain data (tuples of text, numbers and None) so that it can be sent from a worker
process and kept in the cache (:mod:`vanban.registry.cache`) with :mod:`marshal`: no object is
rebuilt from the cache by code the cache names.
"""

from __future__ import annotations

import datetime as _dt
import functools
import marshal
from typing import Any, Callable, Iterator

from ..base.dates import DateError, WrittenDate, read_date
from ..base.errors import Problem, ProblemsError
from ..base.lazyre import lazy_compile
from ..base.messages import Message
from ..base.rulecatalog import rule_catalog
from ..base.safety import UNSAFE
from ..base.text import key, nfc, slug
from ..base.yamlread import (
    SCALAR, SEQUENCE, DecodedMapping, DecodedScalar, DecodedSequence, Node, TypedReader, compose, nearest, position,
)
from ..cite.citation import Citation, CitationError
from ..cite.kinds import default_kinds
from .model import BRANCHES, LEVELS, NUMBERING, FormerName, Issuer, Period, PeriodError, RelationType, Succession

__all__ = [
    "Part", "read_part", "PART_FORMAT", "TOP_FIELDS", "LOCALITY_FIELDS", "ISSUER_FIELDS", "DOCUMENT_FIELDS",
    "RELATION_FIELDS", "DEADLINE_FIELDS", "REQUIRES_FIELDS", "decode_tree", "issuer_from_record", "citation_of",
]

#: the layout of a Part's records; part of the cache key (a new layout is a new cache)
PART_FORMAT = 4

TOP_FIELDS = ("vanban", "locality", "issuers", "documents")
LOCALITY_FIELDS = ("name", "issuer", "programs", "not_applicable", "obligations")
ISSUER_FIELDS = (
    "name", "short", "aliases", "abbr", "level", "branch", "parent", "valid_from", "valid_until",
    "successor", "successors", "units", "note", "numbering", "terms", "former_names",
)
SUCCESSION_FIELDS = ("issuer", "from", "note")
FORMER_NAME_FIELDS = ("name", "short", "until")
DEADLINE_FIELDS = ("due", "what", "kind", "by", "fulfilled_by", "source")
REQUIRES_FIELDS = ("from", "kind", "within", "source")
RELATION_FIELDS = tuple(t.value for t in RelationType)
DOCUMENT_FIELDS = (
    "code", "kind", "date", "issuer", "title", "period", "program", "subprojects", "id", "note",
    *RELATION_FIELDS, "deadlines", "requires", "silence",
)


_KEY_RE = lazy_compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_RE = lazy_compile(r"^[a-z0-9-]+/(?:\d{4}|nd)/[a-z0-9-]+$")

# --- the records ------------------------------------------------------------------------------------------
# A document record is a tuple (positions are 1-based line and column; dates are ordinals):
D_LINE, D_COL, D_INDEX, D_CODE_AT, D_NUMBER, D_SYMBOL, D_YEAR, D_TAIL, D_KIND, D_DATE, D_ISSUER, D_TITLE, \
    D_PERIOD, D_PROGRAM, D_SUBPROJECTS, D_REQUIRES, D_SILENCE, D_ID, D_NOTE, D_RELATIONS, D_DEADLINES = range(21)
# D_ISSUER, D_PROGRAM: (text, line, column) or None; D_CODE_AT: (line, column)
# D_SUBPROJECTS: ((text, line, column), ...)
# D_REQUIRES: ((from: ((text, line, column), ...), kinds, within, source, line, column), ...)
# D_RELATIONS: ((relation, reference, line, column, citation or None), ...) — the citation as citation_record()
# D_DEADLINES: ((due, what, kind, by, fulfilled: ((reference, line, column, citation), ...), source, line, column), ...)
# An issuer record: (key, key line, key column, issuer fields…, links) — see _issuer_record().


class Part:
    """What one file says, read on its own (see the module's docstring).

    A part made from its bytes (:meth:`from_bytes`) reads its documents from them each time they are
    asked for, and keeps only the bytes: a folder's parts stay compact until they are assembled, and
    the records of one file are dropped as soon as its documents are built.
    """

    __slots__ = ("file", "problems", "locality", "issuers", "has_documents", "locality_at", "plain", "_documents",
                 "_blob")

    def __init__(self, file: str, problems: tuple[Problem, ...] = (), locality: tuple[Any, ...] | None = None,
                 issuers: tuple[tuple[Any, ...], ...] = (), documents: tuple[tuple[Any, ...], ...] = (),
                 has_documents: bool = False, locality_at: tuple[int, int] | None = None, plain: bool = False) -> None:
        self.file = file
        #: whether no text the file holds can have a character VB107 flags: none is in the file, and it
        #: has no backslash (a double-quoted scalar's escape could make one). False when not known.
        self.plain = plain
        self.problems = problems
        #: the ``locality:`` mapping as a plain tree (decode_tree), and the line and column of its key
        self.locality = locality
        self.locality_at = locality_at
        self.issuers = issuers
        #: whether the file has a ``documents:`` key (a single-file registry must)
        self.has_documents = has_documents
        self._documents: tuple[tuple[Any, ...], ...] | None = documents
        self._blob: bytes | memoryview | None = None

    @property
    def documents(self) -> tuple[tuple[Any, ...], ...]:
        """The document records (see D_LINE … D_DEADLINES)."""
        if self._documents is not None:
            return self._documents
        assert self._blob is not None
        documents: tuple[tuple[Any, ...], ...] = marshal.loads(self._blob)
        return documents

    def release(self) -> None:
        """Drop the documents (once they are built): what remains is the file's name, problems,
        locality and issuers."""
        self._documents, self._blob = (), None

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Part):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in
                   ("file", "problems", "locality", "locality_at", "issuers", "has_documents", "documents"))

    __hash__ = None  # type: ignore[assignment]

    def to_bytes(self) -> bytes:
        """The part as bytes: the length of its head, its head (problems, locality, issuers), then its
        documents — which :meth:`from_bytes` leaves in the bytes until they are asked for."""
        head = marshal.dumps((PART_FORMAT, tuple(_problem_record(p) for p in self.problems), self.locality,
                              self.issuers, self.has_documents, self.locality_at, self.plain))
        documents = self._blob if self._blob is not None else marshal.dumps(self.documents)
        return b"".join((len(head).to_bytes(4, "little"), head, documents))

    @classmethod
    def from_bytes(cls, data: bytes | memoryview, file: str) -> "Part":
        """The part encoded by :meth:`to_bytes`, for *file* (a cached part may come from another path
        with the same content: its problems are placed in *file*). ValueError when it is not one.
        The documents are read from *data* when asked for (no copy is made of them)."""
        view = memoryview(data)
        try:
            size = int.from_bytes(view[:4], "little")
            fmt, problems, locality, issuers, has_documents, locality_at, plain = marshal.loads(view[4:4 + size])
        except (EOFError, TypeError, ValueError) as exc:
            raise ValueError("not a part") from exc
        if fmt != PART_FORMAT or len(view) <= 4 + size:
            raise ValueError("another part format")
        part = cls(file, tuple(_problem_from(file, p) for p in problems), locality, issuers, (), bool(has_documents),
                   locality_at, bool(plain))
        part._documents, part._blob = None, view[4 + size:]
        return part


def _encode(value: Any) -> Any:
    """Problem parameters as plain data (a Message is a tagged tuple)."""
    if isinstance(value, Message):
        return ("\x00message", value.id, {k: _encode(v) for k, v in value.params.items()})
    if isinstance(value, _dt.date):
        return ("\x00date", value.toordinal())
    if isinstance(value, (list, tuple)):
        return tuple(_encode(v) for v in value)
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, tuple) and value and value[0] == "\x00message":
        return Message(value[1], {k: _decode(v) for k, v in value[2].items()})
    if isinstance(value, tuple) and value and value[0] == "\x00date":
        return _dt.date.fromordinal(value[1])
    if isinstance(value, tuple):
        return tuple(_decode(v) for v in value)
    return value


def _problem_record(problem: Problem) -> tuple[Any, ...]:
    return (problem.line, problem.column, problem.field, problem.msg_id,
            {k: _encode(v) for k, v in problem.params.items()})


def _problem_from(file: str, record: tuple[Any, ...]) -> Problem:
    line, column, field, msg_id, params = record
    return Problem(file, line, column, field, msg_id, {k: _decode(v) for k, v in params.items()})


# --- trees: the locality as plain data, and back as nodes for the typed reader ----------------------------------
def encode_tree(node: Node) -> tuple[Any, ...]:
    """A node and everything under it as plain tuples (0-based marks, as in the node)."""
    mark = node.start_mark
    if node.id == SCALAR:
        return (0, node.value, node.style or "", mark.line, mark.column)
    if node.id == SEQUENCE:
        return (1, "", "", mark.line, mark.column, tuple(encode_tree(child) for child in node.value))
    return (2, "", "", mark.line, mark.column, tuple((encode_tree(k), encode_tree(v)) for k, v in node.value))


def decode_tree(tree: tuple[Any, ...]) -> Node:
    """The nodes :func:`encode_tree` was given (same values, styles and positions)."""
    kind, value, style, line, column = tree[:5]
    if kind == 0:
        return DecodedScalar(value, line, column, style or None)
    if kind == 1:
        return DecodedSequence([decode_tree(c) for c in tree[5]], line, column)
    return DecodedMapping([(decode_tree(k), decode_tree(v)) for k, v in tree[5]], line, column)


# --- citations as plain data ------------------------------------------------------------------------------------
def citation_record(citation: Citation) -> tuple[Any, ...]:
    date = citation.date.toordinal() if citation.date is not None else None
    invalid = str(citation.invalid_date) if citation.invalid_date is not None else None
    return (citation.number, citation.symbol, citation.kind, citation.year, date, citation.issuer, invalid)


def citation_of(record: tuple[Any, ...]) -> Citation:
    """The Citation a reference was read as (what :meth:`Registry.match` needs of it)."""
    number, symbol, kind, year, date, issuer, invalid = record
    written = None
    if invalid is not None:
        day, month, year_written = (int(p) for p in invalid.split("/"))
        written = WrittenDate(day, month, year_written)
    return Citation(number=number, symbol=symbol, kind=kind, year=year,
                    date=_dt.date.fromordinal(date) if date is not None else None, invalid_date=written, issuer=issuer)


# --- issuers as plain data --------------------------------------------------------------------------------------
def _ord(day: _dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def _day(value: int | None) -> _dt.date | None:
    return _dt.date.fromordinal(value) if value is not None else None


def _issuer_record(issuer: Issuer, line: int, column: int, links: list[tuple[str, str, int, int]]) -> tuple[Any, ...]:
    return (issuer.key, line, column, issuer.name, issuer.level, issuer.short, issuer.aliases, issuer.abbrs,
            issuer.branch, issuer.parent, _ord(issuer.valid_from), _ord(issuer.valid_until),
            tuple((s.issuer, _ord(s.since), s.note) for s in issuer.successors), issuer.units, issuer.note,
            issuer.numbering, tuple((_ord(t.start), _ord(t.end)) for t in issuer.terms),
            tuple((f.name, _ord(f.until), f.short) for f in issuer.former_names), tuple(links))


def issuer_from_record(record: tuple[Any, ...]) -> Issuer:
    (key_, _, _, name, level, short, aliases, abbrs, branch, parent, valid_from, valid_until, successors, units,
     note, numbering, terms, former_names, _) = record
    return Issuer(
        key=key_, name=name, level=level, short=short, aliases=tuple(aliases), abbrs=tuple(abbrs), branch=branch,
        parent=parent, valid_from=_day(valid_from), valid_until=_day(valid_until),
        successors=tuple(Succession(s, _day(since), n) for s, since, n in successors), units=tuple(units), note=note,
        numbering=numbering, terms=tuple(Period(_day(a), _day(b)) for a, b in terms),  # type: ignore[arg-type]
        former_names=tuple(FormerName(n, _day(u), s) for n, u, s in former_names),  # type: ignore[arg-type]
    )


# --- the reader ---------------------------------------------------------------------------------------------------
def read_part(text: str, filename: str, error_class: type[ProblemsError] = ProblemsError) -> Part:
    """Read one registry file's *text* (see the module's docstring). A file that is no YAML, or is
    wrong everywhere, raises *error_class*; every other problem is in :attr:`Part.problems`."""
    text = nfc(text)
    # one C-speed pass that spares VB107 a walk over every value (YAML reads CR as a line break: it
    # never reaches a value, unless escaped — and a backslash makes the file not plain)
    plain = "\\" not in text and UNSAFE.search(text.replace("\r", "") if "\r" in text else text) is None
    root = compose(text, filename, error_class)  # (which frees the copy of the text its loader keeps)
    part = _PartReader(filename, error_class).read(root)
    part.plain = plain
    return part


#: a code that is a number of digits and a symbol ("36/KH-UBND", "26/2022/NQ-HĐND", "15-KH/HU")
_CODE_SHAPE = lazy_compile(r"(\d{1,5})([/-]\S+)")


def _parse(text: str) -> Citation:
    """A bare code read with the finder's number-and-symbol pattern only (the usual case: reading a
    registry then never compiles the sentence patterns); anything more, with the whole finder."""
    parse_code, parse_citation = _finder()
    try:
        return parse_code(text)
    except CitationError:
        return parse_citation(text)


@functools.cache
def _finder() -> tuple[Callable[[str], Citation], Callable[[str], Citation]]:
    # imported when a file is read: a registry whose parts all come from the cache never needs the finder
    from ..cite.find import parse_citation, parse_code

    return parse_code, parse_citation


def _read_code(text: str) -> tuple[str, str, int | None, str | None] | None:
    """A code as the finder reads it: (number, symbol, year, kind), or None when it is no code (or
    reads as a code other than the one written)."""
    try:
        citation = _parse(text)
    except CitationError:
        return None
    written = text.strip()
    if citation.raw.strip() == written or key(citation.code) == key(written.replace(" ", "")):
        return citation.number, citation.symbol, citation.year, citation.kind
    return None


class _PartReader(TypedReader):
    def __init__(self, filename: str, error_class: type[ProblemsError]) -> None:
        super().__init__(filename, error_class)
        self._dates: dict[str, tuple[_dt.date | None, str | None]] = {}
        self._kinds: dict[str, str | None] = {}
        self._refs: dict[str, tuple[Any, ...] | None] = {}
        self._codes: dict[str, tuple[str, int | None, str | None] | None] = {}
        self._periods: dict[str, tuple[int, int] | None] = {}
        self._slugs: dict[str, str] = {}

    def read(self, root: Node | None) -> Part:
        if root is None:  # nothing in the file: that is all there is to say about it
            self.error(None, "", "missing-field", field="vanban")
            return Part(self.file, tuple(self.problems), has_documents=True)
        top = self.mapping(root, "", TOP_FIELDS)
        if not top and not self.problems:
            self.error(root, "", "missing-field", field="documents")
        version = top.get("vanban")
        if version is None:
            self.error(root, "", "missing-field", field="vanban")
        elif self.text(version, "vanban") != "1" and version.id == SCALAR:
            # (a list or a mapping there is "expected-text", said once: its nodes are no value to quote)
            self.error(version, "vanban", "bad-version", value=version.value)
        locality = top.get("locality")
        locality_tree = locality_at = None
        key_node = top.key_node("locality")
        if locality is not None and key_node is not None:
            locality_at = position(key_node)
            locality_tree = encode_tree(locality)
        issuers = self.issuers(top.get("issuers"))
        documents = tuple(self.documents(top.get("documents")))
        return Part(self.file, tuple(self.problems), locality_tree, tuple(issuers), documents, "documents" in top,
                    locality_at)

    # --- issuers ------------------------------------------------------------------------------------------
    def issuers(self, node: Node | None) -> list[tuple[Any, ...]]:
        out = []
        entries = self.mapping(node, "issuers", None)
        for issuer_key in entries:
            where = f"issuers.{issuer_key}"
            key_node = entries.key_node(issuer_key)
            assert key_node is not None
            if not _KEY_RE.match(issuer_key):
                self.error(key_node, where, "bad-key", value=issuer_key)
                continue
            vnode = entries.get(issuer_key)
            fields = self.mapping(vnode, where, ISSUER_FIELDS)
            name = self.text(fields.get("name"), f"{where}.name")
            if name is None:
                self.error(vnode, where, "missing-field", field="name")
                continue
            level = self.choice(fields.get("level"), f"{where}.level", LEVELS)
            if level is None and "level" not in fields:
                self.error(vnode, where, "missing-field", field="level")
            links: list[tuple[str, str, int, int]] = []
            parent = self.text(fields.get("parent"), f"{where}.parent")
            parent_node = fields.get("parent")
            if parent and parent_node is not None:
                links.append((f"{where}.parent", parent, *position(parent_node)))
            successions = self.successions(fields, where, links)
            issuer = Issuer(
                key=issuer_key,
                name=name,
                level=level or "",
                short=self.text(fields.get("short"), f"{where}.short"),
                aliases=tuple(v for v, _ in self.texts(fields.get("aliases"), f"{where}.aliases")),
                abbrs=tuple(v for v, _ in self.texts(fields.get("abbr"), f"{where}.abbr")),
                branch=self.choice(fields.get("branch"), f"{where}.branch", BRANCHES) or "nhà nước",
                parent=parent,
                valid_from=self.date(fields.get("valid_from"), f"{where}.valid_from"),
                valid_until=self.date(fields.get("valid_until"), f"{where}.valid_until"),
                successors=tuple(successions),
                units=tuple(v for v, _ in self.texts(fields.get("units"), f"{where}.units")),
                note=self.text(fields.get("note"), f"{where}.note"),
                numbering=self.choice(fields.get("numbering"), f"{where}.numbering", NUMBERING) or "theo loại",
                terms=tuple(self.periods(fields.get("terms"), f"{where}.terms")),
                former_names=tuple(self.former_names(fields.get("former_names"), f"{where}.former_names")),
            )
            out.append(_issuer_record(issuer, *position(key_node), links))
        return out

    def successions(self, fields: Any, where: str, links: list[tuple[str, str, int, int]]) -> list[Succession]:
        """``successor: key`` (one), or ``successors:`` a list of keys or of {issuer, from, note}."""
        out = []
        single = self.text(fields.get("successor"), f"{where}.successor")
        single_node = fields.get("successor")
        if single and single_node is not None:
            links.append((f"{where}.successor", single, *position(single_node)))
            out.append(Succession(single))
        for index, node in enumerate(self.items(fields.get("successors"), f"{where}.successors")):
            at = f"{where}.successors[{index}]"
            if node.id == SCALAR:
                target, since, note = self.text(node, at), None, None
            else:
                item = self.mapping(node, at, SUCCESSION_FIELDS)
                if not self.require(node, item, at, "issuer"):
                    continue
                target = self.text(item.get("issuer"), f"{at}.issuer")
                since = self.date(item.get("from"), f"{at}.from")
                note = self.text(item.get("note"), f"{at}.note")
                node = item.get("issuer") or node
            if target:
                links.append((at, target, *position(node)))
                out.append(Succession(target, since, note))
        return out

    def former_names(self, node: Node | None, field: str) -> list[FormerName]:
        out = []
        for index, item_node in enumerate(self.items(node, field)):
            at = f"{field}[{index}]"
            item = self.mapping(item_node, at, FORMER_NAME_FIELDS)
            name = self.text(item.get("name"), f"{at}.name")
            until = self.date(item.get("until"), f"{at}.until")
            if self.require(item_node, item, at, "name", "until") and name and until:
                out.append(FormerName(name, until, self.text(item.get("short"), f"{at}.short")))
        return out

    def periods(self, node: Node | None, field: str) -> list[Period]:
        out = []
        for value, vnode in self.texts(node, field):
            try:
                out.append(Period.parse(value))
            except PeriodError:
                self.error(vnode, field, "bad-period", value=value)
        return out

    # --- documents ------------------------------------------------------------------------------------------
    def documents(self, node: Node | None) -> Iterator[tuple[Any, ...]]:
        for index, item in enumerate(self.items(node, "documents")):
            where = f"documents[{index}]"
            fields = self.mapping(item, where, DOCUMENT_FIELDS)
            if not fields:
                continue
            record = self.document(item, fields, where, index)
            if record is not None:
                yield record

    def document(self, node: Node, fields: Any, where: str, index: int) -> tuple[Any, ...] | None:
        """One entry of ``documents:``: what it says by itself (the rest needs the other files).

        (The hot path of reading: a field's name for messages is made only when the field is there.)"""
        get = fields.get
        code_node = get("code")
        code_text = self.text(code_node, f"{where}.code") if code_node is not None else None
        if code_text is None:
            self.error(node, where, "missing-field", field="code")
            return None
        code = self._code(code_text)
        if code is None:
            self.error(code_node, f"{where}.code", "bad-code", value=code_text)
            return None
        number, symbol, year, code_kind, tail = code
        kind_node = get("kind")
        kind = (self._kind(kind_node, f"{where}.kind") if kind_node is not None else None) or code_kind
        date_node = get("date")
        date = self.date(date_node, f"{where}.date") if date_node is not None else None
        if "date" not in fields:
            self.error(node, where, "missing-field", field="date")
        issuer_node = get("issuer")
        issuer = self._at(issuer_node, f"{where}.issuer") if issuer_node is not None else None
        if "issuer" not in fields:
            self.error(node, where, "missing-field", field="issuer")
        period = None
        period_node = get("period")
        period_text = self.text(period_node, f"{where}.period") if period_node is not None else None
        if period_text is not None:
            period = self._period(period_text)
            if period is None:
                self.error(period_node, f"{where}.period", "bad-period", value=period_text)
        program_node = get("program")
        program = self._at(program_node, f"{where}.program") if program_node is not None else None
        subprojects_node = get("subprojects")
        subprojects = () if subprojects_node is None else tuple(
            (value, *position(vnode)) for value, vnode in self.texts(subprojects_node, f"{where}.subprojects"))
        requires_node = get("requires")
        requires = self._requires(requires_node, f"{where}.requires") if requires_node is not None else ()
        silence_node = get("silence")
        silence = self._silence(silence_node, f"{where}.silence") if silence_node is not None else ()
        id_node = get("id")
        doc_id = self.text(id_node, f"{where}.id") if id_node is not None else None
        if doc_id is not None and not _ID_RE.match(doc_id):
            self.error(id_node, f"{where}.id", "bad-key", value=doc_id)
            doc_id = None
        relations = tuple(
            (name, ref, *position(rnode), self._reference(ref))
            for name in RELATION_FIELDS if name in fields
            for ref, rnode in self.texts(get(name), f"{where}.{name}")
        )
        deadlines_node = get("deadlines")
        deadlines = () if deadlines_node is None else tuple(
            self._deadline(n, f"{where}.deadlines[{i}]")
            for i, n in enumerate(self.items(deadlines_node, f"{where}.deadlines")))
        title_node, note_node = get("title"), get("note")
        line, column = position(node)
        return (line, column, index, position(code_node), number, symbol, year, tail,
                kind, date.toordinal() if date is not None else None, issuer,
                self.text(title_node, f"{where}.title") if title_node is not None else None, period, program,
                subprojects, requires, silence, doc_id,
                self.text(note_node, f"{where}.note") if note_node is not None else None, relations, deadlines)

    def _code(self, text: str) -> tuple[str, str, int | None, str | None, str] | None:
        """A document's code read as a citation: (number, symbol, year, kind, ID tail), or None when
        it is none. What the code says besides its number does not depend on the number's digits, so
        it is read once per shape ("1111/QĐ-UBND" for every four-digit decision of a UBND): a numbers'
        shape keeps its length and a leading zero; one that could be a year ("2023/…") is read as it is."""
        match = _CODE_SHAPE.fullmatch(text)
        if match is None or (len(match.group(1)) == 4 and match.group(1)[:2] in ("19", "20")):
            read = _read_code(text)
            if read is None:
                return None
            number, symbol, year, kind = read
            return number, symbol, year, kind, slug(number + "-" + symbol)
        digits, rest = match.groups()
        shape = ("0" + "1" * (len(digits) - 1) if digits[0] == "0" else "1" * len(digits)) + rest
        if shape not in self._codes:
            read = _read_code(shape)
            self._codes[shape] = None if read is None else read[1:]
        found = self._codes[shape]
        if found is None:
            return None
        symbol, year, kind = found
        tail = self._slugs.get(symbol)
        if tail is None:  # slug() maps each character on its own: the digits' part is the digits
            tail = self._slugs[symbol] = slug(symbol)
        return digits, symbol, year, kind, f"{digits}-{tail}" if tail else digits

    def _period(self, text: str) -> tuple[int, int] | None:
        if text not in self._periods:
            try:
                parsed = Period.parse(text)
                self._periods[text] = (parsed.start.toordinal(), parsed.end.toordinal())
            except PeriodError:
                self._periods[text] = None
        return self._periods[text]

    def _at(self, node: Node | None, field: str) -> tuple[str, int, int] | None:
        value = self.text(node, field)
        if value is None or node is None:
            return None
        return (value, *position(node))

    def _reference(self, ref: str) -> tuple[Any, ...] | None:
        """A reference read as a citation once per text (None: an ID, or no citation at all)."""
        if ref in self._refs:
            return self._refs[ref]
        record = None
        text = ref.strip()
        if not _ID_RE.match(text):
            try:
                record = citation_record(_parse(text))
            except CitationError:
                record = None
        self._refs[ref] = record
        return record

    def date(self, node: Node | None, field: str) -> _dt.date | None:
        """As :meth:`TypedReader.date`, each written date read once."""
        value = self.text(node, field)
        if value is None:
            return None
        found = self._dates.get(value)
        if found is None:
            try:
                found = (read_date(value).value, None)
                if found[0] is None:
                    found = (None, "impossible-date")
            except DateError:
                found = (None, "bad-date")
            self._dates[value] = found
        if found[1] is not None:
            self.error(node, field, found[1], value=value)
        return found[0]

    def _kind(self, node: Node | None, field: str) -> str | None:
        """A kind's written name as the canonical one ("Kế hoạch"); an unknown one is reported."""
        value = self.text(node, field)
        if value is None:
            return None
        if value not in self._kinds:
            found = default_kinds().by_name(value)
            self._kinds[value] = found.name if found is not None else None
        name = self._kinds[value]
        if name is None:
            kinds = default_kinds()
            self.error(node, field, "unknown-kind", value=value, suggestion=nearest(value, kinds.names) or "")
        return name

    def _deadline(self, node: Node, where: str) -> tuple[Any, ...]:
        item = self.mapping(node, where, DEADLINE_FIELDS)
        due = self.date(item.get("due"), f"{where}.due")
        what = self.text(item.get("what"), f"{where}.what")
        self.require(node, item, where, "due", "what")
        kind = self._kind(item.get("kind"), f"{where}.kind")
        by = self._at(item.get("by"), f"{where}.by")
        fulfilled = tuple((ref, *position(rnode), self._reference(ref))
                          for ref, rnode in self.texts(item.get("fulfilled_by"), f"{where}.fulfilled_by"))
        return (due.toordinal() if due is not None else None, what, kind, by, fulfilled,
                self.text(item.get("source"), f"{where}.source"), *position(node))

    def _requires(self, node: Node | None, where: str) -> tuple[Any, ...]:
        out = []
        for index, item_node in enumerate(self.items(node, where)):
            at = f"{where}[{index}]"
            item = self.mapping(item_node, at, REQUIRES_FIELDS)
            if not self.require(item_node, item, at, "from"):
                continue
            sources = tuple((value, *position(vnode)) for value, vnode in self.texts(item.get("from"), f"{at}.from"))
            kinds = tuple(k for k in (self._kind(vnode, f"{at}.kind")
                                      for _, vnode in self.texts(item.get("kind"), f"{at}.kind")) if k)
            within = self.integer(item.get("within"), f"{at}.within", 0, 3660)
            out.append((sources, kinds, 30 if within is None else within, self.text(item.get("source"), f"{at}.source"),
                        *position(item_node)))
        return tuple(out)

    def _silence(self, node: Node | None, where: str) -> tuple[tuple[str, str], ...]:
        entries = self.mapping(node, where, None)
        if not entries:
            return ()
        names = sorted(rule_catalog().names())
        out = []
        for rule in entries:
            if rule not in names:
                self.error(entries.key_node(rule), f"{where}.{rule}", "unknown-rule", value=rule,
                           suggestion=nearest(rule, names) or "")
                continue
            reason = self.text(entries.get(rule), f"{where}.{rule}")
            if not reason:
                self.error(entries.get(rule), f"{where}.{rule}", "missing-field", field="reason")
                continue
            out.append((rule, reason))
        return tuple(out)

