"""Safety of the registry's text (VB107): characters that change how text is shown.

A right-to-left override in a title reverses the rest of every message that quotes it; ESC and
the other control characters (written in YAML as ``"\\e"``, ``"\\x1b"``, ``"\\u202e"``) start
terminal escape sequences. vanban always shows them escaped (:func:`vanban.base.safety.display`);
this rule says where they are so the clerk can remove them. Every text of every document,
issuer and the locality is looked at, whatever ``--period``: one finding per field.
"""

from __future__ import annotations

import operator
from typing import Any, Callable, Iterator

import attrs

from ...base.safety import UNSAFE as _UNSAFE, display, unsafe_characters
from ..context import CheckContext, message
from ..findings import Finding


_NAMES: dict[type, tuple[str, ...]] = {}


def _names(cls: type) -> tuple[str, ...]:
    """The fields of an attrs class that may hold text (looked up once per class: a rule that runs
    over 100,000 documents)."""
    names = _NAMES.get(cls)
    if names is None:
        names = _NAMES[cls] = tuple(a.name for a in attrs.fields(cls) if a.name not in ("id", "line"))
    return names


def _texts(value: Any, field: str) -> Iterator[tuple[str, str]]:
    """(field, text) for every text in *value*: a string, a list of them, or an attrs model."""
    if isinstance(value, str):
        yield field, value
    elif isinstance(value, (tuple, list)):
        for index, item in enumerate(value):
            yield from _texts(item, f"{field}[{index}]")
    elif value is not None and not isinstance(value, (int, float)) and attrs.has(type(value)):
        for name in _names(type(value)):
            yield from _texts(getattr(value, name), f"{field}.{name}" if field else name)


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """The values of a class's text fields in one call (operator.attrgetter, built once per class)."""
    getter = _GETTERS.get(cls)
    if getter is None:
        names = _names(cls)
        if len(names) > 1:
            getter = operator.attrgetter(*names)
        else:
            getter = lambda value: tuple(getattr(value, name) for name in names)  # noqa: E731
        _GETTERS[cls] = getter
    return getter


_GETTERS: dict[type, Callable[[Any], tuple[Any, ...]]] = {}


def _any_unsafe(value: Any) -> bool:
    """Whether any text in *value* has a character to flag: the cheap walk every document gets
    (its texts gathered without recursion or field paths, then one search over them joined by line
    feeds, which are not flagged); the walk that names the fields runs only where this says yes."""
    texts: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            texts.append(item)
        elif kind is tuple or kind is list:
            stack.extend(item)
        elif item is not None and kind is not int and kind is not float and attrs.has(kind):
            stack.extend(_getter(kind)(item))
    return _UNSAFE.search("\n".join(texts)) is not None


def _findings(ctx: CheckContext, owner: Any, where: str, doc: Any = None) -> Iterator[Finding]:
    if not _any_unsafe(owner):
        return
    for field, text in _texts(owner, ""):
        found = unsafe_characters(text)
        if not found:
            continue
        index, code, name = found[0]
        start = max(0, index - 30)
        shown = ("…" if start else "") + display(text[start : index + 30]) + ("…" if index + 30 < len(text) else "")
        yield ctx.report(
            doc, "unsafe-character",
            {"field": f"{where}{field}", "code": code, "name": name, "shown": shown, "count": len(found)},
            suggestion=message("suggest-remove-character", escape=display(text[index])),
            data={"field": f"{where}{field}", "characters": [c for _, c, _ in found]},
        )


def unsafe_character(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    yield from _findings(ctx, registry.locality, "locality.")
    for key in sorted(registry.issuers):
        yield from _findings(ctx, registry.issuers[key], f"issuers.{key}.")
    plain = registry.plain_text_files  # files known to hold no such character: their documents are skipped
    for doc in registry.documents:
        if doc.file not in plain:
            yield from _findings(ctx, doc, "", doc)


IMPLEMENTS = {"VB107": unsafe_character}
