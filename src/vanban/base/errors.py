"""The errors vanban raises on purpose: one base class, each carrying a message id.

Every error a user can cause (a bad registry, a file that cannot be read, a citation that is
no citation …) is a :class:`VanbanError`: it names a message of the catalog and its
parameters, so the command line shows it in the user's language and a library caller can
catch one class. ``str(error)`` is the Vietnamese text (the default language); a located error
(:class:`ProblemsError`) lists every problem with file:line:column.
"""

from __future__ import annotations

from typing import Any, Iterable

import attrs

from .messages import DEFAULT_LANG, Message, has_message, text

__all__ = ["VanbanError", "Problem", "ProblemsError", "DataFileError"]


class VanbanError(Exception):
    """Base class of every error vanban raises on purpose."""

    #: message id used when the constructor is given none
    default_id = "error.generic"

    def __init__(self, msg_id: str | None = None, /, **params: Any) -> None:
        self.msg_id = msg_id or self.default_id
        self.params = params
        super().__init__(self.msg_id)

    @property
    def message(self) -> Message:
        return Message(self.msg_id, self.params)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return self.message.render(lang)

    def hint(self, lang: str = DEFAULT_LANG) -> str | None:
        """What to do about it ("<id>.hint" in the catalog), when the catalog says."""
        return text(self.msg_id + ".hint", lang, **self.params) if has_message(self.msg_id + ".hint") else None

    def __str__(self) -> str:
        try:
            return self.render(DEFAULT_LANG)
        except Exception:  # a broken catalog must not hide the error itself
            return f"{self.msg_id} {self.params}"


@attrs.frozen(slots=True)
class Problem:
    """One problem in an input file: where, which field, what was expected, what to do."""

    file: str
    line: int  # 1-based; 0 when the file could not be read at all
    column: int  # 1-based
    field: str
    msg_id: str  # a catalog id, "registry.missing-field"; its hint is "<id>.hint" when the catalog has it
    params: dict[str, Any] = attrs.field(factory=dict, hash=False)

    @property
    def error(self) -> str:
        """The stable name of the problem, without its catalog section ("missing-field")."""
        return self.msg_id.split(".", 1)[-1]

    def message(self, lang: str = DEFAULT_LANG) -> str:
        return text(self.msg_id, lang, **self.params)

    def hint(self, lang: str = DEFAULT_LANG) -> str | None:
        try:
            return text(self.msg_id + ".hint", lang, **self.params)
        except KeyError:
            if self.msg_id.startswith("registry.expected-"):
                return text("registry.expected.hint", lang)
            return None

    @property
    def location(self) -> str:
        if self.line <= 0:
            return self.file
        return f"{self.file}:{self.line}:{self.column}"

    def render(self, lang: str = DEFAULT_LANG) -> str:
        field = f" {self.field}:" if self.field else ""
        hint = self.hint(lang)
        return f"{self.location}:{field} {self.message(lang)}" + (f" — {hint}" if hint else "")

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "error": self.error,
            "message": self.message(lang),
            "hint": self.hint(lang),
        }


class ProblemsError(VanbanError):
    """An input that cannot be used; :attr:`problems` lists every problem found, each placed."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = sorted(problems, key=lambda p: (p.file, p.line, p.column))
        super().__init__("error.problems", count=len(self.problems))

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return "\n".join(p.render(lang) for p in self.problems)


class DataFileError(ProblemsError):
    """A package data file (kinds, programs, rules, messages …) or a program file that does not read."""
