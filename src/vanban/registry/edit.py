"""Editing a registry file without losing the clerk's comments, order or layout.

Reading for use goes through the fast path (:mod:`.nodes`); editing goes through ruamel's
round-trip loader, which keeps comments, key order, quotes and blank lines. With the settings
below an unchanged file dumps back byte for byte (tested on data/registry.yaml), and
:meth:`RegistryEditor.save` writes nothing at all when nothing changed.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Any, Mapping

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..base.atomic import write_atomic
from .model import RelationType
from ..cite.text import nfc
from ..cite.citation import CitationError
from ..cite.find import parse_citation
from .model import Document
from .core import Registry, ResolveError, code_key
from .load import DOCUMENT_FIELDS, load_registry, parse_registry

__all__ = ["RegistryEditor"]


def _round_trip_yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never re-wrap a clerk's long titles
    return yaml


class RegistryEditor:
    """Load a registry for editing; add documents or links; save atomically (docs/api.md)."""

    def __init__(self, path: str | Path):
        self.path = Path(path)
        load_registry(self.path)  # refuse to edit a registry that does not validate
        self.original = self.path.read_text(encoding="utf-8-sig")
        self.yaml = _round_trip_yaml()
        self.data = self.yaml.load(self.original)

    def dumps(self) -> str:
        out = io.StringIO()
        self.yaml.dump(self.data, out)
        return out.getvalue()

    @property
    def changed(self) -> bool:
        return self.dumps() != self.original

    def registry(self) -> Registry:
        """Validate the edited text (raises RegistryError) and return it as a Registry."""
        return parse_registry(self.dumps(), filename=str(self.path), path=self.path)

    def add_document(self, fields: Mapping[str, Any], *, comment: str | None = None) -> CommentedMap:
        """Append a document (fields as in docs/registry.md); *comment* goes above it."""
        unknown = set(fields) - set(DOCUMENT_FIELDS)
        if unknown:
            raise ValueError(f"unknown document fields: {', '.join(sorted(unknown))}")
        entry = CommentedMap()
        for name in DOCUMENT_FIELDS:
            value = fields.get(name)
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
        documents = self.data.setdefault("documents", CommentedSeq())
        documents.append(entry)
        index = len(documents) - 1
        if comment:
            documents.yaml_set_comment_before_after_key(index, before=comment, indent=2)
        return entry

    def add_relation(self, doc_ref: str, relation: RelationType | str, target_ref: str) -> bool:
        """Add *target_ref* under *relation* of the document *doc_ref*; False if already there."""
        rtype = RelationType(relation)
        registry = self.registry()
        doc = registry.resolve(doc_ref)
        target = registry.resolve(target_ref, on=doc.date)
        if any(r.type is rtype and r.target == target.id for r in doc.relations):
            return False
        for entry in self.data["documents"]:
            if self._is_entry_of(registry, entry, doc):
                refs = entry.get(rtype.value)
                if refs is None:
                    refs = CommentedSeq()
                    refs.fa.set_flow_style()
                    entry[rtype.value] = refs
                elif isinstance(refs, str):
                    refs = CommentedSeq([refs])
                    refs.fa.set_flow_style()
                    entry[rtype.value] = refs
                refs.append(target.code)
                return True
        raise LookupError(doc_ref)  # pragma: no cover - a resolved document always has its entry

    @staticmethod
    def _is_entry_of(registry: Registry, entry: Any, doc: Document) -> bool:
        """Whether a YAML entry is *doc*: same number and symbol, and the same issuer."""
        try:
            citation = parse_citation(str(entry.get("code", "")))
        except CitationError:
            return False
        if code_key(citation.number, citation.symbol, citation.year) != code_key(doc.number, doc.symbol, doc.year):
            return False
        try:
            return registry.find_issuer(str(entry.get("issuer", ""))).key == doc.issuer
        except ResolveError:
            return False

    def save(self) -> bool:
        """Validate, then write atomically; return False (writing nothing) when unchanged."""
        text = self.dumps()
        if text == self.original:
            return False
        parse_registry(text, filename=str(self.path), path=self.path)  # never write a broken registry
        write_atomic(self.path, text)
        self.original = text
        return True
