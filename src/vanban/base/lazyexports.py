"""A package's public names imported when first used (PEP 562), so that importing a package — or
one light module inside it — does not import every module the package re-exports: a ``check``
whose findings are read back never loads the registry's reader (docs/performance.md, "Start-up").

Each package keeps its names for type checkers under ``if TYPE_CHECKING:`` and a map from name to
module; this makes its ``__getattr__`` and ``__dir__``.
"""

from __future__ import annotations

import sys
from importlib import import_module
from typing import Any, Callable, Mapping

__all__ = ["lazy_exports"]


def lazy_exports(package: str, where: Mapping[str, str]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for *package*, whose public name *n* lives in the module
    ``where[n]`` (relative to the package: ``"core"``, ``"check.verify"``)."""

    def __getattr__(name: str) -> Any:
        module = where.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        value = getattr(import_module(f".{module}", package), name)
        setattr(sys.modules[package], name, value)  # the next look-up is a plain one
        return value

    def __dir__() -> list[str]:
        return sorted({*vars(sys.modules[package]), *where})

    return __getattr__, __dir__
