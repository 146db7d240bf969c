"""The findings of a check of an unchanged registry, read back instead of computed again.

As ruff keeps its diagnostics: an entry is named by what the findings depend on besides the files
— vanban's code (its fingerprint), the registry's path, the day checked (as-of), the period, the
window and the rules selected — and holds the files they were computed from with a digest of each
one's bytes: every file of the registry (for a folder, the list of its files too) and the
locality's own program files. It is used only when every one of those files still has the same
bytes and a folder the same files; anything else is a miss, and the check runs (and its findings
are kept for next time). The cache is never the truth: deleting it changes no result, and an entry
that does not read is a miss (tested). ``VANBAN_NO_CACHE=1`` turns it off.

What a hit spares is everything but reading the files' bytes: parsing, assembling, the rules.
A registry with problems (exit 2) is never kept: its messages come from reading it.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
from pathlib import Path
from typing import Iterable

from ..base.cachedir import MISSING, cache_root, code_fingerprint, read_pickle, write_pickle
from ..base.inputfile import InputError, read_limited
from ..registry import Registry
from ..registry.cache import content_digest
from ..registry.folder import registry_files
from ..registry.load import source_digests
from ..registry.model import Period
from .analysis import CheckReport

__all__ = ["report_key", "cached_report", "remember_report", "KEEP"]

#: entries kept (the most recently written); older ones are deleted when a new one is written
KEEP = 64

_Sources = tuple[tuple[str, bytes], ...]


def report_key(path: str | Path, as_of: _dt.date, period: Period | None, within: int,
               select: Iterable[str] | None, ignore: Iterable[str] | None) -> str:
    """The name of the entry of a check of the registry at *path* with these settings."""
    # the path as written and the working folder: the findings name files as the path spells them
    parts = (str(path), os.getcwd(), code_fingerprint(), as_of.isoformat(), repr(period), within,
             tuple(select) if select is not None else None, tuple(ignore) if ignore is not None else None)
    return hashlib.blake2b(repr(parts).encode("utf-8"), digest_size=16).hexdigest()


def _entry_path(key: str) -> Path | None:
    root = cache_root()
    return root / "reports" / f"{key}.pickle" if root is not None else None


def _digests(files: Iterable[str]) -> _Sources | None:
    """Each file's digest, read as the load reads it (bounded: a FIFO or a device is not waited on);
    None when one cannot be read (a miss: the check then says what is wrong with it)."""
    out = []
    for name in files:
        try:
            out.append((name, content_digest(read_limited(name))))
        except (InputError, OSError):
            return None
    return tuple(out)


def _listing(path: Path) -> tuple[str, ...] | None:
    return tuple(str(f) for f in registry_files(path)) if path.is_dir() else None


def cached_report(key: str, path: str | Path) -> CheckReport | None:
    """The findings kept under *key*, when every file they were computed from is unchanged."""
    entry_path = _entry_path(key)
    if entry_path is None:
        return None
    entry = read_pickle(entry_path)
    if entry is MISSING or not isinstance(entry, tuple) or len(entry) != 3:
        return None
    listing, sources, report = entry
    if not isinstance(report, CheckReport) or _listing(Path(path)) != listing:
        return None
    if _digests(name for name, _ in sources) != sources:
        return None
    return report


def remember_report(key: str, path: str | Path, registry: Registry, report: CheckReport) -> None:
    """Keep *report*, with the digests of the files *registry* was read from."""
    entry_path = _entry_path(key)
    if entry_path is None:
        return
    target = Path(path)
    listing = _listing(target)
    files = list(listing) if listing is not None else [os.fspath(path)]  # every file of a folder, parts or not
    # the digests the load took: the files as the findings saw them, even if one changes meanwhile
    read = source_digests(registry)
    if any(name not in read for name in files):
        return  # (not loaded from these files)
    programs = _digests(p.source for p in registry.programs.values() if p.source is not None)
    if programs is None:
        return
    sources = tuple((name, read[name]) for name in files) + programs
    if write_pickle(entry_path, (listing, sources, report)):
        _prune(entry_path.parent)


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass
