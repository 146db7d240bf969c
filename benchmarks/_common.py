"""What every benchmark records about where it ran (imported by the scripts in this folder)."""

from __future__ import annotations

import datetime as _dt
import os
import platform
import subprocess
import time
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

if TYPE_CHECKING:
    from vanban.registry.core import Registry

T = TypeVar("T")

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"


def _git(*args: str) -> str | None:
    try:
        done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def environment() -> dict[str, object]:
    """Machine, Python and source state, for the JSON results."""
    import vanban

    dirty = _git("status", "--porcelain", "--", "src")
    return {
        "when": _dt.datetime.now().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "vanban": vanban.__version__,
        "git_commit": _git("rev-parse", "--short", "HEAD"),
        "src_modified": bool(dirty) if dirty is not None else None,
    }


def best(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """The shortest of *repeat* timed runs (noise only ever adds time), and the last result."""
    times: list[float] = []
    result: T
    for _ in range(max(1, repeat)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def bundled_copies(n: int) -> "Registry":
    """The bundled registry's documents copied with new numbers until there are *n*, every relation
    pointing into its own copy: the same links, deadlines and findings at any size, in memory.
    (Used by the benchmarks and by the tests that check a page at a province's scale.)"""
    import attrs

    from vanban.registry import load_registry
    from vanban.registry.core import Registry
    from vanban.registry.model import Relation, document_id

    base = load_registry(ROOT / "data" / "registry.yaml")
    docs = []
    copy = 0
    while len(docs) < n:
        ids: dict[str, str] = {}
        batch = []
        for d in base.documents:
            number = f"{copy}{d.number}" if copy else d.number
            year = d.year if d.year is not None else (d.date.year if d.date else None)
            ids[d.id] = document_id(d.issuer, year, number, d.symbol)
            batch.append((d, number))
        for d, number in batch:
            new_id = ids[d.id]
            relations = tuple(Relation(r.type, new_id, ids.get(r.target, r.target)) for r in d.relations)
            docs.append(attrs.evolve(d, number=number, id=new_id, relations=relations))
        copy += 1
    return Registry(path=None, locality=base.locality, issuers=base.issuers, documents=docs[:n], programs=base.programs)
