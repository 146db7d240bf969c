"""A cache of parsed registry files that is never the truth.

What reading one file produced (its :class:`~vanban.registry.parts.Part`) is kept in an SQLite
file in the user's cache folder, keyed by the file's content hash, so that an unchanged file is
not parsed again and a changed one is parsed alone. The key also holds a fingerprint of the code
that reads (the part layout, and the size and time of every file of the installed package, the
one that holds vanban's version included), so a new version never reads an old entry.

Nothing depends on the cache: a miss, a cache that cannot be opened or written, a corrupt or
foreign file, an entry whose checksum does not match — each is a miss, and the file is parsed.
Deleting the cache changes no result (tested).

- Where: ``$VANBAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/vanban``, else ``~/.cache/vanban``; the file
  is ``parts.sqlite``. ``VANBAN_NO_CACHE=1`` turns it off.
- What is stored: the part as :mod:`marshal` data (text, numbers, tuples — no code is run to read
  it, unlike pickle), after a header and a BLAKE2 checksum of it; an entry that fails either is
  ignored. The folder is the user's own; the checksum guards against a damaged file, not an attacker
  who can already write there.
- Growth: entries of another fingerprint are deleted when new ones are written, and entries not
  used for :data:`KEEP_DAYS` days.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterable

from ..base.cachedir import ENV_DIR as _ENV_DIR, ENV_OFF as _ENV_OFF, cache_root, code_fingerprint, content_digest

__all__ = ["PartCache", "cache_path", "fingerprint", "ENV_DIR", "ENV_OFF", "KEEP_DAYS"]

ENV_DIR, ENV_OFF = _ENV_DIR, _ENV_OFF  # the folder and the switch, shared by every cache of vanban
FILE_NAME = "parts.sqlite"
#: PRAGMA application_id of a vanban cache ("vnbn"): another program's SQLite file is not ours
APPLICATION_ID = 0x766E626E
#: PRAGMA user_version: the layout of the tables
SCHEMA = 1
_MAGIC = b"VBPART\x00\x01"
#: entries not used for this many days are deleted
KEEP_DAYS = 60


def cache_path() -> Path | None:
    """The cache file, or None when the cache is turned off."""
    root = cache_root()
    return root / FILE_NAME if root is not None else None


@functools.lru_cache(maxsize=1)
def fingerprint() -> str:
    """What the reading code is: the part layout and the package's code (base.cachedir.code_fingerprint)."""
    from .parts import PART_FORMAT

    return f"{PART_FORMAT}-{SCHEMA}-{code_fingerprint()}"


def _wrap(payload: bytes | memoryview) -> bytes:
    return b"".join((_MAGIC, content_digest(payload, 16), payload))


def _unwrap(blob: object) -> memoryview | None:
    """The payload of a stored entry (a view of it: nothing is copied), or None when the entry is not
    one or its checksum does not match."""
    if not isinstance(blob, bytes) or not blob.startswith(_MAGIC) or len(blob) < len(_MAGIC) + 16:
        return None
    view = memoryview(blob)
    check, payload = view[len(_MAGIC):len(_MAGIC) + 16], view[len(_MAGIC) + 16:]
    return payload if content_digest(payload, 16) == check else None


class PartCache:
    """The cache file, open. Every method swallows the cache's own failures (a miss, nothing
    written): the caller parses instead."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.connection = connection
        self.path = path
        self.fingerprint = fingerprint()
        self.hits = 0
        self.misses = 0

    @classmethod
    def open(cls, path: Path | None = None) -> "PartCache | None":
        """The cache at *path* (default :func:`cache_path`), created when missing; a file that is not
        a vanban cache (corrupt, another program's, an older layout) is replaced. None when the cache
        is off or cannot be used at all."""
        path = path if path is not None else cache_path()
        if path is None:
            return None
        for attempt in (1, 2):
            try:
                path.parent.mkdir(parents=True, exist_ok=True)
                connection = sqlite3.connect(str(path), timeout=2.0, isolation_level=None)
            except (OSError, sqlite3.Error):
                return None
            try:
                if _prepare(connection):
                    return cls(connection, path)
            except sqlite3.Error:
                pass
            connection.close()
            if attempt == 1 and not _remove(path):
                return None
        return None

    def close(self) -> None:
        try:
            self.connection.close()
        except sqlite3.Error:
            pass

    def __enter__(self) -> "PartCache":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, digests: Iterable[bytes]) -> dict[bytes, memoryview]:
        """The stored parts of the contents *digests* that are in the cache (checksums verified)."""
        wanted = list(dict.fromkeys(digests))
        found: dict[bytes, memoryview] = {}
        try:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = self.connection.execute(
                    f"SELECT digest, payload FROM parts WHERE fingerprint = ? AND digest IN ({','.join('?' * len(chunk))})",
                    [self.fingerprint, *chunk]).fetchall()
                for digest, blob in rows:
                    payload = _unwrap(blob)
                    if payload is not None:
                        found[bytes(digest)] = payload
            today = _today()
            hit = list(found)
            for start in range(0, len(hit), 500):
                chunk = hit[start:start + 500]
                self.connection.execute(
                    f"UPDATE parts SET used = ? WHERE used < ? AND fingerprint = ? AND digest IN ({','.join('?' * len(chunk))})",
                    [today, today, self.fingerprint, *chunk])
        except sqlite3.Error:
            return found
        self.hits += len(found)
        self.misses += len(wanted) - len(found)
        return found

    def put(self, items: Iterable[tuple[bytes, bytes | memoryview]]) -> bool:
        """Store each (content digest, part payload); False when nothing could be written."""
        today = _today()
        items = list(items)
        if not items:
            return True
        try:
            self.connection.execute("BEGIN IMMEDIATE")
            try:
                batch: list[tuple[bytes, str, int, bytes]] = []
                size = 0
                for index, (digest, payload) in enumerate(items):  # in batches: a copy of each is made
                    batch.append((digest, self.fingerprint, today, _wrap(payload)))
                    size += len(payload)
                    if size > 32_000_000 or index == len(items) - 1:
                        self.connection.executemany(
                            "INSERT OR REPLACE INTO parts (digest, fingerprint, used, payload) VALUES (?, ?, ?, ?)",
                            batch)
                        batch, size = [], 0
                self.connection.execute("DELETE FROM parts WHERE fingerprint != ? OR used < ?",
                                        (self.fingerprint, today - KEEP_DAYS))
                self.connection.execute("COMMIT")
            except sqlite3.Error:
                self.connection.execute("ROLLBACK")
                raise
        except sqlite3.Error:
            return False
        return True


def _today() -> int:
    return int(time.time() // 86400)


def _prepare(connection: sqlite3.Connection) -> bool:
    """Make *connection*'s database a vanban cache, or say it is not one (False)."""
    app = connection.execute("PRAGMA application_id").fetchone()[0]
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if app == APPLICATION_ID and version == SCHEMA and "parts" in tables:
        return True
    if app != 0 or tables:  # another program's database, or an older layout of ours
        return False
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("CREATE TABLE IF NOT EXISTS parts (digest BLOB NOT NULL, fingerprint TEXT NOT NULL, "
                       "used INTEGER NOT NULL, payload BLOB NOT NULL, PRIMARY KEY (digest, fingerprint))")
    connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    connection.execute(f"PRAGMA user_version = {SCHEMA}")
    connection.execute("COMMIT")
    return True


def _remove(path: Path) -> bool:
    """Delete a cache file that is not one (and SQLite's files beside it); False when it cannot be."""
    try:
        for name in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm"),
                     path.with_name(path.name + "-journal")):
            if name.exists():
                name.unlink()
    except OSError:
        return False
    return True
