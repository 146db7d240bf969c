"""`vanban check`: gaps, overdue follow-ups and defects, flagged before a reporting period.

Each name is imported when first used (:mod:`vanban.base.lazyexports`): a ``check`` whose findings
are read back from the cache loads neither the analysis nor the rules.

>>> from vanban.check import RULES
>>> sorted(RULES)[:3]
['bad-date', 'before-parent', 'ceased-issuer']
"""

from typing import TYPE_CHECKING

from ..base.lazyexports import lazy_exports

if TYPE_CHECKING:
    from .analysis import Analysis, CheckReport, analyse, exit_code, run_check
    from .catalog import RULES, Rule, RuleSelectionError, all_rules, select_rules
    from .findings import Finding, Severity

_WHERE = {
    "Analysis": "analysis", "CheckReport": "analysis", "analyse": "analysis", "exit_code": "analysis",
    "run_check": "analysis",
    "RULES": "catalog", "Rule": "catalog", "RuleSelectionError": "catalog", "all_rules": "catalog",
    "select_rules": "catalog",
    "Finding": "findings", "Severity": "findings",
}

__all__ = [
    "Analysis", "CheckReport", "Finding", "RULES", "Rule", "RuleSelectionError", "Severity", "all_rules", "analyse",
    "exit_code", "run_check", "select_rules",
]

__getattr__, __dir__ = lazy_exports(__name__, _WHERE)
