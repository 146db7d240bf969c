"""Proofreading a report's citations against the registry (`vanban verify`, rules VB5xx).

Each citation is looked up with the one registry match (:meth:`Registry.match`): an exact
match has its date, kind and issuer compared; a citation that matches nothing gets the nearest
registered document (same number, or same date and symbol: the usual typos); one that matches
several is reported as such, never guessed. A cited document that a later one repealed or
amended is flagged. In the report's appendix ("Danh mục …"), the registered documents of the
same issuers and period that the list leaves out are flagged. Findings have the shape of
`vanban check` findings; format defects the registry itself has (VB1xx) are shown at the line
of the report that cites the document.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections import defaultdict
from typing import Any, Iterator, Mapping

import attrs

from ..base.messages import Message
from ..base.safety import require
from ..cite.citation import Citation
from ..cite.explain import LineIndex
from ..cite.find import document_identity, find_citations
from ..registry import MatchKind, Registry
from ..registry.model import Document, RelationType
from .analysis import CheckReport, analyse
from .catalog import RULES, VERIFY_GROUP
from .findings import Finding

__all__ = ["VERIFY_RULES", "verify_text"]

#: slug → Rule of the verify group (VB5xx), from the rule catalog
VERIFY_RULES = {slug: rule for slug, rule in RULES.items() if rule.group == VERIFY_GROUP}

_APPENDIX_HEADING = re.compile(r"danh\s+m[uụ]c\s+(?:c[aá]c\s+)?v[aă]n\s+b[aả]n", re.IGNORECASE)


def _msg(msg_id: str, **params: Any) -> Message:
    return Message(f"verify.{msg_id}", params)


@attrs.define
class _Verifier:
    registry: Registry
    name: str
    text: str
    lines: LineIndex

    def finding(self, slug: str, citation: Citation | None, msg_id: str, params: Mapping[str, Any], *,
                doc: Document | None = None, suggestion: Message | None = None,
                line: int | None = None) -> Finding:
        rule = VERIFY_RULES[slug]
        full_id = f"verify.{msg_id}"
        if full_id not in rule.spec.messages:
            raise KeyError(f"{rule.code} reports {full_id}, which data/rules.yaml does not list for it")
        if line is None and citation is not None:
            line = self.lines.line_and_column(citation.start)[0]
        shown: str | None = None
        if citation is not None:
            shown = citation.format(with_title=False)
        elif doc is not None:
            shown = self.registry.citation(doc, with_title=False).format()
        return Finding(
            rule=rule.slug, code=rule.code, severity=rule.severity, message=Message(full_id, params),
            document=doc.id if doc else None, citation=shown, file=self.name, line=line, suggestion=suggestion,
        )

    def check_citation(self, citation: Citation) -> tuple[Document | None, list[Finding]]:
        registry = self.registry
        found = registry.match(citation)
        if found.kind is MatchKind.NONE or found.kind is MatchKind.NEAR:
            near = found.document
            hint = _msg("suggest-nearest", value=registry.citation(near, with_title=False).format()) if near else \
                _msg("suggest-register")
            return None, [self.finding("unknown-document", citation, "unknown-document", {"code": citation.code},
                                       suggestion=hint)]
        if found.kind is MatchKind.AMBIGUOUS:
            ids = [d.id for d in found.candidates]
            return None, [self.finding("unknown-document", citation, "ambiguous-document",
                                       {"code": citation.code, "count": len(ids), "candidates": ids[:5]},
                                       suggestion=_msg("suggest-disambiguate"))]
        doc = found.document
        assert doc is not None
        out = []
        if "date" in found.differs:
            out.append(self.finding("wrong-date", citation, "wrong-date",
                                    {"code": citation.code, "cited": citation.date_text or "",
                                     "registered": doc.date or "?"},
                                    doc=doc, suggestion=_msg("suggest-date", date=doc.date or "?")))
        if "kind" in found.differs:
            out.append(self.finding("wrong-kind", citation, "wrong-kind",
                                    {"code": citation.code, "cited": citation.kind, "registered": doc.kind},
                                    doc=doc, suggestion=_msg("suggest-kind", kind=doc.kind)))
        if "issuer" in found.differs:
            issuer = registry.issuer_name(doc.issuer)
            out.append(self.finding("wrong-issuer", citation, "wrong-issuer",
                                    {"code": citation.code, "cited": citation.issuer, "registered": issuer},
                                    doc=doc, suggestion=_msg("suggest-issuer", issuer=issuer)))
        return doc, out

    def replaced(self, citation: Citation, doc: Document, beside: set[str]) -> Iterator[Finding]:
        """A cited document that a later one repealed or amended, unless the text cites that later
        one beside it (*beside*: the documents cited in the same sentence or list item, or whose
        title holds this citation: "Thông tư 02/2025 sửa đổi Thông tư 10/2022 …")."""
        for rtype in (RelationType.REPEALS, RelationType.AMENDS):
            for later in self.registry.inverse(doc, rtype):
                if later.id in beside:
                    continue
                yield self.finding("replaced", citation, f"replaced-{rtype.value}",
                                   {"code": citation.code, "by": self.registry.citation(later, with_title=False).format()},
                                   doc=doc, suggestion=_msg("suggest-replaced"))


#: where a sentence or a list item ends: a full stop, semicolon or colon before a space, a blank
#: line, or a new line that opens a list item ("- ", "2. ", "b) ")
_CLAUSE_END = re.compile(r"[.;:!?](?=\s)|\n\s*\n|\n(?=\s*(?:[-–•+*]|\d{1,3}[.)]|[a-zđ][.)])\s)")


class _Neighbours:
    """Which registered documents are cited in the same clause as a citation, or carry it in their
    title; found with the clause boundaries and the titles' spans sorted once (no pass per pair)."""

    def __init__(self, text: str, matched: list[tuple[Citation, Document]]) -> None:
        self.ends = [m.end() for m in _CLAUSE_END.finditer(text)]
        self.clauses: dict[int, set[str]] = defaultdict(set)
        self.titles: list[tuple[int, int, str]] = []
        for citation, doc in matched:
            self.clauses[bisect.bisect_right(self.ends, citation.start)].add(doc.id)
            if citation.title:
                at = text.find(citation.title, citation.end)
                if at >= 0:
                    self.titles.append((at, at + len(citation.title), doc.id))
        self.titles.sort()
        self.title_starts = [start for start, _, _ in self.titles]

    def beside(self, citation: Citation) -> set[str]:
        out = set(self.clauses.get(bisect.bisect_right(self.ends, citation.start), ()))
        # titles that begin before the citation and run past it (few: titles do not nest deeply)
        index = bisect.bisect_right(self.title_starts, citation.start)
        for start, end, doc_id in reversed(self.titles[max(0, index - 8):index]):
            if start <= citation.start < end:
                out.add(doc_id)
        return out


def _appendix_heading(text: str) -> re.Match[str] | None:
    """The appendix's heading: a "Danh mục … văn bản" written in capitals (a heading), else the
    last mention — the body may say "(Có danh mục văn bản kèm theo)" long before the list."""
    matches = list(_APPENDIX_HEADING.finditer(text))
    for match in matches:
        if match.group(0).isupper():
            return match
    return matches[-1] if matches else None


def _listed(text: str, citation: Citation) -> bool:
    """A citation that opens its line (after any bullet): an item of a list."""
    line_start = text.rfind("\n", 0, citation.start) + 1
    return text[line_start:citation.start].strip(" \t-–•*+0123456789.)") == ""


def verify_text(registry: Registry, text: str, *, name: str = "<report>", as_of: _dt.date | None = None) -> CheckReport:
    """Verify every citation of *text* (NFC) against *registry*."""
    require("registry", registry, Registry)
    require("text", text, str)
    found = find_citations(text)
    itself = document_identity(found)  # the report's own number: the report itself, not a citation
    citations = [c for c in found if not c.identity]
    verifier = _Verifier(registry, name, text, LineIndex(text))
    findings: list[Finding] = []
    cited_docs: dict[str, list[Citation]] = defaultdict(list)
    matched: list[tuple[Citation, Document]] = []
    for citation in citations:
        doc, problems = verifier.check_citation(citation)
        findings.extend(problems)
        if doc is not None:
            cited_docs[doc.id].append(citation)
            matched.append((citation, doc))
    neighbours = _Neighbours(text, matched)
    for citation, doc in matched:
        findings.extend(verifier.replaced(citation, doc, neighbours.beside(citation)))
    # Defects the registry itself has (VB1xx), shown where the report cites the document.
    own = analyse(registry, as_of=as_of).check(select=["VB1"])
    for finding in own.findings:
        for citation in cited_docs.get(finding.document or "", [])[:1]:
            findings.append(attrs.evolve(finding, file=name, line=verifier.lines.line_and_column(citation.start)[0]))
    findings.extend(_appendix_gaps(verifier, citations, cited_docs, itself))
    findings.sort(key=lambda f: (f.line or 0, -f.severity.rank, f.code))
    rules = tuple(VERIFY_RULES.values()) + own.rules
    return CheckReport(as_of or _dt.date.today(), None, tuple(findings), rules)


def _appendix_gaps(verifier: _Verifier, citations: list[Citation],
                   cited_docs: dict[str, list[Citation]], itself: Citation | None = None) -> Iterator[Finding]:
    registry, text = verifier.registry, verifier.text
    heading = _appendix_heading(text)
    if heading is None:
        return
    # The report itself: its own number (header), else the first citation of the text that is a
    # registered Báo cáo.
    report = None
    if itself is not None:
        match = registry.match(itself)
        report = match.document if match.kind is MatchKind.EXACT else None
    for doc_id, cites in ([] if report is not None else cited_docs.items()):
        doc = registry.by_id[doc_id]
        if doc.kind == "Báo cáo" and cites[0].start < heading.start():
            report = doc
            break
    listed_ids = set()
    for doc_id, cites in cited_docs.items():
        if any(c.start > heading.end() and _listed(text, c) for c in cites):
            listed_ids.add(doc_id)
    listed = [registry.by_id[i] for i in listed_ids]
    dates = [d.date for d in listed if d.date]
    if not dates:
        return
    issuers = {d.issuer for d in listed}
    end = report.date if report and report.date else max(dates)
    start = min(dates)
    line = verifier.lines.line_and_column(heading.start())[0]
    for doc in registry.documents:
        if doc.issuer not in issuers or doc.id in listed_ids or (report is not None and doc.id == report.id):
            continue
        if doc.date is None or not start <= doc.date <= end:
            continue
        yield verifier.finding("missing-from-appendix", None, "missing-from-appendix",
                               {"code": registry.citation(doc, with_title=False).format()}, doc=doc, line=line,
                               suggestion=_msg("suggest-add-to-appendix"))
