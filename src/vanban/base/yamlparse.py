"""Composing YAML with libyaml: the nodes every typed read starts from, within the limits.

``CBaseLoader.get_single_node`` (from ``ruamel.yaml[libyaml]``) costs about a tenth of ruamel's
round-trip load and still gives each node its line and column, so errors are placed without a
second parse. This module is imported only when a file is parsed (:func:`vanban.base.yamlread.compose`):
a start whose files all come from the cache never imports ruamel.yaml.
"""

from __future__ import annotations

import io
import re
from typing import Any, cast

from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import MappingEndEvent, MappingStartEvent, SequenceEndEvent, SequenceStartEvent, StreamEndEvent
from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

from .errors import Problem, ProblemsError
from .yamlread import ALIAS_FLOOR, ALIAS_RATIO, MAX_DEPTH, Node, position, reader_says

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
        # ruamel's nodes: each has the id, value, start_mark and style a Node has
        root = cast("Node | None", loader.get_single_node())
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
