"""Where the registry is when none is named: like git and ruff, upward from the working directory.

In each folder from the start up to the file system's root, the first of :data:`REGISTRY_NAMES`
that exists is the registry: ``vanban.yaml`` (what ``vanban init`` writes), then
``data/registry.yaml`` (this repository's bundled case). ``--registry`` and ``$VANBAN_REGISTRY``
come before the search (the command line decides that order).
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["REGISTRY_NAMES", "ENV_VAR", "find_registry"]

REGISTRY_NAMES = ("vanban.yaml", os.path.join("data", "registry.yaml"))
ENV_VAR = "VANBAN_REGISTRY"


def find_registry(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The registry found from *start* (default: the working directory) upward; None when no folder
    up to the root holds one."""
    here = Path(os.getcwd())
    folder = Path(start if start is not None else here).absolute()
    for candidate in (folder, *folder.parents):
        for name in REGISTRY_NAMES:
            path = candidate / name
            if path.is_file():
                # shown as a clerk would type it from here: "data/registry.yaml", "../vanban.yaml"
                return Path(os.path.relpath(path, here))
    return None
