"""The findings of a check of an unchanged registry, read back instead of computed again.

As ruff keeps its diagnostics: an entry is named by what the findings depend on besides the files
— vanban's code (its fingerprint), the registry's path, the day checked (as-of), the period, the
window and the rules selected — and holds the files they were computed from with a digest of each
one's bytes: every file of the registry (for a folder, the list of its files too) and the
locality's own program files. It is used only when every one of those files still has the same
bytes and a folder the same files; anything else is a miss, and the check runs (and its findings
are kept for next time). The cache is never the truth: deleting it changes no result, and an entry
that does not read is a miss (tested). ``VANBAN_NO_CACHE=1`` turns it off.

An entry holds the findings (a pickled :class:`~vanban.check.analysis.CheckReport`, unpickled only
by whoever needs them: ``report``, or ``check`` in a format or language not yet printed), the exit
status for each ``--fail-level``, and each text ``check`` printed from them, by format and language.
A ``check`` that finds its text there prints it: it loads neither the registry's reader, nor the
rules, nor the findings' classes (docs/performance.md, "Start-up").

What a hit spares is everything but reading the files' bytes: parsing, assembling, the rules.
A registry with problems (exit 2) is never kept: its messages come from reading it.
"""

from __future__ import annotations

import datetime as _dt
import os
import pickle
import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import attrs

from ..base.cachedir import MISSING, cache_root, code_fingerprint, content_digest, read_pickle, write_pickle
from ..base.inputfile import InputError, read_limited
from ..registry.locate import registry_files

if TYPE_CHECKING:  # imported where the findings are made or read: a printed text needs neither
    from ..registry import Registry
    from ..registry.model import Period
    from .analysis import CheckReport

__all__ = ["report_key", "KeptFindings", "kept_findings", "cached_report", "remember_report", "KEEP"]

#: the --fail-level values an entry holds the exit status for
FAIL_LEVELS = ("error", "warning", "never")

#: entries kept (the most recently written); older ones are deleted when a new one is written
KEEP = 64

_Sources = tuple[tuple[str, bytes], ...]


def report_key(path: str | Path, as_of: _dt.date, period: Period | None, within: int,
               select: Iterable[str] | None, ignore: Iterable[str] | None) -> str:
    """The name of the entry of a check of the registry at *path* with these settings."""
    # the path as written and the working folder: the findings name files as the path spells them
    parts = (str(path), os.getcwd(), code_fingerprint(), as_of.isoformat(), repr(period), within,
             tuple(select) if select is not None else None, tuple(ignore) if ignore is not None else None)
    return content_digest(repr(parts).encode("utf-8"), 16).hex()


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


@attrs.define
class KeptFindings:
    """An entry whose files are unchanged: the findings, and what was printed from them."""

    path: Path
    listing: tuple[str, ...] | None
    sources: _Sources
    findings: bytes  # a pickled CheckReport, compressed
    exits: dict[str, int]
    outputs: dict[tuple[str, str], bytes]  # compressed UTF-8

    def text(self, fmt: str, lang: str) -> str | None:
        """What ``check --format fmt`` printed in *lang*, when it was printed before (None also when
        what is kept does not read)."""
        kept = self.outputs.get((fmt, lang))
        try:
            return _unpack(kept).decode("utf-8") if kept is not None else None
        except (zlib.error, UnicodeDecodeError):
            return None

    def exit_code(self, fail_level: str) -> int:
        return self.exits[fail_level]

    def report(self) -> CheckReport | None:
        """The findings (None when they do not read: a miss)."""
        from .analysis import CheckReport

        try:
            report = pickle.loads(_unpack(self.findings))
        except Exception:  # noqa: BLE001 - an entry that does not read is a miss
            return None
        return report if isinstance(report, CheckReport) else None

    def keep_text(self, fmt: str, lang: str, text: str) -> None:
        """Keep *text*, printed from these findings, for the next ``check`` in that format and language."""
        self.outputs[(fmt, lang)] = _pack(text.encode("utf-8"))
        write_pickle(self.path, (self.listing, self.sources, self.findings, self.exits, self.outputs))


def kept_findings(key: str, path: str | Path) -> KeptFindings | None:
    """The entry kept under *key*, when every file its findings were computed from is unchanged."""
    entry_path = _entry_path(key)
    if entry_path is None:
        return None
    entry = read_pickle(entry_path)
    if entry is MISSING or not isinstance(entry, tuple) or len(entry) != 5:
        return None
    listing, sources, findings, exits, outputs = entry
    if not (isinstance(findings, bytes) and isinstance(exits, dict) and set(exits) == set(FAIL_LEVELS)
            and all(type(code) is int for code in exits.values()) and isinstance(outputs, dict)
            and all(isinstance(text, bytes) for text in outputs.values())):
        return None  # not an entry this code wrote
    if _listing(Path(path)) != listing or _digests(name for name, _ in sources) != sources:
        return None
    return KeptFindings(entry_path, listing, sources, findings, exits, outputs)


def cached_report(key: str, path: str | Path) -> CheckReport | None:
    """The findings kept under *key*, when every file they were computed from is unchanged."""
    kept = kept_findings(key, path)
    return kept.report() if kept is not None else None


def remember_report(key: str, path: str | Path, registry: Registry, report: CheckReport,
                    texts: dict[tuple[str, str], str] | None = None) -> None:
    """Keep *report*, with the digests of the files *registry* was read from, and *texts* printed
    from it (by format and language)."""
    from ..registry.load import source_digests
    from .analysis import exit_code

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
    exits = {level: exit_code(report, level) for level in FAIL_LEVELS}
    findings = _pack(pickle.dumps(report, protocol=pickle.HIGHEST_PROTOCOL))
    outputs = {key: _pack(text.encode("utf-8")) for key, text in (texts or {}).items()}
    entry = (listing, sources, findings, exits, outputs)
    if write_pickle(entry_path, entry):
        _prune(entry_path.parent)


def _pack(data: bytes) -> bytes:
    # findings and their texts are repetitive: a tenth of the size (2.2 MB → 0.2 MB at 100,000
    # documents), for a few milliseconds; KEEP entries of a national registry stay small
    return zlib.compress(data, 1)


def _unpack(data: bytes) -> bytes:
    return zlib.decompress(data)


def _prune(folder: Path) -> None:
    try:
        entries = sorted(folder.glob("*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink()
    except OSError:
        pass
