"""Reading the package's data files (kinds, abbreviations, program catalogs)."""

from __future__ import annotations

from importlib import resources
from typing import Any

from ruamel.yaml import YAML


def read_yaml_text(text: str, *, name: str = "<data>") -> Any:
    """Load trusted package YAML with the C-backed safe loader when it is available."""
    yaml = YAML(typ="safe", pure=False)
    return yaml.load(text)


def package_yaml(*parts: str) -> Any:
    """Load ``vanban/data/<parts>`` from the installed package."""
    path = resources.files("vanban").joinpath("data", *parts)
    return read_yaml_text(path.read_text(encoding="utf-8"), name="/".join(parts))
