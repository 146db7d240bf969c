"""Deadline rules (VB4xx): overdue, due soon, fulfilled late, owed by a body that ceased."""

from __future__ import annotations

import datetime as _dt
from typing import Iterator

from ..deadlines import DeadlineState, DueItem, due_items
from ...registry import Registry
from ..context import CheckContext
from ..findings import Finding, Severity
from ..catalog import rule



def _items(ctx: CheckContext) -> list[DueItem]:
    """Computed once per check run and shared by the four rules."""
    return ctx.memo("due-items", lambda: due_items(ctx.registry, as_of=ctx.as_of, period=ctx.period))


def _ceased(registry: Registry, item: DueItem) -> bool:
    issuer = registry.issuers.get(item.owed_by or "")
    return bool(issuer and issuer.valid_until and issuer.valid_until < item.due)


def _where(ctx: CheckContext, item: DueItem) -> dict[str, object]:
    doc = ctx.registry.by_id.get(item.source_doc or "")
    return {"doc": doc, "line": item.line}


def _data(item: DueItem) -> dict[str, object]:
    return {
        "due": item.due.isoformat(), "obligation": item.obligation, "unit": item.unit, "owed_by": item.owed_by,
        "verified": item.verified, "source": item.legal_source, "fulfilled_by": item.fulfilled_by,
    }


def _unsure(ctx: CheckContext, item: DueItem) -> str:
    return ctx.text("date-unverified") if item.verified == "U" else ""


@rule("VB401", "overdue", "error", "deadlines",
      "Đã quá hạn mà chưa có văn bản thực hiện",
      "A deadline passed with no fulfilling document")
def overdue(ctx: CheckContext) -> Iterator[Finding]:
    for item in _items(ctx):
        if item.state is not DeadlineState.OVERDUE or _ceased(ctx.registry, item):
            continue
        if item.unit is not None:
            continue  # a year's missing sub-project plan is reported once, by coverage-gap (VB301)
        # A due date the catalog marks unverified [U] is a default guess: a warning, not an error.
        severity = Severity.WARNING if item.verified == "U" else None
        yield ctx.finding(
            "overdue", "overdue", **_where(ctx, item), what=item.what, due=ctx.date(item.due),
            owed_by=ctx.registry.issuer_name(item.owed_by or ""), days=(ctx.as_of - item.due).days,
            unsure=_unsure(ctx, item), severity=severity, suggestion=ctx.text("suggest-overdue"), data=_data(item),
        )


@rule("VB402", "due-soon", "warning", "deadlines",
      "Hạn sắp đến (trong --within ngày) mà chưa có văn bản thực hiện",
      "A deadline within --within days with no fulfilling document yet")
def due_soon(ctx: CheckContext) -> Iterator[Finding]:
    limit = ctx.as_of + _dt.timedelta(days=ctx.within)
    for item in _items(ctx):
        if item.state is not DeadlineState.OPEN or item.due > limit or _ceased(ctx.registry, item):
            continue
        yield ctx.finding(
            "due-soon", "due-soon", **_where(ctx, item), what=item.what, due=ctx.date(item.due),
            owed_by=ctx.registry.issuer_name(item.owed_by or ""), days=(item.due - ctx.as_of).days,
            unsure=_unsure(ctx, item), suggestion=ctx.text("suggest-due-soon"), data=_data(item),
        )


@rule("VB403", "fulfilled-late", "info", "deadlines",
      "Đã thực hiện nhưng sau hạn",
      "Fulfilled, but after the deadline")
def fulfilled_late(ctx: CheckContext) -> Iterator[Finding]:
    for item in _items(ctx):
        # An unverified [U] catalog date is a guess: being "late" against it says nothing.
        if item.state is not DeadlineState.DONE_LATE or item.verified == "U":
            continue
        late_doc = ctx.registry.by_id.get(item.fulfilled_by or "")
        yield ctx.finding(
            "fulfilled-late", "fulfilled-late", **_where(ctx, item), what=item.what, due=ctx.date(item.due),
            by=late_doc.code if late_doc else "?", date=ctx.date(item.fulfilled_on),
            days=(item.fulfilled_on - item.due).days if item.fulfilled_on else 0, data=_data(item),
        )


@rule("VB404", "ceased-issuer", "warning", "deadlines",
      "Việc phải làm thuộc về cơ quan đã chấm dứt hoạt động (cấp huyện từ 01/7/2025)",
      "A follow-up owed by a body that has ceased (district level from 2025-07-01)")
def ceased_issuer(ctx: CheckContext) -> Iterator[Finding]:
    limit = ctx.as_of + _dt.timedelta(days=ctx.within)
    for item in _items(ctx):
        if item.state not in (DeadlineState.OVERDUE, DeadlineState.OPEN) or not _ceased(ctx.registry, item):
            continue
        if item.state is DeadlineState.OPEN and item.due > limit:
            continue
        if item.unit is not None and item.state is DeadlineState.OVERDUE:
            continue  # reported by coverage-gap
        issuer = ctx.registry.issuers[item.owed_by or ""]
        successor = ctx.registry.issuers.get(issuer.successor or "")
        yield ctx.finding(
            "ceased-issuer", "ceased-issuer", **_where(ctx, item), what=item.what, due=ctx.date(item.due),
            issuer=issuer.display_name, until=ctx.date(issuer.valid_until),
            suggestion=ctx.text("suggest-successor", successor=successor.display_name) if successor
            else ctx.text("suggest-no-successor"),
            data={**_data(item), "successor": successor.key if successor else None},
        )
