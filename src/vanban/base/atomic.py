"""Atomic file writes: a temporary file in the same folder, then one rename."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path

__all__ = ["write_atomic"]


def write_atomic(path: str | Path, data: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never half.

    The temporary file lives beside the target (a rename across file systems is not atomic),
    is flushed to disk before the rename, and keeps the old file's permissions.
    """
    path = Path(path)
    if not path.parent.is_dir():  # say so about the target, not about a temporary name
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(path.parent))
    payload = data.encode(encoding) if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        except FileNotFoundError:
            os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
