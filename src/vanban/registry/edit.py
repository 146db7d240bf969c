"""Changing a registry file: one path for every importer and for ``vanban add``.

An importer (a text's citations, a register, an edXML message, a citation typed on the command
line) is an adapter from its source to :class:`NewDocument` fields. :func:`intake` sorts them
with the one registry match (new, already registered, a near match, ambiguous);
:meth:`RegistryEditor.apply` appends the new ones and returns a :class:`Change` — the IDs added,
a unified diff, and :meth:`Change.save`. The edited text is validated once, when the change is
made; saving writes that same text, atomically, or nothing when nothing changed.

Editing goes through ruamel's round-trip loader, which keeps the clerk's comments, key order,
quotes and blank lines: an unchanged file dumps back byte for byte (tested on
data/registry.yaml).
"""

from __future__ import annotations

import datetime as _dt
import difflib
import io
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..base.atomic import write_atomic
from ..base.messages import Message
from ..base.text import nfc
from ..cite.citation import Citation, CitationError
from ..cite.find import parse_citation
from .core import Registry
from .load import DOCUMENT_FIELDS, parse_registry
from .match import MatchKind
from .model import Document, RelationType, document_id

__all__ = ["NewDeadline", "NewDocument", "Intake", "intake", "Change", "RegistryEditor", "propose"]


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

    @property
    def changed(self) -> bool:
        return self.after != self.before

    @property
    def diff(self) -> str:
        name = str(self.path)
        return "".join(difflib.unified_diff(self.before.splitlines(True), self.after.splitlines(True), name, name))

    def save(self) -> bool:
        """Write the edited text atomically; False (writing nothing) when nothing changed."""
        if not self.changed:
            return False
        write_atomic(self.path, self.after)
        return True

    def with_notes(self, notes: Iterable[Message]) -> Change:
        return attrs.evolve(self, notes=self.notes + tuple(notes))


class RegistryEditor:
    """A registry file opened for editing (docs/api.md)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.original = self.path.read_text(encoding="utf-8-sig")
        self.yaml = _round_trip_yaml()
        try:
            self.data = self.yaml.load(self.original)
        except Exception:  # noqa: BLE001 - ruamel fails in many ways on a bad file (2023-02-30 …)
            # The schema reader says what is wrong, placed; the edit itself is validated later.
            parse_registry(self.original, filename=str(self.path), path=self.path)
            raise

    def dumps(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    @property
    def changed(self) -> bool:
        return self.dumps() != self.original

    def _documents(self) -> CommentedSeq:
        documents: CommentedSeq | None = self.data.get("documents")
        if documents is None:
            documents = self.data["documents"] = CommentedSeq()
        if isinstance(documents, CommentedSeq) and documents.fa.flow_style():
            documents.fa.set_block_style()  # "documents: []" → a block list once it has entries
        return documents

    def add_document(self, fields: NewDocument | Mapping[str, Any], *, comment: str | None = None) -> CommentedMap:
        """Append a document (a NewDocument, or a mapping of fields as in docs/registry.md);
        *comment* goes above it."""
        if isinstance(fields, NewDocument):
            entry = fields.entry()
        else:
            unknown = set(fields) - set(DOCUMENT_FIELDS)
            if unknown:
                raise ValueError(f"unknown document fields: {', '.join(sorted(unknown))}")
            entry = _entry(fields)
        documents = self._documents()
        documents.append(entry)
        if comment:
            documents.yaml_set_comment_before_after_key(len(documents) - 1, before=comment, indent=2)
        return entry

    def apply(self, documents: Iterable[NewDocument], *, comment: str | None = None,
              intake: Intake | None = None, notes: Iterable[Message] = ()) -> Change:
        """Append *documents* (*comment* above the first) and return the validated change."""
        added = []
        for index, doc in enumerate(documents):
            self.add_document(doc, comment=comment if index == 0 else None)
            added.append(doc.id)
        return self.change(added=tuple(added), intake=intake, notes=tuple(notes))

    def add_relation(self, doc_ref: str, relation: RelationType | str, target_ref: str) -> bool:
        """Add *target_ref* under *relation* of the document *doc_ref* (both resolved in the edited
        registry: ResolveError when either names no document, or several); False if already there."""
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

    def change(self, *, added: tuple[str, ...] = (), intake: Intake | None = None,
               notes: tuple[Message, ...] = ()) -> Change:
        """The edit so far, validated (RegistryError if the result would not read)."""
        after = self.dumps()
        registry = None
        if after != self.original:
            registry = parse_registry(after, filename=str(self.path), path=self.path)
        return Change(self.path, self.original, after, registry, added, intake or Intake(), notes)

    def registry(self) -> Registry:
        """Validate the edited text (RegistryError) and return it as a Registry."""
        return parse_registry(self.dumps(), filename=str(self.path), path=self.path)

    def save(self) -> bool:
        """Validate, then write atomically; False (writing nothing) when unchanged."""
        change = self.change()
        saved = change.save()
        if saved:
            self.original = change.after
        return saved


def propose(registry: Registry, documents: Iterable[NewDocument], *, comment: str | None = None,
            notes: Iterable[Message] = (), near: bool = True) -> Change:
    """The change that adds *documents* to *registry*'s file — those not registered yet — with
    *comment* above the first; validated, not written (``change.save()`` writes it)."""
    if registry.path is None:
        raise ValueError("the registry was not read from a file")
    sorted_in = intake(registry, documents, near=near)
    return RegistryEditor(registry.path).apply(sorted_in.new, comment=comment, intake=sorted_in, notes=notes)
