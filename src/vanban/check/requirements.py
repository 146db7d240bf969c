"""Implementation a directive requires below it: its own ``requires:``, else the package defaults
(``data/requirements.yaml``, read by the one typed reader)."""

from __future__ import annotations

from functools import lru_cache

import attrs

from ..base.datafiles import read_data_file
from ..base.text import key
from ..registry import Registry
from ..registry.model import BRANCHES, LEVELS, Document, Requirement, level_rank

__all__ = ["DeadlineEvidence", "DefaultRequirement", "deadline_kinds", "default_requirements", "requirements_of"]


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
