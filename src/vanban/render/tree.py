"""The implementation tree (the directive and what carries it out below) and everything known about
one document, for `vanban tree` and `vanban show`."""

from __future__ import annotations

from typing import Any

from ..base.messages import DEFAULT_LANG, text
from ..base.text import sort_key as vi_sort_key
from ..check.deadlines import DueItem
from ..registry import Registry
from ..registry.model import Document, RelationType, level_rank
from .appendix import sort_key

__all__ = ["roots", "tree_heading", "tree_lines", "document_facts", "sorted_issuers"]

#: Relations drawn as edges of the tree, child → parent.
TREE_RELATIONS = (RelationType.IMPLEMENTS, RelationType.RESPONDS_TO)


def _children(registry: Registry, doc: Document) -> list[tuple[RelationType, Document]]:
    out = [(rtype, child) for rtype in TREE_RELATIONS for child in registry.inverse(doc, rtype)]
    return sorted(out, key=lambda pair: sort_key(pair[1]))


def roots(registry: Registry) -> list[Document]:
    """Documents that implement nothing registered but are implemented by something."""
    tops = []
    for doc in registry.documents:
        parents = [r for r in doc.relations if r.type in TREE_RELATIONS and r.target in registry.by_id]
        if not parents and _children(registry, doc):
            tops.append(doc)
    return sorted(tops, key=sort_key)


def _label(registry: Registry, doc: Document, lang: str) -> str:
    citation = registry.citation(doc, with_title=False).format(with_issuer=False)
    return f"{citation} — {registry.issuer_name(doc.issuer)}"


def tree_heading(registry: Registry, lang: str = DEFAULT_LANG) -> str:
    """The tree's heading: whose registry, and its real chain of levels ("tỉnh → xã" after 2025)."""
    chain = " → ".join(registry.level_chain())
    return text("tree.heading", lang, locality=registry.locality.name, chain=chain or "–")


#: levels of indentation drawn in full; deeper lines start with "…(depth)" and the last levels
MAX_INDENT = 24


def tree_lines(registry: Registry, start: Document | None = None, *, lang: str = DEFAULT_LANG) -> list[str]:
    """Lines of the tree from *start* down (or from every root), with box-drawing branches.

    A document reached twice is shown once in full and then as "(xem ở trên)"; a cycle cannot
    loop forever, and a chain of any depth is walked without recursion.
    """
    lines: list[str] = []
    seen: set[str] = set()
    again = text("tree.see-above", lang)
    answers = text("tree.answers", lang)

    def walk(top: Document) -> None:
        # (document, prefix, last child?, relation to its parent, depth), in drawing order
        stack: list[tuple[Document, str, bool, RelationType | None, int]] = [(top, "", True, None, 0)]
        while stack:
            doc, prefix, last, rtype, depth = stack.pop()
            branch = "" if depth == 0 else ("└── " if last else "├── ")
            mark = f"[{answers}] " if rtype is RelationType.RESPONDS_TO else ""
            # past MAX_INDENT levels the line shows its depth and the last levels' branches only:
            # a chain of n documents prints O(n) characters, not O(n²)
            shown = prefix if depth <= MAX_INDENT else f"…({depth}) {prefix}"
            if doc.id in seen:
                lines.append(f"{shown}{branch}{mark}{_label(registry, doc, lang)} {again}")
                continue
            seen.add(doc.id)
            lines.append(f"{shown}{branch}{mark}{_label(registry, doc, lang)}")
            children = _children(registry, doc)
            extension = "" if depth == 0 else ("    " if last else "│   ")
            deeper = (prefix + extension)[-4 * MAX_INDENT:]
            for index in range(len(children) - 1, -1, -1):
                child_type, child = children[index]
                stack.append((child, deeper, index == len(children) - 1, child_type, depth + 1))

    if start is not None:
        walk(start)
        return lines
    for top in roots(registry):
        walk(top)
    # Documents on a cycle have a parent each, so none is a root: show them too, from the
    # earliest, rather than leave them out.
    for doc in sorted(registry.documents, key=sort_key):
        if doc.id not in seen and any(r.type in TREE_RELATIONS for r in doc.relations):
            walk(doc)
    return lines


def document_facts(registry: Registry, doc: Document, *, due: list[DueItem]) -> dict[str, Any]:
    """Everything known about one document: citation, ID, links up and down, sub-projects,
    deadlines (of *due*, the analysis's list) and their state."""
    program = registry.programs.get(doc.program or "")
    units = []
    for code in doc.subprojects:
        try:
            units.append({"code": code, "name": program.unit(code).name if program else code})
        except KeyError:
            units.append({"code": code, "name": code})
    up = [
        {"relation": r.type.value, "id": r.target, "citation": registry.citation(registry.by_id[r.target], with_title=False).format()}
        for r in doc.relations if r.target in registry.by_id
    ]
    down = [
        {"relation": rtype.inverse, "id": other.id, "citation": registry.citation(other, with_title=False).format()}
        for rtype in RelationType for other in registry.inverse(doc, rtype)
    ]
    deadlines = [
        {"due": item.due.isoformat(), "what": item.what, "state": item.state.value, "fulfilled_by": item.fulfilled_by}
        for item in due if item.source_doc == doc.id
    ]
    issuer = registry.issuers.get(doc.issuer)
    successors = registry.successors(doc.issuer) if issuer is not None and issuer.valid_until else []
    return {
        "id": doc.id,
        "citation": registry.citation(doc).format(),
        "kind": doc.kind,
        "code": doc.code,
        "date": doc.date.isoformat() if doc.date else None,
        "issuer": {"key": doc.issuer, "name": issuer.name if issuer else doc.issuer,
                   "signed_as": registry.issuer_name(doc.issuer, on=doc.date),
                   "level": issuer.level if issuer else None,
                   "valid_until": issuer.valid_until.isoformat() if issuer and issuer.valid_until else None,
                   # where its duties went, each chain of successions from it to a body that carries them
                   "successors": [chain for _, chain in successors],
                   "succession": registry.succession_text(doc.issuer) if successors else None},
        "title": doc.title,
        "period": str(doc.period) if doc.period else None,
        "subprojects": units,
        "up": up,
        "down": down,
        "deadlines": deadlines,
        "file": doc.file or (str(registry.path) if registry.path else None),  # a folder: the document's own file
        "line": doc.line,
    }


def sorted_issuers(registry: Registry) -> list[Any]:
    """Issuers by level (trung ương → xã), then in Vietnamese alphabetical order."""
    return sorted(registry.issuers.values(), key=lambda i: (level_rank(i.level), vi_sort_key(i.display_name)))
