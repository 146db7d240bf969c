"""The fast read path: compose YAML into nodes with the C parser, keep every node's place.

ruamel's round-trip loader costs about 1.7 ms per document; composing nodes with libyaml
(``CBaseLoader.get_single_node``) costs about 0.1 ms and still gives each node its line and
column, so errors are placed without a second parse. Scalars stay text: the schema, not
YAML's guessing, gives them their type (docs/design.md).
"""

from __future__ import annotations

import io

from ruamel.yaml.error import MarkedYAMLError
from ruamel.yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from .problems import Problem, RegistryError

try:  # libyaml through ruamel.yaml[libyaml]; the pure parser is the fallback
    from ruamel.yaml.cyaml import CBaseLoader as _Loader

    FAST = True
except ImportError:  # pragma: no cover - depends on the installation
    from ruamel.yaml.loader import BaseLoader as _Loader  # type: ignore[assignment]

    FAST = False

__all__ = ["compose", "MappingNode", "ScalarNode", "SequenceNode", "Node", "FAST", "position"]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})


def compose(text: str, filename: str) -> Node | None:
    """Compose *text*; a YAML syntax error becomes a RegistryError placed at its mark."""
    loader = _Loader(io.StringIO(text))
    try:
        return loader.get_single_node()  # type: ignore[no-any-return]
    except MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)
        problem = (exc.problem or exc.context or "").strip()
        raise RegistryError([Problem(filename, line, column, "", "yaml-syntax", {"problem": problem})]) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose:
            dispose()


def position(node: Node) -> tuple[int, int]:
    mark = node.start_mark
    return mark.line + 1, mark.column + 1


def is_null(node: Node) -> bool:
    # libyaml marks a plain scalar with style "" (the pure parser with None); quoted ones keep it text
    return isinstance(node, ScalarNode) and not node.style and node.value in _NULLS
