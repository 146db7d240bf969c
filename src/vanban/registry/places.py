"""The official list of provinces and communes since 01/7/2025, when the optional extra is installed.

34 provinces and 3,321 commune-level units (xã, phường, đặc khu) with the statistics office's
codes are carried offline by the package ``vietnam-provinces``. It is GPL-3.0: vanban (MIT) never
depends on it, and only reads its data file when a user has installed it
(``pip install "vanban[places]"``). Without it, ``vanban init`` still works; the clerk enters the
communes by hand (docs/design.md, "Places").
"""

from __future__ import annotations

import json
from functools import lru_cache

import attrs

from ..base.errors import VanbanError
from ..base.text import key, loose_key

__all__ = ["Place", "PlacesUnavailable", "ProvincePlaces", "province_places"]

#: words that may start a province's name as a clerk writes it
_PROVINCE_WORDS = ("tỉnh", "thành phố", "tp", "tp.")


class PlacesUnavailable(VanbanError, LookupError):
    """The list of places is not installed (``places.not-installed``), or names no such province
    (``places.unknown-province``)."""


@attrs.frozen(slots=True)
class Place:
    """A commune-level unit: "Xã Vạn Tường", code 21…, division "xã"."""

    name: str  # as the official list writes it: "Xã Vạn Tường", "Phường Trương Quang Trọng"
    code: int
    division: str  # xã | phường | đặc khu


@attrs.frozen(slots=True)
class ProvincePlaces:
    name: str  # "Quảng Ngãi"
    code: int
    division: str  # tỉnh | thành phố
    communes: tuple[Place, ...]


@lru_cache(maxsize=1)
def _divisions() -> list[dict[str, object]]:
    try:
        import vietnam_provinces  # noqa: PLC0415 (optional, GPL-3.0: never imported unless installed)
    except ImportError:
        raise PlacesUnavailable("places.not-installed") from None
    path = getattr(vietnam_provinces, "NESTED_DIVISIONS_JSON_PATH", None)
    if path is None:
        raise PlacesUnavailable("places.not-installed")
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return list(data)


def _bare(name: str) -> str:
    words = key(name)
    for word in _PROVINCE_WORDS:
        if words.startswith(word + " "):
            return words[len(word) + 1:].strip()
    return words


def province_places(province: str) -> ProvincePlaces:
    """The province named *province* ("Quảng Ngãi", "tỉnh Quảng Ngãi", "51") with its communes, in
    the official list's order; :class:`PlacesUnavailable` when the list is not installed or has
    no such province."""
    wanted = _bare(province)
    found = []
    for item in _divisions():
        name = str(item["name"])
        if wanted == str(item["code"]) or wanted == key(name):
            found = [item]
            break
        if loose_key(wanted) == loose_key(name):
            found.append(item)
    if len(found) != 1:
        raise PlacesUnavailable("places.unknown-province", value=province)
    item = found[0]
    wards = item.get("wards") or []
    assert isinstance(wards, list)
    return ProvincePlaces(
        name=str(item["name"]), code=int(str(item["code"])), division=str(item.get("division_type", "tỉnh")),
        communes=tuple(Place(str(w["name"]), int(w["code"]), str(w.get("division_type", "xã"))) for w in wards),
    )
