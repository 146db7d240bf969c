"""A province's view of its communes: who has answered which of its directives, and each
commune's findings.

Since 01/7/2025 a province supervises its communes directly (Quảng Ngãi has 96). The view is
computed from the one analysis: the requirements of the province's directives
(:attr:`Analysis.requirements`, the same statuses VB204 reports) as a commune × directive matrix,
and every finding attributed to the commune it concerns.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter, defaultdict
from typing import Any

import attrs

from ..base.text import sort_key as vi_sort_key
from ..registry import Registry
from ..registry.model import Issuer
from .analysis import Analysis
from .findings import Finding
from .requirements import Answer, AnswerState, RequirementStatus

__all__ = ["CommuneRow", "ProvinceView", "commune_of", "province_view"]


@attrs.frozen(slots=True)
class CommuneRow:
    """One commune: its answers to the directives (column index → answer) and its findings."""

    issuer: Issuer
    answers: dict[int, Answer] = attrs.field(hash=False)
    findings: tuple[Finding, ...] = ()

    def counts(self) -> Counter[str]:
        """Active findings by severity, and answers by state ("missing", "late" …)."""
        out: Counter[str] = Counter(f.severity.value for f in self.findings if f.silenced is None)
        out.update(a.state.value for a in self.answers.values())
        return out


@attrs.frozen(slots=True)
class ProvinceView:
    """The communes under the locality (rows) and the directives that ask something of them (columns)."""

    as_of: _dt.date
    columns: tuple[RequirementStatus, ...]
    rows: tuple[CommuneRow, ...]
    #: findings that concern no commune (the province's own documents and duties)
    own: tuple[Finding, ...] = ()

    def to_dict(self, registry: Registry, lang: str) -> dict[str, Any]:
        """The view as plain data (the JSON of ``vanban coverage --by commune``)."""
        columns = []
        for status in self.columns:
            doc = registry.by_id[status.document]
            columns.append({"document": doc.id, "code": registry.citation(doc, with_title=False).format(),
                            "title": doc.title, "kinds": list(status.requirement.kinds),
                            "within": status.requirement.within, "window_end": status.window_end.isoformat()})
        rows = []
        for row in self.rows:
            rows.append({
                "issuer": row.issuer.key, "name": registry.issuer_name(row.issuer.key),
                "answers": {self.columns[i].document: {"state": a.state.value, "document": a.document,
                                                        "date": a.date.isoformat() if a.date else None}
                            for i, a in row.answers.items()},
                "counts": dict(row.counts()),
                "findings": [f.to_dict(lang) for f in row.findings],
            })
        return {"as_of": self.as_of.isoformat(), "columns": columns, "communes": rows,
                "own_findings": [f.to_dict(lang) for f in self.own]}


def commune_of(finding: Finding, communes: set[str], registry: Registry) -> list[str]:
    """The communes a finding concerns: the one that owes the deadline, the ones a directive still
    waits for (VB204), or the one that issued the document; none for the province's own."""
    data = finding.data
    owed = data.get("owed_by")
    if isinstance(owed, str) and owed in communes:
        return [owed]
    missing = data.get("missing")
    if isinstance(missing, list) and finding.code == "VB204":
        return [k for k in missing if k in communes]
    late = data.get("issuer")
    if finding.code == "VB204" and isinstance(late, str) and late in communes:
        return [late]
    doc = registry.by_id.get(finding.document or "")
    if doc is not None and doc.issuer in communes:
        return [doc.issuer]
    return []


def province_view(analysis: Analysis, *, select: list[str] | None = None, ignore: list[str] | None = None
                  ) -> ProvinceView:
    """The commune × directive matrix and each commune's findings, from *analysis*.

    The communes are those under the locality's issuer (its parent chain) that existed on as-of,
    and any other that a directive asks; the columns are the requirements that ask at least one of
    them, in date order.
    """
    registry = analysis.registry
    under = [c for c in registry.communes() if c.active_on(analysis.as_of)]
    keys = {c.key for c in under}
    columns = [s for s in analysis.requirements if any(k in keys for k in s.answers)]
    columns.sort(key=lambda s: (registry.by_id[s.document].date or _dt.date.min, s.document))
    asked = {k for s in columns for k in s.answers if registry.issuers.get(k) and registry.issuers[k].level == "xã"}
    communes = {c.key: c for c in under}
    communes.update({k: registry.issuers[k] for k in asked if k not in communes})
    report = analysis.check(select, ignore)
    by_commune: dict[str, list[Finding]] = defaultdict(list)
    own: list[Finding] = []
    for finding in report.findings:
        targets = commune_of(finding, set(communes), registry)
        if not targets:
            own.append(finding)
        for key in targets:
            by_commune[key].append(finding)
    rows = []
    for key, issuer in sorted(communes.items(), key=lambda kv: (vi_sort_key(registry.issuer_name(kv[0])), kv[0])):
        answers = {i: s.answers[key] for i, s in enumerate(columns) if key in s.answers}
        rows.append(CommuneRow(issuer, answers, tuple(by_commune.get(key, ()))))
    return ProvinceView(analysis.as_of, tuple(columns), tuple(rows), tuple(own))


def state_counts(view: ProvinceView) -> Counter[AnswerState]:
    """How many answers of each state the whole matrix holds."""
    return Counter(a.state for row in view.rows for a in row.answers.values())
