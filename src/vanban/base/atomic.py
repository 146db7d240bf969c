"""Writing files without breaking them: atomic replacement, one writer at a time, inputs kept.

- **Atomic.** :func:`write_atomic` writes a temporary file beside the target (a rename across
  file systems is not atomic), flushes it to disk, gives it the old file's permissions (and its
  owner, when the system allows), renames it over the target and flushes the folder. A reader —
  or a process killed half-way — sees the old file or the new one, never half of one; the
  temporary file is removed when anything fails.
- **What the path is.** A symbolic link is followed: its target is replaced and the link stays a
  link. A read-only file is refused (:class:`WriteError` ``io.read-only``), so is a folder. A
  device or a FIFO (``-o /dev/stdout``) is written to as it is, not replaced. Where the owner
  (a file of another user) or the other names of a hard-linked file cannot be kept, the write
  happens and a :class:`WriteWarning` says so.
- **Inputs are not outputs.** Inside :func:`guard_inputs` (each ``vanban`` command runs in one),
  every file read as input is noted (:func:`note_input`) and :func:`write_atomic` refuses to
  write over one (``io.output-is-input``) — ``report -o data/registry.yaml`` does not destroy
  the registry — unless the writer says it replaces that input on purpose (``allow_input``, the
  registry's own save).
- **One writer at a time.** :func:`file_lock` holds an exclusive lock on a lock file beside the
  target (``.registry.yaml.lock``), with ``fcntl.flock`` on POSIX and ``msvcrt.locking`` on
  Windows — the standard library, no dependency. The lock file is removed when the lock is
  released; a waiter that locked a removed file notices (its inode is no longer the path's) and
  takes the new one. A process that dies releases its lock with it.
"""

from __future__ import annotations

import contextlib
import contextvars
import errno
import os
import stat
import sys
import time
import warnings
from pathlib import Path
from typing import Any, Iterator

from .errors import VanbanError
from .messages import DEFAULT_LANG, Message
from .safety import require, require_path

__all__ = [
    "write_atomic", "WriteError", "WriteWarning", "file_lock", "LOCK_TIMEOUT", "lock_path", "real_target",
    "guard_inputs", "note_input", "is_input", "check_writable",
]

#: Seconds a writer waits for another to finish before giving up (``io.locked``).
LOCK_TIMEOUT = float(os.environ.get("VANBAN_LOCK_TIMEOUT", "60"))


class WriteError(VanbanError):
    """A file vanban will not write: read-only, an input of the command, locked too long."""


class WriteWarning(UserWarning):
    """A write that happened, with something the user should know (owner or hard links not kept).

    :attr:`message` is the catalog message; ``str()`` is its Vietnamese text.
    """

    def __init__(self, msg_id: str, /, **params: Any) -> None:
        self.message = Message(msg_id, params)
        super().__init__(msg_id)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return self.message.render(lang)

    def __str__(self) -> str:
        return self.render()


# --- inputs -------------------------------------------------------------------------------------------
_INPUTS: contextvars.ContextVar[set[tuple[int, int] | str] | None] = contextvars.ContextVar("vanban_inputs",
                                                                                           default=None)


def _identities(path: str) -> set[tuple[int, int] | str]:
    out: set[tuple[int, int] | str] = {os.path.realpath(path)}
    try:
        info = os.stat(path)
    except OSError:
        return out
    if stat.S_ISREG(info.st_mode):
        out.add((info.st_dev, info.st_ino))
    return out


@contextlib.contextmanager
def guard_inputs() -> Iterator[None]:
    """Within this block, files noted as inputs are not written over by :func:`write_atomic`."""
    token = _INPUTS.set(set())
    try:
        yield
    finally:
        _INPUTS.reset(token)


def note_input(path: str | os.PathLike[str]) -> None:
    """Note *path* as an input of the current :func:`guard_inputs` block (nothing outside one)."""
    inputs = _INPUTS.get()
    if inputs is not None:
        inputs |= _identities(os.fspath(path))


def is_input(path: str | os.PathLike[str]) -> bool:
    """Whether *path* is (a name of) a file noted as an input."""
    inputs = _INPUTS.get()
    return bool(inputs) and bool(inputs & _identities(os.fspath(path)))  # type: ignore[operator]


# --- the target -----------------------------------------------------------------------------------------
def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to *path* changes: the target of a symbolic link (of a chain of them)."""
    return Path(os.path.realpath(os.fspath(path)))


def _writable(target: Path, info: os.stat_result) -> bool:
    uid = os.geteuid() if hasattr(os, "geteuid") else None
    if uid is None:  # Windows: the read-only attribute is the write bit
        return bool(info.st_mode & stat.S_IWRITE)
    if uid == 0 or info.st_uid == uid:  # root may write anything: honour the owner's bit instead
        return bool(info.st_mode & stat.S_IWUSR)
    return os.access(target, os.W_OK)


def check_writable(path: str | os.PathLike[str]) -> None:
    """WriteError ``io.read-only`` when *path* exists and may not be written; nothing otherwise."""
    target = real_target(path)
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return
    if stat.S_ISREG(info.st_mode) and not _writable(target, info):
        raise WriteError("io.read-only", file=os.fspath(path))


# --- writing ------------------------------------------------------------------------------------------------
def write_atomic(path: str | os.PathLike[str], data: str | bytes, *, encoding: str = "utf-8",
                 allow_input: bool = False) -> None:
    """Write *data* to *path* so that readers see the old file or the new one, never half.

    See the module's documentation for symbolic links, read-only files, devices, owners, hard
    links and inputs. WriteError for a file it will not write; OSError (FileNotFoundError for a
    folder that does not exist, PermissionError …) for one the system does not let it write.
    """
    name = require_path("path", path)
    require("data", data, (str, bytes))
    payload = data.encode(encoding) if isinstance(data, str) else data
    if not allow_input and is_input(name):
        raise WriteError("io.output-is-input", file=name)
    try:
        old: os.stat_result | None = os.stat(name)  # through links
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISDIR(old.st_mode):
        raise IsADirectoryError(errno.EISDIR, os.strerror(errno.EISDIR), name)
    if old is not None and not stat.S_ISREG(old.st_mode):
        with open(name, "wb") as stream:  # a device or a FIFO (-o /dev/stdout): write to it, never replace it
            stream.write(payload)
        return
    target = real_target(name)
    if not target.parent.is_dir():  # say so about the target, not about a temporary name
        raise FileNotFoundError(errno.ENOENT, "no such folder", str(target.parent))
    if old is not None and not _writable(target, old):
        raise WriteError("io.read-only", file=name)
    _replace(target, payload, old, name)


def open_temporary(folder: Path | str, prefix: str, suffix: str = "") -> tuple[int, str]:
    """A new file in *folder* under a name nobody used, open for writing: (descriptor, path).

    What ``tempfile.mkstemp`` does (O_EXCL, mode 0600, links not followed), without importing
    tempfile, shutil and random into every command that writes a cache entry (5 ms of a start).
    """
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(folder, f"{prefix}{os.urandom(6).hex()}{suffix}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:  # another writer drew the same name: draw again
            continue
    raise FileExistsError(errno.EEXIST, "no unused temporary name", str(folder))


def _replace(target: Path, payload: bytes, old: os.stat_result | None, name: str) -> None:
    fd, tmp = open_temporary(target.parent, f".{target.name}.", ".tmp")
    owner_lost = False
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, (old.st_mode & 0o7777) if old is not None else 0o644)
        if old is not None and hasattr(os, "chown"):
            mine = os.stat(tmp)
            if (mine.st_uid, mine.st_gid) != (old.st_uid, old.st_gid):
                try:
                    os.chown(tmp, old.st_uid, old.st_gid)
                except OSError:
                    owner_lost = mine.st_uid != old.st_uid
                    with contextlib.suppress(OSError):  # at least the group, when we belong to it
                        os.chown(tmp, -1, old.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    _sync_folder(target.parent)
    if owner_lost and old is not None:
        warnings.warn(WriteWarning("io.owner-not-kept", file=name, owner=_owner_name(old.st_uid)), stacklevel=3)
    if old is not None and old.st_nlink > 1:
        warnings.warn(WriteWarning("io.hard-links", file=name, count=old.st_nlink), stacklevel=3)


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk (POSIX; a folder cannot be opened on Windows)."""
    if sys.platform == "win32":
        return
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _owner_name(uid: int) -> str:
    try:
        import pwd

        return pwd.getpwuid(uid).pw_name
    except (ImportError, KeyError):
        return str(uid)


# --- locking ----------------------------------------------------------------------------------------------------
def lock_path(path: str | os.PathLike[str]) -> Path:
    """The lock file of *path*: beside the file a write changes (a link's target), hidden."""
    target = real_target(path)
    return target.with_name(f".{target.name}.lock")


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

    _REMOVE_LOCK_FILE = False
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)

    _REMOVE_LOCK_FILE = True


def _same_file(fd: int, path: Path) -> bool:
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    mine = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (mine.st_dev, mine.st_ino)


@contextlib.contextmanager
def file_lock(path: str | os.PathLike[str], *, timeout: float | None = None) -> Iterator[Path]:
    """Hold the exclusive lock of *path* (see :func:`lock_path`) for the ``with`` block.

    Waits up to *timeout* seconds (:data:`LOCK_TIMEOUT`) for another writer, then raises
    WriteError ``io.locked``. Yields the lock file's path.
    """
    name = require_path("path", path)
    lock = lock_path(name)
    wait = LOCK_TIMEOUT if timeout is None else timeout
    deadline = time.monotonic() + wait
    pause = 0.005
    while True:
        fd = os.open(lock, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            if _try_lock(fd):
                if _same_file(fd, lock):
                    break
                _unlock(fd)  # locked a lock file its holder had removed: take the new one
                os.close(fd)
                continue
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)
        if time.monotonic() >= deadline:
            raise WriteError("io.locked", file=name, lock=str(lock), seconds=f"{wait:g}")
        import random

        time.sleep(pause * (0.5 + random.random()))
        pause = min(pause * 1.5, 0.1)
    try:
        yield lock
    finally:
        try:
            if _REMOVE_LOCK_FILE:  # removed while still held: nobody can lock this inode and believe it current
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(lock)
        finally:
            _unlock(fd)
            os.close(fd)
