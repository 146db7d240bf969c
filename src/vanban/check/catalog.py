"""The rule table: each rule has a code, a slug, a default severity and a function.

Rules are selected by code ("VB103"), code prefix ("VB1", "VB"), slug ("missing-unit") or
"ALL", the way ruff selects its rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import attrs

from .findings import Finding, Severity

if TYPE_CHECKING:
    from .context import CheckContext

__all__ = ["Rule", "RULES", "rule", "select_rules", "RuleSelectionError"]

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]


@attrs.frozen(slots=True)
class Rule:
    code: str
    slug: str
    severity: Severity
    group: str
    summary_vi: str
    summary_en: str
    #: the check over a registry; None for rules applied elsewhere (`vanban verify`'s VB5xx)
    func: RuleFunc | None = attrs.field(default=None, eq=False, repr=False)

    def summary(self, lang: str = "vi") -> str:
        return self.summary_en if lang == "en" else self.summary_vi


RULES: dict[str, Rule] = {}


def rule(code: str, slug: str, severity: str, group: str, summary_vi: str, summary_en: str) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function under *code* and *slug*."""

    def register(func: RuleFunc) -> RuleFunc:
        RULES[slug] = Rule(code, slug, Severity(severity), group, summary_vi, summary_en, func)
        return func

    return register


class RuleSelectionError(ValueError):
    """A --select/--ignore entry that names no rule."""


def _matches(token: str) -> list[Rule]:
    token = token.strip()
    if token.upper() == "ALL":
        return list(RULES.values())
    if token in RULES:
        return [RULES[token]]
    return [r for r in RULES.values() if r.code.startswith(token.upper())]


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """Rules chosen by *select* (default all) less those in *ignore*, in code order."""
    chosen: dict[str, Rule] = {}
    for token in select or ["ALL"]:
        found = _matches(token)
        if not found:
            raise RuleSelectionError(token)
        chosen.update((r.slug, r) for r in found)
    for token in ignore or []:
        found = _matches(token)
        if not found:
            raise RuleSelectionError(token)
        for r in found:
            chosen.pop(r.slug, None)
    return sorted(chosen.values(), key=lambda r: r.code)


def all_rules() -> Iterator[Rule]:
    return iter(sorted(RULES.values(), key=lambda r: r.code))
