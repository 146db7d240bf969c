"""The rule catalog (``data/rules.yaml``): every rule of ``vanban check`` and ``vanban verify``.

One entry per rule: its code (``VB101``), slug (``unknown-abbreviation``), default severity,
group, the message ids it reports, and its documentation — what it checks, why (with the legal
source), an example and how to fix it. ``docs/rules.md`` is generated from it
(:mod:`vanban.check.docs`); the rule's one-line summary is the catalog message ``rule.<slug>``.

It is data at the bottom of the layers so that the registry can check the names in a
``silence:`` entry without importing the checks; :mod:`vanban.check.catalog` binds each
entry to the function that implements it.
"""

from __future__ import annotations

import enum
import re
from functools import lru_cache

import attrs

from .datafiles import cached_data, read_data_file
from .lazyre import lazy_compile
from .messages import DEFAULT_LANG, text

__all__ = ["Severity", "RuleSpec", "RuleGroup", "RuleCatalog", "rule_catalog"]


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        return {"error": 3, "warning": 2, "info": 1}[self.value]

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return text(f"severity.{self.value}", lang)


@attrs.frozen(slots=True)
class RuleGroup:
    prefix: str  # "VB1"
    name: str  # "format"
    title: str  # docs heading
    intro: str | None = None


@attrs.frozen(slots=True)
class RuleSpec:
    """What the catalog says about one rule (its implementation lives in vanban.check)."""

    code: str
    slug: str
    severity: Severity
    group: str
    #: message ids the rule reports ("check.unknown-kind-abbr"); reporting any other is a bug
    messages: tuple[str, ...]
    flags: str  # one line for the docs table
    what: str
    why: str
    example: str
    fix: str

    def summary(self, lang: str = DEFAULT_LANG) -> str:
        return text(f"rule.{self.slug}", lang)


@attrs.frozen(slots=True)
class RuleCatalog:
    groups: tuple[RuleGroup, ...]
    rules: tuple[RuleSpec, ...]

    def by_code(self, code: str) -> RuleSpec:
        return next(r for r in self.rules if r.code == code)

    def names(self) -> frozenset[str]:
        """Every code and slug (what a ``silence:`` key or ``--select`` may name)."""
        return frozenset(n for r in self.rules for n in (r.code, r.slug))


_CODE = lazy_compile(r"VB\d{3}")
_SLUG = lazy_compile(r"[a-z]+(?:-[a-z]+)*")
_GROUP_FIELDS = ("prefix", "name", "title", "intro")
_RULE_FIELDS = ("code", "slug", "severity", "group", "messages", "flags", "what", "why", "example", "fix")


@lru_cache(maxsize=1)
def rule_catalog() -> RuleCatalog:
    """The catalog shipped with vanban (read once, and kept parsed in the cache between runs);
    DataFileError with file:line:column if broken."""
    return cached_data("rules.yaml", _read_rule_catalog)


def _read_rule_catalog() -> RuleCatalog:
    root, reader = read_data_file("rules.yaml")
    top = reader.mapping(root, "", ("groups", "rules"))
    groups = []
    for index, node in enumerate(reader.items(top.get("groups"), "groups")):
        where = f"groups[{index}]"
        fields = reader.mapping(node, where, _GROUP_FIELDS)
        if reader.require(node, fields, where, "prefix", "name", "title"):
            prefix, name, title = (reader.text(fields.get(n), f"{where}.{n}") or "" for n in _GROUP_FIELDS[:3])
            groups.append(RuleGroup(prefix, name, title, intro=reader.text(fields.get("intro"), f"{where}.intro")))
    group_names = {g.name for g in groups}
    rules: list[RuleSpec] = []
    seen: set[str] = set()
    for index, node in enumerate(reader.items(top.get("rules"), "rules")):
        where = f"rules[{index}]"
        fields = reader.mapping(node, where, _RULE_FIELDS)
        if not reader.require(node, fields, where, *_RULE_FIELDS):
            continue
        value = {n: reader.text(fields.get(n), f"{where}.{n}") or "" for n in _RULE_FIELDS if n != "messages"}
        for name, pattern in (("code", _CODE), ("slug", _SLUG)):
            if not pattern.fullmatch(value[name]) or value[name] in seen:
                reader.error(fields.get(name), f"{where}.{name}", "bad-key", value=value[name])
            seen.add(value[name])
        severity = reader.choice(fields.get("severity"), f"{where}.severity", tuple(s.value for s in Severity))
        group = reader.choice(fields.get("group"), f"{where}.group", tuple(sorted(group_names)))
        messages = tuple(v for v, _ in reader.texts(fields.get("messages"), f"{where}.messages"))
        if severity and group:
            rules.append(RuleSpec(
                code=value["code"], slug=value["slug"], severity=Severity(severity), group=group, messages=messages,
                flags=value["flags"], what=value["what"], why=value["why"], example=value["example"],
                fix=value["fix"],
            ))
    reader.raise_if_problems()
    return RuleCatalog(tuple(groups), tuple(sorted(rules, key=lambda r: r.code)))
