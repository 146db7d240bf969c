"""Python's cyclic garbage collector, kept out of work that makes many objects and no cycle.

- :func:`collector_paused`: off for a block, restored after (reading a registry: millions of
  objects, no cycle; the collector's passes over them doubled the time).
- :func:`for_a_command`: what the ``vanban`` script sets before it imports anything else. A
  command is one short process whose modules, classes and registry live until it ends; with the
  default thresholds (700, 10, 10) the collector walks them again and again while they are made —
  about 5 ms of the 70 ms a computed ``check`` of the bundled registry costs (docs/performance.md,
  "Start-up"). A young collection every 50,000 allocations instead of every 700 still frees
  whatever cycle a command leaves; mypy's command does the same (``gc.set_threshold``). A library
  caller's process is left as it is.
"""

from __future__ import annotations

import contextlib
import gc
from typing import Iterator

__all__ = ["COMMAND_THRESHOLDS", "collector_paused", "for_a_command"]

#: the collector's thresholds for a ``vanban`` command (Python's default: 700, 10, 10)
COMMAND_THRESHOLDS = (50_000, 50, 50)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """The cyclic collector off for the block, and on again after it if it was on before."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def for_a_command() -> None:
    """Set the collector's thresholds for a command's process (see the module's text)."""
    gc.set_threshold(*COMMAND_THRESHOLDS)
