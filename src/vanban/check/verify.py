"""Proofreading a report's citations against the registry (`vanban verify`).

Each citation is matched to a registered document by its number and symbol; then its date,
kind and issuer are compared. A citation that matches nothing gets the nearest registered
document (same number, or same date and symbol: the usual typos). A cited document that a
later one repealed or replaced is flagged. In the report's appendix ("Danh mục …"), the
registered documents of the same issuers and period that the list leaves out are flagged.
Findings have the shape of `vanban check` findings; format defects the registry itself has
(VB1xx) are shown at the line of the report that cites the document.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import defaultdict
from typing import Iterator

import attrs
from rapidfuzz import process

from . import CheckReport, Finding, Severity, run_check
from .catalog import Rule
from ..cite.citation import Citation
from ..cite.explain import line_and_column
from ..cite.find import find_citations
from ..base.messages import message
from ..registry.model import Document, RelationType
from ..registry import Registry

__all__ = ["VERIFY_RULES", "verify_text"]


def _rule(code: str, slug: str, severity: str, vi: str, en: str) -> Rule:
    return Rule(code, slug, Severity(severity), "verify", vi, en)


VERIFY_RULES = {
    r.slug: r
    for r in (
        _rule("VB501", "unknown-document", "error", "Trích dẫn văn bản không có trong sổ đăng ký",
              "A cited document that is not in the registry"),
        _rule("VB502", "wrong-date", "error", "Ngày trong trích dẫn khác ngày trong sổ", "The cited date differs from the registry"),
        _rule("VB503", "wrong-kind", "error", "Tên loại trong trích dẫn khác sổ", "The cited kind differs from the registry"),
        _rule("VB504", "wrong-issuer", "error", "Cơ quan ban hành trong trích dẫn khác sổ",
              "The cited issuer differs from the registry"),
        _rule("VB505", "replaced", "warning", "Văn bản được trích dẫn đã bị thay thế, bãi bỏ hoặc sửa đổi",
              "The cited document was repealed, replaced or amended"),
        _rule("VB506", "missing-from-appendix", "warning",
              "Văn bản đã đăng ký trong kỳ nhưng danh mục của báo cáo bỏ sót",
              "A registered document of the period that the report's appendix leaves out"),
    )
}

_APPENDIX_HEADING = re.compile(r"danh\s+m[uụ]c\s+(?:c[aá]c\s+)?v[aă]n\s+b[aả]n", re.IGNORECASE)


@attrs.define
class _Verifier:
    registry: Registry
    name: str
    text: str
    lang: str

    def t(self, msg_id: str, **params: object) -> str:
        return message("verify", msg_id, self.lang, **params)

    def finding(self, slug: str, citation: Citation | None, msg_id: str, *, doc: Document | None = None,
                suggestion: str | None = None, line: int | None = None, **params: object) -> Finding:
        rule = VERIFY_RULES[slug]
        if line is None and citation is not None:
            line = line_and_column(self.text, citation.start)[0]
        return Finding(
            rule=rule.slug, code=rule.code, severity=rule.severity, message=self.t(msg_id, **params),
            document=doc.id if doc else None,
            citation=citation.format(with_title=False) if citation else (self.registry.citation(doc, with_title=False).format() if doc else None),
            file=self.name, line=line, suggestion=suggestion,
        )

    def nearest(self, citation: Citation) -> Document | None:
        """Same number with a close symbol, else the same date with the same symbol."""
        pool = self.registry.same_number(citation.number)
        if pool:
            best = process.extractOne(citation.code, [d.code for d in pool], score_cutoff=60)
            if best:
                return pool[best[2]]
        if citation.date is not None:
            for doc in self.registry.on_date(citation.date):
                if doc.symbol == citation.symbol:
                    return doc
        return None

    def check_citation(self, citation: Citation) -> tuple[Document | None, list[Finding]]:
        registry = self.registry
        found = registry.candidates(attrs.evolve(citation, issuer=None, date=None))
        if not found:
            near = self.nearest(citation)
            hint = self.t("suggest-nearest", value=registry.citation(near, with_title=False).format()) if near else \
                self.t("suggest-register")
            return None, [self.finding("unknown-document", citation, "unknown-document", code=citation.code, suggestion=hint)]
        doc = found[0]
        if len(found) > 1 and citation.date is not None:
            doc = next((d for d in found if d.date == citation.date), doc)
        out = []
        if citation.invalid_date is not None or (citation.date is not None and doc.date is not None and citation.date != doc.date):
            cited = citation.date_text or ""
            out.append(self.finding("wrong-date", citation, "wrong-date", doc=doc, code=citation.code, cited=cited,
                                    registered=_d(doc.date), suggestion=self.t("suggest-date", date=_d(doc.date))))
        if citation.kind and doc.kind and citation.kind != doc.kind:
            out.append(self.finding("wrong-kind", citation, "wrong-kind", doc=doc, code=citation.code, cited=citation.kind,
                                    registered=doc.kind, suggestion=self.t("suggest-kind", kind=doc.kind)))
        if citation.issuer:
            keys = registry.issuer_keys_for(citation.issuer)
            if keys and doc.issuer not in keys:
                out.append(self.finding("wrong-issuer", citation, "wrong-issuer", doc=doc, code=citation.code,
                                        cited=citation.issuer, registered=registry.issuer_name(doc.issuer),
                                        suggestion=self.t("suggest-issuer", issuer=registry.issuer_name(doc.issuer))))
        for rtype in (RelationType.REPEALS, RelationType.AMENDS):
            for later in registry.inverse(doc, rtype):
                out.append(self.finding("replaced", citation, f"replaced-{rtype.value}", doc=doc, code=citation.code,
                                        by=registry.citation(later, with_title=False).format(),
                                        suggestion=self.t("suggest-replaced")))
        return doc, out


def _d(day: _dt.date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "?"


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


def verify_text(registry: Registry, text: str, *, name: str = "<report>", lang: str = "vi",
                as_of: _dt.date | None = None) -> CheckReport:
    """Verify every citation of *text* (NFC) against *registry*."""
    citations = find_citations(text)
    verifier = _Verifier(registry, name, text, lang)
    findings: list[Finding] = []
    cited_docs: dict[str, list[Citation]] = defaultdict(list)
    for citation in citations:
        doc, problems = verifier.check_citation(citation)
        findings.extend(problems)
        if doc is not None:
            cited_docs[doc.id].append(citation)
    # Defects the registry itself has (VB1xx), shown where the report cites the document.
    own = run_check(registry, as_of=as_of or _dt.date.today(), select=["VB1"], lang=lang)
    for finding in own.findings:
        for citation in cited_docs.get(finding.document or "", [])[:1]:
            findings.append(attrs.evolve(finding, file=name, line=line_and_column(text, citation.start)[0]))
    findings.extend(_appendix_gaps(verifier, citations, cited_docs))
    findings.sort(key=lambda f: (f.line or 0, -f.severity.rank, f.code))
    rules = tuple(VERIFY_RULES.values()) + own.rules
    return CheckReport(as_of or _dt.date.today(), None, tuple(findings), rules)


def _appendix_gaps(verifier: _Verifier, citations: list[Citation],
                   cited_docs: dict[str, list[Citation]]) -> Iterator[Finding]:
    registry, text = verifier.registry, verifier.text
    heading = _appendix_heading(text)
    if heading is None:
        return
    # The report itself: the first citation of the text that is a registered Báo cáo.
    report = None
    for doc_id, cites in cited_docs.items():
        doc = registry.by_id[doc_id]
        if doc.kind == "Báo cáo" and cites[0].start < heading.start():
            report = doc
            break
    listed_ids = set()
    for doc_id, cites in cited_docs.items():
        if any(c.start > heading.end() and _listed(text, c) for c in cites):
            listed_ids.add(doc_id)
    listed = [registry.by_id[i] for i in listed_ids]
    if not listed:
        return
    issuers = {d.issuer for d in listed}
    end = report.date if report and report.date else max(d.date for d in listed if d.date)
    start = min(d.date for d in listed if d.date)
    line = line_and_column(text, heading.start())[0]
    for doc in registry.documents:
        if doc.issuer not in issuers or doc.id in listed_ids or (report is not None and doc.id == report.id):
            continue
        if doc.date is None or not start <= doc.date <= end:
            continue
        yield verifier.finding("missing-from-appendix", None, "missing-from-appendix", doc=doc, line=line,
                               code=registry.citation(doc, with_title=False).format(),
                               suggestion=verifier.t("suggest-add-to-appendix"))
