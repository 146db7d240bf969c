"""`vanban check`: gaps, overdue follow-ups and defects, flagged before a reporting period.

>>> sorted(RULES)[:3]
['bad-date', 'before-parent', 'ceased-issuer']
"""

from .analysis import Analysis, CheckReport, analyse, exit_code, run_check
from .catalog import RULES, Rule, RuleSelectionError, all_rules, select_rules
from .findings import Finding, Severity

__all__ = [
    "Analysis", "CheckReport", "Finding", "RULES", "Rule", "RuleSelectionError", "Severity", "all_rules", "analyse",
    "exit_code", "run_check", "select_rules",
]
