"""Regular expressions compiled when first used: a module that holds many patterns costs nothing
to import for a command that never runs them (``vanban check`` and the finder's sentence patterns)."""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy_compile"]


class _LazyPattern:
    # no __slots__: once compiled, the pattern's methods are put on the instance, so that a hot loop
    # (the finder calls some patterns for every citation) reads a plain attribute, not __getattr__

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its source: a compiled pattern is compiled again when unpickled (the program
        # catalog is cached as a pickle, and its patterns would cost every start)
        return (_LazyPattern, (self._source, self._flags))

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # copy, pickle and friends probing for hooks
            raise AttributeError(name)
        compiled = re.compile(self._source, self._flags)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)


_METHODS = ("match", "fullmatch", "search", "finditer", "findall", "sub", "subn", "split", "pattern", "flags",
            "groups", "groupindex")


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, done on the first use of the pattern."""
    return cast("re.Pattern[str]", _LazyPattern(source, flags))
