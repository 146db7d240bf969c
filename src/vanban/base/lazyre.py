"""Regular expressions compiled when first used: a module that holds many patterns costs nothing
to import for a command that never runs them (``vanban check`` and the finder's sentence patterns)."""

from __future__ import annotations

import re
from typing import Any, cast

__all__ = ["lazy_compile"]


class _LazyPattern:
    __slots__ = ("_source", "_flags", "_compiled")

    def __init__(self, source: str, flags: int) -> None:
        self._source = source
        self._flags = flags
        self._compiled: re.Pattern[str] | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        # pickled as its source: a compiled pattern is compiled again when unpickled (the program
        # catalog is cached as a pickle, and its patterns would cost every start)
        return (_LazyPattern, (self._source, self._flags))

    def __getattr__(self, name: str) -> Any:
        compiled = self._compiled
        if compiled is None:
            compiled = self._compiled = re.compile(self._source, self._flags)
        return getattr(compiled, name)


def lazy_compile(source: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(source, flags)``, done on the first use of the pattern."""
    return cast("re.Pattern[str]", _LazyPattern(source, flags))
