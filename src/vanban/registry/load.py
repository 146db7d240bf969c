"""Read and validate a registry file (schema: docs/registry.md).

Every problem is collected, not only the first, and each is placed at file:line:column.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path
from typing import Any, Callable

import attrs
from rapidfuzz import process

from ..programs.catalog import CatalogError, Program, available_programs, load_program
from ..cite.citation import CitationError
from ..cite.dates import DateError, read_date
from ..cite.find import parse_citation
from ..cite.kinds import default_kinds
from .model import (
    BRANCHES, LEVELS, NUMBERING, DanglingReference, Deadline, Document, Issuer, Period, Relation, RelationType,
    Requirement, document_id,
)
from ..cite.text import key, nfc
from .core import Locality, NotApplicable, ObligationOverride, Registry, ResolveError
from ..base.nodes import MappingNode, Node, ScalarNode, SequenceNode, compose, is_null, position
from ..base.problems import Problem, RegistryError

__all__ = ["load_registry", "parse_registry", "DOCUMENT_FIELDS", "ISSUER_FIELDS"]

TOP_FIELDS = ("vanban", "locality", "issuers", "documents")
LOCALITY_FIELDS = ("name", "issuer", "programs", "not_applicable", "obligations")
NOT_APPLICABLE_FIELDS = ("unit", "reason", "source")
OBLIGATION_FIELDS = ("month", "day", "disabled", "note")
ISSUER_FIELDS = (
    "name", "short", "aliases", "abbr", "level", "branch", "parent", "valid_from", "valid_until",
    "successor", "units", "note", "numbering", "terms",
)
DEADLINE_FIELDS = ("due", "what", "kind", "by", "fulfilled_by", "source")
REQUIRES_FIELDS = ("from", "kind", "within", "source")
RELATION_FIELDS = tuple(t.value for t in RelationType)
DOCUMENT_FIELDS = (
    "code", "kind", "date", "issuer", "title", "period", "program", "subprojects", "id", "note",
    *RELATION_FIELDS, "deadlines", "requires", "silence",
)
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_RE = re.compile(r"^[a-z0-9-]+/(?:\d{4}|nd)/[a-z0-9-]+$")


def load_registry(path: str | Path, *, lenient_references: bool = False) -> Registry:
    """Load and validate the registry at *path*; raise RegistryError listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError([Problem(name, 0, 0, "", "file-not-found")]) from None
    except IsADirectoryError:
        raise RegistryError([Problem(name, 0, 0, "", "file-not-found")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError([Problem(name, line, 1, "", "not-utf8")]) from None
    return parse_registry(text, filename=name, path=path, lenient_references=lenient_references)


def parse_registry(
    text: str, *, filename: str = "<registry>", path: Path | None = None, lenient_references: bool = False
) -> Registry:
    """Validate registry YAML *text* and build the Registry.

    With *lenient_references* a relation to a document that is not registered is kept in
    ``registry.dangling`` (for `vanban check` to report with the nearest match) instead of
    being an error.
    """
    root = compose(nfc(text), filename)
    return _Builder(filename, path, lenient_references).build(root)


class _Builder:
    def __init__(self, filename: str, path: Path | None, lenient_references: bool = False):
        self.file = filename
        self.path = path
        self.lenient = lenient_references
        self.dangling: list[DanglingReference] = []
        self.problems: list[Problem] = []

    # --- problems -----------------------------------------------------------------------------
    def error(self, node: Node | None, where: str, msg_id: str, /, **params: Any) -> None:
        line, column = position(node) if node is not None else (1, 1)
        self.problems.append(Problem(self.file, line, column, where, msg_id, params))

    # --- typed access -------------------------------------------------------------------------
    def mapping(self, node: Node, field: str, allowed: tuple[str, ...] | None) -> dict[str, tuple[Node, Node]]:
        """Key → (key node, value node); reports unknown and duplicate keys."""
        if not isinstance(node, MappingNode):
            self.error(node, field, "expected-mapping")
            return {}
        items: dict[str, tuple[Node, Node]] = {}
        for knode, vnode in node.value:
            name = knode.value if isinstance(knode, ScalarNode) else str(knode)
            if name in items:
                self.error(knode, _join(field, name), "duplicate-key", field=name, other_line=position(items[name][0])[0])
                continue
            if allowed is not None and name not in allowed:
                suggestion = process.extractOne(name, allowed)
                self.error(
                    knode, _join(field, name), "unknown-field", field=name,
                    suggestion=suggestion[0] if suggestion else allowed[0], allowed=", ".join(allowed),
                )
                continue
            items[name] = (knode, vnode)
        return items

    def text(self, node: Node | None, field: str) -> str | None:
        if node is None or is_null(node):
            return None
        if not isinstance(node, ScalarNode):
            self.error(node, field, "expected-text")
            return None
        value = node.value.strip()
        return value or None

    def texts(self, node: Node | None, field: str) -> list[tuple[str, Node]]:
        """A list of texts; a single text is accepted as a list of one."""
        if node is None or is_null(node):
            return []
        if isinstance(node, ScalarNode):
            value = self.text(node, field)
            return [(value, node)] if value else []
        if not isinstance(node, SequenceNode):
            self.error(node, field, "expected-list")
            return []
        out = []
        for item in node.value:
            value = self.text(item, field)
            if value:
                out.append((value, item))
        return out

    def date(self, node: Node | None, field: str) -> _dt.date | None:
        value = self.text(node, field)
        if value is None:
            return None
        try:
            written = read_date(value)
        except DateError:
            self.error(node, field, "bad-date", value=value)
            return None
        if written.value is None:
            self.error(node, field, "impossible-date", value=value)
        return written.value

    def choice(self, node: Node | None, field: str, allowed: tuple[str, ...]) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        for option in allowed:
            if key(option) == key(value):
                return option
        self.error(node, field, "bad-choice", value=value, field=field, allowed=", ".join(allowed))
        return None

    # --- sections -----------------------------------------------------------------------------
    def build(self, root: Node | None) -> Registry:
        if root is None:
            self.error(None, "", "missing-field", field="vanban")
            raise RegistryError(self.problems)
        top = self.mapping(root, "", TOP_FIELDS)
        if not top and not self.problems:
            self.error(root, "", "missing-field", field="documents")
        if "vanban" not in top:
            self.error(root, "", "missing-field", field="vanban")
        elif self.text(top["vanban"][1], "vanban") != "1":
            self.error(top["vanban"][1], "vanban", "bad-version", value=top["vanban"][1].value)
        programs = self.programs(top)
        locality = self.locality(top.get("locality"), programs)
        issuers = self.issuers(top.get("issuers"))
        self.check_issuer_links(issuers, top.get("issuers"))
        if locality.issuer and locality.issuer not in issuers:
            self.error(top["locality"][1], "locality.issuer", "unknown-issuer", value=locality.issuer, suggestion="")
        registry = self.documents(top.get("documents"), issuers, programs, locality)
        if self.problems:
            raise RegistryError(sorted(self.problems, key=lambda p: (p.line, p.column)))
        return registry

    def programs(self, top: dict[str, tuple[Node, Node]]) -> dict[str, Program]:
        programs: dict[str, Program] = {}
        loc = top.get("locality")
        nodes: list[tuple[str, Node]] = []
        if loc is not None and isinstance(loc[1], MappingNode):
            for knode, vnode in loc[1].value:
                if getattr(knode, "value", None) == "programs":
                    nodes = self.texts(vnode, "locality.programs")
        for code, node in nodes:
            try:
                programs[code] = load_program(code)
            except (CatalogError, FileNotFoundError, KeyError):
                self.error(node, "locality.programs", "unknown-program", value=code, allowed=", ".join(available_programs()))
        return programs

    def locality(self, entry: tuple[Node, Node] | None, programs: dict[str, Program]) -> Locality:
        if entry is None:
            return Locality(name="", programs=tuple(programs))
        fields = self.mapping(entry[1], "locality", LOCALITY_FIELDS)
        name = self.text(fields.get("name", (None, None))[1], "locality.name") or ""
        issuer = self.text(fields.get("issuer", (None, None))[1], "locality.issuer")
        not_applicable = []
        for index, node in enumerate(self.items(fields.get("not_applicable", (None, None))[1], "locality.not_applicable")):
            where = f"locality.not_applicable[{index}]"
            item = self.mapping(node, where, NOT_APPLICABLE_FIELDS)
            unit = self.text(item.get("unit", (None, None))[1], f"{where}.unit")
            reason = self.text(item.get("reason", (None, None))[1], f"{where}.reason")
            for required, value in (("unit", unit), ("reason", reason)):
                if value is None:
                    self.error(node, where, "missing-field", field=required)
            if unit is None or reason is None:
                continue
            unit = unit.upper().replace(" ", "")
            if programs and not any(unit in p.codes() for p in programs.values()):
                self.error(item["unit"][1], f"{where}.unit", "unknown-subproject", value=unit,
                           program=", ".join(programs), suggestion=self._nearest_code(unit, programs))
                continue
            not_applicable.append(NotApplicable(unit, reason, self.text(item.get("source", (None, None))[1], f"{where}.source"),
                                                line=position(node)[0]))
        obligations = []
        ob_node = fields.get("obligations", (None, None))[1]
        if ob_node is not None and not is_null(ob_node):
            known = {o.code for p in programs.values() for o in p.recurring}
            for code, (knode, vnode) in self.mapping(ob_node, "locality.obligations", None).items():
                where = f"locality.obligations.{code}"
                if known and code not in known:
                    best = process.extractOne(code, sorted(known))
                    self.error(knode, where, "unknown-field", field=code, suggestion=best[0] if best else "",
                               allowed=", ".join(sorted(known)))
                    continue
                item = self.mapping(vnode, where, OBLIGATION_FIELDS)
                month = self.integer(item.get("month", (None, None))[1], f"{where}.month", 1, 12)
                day = self.integer(item.get("day", (None, None))[1], f"{where}.day", 1, 31)
                disabled = self.boolean(item.get("disabled", (None, None))[1], f"{where}.disabled")
                catalog = next((o for p in programs.values() for o in p.recurring if o.code == code), None)
                if catalog is not None and (month or day):
                    try:  # a leap year, so 29/02 is allowed
                        _dt.date(2024, month or catalog.month, day or catalog.day)
                    except ValueError:
                        self.error(vnode, where, "impossible-date",
                                   value=f"{day or catalog.day:02d}/{month or catalog.month:02d}")
                        continue
                obligations.append(ObligationOverride(code, month, day, bool(disabled),
                                                      self.text(item.get("note", (None, None))[1], f"{where}.note")))
        return Locality(name=name, issuer=issuer, programs=tuple(programs), not_applicable=tuple(not_applicable),
                        obligations=tuple(obligations))

    def _nearest_code(self, code: str, programs: dict[str, Program]) -> str:
        codes = [c for p in programs.values() for c in p.codes()]
        best = process.extractOne(code, codes) if codes else None
        return best[0] if best else ""

    def items(self, node: Node | None, field: str) -> list[Node]:
        if node is None or is_null(node):
            return []
        if not isinstance(node, SequenceNode):
            self.error(node, field, "expected-list")
            return []
        return list(node.value)

    def integer(self, node: Node | None, field: str, low: int, high: int) -> int | None:
        value = self.text(node, field)
        if value is None:
            return None
        if not value.isdigit() or not low <= int(value) <= high:
            self.error(node, field, "bad-number", value=value, low=low, high=high)
            return None
        return int(value)

    def boolean(self, node: Node | None, field: str) -> bool | None:
        value = self.text(node, field)
        if value is None:
            return None
        if value in ("true", "True", "TRUE"):
            return True
        if value in ("false", "False", "FALSE"):
            return False
        # YAML 1.2: yes/no/on/off are text, not booleans; say so rather than guess.
        self.error(node, field, "bad-choice", value=value, field=field, allowed="true, false")
        return None

    def issuers(self, entry: tuple[Node, Node] | None) -> dict[str, Issuer]:
        issuers: dict[str, Issuer] = {}
        if entry is None or is_null(entry[1]):
            return issuers
        for issuer_key, (knode, vnode) in self.mapping(entry[1], "issuers", None).items():
            where = f"issuers.{issuer_key}"
            if not _KEY_RE.match(issuer_key):
                self.error(knode, where, "bad-key", value=issuer_key)
                continue
            fields = self.mapping(vnode, where, ISSUER_FIELDS)
            get = lambda name: fields.get(name, (None, None))[1]  # noqa: E731
            name = self.text(get("name"), f"{where}.name")
            if name is None:
                self.error(vnode, where, "missing-field", field="name")
                continue
            level = self.choice(get("level"), f"{where}.level", LEVELS)
            if level is None and get("level") is None:
                self.error(vnode, where, "missing-field", field="level")
            issuers[issuer_key] = Issuer(
                key=issuer_key,
                name=name,
                level=level or "",
                short=self.text(get("short"), f"{where}.short"),
                aliases=tuple(v for v, _ in self.texts(get("aliases"), f"{where}.aliases")),
                abbr=self.text(get("abbr"), f"{where}.abbr"),
                branch=self.choice(get("branch"), f"{where}.branch", BRANCHES) or "nhà nước",
                parent=self.text(get("parent"), f"{where}.parent"),
                valid_from=self.date(get("valid_from"), f"{where}.valid_from"),
                valid_until=self.date(get("valid_until"), f"{where}.valid_until"),
                successor=self.text(get("successor"), f"{where}.successor"),
                units=tuple(v for v, _ in self.texts(get("units"), f"{where}.units")),
                note=self.text(get("note"), f"{where}.note"),
                numbering=self.choice(get("numbering"), f"{where}.numbering", NUMBERING) or "theo loại",
                terms=tuple(self.periods(get("terms"), f"{where}.terms")),
            )
        return issuers

    def periods(self, node: Node | None, field: str) -> list[Period]:
        out = []
        for value, vnode in self.texts(node, field):
            try:
                out.append(Period.parse(value))
            except ValueError:
                self.error(vnode, field, "bad-period", value=value)
        return out

    def check_issuer_links(self, issuers: dict[str, Issuer], entry: tuple[Node, Node] | None) -> None:
        if entry is None or not isinstance(entry[1], MappingNode):
            return
        for knode, vnode in entry[1].value:
            issuer = issuers.get(getattr(knode, "value", ""))
            if issuer is None or not isinstance(vnode, MappingNode):
                continue
            for fk, fv in vnode.value:
                if fk.value in ("parent", "successor"):
                    target = self.text(fv, fk.value)
                    if target and target not in issuers:
                        self.error(
                            fv, f"issuers.{issuer.key}.{fk.value}", "unknown-issuer", value=target,
                            suggestion=self._nearest(target, list(issuers)),
                        )

    def _nearest(self, value: str, choices: list[str]) -> str:
        best = process.extractOne(value, choices, score_cutoff=60) if choices else None
        return "" if best is None else _nearest_text(best[0])

    def documents(
        self,
        entry: tuple[Node, Node] | None,
        issuers: dict[str, Issuer],
        programs: dict[str, Program],
        locality: Locality,
    ) -> Registry:
        prelim = Registry(path=self.path, locality=locality, issuers=issuers, documents=(), programs=programs)
        docs: list[Document] = []
        pending: list[tuple[int, list[tuple[RelationType, str, Node]]]] = []
        deadline_pending: list[tuple[int, list[Node], str]] = []
        seen_ids: dict[str, int] = {}
        kinds = default_kinds()
        if entry is None:
            self.error(None, "", "missing-field", field="documents")
        elif not is_null(entry[1]) and not isinstance(entry[1], SequenceNode):
            self.error(entry[1], "documents", "expected-list")
        items = entry[1].value if entry is not None and isinstance(entry[1], SequenceNode) else []
        for index, node in enumerate(items):
            where = f"documents[{index}]"
            fields = self.mapping(node, where, DOCUMENT_FIELDS)
            if not fields:
                continue
            get: Callable[[str], Node | None] = lambda name: fields.get(name, (None, None))[1]  # noqa: E731
            code_text = self.text(get("code"), f"{where}.code")
            if code_text is None:
                self.error(node, where, "missing-field", field="code")
                continue
            try:
                citation = parse_citation(code_text)
                if citation.raw.strip() != code_text.strip() and key(citation.code) != key(code_text.replace(" ", "")):
                    raise CitationError(code_text)
            except CitationError:
                self.error(get("code"), f"{where}.code", "bad-code", value=code_text)
                continue
            kind_text = self.text(get("kind"), f"{where}.kind")
            kind = citation.kind
            if kind_text is not None:
                found = kinds.by_name(kind_text)
                if found is None:
                    best = process.extractOne(kind_text, kinds.names)
                    self.error(get("kind"), f"{where}.kind", "unknown-kind", value=kind_text, suggestion=best[0] if best else "")
                else:
                    kind = found.name
            date = self.date(get("date"), f"{where}.date")
            if get("date") is None:
                self.error(node, where, "missing-field", field="date")
            issuer_key = self._issuer_ref(get("issuer"), f"{where}.issuer", prelim)
            if get("issuer") is None:
                self.error(node, where, "missing-field", field="issuer")
            period = None
            period_text = self.text(get("period"), f"{where}.period")
            if period_text is not None:
                try:
                    period = Period.parse(period_text)
                except ValueError:
                    self.error(get("period"), f"{where}.period", "bad-period", value=period_text)
            program_code = self.text(get("program"), f"{where}.program")
            if program_code is None and len(programs) == 1:
                program_code = next(iter(programs))
            elif program_code is not None and program_code not in programs:
                try:
                    programs[program_code] = load_program(program_code)
                except (CatalogError, FileNotFoundError, KeyError):
                    self.error(get("program"), f"{where}.program", "unknown-program", value=program_code,
                               allowed=", ".join(available_programs()))
                    program_code = None
            subprojects = self._subprojects(get("subprojects"), f"{where}.subprojects", programs.get(program_code or ""))
            if issuer_key is None or citation is None:
                continue
            doc_id = self.text(get("id"), f"{where}.id")
            if doc_id is not None and not _ID_RE.match(doc_id):
                self.error(get("id"), f"{where}.id", "bad-key", value=doc_id)
                doc_id = None
            year = citation.year
            doc_id = doc_id or document_id(issuer_key, year if year is not None else (date.year if date else None),
                                           citation.number, citation.symbol)
            line = position(node)[0]
            if doc_id in seen_ids:
                self.error(get("code"), f"{where}.code", "duplicate-id", value=doc_id, other_line=seen_ids[doc_id])
                continue
            seen_ids[doc_id] = line
            relations = [
                (RelationType(name), ref, rnode)
                for name in RELATION_FIELDS
                for ref, rnode in self.texts(get(name), f"{where}.{name}")
            ]
            pending.append((len(docs), relations))
            deadline_nodes = self.items(get("deadlines"), f"{where}.deadlines")
            requires = self._requires(get("requires"), f"{where}.requires", prelim, issuer_key)
            silence = self._silence(get("silence"), f"{where}.silence")
            docs.append(
                Document(
                    id=doc_id, kind=kind, number=citation.number, symbol=citation.symbol, issuer=issuer_key,
                    date=date, year=year, title=self.text(get("title"), f"{where}.title"), period=period,
                    program=program_code, subprojects=subprojects, note=self.text(get("note"), f"{where}.note"),
                    requires=tuple(requires), silence=tuple(silence), line=line,
                )
            )
            deadline_pending.append((len(docs) - 1, deadline_nodes, where))
        registry = Registry(path=self.path, locality=locality, issuers=issuers, documents=docs, programs=programs)
        for index, relations in pending:
            doc = docs[index]
            resolved = []
            for rtype, ref, rnode in relations:
                target = self._resolve(registry, ref, rnode, f"{rtype.value}", relation=(doc.id, rtype), on=doc.date)
                if target is not None:
                    resolved.append(Relation(rtype, doc.id, target.id))
            if resolved:
                docs[index] = attrs.evolve(doc, relations=tuple(resolved))
        for index, nodes, where in deadline_pending:
            deadlines = [self._deadline(n, f"{where}.deadlines[{i}]", registry) for i, n in enumerate(nodes)]
            if deadlines:
                docs[index] = attrs.evolve(docs[index], deadlines=tuple(d for d in deadlines if d is not None))
        return Registry(path=self.path, locality=locality, issuers=issuers, documents=docs, programs=programs,
                        dangling=self.dangling)

    def _deadline(self, node: Node, where: str, registry: Registry) -> Deadline | None:
        item = self.mapping(node, where, DEADLINE_FIELDS)
        get = lambda name: item.get(name, (None, None))[1]  # noqa: E731
        due = self.date(get("due"), f"{where}.due")
        what = self.text(get("what"), f"{where}.what")
        for required in ("due", "what"):
            if get(required) is None:
                self.error(node, where, "missing-field", field=required)
        kind_text = self.text(get("kind"), f"{where}.kind")
        kind = default_kinds().by_name(kind_text) if kind_text else None
        if kind_text and kind is None:
            best = process.extractOne(kind_text, default_kinds().names)
            self.error(get("kind"), f"{where}.kind", "unknown-kind", value=kind_text, suggestion=best[0] if best else "")
        by = self._issuer_ref(get("by"), f"{where}.by", registry)
        fulfilled = []
        for ref, rnode in self.texts(get("fulfilled_by"), f"{where}.fulfilled_by"):
            target = self._resolve(registry, ref, rnode, f"{where}.fulfilled_by")
            if target is not None:
                fulfilled.append(target.id)
        if due is None or what is None:
            return None
        return Deadline(due=due, what=what, kind=kind.name if kind else None, by=by, fulfilled_by=tuple(fulfilled),
                        source=self.text(get("source"), f"{where}.source"), line=position(node)[0])

    def _requires(self, node: Node | None, where: str, registry: Registry, own: str | None) -> list[Requirement]:
        out = []
        for index, item_node in enumerate(self.items(node, where)):
            at = f"{where}[{index}]"
            item = self.mapping(item_node, at, REQUIRES_FIELDS)
            get = lambda name: item.get(name, (None, None))[1]  # noqa: E731
            if get("from") is None:
                self.error(item_node, at, "missing-field", field="from")
                continue
            keys: list[str] = []
            for value, vnode in self.texts(get("from"), f"{at}.from"):
                if key(value) in ("communes", "các xã", "xã"):
                    keys.extend(i.key for i in registry.communes(own))
                    continue
                found = self._issuer_ref(vnode, f"{at}.from", registry)
                if found:
                    keys.append(found)
            kinds = []
            for value, vnode in self.texts(get("kind"), f"{at}.kind"):
                kind = default_kinds().by_name(value)
                if kind is None:
                    best = process.extractOne(value, default_kinds().names)
                    self.error(vnode, f"{at}.kind", "unknown-kind", value=value, suggestion=best[0] if best else "")
                else:
                    kinds.append(kind.name)
            within = self.integer(get("within"), f"{at}.within", 0, 3660)
            out.append(Requirement(issuers=tuple(keys), kinds=tuple(kinds), within=30 if within is None else within,
                                   source=self.text(get("source"), f"{at}.source"), line=position(item_node)[0]))
        return out

    def _silence(self, node: Node | None, where: str) -> list[tuple[str, str]]:
        if node is None or is_null(node):
            return []
        from ..check.catalog import RULES  # the rule table; imported here to keep loading light

        names = sorted({r.slug for r in RULES.values()} | {r.code for r in RULES.values()})
        out = []
        for rule, (knode, vnode) in self.mapping(node, where, None).items():
            if rule not in names:
                best = process.extractOne(rule, names)
                self.error(knode, f"{where}.{rule}", "unknown-rule", value=rule, suggestion=best[0] if best else "")
                continue
            reason = self.text(vnode, f"{where}.{rule}")
            if not reason:
                self.error(vnode, f"{where}.{rule}", "missing-field", field="reason")
                continue
            out.append((rule, reason))
        return out

    def _issuer_ref(self, node: Node | None, field: str, registry: Registry) -> str | None:
        value = self.text(node, field)
        if value is None:
            return None
        try:
            return registry.find_issuer(value).key
        except ResolveError as exc:
            if exc.reason == "ambiguous":
                self.error(node, field, "ambiguous-issuer", value=value, candidates=", ".join(exc.candidates),
                           example=exc.candidates[0])
            else:
                self.error(node, field, "unknown-issuer", value=value,
                           suggestion=self._nearest(value, list(registry.issuers)))
            return None

    def _subprojects(self, node: Node | None, field: str, program: Program | None) -> tuple[str, ...]:
        codes = []
        for value, vnode in self.texts(node, field):
            code = value.upper().replace(" ", "")
            if program is None:
                codes.append(code)
                continue
            if code not in program.codes():
                best = process.extractOne(code, program.codes())
                self.error(vnode, field, "unknown-subproject", value=value, program=program.code,
                           suggestion=best[0] if best else "")
                continue
            codes.append(code)
        return tuple(codes)

    def _resolve(
        self, registry: Registry, ref: str, node: Node, field: str, *, relation: tuple[str, RelationType] | None = None,
        on: _dt.date | None = None,
    ) -> Document | None:
        try:
            return registry.resolve(ref, on=on)
        except ResolveError as exc:
            if self.lenient and relation is not None:
                line, column = position(node)
                self.dangling.append(DanglingReference(relation[0], relation[1], ref, line, column, exc.candidates))
                return None
            if exc.reason == "ambiguous":
                self.error(node, field, "ambiguous-reference", value=ref, count=len(exc.candidates),
                           candidates=", ".join(exc.candidates))
            else:
                self.error(node, field, "unresolved-reference", value=ref, suggestion=_nearest_document(registry, ref))
            return None


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def _nearest_text(value: str) -> str:
    from ..base.messages import message

    return message("registry", "nearest", "vi", value=value)


def _nearest_document(registry: Registry, ref: str) -> str:
    """The nearest registered code: same number first, then fuzzy over all codes."""
    try:
        citation = parse_citation(ref)
        pool = registry.same_number(citation.number) or list(registry.documents)
        target = citation.code
    except CitationError:
        pool, target = list(registry.documents), ref
    if not pool:
        return ""
    best = process.extractOne(target, [d.code for d in pool], score_cutoff=50)
    return _nearest_text(best[0]) if best else ""
