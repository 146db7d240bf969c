"""A recurring obligation's date for one registry: the catalog default or the registry's own."""

from __future__ import annotations

import attrs

from ..programs import RecurringObligation
from ..registry import Registry

__all__ = ["EffectiveDate", "effective_date", "owed_here"]


@attrs.frozen(slots=True)
class EffectiveDate:
    month: int
    day: int
    #: "V", "P" or "U" from the catalog; "registry" when the registry sets the province's date
    verified: str


def effective_date(registry: Registry, obligation: RecurringObligation) -> EffectiveDate | None:
    """The month and day the obligation falls due here; None when the registry disables it."""
    for override in registry.locality.obligations:
        if override.code == obligation.code:
            if override.disabled:
                return None
            if override.month is None and override.day is None:
                break
            return EffectiveDate(override.month or obligation.month, override.day or obligation.day, "registry")
    return EffectiveDate(obligation.month, obligation.day, obligation.verified)


def owed_here(registry: Registry, obligation: RecurringObligation) -> bool:
    """Whether the registry's locality owes *obligation*: its issuer's level is one the obligation
    names (a province's report to the ministries is not a commune's); True when the level is unknown."""
    owner = registry.owner
    return owner is None or not owner.level or owner.level in obligation.levels
