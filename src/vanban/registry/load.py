"""Read and validate a registry file (schema: docs/registry.md).

Every problem is collected, not only the first, and each is placed at file:line:column.
"""

from __future__ import annotations

import weakref
from pathlib import Path

from ..base.cachedir import content_digest
from ..base.collector import collector_paused
from ..base.errors import Problem, ProblemsError
from .assemble import assemble
from .core import Registry
from .parts import DOCUMENT_FIELDS, ISSUER_FIELDS, read_part

__all__ = ["RegistryError", "load_registry", "parse_registry", "DOCUMENT_FIELDS", "ISSUER_FIELDS"]


class RegistryError(ProblemsError):
    """A registry that cannot be used; :attr:`problems` lists every error found, each placed."""


def load_registry(path: str | Path, *, lenient_references: bool = False) -> Registry:
    """Load and validate the registry at *path*; raise RegistryError listing every problem.

    The file is read under a size limit (a device or a FIFO is not read forever), must be UTF-8
    (a legacy encoding such as TCVN3 is named, with how to convert it), and is noted as an input
    of the command so that no output is written over it (docs/reliability.md).
    """
    from ..base.safety import require, require_path

    name = require_path("path", path)
    require("lenient_references", lenient_references, bool)
    file = Path(name)
    data, text = read_registry_file(file)
    with collector_paused():
        registry = parse_registry(text, filename=name, path=file, lenient_references=lenient_references)
    _SOURCES[registry] = {name: content_digest(data)}
    return registry


#: what each loaded registry was read from (a digest of each file's bytes, by its name): for the edit
#: path to tell whether the file it is about to change is still the one the registry came from, and
#: for the findings `check` keeps, what they were computed from (not the files as they are later)
_SOURCES: weakref.WeakKeyDictionary[Registry, dict[str, bytes]] = weakref.WeakKeyDictionary()


def registry_source(registry: Registry) -> bytes | None:
    """The digest of the bytes *registry* was loaded from, when it was loaded from one file (None
    otherwise)."""
    digests = _SOURCES.get(registry)
    return next(iter(digests.values())) if digests is not None and len(digests) == 1 else None


def source_digests(registry: Registry) -> dict[str, bytes]:
    """The digest of each file *registry* was read from, by the name the load gave it (empty when
    it was not loaded from files)."""
    return dict(_SOURCES.get(registry, {}))


def read_registry_file(path: Path) -> tuple[bytes, str]:
    """The bytes and the text of a registry file, read under the size limit; RegistryError when
    it cannot be read, is empty or is not UTF-8 (a legacy encoding is named)."""
    from ..base.atomic import note_input
    from ..base.inputfile import InputError, decode_utf8, read_limited

    name = str(path)
    try:
        data = read_limited(path)
    except InputError as exc:
        msg_id = "registry.file-not-found" if exc.msg_id == "input.not-found" else exc.msg_id
        raise RegistryError([Problem(name, 0, 0, "", msg_id, exc.params)]) from None
    note_input(path)
    if not data.lstrip(b"\xef\xbb\xbf").strip():
        raise RegistryError([Problem(name, 0, 0, "", "registry.empty")])
    try:
        text = decode_utf8(data, name)
    except InputError as exc:
        msg_id = "registry.not-utf8" if exc.msg_id == "input.not-utf8" else exc.msg_id
        raise RegistryError([Problem(name, exc.line, 1 if exc.line else 0, "", msg_id, exc.params)]) from None
    return data, text


def parse_registry(
    text: str, *, filename: str = "<registry>", path: Path | None = None, lenient_references: bool = False
) -> Registry:
    """Validate registry YAML *text* and build the Registry.

    With *lenient_references* a relation to a document that is not registered is kept in
    ``registry.dangling`` (for `vanban check` to report with the nearest match) instead of
    being an error.
    """
    part = read_part(text, filename, RegistryError)
    return assemble([part], path=path, lenient_references=lenient_references, error_class=RegistryError)
