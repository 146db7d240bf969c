"""Progress of long work (loading a province's folder, checking 100,000 documents).

The library reports through a :class:`Progress` it is given and never prints; the command line
gives one that draws a line on stderr when stderr is a terminal, and :data:`QUIET` otherwise, so
pipes, files and CI logs stay clean.
"""

from __future__ import annotations

from typing import Protocol

from .messages import Message

__all__ = ["Progress", "Quiet", "QUIET"]


class Progress(Protocol):
    """Something that shows how far a piece of work has come."""

    def start(self, label: Message, total: int | None) -> None:
        """A new piece of work: what it is (a message, shown in the reader's language) and how many steps."""

    def advance(self, steps: int = 1) -> None:
        """*steps* more are done."""

    def finish(self) -> None:
        """The piece of work is over (the line is cleared)."""


class Quiet:
    """Shows nothing: the default everywhere but a terminal."""

    def start(self, label: Message, total: int | None) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass

    def finish(self) -> None:
        pass


QUIET = Quiet()
