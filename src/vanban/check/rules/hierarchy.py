"""Hierarchy rules (VB2xx): links to nothing, cycles, children older than parents, and
directives that required implementation below them that never came."""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from typing import Iterator

from ...base.text import sort_key as vi_sort_key
from ...registry import Registry
from ...registry.model import RelationType
from ..context import CheckContext, message
from ..findings import Finding, Severity
from ..requirements import AnswerState

#: Relations along which a document depends on an earlier one (a cycle among them is an error).
_ORDERED = (RelationType.IMPLEMENTS, RelationType.BASED_ON, RelationType.RESPONDS_TO, RelationType.AMENDS,
            RelationType.REPEALS, RelationType.CORRECTS)


def dangling_reference(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for ref in registry.dangling:
        doc = registry.by_id.get(ref.source)
        if ref.candidates:
            yield ctx.report(doc, "ambiguous-reference",
                             {"ref": ref.ref, "relation": ref.type.value, "candidates": _few(ref.candidates)},
                             line=ref.line, suggestion=message("suggest-disambiguate"))
            continue
        yield ctx.report(
            doc, "dangling", {"ref": ref.ref, "relation": ref.type.value}, line=ref.line,
            suggestion=message("suggest-nearest", value=ref.nearest) if ref.nearest else message("suggest-register"),
            data={"ref": ref.ref, "nearest": ref.nearest},
        )


def _few(ids: tuple[str, ...], shown: int = 5) -> object:
    """At most *shown* IDs, then how many more: an ambiguous reference to thousands stays one line."""
    if len(ids) <= shown:
        return list(ids)
    return message("and-more", items=list(ids[:shown]), count=len(ids) - shown)


def _strongly_connected(nodes: list[str], edges: dict[str, list[str]]) -> list[list[str]]:
    """Tarjan's algorithm, iterative: O(V + E)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    result: list[list[str]] = []
    counter = 0
    for root in nodes:
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, child = work.pop()
            if child == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = edges.get(node, [])
            if child < len(targets):
                work.append((node, child + 1))
                target = targets[child]
                if target not in index:
                    work.append((target, 0))
                elif target in on_stack:
                    low[node] = min(low[node], index[target])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                result.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return result


def cycle(ctx: CheckContext) -> Iterator[Finding]:
    edges: dict[str, list[str]] = defaultdict(list)
    for relation in ctx.registry.relations():
        if relation.type in _ORDERED:
            edges[relation.source].append(relation.target)
    # every member of a cycle has a relation of its own: the search starts from those alone, in
    # registry order (a document nothing of its own points from is never in a cycle)
    position = {d.id: i for i, d in enumerate(ctx.registry.documents) if d.id in edges}
    for component in _strongly_connected(list(position), edges):
        if len(component) == 1 and component[0] not in edges.get(component[0], []):
            continue
        members = sorted(component, key=position.__getitem__)
        first = ctx.registry.by_id[members[0]]
        chain = " → ".join(ctx.registry.by_id[m].code for m in members + members[:1])
        yield ctx.report(first, "cycle", {"chain": chain}, suggestion=message("suggest-cycle"),
                         data={"members": members})


def before_parent(ctx: CheckContext) -> Iterator[Finding]:
    for doc in ctx.registry.documents:
        if doc.date is None or not ctx.in_period(doc):
            continue
        for relation in doc.relations:
            if relation.type not in (RelationType.IMPLEMENTS, RelationType.BASED_ON, RelationType.RESPONDS_TO):
                continue
            parent = ctx.registry.by_id.get(relation.target)
            if parent is not None and parent.date is not None and parent.date > doc.date:
                yield ctx.report(
                    doc, "before-parent", {"relation": message(f"relation.{relation.type.value}"),
                                           "parent": parent.code, "parent_date": parent.date, "date": doc.date},
                    suggestion=message("suggest-date"),
                )


def unimplemented(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for status in ctx.analysis.requirements:
        if not status.closed:
            continue  # the window is still open
        doc, req, window_end = registry.by_id[status.document], status.requirement, status.window_end
        missing = status.with_state(AnswerState.MISSING)
        if missing:
            missing.sort(key=lambda k: vi_sort_key(registry.issuer_name(k)))
            names = ", ".join(_owner_text(registry, k, status.answers[k].owners) for k in missing)
            yield ctx.report(
                doc, "unimplemented", {
                    "count": len(missing), "total": len(status.answers), "issuers": names,
                    "kinds": ", ".join(req.kinds) or message("any-kind"), "within": req.within, "due": window_end,
                }, suggestion=message("suggest-implement"),
                data={"missing": missing, "window_end": window_end.isoformat()},
            )
        # an implementation that came, only late, is information, not a defect
        for issuer_key in status.with_state(AnswerState.LATE):
            yield ctx.report(
                doc, "implemented-late", {"issuer": registry.issuer_name(issuer_key),
                                          "date": status.answers[issuer_key].date, "due": window_end,
                                          "within": req.within},
                severity=Severity.INFO, data={"issuer": issuer_key, "window_end": window_end.isoformat()},
            )


def _owner_text(registry: Registry, issuer_key: str, owners: frozenset[str]) -> str:
    """The body's name, followed by where its duties went when it has ceased since."""
    return registry.succession_text(issuer_key) if len(owners) > 1 else registry.issuer_name(issuer_key)


IMPLEMENTS = {"VB201": dangling_reference, "VB202": cycle, "VB203": before_parent, "VB204": unimplemented}
