"""Implementation a directive requires below it: its own ``requires:``, else the package defaults
(``data/requirements.yaml``, read by the one typed reader)."""

from __future__ import annotations

import datetime as _dt
from functools import lru_cache

import attrs

from ..base.datafiles import cached_data, read_data_file
from ..base.messages import ShownState
from ..base.text import key
from ..registry import Registry
from ..registry.model import BRANCHES, LEVELS, Document, Period, RelationType, Requirement, level_rank

__all__ = ["Answer", "AnswerState", "DeadlineEvidence", "DefaultRequirement", "RequirementStatus", "deadline_kinds",
           "default_requirements", "requirement_statuses", "requirements_of"]


@attrs.frozen(slots=True)
class DefaultRequirement:
    """A document of an issuer at one of ``levels`` (and ``branches``), of one of ``kinds``, is to be
    implemented by the registry's own office with one of ``implement_kinds`` within ``within`` days."""

    levels: tuple[str, ...]
    branches: tuple[str, ...]
    kinds: tuple[str, ...]
    implement_kinds: tuple[str, ...]
    within: int
    source: str | None


@attrs.frozen(slots=True)
class DeadlineEvidence:
    """A deadline whose ``what`` has one of ``words`` is answered by a document of one of ``kinds``."""

    words: tuple[str, ...]
    kinds: tuple[str, ...]


@lru_cache(maxsize=1)
def _tables() -> tuple[tuple[DefaultRequirement, ...], tuple[DeadlineEvidence, ...]]:
    return cached_data("requirements.yaml", _parse_tables)


def _parse_tables() -> tuple[tuple[DefaultRequirement, ...], tuple[DeadlineEvidence, ...]]:
    root, reader = read_data_file("requirements.yaml")
    top = reader.mapping(root, "", ("defaults", "deadline_evidence"))
    out = []
    for index, node in enumerate(reader.items(top.get("defaults"), "defaults")):
        where = f"defaults[{index}]"
        item = reader.mapping(node, where, ("when", "kind", "within", "source"))
        when = reader.mapping(item.get("when"), f"{where}.when", ("level", "branch", "kind"))
        if not reader.require(node, item, where, "when", "within"):
            continue
        levels = tuple(v for v, n in reader.texts(when.get("level"), f"{where}.when.level")
                       if reader.choice(n, f"{where}.when.level", LEVELS))
        branches = tuple(v for v, n in reader.texts(when.get("branch"), f"{where}.when.branch")
                         if reader.choice(n, f"{where}.when.branch", BRANCHES))
        out.append(DefaultRequirement(
            levels=levels, branches=branches,
            kinds=tuple(v for v, _ in reader.texts(when.get("kind"), f"{where}.when.kind")),
            implement_kinds=tuple(v for v, _ in reader.texts(item.get("kind"), f"{where}.kind")),
            within=reader.integer(item.get("within"), f"{where}.within", 0, 3660) or 0,
            source=reader.text(item.get("source"), f"{where}.source"),
        ))
    evidence = []
    for index, node in enumerate(reader.items(top.get("deadline_evidence"), "deadline_evidence")):
        where = f"deadline_evidence[{index}]"
        item = reader.mapping(node, where, ("words", "kinds"))
        if reader.require(node, item, where, "words", "kinds"):
            evidence.append(DeadlineEvidence(
                words=tuple(key(v) for v, _ in reader.texts(item.get("words"), f"{where}.words")),
                kinds=tuple(v for v, _ in reader.texts(item.get("kinds"), f"{where}.kinds")),
            ))
    reader.raise_if_problems()
    return tuple(out), tuple(evidence)


def default_requirements() -> tuple[DefaultRequirement, ...]:
    """The package's default requirements (``data/requirements.yaml``, ``defaults:``)."""
    return _tables()[0]


def deadline_kinds(what: str) -> tuple[str, ...]:
    """The kinds of document that answer a deadline described by *what* ("báo cáo kết quả …" → Báo cáo)."""
    words = key(what)
    return tuple(dict.fromkeys(k for entry in _tables()[1] if any(w in words for w in entry.words)
                               for k in entry.kinds))


def requirements_of(registry: Registry, doc: Document) -> list[Requirement]:
    """Explicit ``requires:`` of the document, else the defaults for its issuer's level and kind."""
    if doc.requires:
        return list(doc.requires)
    issuer = registry.issuers.get(doc.issuer)
    locality = registry.locality.issuer
    owner = registry.owner
    if issuer is None or locality is None or owner is None or doc.issuer == locality:
        return []
    # a default is owed only downwards (a province's plan by a commune, not by the province itself)
    # and only by a body that existed when the document came
    if level_rank(owner.level) <= level_rank(issuer.level):
        return []
    if doc.date is not None and (owner.not_yet_on(doc.date) or owner.ceased_before(doc.date)):
        return []
    out = []
    for default in default_requirements():
        if issuer.level in default.levels and issuer.branch in default.branches and doc.kind in default.kinds:
            out.append(Requirement(issuers=(locality,), kinds=default.implement_kinds, within=default.within,
                                   source=default.source, line=doc.line))
    return out


class AnswerState(ShownState):
    """Where one required body stands with one directive's requirement."""

    DONE = "done"  # implemented within the window
    LATE = "late"  # implemented, after the window closed
    MISSING = "missing"  # nothing, and the window has closed
    PENDING = "pending"  # nothing yet, the window is still open

    @classmethod
    def catalog(cls) -> tuple[str, dict[str, str]]:
        return "answer", _ANSWER_MARKS


_ANSWER_MARKS = {"done": "✓", "late": "!", "missing": "✗", "pending": "…"}


@attrs.frozen(slots=True)
class Answer:
    state: AnswerState
    document: str | None = None  # the first implementing document's ID
    date: _dt.date | None = None
    #: the bodies whose documents count: the required one, and its successors when it ceased in the window
    owners: frozenset[str] = frozenset()


@attrs.frozen(slots=True)
class RequirementStatus:
    """One requirement of one directive, and each required body's answer on the day of the analysis."""

    document: str  # the directive's ID
    requirement: Requirement
    window_end: _dt.date
    answers: dict[str, Answer] = attrs.field(hash=False)  # required issuer key → its answer

    @property
    def closed(self) -> bool:
        """Whether the window had closed on the day of the analysis (some answer is not pending)."""
        return not any(a.state is AnswerState.PENDING for a in self.answers.values())

    def with_state(self, state: AnswerState) -> list[str]:
        return [k for k, a in self.answers.items() if a.state is state]


def requirement_statuses(registry: Registry, *, as_of: _dt.date, period: Period | None = None
                         ) -> list[RequirementStatus]:
    """Every requirement of the directives dated in *period* (all, without one), with each required
    body's answer as of *as_of*: the one computation behind VB204 and the province's view of its
    communes. A body that did not exist when the directive came is not asked; one that ceased in the
    window is answered by its successors too."""
    out = []
    for doc in registry.documents:
        if doc.date is None or (period is not None and doc.date not in period):
            continue
        requirements = requirements_of(registry, doc)
        if not requirements:
            continue
        below = registry.inverse(doc, RelationType.IMPLEMENTS) + registry.inverse(doc, RelationType.RESPONDS_TO)
        for req in requirements:
            window_end = doc.date + _dt.timedelta(days=req.within)
            answers: dict[str, Answer] = {}
            for issuer_key, owners in _owed_by(registry, req.issuers, doc.date, window_end).items():
                done = sorted((d for d in below if d.issuer in owners and d.date is not None and d.date <= as_of
                               and (not req.kinds or d.kind in req.kinds)), key=lambda d: d.date)  # type: ignore[arg-type,return-value]
                first = done[0] if done else None
                if first is not None and first.date is not None:
                    state = AnswerState.DONE if first.date <= window_end else AnswerState.LATE
                else:
                    state = AnswerState.PENDING if as_of <= window_end else AnswerState.MISSING
                answers[issuer_key] = Answer(state, first.id if first else None, first.date if first else None,
                                             frozenset(owners))
            out.append(RequirementStatus(doc.id, req, window_end, answers))
    return out


def _owed_by(registry: Registry, issuers: tuple[str, ...], issued: _dt.date, window_end: _dt.date
             ) -> dict[str, set[str]]:
    """Each required body that existed when the document was issued, with the bodies whose documents
    count for it: itself, and its successors when it ceased before the window closed."""
    owed: dict[str, set[str]] = {}
    for issuer_key in issuers:
        issuer = registry.issuers.get(issuer_key)
        if issuer is not None and (issuer.not_yet_on(issued) or issuer.ceased_before(issued)):
            continue  # not there when the document came (its predecessor or successor is asked instead)
        owners = {issuer_key}
        if issuer is not None and issuer.ceased_before(window_end):
            owners.update(k for _, chain in registry.successors(issuer_key) for k in chain)
        owed[issuer_key] = owners
    return owed
