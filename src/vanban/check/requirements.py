"""Implementation a directive requires below it: its own ``requires:``, else the package defaults
(``data/requirements.yaml``, read by the one typed reader)."""

from __future__ import annotations

from functools import lru_cache

import attrs

from ..base.datafiles import read_data_file
from ..registry import Registry
from ..registry.model import BRANCHES, LEVELS, Document, Requirement

__all__ = ["DefaultRequirement", "default_requirements", "requirements_of"]


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


@lru_cache(maxsize=1)
def default_requirements() -> tuple[DefaultRequirement, ...]:
    root, reader = read_data_file("requirements.yaml")
    out = []
    for index, node in enumerate(reader.items(reader.mapping(root, "", ("defaults",)).get("defaults"), "defaults")):
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
    reader.raise_if_problems()
    return tuple(out)


def requirements_of(registry: Registry, doc: Document) -> list[Requirement]:
    """Explicit ``requires:`` of the document, else the defaults for its issuer's level and kind."""
    if doc.requires:
        return list(doc.requires)
    issuer = registry.issuers.get(doc.issuer)
    locality = registry.locality.issuer
    if issuer is None or locality is None or doc.issuer == locality:
        return []
    out = []
    for default in default_requirements():
        if issuer.level in default.levels and issuer.branch in default.branches and doc.kind in default.kinds:
            out.append(Requirement(issuers=(locality,), kinds=default.implement_kinds, within=default.within,
                                   source=default.source, line=doc.line))
    return out
