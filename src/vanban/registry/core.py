"""The loaded registry: issuers, documents, their relations, and look-ups over them."""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator

import attrs

from ..cite.citation import Citation, CitationError
from ..cite.find import parse_citation
from .model import DanglingReference, Document, Issuer, Relation, RelationType
from ..cite.text import key, loose_key

if TYPE_CHECKING:
    from ..programs.catalog import Program

__all__ = ["Locality", "NotApplicable", "ObligationOverride", "Registry", "ResolveError", "code_key"]


class ResolveError(LookupError):
    """A reference that names no document or issuer, or several."""

    def __init__(self, reason: str, value: str, candidates: tuple[str, ...] = (), *, what: str = "document"):
        self.reason = reason  # "unresolved" or "ambiguous"
        self.value = value
        self.candidates = candidates
        self.what = what  # "document", "issuer" or "subproject"
        super().__init__(f"{reason}: {value}" + (f" ({', '.join(candidates)})" if candidates else ""))


@attrs.frozen(slots=True)
class NotApplicable:
    """A project or sub-project that does not apply to the locality, with why and on what basis."""

    unit: str
    reason: str
    source: str | None = None
    line: int = attrs.field(default=0, eq=False)


@attrs.frozen(slots=True)
class ObligationOverride:
    """The registry's own date for a recurring obligation of the catalog (provinces set their own)."""

    code: str
    month: int | None = None
    day: int | None = None
    disabled: bool = False
    note: str | None = None


@attrs.frozen(slots=True)
class Locality:
    """Whose registry this is."""

    name: str
    issuer: str | None = None
    programs: tuple[str, ...] = ()
    not_applicable: tuple[NotApplicable, ...] = ()
    obligations: tuple[ObligationOverride, ...] = ()

    def not_applicable_reason(self, unit: str) -> NotApplicable | None:
        """The declaration covering *unit* (a project's declaration covers its sub-projects)."""
        for entry in self.not_applicable:
            if unit == entry.unit or unit.startswith(entry.unit + "-"):
                return entry
        return None


def code_key(number: str, symbol: str, year: int | None) -> tuple[str, str, int | None]:
    """Compare codes in normalised form: "02/hd-btv" = "2/HD-BTV"."""
    digits = number.lstrip("0") or "0"
    return digits, key(symbol).replace(" ", ""), year


class Registry:
    """Issuers and documents of one registry file, with indexes for look-ups."""

    def __init__(
        self,
        *,
        path: Path | None,
        locality: Locality,
        issuers: dict[str, Issuer],
        documents: Iterable[Document],
        programs: dict[str, "Program"] | None = None,
        dangling: Iterable[DanglingReference] = (),
    ):
        self.path = path
        self.locality = locality
        self.issuers = issuers
        self.documents: tuple[Document, ...] = tuple(documents)
        self.programs: dict[str, Program] = programs or {}
        self.dangling: tuple[DanglingReference, ...] = tuple(dangling)
        self.by_id: dict[str, Document] = {}
        for doc in self.documents:
            self.by_id.setdefault(doc.id, doc)
        self._by_code: dict[tuple[str, str, int | None], list[Document]] = defaultdict(list)
        self._by_number: dict[str, list[Document]] = defaultdict(list)
        self._by_date: dict[_dt.date, list[Document]] = defaultdict(list)
        for doc in self.documents:
            self._by_code[code_key(doc.number, doc.symbol, doc.year)].append(doc)
            self._by_number[doc.number.lstrip("0") or "0"].append(doc)
            if doc.date is not None:
                self._by_date[doc.date].append(doc)
        self._issuer_names: dict[str, set[str]] = defaultdict(set)
        self._issuer_loose: dict[str, set[str]] = defaultdict(set)
        for issuer in issuers.values():
            for name in (issuer.key, *issuer.names()):
                self._issuer_names[key(name)].add(issuer.key)
                self._issuer_loose[loose_key(name)].add(issuer.key)
        self._inverse: dict[str, list[Relation]] = defaultdict(list)
        for doc in self.documents:
            for relation in doc.relations:
                self._inverse[relation.target].append(relation)

    # --- issuers ----------------------------------------------------------------------------
    def issuer_keys_for(self, name: str) -> set[str]:
        """Issuer keys a written name may mean (exact normalised match, then without diacritics)."""
        found = self._issuer_names.get(key(name))
        if found:
            return set(found)
        return set(self._issuer_loose.get(loose_key(name), ()))

    def find_issuer(self, name: str) -> Issuer:
        """The one issuer *name* names (key, name, short name or alias); ResolveError otherwise."""
        if name in self.issuers:
            return self.issuers[name]
        keys = self.issuer_keys_for(name)
        if len(keys) == 1:
            return self.issuers[next(iter(keys))]
        if not keys:
            raise ResolveError("unresolved", name, what="issuer")
        raise ResolveError("ambiguous", name, tuple(sorted(keys)), what="issuer")

    def communes(self, of: str | None = None) -> list[Issuer]:
        """The xã-level issuers whose parent is *of* (default: the locality's issuer)."""
        parent = of or self.locality.issuer
        return [i for i in self.issuers.values() if i.level == "xã" and i.parent == parent]

    def issuer_name(self, issuer_key: str) -> str:
        issuer = self.issuers.get(issuer_key)
        return issuer.display_name if issuer else issuer_key

    # --- documents --------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def citation(self, doc: Document, *, with_title: bool = True) -> Citation:
        """The document's canonical citation, with its issuer's name."""
        return doc.citation(self.issuer_name(doc.issuer), with_title=with_title)

    def candidates(self, citation: Citation) -> list[Document]:
        """Documents with the citation's number and symbol (and year, date, issuer if given)."""
        found = list(self._by_code.get(code_key(citation.number, citation.symbol, citation.year), ()))
        if citation.date is not None:
            found = [d for d in found if d.date == citation.date]
        if citation.issuer:
            keys = self.issuer_keys_for(citation.issuer)
            found = [d for d in found if d.issuer in keys]
        return found

    def same_number(self, number: str) -> list[Document]:
        """Documents that carry *number* (for near-match suggestions on a small set)."""
        return list(self._by_number.get(number.lstrip("0") or "0", ()))

    def on_date(self, day: _dt.date) -> list[Document]:
        """Documents dated *day* (a small candidate set for near-match suggestions)."""
        return list(self._by_date.get(day, ()))

    def resolve(self, ref: str, *, on: _dt.date | None = None) -> Document:
        """The document *ref* names: an ID, or a citation ("1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh").

        Deterministic: no match or several matches raise ResolveError, never a guess. *on* is
        the date of the document that makes the reference: a document can only point to one
        that already existed, so when numbers restart in a new year ("36/KH-UBND" of 2023 and
        of 2024), the reference of a 2023 document still means the 2023 one.
        """
        ref = ref.strip()
        if ref in self.by_id:
            return self.by_id[ref]
        try:
            citation = parse_citation(ref)
        except CitationError:
            raise ResolveError("unresolved", ref) from None
        found = self.candidates(citation)
        if len(found) > 1 and on is not None:
            earlier = [d for d in found if d.date is not None and d.date <= on]
            if len(earlier) == 1:
                return earlier[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ResolveError("unresolved", ref)
        raise ResolveError("ambiguous", ref, tuple(d.id for d in found))

    def get(self, ref: str) -> Document | None:
        try:
            return self.resolve(ref)
        except ResolveError:
            return None

    # --- relations --------------------------------------------------------------------------
    def related(self, doc: Document, type: RelationType | str | None = None) -> list[Document]:
        """Documents *doc* points to (optionally of one relation type)."""
        wanted = RelationType(type) if type is not None else None
        return [
            self.by_id[r.target] for r in doc.relations if (wanted is None or r.type is wanted) and r.target in self.by_id
        ]

    def inverse(self, doc: Document, type: RelationType | str | None = None) -> list[Document]:
        """Documents that point to *doc*: the computed inverse (implemented_by, responded_by, …)."""
        wanted = RelationType(type) if type is not None else None
        return [
            self.by_id[r.source]
            for r in self._inverse.get(doc.id, ())
            if (wanted is None or r.type is wanted) and r.source in self.by_id
        ]

    def relations(self) -> Iterator[Relation]:
        for doc in self.documents:
            yield from doc.relations
