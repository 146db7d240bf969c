"""What a check reports: findings with a rule, a severity, a place, a message and a suggestion."""

from __future__ import annotations

from typing import Any

import attrs

from ..base.messages import DEFAULT_LANG, Message
from ..base.rulecatalog import Severity

__all__ = ["Severity", "Finding"]


@attrs.frozen(slots=True)
class Finding:
    """One problem, reported once: which rule, where, why it matters and what to do.

    The message and the suggestion are catalog messages, rendered in the language of the output.
    """

    rule: str  # slug: "unknown-abbreviation"
    code: str  # "VB101"
    severity: Severity
    message: Message
    document: str | None = None  # document ID
    citation: str | None = None  # canonical citation of the document
    file: str | None = None
    line: int | None = None
    suggestion: Message | None = None
    #: the clerk's reason when the registry silences this rule on this document
    silenced: str | None = None
    #: extra machine-readable facts (missing issuers, the year, the unit …)
    data: dict[str, Any] = attrs.field(factory=dict, hash=False)

    def text(self, lang: str = DEFAULT_LANG) -> str:
        """The message in *lang*."""
        return self.message.render(lang)

    def hint(self, lang: str = DEFAULT_LANG) -> str | None:
        """The suggestion in *lang*, or None."""
        return self.suggestion.render(lang) if self.suggestion is not None else None

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "document": self.document,
            "citation": self.citation,
            "file": self.file,
            "line": self.line,
            "message": self.text(lang),
            "suggestion": self.hint(lang),
            "silenced": self.silenced,
            "data": self.data,
        }
