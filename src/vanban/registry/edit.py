"""Changing a registry file: one path for every importer and for ``vanban add``.

An importer (a text's citations, a register, an edXML message, a citation typed on the command
line) is an adapter from its source to :class:`NewDocument` fields. :func:`intake` sorts them
with the one registry match (new, already registered, a near match, ambiguous);
:meth:`RegistryEditor.apply` appends the new ones and returns a :class:`Change` — the IDs added,
a unified diff, and :meth:`Change.save`. The edited text is validated once, when the change is
made; saving writes that same text, atomically, or nothing when nothing changed.

Saving holds the registry's lock and writes only over the bytes the change was made from: when
another writer saved first, the change is made again on the newer file (and written if it adds
the same documents) or refused — a writer never reports a document the file does not hold
(docs/reliability.md).

New documents are written into the file's text after its last entry, in its own indentation,
line endings and BOM, touching no other line; other edits go through ruamel's round-trip loader,
which keeps the clerk's comments, key order, quotes and blank lines: an unchanged file dumps back
byte for byte (tested on data/registry.yaml).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import difflib
import io
import re
from glob import escape as glob_escape
from pathlib import Path
from typing import Any, Callable, Iterable, Mapping

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..base.atomic import check_writable, file_lock, write_atomic
from ..base.cachedir import content_digest
from ..base.collector import collector_paused
from ..base.errors import VanbanError
from ..base.inputfile import read_limited
from ..base.messages import Message
from ..base.safety import ArgumentError, require, require_path
from ..base.text import nfc
from ..cite.citation import Citation, CitationError
from ..cite.find import parse_citation
from .assemble import assemble
from .core import Registry
from .load import DOCUMENT_FIELDS, RegistryError, load_registry, parse_registry, read_registry_file, \
    registry_source
from .match import MatchKind
from .model import Document, RelationType, document_id

__all__ = ["NewDeadline", "NewDocument", "Intake", "intake", "Change", "RegistryEditor", "propose", "ConcurrentEditError"]


def _round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a clerk's long titles
    return yaml


@attrs.frozen(slots=True)
class NewDeadline:
    """A deadline to write under a new document (fields as in docs/registry.md)."""

    due: _dt.date
    what: str
    kind: str | None = None
    by: str | None = None
    source: str | None = None


@attrs.frozen(slots=True)
class NewDocument:
    """What an importer knows of one document, as registry fields (docs/registry.md).

    A document without a date or an issuer can still be matched against the registry (a text
    that cites "36/KH-UBND" alone names a registered plan), but is never added.
    """

    code: str
    date: _dt.date | None
    issuer: str | None  # issuer key
    kind: str | None = None
    title: str | None = None
    note: str | None = None
    subprojects: tuple[str, ...] = ()
    #: (relation, reference as written: an ID or a citation)
    relations: tuple[tuple[RelationType, str], ...] = ()
    deadlines: tuple[NewDeadline, ...] = ()
    #: False when the issuer is a default the importer supplied, not one the source names: the
    #: registry match then looks at documents of every issuer
    issuer_stated: bool = True
    #: where it came from, for the clerk ("so-van-ban-di.xlsx, 2023:7")
    origin: str | None = attrs.field(default=None, eq=False)

    @property
    def citation(self) -> Citation:
        found = parse_citation(self.code)
        return attrs.evolve(found, kind=self.kind or found.kind, date=self.date, title=None)

    @property
    def complete(self) -> bool:
        """It has what a registry entry needs: a date and an issuer."""
        return self.date is not None and self.issuer is not None

    @property
    def id(self) -> str:
        c = self.citation
        assert self.issuer is not None and self.date is not None, "only a complete document has an ID"
        return document_id(self.issuer, c.year if c.year is not None else self.date.year, c.number, c.symbol)

    def entry(self) -> CommentedMap:
        """The YAML mapping written for it, its keys in the order of the schema."""
        values: dict[str, Any] = {
            "code": self.code, "kind": self.kind, "date": self.date, "issuer": self.issuer, "title": self.title,
            "subprojects": list(self.subprojects), "note": self.note,
        }
        for rtype, ref in self.relations:
            values.setdefault(rtype.value, []).append(ref)
        entry = _entry(values)
        if self.deadlines:
            entry["deadlines"] = CommentedSeq(_deadline_entry(d) for d in self.deadlines)
        return entry


def _entry(values: Mapping[str, Any]) -> CommentedMap:
    """A document's mapping: its fields in schema order, lists in flow style, dates plain."""
    entry = CommentedMap()
    for name in DOCUMENT_FIELDS:
        value = values.get(name)
        if value is None or value == [] or value == ():
            continue
        if isinstance(value, (list, tuple)):
            seq = CommentedSeq(nfc(str(v)) for v in value)
            seq.fa.set_flow_style()
            entry[name] = seq
        elif isinstance(value, _dt.date):
            entry[name] = value  # written plain, like the clerk's own dates
        else:
            entry[name] = nfc(str(value))
    return entry


def _deadline_entry(deadline: NewDeadline) -> CommentedMap:
    out = CommentedMap()
    out["due"] = deadline.due
    for name in ("what", "kind", "by", "source"):
        value = getattr(deadline, name)
        if value is not None:
            out[name] = nfc(value)
    return out


@attrs.frozen(slots=True)
class Intake:
    """How each incoming document stands against the registry, before anything is written."""

    new: tuple[NewDocument, ...] = ()
    #: registered already (the same issuer, year, number and symbol): not added again
    existing: tuple[tuple[NewDocument, Document], ...] = ()
    #: a likely typo of a registered document: not added, shown to the clerk
    near: tuple[tuple[NewDocument, Document, float], ...] = ()
    #: several registered documents fit: not added
    ambiguous: tuple[tuple[NewDocument, tuple[Document, ...]], ...] = ()
    #: not registered, and without a date or an issuer to register it with
    incomplete: tuple[NewDocument, ...] = ()
    #: the same document as one earlier in the same batch: added once
    repeated: tuple[NewDocument, ...] = ()


def intake(registry: Registry, documents: Iterable[NewDocument], *, near: bool = True) -> Intake:
    """Sort *documents* with :meth:`Registry.match`; a document that comes twice is added once.

    With *near* False a near match does not stop a document (a register lists what the office
    issued: a number that looks like a typo of another is still its own document).
    """
    new: list[NewDocument] = []
    existing: list[tuple[NewDocument, Document]] = []
    close: list[tuple[NewDocument, Document, float]] = []
    ambiguous: list[tuple[NewDocument, tuple[Document, ...]]] = []
    incomplete: list[NewDocument] = []
    repeated: list[NewDocument] = []
    planned: dict[str, NewDocument] = {}
    for doc in documents:
        found = registry.match(doc.citation, issuer=doc.issuer if doc.issuer_stated else None)
        if found.kind is MatchKind.EXACT:
            assert found.document is not None
            existing.append((doc, found.document))
        elif found.kind is MatchKind.AMBIGUOUS:
            ambiguous.append((doc, found.candidates))
        elif found.kind is MatchKind.NEAR and near and found.document is not None:
            close.append((doc, found.document, found.score or 0.0))
        elif not doc.complete:
            incomplete.append(doc)
        elif doc.id in registry.by_id:
            existing.append((doc, registry.by_id[doc.id]))
        elif doc.id in planned:
            repeated.append(doc)
        else:
            planned[doc.id] = doc
            new.append(doc)
    return Intake(tuple(new), tuple(existing), tuple(close), tuple(ambiguous), tuple(incomplete), tuple(repeated))


class ConcurrentEditError(VanbanError):
    """The registry changed between reading it and saving a change to it, in a way the change
    cannot simply be made again (documents it adds were registered meanwhile): nothing written."""


@attrs.frozen
class Change:
    """What an edit does to a registry file. Nothing is written until :meth:`save`."""

    path: Path
    before: str
    after: str
    #: the edited registry, validated (None when nothing changed)
    registry: Registry | None
    added: tuple[str, ...] = ()
    intake: Intake = attrs.field(factory=Intake)
    #: what the clerk should look at (rows that were not read, warnings of a message …)
    notes: tuple[Message, ...] = ()
    #: the bytes of the file the change was made from: :meth:`save` writes only over those
    source: bytes | None = attrs.field(default=None, eq=False, repr=False)
    #: the same change made again on the file as it is now (when another writer saved first)
    replay: Callable[[], Change] | None = attrs.field(default=None, eq=False, repr=False)
    #: the file starts with a UTF-8 byte order mark (kept; not part of ``before``/``after``)
    bom: bool = attrs.field(default=False, eq=False)

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.before.splitlines(True), self.after.splitlines(True), name, name))

    def payload(self) -> bytes:
        """The bytes :meth:`save` writes: the edited text, with the file's BOM if it had one."""
        return (("\ufeff" if self.bom else "") + self.after).encode("utf-8")

    def save(self) -> bool:
        """Write the edited text atomically; False (writing nothing) when nothing changed.

        The write holds the registry's lock and happens only over the bytes the change was made
        from. When another writer saved first, the change is made again on the file as it is now
        (:attr:`replay`) and written if it adds the same documents; otherwise
        :class:`ConcurrentEditError` and nothing is written. A symbolic link keeps pointing at
        the registry, a read-only registry is refused (WriteError), its permissions are kept.
        """
        return self.write() is not None

    def write(self) -> Change | None:
        """:meth:`save`, returning the change written (itself, or made again on a newer file;
        None when nothing changed)."""
        if not self.changed:
            return None
        check_writable(self.path)
        with file_lock(self.path) as lock:
            _remove_stale_temporaries(lock)
            current = read_limited(self.path) if self.path.exists() else b""
            change = self if self.source is None or current == self.source else self._again(current)
            write_atomic(self.path, change.payload(), allow_input=True)
        return change

    def _again(self, current: bytes) -> Change:
        """This change made on *current* (the registry's lock is held: nobody else writes now)."""
        if self.replay is None:
            raise ConcurrentEditError("registry.changed-since-read", file=str(self.path))
        fresh = self.replay()
        if fresh.source != current:  # changed again by a program that does not take the lock
            raise ConcurrentEditError("registry.changed-since-read", file=str(self.path))
        if fresh.added != self.added:
            gone = [doc_id for doc_id in self.added if doc_id not in fresh.added] or list(self.added)
            raise ConcurrentEditError("registry.changed-meanwhile", file=str(self.path), ids=gone)
        return fresh

    def with_notes(self, notes: Iterable[Message]) -> Change:
        return attrs.evolve(self, notes=self.notes + tuple(notes))


def _keep_anchors(data: Any) -> None:
    """Mark every anchor of the round-trip data to be written, used by an alias or not (ruamel
    drops an anchor nothing refers to, and the clerk may have put it there for later)."""
    stack = [data]
    while stack:
        node = stack.pop()
        anchor = getattr(node, "anchor", None)
        if anchor is not None and getattr(anchor, "value", None):
            node.yaml_set_anchor(anchor.value, always_dump=True)
        if isinstance(node, dict):
            stack.extend(node.values())
        elif isinstance(node, list):
            stack.extend(node)


def _remove_stale_temporaries(lock: Path) -> None:
    """Temporary files a writer killed half-way left beside the registry. Only the holder of the
    lock writes the registry, so while it is held every such file is stale."""
    name = lock.name[: -len(".lock")]  # ".registry.yaml"
    for stale in lock.parent.glob(f"{glob_escape(name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


# --- appending without a round trip --------------------------------------------------------------------
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|$)")
_DOCUMENTS_KEY = re.compile(r"""^(?:documents|"documents"|'documents')[ \t]*:(?P<rest>.*?)(?P<eol>\r\n|\r|\n)?$""",
                            re.DOTALL)
_NULL_VALUES = ("", "~", "null", "Null", "NULL", "[]")
_ITEM = re.compile(r"^(?P<dash> *)-(?P<gap> +)(?=[^\s#])")
#: how many lines before an append are looked at for a block scalar in the last entry (a longer
#: last entry is validated by reading the whole file)
_LAST_ENTRY_LINES = 400
_BLOCK_SCALAR = re.compile(r"(?:^|[ \t])(?:-|[^\s#][^#]*?:)[ \t]+(?:[!&][^\s]*[ \t]+)*[|>][0-9+-]{0,2}[ \t]*(?:#.*)?$")


def _split_lines(text: str) -> list[str]:
    """The lines of *text*, each with its own line ending (CRLF, CR or LF)."""
    lines = _LINE.findall(text)
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _is_item(stripped: str) -> bool:
    return stripped.startswith("-") and (len(stripped) == 1 or stripped[1] in " \t")


@attrs.frozen(slots=True)
class _Spot:
    """Where new entries go in a registry's text, and how they are indented there."""

    insert_at: int  # index of the line the entries go before
    dash: int  # column of the "-" of an entry
    key: int  # column of an entry's keys
    newline: str
    #: the ``documents:`` line rewritten ("documents: []" → "documents:"), or None to keep it
    key_line: tuple[int, str] | None = None


def _find_spot(lines: list[str], newline: str) -> _Spot | None:
    """Where the documents list ends, read from the text; None when the layout is one this
    does not handle (a flow list with entries, an anchor or a tag on it …): then the round trip."""
    found = [i for i, line in enumerate(lines) if line[:1] in "d\"'" and _DOCUMENTS_KEY.match(line)]
    if len(found) != 1:
        return None
    at = found[0]
    match = _DOCUMENTS_KEY.match(lines[at])
    assert match is not None
    rest = match.group("rest")
    comment = ""
    if "#" in rest:
        value, _, comment = rest.partition("#")
        if value and not value[-1].isspace():
            return None  # "#" inside a value: not a comment
        comment = "  #" + comment
    else:
        value = rest
    value = value.strip()
    if value not in _NULL_VALUES:
        return None
    eol = match.group("eol") or newline
    key_line = None if value == "" else (at, "documents:" + comment + eol)
    dash = key = None
    for index in range(at + 1, len(lines)):  # the first entry gives the layout
        raw = lines[index].rstrip("\r\n")
        stripped = raw.lstrip(" ")
        if not stripped.strip() or stripped.startswith("#"):
            continue
        if not value and _is_item(stripped):
            dash = len(raw) - len(stripped)
            item = _ITEM.match(raw)
            key = len(item.group("dash")) + 1 + len(item.group("gap")) if item else dash + 2
        break
    if dash is None:  # no entries: they go right after "documents:"
        return _Spot(at + 1, 2, 4, newline, key_line)
    assert key is not None
    end = len(lines)  # the next line at column 0 that is not an entry, a comment or blank
    for index in range(at + 1, len(lines)):
        head = lines[index][:1]
        if head and head not in " \t\r\n#" and not (dash == 0 and _is_item(lines[index].rstrip("\r\n"))):
            end = index
            break
    begin = at + 1  # the start of the last entry
    for index in range(end - 1, at, -1):
        raw = lines[index].rstrip("\r\n")
        stripped = raw.lstrip(" ")
        if len(raw) - len(stripped) == dash and _is_item(stripped):
            begin = index
            break
    last = begin
    scalar_indent: int | None = None
    for index in range(begin, end):  # the last entry, line by line: where its content ends
        raw = lines[index].rstrip("\r\n")
        stripped = raw.lstrip(" ")
        indent = len(raw) - len(stripped)
        if scalar_indent is not None:
            if not stripped.strip() or indent > scalar_indent:
                if stripped.strip():
                    last = index
                continue
            scalar_indent = None
        if not stripped.strip() or stripped.startswith("#"):
            continue
        if stripped.startswith("\t") or raw.startswith(("---", "...")):
            break
        if indent < dash or (indent == dash and not _is_item(stripped)) or (index > begin and indent == dash):
            break
        last = index
        if ("|" in raw or ">" in raw) and _BLOCK_SCALAR.search(raw):
            item = _ITEM.match(raw)
            scalar_indent = len(item.group(0)) if item else indent
    return _Spot(last + 1, dash, key, newline, key_line)


def _render(entries: list[tuple[CommentedMap, str | None]], spot: _Spot) -> list[str]:
    """The entries as lines of YAML, in the layout of the file (*spot*), as the round trip
    would write them (the same dumper, then re-indented)."""
    seq = CommentedSeq()
    for index, (entry, comment) in enumerate(entries):
        seq.append(entry)
        if comment:
            seq.yaml_set_comment_before_after_key(index, before=comment, indent=2)
    holder = CommentedMap()
    holder["documents"] = seq
    out = io.StringIO()
    _round_trip_yaml().dump(holder, out)
    lines = []
    for line in out.getvalue().splitlines()[1:]:
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if indent == 2 and _is_item(stripped):
            line = " " * spot.dash + "-" + " " * (spot.key - spot.dash - 1) + stripped[2:]
        elif indent <= 2:
            line = " " * spot.dash + stripped
        else:
            line = " " * (indent - 4 + spot.key) + stripped
        lines.append(line.rstrip(" ") + spot.newline)
    return lines


class RegistryEditor:
    """A registry file opened for editing (docs/api.md).

    Appending documents (:meth:`add_document`, :meth:`apply`) writes their entries into the
    file's text right after its last document, in its layout and line endings: nothing else
    in the file is touched (comments, anchors, quotes, a BOM, CRLF stay as they are) and no
    round trip of the whole file is paid. Any other edit (:meth:`add_relation`, or using
    :attr:`data`) goes through ruamel's round-trip loader, which keeps comments, key order,
    quotes and blank lines.

    *registry*, the Registry already loaded from this file, spares validating the file again
    when it has not changed since; otherwise the file is validated here (RegistryError).
    """

    def __init__(self, path: str | Path, *, registry: Registry | None = None):
        self.path = Path(require_path("path", path))
        if registry is not None:
            require("registry", registry, Registry)
        self.source, self.original = read_registry_file(self.path)
        self.bom = self.source.startswith(b"\xef\xbb\xbf")
        self.newline = "\r\n" if self.original.count("\r\n") * 2 > self.original.count("\n") else "\n"
        if registry is None or registry_source(registry) != content_digest(self.source):
            with collector_paused():
                registry = parse_registry(self.original, filename=str(self.path), path=self.path)
        #: the registry as the file holds it now, before any edit
        self.loaded: Registry = registry
        self.yaml = _round_trip_yaml()
        self._data: Any = None
        self._pending: list[tuple[CommentedMap, str | None]] = []
        self._ops: list[Callable[[RegistryEditor], Any]] = []
        self._spot: tuple[int, int] | None = None  # first and last line (1-based) of the appended entries
        #: (index of the first new line, the new lines, the lines before them) of an append at the end
        self._appended: tuple[int, list[str], list[str]] | None = None

    # --- the round trip, when it is needed ---------------------------------------------------------
    @property
    def data(self) -> Any:
        """The file as ruamel's round-trip data (loaded when first used)."""
        if self._data is None:
            try:
                data = self.yaml.load(self.original.replace("\r\n", "\n"))
            except Exception:  # noqa: BLE001 - ruamel fails in many ways; the schema reader places it
                parse_registry(self.original, filename=str(self.path), path=self.path)
                raise
            if not isinstance(data, CommentedMap):
                parse_registry(self.original, filename=str(self.path), path=self.path)
                raise ArgumentError("error.argument-value", name="path", reason=str(self.path))
            _keep_anchors(data)
            self._data = data
            pending, self._pending = self._pending, []
            for entry, comment in pending:
                self._append(entry, comment)
        return self._data

    def dumps(self) -> str:
        """The file's text with the edits so far (without the BOM, which :meth:`Change.payload` adds)."""
        self._spot = self._appended = None
        if self._data is None:
            if not self._pending:
                return self.original
            spliced = self._splice()
            if spliced is not None:
                return spliced
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        text = out.getvalue()
        return text.replace("\n", "\r\n") if self.newline == "\r\n" else text

    def _splice(self) -> str | None:
        lines = _split_lines(self.original)
        spot = _find_spot(lines, self.newline)
        if spot is None:
            return None
        if spot.key_line is not None:
            lines[spot.key_line[0]] = spot.key_line[1]
        at = spot.insert_at
        if at > 0 and not lines[at - 1].endswith(("\n", "\r")):
            lines[at - 1] += spot.newline
        new = _render(self._pending, spot)
        self._spot = (at + 1, at + len(new))
        # an append at the end of the file into a list that was already a block list: the result can
        # be validated from the file's part and the new lines alone (see _appended_registry)
        plain = spot.key_line is None and all(not line.strip() or line.lstrip().startswith("#") for line in lines[at:])
        self._appended = (at, new, lines[max(0, at - _LAST_ENTRY_LINES):at]) if plain else None
        return "".join(lines[:at] + new + lines[at:])

    @property
    def changed(self) -> bool:
        return self.dumps() != self.original

    def _documents(self) -> CommentedSeq:
        documents: CommentedSeq | None = self.data.get("documents")
        if documents is None or documents == "":
            documents = self.data["documents"] = CommentedSeq()
        if isinstance(documents, CommentedSeq) and documents.fa.flow_style():
            documents.fa.set_block_style()  # "documents: []" → a block list once it has entries
        return documents

    def _append(self, entry: CommentedMap, comment: str | None) -> None:
        documents = self._documents()
        documents.append(entry)
        if comment:
            documents.yaml_set_comment_before_after_key(len(documents) - 1, before=comment, indent=2)

    # --- edits ----------------------------------------------------------------------------------------------
    def add_document(self, fields: NewDocument | Mapping[str, Any], *, comment: str | None = None) -> CommentedMap:
        """Append a document (a NewDocument, or a mapping of fields as in docs/registry.md);
        *comment* goes above it."""
        if isinstance(fields, NewDocument):
            entry = fields.entry()
        else:
            require("fields", fields, Mapping)
            unknown = set(fields) - set(DOCUMENT_FIELDS)
            if unknown:
                raise ArgumentError("error.argument-value", name="fields",
                                    reason=f"unknown document fields: {', '.join(sorted(map(str, unknown)))}")
            entry = _entry(fields)
        if comment is not None:
            require("comment", comment, str)
        if self._data is None:
            self._pending.append((entry, comment))
        else:
            self._append(entry, comment)
        self._ops.append(lambda editor: editor.add_document(fields, comment=comment))
        return entry

    def apply(self, documents: Iterable[NewDocument], *, comment: str | None = None,
              intake: Intake | None = None, notes: Iterable[Message] = ()) -> Change:
        """Append *documents* (*comment* above the first) and return the validated change."""
        added = []
        for index, doc in enumerate(documents):
            require("documents[]", doc, NewDocument)
            self.add_document(doc, comment=comment if index == 0 else None)
            added.append(doc.id)
        return self.change(added=tuple(added), intake=intake, notes=tuple(notes))

    def add_relation(self, doc_ref: str, relation: RelationType | str, target_ref: str) -> bool:
        """Add *target_ref* under *relation* of the document *doc_ref* (both resolved in the edited
        registry: ResolveError when either names no document, or several); False if already there."""
        require("doc_ref", doc_ref, str)
        require("target_ref", target_ref, str)
        rtype = RelationType(relation)
        registry = self.registry()
        doc = registry.resolve(doc_ref)
        target = registry.resolve(target_ref, on=doc.date)
        if any(r.type is rtype and r.target == target.id for r in doc.relations):
            return False
        for entry in self.data.get("documents") or ():
            if self._is_entry_of(registry, entry, doc):
                refs = entry.get(rtype.value)
                if refs is None or isinstance(refs, str):
                    refs = CommentedSeq([refs] if isinstance(refs, str) else [])
                    refs.fa.set_flow_style()
                    entry[rtype.value] = refs
                refs.append(target.code if registry.get(target.code) is target else target.id)
                self._ops.append(lambda editor: editor.add_relation(doc_ref, relation, target_ref))
                return True
        raise LookupError(doc.id)  # pragma: no cover - a registered document always has its entry

    @staticmethod
    def _is_entry_of(registry: Registry, entry: Any, doc: Document) -> bool:
        """Whether a YAML entry is *doc*: the one match, given the entry's code and issuer."""
        try:
            citation = parse_citation(str(entry.get("code", "")))
        except CitationError:
            return False
        issuer = registry.issuer_keys_for(str(entry.get("issuer", "")))
        if str(entry.get("issuer", "")) in registry.issuers:
            issuer = {str(entry.get("issuer"))}
        return doc.issuer in issuer and citation.code == doc.code

    # --- the result -----------------------------------------------------------------------------------------
    def change(self, *, added: tuple[str, ...] = (), intake: Intake | None = None,
               notes: tuple[Message, ...] = ()) -> Change:
        """The edit so far, validated (RegistryError if the result would not read)."""
        after = self.dumps()
        registry = None
        if after != self.original:
            registry, after = self._validate(after, added)
        ops = list(self._ops)
        path = self.path

        def replay() -> Change:
            editor = RegistryEditor(path)
            for op in ops:
                op(editor)
            return editor.change(added=added, intake=intake, notes=notes)

        return Change(self.path, self.original, after, registry, added, intake or Intake(), notes,
                      source=self.source, replay=replay, bom=self.bom)

    def _validate(self, after: str, added: tuple[str, ...]) -> tuple[Registry, str]:
        """The registry *after* reads as; an append into the text that did not land where it
        should (a layout the text reading misjudged) is done again by the round trip."""
        spot = self._spot
        try:
            with collector_paused():
                registry = self._appended_registry(after) or parse_registry(after, filename=str(self.path),
                                                                            path=self.path)
        except RegistryError as exc:
            if spot is None or all(spot[0] <= p.line <= spot[1] for p in exc.problems):
                raise  # the new entries themselves are wrong (or the round trip was used)
            return self._round_trip_validated()
        if spot is None:
            return registry, after
        count = len(self.loaded.documents)
        new = registry.documents[count:]
        if (len(registry.documents) != count + len(self._pending) or any(not spot[0] <= d.line <= spot[1] for d in new)
                or (added and tuple(d.id for d in new) != added)):
            return self._round_trip_validated()
        return registry, after

    def _appended_registry(self, after: str) -> Registry | None:
        """The registry *after* reads as, made without reading the whole text again: the file's part
        as it was (from the cache of parsed files) and the appended entries read alone, at their own
        lines, then assembled and checked as one file is. That is the registry a full reading gives
        when the entries were appended at the end of the file (nothing but blank lines and comments
        after them) to a block list, after an entry that does not end in a block scalar (whose
        trailing lines would change hands) — tested against the full reading. None whenever that is
        not so, the cache does not hold the file, or anything at all is wrong: the whole text is read
        then, and its messages are the ones shown. (Appending to a 20,000-document file no longer
        reads 20,000 documents again.)"""
        from .folder import cached_part, remember_part
        from .parts import D_INDEX, D_LINE, Part, read_part

        if self._appended is None:
            return None
        at, new, before = self._appended
        if any(_BLOCK_SCALAR.search(line) for line in before):
            return None
        old = cached_part(self.source, str(self.path))
        if old is None or old.problems or not old.has_documents:
            return None
        records = old.documents
        if records and records[-1][D_LINE] > at:
            return None
        if records and at - records[-1][D_LINE] >= _LAST_ENTRY_LINES:
            return None  # the last entry is longer than the lines looked at for a block scalar
        if at < 2:
            return None
        padding = "\n" * (at - 2) + "vanban: 1\ndocuments:\n"  # the new lines at their own line numbers
        try:
            snippet = read_part(padding + "".join(new), str(self.path), RegistryError)
        except RegistryError:
            return None
        added = snippet.documents
        if snippet.problems or len(added) != len(self._pending):
            return None
        count = len(records)
        shifted = tuple((*r[:D_INDEX], r[D_INDEX] + count, *r[D_INDEX + 1:]) for r in added)
        merged = Part(str(self.path), (), old.locality, old.issuers, records + shifted, True, old.locality_at,
                      old.plain and snippet.plain)
        try:
            registry = assemble([merged], path=self.path, error_class=RegistryError)
        except RegistryError:
            return None
        remember_part((("\ufeff" if self.bom else "") + after).encode("utf-8"), merged)
        return registry

    def _round_trip_validated(self) -> tuple[Registry, str]:
        _ = self.data  # moves the pending entries into the round-trip data
        after = self.dumps()
        with collector_paused():
            return parse_registry(after, filename=str(self.path), path=self.path), after

    def registry(self) -> Registry:
        """Validate the edited text (RegistryError) and return it as a Registry."""
        return parse_registry(self.dumps(), filename=str(self.path), path=self.path)

    def save(self) -> bool:
        """Validate, then write atomically (see :meth:`Change.save`); False (writing nothing) when
        unchanged."""
        written = self.change().write()
        if written is None:
            return False
        self.source = written.payload()
        self.original = written.after
        self._data = None
        self._pending = []
        self._ops = []
        self.loaded = written.registry or self.loaded
        return True


def propose(registry: Registry, documents: Iterable[NewDocument], *, comment: str | None = None,
            notes: Iterable[Message] = (), near: bool = True) -> Change:
    """The change that adds *documents* to *registry*'s file — those not registered yet — with
    *comment* above the first; validated, not written (``change.save()`` writes it).

    The documents are sorted against the file as it is when the change is made (the registry
    given, if the file has not changed since it was loaded); ``change.save()`` makes the change
    again, the same way, if another writer saves first.
    """
    require("registry", registry, Registry)
    if registry.path is None:
        raise ArgumentError("error.argument-value", name="registry", reason="the registry was not read from a file")
    incoming = tuple(documents)
    for doc in incoming:
        require("documents[]", doc, NewDocument)
    notes = tuple(notes)
    editor = RegistryEditor(registry.path, registry=registry)
    sorted_in = intake(editor.loaded, incoming, near=near)
    change = editor.apply(sorted_in.new, comment=comment, intake=sorted_in, notes=notes)
    path = registry.path

    def replay() -> Change:
        return propose(load_registry(path), incoming, comment=comment, notes=notes, near=near)

    return attrs.evolve(change, replay=replay)
