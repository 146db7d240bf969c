"""Where the registry is when none is named: like git and ruff, upward from the working directory.

In each folder from the start up to the file system's root, the first of :data:`REGISTRY_NAMES`
that exists is the registry: ``vanban.yaml`` (what ``vanban init`` writes), then
``data/registry.yaml`` (this repository's bundled case). ``--registry`` and ``$VANBAN_REGISTRY``
come before the search (the command line decides that order).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REGISTRY_NAMES", "ENV_VAR", "find_registry", "registry_files"]

REGISTRY_NAMES = ("vanban.yaml", os.path.join("data", "registry.yaml"))
ENV_VAR = "VANBAN_REGISTRY"
_SUFFIXES = (".yaml", ".yml")


def registry_files(folder: Path) -> list[Path]:
    """The YAML files of a folder registry, in the order they are read (by path); hidden files and
    folders are left out."""
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in files:
            if name.endswith(_SUFFIXES) and not name.startswith("."):
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).as_posix())


def find_registry(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The registry found from *start* (default: the working directory) upward; None when no folder
    up to the root holds one.

    A ``vanban.yaml`` beside other registry files (a province's folder of commune registries, each
    file starting ``vanban: 1``) means the folder is the registry: the folder is returned, so a
    command run anywhere inside it reads all of it.
    """
    here = Path(os.getcwd())
    folder = Path(start if start is not None else here).absolute()
    for candidate in (folder, *folder.parents):
        for name in REGISTRY_NAMES:
            path = candidate / name
            if path.is_file():
                found = candidate if name == "vanban.yaml" and _has_parts(candidate, path) else path
                # shown as a clerk would type it from here: "data/registry.yaml", "../vanban.yaml"
                return Path(os.path.relpath(found, here))
    return None


def _has_parts(folder: Path, own: Path, *, look: int = 200) -> bool:
    """Whether *folder* holds registry files besides *own* (at most *look* entries are opened)."""
    seen = 0
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(root) / name
            if name.startswith(".") or not name.endswith((".yaml", ".yml")) or path == own:
                continue
            seen += 1
            if _is_part(path):
                return True
            if seen >= look:
                return False
    return False


def _is_part(path: Path) -> bool:
    """A registry file: its first line that is not a comment or blank is ``vanban: 1``."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as handle:
            for _, line in zip(range(200), handle):
                text = line.strip()
                if text and not text.startswith("#"):
                    return text.replace(" ", "") in ("vanban:1", "vanban:'1'", 'vanban:"1"')
    except OSError:
        return False
    return False
