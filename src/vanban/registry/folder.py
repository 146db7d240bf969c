"""A registry that is a folder of YAML files, and the one way to load a registry file or folder.

A province keeps its communes' registries side by side: one file per commune, shared issuers in
one or several files, the province's own documents in another (docs/registry.md, "A registry in a
folder"). Every ``*.yaml`` / ``*.yml`` file under the folder is a part of the registry (hidden files
and folders, and the program files the locality names, are not); exactly one file has
``locality:``; references and issuers cross files; every problem names its own file, line and
column.

:func:`load_registry_any` loads a file or a folder the same way:

- each file is read on its own into a part (:mod:`vanban.registry.parts`) and its node tree
  dropped; an unchanged file's part comes from the cache (:mod:`vanban.registry.cache`) instead;
- files not in the cache are parsed in worker processes when there is enough to parse and more
  than one core (docs/performance.md says when it pays);
- the parts are assembled into one Registry (:mod:`vanban.registry.assemble`);
- Python's cyclic garbage collector is kept out of all this (the load makes millions of objects
  and no cycle); its state is restored afterwards.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Any, Iterator, List, Sequence, Tuple, Union

from ..base.cachedir import content_digest
from ..base.collector import collector_paused
from ..base.errors import Problem, ProblemsError, VanbanError
from ..base.messages import Message
from ..base.progress import QUIET, Progress
from ..base.yamlread import MAPPING, SCALAR, SEQUENCE
from .assemble import assemble
from .cache import PartCache
from .core import Registry
from .load import _SOURCES, RegistryError, read_registry_file
from .locate import registry_files
from .parts import Part, decode_tree, read_part

__all__ = ["load_registry_any", "is_folder_registry", "FolderWriteError", "writable_file",
           "PARALLEL_MIN_BYTES", "ENV_JOBS", "FREEZE_MIN"]

#: files to parse must add up to this many bytes before worker processes are started (on 2 idle
#: cores a forked worker already pays at 0.5 MB: docs/performance.md, "Scale")
PARALLEL_MIN_BYTES = 1_000_000
#: ``VANBAN_JOBS=N``: at most N worker processes (1: none)
ENV_JOBS = "VANBAN_JOBS"
#: a registry of this many documents is frozen out of the collector's sight when asked (``freeze``)
FREEZE_MIN = 20_000


class FolderWriteError(VanbanError):
    """A write (add, merge, import) asked of a registry that is a folder."""


def is_folder_registry(registry: Registry) -> bool:
    """Whether *registry* was loaded from a folder of files."""
    return bool(registry.files)


def writable_file(registry: Registry, issuer: str | None = None) -> None:
    """Refuse (FolderWriteError) a write to a registry that is a folder, naming the file that keeps
    most of *issuer*'s documents (else the locality's file) — the file to add the entry to."""
    if not is_folder_registry(registry):
        return
    counts: dict[str, int] = {}
    if issuer is not None:
        for doc in registry.documents:
            if doc.file and doc.issuer == issuer:
                counts[doc.file] = counts.get(doc.file, 0) + 1
    target = min(counts, key=lambda f: (-counts[f], f)) if counts else registry.locality_file
    raise FolderWriteError("folder.read-only", folder=str(registry.path), file=target or str(registry.path),
                           count=len(registry.files))


def load_registry_any(path: str | Path, *, lenient_references: bool = False, cache: bool = True,
                      jobs: int | None = None, freeze: bool = False, progress: Progress = QUIET) -> Registry:
    """Load and validate the registry at *path*, a file or a folder of files; raise RegistryError
    listing every problem of every file.

    *cache*: use the cache of parsed files (unless ``VANBAN_NO_CACHE`` is set). *jobs*: at most this
    many worker processes (default: ``$VANBAN_JOBS``, else the number of cores). *freeze*: when the
    registry is large (:data:`FREEZE_MIN` documents), move everything loaded out of the garbage
    collector's sight for good (``gc.freeze``), so that the checks that follow do not walk it again
    and again — for a command that loads once and then only reads; a library caller keeps the default.
    *progress* is told of each file of a folder as it is read (the command line draws it on a terminal).
    """
    from ..base.safety import require, require_path

    name = require_path("path", path)
    require("lenient_references", lenient_references, bool)
    target = Path(name)
    with collector_paused(), _open_cache(cache) as store:
        if target.is_dir():
            registry = _load_folder(target, lenient_references, store, jobs, progress)
        else:
            registry = _load_file(target, name, lenient_references, store)
    if freeze and len(registry) >= FREEZE_MIN:
        gc.freeze()
    return registry


class _NoCache:
    def get(self, digests: Any) -> dict[bytes, memoryview]:
        return {}

    def put(self, items: Any) -> bool:
        return False

    def __enter__(self) -> "_NoCache":
        return self

    def __exit__(self, *exc: object) -> None:
        return None


def _open_cache(enabled: bool) -> Any:
    store = PartCache.open() if enabled else None
    return store if store is not None else _NoCache()


def _load_file(path: Path, name: str, lenient: bool, store: Any) -> Registry:
    data, text = read_registry_file(path)
    digest = content_digest(data)
    cached = store.get([digest]).get(digest)
    part = _from_cache(cached, name)
    if part is None:
        part = read_part(text, name, RegistryError)
        store.put([(digest, part.to_bytes())])
    del text
    registry = assemble([part], path=path, lenient_references=lenient, error_class=RegistryError)
    _SOURCES[registry] = {name: digest}
    return registry


def cached_part(data: bytes, name: str) -> Part | None:
    """The part of a file whose bytes are *data*, from the cache of parsed files; None when the cache
    is off or does not hold it."""
    with _open_cache(True) as store:
        digest = content_digest(data)
        return _from_cache(store.get([digest]).get(digest), name)


def remember_part(data: bytes, part: Part) -> None:
    """Keep *part* in the cache as the part of a file whose bytes are *data* (the edit path knows
    the part of what it writes: the next command reads the file from the cache)."""
    with _open_cache(True) as store:
        store.put([(content_digest(data), part.to_bytes())])


def _from_cache(payload: bytes | memoryview | None, name: str) -> Part | None:
    if payload is None:
        return None
    try:
        return Part.from_bytes(payload, name)
    except ValueError:
        return None


def _load_folder(folder: Path, lenient: bool, store: Any, jobs: int | None, progress: Progress) -> Registry:
    files = registry_files(folder)
    if not files:
        raise RegistryError([Problem(str(folder), 0, 0, "", "folder.empty", {"folder": str(folder)})])
    progress.start(Message("progress.load"), len(files))
    try:
        return _load_files(folder, files, lenient, store, jobs, progress)
    finally:
        progress.finish()


def _load_files(folder: Path, files: list[Path], lenient: bool, store: Any, jobs: int | None,
                progress: Progress) -> Registry:
    problems: list[Problem] = []
    digests: dict[str, bytes] = {}
    sizes: dict[str, int] = {}
    for file in files:
        try:
            data, _ = read_registry_file(file)
        except RegistryError as exc:
            problems.extend(exc.problems)
            continue
        digests[str(file)] = content_digest(data)
        sizes[str(file)] = len(data)
    cached = store.get(digests.values())
    parts: dict[str, Part] = {}
    missing = []
    for name, digest in digests.items():
        part = _from_cache(cached.get(digest), name)
        if part is None:
            missing.append(name)
        else:
            parts[name] = part
    progress.advance(len(files) - len(missing))  # from the cache, or unreadable
    fresh: list[tuple[bytes, bytes]] = []
    for name, outcome in _parse_all(missing, sum(sizes[n] for n in missing), jobs):
        progress.advance()
        if isinstance(outcome, list):
            problems.extend(outcome)
            continue
        digest, payload = outcome
        parts[name] = Part.from_bytes(payload, name)  # compact until assembled (its documents read then)
        fresh.append((digest, payload))
    store.put(fresh)
    del fresh, cached  # the parts hold what is needed, compactly
    ordered = [parts.pop(str(f)) for f in files if str(f) in parts]
    ordered = _without_program_files(ordered)
    try:
        registry = assemble(ordered, path=folder, lenient_references=lenient, folder=True, error_class=RegistryError,
                            release=True)
    except RegistryError as exc:
        raise RegistryError([*problems, *exc.problems]) from None
    if problems:
        raise RegistryError(problems)
    registry.files = tuple(p.file for p in ordered)
    _SOURCES[registry] = digests
    registry.locality_file = next((p.file for p in ordered if p.locality is not None), None)
    return registry


def _without_program_files(parts: list[Part]) -> list[Part]:
    """The parts less the program files the locality names (they sit in the folder, but are programs)."""
    holders = [p for p in parts if p.locality is not None]
    if not holders or holders[0].locality is None:
        return parts
    base = Path(holders[0].file).parent
    programs = set()
    for value in _locality_programs(holders[0].locality):
        if value.endswith((".yaml", ".yml")) or "/" in value:
            candidate = Path(value) if Path(value).is_absolute() else base / value
            programs.add(os.path.normpath(candidate))
    return [p for p in parts if os.path.normpath(p.file) not in programs]


def _locality_programs(tree: tuple[Any, ...]) -> Iterator[str]:
    node = decode_tree(tree)
    if node.id != MAPPING:
        return
    for key_node, value in node.value:
        if key_node.id == SCALAR and key_node.value == "programs":
            items = value.value if value.id == SEQUENCE else [value]
            for item in items:
                if item.id == SCALAR and item.value.strip():
                    yield item.value.strip()


# --- parsing, in worker processes when it pays ----------------------------------------------------------------
def _parse_one(name: str) -> tuple[bytes, bytes] | list[Problem]:
    """(content digest, part payload) of one file, or the problems that stop reading it."""
    try:
        data, text = read_registry_file(Path(name))
        part = read_part(text, name, RegistryError)
        return content_digest(data), part.to_bytes()
    except ProblemsError as exc:
        return list(exc.problems)
    finally:
        # the YAML loader is a small reference cycle; with the collector off for the load, one per
        # file would pile up in a folder of thousands: a young collection, now that the file's nodes
        # and records are gone, has little left to look at
        gc.collect(0)


def _parse_chunk(names: Sequence[str]) -> list[tuple[bytes, bytes] | list[Problem]]:
    gc.disable()
    return [_parse_one(name) for name in names]


def _jobs(jobs: int | None) -> int:
    if jobs is None:
        written = os.environ.get(ENV_JOBS, "").strip()
        jobs = int(written) if written.isdigit() else 0
    if jobs <= 0:
        count = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
        jobs = count
    return max(1, jobs)


Outcome = Union[Tuple[bytes, bytes], List[Problem]]


def _parse_all(names: list[str], size: int, jobs: int | None) -> Iterator[tuple[str, Outcome]]:
    """Each file of *names* parsed, in order: (content digest, part payload), or its problems.

    In this process, or — when the files add up to :data:`PARALLEL_MIN_BYTES` and there is more than
    one core — also in worker processes (forked, so that nothing is imported again): the files are
    cut into chunks handed to the workers from the front, and this process parses chunks from the
    back until it meets them (a chunk no worker has started is taken back), so that no core waits."""
    workers = min(_jobs(jobs), len(names))
    context = None
    if workers > 1 and size >= PARALLEL_MIN_BYTES and sys.platform != "win32":
        import multiprocessing

        try:
            context = multiprocessing.get_context("fork")
        except ValueError:  # pragma: no cover - a platform without fork
            context = None
    if context is None:
        for name in names:
            yield name, _parse_one(name)
        return
    chunks: list[list[str]] = []
    current: list[str] = []
    weight = 0
    budget = min(1_000_000, max(1, size // (workers * 8)))
    for name in names:
        current.append(name)
        weight += os.path.getsize(name) if os.path.exists(name) else 0
        if weight >= budget:
            chunks.append(current)
            current, weight = [], 0
    if current:
        chunks.append(current)
    from concurrent.futures import ProcessPoolExecutor  # only when there is enough to parse in parallel

    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        futures = [pool.submit(_parse_chunk, chunk) for chunk in chunks]
        mine: dict[int, list[Outcome]] = {}
        for index in range(len(chunks) - 1, -1, -1):
            if not futures[index].cancel():
                break  # a worker has it already: the rest are theirs
            mine[index] = [_parse_one(name) for name in chunks[index]]
        for index, chunk in enumerate(chunks):
            results: list[Any] = mine[index] if index in mine else futures[index].result()
            yield from zip(chunk, results)
