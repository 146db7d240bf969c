"""Where vanban keeps what it can rebuild: ``$VANBAN_CACHE_DIR``, else ``$XDG_CACHE_HOME/vanban``,
else ``~/.cache/vanban``; ``VANBAN_NO_CACHE=1`` turns every cache off. A cache is never the truth:
deleting it changes no result, and a file in it that does not read is ignored and rebuilt."""

from __future__ import annotations

import functools
import os
import pickle
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Callable

try:  # what hashlib.blake2b is, without hashlib's OpenSSL set-up (about 1.5 ms of every start)
    from _blake2 import blake2b
except ImportError:  # a Python built without it
    from hashlib import blake2b

__all__ = ["ENV_DIR", "ENV_OFF", "cache_root", "code_fingerprint", "content_digest", "read_pickle", "write_entry",
           "write_pickle"]

#: the first bytes of every pickled entry: a file that does not start with them is not one
_PICKLE_FORMAT = b"vanban-data-1"

ENV_DIR = "VANBAN_CACHE_DIR"
ENV_OFF = "VANBAN_NO_CACHE"


def cache_root() -> Path | None:
    """The cache folder, or None when caching is turned off."""
    if os.environ.get(ENV_OFF, "").strip() not in ("", "0"):
        return None
    base = os.environ.get(ENV_DIR)
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME")
    root = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return root / "vanban"


def content_digest(data: bytes | memoryview, size: int = 20) -> bytes:
    """The key of a file's content (the parsed-file cache's and the findings cache's): BLAKE2b of
    *size* bytes; also the checksum of a cache entry."""
    return blake2b(data, digest_size=size).digest()


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """What the installed code is: every file of the package, its version's included (name, size,
    modification time). A new version, or any change to the code or its data, gives a new
    fingerprint, so no cache entry made by other code is ever read (a pickled class whose fields
    have changed would load wrong)."""
    signature: list[str] = []
    _sign(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "", signature)
    signature.sort()
    data = "\n".join(signature).encode()
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(signature):x}"


def _sign(folder: str, relative: str, out: list[str]) -> None:
    # os.scandir, not Path.rglob: this runs at every start, and rglob costs five times as much
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        try:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    _sign(entry.path, f"{relative}{entry.name}/", out)
            elif entry.name.endswith((".py", ".yaml")):
                stat = entry.stat()
                out.append(f"{relative}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}")
        except OSError:
            continue


def read_pickle(path: Path) -> Any:
    """The value kept at *path* by :func:`write_pickle`, or :data:`MISSING` when there is none or it
    does not read (whatever went wrong: a cache entry is never the truth)."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(_PICKLE_FORMAT)) == _PICKLE_FORMAT:
                return pickle.load(handle)
    except Exception:  # noqa: BLE001 - an entry that does not read is a miss
        pass
    return MISSING


def write_pickle(path: Path, value: Any) -> bool:
    """Keep *value* at *path*, atomically (a temporary file renamed over it); False, and nothing
    left behind, when it cannot be written."""

    def dump(handle: BinaryIO) -> None:
        handle.write(_PICKLE_FORMAT)
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)

    return write_entry(path, dump)


def write_entry(path: Path, dump: Callable[[BinaryIO], object]) -> bool:
    """Write a cache entry at *path* with *dump*, atomically (a temporary file beside it, renamed
    over it): True when written; False, and nothing left behind, when it cannot be (no cache, no harm)."""
    try:
        from .atomic import open_temporary  # here: atomic imports the messages, which read through this module

        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = open_temporary(path.parent, ".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                dump(handle)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except Exception:  # noqa: BLE001 - no cache, no harm
        return False
    return True


#: what read_pickle gives for no entry (None may be a value)
MISSING: Any = object()
