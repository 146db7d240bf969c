"""A new registry for a locality, written with comments that say what to fill in (``vanban init``).

The file names the locality's own body and its province's, with the days they exist, the
programs it follows and, for a province when the official list is installed, every commune;
it passes ``vanban validate`` as written and gives a first ``vanban check`` about what the
locality owes since it was created.
"""

from __future__ import annotations

import datetime as _dt
import json
import re

import attrs

from ..base.messages import DEFAULT_LANG, text
from ..base.text import key, slug
from .places import Place

__all__ = ["REFORM_DAY", "StarterLocality", "full_name", "issuer_key", "starter_registry"]

#: the day the two-tier local government began (tỉnh and xã; no district) [P, domain.md §7]
REFORM_DAY = _dt.date(2025, 7, 1)

_DIVISION_WORDS = {"xã": ("xã", "phường", "đặc khu", "thị trấn"), "tỉnh": ("tỉnh", "thành phố")}


def full_name(name: str, level: str) -> str:
    """The unit's name with its division word: "Vạn Tường" → "xã Vạn Tường"; "Phường An Phú" →
    "phường An Phú"; "Cần Thơ" at level tỉnh → "tỉnh Cần Thơ" (write "thành phố Cần Thơ" for a city)."""
    name = " ".join(name.split())
    for word in _DIVISION_WORDS.get(level, ()):
        if key(name).startswith(word + " "):
            return word + name[len(word):]
    return f"{_DIVISION_WORDS.get(level, (level,))[0]} {name}"


def issuer_key(unit_name: str) -> str:
    """The key of the unit's people's committee: "xã Vạn Tường" → "ubnd-xa-van-tuong"."""
    return "ubnd-" + slug(unit_name)


@attrs.frozen(slots=True)
class StarterLocality:
    """What ``vanban init`` asks: the locality, its level, its province, since when, which programs."""

    name: str  # "xã Vạn Tường" (the division word is added when missing)
    level: str  # "xã" or "tỉnh"
    programs: tuple[str, ...]
    province: str | None = None  # for a commune: "Quảng Ngãi"
    valid_from: _dt.date | None = REFORM_DAY
    #: for a province: its communes from the official list (``vanban[places]``)
    communes: tuple[Place, ...] = ()


def _scalar(value: str) -> str:
    """A YAML scalar: plain when safe, else double-quoted."""
    if re.fullmatch(r"[^\s:#'\"{}\[\],&*!|>%@`-][^:#]*", value) and not value.endswith(" "):
        return value
    return json.dumps(value, ensure_ascii=False)


def _issuer(lines: list[str], ikey: str, unit: str, level: str, *, parent: str | None,
            valid_from: _dt.date | None, comment: str | None = None) -> None:
    lines += [
        f"  {ikey}:",
        f"    name: {_scalar('Ủy ban nhân dân ' + unit)}",
        f"    short: {_scalar('UBND ' + unit)}",
        "    abbr: UBND",
        f"    level: {level}",
    ]
    if parent:
        lines.append(f"    parent: {parent}")
    if valid_from:
        lines.append(f"    valid_from: {valid_from.isoformat()}" + (f"  # {comment}" if comment else ""))
    lines.append("")


def starter_registry(locality: StarterLocality, *, today: _dt.date, lang: str = DEFAULT_LANG) -> str:
    """The text of a new registry for *locality* (comments in *lang*)."""

    def comment(msg_id: str, **params: object) -> list[str]:
        return ["# " + line if line else "#" for line in text(f"init.{msg_id}", lang, **params).splitlines()]

    unit = full_name(locality.name, locality.level)
    own = issuer_key(unit)
    province_unit = full_name(locality.province, "tỉnh") if locality.province else None
    province_key = issuer_key(province_unit) if province_unit else None
    where = f"{unit}, {province_unit}" if province_unit and locality.level != "tỉnh" else unit
    lines = [*comment("header", name=where, today=today), "", "vanban: 1", "", "locality:",
             f"  name: {_scalar(where)}", f"  issuer: {own}"]
    lines += ["  " + c for c in comment("programs")]
    lines.append(f"  programs: [{', '.join(locality.programs)}]")
    lines += ["  " + c for c in comment("not-applicable")]
    lines += ["  " + c for c in comment("obligations")]
    lines += ["", "issuers:"]
    since_note = text("init.since-note", lang) if locality.valid_from == REFORM_DAY else None
    if locality.level == "tỉnh":
        _issuer(lines, own, unit, "tỉnh", parent=None, valid_from=locality.valid_from, comment=since_note)
        taken = {own}
        if locality.communes:
            lines += ["  " + c for c in comment("communes", count=len(locality.communes))]
        for place in locality.communes:
            name = full_name(place.name, "xã")
            ckey = issuer_key(name)
            if ckey in taken:  # "Bình Thanh" and "Bình Thạnh" share a slug: the code tells them apart
                ckey = f"{ckey}-{place.code}"
            taken.add(ckey)
            _issuer(lines, ckey, name, "xã", parent=own, valid_from=REFORM_DAY,
                    comment=text("init.commune-code", lang, code=place.code))
        if not locality.communes:
            lines += ["  " + c for c in comment("no-communes")]
    else:
        _issuer(lines, own, unit, locality.level, parent=province_key, valid_from=locality.valid_from,
                comment=since_note)
        if province_key and province_unit:
            _issuer(lines, province_key, province_unit, "tỉnh", parent=None, valid_from=None)
        lines += ["  " + c for c in comment("former-units", key=own)]
    lines += ["", *comment("documents"), "documents: []", ""]
    return "\n".join(lines)
