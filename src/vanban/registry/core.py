"""The loaded registry: issuers, documents, their relations, and look-ups over them."""

from __future__ import annotations

import datetime as _dt
from collections import defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterable, Iterator

from ..base.errors import VanbanError
from ..base.safety import require
from ..cite.citation import Citation, CitationError
from ..base.text import key, loose_key
from .match import Match, MatchKind, code_key, match_citation
from .model import DanglingReference, Document, Issuer, Locality, Relation, RelationType, Succession

if TYPE_CHECKING:
    from ..programs import Program

__all__ = ["Registry", "ResolveError"]

#: At most this many candidates are named in a message about an ambiguous reference; the
#: count says how many there are.
SHOWN_CANDIDATES = 5
#: A list of documents sharing a code (or a number) longer than this is grouped by year and issuer
#: the first time it is searched, so that a look-up in a national registry, where every commune has
#: a "5/KH-UBND", reads the few documents of one body and year, not thousands.
GROUP_MIN = 16


class ResolveError(VanbanError, LookupError):
    """A reference that names no document, issuer or sub-project, or several.

    ``reason`` is "unresolved" or "ambiguous", ``what`` "document", "issuer" or "subproject";
    ``candidates`` the IDs or keys it could mean; ``nearest`` a likely intended one.
    """

    def __init__(self, reason: str, value: str, candidates: tuple[str, ...] = (), *, what: str = "document",
                 nearest: str | None = None):
        self.reason = reason
        self.value = value
        self.candidates = candidates
        self.what = what
        self.nearest = nearest
        shown = ", ".join(candidates[:SHOWN_CANDIDATES]) + (" …" if len(candidates) > SHOWN_CANDIDATES else "")
        super().__init__(f"resolve.{what}-{reason}", value=value, candidates=shown, count=len(candidates),
                         example=candidates[0] if candidates else "", nearest=nearest or "")


class Registry:
    """Issuers and documents of one registry, with indexes for look-ups."""

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
        #: for a registry that is a folder: its files, in the order they were read, and the one
        #: that holds the locality
        self.files: tuple[str, ...] = ()
        #: the ``Document.file`` of the documents read from files that hold no character VB107 flags
        #: (registry/parts.py, ``Part.plain``); empty when not known (a registry made in memory)
        self.plain_text_files: frozenset[str | None] = frozenset()
        self.locality_file: str | None = None
        self.by_id: dict[str, Document] = {}
        self._by_code: dict[tuple[str, str, int | None], list[Document]] = defaultdict(list)
        self._by_number: dict[str, list[Document]] = defaultdict(list)
        self._by_date: dict[_dt.date, list[Document]] = defaultdict(list)
        symbol_keys: dict[str, str] = {}  # one key string per symbol: few symbols, many documents
        for doc in self.documents:
            self.by_id.setdefault(doc.id, doc)
            symbol = symbol_keys.get(doc.symbol)
            if symbol is None:
                symbol = symbol_keys[doc.symbol] = code_key(doc.number, doc.symbol, None)[1]
            self._by_code[(doc.number.lstrip("0") or "0", symbol, doc.year)].append(doc)
            self._by_number[doc.number.lstrip("0") or "0"].append(doc)
            if doc.date is not None:
                self._by_date[doc.date].append(doc)
        self._inverse: dict[str, list[Relation]] = defaultdict(list)
        self._index_relations()
        self._code_groups: dict[tuple[str, str, int | None], _Groups] = {}
        self._number_groups: dict[str, _Groups] = {}
        self._issuer_names: dict[str, set[str]] = defaultdict(set)
        self._issuer_loose: dict[str, set[str]] = defaultdict(set)
        self._predecessors: dict[str, list[str]] = defaultdict(list)
        self._communes_of: dict[str, list[Issuer]] | None = None
        for issuer in issuers.values():
            for name in (issuer.key, *issuer.names()):
                self._issuer_names[key(name)].add(issuer.key)
                self._issuer_loose[loose_key(name)].add(issuer.key)
            for succession in issuer.successors:
                self._predecessors[succession.issuer].append(issuer.key)

    def _index_relations(self) -> None:
        """The inverse of every relation (implemented_by, responded_by, …), from the documents."""
        self._inverse.clear()
        for doc in self.documents:
            for relation in doc.relations:
                self._inverse[relation.target].append(relation)

    # --- issuers ----------------------------------------------------------------------------
    def issuer_keys_for(self, name: str, on: _dt.date | None = None) -> set[str]:
        """Issuer keys a written name may mean (exact normalised match, then without diacritics).

        A name two bodies bore ("UBND tỉnh Quảng Ngãi" before and after the 2025 merger) means the
        one that existed *on* the day, when that day tells them apart.
        """
        found = set(self._issuer_names.get(key(name), ())) or set(self._issuer_loose.get(loose_key(name), ()))
        if len(found) > 1 and on is not None:
            alive = {k for k in found if self.issuers[k].active_on(on)}
            if alive:
                return alive
        return found

    def find_issuer(self, name: str, on: _dt.date | None = None) -> Issuer:
        """The one issuer *name* names (key, name, short name or alias) — on the day *on*, when given;
        ResolveError otherwise."""
        require("name", name, str)
        if name in self.issuers:
            return self.issuers[name]
        keys = self.issuer_keys_for(name, on)
        if len(keys) == 1:
            return self.issuers[next(iter(keys))]
        if not keys:
            raise ResolveError("unresolved", name, what="issuer")
        raise ResolveError("ambiguous", name, tuple(sorted(keys)), what="issuer")

    def communes(self, of: str | None = None) -> list[Issuer]:
        """The xã-level issuers under *of* (default: the locality's issuer): its own communes, and
        for a province also those of its former districts (each issuer's ``parent`` chain)."""
        if self._communes_of is None:
            under: dict[str, list[Issuer]] = defaultdict(list)
            for issuer in self.issuers.values():
                if issuer.level == "xã":
                    for ancestor in self.ancestors(issuer.key):
                        under[ancestor].append(issuer)
            self._communes_of = dict(under)
        return list(self._communes_of.get(of or self.locality.issuer or "", ()))

    def ancestors(self, issuer_key: str) -> list[str]:
        """The keys of the issuer's parent, its parent's parent … (a cycle stops the walk)."""
        out: list[str] = []
        current = self.issuers.get(issuer_key)
        while current is not None and current.parent and current.parent not in out and current.parent != issuer_key:
            out.append(current.parent)
            current = self.issuers.get(current.parent)
        return out

    def level_chain(self, issuer_key: str | None = None) -> list[str]:
        """The administrative levels from the top down to *issuer_key* (default: the locality's
        issuer) and the communes under it: ["tỉnh", "huyện", "xã"] for a district of 2023,
        ["tỉnh", "xã"] for a commune or a province after 2025."""
        own = self.issuers.get(issuer_key or self.locality.issuer or "")
        if own is None:
            return []
        levels = [self.issuers[k].level for k in reversed(self.ancestors(own.key)) if k in self.issuers]
        levels.append(own.level)
        if own.level != "xã" and self.communes(own.key):
            levels.append("xã")
        return [level for i, level in enumerate(levels) if level and level not in levels[:i]]

    @property
    def owner(self) -> Issuer | None:
        """The locality's own issuer (whose duties the checks follow), when the registry names one."""
        return self.issuers.get(self.locality.issuer or "")

    def succession_text(self, issuer_key: str) -> str:
        """Where *issuer_key*'s duties went, as a person reads it: "UBND huyện Bình Sơn → UBND xã Bình
        Minh, UBND xã Bình Sơn …"; steps through a body that itself ceased are shown in turn."""
        groups: dict[tuple[str, ...], list[str]] = {}
        for _, chain in self.successors(issuer_key):
            groups.setdefault(tuple(chain[:-1]), []).append(chain[-1])
        return "; ".join(" → ".join([*(self.issuer_name(k) for k in prefix), ", ".join(self.issuer_name(k) for k in leaves)])
                         for prefix, leaves in groups.items())

    def issuer_name(self, issuer_key: str, on: _dt.date | None = None) -> str:
        """The name clerks write for the issuer — the one it signed under on *on*, when given."""
        issuer = self.issuers.get(issuer_key)
        if issuer is None:
            return issuer_key
        return issuer.name_on(on) if on is not None else issuer.display_name

    def predecessors(self, issuer_key: str) -> list[Issuer]:
        """The bodies whose duties *issuer_key* took over (derived from their ``successors``)."""
        return [self.issuers[k] for k in self._predecessors.get(issuer_key, ())]

    def successors(self, issuer_key: str) -> list[tuple[Issuer, list[str]]]:
        """Who carries *issuer_key*'s duties now: each body at the end of a chain of successions,
        with the chain of keys that leads to it (["ubnd-binh-son", "ubnd-xa-binh-son-2025"]).

        A successor that has itself ceased passes the duties on to its own successors; a cycle
        or a body with no successor ends the chain where it is.
        """
        out: list[tuple[Issuer, list[str]]] = []
        seen = {issuer_key}
        stack: list[list[str]] = [[issuer_key, s.issuer] for s in reversed(self._issuer_successions(issuer_key))]
        while stack:
            chain = stack.pop()
            current = self.issuers.get(chain[-1])
            if current is None or chain[-1] in seen:
                continue
            seen.add(chain[-1])
            onward = [s.issuer for s in current.successors if s.issuer not in seen]
            if current.valid_until is not None and onward:
                stack.extend([*chain, nxt] for nxt in reversed(onward))
            else:
                out.append((current, chain))
        return out

    def _issuer_successions(self, issuer_key: str) -> tuple[Succession, ...]:
        issuer = self.issuers.get(issuer_key)
        return issuer.successors if issuer else ()

    # --- documents --------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Document]:
        return iter(self.documents)

    def __len__(self) -> int:
        return len(self.documents)

    def citation(self, doc: Document, *, with_title: bool = True) -> Citation:
        """The document's canonical citation, with the name its issuer signed it under."""
        return doc.citation(self.issuer_name(doc.issuer, on=doc.date), with_title=with_title)

    def by_code(self, number: str, symbol: str, year: int | None) -> list[Document]:
        """Documents with this number and symbol (and year inside a normative number)."""
        return list(self._by_code.get(code_key(number, symbol, year), ()))

    def same_number(self, number: str) -> list[Document]:
        """Documents that carry *number* (a small candidate set for near matches)."""
        return list(self._by_number.get(number.lstrip("0") or "0", ()))

    def code_pool(self, number: str, symbol: str, year: int | None, issue_year: int | None,
                  issuers: set[str]) -> tuple[list[Document], bool]:
        """The documents a citation of this code may mean, in registry order, and whether the issuer
        it names differs from theirs: those of *issue_year* (or with no year), then, when *issuers*
        is given, those of these issuers — or, when none of them has it, all the year's with
        "issuer differs" (see :func:`vanban.registry.match.match_citation`).

        A long list is searched through its groups by year and issuer (:data:`GROUP_MIN`)."""
        code = code_key(number, symbol, year)
        found = self._by_code.get(code)
        if not found:
            return [], False
        if len(found) <= GROUP_MIN:
            pool = list(found) if issue_year is None else [d for d in found if d.issue_year in (issue_year, None)]
            if issuers:
                same = [d for d in pool if d.issuer in issuers]
                if same or not pool:
                    return same, False
                return pool, True
            return pool, False
        groups = self._code_groups.get(code)
        if groups is None:
            groups = self._code_groups[code] = _Groups(found, lambda d: d.issue_year)
        if issuers:
            same = groups.of(issue_year, issuers)
            if same:
                return same, False
            pool = groups.of(issue_year, None)
            return pool, bool(pool)
        return groups.of(issue_year, None), False

    def number_pool(self, number: str, year: int | None, issuers: set[str]) -> list[Document]:
        """The documents with *number* a near match may be among, in registry order: those of
        *issuers* (when given) dated in *year* or undated (when *year* is given). A long list is
        searched through its groups by year and issuer (:data:`GROUP_MIN`)."""
        digits = number.lstrip("0") or "0"
        found = self._by_number.get(digits, [])
        if len(found) <= GROUP_MIN:
            return list(found)
        groups = self._number_groups.get(digits)
        if groups is None:
            groups = self._number_groups[digits] = _Groups(found, lambda d: d.date.year if d.date is not None else None)
        return groups.of(year, issuers or None)

    def on_date(self, day: _dt.date) -> list[Document]:
        """Documents dated *day* (a small candidate set for near matches)."""
        return list(self._by_date.get(day, ()))

    def match(self, citation: Citation, *, issuer: str | None = None, on: _dt.date | None = None) -> Match:
        """Which registered document *citation* names (see :mod:`vanban.registry.match`).

        *issuer* is an issuer key that replaces the citation's issuer phrase (an importer knows
        whose document it is); *on* is the date of the document making the reference: a
        document can only point to one that already existed, so when numbers restart in a new
        year ("36/KH-UBND" of 2023 and of 2024) a 2023 reference means the 2023 one.
        """
        require("citation", citation, Citation)
        return match_citation(self, citation, issuer=issuer, on=on)

    def resolve(self, ref: str | Citation, *, on: _dt.date | None = None) -> Document:
        """The document *ref* names: an ID, a Citation, or a citation's text
        ("1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh").

        Deterministic: a reference that matches no document, several, or one that differs in
        a fact it states (date, issuer) raises ResolveError — never a guess.
        """
        require("ref", ref, (str, Citation))
        if isinstance(ref, str):
            text = ref.strip()
            if text in self.by_id:
                return self.by_id[text]
            from ..cite.find import parse_citation  # here: a check resolves written citations, parsed at load

            try:
                citation = parse_citation(text)
            except CitationError:
                raise ResolveError("unresolved", text) from None
        else:
            citation, text = ref, ""
        found = self.match(citation, on=on)
        if found.agrees:
            assert found.document is not None
            return found.document
        text = text or citation.format(with_title=False)
        if found.kind is MatchKind.AMBIGUOUS:
            raise ResolveError("ambiguous", text, tuple(d.id for d in found.candidates))
        nearest = found.document.code if found.document is not None else None
        raise ResolveError("unresolved", text, nearest=nearest)

    def get(self, ref: str | Citation) -> Document | None:
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


class _Groups:
    """A long list of documents (those of one code, or of one number) by year, by issuer and by both,
    each group in the list's order, so that a look-up reads the few documents it may mean."""

    __slots__ = ("by_year_issuer", "by_issuer", "by_year")

    def __init__(self, documents: list[Document], year_of: Callable[[Document], int | None]) -> None:
        self.by_year_issuer: dict[tuple[int | None, str], list[tuple[int, Document]]] = defaultdict(list)
        self.by_issuer: dict[str, list[tuple[int, Document]]] = defaultdict(list)
        self.by_year: dict[int | None, list[tuple[int, Document]]] = defaultdict(list)
        for index, doc in enumerate(documents):
            year = year_of(doc)
            self.by_year_issuer[(year, doc.issuer)].append((index, doc))
            self.by_issuer[doc.issuer].append((index, doc))
            self.by_year[year].append((index, doc))

    def of(self, year: int | None, issuers: set[str] | None) -> list[Document]:
        """The documents of *year* or undated (every year when *year* is None) and of *issuers* (any
        when None), in the list's order."""
        if issuers is None:
            lists = [self.by_year.get(year, []), self.by_year.get(None, [])] if year is not None else list(
                self.by_year.values())
        elif year is None:
            lists = [self.by_issuer.get(issuer, []) for issuer in issuers]
        else:
            lists = [self.by_year_issuer.get((y, issuer), []) for issuer in issuers for y in (year, None)]
        lists = [group for group in lists if group]
        if len(lists) == 1:
            return [doc for _, doc in lists[0]]
        return [doc for _, doc in sorted(pair for group in lists for pair in group)] if lists else []
