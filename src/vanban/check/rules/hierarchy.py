"""Hierarchy rules (VB2xx): links to nothing, cycles, children older than parents, and
directives that required implementation below them that never came."""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from functools import lru_cache
from typing import Iterator

import attrs
from rapidfuzz import process

from ...cite.citation import CitationError
from ...cite.find import parse_citation
from ...registry.model import Document, RelationType, Requirement
from ...base.data import package_yaml
from ...cite.text import sort_key as vi_sort_key
from ..context import CheckContext
from ..findings import Finding, Severity
from ..catalog import rule

#: Relations along which a document depends on an earlier one (a cycle among them is an error).
_ORDERED = (RelationType.IMPLEMENTS, RelationType.BASED_ON, RelationType.RESPONDS_TO, RelationType.AMENDS,
            RelationType.REPEALS, RelationType.CORRECTS)


@rule("VB201", "dangling-reference", "error", "hierarchy",
      "Liên kết tới văn bản không có trong sổ đăng ký",
      "A relation to a document that is not in the registry")
def dangling_reference(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for ref in registry.dangling:
        doc = registry.by_id.get(ref.source)
        if ref.candidates:
            yield ctx.finding("dangling-reference", "ambiguous-reference", doc=doc, line=ref.line, ref=ref.ref,
                              relation=ref.type.value, candidates=", ".join(ref.candidates),
                              suggestion=ctx.text("suggest-disambiguate"))
            continue
        nearest = None
        try:
            citation = parse_citation(ref.ref)
            pool = registry.same_number(citation.number)
            if pool:  # a small candidate set: the documents with the same number
                best = process.extractOne(citation.code, [d.code for d in pool])
                nearest = best[0] if best else None
        except CitationError:
            pass
        yield ctx.finding(
            "dangling-reference", "dangling", doc=doc, line=ref.line, ref=ref.ref, relation=ref.type.value,
            suggestion=ctx.text("suggest-nearest", value=nearest) if nearest else ctx.text("suggest-register"),
            data={"ref": ref.ref, "nearest": nearest},
        )


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


@rule("VB202", "cycle", "error", "hierarchy",
      "Các văn bản thực hiện, căn cứ hoặc trả lời nhau thành vòng",
      "Documents that implement, are based on or answer each other in a cycle")
def cycle(ctx: CheckContext) -> Iterator[Finding]:
    edges: dict[str, list[str]] = defaultdict(list)
    for relation in ctx.registry.relations():
        if relation.type in _ORDERED:
            edges[relation.source].append(relation.target)
    order = [d.id for d in ctx.registry.documents]
    for component in _strongly_connected(order, edges):
        if len(component) == 1 and component[0] not in edges.get(component[0], []):
            continue
        members = sorted(component, key=order.index)
        first = ctx.registry.by_id[members[0]]
        chain = " → ".join(ctx.registry.by_id[m].code for m in members + members[:1])
        yield ctx.finding("cycle", "cycle", doc=first, chain=chain, suggestion=ctx.text("suggest-cycle"),
                          data={"members": members})


@rule("VB203", "before-parent", "warning", "hierarchy",
      "Văn bản thực hiện (căn cứ, trả lời) một văn bản ban hành sau nó",
      "A document that implements (is based on, answers) one issued after it")
def before_parent(ctx: CheckContext) -> Iterator[Finding]:
    for doc in ctx.registry.documents:
        if doc.date is None or not ctx.in_period(doc):
            continue
        for relation in doc.relations:
            if relation.type not in (RelationType.IMPLEMENTS, RelationType.BASED_ON, RelationType.RESPONDS_TO):
                continue
            parent = ctx.registry.by_id.get(relation.target)
            if parent is not None and parent.date is not None and parent.date > doc.date:
                yield ctx.finding(
                    "before-parent", "before-parent", doc=doc, relation=relation.type.label_vi
                    if ctx.lang == "vi" else relation.type.value, parent=parent.code,
                    parent_date=ctx.date(parent.date), date=ctx.date(doc.date), suggestion=ctx.text("suggest-date"),
                )


@attrs.frozen(slots=True)
class _DefaultRequirement:
    levels: tuple[str, ...]
    branches: tuple[str, ...]
    kinds: tuple[str, ...]
    implement_kinds: tuple[str, ...]
    within: int
    source: str | None


@lru_cache(maxsize=1)
def _defaults() -> tuple[_DefaultRequirement, ...]:
    data = package_yaml("requirements.yaml")
    return tuple(
        _DefaultRequirement(
            levels=tuple(item["when"].get("level", ())), branches=tuple(item["when"].get("branch", ())),
            kinds=tuple(item["when"].get("kind", ())), implement_kinds=tuple(item.get("kind", ())),
            within=int(item["within"]), source=item.get("source"),
        )
        for item in data["defaults"]
    )


def requirements_of(ctx: CheckContext, doc: Document) -> list[Requirement]:
    """Explicit ``requires:`` of the document, else the defaults for its issuer's level and kind."""
    if doc.requires:
        return list(doc.requires)
    issuer = ctx.registry.issuers.get(doc.issuer)
    locality = ctx.registry.locality.issuer
    if issuer is None or locality is None or doc.issuer == locality:
        return []
    out = []
    for default in _defaults():
        if issuer.level in default.levels and issuer.branch in default.branches and doc.kind in default.kinds:
            out.append(Requirement(issuers=(locality,), kinds=default.implement_kinds, within=default.within,
                                   source=default.source, line=doc.line))
    return out


@rule("VB204", "unimplemented", "warning", "hierarchy",
      "Văn bản chỉ đạo yêu cầu cấp dưới thực hiện nhưng chưa có văn bản thực hiện trong thời hạn",
      "A directive requiring implementation below it with no implementing document within the window")
def unimplemented(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for doc in registry.documents:
        if doc.date is None or not ctx.in_period(doc):
            continue
        requirements = requirements_of(ctx, doc)
        if not requirements:
            continue
        below = registry.inverse(doc, RelationType.IMPLEMENTS) + registry.inverse(doc, RelationType.RESPONDS_TO)
        for req in requirements:
            window_end = doc.date + _dt.timedelta(days=req.within)
            if ctx.as_of <= window_end:
                continue  # the window is still open
            missing, late = [], []
            for issuer_key in req.issuers:
                done = [d for d in below if d.issuer == issuer_key and (not req.kinds or d.kind in req.kinds)]
                if not done:
                    missing.append(issuer_key)
                elif all(d.date and d.date > window_end for d in done):
                    late.append((issuer_key, min(d.date for d in done if d.date)))
            if missing:
                missing.sort(key=lambda k: vi_sort_key(registry.issuer_name(k)))
                names = ", ".join(registry.issuer_name(k) for k in missing)
                yield ctx.finding(
                    "unimplemented", "unimplemented", doc=doc, count=len(missing), total=len(req.issuers),
                    issuers=names, kinds=", ".join(req.kinds) or ctx.text("any-kind"), within=req.within,
                    due=ctx.date(window_end), suggestion=ctx.text("suggest-implement"),
                    data={"missing": missing, "window_end": window_end.isoformat()},
                )
            # an implementation that came, only late, is information, not a defect
            for issuer_key, first in late:
                yield ctx.finding(
                    "unimplemented", "implemented-late", doc=doc, issuer=registry.issuer_name(issuer_key),
                    date=ctx.date(first), due=ctx.date(window_end), within=req.within,
                    severity=Severity.INFO, data={"issuer": issuer_key, "window_end": window_end.isoformat()},
                )
