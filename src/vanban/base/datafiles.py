"""The package's own data files (``vanban/data/*.yaml``), read by the one typed reader.

Each data file has a small schema function in the module that owns it (kinds in
:mod:`vanban.cite.kinds`, programs in :mod:`vanban.programs.load`, rules in
:mod:`vanban.base.rules`, default requirements in :mod:`vanban.check.requirements`); all of
them read nodes through :class:`~vanban.base.yamlread.TypedReader`, so a broken data file is
reported with file:line:column, like a broken registry, as a :class:`DataFileError`.
"""

from __future__ import annotations

import zlib
from pathlib import Path
from typing import TYPE_CHECKING, Callable, TypeVar

from .cachedir import MISSING, cache_root, code_fingerprint, read_pickle, write_pickle
from .errors import DataFileError

if TYPE_CHECKING:  # the YAML reader is imported only when a data file is parsed (not read from the cache)
    from importlib.abc import Traversable

    from .yamlread import Node, TypedReader

#: the package's data folder, when the package is files on disk (as pip installs it, editable or not)
_DATA = Path(__file__).resolve().parent.parent / "data"

__all__ = ["data_path", "read_data_file", "read_messages", "cached_data"]

T = TypeVar("T")


def data_path(*parts: str) -> Traversable:
    """``vanban/data/<parts>`` inside the installed package."""
    if _DATA.is_dir():  # importlib.resources costs more to import than the rest of a cached start-up
        return _DATA.joinpath(*parts)
    from importlib import resources  # a package inside a zip file

    return resources.files("vanban").joinpath("data", *parts)


def read_data_file(*parts: str) -> tuple[Node, TypedReader]:
    """The root node of a package data file and a reader that places problems in it."""
    from .yamlread import TypedReader, compose

    name = "/".join(("vanban", "data", *parts))
    node = compose(data_path(*parts).read_text(encoding="utf-8"), name, DataFileError)
    reader = TypedReader(name, DataFileError)
    if node is None:
        reader.error(None, "", "expected-mapping")
        reader.raise_if_problems()
    assert node is not None
    return node, reader


def read_messages() -> dict[str, dict[str, str]]:
    """``data/messages.yaml`` as dotted id → {"vi": …, "en": …}; every id must have both languages.

    Its problems are rendered without the catalog (the catalog is what failed), in English.
    """
    root, reader = read_data_file("messages.yaml")
    catalog: dict[str, dict[str, str]] = {}
    sections = reader.mapping(root, "", None)
    for section in sections:
        ids = reader.mapping(sections.get(section), section, None)
        for msg_id in ids:
            where = f"{section}.{msg_id}"
            entry = reader.mapping(ids.get(msg_id), where, ("vi", "en"))
            # not stripped: a template may start with a space (" (đến {date})")
            texts = {lang: reader.text(entry.get(lang), f"{where}.{lang}", strip=False) for lang in ("vi", "en")}
            missing = [lang for lang, value in texts.items() if not value]
            for lang in missing:
                reader.error(ids.get(msg_id), where, "missing-field", field=lang)
            if not missing:
                catalog[where] = {lang: str(value) for lang, value in texts.items()}
    if reader.problems:
        lines = [f"{p.location}: {p.field}: {p.msg_id} {p.params}" for p in reader.problems]
        raise RuntimeError("vanban/data/messages.yaml is broken:\n" + "\n".join(lines))
    return catalog


def cached_data(name: str, build: Callable[[], T]) -> T:
    """What *build* makes of the package data file *name* ("messages.yaml"), from the cache when the
    file's bytes are the ones it was made from: every command starts by reading the message catalog
    and the rule catalog, and their parsed form loads in a millisecond (docs/performance.md,
    "Start-up"). The cache is never the truth: a missing, unreadable or foreign entry is rebuilt,
    and any failure to write one is ignored."""
    root = cache_root()
    if root is None:
        return build()
    try:
        data = data_path(name).read_bytes()
    except OSError:
        return build()
    # named by the bytes it was made from (two checksums and the length: cheap to import and compute,
    # and a changed file never meets its old entry) and by the code that made it
    digest = f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}{len(data):x}-{code_fingerprint()}"
    path = root / "data" / f"{name.replace('/', '_')}-{digest}.pickle"
    value = read_pickle(path)
    if value is MISSING:
        value = build()
        write_pickle(path, value)
    return value  # type: ignore[no-any-return]
