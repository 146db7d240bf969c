"""attrs' generated methods kept compiled between runs, as Python keeps a module's bytecode.

attrs writes the ``__init__``, ``__eq__``, ``__hash__`` and ``__repr__`` of every class it makes
as Python source and compiles it when the class is created: for vanban's 44 classes on the path
of a ``check`` that is about 11 ms of a start of 90 (docs/performance.md, "Start-up"). attrs has
no cache of its own, so :func:`install` puts one in front of the ``compile`` its ``_make`` module
calls: for a vanban class, the code object is looked up by the exact source attrs generated (and
the name it gives it), and compiled only when it is not there. The store is one ``marshal`` file
in the cache folder per Python version, written by :func:`save` when the command is
done (``cli.run``) and only when something was compiled.

Why this is safe:

- the key is the name attrs gives the code and a digest (BLAKE2b) of the whole source, so a code
  object is only ever reused for the source it was compiled from; a changed class gives another key (and the unused entry is dropped when the
  store is next written);
- one number in that source changes from process to process: the salt attrs puts in a class's
  ``__hash__`` (the hash of a string, randomised per process). It is replaced by 0 in the key, and
  the kept code keeps the salt it was compiled with. That salt only has to be one number per
  class (instances of two classes are never equal: attrs' ``__eq__`` compares the classes first),
  and it is: every instance of the class runs the same code;
- a store that does not read (missing, corrupt, another version's) is an empty one; nothing is
  written when the cache is off (``VANBAN_NO_CACHE``); a failed write is ignored. Deleting it
  changes nothing but the time of the next start;
- the classes of other packages (attrs' own, a library user's) are compiled as attrs does it;
- if a future attrs stops calling ``compile`` through its module, the hook is never called and
  every class is compiled as before (``tests/test_classcode.py`` says so when it happens).

The store holds code objects, which the process runs, as ``__pycache__`` and the pickled cache
entries do: it is as trusted as the cache folder it lives in.
"""

from __future__ import annotations

import marshal
import sys
from importlib import import_module
from pathlib import Path
from types import CodeType
from typing import Any

from .cachedir import cache_root, content_digest, write_entry

__all__ = ["install", "save", "stats"]

#: attrs names the code of a class ``"<attrs generated methods vanban.x.Y>"``; only ours are kept
_OURS = "<attrs generated methods vanban."
#: the per-process salt of a generated ``__hash__`` is the number on the line after this
_HASH_OPEN = "hash((\n"
#: at most this many entries are written: beyond it, only those this process used
_MAX_ENTRIES = 400

_store: dict[tuple[str, bytes], CodeType] | None = None
_used: set[tuple[str, bytes]] = set()
_compiled = 0
_builtin_compile = compile


def _path() -> Path | None:
    root = cache_root()
    if root is None:
        return None
    # the code compiled from a source depends on the source and the Python, not on attrs' version
    return root / "classcode" / f"{sys.implementation.cache_tag}-{sys.hexversion:x}"


def _load() -> dict[tuple[str, bytes], CodeType]:
    path = _path()
    if path is None:
        return {}
    try:
        with open(path, "rb") as handle:
            value = marshal.loads(handle.read())  # at once: marshal.load reads a file in small pieces
    except Exception:  # noqa: BLE001 - a store that does not read is an empty one
        return {}
    if not isinstance(value, dict):
        return {}
    return {key: code for key, code in value.items()
            if isinstance(key, tuple) and len(key) == 2 and isinstance(key[1], bytes) and isinstance(code, CodeType)}


def _key(source: str, filename: str) -> tuple[str, bytes]:
    # the source's digest, not the source: the store is read at every start, and is a third as large
    at = source.find(_HASH_OPEN)
    if at >= 0:
        start = at + len(_HASH_OPEN)
        end = source.find(",", start)
        if end > start and source[start:end].strip().removeprefix("-").isdigit():  # only a number
            source = f"{source[:start]}0{source[end:]}"
    return (filename, content_digest(source.encode("utf-8"), 16))


def _compile(source: Any, filename: Any, mode: Any, *args: Any, **kwargs: Any) -> Any:
    """``compile`` as attrs calls it, answered from the store for vanban's classes."""
    global _store, _compiled
    if args or kwargs or mode != "exec" or not isinstance(source, str) or not isinstance(filename, str) \
            or not filename.startswith(_OURS):
        return _builtin_compile(source, filename, mode, *args, **kwargs)
    if _store is None:
        _store = _load()
    key = _key(source, filename)
    code = _store.get(key)
    if code is None:
        code = _builtin_compile(source, filename, mode)
        _store[key] = code
        _compiled += 1
    _used.add(key)
    return code


def install() -> None:
    """Answer attrs' ``compile`` from the store (idempotent)."""
    make: Any = import_module("attr._make")
    make.compile = _compile


def save() -> None:
    """Write the store if this process compiled anything (atomically; a failure is ignored)."""
    if not _compiled or _store is None:
        return
    path = _path()
    if path is None:
        return
    entries = _store if len(_store) <= _MAX_ENTRIES else {key: _store[key] for key in _used}
    write_entry(path, lambda handle: marshal.dump(entries, handle))  # not written: the next start compiles


def stats() -> tuple[int, int]:
    """(classes' code compiled by this process, taken from the store): for the tests and benchmarks."""
    return _compiled, len(_used) - _compiled
