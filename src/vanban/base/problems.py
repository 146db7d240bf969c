"""Problems found in a registry file, each placed at file:line:column."""

from __future__ import annotations

from typing import Any

import attrs

from .messages import message

__all__ = ["Problem", "RegistryError"]


@attrs.frozen(slots=True)
class Problem:
    """One error in a registry file: where, which field, what was expected, what to do."""

    file: str
    line: int  # 1-based; 0 when the file could not be read at all
    column: int  # 1-based
    field: str
    msg_id: str
    params: dict[str, Any] = attrs.field(factory=dict, hash=False)

    def message(self, lang: str = "vi") -> str:
        return message("registry", self.msg_id, lang, **self.params)

    def hint(self, lang: str = "vi") -> str | None:
        hint_id = self.msg_id + ".hint"
        try:
            return message("registry", hint_id, lang, **self.params)
        except KeyError:
            if self.msg_id.startswith("expected-"):
                return message("registry", "expected.hint", lang)
            return None

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def render(self, lang: str = "vi") -> str:
        field = f" {self.field}:" if self.field else ""
        hint = self.hint(lang)
        return f"{self.location}:{field} {self.message(lang)}" + (f" — {hint}" if hint else "")

    def to_dict(self, lang: str = "vi") -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "error": self.msg_id,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


class RegistryError(Exception):
    """A registry that cannot be used; :attr:`problems` lists every error found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.render("en") for p in problems))

    def render(self, lang: str = "vi") -> str:
        return "\n".join(p.render(lang) for p in self.problems)
