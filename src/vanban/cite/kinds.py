"""Document kinds and abbreviations, read from package data (``data/kinds.yaml``)."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterable

import attrs

from ..base.datafiles import cached_data, read_data_file
from ..base.text import key

__all__ = ["Kind", "KindTable", "default_kinds"]


@attrs.frozen(slots=True)
class Kind:
    """A kind of document (tên loại văn bản): "Kế hoạch", abbreviation "KH"."""

    name: str
    abbr: str | None = None
    party_abbr: str | None = None
    category: str = "hành chính"
    aliases: tuple[str, ...] = ()
    #: the English type words of translations ("Decree" for Nghị định), read like an alias
    english: tuple[str, ...] = ()

    def code(self, *, party: bool = False) -> str | None:
        """The abbreviation used in a symbol of this scheme."""
        if party:
            return self.party_abbr or self.abbr
        return self.abbr


_TRAILING_DIGITS = re.compile(r"\d+$")


class KindTable:
    """Look-ups over the kinds and the known issuer and unit abbreviations."""

    def __init__(self, kinds: Iterable[Kind], issuers: Iterable[str] = (), units: Iterable[str] = ()):
        self.kinds: tuple[Kind, ...] = tuple(kinds)
        self._by_name: dict[str, Kind] = {}
        self._by_abbr: dict[str, Kind] = {}
        self._by_party_abbr: dict[str, Kind] = {}
        self._by_abbr_key: dict[str, Kind] = {}
        for kind in self.kinds:
            self._by_name[key(kind.name)] = kind
            for alias in (*kind.aliases, *kind.english):
                self._by_name.setdefault(key(alias), kind)
            if kind.abbr:
                self._by_abbr[kind.abbr] = kind
                self._by_abbr_key.setdefault(key(kind.abbr), kind)
            if kind.party_abbr or kind.abbr:
                self._by_party_abbr[kind.party_abbr or kind.abbr or ""] = kind
        # State abbreviations also serve Party documents where the Party has no own form.
        for abbr, kind in self._by_abbr.items():
            self._by_party_abbr.setdefault(abbr, kind)
        self.issuer_abbrs: frozenset[str] = frozenset(issuers)
        self.unit_abbrs: frozenset[str] = frozenset(units)
        self._issuer_keys = frozenset(key(a) for a in self.issuer_abbrs)

    # --- kinds -------------------------------------------------------------------------
    def by_name(self, word: str) -> Kind | None:
        """The kind a written word names ("Quyết định", "quyết  định", "QĐ")."""
        return self._by_name.get(key(word))

    def by_abbr(self, abbr: str, *, party: bool = False) -> Kind | None:
        """The kind an abbreviation in a symbol stands for; exact case first, then tolerant."""
        table = self._by_party_abbr if party else self._by_abbr
        found = table.get(abbr)
        if found is None and abbr not in self.issuer_abbrs:
            found = self._by_abbr_key.get(key(abbr))
        return found

    def is_kind_abbr(self, abbr: str, *, party: bool = False) -> bool:
        return self.by_abbr(abbr, party=party) is not None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(kind.name for kind in self.kinds)

    def kind_abbreviations(self, *, party: bool = False) -> tuple[str, ...]:
        table = self._by_party_abbr if party else self._by_abbr
        return tuple(table)

    def written_forms(self) -> list[str]:
        """Every way a kind is written before a number, longest first (for the finder)."""
        forms = {kind.name for kind in self.kinds}
        for kind in self.kinds:
            forms.update(kind.aliases)
            forms.update(kind.english)
        return sorted(forms, key=len, reverse=True)

    # --- issuers and units -------------------------------------------------------------
    def is_issuer_abbr(self, abbr: str) -> bool:
        """True for a known issuer abbreviation; "QH15" and "UBTVQH15" count as QH, UBTVQH."""
        if abbr in self.issuer_abbrs:
            return True
        stem = _TRAILING_DIGITS.sub("", abbr)
        return bool(stem) and (stem in self.issuer_abbrs or key(stem) in self._issuer_keys)

    def is_unit_abbr(self, abbr: str) -> bool:
        return abbr in self.unit_abbrs

    def extended(self, issuers: Iterable[str] = (), units: Iterable[str] = ()) -> "KindTable":
        """A copy that also knows a registry's own issuer and unit abbreviations."""
        return KindTable(self.kinds, self.issuer_abbrs | set(issuers), self.unit_abbrs | set(units))


CATEGORIES = ("hành chính", "quy phạm", "đảng", "bản sao")
_KIND_FIELDS = ("name", "abbr", "party_abbr", "category", "aliases", "english")


def _read_kinds() -> list[Kind]:
    return cached_data("kinds.yaml", _parse_kinds)


def _parse_kinds() -> list[Kind]:
    root, reader = read_data_file("kinds.yaml")
    top = reader.mapping(root, "", ("kinds",))
    kinds = []
    for index, node in enumerate(reader.items(top.get("kinds"), "kinds")):
        where = f"kinds[{index}]"
        fields = reader.mapping(node, where, _KIND_FIELDS)
        name = reader.text(fields.get("name"), f"{where}.name")
        if not reader.require(node, fields, where, "name") or name is None:
            continue
        kinds.append(Kind(
            name=name,
            abbr=reader.text(fields.get("abbr"), f"{where}.abbr"),
            party_abbr=reader.text(fields.get("party_abbr"), f"{where}.party_abbr"),
            category=reader.choice(fields.get("category"), f"{where}.category", CATEGORIES) or "hành chính",
            aliases=tuple(v for v, _ in reader.texts(fields.get("aliases"), f"{where}.aliases")),
            english=tuple(v for v, _ in reader.texts(fields.get("english"), f"{where}.english")),
        ))
    reader.raise_if_problems()
    return kinds


def _read_abbreviations() -> tuple[list[str], list[str]]:
    return cached_data("abbreviations.yaml", _parse_abbreviations)


def _parse_abbreviations() -> tuple[list[str], list[str]]:
    root, reader = read_data_file("abbreviations.yaml")
    top = reader.mapping(root, "", ("issuers", "units"))
    issuers = [v for v, _ in reader.texts(top.get("issuers"), "issuers")]
    units = [v for v, _ in reader.texts(top.get("units"), "units")]
    reader.raise_if_problems()
    return issuers, units


@lru_cache(maxsize=1)
def default_kinds() -> KindTable:
    """The table shipped with vanban (``data/kinds.yaml``, ``data/abbreviations.yaml``)."""
    issuers, units = _read_abbreviations()
    return KindTable(_read_kinds(), issuers, units)
