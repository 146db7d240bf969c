"""Which registered document a citation names: the one match every command uses.

``Registry.match(citation)`` answers for ``verify``, ``extract --merge``, ``register import``,
``edxml import``, ``add`` and for references inside the registry (``Registry.resolve``):

- **exact**: one document has the citation's number and symbol (compared as :func:`code_key`),
  its issue year and its issuer, when the citation states them. Facts the citation states
  differently — a date, a kind, an issuer — are listed in :attr:`Match.differs`, so a report
  can say "wrong date" instead of "unknown document";
- **ambiguous**: several documents fit and nothing the citation says tells them apart;
- **near**: none fits, but one is a likely typo of it — the same number with a code at least
  :data:`NEAR_MATCH` similar, or the same date and symbol with another number;
- **none**.

A document's identity is its issuer, issue year, number and symbol (Nghị định 30/2020 Điều 15:
a number is unique per body per year), so a date in another year is another document.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import TYPE_CHECKING, Iterable

import attrs

from ..base.text import key
from ..cite.citation import Citation
from .model import Document

if TYPE_CHECKING:
    from .core import Registry

__all__ = ["NEAR_MATCH", "MatchKind", "Match", "code_key", "match_citation"]

#: Similarity (rapidfuzz ratio, 0–100) of two codes with the same number above which one is
#: taken for a typo of the other ("36/KHH-UBND" ~ "36/KH-UBND": 95). The one cutoff vanban uses.
NEAR_MATCH = 80.0


def code_key(number: str, symbol: str, year: int | None) -> tuple[str, str, int | None]:
    """Codes compared in normalised form: "02/hd-btv" = "2/HD-BTV"."""
    digits = number.lstrip("0") or "0"
    return digits, key(symbol).replace(" ", ""), year


class MatchKind(str, enum.Enum):
    EXACT = "exact"
    AMBIGUOUS = "ambiguous"
    NEAR = "near"
    NONE = "none"


@attrs.frozen(slots=True)
class Match:
    """The answer to "which registered document is this citation?"."""

    kind: MatchKind
    #: the document (exact), or the nearest one (near)
    document: Document | None = None
    #: every document that fits (ambiguous); the exact or near one otherwise
    candidates: tuple[Document, ...] = ()
    #: what the citation states differently from the exact document: "date", "kind", "issuer"
    #: (a known other issuer) or "issuer-unknown" (a name the registry does not know)
    differs: frozenset[str] = frozenset()
    #: similarity of a near match (0–100)
    score: float | None = None

    @property
    def exact(self) -> bool:
        return self.kind is MatchKind.EXACT

    @property
    def agrees(self) -> bool:
        """Exact, and nothing the citation states differs: the reference resolves."""
        return self.kind is MatchKind.EXACT and not self.differs


def match_citation(
    registry: Registry,
    citation: Citation,
    *,
    issuer: str | None = None,
    on: _dt.date | None = None,
) -> Match:
    """See :meth:`vanban.registry.Registry.match`."""
    year = citation.year if citation.year is not None else (citation.date.year if citation.date else None)
    differs: set[str] = set()
    keys = {issuer} if issuer else (registry.issuer_keys_for(citation.issuer, citation.date) if citation.issuer else set())
    # the documents with this code in the year (or undated); of the issuer the citation names, unless
    # none of them has it ("issuer differs")
    pool, other_issuer = registry.code_pool(citation.number, citation.symbol, citation.year, year, keys)
    if other_issuer:
        differs.add("issuer")
    elif not keys and citation.issuer:
        differs.add("issuer-unknown")
    if not pool:
        return _near(registry, citation, keys)
    if len(pool) > 1 and on is not None:
        earlier = [d for d in pool if d.date is not None and d.date <= on]
        if len(earlier) == 1:
            pool = earlier
    if len(pool) > 1 and citation.date is not None:
        same_day = [d for d in pool if d.date == citation.date]
        if len(same_day) == 1:
            pool = same_day
    if len(pool) > 1:
        return Match(MatchKind.AMBIGUOUS, candidates=tuple(pool), differs=frozenset(differs))
    doc = pool[0]
    if citation.date is not None and doc.date is not None and citation.date != doc.date:
        differs.add("date")
    if citation.invalid_date is not None:
        differs.add("date")
    if citation.kind and doc.kind and citation.kind != doc.kind:
        differs.add("kind")
    return Match(MatchKind.EXACT, doc, (doc,), frozenset(differs))


def _near(registry: Registry, citation: Citation, keys: Iterable[str]) -> Match:
    """The likeliest typo: same number and a close code, else same date and symbol."""
    from rapidfuzz import fuzz  # only when there is no exact match (a check with no typo never loads it)

    allowed = set(keys)
    best: tuple[float, Document] | None = None
    code = citation.code
    year = citation.date.year if citation.date is not None else None
    for doc in registry.number_pool(citation.number, year, allowed):
        if allowed and doc.issuer not in allowed:
            continue
        if citation.date is not None and doc.date is not None and doc.date.year != citation.date.year:
            continue
        score = fuzz.ratio(code, doc.code)
        if score >= NEAR_MATCH and (best is None or score > best[0]):
            best = (score, doc)
    if best is None and citation.date is not None:
        symbol = key(citation.symbol)
        for doc in registry.on_date(citation.date):
            if key(doc.symbol) == symbol and (not allowed or doc.issuer in allowed):
                best = (fuzz.ratio(code, doc.code), doc)
                break
    if best is None:
        return Match(MatchKind.NONE)
    return Match(MatchKind.NEAR, best[1], (best[1],), score=best[0])
