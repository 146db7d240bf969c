"""Deadline rules (VB4xx): overdue, due soon, fulfilled late, owed by a body that ceased."""

from __future__ import annotations

import datetime as _dt
from typing import Iterator

from ...base.messages import Message
from ...registry import Registry
from ..context import CheckContext, message
from ..deadlines import DeadlineState, DueItem
from ..findings import Finding, Severity


def _items(ctx: CheckContext) -> list[DueItem]:
    """The deadlines of the analysis, computed once and shared by the four rules."""
    return ctx.analysis.due


def _ceased(registry: Registry, item: DueItem) -> bool:
    """Whether the body that owes *item* ceased before it fell due: its successors carry it (VB404).
    What fell due while the body worked stays its own, overdue or done."""
    issuer = registry.issuers.get(item.owed_by or "")
    return issuer is not None and issuer.ceased_before(item.due)


def _gone(registry: Registry, item: DueItem, as_of: _dt.date) -> bool:
    issuer = registry.issuers.get(item.owed_by or "")
    return issuer is not None and issuer.ceased_before(as_of)


def _data(item: DueItem) -> dict[str, object]:
    return {
        "due": item.due.isoformat(), "obligation": item.obligation, "unit": item.unit, "owed_by": item.owed_by,
        "verified": item.verified, "source": item.legal_source, "fulfilled_by": item.fulfilled_by,
    }


def _unsure(item: DueItem) -> Message | str:
    return message("date-unverified") if item.verified == "U" else ""


def overdue(ctx: CheckContext) -> Iterator[Finding]:
    for item in _items(ctx):
        if item.state is not DeadlineState.OVERDUE or _ceased(ctx.registry, item):
            continue
        if item.unit is not None:
            continue  # a year's missing sub-project plan is reported once, by coverage-gap (VB301)
        # A due date the catalog marks unverified [U] is a default guess: a warning, not an error.
        severity = Severity.WARNING if item.verified == "U" else None
        yield ctx.report(
            ctx.registry.by_id.get(item.source_doc or ""), "overdue", {
                "what": item.what, "due": item.due, "owed_by": ctx.registry.issuer_name(item.owed_by or ""),
                "days": (ctx.as_of - item.due).days, "unsure": _unsure(item),
            }, line=item.line, severity=severity, data=_data(item),
            # a body that has ceased can no longer do it: record it if it was done, else say why not
            suggestion=message("suggest-overdue-ceased") if _gone(ctx.registry, item, ctx.as_of)
            else message("suggest-overdue"),
        )


def due_soon(ctx: CheckContext) -> Iterator[Finding]:
    limit = ctx.as_of + _dt.timedelta(days=ctx.within)
    for item in _items(ctx):
        if item.state is not DeadlineState.OPEN or item.due > limit or _ceased(ctx.registry, item):
            continue
        yield ctx.report(
            ctx.registry.by_id.get(item.source_doc or ""), "due-soon", {
                "what": item.what, "due": item.due, "owed_by": ctx.registry.issuer_name(item.owed_by or ""),
                "days": (item.due - ctx.as_of).days, "unsure": _unsure(item),
            }, line=item.line, suggestion=message("suggest-due-soon"), data=_data(item),
        )


def fulfilled_late(ctx: CheckContext) -> Iterator[Finding]:
    for item in _items(ctx):
        # An unverified [U] catalog date is a guess: being "late" against it says nothing.
        if item.state is not DeadlineState.DONE_LATE or item.verified == "U":
            continue
        late_doc = ctx.registry.by_id.get(item.fulfilled_by or "")
        yield ctx.report(
            ctx.registry.by_id.get(item.source_doc or ""), "fulfilled-late", {
                "what": item.what, "due": item.due, "by": late_doc.code if late_doc else "?",
                "date": item.fulfilled_on or "?", "days": (item.fulfilled_on - item.due).days if item.fulfilled_on else 0,
            }, line=item.line, data=_data(item),
        )


def ceased_issuer(ctx: CheckContext) -> Iterator[Finding]:
    limit = ctx.as_of + _dt.timedelta(days=ctx.within)
    registry = ctx.registry
    for item in _items(ctx):
        if item.state not in (DeadlineState.OVERDUE, DeadlineState.OPEN) or not _ceased(registry, item):
            continue
        issuer = registry.issuers[item.owed_by or ""]
        gone = issuer.ceased_before(ctx.as_of)
        # while the body still works, only what falls due after it ends and soon is news; once it has
        # ended, every follow-up it left open is handed over
        if not gone and item.state is DeadlineState.OPEN and item.due > limit:
            continue
        if item.unit is not None and item.state is DeadlineState.OVERDUE:
            continue  # reported by coverage-gap
        carriers = registry.successors(issuer.key)
        yield ctx.report(
            registry.by_id.get(item.source_doc or ""), "ceased-issuer", {
                "what": item.what, "due": item.due, "issuer": registry.issuer_name(issuer.key),
                "until": issuer.valid_until or "?",
            }, line=item.line,
            suggestion=message("suggest-successor", chain=registry.succession_text(issuer.key)) if carriers
            else message("suggest-no-successor"),
            data={**_data(item), "successors": [s.key for s, _ in carriers],
                  "chains": [chain for _, chain in carriers]},
        )


IMPLEMENTS = {"VB401": overdue, "VB402": due_soon, "VB403": fulfilled_late, "VB404": ceased_issuer}
