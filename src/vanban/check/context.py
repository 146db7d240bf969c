"""What every rule sees: the registry, the day of the check, the period, the shared analysis."""

from __future__ import annotations

import datetime as _dt
from functools import cached_property
from typing import TYPE_CHECKING, Any, Callable, Mapping

import attrs

from ..base.messages import Message
from ..cite.citation import Citation
from ..cite.kinds import KindTable, default_kinds
from ..programs import Program
from ..registry import Registry
from ..registry.model import Document, Period
from .findings import Finding, Severity

if TYPE_CHECKING:
    from .analysis import Analysis
    from .catalog import Rule

__all__ = ["CheckContext", "message"]


def message(msg_id: str, /, **params: Any) -> Message:
    """A message of the check section ("overdue" → "check.overdue")."""
    return Message(msg_id if "." in msg_id else f"check.{msg_id}", params)


@attrs.define
class CheckContext:
    """One run of the rules over one analysis (the registry, the day, the period, what is shared)."""

    analysis: Analysis
    #: the rule being applied; set before each rule runs
    rule: Rule | None = None
    _memo: dict[str, Any] = attrs.field(factory=dict, init=False, repr=False)

    def memo(self, name: str, compute: Callable[[], Any]) -> Any:
        """Something several rules of one run share, computed once (the numbering series)."""
        if name not in self._memo:
            self._memo[name] = compute()
        return self._memo[name]

    @property
    def registry(self) -> Registry:
        return self.analysis.registry

    @property
    def as_of(self) -> _dt.date:
        return self.analysis.as_of

    @property
    def period(self) -> Period | None:
        return self.analysis.period

    @property
    def within(self) -> int:
        return self.analysis.within

    @cached_property
    def kinds(self) -> KindTable:
        """Known abbreviations, plus the registry's own issuers and drafting units."""
        issuers = self.registry.issuers.values()
        return default_kinds().extended(
            issuers=[a for i in issuers for a in i.abbrs],
            units=[u for i in issuers for u in i.units],
        )

    @cached_property
    def programs(self) -> list[Program]:
        return list(self.registry.programs.values())

    def citation(self, doc: Document) -> Citation:
        return self.registry.citation(doc, with_title=False)

    def in_period(self, doc: Document) -> bool:
        """Documents dated in the period (all documents when no period is given)."""
        period = self.analysis.period  # (not the property: this runs for every document of several rules)
        if period is None:
            return True
        return doc.date is not None and doc.date in period

    def report(
        self,
        doc: Document | None,
        msg_id: str,
        params: Mapping[str, Any] | None = None,
        *,
        line: int | None = None,
        suggestion: Message | None = None,
        severity: Severity | None = None,
        data: dict[str, Any] | None = None,
    ) -> Finding:
        """A finding of the current rule about *doc* (None: the registry as a whole).

        *msg_id* must be one of the messages the catalog lists for the rule.
        """
        rule = self.rule
        assert rule is not None, "report() is called by a rule run through Analysis.check"
        section = "verify" if rule.group == "verify" else "check"
        full_id = msg_id if "." in msg_id else f"{section}.{msg_id}"
        if full_id not in rule.spec.messages:
            raise KeyError(f"{rule.code} reports {full_id}, which data/rules.yaml does not list for it")
        silenced = None
        if doc is not None:
            for name, reason in doc.silence:
                if name in (rule.slug, rule.code):
                    silenced = reason
        return Finding(
            rule=rule.slug,
            code=rule.code,
            severity=severity or rule.severity,
            message=Message(full_id, params or {}),
            document=doc.id if doc else None,
            citation=self.citation(doc).format() if doc else None,
            file=doc.file if doc is not None and doc.file else (str(self.registry.path) if self.registry.path else None),
            line=line if line is not None else (doc.line if doc else None),
            suggestion=suggestion,
            silenced=silenced,
            data=data or {},
        )
