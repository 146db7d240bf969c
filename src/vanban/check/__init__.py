"""`vanban check`: gaps, overdue follow-ups and defects, flagged before a reporting period.

>>> sorted(RULES)[:3]
['bad-date', 'before-parent', 'ceased-issuer']
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from typing import Any, Iterable

import attrs

from ..registry.model import Period
from ..registry import Registry
from .rules import coverage as _coverage, deadlines as _deadlines, format as _format, hierarchy as _hierarchy  # noqa: F401  (registers the rules)
from .context import CheckContext
from .findings import Finding, Severity
from .catalog import RULES, Rule, RuleSelectionError, all_rules, select_rules

__all__ = [
    "CheckReport", "Finding", "Severity", "Rule", "RULES", "RuleSelectionError", "all_rules", "run_check",
    "select_rules", "exit_code",
]


@attrs.frozen(slots=True)
class CheckReport:
    as_of: _dt.date
    period: Period | None
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]

    @property
    def active(self) -> list[Finding]:
        """Findings not silenced by the registry."""
        return [f for f in self.findings if f.silenced is None]

    def summary(self) -> dict[str, Any]:
        counts = Counter(f.severity.value for f in self.active)
        return {
            "error": counts.get("error", 0),
            "warning": counts.get("warning", 0),
            "info": counts.get("info", 0),
            "silenced": sum(1 for f in self.findings if f.silenced is not None),
            "documents": len({f.document for f in self.active if f.document}),
            "rules": [r.slug for r in self.rules],
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "period": str(self.period) if self.period else None,
            "findings": [f.to_dict() for f in self.findings],
            "summary": self.summary(),
        }


def _order(finding: Finding) -> tuple[Any, ...]:
    return (finding.line or 0, -finding.severity.rank, finding.code, finding.message)


def run_check(
    registry: Registry,
    *,
    as_of: _dt.date | None = None,
    period: Period | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    within: int = 30,
    lang: str = "vi",
) -> CheckReport:
    """Run the selected rules over *registry* as of *as_of* (default today)."""
    rules = select_rules(select, ignore)
    ctx = CheckContext(registry=registry, as_of=as_of or _dt.date.today(), period=period, within=within, lang=lang)
    findings: list[Finding] = []
    for rule in rules:
        if rule.func is not None:
            findings.extend(rule.func(ctx))
    findings.sort(key=_order)
    return CheckReport(ctx.as_of, period, tuple(findings), tuple(rules))


def exit_code(report: CheckReport, fail_level: str = "error") -> int:
    """0 when no active finding is at or above *fail_level* ("error", "warning", "never"), else 1."""
    if fail_level == "never":
        return 0
    threshold = Severity(fail_level).rank
    return 1 if any(f.severity.rank >= threshold for f in report.active) else 0
