"""Messages in Vietnamese (default) or English, read from ``data/messages.yaml``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from .data import package_yaml

__all__ = ["LANGS", "message"]

LANGS = ("vi", "en")


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, dict[str, str]]]:
    return package_yaml("messages.yaml")


def message(section: str, msg_id: str, lang: str = "vi", **params: Any) -> str:
    """The text of *msg_id* in *lang*, with its placeholders filled."""
    entry = _catalog()[section][msg_id]
    template = entry.get(lang) or entry["vi"]
    return template.format(**params)


def has_message(section: str, msg_id: str) -> bool:
    return msg_id in _catalog().get(section, {})
