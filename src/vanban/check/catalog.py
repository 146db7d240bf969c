"""The rules of ``vanban check`` and ``vanban verify``: the catalog entries with their functions.

What a rule is — code, slug, severity, the messages it reports, its documentation — is the
catalog (``data/rules.yaml``, read by :mod:`vanban.base.rulecatalog`); how it checks is a
function in one of the group modules (:mod:`.rules.format`, :mod:`.rules.hierarchy`,
:mod:`.rules.coverage`, :mod:`.rules.deadlines`), listed there in ``IMPLEMENTS``. The verify
rules (VB5xx) are applied by :mod:`vanban.check.verify` and have no function here.

Rules are selected by code ("VB103"), code prefix ("VB1", "VB"), slug ("missing-unit") or
"ALL", the way ruff selects its rules.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Callable, Iterable, Iterator

import attrs

from ..base.errors import VanbanError
from ..base.messages import DEFAULT_LANG
from ..base.rulecatalog import RuleSpec, Severity, rule_catalog
from .findings import Finding
from .rules import coverage, deadlines, format, hierarchy, safety

if TYPE_CHECKING:
    from .context import CheckContext

__all__ = ["Rule", "RULES", "select_rules", "all_rules", "RuleSelectionError", "VERIFY_GROUP"]

RuleFunc = Callable[["CheckContext"], Iterable[Finding]]
VERIFY_GROUP = "verify"

_IMPLEMENTATIONS: dict[str, RuleFunc] = {
    **format.IMPLEMENTS, **hierarchy.IMPLEMENTS, **coverage.IMPLEMENTS, **deadlines.IMPLEMENTS,
    **safety.IMPLEMENTS,  # VB107 unsafe-character
}


@attrs.frozen(slots=True)
class Rule:
    """A catalog entry and the function that applies it (None for the verify rules)."""

    spec: RuleSpec
    func: RuleFunc | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def code(self) -> str:
        return self.spec.code

    @property
    def slug(self) -> str:
        return self.spec.slug

    @property
    def severity(self) -> Severity:
        return self.spec.severity

    @property
    def group(self) -> str:
        return self.spec.group

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        return self.spec.summary(lang)


def _rules() -> dict[str, Rule]:
    return {spec.slug: Rule(spec, _IMPLEMENTATIONS.get(spec.code)) for spec in rule_catalog().rules}


#: slug → Rule, every rule of the catalog (check and verify)
RULES: dict[str, Rule] = _rules()


class RuleSelectionError(VanbanError, ValueError):
    """A --select/--ignore entry that names no rule."""

    def __init__(self, token: str) -> None:
        self.token = token
        super().__init__("check.no-such-rule", value=token)


def _matches(token: str, pool: dict[str, Rule]) -> list[Rule]:
    token = token.strip()
    if token.upper() == "ALL":
        return list(pool.values())
    if token in pool:
        return [pool[token]]
    return [r for r in pool.values() if r.code.startswith(token.upper())]


def select_rules(select: Iterable[str] | None = None, ignore: Iterable[str] | None = None) -> list[Rule]:
    """The check rules chosen by *select* (default all) less those in *ignore*, in code order."""
    pool = {slug: r for slug, r in RULES.items() if r.func is not None}
    chosen: dict[str, Rule] = {}
    for token in select or ["ALL"]:
        found = _matches(token, pool)
        if not found:
            raise RuleSelectionError(token)
        chosen.update((r.slug, r) for r in found)
    for token in ignore or []:
        found = _matches(token, pool)
        if not found:
            raise RuleSelectionError(token)
        for r in found:
            chosen.pop(r.slug, None)
    return sorted(chosen.values(), key=lambda r: r.code)


def all_rules() -> Iterator[Rule]:
    """Every rule, check and verify, in code order."""
    return iter(sorted(RULES.values(), key=lambda r: r.code))
