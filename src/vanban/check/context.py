"""What every rule sees: the registry, the date of the check, the period, the language."""

from __future__ import annotations

import datetime as _dt
from functools import cached_property
from typing import Any, Callable

import attrs

from ..programs.catalog import Program
from ..cite.citation import Citation
from ..base.messages import message
from ..cite.kinds import KindTable, default_kinds
from ..registry.model import Document, Period
from ..registry import Registry
from .findings import Finding, Severity
from .catalog import RULES

__all__ = ["CheckContext"]


@attrs.define
class CheckContext:
    registry: Registry
    as_of: _dt.date
    period: Period | None = None
    within: int = 30
    lang: str = "vi"
    _memo: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """Compute something several rules share once per run (e.g. the deadlines)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @cached_property
    def kinds(self) -> KindTable:
        """Known abbreviations, plus the registry's own issuers and drafting units."""
        issuers = self.registry.issuers.values()
        return default_kinds().extended(
            issuers=[i.abbr for i in issuers if i.abbr],
            units=[u for i in issuers for u in i.units],
        )

    @cached_property
    def programs(self) -> list[Program]:
        return list(self.registry.programs.values())

    def citation(self, doc: Document) -> Citation:
        return self.registry.citation(doc, with_title=False)

    def in_period(self, doc: Document) -> bool:
        """Documents dated in the period (all documents when no period is given)."""
        if self.period is None:
            return True
        return doc.date is not None and doc.date in self.period

    def text(self, msg_id: str, **params: Any) -> str:
        return message("check", msg_id, self.lang, **params)

    def date(self, day: _dt.date | None) -> str:
        return day.strftime("%d/%m/%Y") if day else "?"

    def finding(
        self,
        slug: str,
        msg_id: str,
        *,
        doc: Document | None = None,
        line: int | None = None,
        suggestion: str | None = None,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
        **params: Any,
    ) -> Finding:
        rule = RULES[slug]
        silenced = None
        if doc is not None:
            for name, reason in doc.silence:
                if name in (rule.slug, rule.code):
                    silenced = reason
        return Finding(
            rule=rule.slug,
            code=rule.code,
            severity=severity or rule.severity,
            message=self.text(msg_id, **params),
            document=doc.id if doc else None,
            citation=self.citation(doc).format() if doc else None,
            file=str(self.registry.path) if self.registry.path else None,
            line=line if line is not None else (doc.line if doc else None),
            suggestion=suggestion,
            silenced=silenced,
            data=data or {},
        )
