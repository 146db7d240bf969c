"""Reading YAML by schema: compose nodes with the C parser, then read each value as its field's type.

Every YAML file vanban reads — a registry, a program file, the package's own data — goes through
:func:`compose` and a :class:`TypedReader`, so a bad value anywhere is reported the same way:
file:line:column, the field, what was expected, what to do, every problem at once.

Composing nodes with libyaml (``CBaseLoader.get_single_node``, from ``ruamel.yaml[libyaml]``)
costs about a tenth of ruamel's round-trip load and still gives each node its line and column,
so errors are placed without a second parse. Scalars stay text: the schema, not YAML's
guessing, gives them their type ("no" stays "no", "08" keeps its zero, docs/design.md).
"""

from __future__ import annotations

import datetime as _dt
import io
from typing import Any, Iterator

from rapidfuzz import process
from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .dates import DateError, read_date
from .errors import Problem, ProblemsError
from .text import key

try:  # libyaml through ruamel.yaml[libyaml]; the pure parser is the fallback
    from ruamel.yaml.cyaml import CBaseLoader as _Loader

    FAST = True
except ImportError:  # pragma: no cover - depends on the installation
    from ruamel.yaml.loader import BaseLoader as _Loader  # type: ignore[assignment]

    FAST = False

__all__ = [
    "FAST", "Fields", "MappingNode", "Node", "ScalarNode", "SequenceNode", "TypedReader", "compose", "is_null",
    "position",
]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def compose(text: str, filename: str, error_class: type[ProblemsError] = ProblemsError) -> Node | None:
    """Compose *text*; a YAML syntax error becomes *error_class* placed at its mark."""
    loader = _Loader(io.StringIO(text))
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = (exc.problem or exc.context or "").strip()
        raise error_class([Problem(filename, line, column, "", "registry.yaml-syntax", {"problem": problem})]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def position(node: Node) -> tuple[int, int]:
    """1-based line and column where *node* starts."""
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def is_null(node: Node | None) -> bool:
    # libyaml marks a plain scalar with style "" (the pure parser with None); quoted ones keep it text
    return node is None or (isinstance(node, ScalarNode) and not node.style and node.value in _NULLS)


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
        if not isinstance(node, MappingNode):
            self.error(node, field, "expected-mapping")
            return Fields()
        items: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            name = knode.value if isinstance(knode, ScalarNode) else str(knode)
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
        if not isinstance(node, ScalarNode):
            self.error(node, field, "expected-text")
            return None
        value = node.value.strip() if strip else node.value
        return value or None

    def texts(self, node: Node | None, field: str) -> list[tuple[str, Node]]:
        """A list of texts with their nodes; a single text is accepted as a list of one."""
        if node is None or is_null(node):
            return []
        if isinstance(node, ScalarNode):
            value = self.text(node, field)
            return [(value, node)] if value else []
        if not isinstance(node, SequenceNode):
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
        if not isinstance(node, SequenceNode):
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
