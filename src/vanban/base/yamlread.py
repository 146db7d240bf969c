"""Reading YAML by schema: read each node's value as its field's type, every problem placed.

Every YAML file vanban reads — a registry, a program file, the package's own data — goes through
:func:`compose` and a :class:`TypedReader`, so a bad value anywhere is reported the same way:
file:line:column, the field, what was expected, what to do, every problem at once.

Composing is libyaml's (:mod:`vanban.base.yamlparse`, imported by :func:`compose` only when a file
is parsed: ruamel.yaml and its C reader cost a start about as much as Python's own). The typed
reader reads the nodes libyaml composes and the ones a cached part decodes alike: it knows a
node's kind by its ``id`` ("scalar", "sequence", "mapping"), the class attribute ruamel's nodes
carry and :class:`DecodedScalar` and its kin copy, never by its class. Scalars stay text: the schema,
not YAML's guessing, gives them their type ("no" stays "no", "08" keeps its zero, docs/design.md).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from typing import Any, ClassVar, Iterator, Protocol

from .dates import DateError, read_date
from .errors import Problem, ProblemsError
from .lazyre import lazy_compile
from .messages import Message, message_ids, text as message_text
from .text import key

__all__ = [
    "Fields", "Node", "DecodedMapping", "DecodedScalar", "DecodedSequence", "TypedReader", "compose", "is_null",
    "position", "MAX_DEPTH", "MAX_SCALAR", "MAX_KEY", "ALIAS_FLOOR", "ALIAS_RATIO", "MAX_PROBLEMS",
    "SCALAR", "SEQUENCE", "MAPPING",
]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})

#: a node's kind, as its ``id`` names it (ruamel's ScalarNode.id, SequenceNode.id, MappingNode.id)
SCALAR, SEQUENCE, MAPPING = "scalar", "sequence", "mapping"


class Node(Protocol):
    """A YAML node as the typed reader reads it: one libyaml composed, or one a cached part decoded."""

    id: ClassVar[str]
    value: Any
    start_mark: Any
    style: Any


class _Mark:
    """Where a decoded node starts (0-based, as libyaml's marks)."""

    __slots__ = ("line", "column", "name", "index")

    def __init__(self, line: int, column: int) -> None:
        self.line, self.column, self.name, self.index = line, column, "", 0


class _Decoded:
    __slots__ = ("value", "start_mark", "style")
    id: ClassVar[str]

    def __init__(self, value: Any, line: int, column: int, style: str | None = None) -> None:
        self.value, self.start_mark, self.style = value, _Mark(line, column), style


class DecodedScalar(_Decoded):
    """A scalar decoded from a cached part: its text, style and place, as libyaml composed it."""

    __slots__ = ()
    id = SCALAR


class DecodedSequence(_Decoded):
    """A sequence decoded from a cached part (its value: the item nodes)."""

    __slots__ = ()
    id = SEQUENCE


class DecodedMapping(_Decoded):
    """A mapping decoded from a cached part (its value: (key node, value node) pairs, in file order)."""

    __slots__ = ()
    id = MAPPING


#: The limits of every YAML file read (docs/reliability.md): each has its own message.
MAX_DEPTH = 100  #: nested lists and mappings (a registry needs five)
MAX_SCALAR = 10_000  #: characters in one value (a title is under 1,000)
MAX_KEY = 200  #: characters in one key
ALIAS_FLOOR = 100_000  #: nodes aliases may add in any file …
ALIAS_RATIO = 10  #: … or this many times the nodes written, whichever is more
MAX_PROBLEMS = 500  #: problems collected before reading stops


def compose(text: str, filename: str, error_class: type[ProblemsError] = ProblemsError) -> Node | None:
    """Compose *text* with libyaml (:func:`vanban.base.yamlparse.compose`: the limits, and a syntax
    error as *error_class* placed at its mark)."""
    from .yamlparse import compose as compose_with_libyaml  # ruamel.yaml only when a file is parsed

    return compose_with_libyaml(text, filename, error_class)


def reader_says(problem: str) -> Message:
    """libyaml's problem text as a message in the user's language (its English is the text itself):
    a Vietnamese error never quotes the reader's English, except a text libyaml does not have today."""
    global _looking_up
    if _looking_up:  # the catalog itself is being read, and does not read: it cannot translate
        return Message("yaml-problem.other", {"text": problem})
    _looking_up = True
    try:
        table = _libyaml_problems()
    finally:
        _looking_up = False
    # ruamel's composer names the alias or anchor at the end ("found undefined alias 'x'"): the
    # place of the problem shows it, the message is the one without it
    msg_id = table.get(problem) or table.get(_QUOTED_END.sub("", problem))
    return Message(msg_id) if msg_id is not None else Message("yaml-problem.other", {"text": problem})


_looking_up = False
_QUOTED_END = lazy_compile(r"""\s+(?:'[^']*'|"[^"]*")$""")


@functools.lru_cache(maxsize=1)
def _libyaml_problems() -> dict[str, str]:
    # the catalog's section is the table: each entry's English is libyaml's text, word for word
    return {message_text(msg_id, "en"): msg_id for msg_id in message_ids("yaml-problem.")
            if msg_id != "yaml-problem.other"}


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where *node* starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def is_null(node: Node | None) -> bool:
    # libyaml marks a plain scalar with style "" (the pure parser with None); quoted ones keep it text
    return node is None or (node.id == SCALAR and not node.style and node.value in _NULLS)


def join_field(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class Fields:
    """The keys of one mapping node: name → (key node, value node), in file order."""

    __slots__ = ("items",)

    def __init__(self, items: dict[str, tuple[Node, Node]] | None = None) -> None:
        self.items: dict[str, tuple[Node, Node]] = items or {}

    def get(self, name: str) -> Node | None:
        """The value node of *name*, or None when the key is absent."""
        entry = self.items.get(name)
        return entry[1] if entry is not None else None

    def key_node(self, name: str) -> Node | None:
        entry = self.items.get(name)
        return entry[0] if entry is not None else None

    def __contains__(self, name: object) -> bool:
        return name in self.items

    def __iter__(self) -> Iterator[str]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def nearest(value: str, choices: list[str] | tuple[str, ...], cutoff: float = 0) -> str | None:
    """The closest of *choices* by spelling (rapidfuzz), or None."""
    if not choices:
        return None
    from rapidfuzz import process  # loaded for a suggestion only

    best = process.extractOne(value, choices, score_cutoff=cutoff)
    return str(best[0]) if best else None


class TypedReader:
    """Reads nodes as the types of their fields and collects every problem, each placed."""

    def __init__(self, filename: str, error_class: type[ProblemsError] = ProblemsError) -> None:
        self.file = filename
        self.error_class = error_class
        self.problems: list[Problem] = []

    # --- problems -----------------------------------------------------------------------------
    def error(self, node: Node | None, field: str, msg_id: str, /, **params: Any) -> None:
        """Record a problem at *node* (``registry.<id>`` when *msg_id* has no section)."""
        line, column = position(node) if node is not None else (1, 1)
        if "." not in msg_id:
            msg_id = f"registry.{msg_id}"
        self.problems.append(Problem(self.file, line, column, field, msg_id, params))
        if len(self.problems) >= MAX_PROBLEMS:  # a file that is wrong everywhere: say so, stop reading
            self.problems.append(Problem(self.file, line, column, "", "registry.too-many-problems",
                                         {"count": MAX_PROBLEMS}))
            raise self.error_class(self.problems)

    def raise_if_problems(self) -> None:
        if self.problems:
            raise self.error_class(self.problems)

    # --- typed access -------------------------------------------------------------------------
    def mapping(self, node: Node | None, field: str, allowed: tuple[str, ...] | None) -> Fields:
        """The keys of a mapping; reports a non-mapping, unknown keys (with the nearest) and duplicates.

        An absent node (None) is an empty mapping; a node that is there must be a mapping.
        """
        if node is None:
            return Fields()
        if node.id != MAPPING:
            self.error(node, field, "expected-mapping")
            return Fields()
        items: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            if knode.id != SCALAR:
                self.error(knode, field, "expected-text")
                continue
            name = knode.value
            if len(name) > MAX_KEY:
                self.error(knode, field, "value-too-long", length=len(name), limit=MAX_KEY)
                continue
            if name in items:
                self.error(knode, join_field(field, name), "duplicate-key", field=name,
                           other_line=position(items[name][0])[0])
                continue
            if allowed is not None and name not in allowed:
                self.error(knode, join_field(field, name), "unknown-field", field=name,
                           suggestion=nearest(name, allowed) or allowed[0], allowed=", ".join(allowed))
                continue
            items[name] = (knode, vnode)
        return Fields(items)

    def require(self, node: Node | None, fields: Fields, field: str, *names: str) -> bool:
        """Report each of *names* missing from *fields*; True when all are there."""
        ok = True
        for name in names:
            if name not in fields:
                self.error(node, field, "missing-field", field=name)
                ok = False
        return ok

    def text(self, node: Node | None, field: str, *, strip: bool = True) -> str | None:
        """A scalar's text, stripped (unless *strip* is False); None when absent, null or empty."""
        if node is None or is_null(node):
            return None
        if node.id != SCALAR:
            self.error(node, field, "expected-text")
            return None
        if len(node.value) > MAX_SCALAR:
            self.error(node, field, "value-too-long", length=len(node.value), limit=MAX_SCALAR)
            return None
        value = node.value.strip() if strip else node.value
        return value or None

    def texts(self, node: Node | None, field: str) -> list[tuple[str, Node]]:
        """A list of texts with their nodes; a single text is accepted as a list of one."""
        if node is None or is_null(node):
            return []
        if node.id == SCALAR:
            value = self.text(node, field)
            return [(value, node)] if value else []
        if node.id != SEQUENCE:
            self.error(node, field, "expected-list")
            return []
        out = []
        for item in node.value:
            value = self.text(item, field)
            if value:
                out.append((value, item))
        return out

    def items(self, node: Node | None, field: str) -> list[Node]:
        """The item nodes of a list."""
        if node is None or is_null(node):
            return []
        if node.id != SEQUENCE:
            self.error(node, field, "expected-list")
            return []
        return list(node.value)

    def date(self, node: Node | None, field: str) -> _dt.date | None:
        value = self.text(node, field)
        if value is None:
            return None
        try:
            written = read_date(value)
        except DateError:
            self.error(node, field, "bad-date", value=value)
            return None
        if written.value is None:
            self.error(node, field, "impossible-date", value=value)
        return written.value

    def choice(self, node: Node | None, field: str, allowed: tuple[str, ...]) -> str | None:
        """One of *allowed*, compared on the matching key (case, NFC/NFD, tone placement)."""
        value = self.text(node, field)
        if value is None:
            return None
        for option in allowed:
            if key(option) == key(value):
                return option
        self.error(node, field, "bad-choice", value=value, field=field, allowed=", ".join(allowed))
        return None

    def integer(self, node: Node | None, field: str, low: int, high: int) -> int | None:
        value = self.text(node, field)
        if value is None:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.error(node, field, "bad-number", value=value, low=low, high=high)
            return None
        return int(value)

    def boolean(self, node: Node | None, field: str) -> bool | None:
        value = self.text(node, field)
        if value is None:
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        # YAML 1.2: yes/no/on/off are text, not booleans; say so rather than guess.
        self.error(node, field, "bad-choice", value=value, field=field, allowed="true, false")
        return None
