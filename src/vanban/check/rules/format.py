"""Format and numbering rules (VB1xx): symbols, kinds, drafting units, series, dates.

Series follow Nghị định 30/2020/NĐ-CP Điều 15 (per organisation per calendar year; one
sequence for all administrative kinds or one per kind, set per issuer with ``numbering``;
normative documents one per kind) and, for Party bodies, Hướng dẫn 36-HD/VPTW (per kind per
committee term). Each rule groups documents with a dict and sorts each group: O(n log n).
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import defaultdict
from typing import Any, Callable, Dict, Iterator, Optional, Tuple

from ...base.messages import Message
from ...base.yamlread import nearest
from ...cite.citation import Scheme, symbol_parts
from ...registry.model import Document
from ..context import CheckContext, message
from ..findings import Finding


def _kind_code_for(ctx: CheckContext, doc: Document) -> str | None:
    kind = ctx.kinds.by_name(doc.kind) if doc.kind else None
    return kind.code(party=doc.scheme is Scheme.PARTY) if kind else None


#: what a rule says of a document, from what the document's symbol, year, kind and issuer are alone:
#: (slug, message parameters, suggestion, data), or None — the same for every document that shares them
_Verdict = Optional[Tuple[str, Dict[str, Any], Optional[Message], Dict[str, Any]]]


def _by_shape(ctx: CheckContext, shape: Callable[[Document], tuple[object, ...] | None],
              verdict_of: Callable[[CheckContext, Document], _Verdict]) -> Iterator[Finding]:
    """The findings of a rule whose verdict depends on a document's *shape* alone (None: not looked
    at): decided once per shape — thousands of documents share a few symbols — and reported on each."""
    verdicts: dict[tuple[object, ...], _Verdict] = {}
    for doc in ctx.registry.documents:
        key = shape(doc)
        if key is None or not ctx.in_period(doc):
            continue
        if key in verdicts:
            verdict = verdicts[key]
        else:
            verdict = verdicts[key] = verdict_of(ctx, doc)
        if verdict is not None:
            slug, params, suggestion, data = verdict
            yield ctx.report(doc, slug, params, suggestion=suggestion, data=dict(data) if data else None)


def unknown_abbreviation(ctx: CheckContext) -> Iterator[Finding]:
    return _by_shape(ctx, lambda doc: (doc.symbol, doc.year, doc.kind, doc.issuer), _abbreviation_verdict)


def _abbreviation_verdict(ctx: CheckContext, doc: Document) -> _Verdict:
    kinds = ctx.kinds
    reading = doc.symbol_reading
    scheme = reading.scheme
    parts = symbol_parts(doc.symbol)
    type_code = reading.kind_code
    if type_code is not None and not kinds.is_kind_abbr(type_code, party=scheme is Scheme.PARTY):
        expected = _kind_code_for(ctx, doc)
        best = expected or nearest(type_code, kinds.kind_abbreviations(party=scheme is Scheme.PARTY))
        fixed = doc.symbol.replace(type_code, best, 1) if best else None
        return ("unknown-kind-abbr", {"value": type_code, "symbol": doc.symbol},
                message("suggest-symbol", symbol=fixed) if fixed else None, {"part": type_code, "suggested": fixed})
    issuer = ctx.registry.issuers.get(doc.issuer)
    own = set(issuer.abbrs) if issuer else set()
    if scheme is Scheme.CONG_VAN:
        checks = [(parts[0], "issuer")] + [(p, "unit") for p in parts[1:]]
    elif scheme is Scheme.NORMATIVE and len(parts) == 1:
        checks = [(parts[0], "issuer")]
    else:
        checks = [(p, "issuer") for p in parts[1:]]
    for part, role in checks:
        known = part in own or kinds.is_issuer_abbr(part) or (
            role == "unit" and (kinds.is_unit_abbr(part) or (issuer is not None and part in issuer.units))
        )
        if not known:
            choice = nearest(part, sorted(kinds.unit_abbrs if role == "unit" else kinds.issuer_abbrs))
            return ("unknown-unit-abbr" if role == "unit" else "unknown-issuer-abbr",
                    {"value": part, "symbol": doc.symbol},
                    message("suggest-abbr", value=choice) if choice else None, {"part": part, "role": role})
    return None


def kind_symbol_mismatch(ctx: CheckContext) -> Iterator[Finding]:
    return _by_shape(ctx, lambda doc: (doc.symbol, doc.year, doc.kind) if doc.kind else None, _kind_verdict)


def _kind_verdict(ctx: CheckContext, doc: Document) -> _Verdict:
    kinds = ctx.kinds
    reading = doc.symbol_reading
    scheme, type_code = reading.scheme, reading.kind_code
    if doc.kind in ("Công văn", "Thư công") and scheme is Scheme.ADMINISTRATIVE and type_code and kinds.is_kind_abbr(type_code):
        return "cong-van-with-type", {"symbol": doc.symbol, "code": type_code}, message("suggest-cong-van"), {}
    if type_code is None or not kinds.is_kind_abbr(type_code, party=scheme is Scheme.PARTY):
        return None  # no type code, or an unknown one (VB101 reports it)
    symbol_kind = kinds.by_abbr(type_code, party=scheme is Scheme.PARTY)
    expected = _kind_code_for(ctx, doc)
    if symbol_kind is not None and expected is not None and symbol_kind.name != doc.kind:
        return ("kind-mismatch", {"kind": doc.kind, "symbol": doc.symbol, "symbol_kind": symbol_kind.name},
                message("suggest-kind", kind=symbol_kind.name, symbol=doc.symbol.replace(type_code, expected, 1)), {})
    return None


def missing_unit(ctx: CheckContext) -> Iterator[Finding]:
    for doc in ctx.registry.documents:
        if not ctx.in_period(doc) or doc.scheme is not Scheme.CONG_VAN:
            continue
        issuer = ctx.registry.issuers.get(doc.issuer)
        if issuer is None or not issuer.units or doc.symbol_reading.unit is not None:
            continue
        options = [f"{doc.number}/{doc.symbol}-{u}" for u in issuer.units]
        yield ctx.report(
            doc, "missing-unit", {"symbol": doc.code, "issuer": issuer.display_name, "units": ", ".join(issuer.units)},
            suggestion=message("suggest-unit", options=message("or-list", first=", ".join(options[:-1]),
                                                               last=options[-1]) if len(options) > 1 else options[0]),
        )


def series_key(ctx: CheckContext, doc: Document) -> tuple[object, ...] | None:
    """The numbering series a document belongs to, or None when it cannot be told."""
    issuer = ctx.registry.issuers.get(doc.issuer)
    if issuer is None or doc.date is None:
        return None
    scheme = doc.scheme
    kind = doc.kind or doc.symbol_reading.kind_code or ""
    if scheme is Scheme.PARTY or issuer.is_party:
        term = issuer.term_of(doc.date)
        return (doc.issuer, "term", str(term) if term else "all", kind)
    if scheme is Scheme.NORMATIVE:
        return (doc.issuer, doc.year, "normative", kind)
    if issuer.numbering == "chung":
        return (doc.issuer, doc.date.year, "all")
    return (doc.issuer, doc.date.year, kind)


#: the digits a number starts with ("30" of "30a"): compiled once, VB104 and VB105 read every number
_LEADING_DIGITS = re.compile(r"\d+")


def _series(ctx: CheckContext) -> dict[tuple[object, ...], list[Document]]:
    """Documents by numbering series; built once per run for VB104 and VB105."""

    def build() -> dict[tuple[object, ...], list[Document]]:
        groups: dict[tuple[object, ...], list[Document]] = defaultdict(list)
        for doc in ctx.registry.documents:
            key = series_key(ctx, doc)
            if key is not None and _LEADING_DIGITS.match(doc.number):
                groups[key].append(doc)
        return groups

    return ctx.memo("series", build)  # type: ignore[no-any-return]


def _number(doc: Document) -> int:
    match = _LEADING_DIGITS.match(doc.number)
    return int(match.group(0)) if match else 0


def duplicate_number(ctx: CheckContext) -> Iterator[Finding]:
    for key, docs in _series(ctx).items():
        by_number: dict[int, list[Document]] = defaultdict(list)
        for doc in docs:
            by_number[_number(doc)].append(doc)
        for number, same in sorted(by_number.items()):
            if len(same) < 2:
                continue
            same.sort(key=lambda d: (d.date, d.line))
            for doc in same:
                if not ctx.in_period(doc):
                    continue
                others = [message("numbered-other", code=o.code, date=o.date, line=o.line) for o in same if o is not doc]
                yield ctx.report(
                    doc, "duplicate-number", {"number": number, "others": others, "series": _series_label(ctx, key)},
                    suggestion=message("suggest-duplicate"),
                    data={"series": [str(k) for k in key], "others": [o.id for o in same if o is not doc]},
                )


def _series_label(ctx: CheckContext, key: tuple[object, ...]) -> str:
    issuer = ctx.registry.issuer_name(str(key[0]))
    rest = [str(k) for k in key[1:] if k not in ("all", "term", "normative")]
    return " ".join([issuer, *rest])


def _longest_ordered(dates: list[_dt.date]) -> set[int]:
    """Indexes of one longest non-decreasing subsequence (patience sorting, O(n log n))."""
    tails: list[_dt.date] = []
    tail_index: list[int] = []
    parent = [-1] * len(dates)
    for i, value in enumerate(dates):
        pos = bisect.bisect_right(tails, value)
        if pos == len(tails):
            tails.append(value)
            tail_index.append(i)
        else:
            tails[pos] = value
            tail_index[pos] = i
        parent[i] = tail_index[pos - 1] if pos > 0 else -1
    keep: set[int] = set()
    i = tail_index[-1] if tail_index else -1
    while i != -1:
        keep.add(i)
        i = parent[i]
    return keep


def number_sequence(ctx: CheckContext) -> Iterator[Finding]:
    for docs in _series(ctx).values():
        if len(docs) < 3:
            continue
        docs = sorted(docs, key=lambda d: (_number(d), d.date))
        keep = _longest_ordered([d.date or _dt.date.min for d in docs])  # a series has dates
        kept = sorted(keep)  # neighbours in order are found by bisection, not by walking
        for i, doc in enumerate(docs):
            if i in keep or not ctx.in_period(doc):
                continue
            at = bisect.bisect_left(kept, i)
            before = docs[kept[at - 1]] if at > 0 else None
            after = docs[kept[at]] if at < len(kept) else None
            yield ctx.report(
                doc, "number-sequence", {
                    "number": doc.number, "date": doc.date,
                    "before": message("dated-code", code=before.code, date=before.date) if before else "—",
                    "after": message("dated-code", code=after.code, date=after.date) if after else "—",
                }, suggestion=message("suggest-sequence"),
            )


def bad_date(ctx: CheckContext) -> Iterator[Finding]:
    for doc in ctx.registry.documents:
        if doc.date is None:
            continue
        issuer = ctx.registry.issuers.get(doc.issuer)
        if doc.date > ctx.as_of:
            yield ctx.report(doc, "date-future", {"date": doc.date, "as_of": ctx.as_of},
                             suggestion=message("suggest-date"))
        elif issuer and issuer.valid_from and doc.date < issuer.valid_from:
            yield ctx.report(doc, "date-before-issuer",
                             {"date": doc.date, "issuer": issuer.display_name, "since": issuer.valid_from},
                             suggestion=message("suggest-date"))
        elif issuer and issuer.valid_until and doc.date > issuer.valid_until:
            yield ctx.report(doc, "date-after-issuer",
                             {"date": doc.date, "issuer": issuer.display_name, "until": issuer.valid_until},
                             suggestion=message("suggest-date-ceased"))


IMPLEMENTS = {
    "VB101": unknown_abbreviation, "VB102": kind_symbol_mismatch, "VB103": missing_unit, "VB104": duplicate_number,
    "VB105": number_sequence, "VB106": bad_date,
}
