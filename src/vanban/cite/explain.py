"""Where a citation is (line and column), and showing it in context with what was read from it
(`vanban extract --explain`)."""

from __future__ import annotations

import bisect

from ..base.messages import DEFAULT_LANG, text as message_text
from .citation import Citation

__all__ = ["LineIndex", "line_and_column", "explain_citation"]


class LineIndex:
    """Line starts of a text, so that each offset's line is found by bisection.

    Built once per text (O(n)); each look-up is O(log n), so placing every citation of a long
    document costs no more than reading it.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        at = find("\n")
        while at != -1:
            starts.append(at + 1)
            at = find("\n", at + 1)
        self._starts = starts

    def line_and_column(self, offset: int) -> tuple[int, int]:
        """1-based line and column of *offset*."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text* (for one look-up; use LineIndex for many)."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def explain_citation(name: str, text: str, citation: Citation, lang: str = DEFAULT_LANG, width: int = 60,
                     *, where: tuple[int, int] | None = None) -> str:
    """A few lines: where it is, the context with the citation in [[…]], and each field read."""
    line, column = where or line_and_column(text, citation.start)
    before = text[max(0, citation.start - width) : citation.start].rsplit("\n", 1)[-1]
    after = text[citation.end : citation.end + width].split("\n", 1)[0]
    out = [f"{name}:{line}:{column}", f"  …{before}[[{text[citation.start:citation.end]}]]{after}…"]
    fields = [
        ("identity", message_text("cli.own-number", lang) if citation.identity else None),
        ("kind", citation.kind),
        ("code", citation.code),
        ("scheme", citation.scheme.value),
        ("year", citation.year),
        ("date", citation.date.isoformat() if citation.date else None),
        ("bad-date", str(citation.invalid_date) if citation.invalid_date else None),
        ("issuer", citation.issuer),
        ("title", citation.title),
        ("unknown", citation.unknown_abbreviation()),
        ("canonical", citation.format(with_title=False)),
    ]
    for label, value in fields:
        if value is not None:
            out.append(f"  {message_text(f'explain.{label}', lang):<16} {value}")
    return "\n".join(out)
