"""What a check reports: findings with a rule, a severity, a place and a suggestion."""

from __future__ import annotations

import enum
from typing import Any

import attrs

__all__ = ["Severity", "Finding"]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def label(self, lang: str = "vi") -> str:
        if lang == "en":
            return self.value
        return {"error": "lỗi", "warning": "cảnh báo", "info": "thông tin"}[self.value]


@attrs.frozen(slots=True)
class Finding:
    """One problem, reported once: which rule, where, why it matters and what to do."""

    rule: str  # slug: "unknown-abbreviation"
    code: str  # "VB101"
    severity: Severity
    message: str
    document: str | None = None  # document ID
    citation: str | None = None  # canonical citation of the document
    file: str | None = None
    line: int | None = None
    suggestion: str | None = None
    #: the clerk's reason when the registry silences this rule on this document
    silenced: str | None = None
    #: extra machine-readable facts (missing issuers, the year, the unit …)
    data: dict[str, Any] = attrs.field(factory=dict, hash=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "code": self.code,
            "severity": self.severity.value,
            "document": self.document,
            "citation": self.citation,
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "suggestion": self.suggestion,
            "silenced": self.silenced,
            "data": self.data,
        }
