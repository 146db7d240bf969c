"""Text that is safe to show, and arguments that are what a function expects.

**Display.** A registry, a report or a register is written by people and programs vanban does
not control. Its text may hold characters that change what a terminal shows rather than being
shown: ESC and the other C0 and C1 controls start escape sequences (a window title, a clipboard
write with OSC 52, a cursor move that hides a line), a carriage return overwrites the line, and
the bidirectional controls (U+202A–U+202E, U+2066–U+2069) reverse the order of what follows —
"‮txt.exe" is shown as "exe.txt". :func:`display` writes each of them as a visible escape
(``\\u202e``), the same escape JSON uses, so the text stays readable and nothing in it reaches
the terminal as an instruction; :func:`unsafe_characters` lists them for ``vanban check``
(rule VB107 ``unsafe-character``). Tab and line feed are kept.

>>> display("Kế hoạch \\u202eabc\\x1b]52;c;bad\\x07")
'Kế hoạch \\\\u202eabc\\\\u001b]52;c;bad\\\\u0007'
>>> [(i, name) for i, _, name in unsafe_characters("a\\u202eb")]
[(1, 'RIGHT-TO-LEFT OVERRIDE')]

**Arguments.** Public functions check what they are given and raise :class:`ArgumentError`
(a :class:`~vanban.base.errors.VanbanError` and a :class:`TypeError`) with a message that names
the argument, instead of failing somewhere inside with a bare ``AttributeError``.

>>> require("path", 3, str)
Traceback (most recent call last):
...
vanban.base.safety.ArgumentError: đối số 'path' phải là str, không phải int
"""

from __future__ import annotations

import os
import re
import unicodedata
from typing import Any

from .errors import VanbanError

__all__ = ["ArgumentError", "UNSAFE", "display", "unsafe_characters", "character_name", "require", "require_path"]

#: Characters shown escaped: C0 controls but tab and line feed, DEL and the C1 controls, the
#: bidirectional marks, embeddings, overrides and isolates, the line and paragraph separators,
#: a byte order mark inside text and the interlinear annotation controls.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff\ufff9-\ufffb]"
)

#: Names for the characters unicodedata does not name (the controls).
_CONTROL_NAMES = {
    0x00: "NUL", 0x07: "BEL", 0x08: "BACKSPACE", 0x0B: "VERTICAL TAB", 0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN", 0x1B: "ESCAPE", 0x7F: "DELETE", 0x85: "NEXT LINE", 0x9B: "CONTROL SEQUENCE INTRODUCER",
    0x9D: "OPERATING SYSTEM COMMAND",
}


#: the characters :func:`display` escapes, as one pattern (for a quick test of a text)
UNSAFE = _UNSAFE


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def display(text: str) -> str:
    """*text* with every character that could act on a terminal written as ``\\uXXXX``."""
    if not isinstance(text, str):
        text = str(text)
    return _UNSAFE.sub(_escape, text)


def character_name(char: str) -> str:
    """The Unicode name of *char*, or the usual name of a control character."""
    code = ord(char)
    if code in _CONTROL_NAMES:
        return _CONTROL_NAMES[code]
    name = unicodedata.name(char, "")
    if name:
        return name
    if 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE:
        return "NONCHARACTER"
    return "C1 CONTROL" if 0x80 <= code <= 0x9F else "CONTROL"


def unsafe_characters(text: str) -> list[tuple[int, str, str]]:
    """(index, "U+XXXX", name) of each character :func:`display` would escape."""
    return [(m.start(), f"U+{ord(m.group()):04X}", character_name(m.group())) for m in _UNSAFE.finditer(text)]


class ArgumentError(VanbanError, TypeError, ValueError):
    """A public function was given an argument of the wrong type or value (a programming error).

    It is a TypeError and a ValueError too, so code that caught those before still does.
    """

    default_id = "error.argument-type"


def _type_names(types: type | tuple[type, ...]) -> str:
    items = types if isinstance(types, tuple) else (types,)
    return " | ".join(t.__name__ for t in items)


def require(name: str, value: Any, types: type | tuple[type, ...]) -> Any:
    """*value* when it is an instance of *types*; ArgumentError naming *name* otherwise."""
    if not isinstance(value, types):
        raise ArgumentError("error.argument-type", name=name, expected=_type_names(types),
                            actual=type(value).__name__)
    return value


def require_path(name: str, value: Any) -> str:
    """A path argument (str or os.PathLike) as text; ArgumentError for anything else or an empty path."""
    if isinstance(value, (str, os.PathLike)):
        text = os.fspath(value)
        if isinstance(text, str) and text and "\x00" not in text:
            return text
        raise ArgumentError("error.argument-path", name=name, value=repr(value)[:80])
    raise ArgumentError("error.argument-type", name=name, expected="str | os.PathLike", actual=type(value).__name__)
