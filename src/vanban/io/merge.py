"""Adding the documents a text cites to the registry (`vanban extract --merge`).

A document already registered (same issuer, year, number and symbol) is not added twice but
listed; so is a near match — the same number with a symbol that differs by a typo (rapidfuzz,
on the small set of documents that share the number). A citation whose issuer names no known
body, or that has no valid date, is reported to the clerk instead of guessed.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import attrs
from rapidfuzz import fuzz

from ..cite.citation import Citation
from ..registry.model import Document, document_id
from ..registry import Registry, RegistryEditor, ResolveError, code_key

__all__ = ["MergePlan", "plan_merge", "apply_merge", "NEAR_MATCH"]

#: Similarity (0–100) of two codes with the same number above which they are one document.
NEAR_MATCH = 80.0


@attrs.frozen(slots=True)
class MergePlan:
    add: tuple[tuple[Citation, str], ...]  # (citation, issuer key)
    existing: tuple[tuple[Citation, Document], ...]
    near: tuple[tuple[Citation, Document, float], ...]
    unknown_issuer: tuple[Citation, ...]
    incomplete: tuple[Citation, ...]  # no valid date, or no issuer at all


def plan_merge(registry: Registry, citations: list[Citation], *, default_issuer: str | None = None) -> MergePlan:
    """Sort each citation into: to add, already there, near match, unknown issuer, incomplete."""
    add: list[tuple[Citation, str]] = []
    existing: list[tuple[Citation, Document]] = []
    near: list[tuple[Citation, Document, float]] = []
    unknown: list[Citation] = []
    incomplete: list[Citation] = []
    planned: set[str] = set()
    for citation in citations:
        issuer_key = None
        if citation.issuer:
            try:
                issuer_key = registry.find_issuer(citation.issuer).key
            except ResolveError:
                unknown.append(citation)
                continue
        same = registry.candidates(attrs.evolve(citation, issuer=None, date=None))
        if issuer_key is not None:
            same = [d for d in same if d.issuer == issuer_key]
        year = citation.year or (citation.date.year if citation.date else None)
        if year is not None:
            same = [d for d in same if d.issue_year == year]
        if same:
            existing.append((citation, same[0]))
            continue
        close = _near(registry, citation, issuer_key)
        if close is not None:
            near.append((citation, *close))
            continue
        issuer_key = issuer_key or default_issuer
        if issuer_key is None or citation.date is None:
            incomplete.append(citation)
            continue
        doc_id = document_id(issuer_key, year, citation.number, citation.symbol)
        if doc_id not in planned:
            planned.add(doc_id)
            add.append((citation, issuer_key))
    return MergePlan(tuple(add), tuple(existing), tuple(near), tuple(unknown), tuple(incomplete))


def _near(registry: Registry, citation: Citation, issuer_key: str | None) -> tuple[Document, float] | None:
    best: tuple[Document, float] | None = None
    for doc in registry.same_number(citation.number):
        if issuer_key is not None and doc.issuer != issuer_key:
            continue
        if citation.date is not None and doc.date is not None and doc.date != citation.date:
            continue
        if code_key(doc.number, doc.symbol, doc.year) == code_key(citation.number, citation.symbol, citation.year):
            continue
        score = fuzz.ratio(doc.symbol, citation.symbol)
        if score >= NEAR_MATCH and (best is None or score > best[1]):
            best = (doc, score)
    return best


def apply_merge(path: str | Path, plan: MergePlan, *, source: str, dry_run: bool = False) -> tuple[list[str], str]:
    """Add the planned documents; return (new IDs, unified diff). With *dry_run* nothing is written."""
    editor = RegistryEditor(path)
    for index, (citation, issuer_key) in enumerate(plan.add):
        editor.add_document(
            {
                "code": citation.code,
                "kind": citation.kind,
                "date": citation.date,
                "issuer": issuer_key,
                "title": citation.title,
            },
            comment=f"thêm từ {source}" if index == 0 else None,
        )
    new_text = editor.dumps()
    diff = "".join(
        difflib.unified_diff(editor.original.splitlines(True), new_text.splitlines(True), str(path), str(path))
    )
    registry = editor.registry()  # validates; raises RegistryError for a broken result
    ids = [d.id for d in registry.documents[len(registry.documents) - len(plan.add):]]
    if not dry_run:
        editor.save()
    return ids, diff
