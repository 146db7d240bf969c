"""The citation model: what one reference to a document says, and its canonical form.

A :class:`Citation` holds what was *read*: kind, number and symbol as written (typos kept),
the year inside a normative number, the date, the issuer phrase and the title. Equality
ignores where the citation was found (``raw``, ``start``, ``end``, and ``identity``: whether
that place is the document's own number), so ``parse_citation(c.format()) == c``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
from typing import Any

import attrs

from ..base.dates import WrittenDate, format_date
from ..base.errors import VanbanError
from ..base.messages import DEFAULT_LANG, text
from .kinds import KindTable, default_kinds

__all__ = ["Citation", "Scheme", "CitationError", "SymbolReading", "code_of", "read_symbol", "symbol_parts"]


class CitationError(VanbanError, ValueError):
    """A text that holds no citation where one was expected (``cite.not-a-citation``)."""

    default_id = "cite.not-a-citation"


class Scheme(str, enum.Enum):
    """Numbering schemes (domain.md §3.3, §4, §5)."""

    ADMINISTRATIVE = "hành chính"  # 1566/QĐ-UBND
    CONG_VAN = "công văn"  # 2990/UBND-VX: issuer - drafting unit, no type code
    NORMATIVE = "quy phạm"  # 26/2022/NQ-HĐND, 24/2021/QH15
    PARTY = "đảng"  # 1631-QĐ/HU


def symbol_parts(symbol: str) -> list[str]:
    """"QĐ-UBND" → ["QĐ", "UBND"]; "CT/HU" → ["CT", "HU"]."""
    return [p for p in symbol.replace("/", "-").split("-") if p]


@attrs.frozen(slots=True)
class Citation:
    """One citation of a document, as read from text."""

    number: str
    symbol: str
    kind: str | None = None
    year: int | None = None
    date: _dt.date | None = None
    #: The date as written when no such day exists ("30/02/2023"): reported, never shifted.
    invalid_date: WrittenDate | None = None
    issuer: str | None = None
    title: str | None = None
    raw: str = attrs.field(default="", eq=False, repr=False)
    start: int = attrs.field(default=-1, eq=False, repr=False)
    end: int = attrs.field(default=-1, eq=False, repr=False)
    #: True where the text names its own number (its header "Số: …", and every other mention of that
    #: number): the document's identity, not a reference to another document.
    identity: bool = attrs.field(default=False, eq=False, repr=False)

    # --- derived ------------------------------------------------------------------------
    @property
    def code(self) -> str:
        """Số and ký hiệu in canonical form: "36/KH-UBND", "26/2022/NQ-HĐND", "1631-QĐ/HU"."""
        return code_of(self.number, self.symbol, self.year, self.kind)

    @property
    def scheme(self) -> Scheme:
        return read_symbol(self.symbol, self.year, self.kind).scheme

    @property
    def kind_code(self) -> str | None:
        """The type code inside the symbol ("KH" in KH-UBND), or None for a công văn or Luật."""
        return read_symbol(self.symbol, self.year, self.kind).kind_code

    @property
    def issuer_code(self) -> str | None:
        """The issuer part of the symbol: "UBND" in KH-UBND and in UBND-VX, "HU" in CT/HU."""
        return read_symbol(self.symbol, self.year, self.kind).issuer_code

    @property
    def unit(self) -> str | None:
        """A công văn's drafting unit ("VX" in 2990/UBND-VX), or None when it names none."""
        return read_symbol(self.symbol, self.year, self.kind).unit

    def unknown_abbreviation(self, kinds: KindTable | None = None) -> str | None:
        """The type code when it is no known kind abbreviation (KHH in 116/KHH-UBND)."""
        kinds = kinds or default_kinds()
        code = self.kind_code
        if code is None:
            return None
        return None if kinds.is_kind_abbr(code, party=self.scheme is Scheme.PARTY) else code

    @property
    def date_text(self) -> str | None:
        if self.date is not None:
            return format_date(self.date)
        if self.invalid_date is not None:
            return str(self.invalid_date)
        return None

    # --- output -------------------------------------------------------------------------
    def format(self, *, with_title: bool = True, with_issuer: bool = True) -> str:
        """Canonical form: "Kế hoạch số 36/KH-UBND ngày 20/02/2023 của … về việc …"."""
        parts = [f"{self.kind} số {self.code}" if self.kind else self.code]
        if self.date_text:
            parts.append(f"ngày {self.date_text}")
        if with_issuer and self.issuer:
            parts.append(f"của {self.issuer}")
        if with_title and self.title:
            parts.append(self.title)
        return " ".join(parts)

    def __str__(self) -> str:
        return self.format()

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        """JSON-ready mapping (the `vanban extract --format json` shape)."""
        return {
            "kind": self.kind,
            "number": self.number,
            "symbol": self.symbol,
            "year": self.year,
            "date": self.date.isoformat() if self.date else None,
            "date_error": text("date.impossible", lang, value=str(self.invalid_date)) if self.invalid_date else None,
            "issuer": self.issuer,
            "title": self.title,
            "code": self.code,
            "scheme": self.scheme.value,
            "canonical": self.format(),
            "raw": self.raw,
            "start": self.start,
            "end": self.end,
            "identity": self.identity,
        }


def scheme_of(symbol: str, year: int | None, kind: str | None, kinds: KindTable | None = None) -> Scheme:
    """Tell the numbering scheme from the symbol (and the written kind, for typos).

    ``N/YYYY/…`` is normative; ``N-TYPE/ISSUER`` is Party; ``N/TYPE-ISSUER`` administrative;
    ``N/ISSUER-UNIT`` a công văn (domain.md §5). A first part that is no kind but is written
    after a kind word other than Công văn ("Kế hoạch số 116/KHH-UBND"), or that stands before
    a known issuer, is a mistyped type code, not an issuer.
    """
    if year is not None:
        return Scheme.NORMATIVE
    if "/" in symbol:
        return Scheme.PARTY
    kinds = kinds or default_kinds()
    parts = symbol_parts(symbol)
    if not parts:
        return Scheme.CONG_VAN
    first = parts[0]
    if kinds.is_kind_abbr(first) and not kinds.is_issuer_abbr(first):
        return Scheme.ADMINISTRATIVE
    if kinds.is_issuer_abbr(first):
        return Scheme.CONG_VAN
    written = kinds.by_name(kind) if kind else None
    if written is not None and written.name not in ("Công văn", "Thư công"):
        return Scheme.ADMINISTRATIVE
    if written is None and len(parts) >= 2 and kinds.is_issuer_abbr(parts[1]):
        return Scheme.ADMINISTRATIVE
    return Scheme.CONG_VAN


@attrs.frozen(slots=True)
class SymbolReading:
    """What a ký hiệu says: its numbering scheme and its parts by role."""

    scheme: Scheme
    kind_code: str | None  # "KH" in KH-UBND; None for a công văn or a Luật (24/2021/QH15)
    issuer_code: str | None  # "UBND" in KH-UBND and in UBND-VX, "HU" in CT/HU
    unit: str | None  # a công văn's drafting unit ("VX" in UBND-VX)


@functools.lru_cache(maxsize=8192)
def read_symbol(symbol: str, year: int | None = None, kind: str | None = None) -> SymbolReading:
    """The reading of a (symbol, year, written kind) by the default kind table: few distinct ones
    however many documents, and the format rules ask it of every document several times."""
    scheme = scheme_of(symbol, year, kind)
    parts = symbol_parts(symbol)
    if not parts:
        return SymbolReading(scheme, None, None, None)
    if scheme is Scheme.CONG_VAN:
        return SymbolReading(scheme, None, parts[0], "-".join(parts[1:]) or None)
    if scheme is Scheme.NORMATIVE and len(parts) == 1:  # 24/2021/QH15: no kind code
        return SymbolReading(scheme, None, parts[0], None)
    return SymbolReading(scheme, parts[0], "-".join(parts[1:]) or None, None)


def code_of(number: str, symbol: str, year: int | None, kind: str | None = None) -> str:
    """Số and ký hiệu in canonical form: "36/KH-UBND", "26/2022/NQ-HĐND", "1631-QĐ/HU"."""
    if year is not None:
        return f"{number}/{year}/{symbol}"
    if read_symbol(symbol, year, kind).scheme is Scheme.PARTY:
        return f"{number}-{symbol}"
    return f"{number}/{symbol}"
