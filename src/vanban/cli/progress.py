"""A progress line on stderr for long runs, only when stderr is a terminal (never in a pipe or a log)."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from ..base.messages import Message
from ..base.progress import QUIET, Progress

__all__ = ["TerminalProgress", "progress_for"]


class TerminalProgress:
    """"Đang kiểm tra … 12/17" redrawn in place, at most ten times a second, cleared when done."""

    def __init__(self, stream: TextIO, lang: str, interval: float = 0.1) -> None:
        self.stream = stream
        self.lang = lang
        self.interval = interval
        self.label = ""
        self.total: int | None = None
        self.done = 0
        self._last = 0.0
        self._width = 0

    def start(self, label: Message, total: int | None) -> None:
        self.label, self.total, self.done = label.render(self.lang), total, 0
        self._draw(force=True)

    def advance(self, steps: int = 1) -> None:
        self.done += steps
        self._draw()

    def finish(self) -> None:
        if self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
        self._width = 0

    def _draw(self, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.interval:
            return
        self._last = now
        if self.total:
            filled = int(20 * min(self.done, self.total) / self.total)
            line = f"{self.label} [{'#' * filled}{'.' * (20 - filled)}] {self.done}/{self.total}"
        else:
            line = f"{self.label} {self.done}"
        pad = max(0, self._width - len(line))
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()
        self._width = len(line)


def progress_for(lang: str, stream: TextIO | None = None) -> Progress:
    """A terminal progress line in *lang* when *stream* (default stderr) is a terminal, else nothing."""
    stream = stream or sys.stderr
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return TerminalProgress(stream, lang) if interactive else QUIET
