"""One analysis of a registry as of one day, shared by ``check``, ``coverage``, ``due`` and ``report``.

The coverage matrices, the deadlines and the findings are each computed once, on first use, and
every output reads them from here: the deadline rules read :attr:`Analysis.due`, the coverage
rule :attr:`Analysis.coverage`, and the dashboard all three.
"""

from __future__ import annotations

import datetime as _dt
from collections import Counter
from functools import cached_property
from typing import Any, Iterable

import attrs

from ..base.messages import DEFAULT_LANG, Message
from ..base.progress import QUIET, Progress
from ..base.safety import ArgumentError, require
from ..registry import Registry
from ..registry.model import Period
from .catalog import Rule, select_rules
from .context import CheckContext
from .coverage import CoverageMatrix, PlanIndex, coverage_matrix, index_plans
from .deadlines import DueItem, due_items, plan_matrix
from .findings import Finding, Severity
from .requirements import RequirementStatus, requirement_statuses

__all__ = ["Analysis", "CheckReport", "analyse", "exit_code", "run_check"]


@attrs.frozen(slots=True)
class CheckReport:
    """The findings of a run (check or verify), in the order they are shown."""

    as_of: _dt.date
    period: Period | None
    findings: tuple[Finding, ...]
    rules: tuple[Rule, ...]
    #: what the reader needs to read the findings right: a program that has ended, a locality
    #: created or ceased (so that nothing before or after it was checked)
    notes: tuple[Message, ...] = ()

    @property
    def active(self) -> list[Finding]:
        """Findings not silenced by the registry."""
        return [f for f in self.findings if f.silenced is None]

    def summary(self) -> dict[str, Any]:
        counts = Counter(f.severity.value for f in self.active)
        return {
            "error": counts.get("error", 0),
            "warning": counts.get("warning", 0),
            "info": counts.get("info", 0),
            "silenced": sum(1 for f in self.findings if f.silenced is not None),
            "documents": len({f.document for f in self.active if f.document}),
            "rules": [r.slug for r in self.rules],
        }

    def to_dict(self, lang: str = DEFAULT_LANG) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "period": str(self.period) if self.period else None,
            "findings": [f.to_dict(lang) for f in self.findings],
            "notes": [n.render(lang) for n in self.notes],
            "summary": self.summary(),
        }


def _order(finding: Finding) -> tuple[Any, ...]:
    # by file (a registry in a folder: each file's findings together), then line; the Vietnamese
    # text breaks ties: the same order whatever language the output is in
    return (finding.file or "", finding.line or 0, -finding.severity.rank, finding.code, finding.text(DEFAULT_LANG))


@attrs.define
class Analysis:
    """A registry as of *as_of* (and within *period*): what every output is computed from."""

    registry: Registry
    as_of: _dt.date
    period: Period | None = None
    within: int = 30
    _reports: dict[tuple[tuple[str, ...] | None, tuple[str, ...] | None], CheckReport] = attrs.field(
        factory=dict, init=False, repr=False)

    @cached_property
    def plan_indexes(self) -> dict[str, PlanIndex]:
        """Each program's plans by unit and year: the one pass over the documents."""
        return {code: index_plans(self.registry, program, as_of=self.as_of)
                for code, program in self.registry.programs.items()}

    @cached_property
    def coverage(self) -> list[CoverageMatrix]:
        """One sub-project × year matrix per program, over the period up to as-of."""
        return [coverage_matrix(self.registry, program, as_of=self.as_of, period=self.period,
                                index=self.plan_indexes[code])
                for code, program in self.registry.programs.items()]

    @cached_property
    def due(self) -> list[DueItem]:
        """Every deadline with its state on as-of, soonest first (within the period, when given)."""
        matrices = {code: plan_matrix(self.registry, program, self.as_of, self.period, index=self.plan_indexes[code])
                    for code, program in self.registry.programs.items()}
        return due_items(self.registry, as_of=self.as_of, period=self.period, plan_matrices=matrices)

    @cached_property
    def requirements(self) -> list[RequirementStatus]:
        """Every directive's requirements below it, each required body's answer on as-of (VB204, the
        province's view of its communes)."""
        return requirement_statuses(self.registry, as_of=self.as_of, period=self.period)

    @cached_property
    def notes(self) -> tuple[Message, ...]:
        """The time of the locality and of its programs, as it bears on the findings."""
        registry, out = self.registry, []
        owner = registry.owner
        if owner is not None and owner.valid_from is not None:
            out.append(Message("check.note-created", {"issuer": registry.issuer_name(owner.key),
                                                      "since": owner.valid_from}))
        if owner is not None and owner.ceased_before(self.as_of):
            successors = registry.succession_text(owner.key)
            out.append(Message("check.note-ceased-successors" if successors else "check.note-ceased",
                               {"issuer": registry.issuer_name(owner.key), "until": owner.valid_until,
                                "chain": successors}))
        for program in registry.programs.values():
            if program.closed_on(self.as_of):
                out.append(Message("check.note-program-closed", {"program": program.short_name or program.name,
                                                                 "end": program.end}))
        return tuple(out)

    def adopt(self, report: CheckReport, select: Iterable[str] | None = None,
              ignore: Iterable[str] | None = None) -> None:
        """Take *report* as this analysis's findings for *select* and *ignore* — the findings of the
        same registry and settings kept from an earlier run (check/reportcache.py) — so that
        :meth:`check` returns it instead of running the rules."""
        require("report", report, CheckReport)
        if report.as_of != self.as_of or report.period != self.period:
            raise ArgumentError("error.argument-value", name="report", reason="made for another day or period")
        self._reports[(tuple(select) if select is not None else None,
                       tuple(ignore) if ignore is not None else None)] = report

    def check(self, select: Iterable[str] | None = None, ignore: Iterable[str] | None = None, *,
              progress: Progress = QUIET) -> CheckReport:
        """The findings of the selected rules (RuleSelectionError for a name that is no rule);
        *progress* is told of each rule as it runs."""
        key = (tuple(select) if select is not None else None, tuple(ignore) if ignore is not None else None)
        if key not in self._reports:
            rules = select_rules(select, ignore)
            ctx = CheckContext(self)
            findings: list[Finding] = []
            progress.start(Message("progress.check"), len(rules))
            for rule in rules:
                ctx.rule = rule
                assert rule.func is not None
                findings.extend(rule.func(ctx))
                progress.advance()
            progress.finish()
            findings.sort(key=_order)
            self._reports[key] = CheckReport(self.as_of, self.period, tuple(findings), tuple(rules), self.notes)
        return self._reports[key]


def analyse(registry: Registry, *, as_of: _dt.date | None = None, period: Period | None = None,
            within: int = 30) -> Analysis:
    """The analysis of *registry* as of *as_of* (default today)."""
    require("registry", registry, Registry)
    if as_of is not None:
        require("as_of", as_of, _dt.date)
    if period is not None:
        require("period", period, Period)
    require("within", within, int)
    return Analysis(registry, as_of or _dt.date.today(), period, within)


def run_check(
    registry: Registry,
    *,
    as_of: _dt.date | None = None,
    period: Period | None = None,
    select: Iterable[str] | None = None,
    ignore: Iterable[str] | None = None,
    within: int = 30,
) -> CheckReport:
    """Run the selected rules over *registry* as of *as_of* (default today)."""
    return analyse(registry, as_of=as_of, period=period, within=within).check(select, ignore)


def exit_code(report: CheckReport, fail_level: str = "error") -> int:
    """0 when no active finding is at or above *fail_level* ("error", "warning", "never"), else 1."""
    if fail_level == "never":
        return 0
    threshold = Severity(fail_level).rank
    return 1 if any(f.severity.rank >= threshold for f in report.active) else 0
