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
import functools
import io
import re
from typing import Any, Iterator

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .dates import DateError, read_date
from .errors import Problem, ProblemsError
from .messages import Message, message_ids, text as message_text
from .text import key

try:  # libyaml through ruamel.yaml[libyaml]; the pure parser is the fallback
    from ruamel.yaml.cyaml import CBaseLoader as _BaseLoader

    FAST = True
except ImportError:  # pragma: no cover - depends on the installation
    from ruamel.yaml.loader import BaseLoader as _BaseLoader  # type: ignore[assignment]

    FAST = False


class _Loader(_BaseLoader):
    """The base loader, whose resolver has no implicit and no path resolvers, with that resolver's
    answers given at once: every scalar, sequence and mapping gets its default tag (what
    BaseResolver.resolve returns, after bookkeeping that cost a tenth of reading a registry).
    The typed reader reads every value by schema and never looks at a tag."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode:
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_SEQUENCE_TAG if kind is SequenceNode else self.DEFAULT_MAPPING_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None


assert not _BaseLoader.yaml_implicit_resolvers and not _BaseLoader.yaml_path_resolvers  # what _Loader relies on

__all__ = [
    "FAST", "Fields", "MappingNode", "Node", "ScalarNode", "SequenceNode", "TypedReader", "compose", "is_null",
    "position", "MAX_DEPTH", "MAX_SCALAR", "MAX_KEY", "ALIAS_FLOOR", "ALIAS_RATIO", "MAX_PROBLEMS",
]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


#: The limits of every YAML file read (docs/reliability.md): each has its own message.
MAX_DEPTH = 100  #: nested lists and mappings (a registry needs five)
MAX_SCALAR = 10_000  #: characters in one value (a title is under 1,000)
MAX_KEY = 200  #: characters in one key
ALIAS_FLOOR = 100_000  #: nodes aliases may add in any file …
ALIAS_RATIO = 10  #: … or this many times the nodes written, whichever is more
MAX_PROBLEMS = 500  #: problems collected before reading stops
_SHOWN_CHARACTERS = 10  #: control characters reported one by one

# What libyaml refuses (tested): C0 controls but tab, LF and CR; DEL and C1 but NEL; U+FFFE, U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff\ufffe\uffff]")
_BRACKETS = re.compile(r"[\[\]{}]")
_INDENTS = re.compile(r"^ *", re.MULTILINE)
_COMPACT = re.compile(r"(?:[-?:][ \t]+(?:[&!][^ \t]*[ \t]+)*){%d}" % (MAX_DEPTH // 2))
#: what must follow an indicator for _COMPACT to go on: a cheap test first (_COMPACT tries at every
#: key's ":", and cost a tenth of reading a registry)
_COMPACT_PAIR = re.compile(r"[-?:][ \t]+[-?:&!]")
_ANCHOR_NEXT = re.compile(r"[^\s\[\]{},]")


def compose(text: str, filename: str, error_class: type[ProblemsError] = ProblemsError) -> Node | None:
    """Compose *text*; a YAML syntax error becomes *error_class* placed at its mark.

    Before the C parser sees the text, control characters it would refuse are reported (each
    placed, named, with what to do) and the nesting is bounded (:data:`MAX_DEPTH`: libyaml's
    composer recurses, and 50,000 nested ``[`` crash the process). After composing, aliases
    may not multiply the document (:data:`ALIAS_FLOOR`, :data:`ALIAS_RATIO`: the "billion
    laughs", or one long list aliased by every document).
    """
    problems = _control_characters(text, filename)
    if problems:
        raise error_class(problems)
    _check_depth(text, filename, error_class)
    stream = io.StringIO(text)
    loader = _Loader(stream)
    try:
        root: Node | None = loader.get_single_node()
    except MarkedYAMLError as exc:
        raise error_class([_syntax_problem(exc, filename, text)]) from None
    except YAMLError as exc:  # the reader's own errors (a character it refuses), unplaced
        raise error_class([_reader_problem(exc, text, filename)]) from None
    except RecursionError:  # the pure-Python parser, when libyaml is not installed
        raise error_class([Problem(filename, 0, 0, "", "registry.too-deep", {"limit": MAX_DEPTH})]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()
        # the loader is a reference cycle that holds its stream, and the stream a copy of the text
        # (four bytes a character): the copy is freed here, without waiting for the collector (a
        # folder's load keeps it off)
        stream.close()
    if root is not None and _has_anchor(text):
        _check_aliases(root, filename, error_class)
    return root


def _has_anchor(text: str) -> bool:
    """Whether *text* may define an anchor: an "&" at the start or after a space, "[", "{" or ",",
    followed by a character of a name (str.find over the few "&", not a pattern tried everywhere)."""
    at = text.find("&")
    while at != -1:
        if (at == 0 or text[at - 1].isspace() or text[at - 1] in "[{,") and _ANCHOR_NEXT.match(text, at + 1):
            return True
        at = text.find("&", at + 1)
    return False


def _place(text: str, index: int) -> tuple[int, int]:
    """1-based line and column of character *index* of *text*."""
    line_start = text.rfind("\n", 0, index) + 1
    return text.count("\n", 0, index) + 1, index - line_start + 1


def _line(text: str, number: int) -> str:
    """Line *number* (1-based) of *text*, without its line ending."""
    start = 0
    for _ in range(number - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return ""
    end = text.find("\n", start)
    return text[start:] if end < 0 else text[start:end]


def _control_characters(text: str, filename: str) -> list[Problem]:
    from .safety import character_name  # here: safety imports the errors, as this module does

    problems = []
    for match in _FORBIDDEN.finditer(text):
        line, column = _place(text, match.start())
        char = match.group()
        msg_id = "registry.control-char-vt" if char == "\x0b" else "registry.control-char"
        problems.append(Problem(filename, line, column, "", msg_id,
                                {"code": f"U+{ord(char):04X}", "name": character_name(char)}))
        if len(problems) >= _SHOWN_CHARACTERS:
            break
    return problems


def _syntax_problem(exc: MarkedYAMLError, filename: str, text: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
    problem = (exc.problem or exc.context or "").strip()
    tab = "tab" in problem or (line > 0 and "\t" in _line(text, line)[:column])
    return Problem(filename, line, column, "", "registry.yaml-tab" if tab else "registry.yaml-syntax",
                   {"problem": reader_says(problem)})


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
_QUOTED_END = re.compile(r"""\s+(?:'[^']*'|"[^"]*")$""")


@functools.lru_cache(maxsize=1)
def _libyaml_problems() -> dict[str, str]:
    # the catalog's section is the table: each entry's English is libyaml's text, word for word
    return {message_text(msg_id, "en"): msg_id for msg_id in message_ids("yaml-problem.")
            if msg_id != "yaml-problem.other"}


def _reader_problem(exc: YAMLError, text: str, filename: str) -> Problem:
    index = getattr(exc, "position", None)
    line, column = _place(text, index) if isinstance(index, int) and 0 <= index <= len(text) else (0, 0)
    problem = " ".join(str(getattr(exc, "reason", "") or exc).split())[:200]
    return Problem(filename, line, column, "", "registry.yaml-syntax", {"problem": problem})


def _check_depth(text: str, filename: str, error_class: type[ProblemsError]) -> None:
    """Refuse nesting deeper than MAX_DEPTH, before the composer recurses into it.

    A cheap bound first — open brackets, indentation, a run of "- " on one line — and, only
    when the bound is over the limit, libyaml's parser counts the real depth event by event
    (it keeps its own stack: it does not recurse), stopping as soon as the limit is passed.
    """
    flow = peak = 0
    for match in _BRACKETS.finditer(text):
        if match.group() in "[{":
            flow += 1
            if flow > peak:
                peak = flow
                if peak > MAX_DEPTH:
                    break
        elif flow:
            flow -= 1
    indent = max(map(len, _INDENTS.findall(text)), default=0)
    if peak + 2 * (indent + 1) <= MAX_DEPTH and not (_COMPACT_PAIR.search(text) and _COMPACT.search(text)):
        return
    loader = _Loader(io.StringIO(text))
    depth = 0
    try:
        while True:
            event = loader.get_event()
            if isinstance(event, (MappingStartEvent, SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    mark = event.start_mark
                    raise error_class([Problem(filename, mark.line + 1, mark.column + 1, "", "registry.too-deep",
                                               {"limit": MAX_DEPTH})])
            elif isinstance(event, (MappingEndEvent, SequenceEndEvent)):
                depth -= 1
            elif event is None or isinstance(event, StreamEndEvent):
                return
    except YAMLError:
        return  # a syntax error before the limit: composing reports it, at the same place
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def _check_aliases(root: Node, filename: str, error_class: type[ProblemsError]) -> None:
    """Refuse aliases that multiply the document: the nodes it has once every alias is expanded
    may exceed the nodes written by :data:`ALIAS_FLOOR` or :data:`ALIAS_RATIO` times, no more."""
    sizes: dict[int, int] = {}
    uses: dict[int, int] = {}
    nodes: dict[int, Node] = {}
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        ident = id(node)
        children = _children(node)
        if done:
            sizes[ident] = 1 + sum(sizes.get(id(child), 1) for child in children)
            continue
        uses[ident] = uses.get(ident, 0) + 1
        if ident in nodes:
            continue  # an alias: counted by its size, not walked again
        nodes[ident] = node
        stack.append((node, True))
        stack.extend((child, False) for child in children)
    written = len(nodes)
    expanded = sizes.get(id(root), 1)
    limit = max(ALIAS_FLOOR, ALIAS_RATIO * written)
    if expanded - written <= limit:
        return
    worst = max((i for i in nodes if uses[i] > 1), key=lambda i: sizes.get(i, 1) * (uses[i] - 1), default=id(root))
    line, column = position(nodes[worst])
    raise error_class([Problem(filename, line, column, "", "registry.alias-expansion",
                               {"count": expanded, "nodes": written, "limit": limit})])


def _children(node: Node) -> list[Node]:
    if isinstance(node, MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, SequenceNode):
        return list(node.value)
    return []


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
        if not isinstance(node, MappingNode):
            self.error(node, field, "expected-mapping")
            return Fields()
        items: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, ScalarNode):
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
        if not isinstance(node, ScalarNode):
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
