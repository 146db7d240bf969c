"""Read and validate a registry file (schema: docs/registry.md).

Every problem is collected, not only the first, and each is placed at file:line:column.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

import attrs

from ..base.errors import Problem, ProblemsError
from ..base.messages import Message
from ..base.rulecatalog import rule_catalog
from ..base.text import key, nfc
from ..base.yamlread import Fields, Node, ScalarNode, TypedReader, compose, nearest, position
from ..cite.citation import CitationError
from ..cite.find import parse_citation
from ..cite.kinds import default_kinds
from ..programs import CatalogError, Program, available_programs, load_program
from .core import Registry, ResolveError
from .model import (
    BRANCHES, LEVELS, NUMBERING, DanglingReference, Deadline, Document, FormerName, Issuer, Locality, NotApplicable,
    ObligationOverride, Period, PeriodError, Relation, RelationType, Requirement, Succession, document_id,
)

__all__ = ["RegistryError", "load_registry", "parse_registry", "DOCUMENT_FIELDS", "ISSUER_FIELDS"]


class RegistryError(ProblemsError):
    """A registry that cannot be used; :attr:`problems` lists every error found, each placed."""

TOP_FIELDS = ("vanban", "locality", "issuers", "documents")
LOCALITY_FIELDS = ("name", "issuer", "programs", "not_applicable", "obligations")
NOT_APPLICABLE_FIELDS = ("unit", "reason", "source")
OBLIGATION_FIELDS = ("month", "day", "disabled", "note")
ISSUER_FIELDS = (
    "name", "short", "aliases", "abbr", "level", "branch", "parent", "valid_from", "valid_until",
    "successor", "successors", "units", "note", "numbering", "terms", "former_names",
)
SUCCESSION_FIELDS = ("issuer", "from", "note")
FORMER_NAME_FIELDS = ("name", "short", "until")
DEADLINE_FIELDS = ("due", "what", "kind", "by", "fulfilled_by", "source")
REQUIRES_FIELDS = ("from", "kind", "within", "source")
RELATION_FIELDS = tuple(t.value for t in RelationType)
DOCUMENT_FIELDS = (
    "code", "kind", "date", "issuer", "title", "period", "program", "subprojects", "id", "note",
    *RELATION_FIELDS, "deadlines", "requires", "silence",
)
#: ``requires: from:`` "communes" — every commune under the document's issuer — or "communes of
#: <issuer>" (in Vietnamese "các xã" / "các xã của <issuer>", "các xã thuộc <issuer>")
_COMMUNES = (key("communes"), key("các xã"), key("xã"), key("các xã, phường"))
_COMMUNES_OF = re.compile(rf"^(?:communes\s+of|{key('các xã')}(?:,\s*{key('phường')})?\s+(?:{key('của')}|{key('thuộc')}))\s+(.+)$")
_KEY_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID_RE = re.compile(r"^[a-z0-9-]+/(?:\d{4}|nd)/[a-z0-9-]+$")


def load_registry(path: str | Path, *, lenient_references: bool = False) -> Registry:
    """Load and validate the registry at *path*; raise RegistryError listing every problem."""
    path = Path(path)
    name = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise RegistryError([Problem(name, 0, 0, "", "registry.file-not-found")]) from None
    except IsADirectoryError:
        raise RegistryError([Problem(name, 0, 0, "", "registry.file-not-found")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RegistryError([Problem(name, line, 1, "", "registry.not-utf8")]) from None
    return parse_registry(text, filename=name, path=path, lenient_references=lenient_references)


def parse_registry(
    text: str, *, filename: str = "<registry>", path: Path | None = None, lenient_references: bool = False
) -> Registry:
    """Validate registry YAML *text* and build the Registry.

    With *lenient_references* a relation to a document that is not registered is kept in
    ``registry.dangling`` (for `vanban check` to report with the nearest match) instead of
    being an error.
    """
    root = compose(nfc(text), filename, RegistryError)
    return _Builder(filename, path, lenient_references).build(root)


class _Builder(TypedReader):
    def __init__(self, filename: str, path: Path | None, lenient_references: bool = False):
        super().__init__(filename, RegistryError)
        self.path = path
        self.lenient = lenient_references
        self.dangling: list[DanglingReference] = []

    # --- sections -----------------------------------------------------------------------------
    def build(self, root: Node | None) -> Registry:
        if root is None:
            self.error(None, "", "missing-field", field="vanban")
            self.raise_if_problems()
        top = self.mapping(root, "", TOP_FIELDS)
        if not top and not self.problems:
            self.error(root, "", "missing-field", field="documents")
        version = top.get("vanban")
        if version is None:
            self.error(root, "", "missing-field", field="vanban")
        elif self.text(version, "vanban") != "1":
            self.error(version, "vanban", "bad-version", value=getattr(version, "value", ""))
        locality_fields = self.mapping(top.get("locality"), "locality", LOCALITY_FIELDS)
        programs = self.programs(locality_fields)
        locality = self.locality(locality_fields, programs)
        issuers = self.issuers(top.get("issuers"))
        if locality.issuer and locality.issuer not in issuers:
            self.error(locality_fields.get("issuer"), "locality.issuer", "unknown-issuer", value=locality.issuer,
                       suggestion="")
        registry = self.documents(top, issuers, programs, locality)
        self.raise_if_problems()
        return registry

    def programs(self, fields: Fields) -> dict[str, Program]:
        """The locality's programs: a packaged code, or the path of the locality's own program file
        (relative to the registry), whose problems are reported with that file's line and column."""
        programs: dict[str, Program] = {}
        for value, node in self.texts(fields.get("programs"), "locality.programs"):
            if value.endswith((".yaml", ".yml")) or "/" in value:
                path = Path(value)
                if not path.is_absolute() and self.path is not None:
                    path = self.path.parent / path
                try:
                    program = load_program(path)
                except CatalogError as exc:
                    if exc.problems and exc.problems[0].msg_id == "registry.file-not-found":
                        self.error(node, "locality.programs", "program-file-not-found", value=value)
                    else:
                        self.problems.extend(exc.problems)
                    continue
                programs[program.code] = program
                continue
            try:
                programs[value] = load_program(value)
            except (CatalogError, KeyError):
                self.error(node, "locality.programs", "unknown-program", value=value,
                           allowed=", ".join(available_programs()))
        return programs

    def locality(self, fields: Fields, programs: dict[str, Program]) -> Locality:
        not_applicable = []
        for index, node in enumerate(self.items(fields.get("not_applicable"), "locality.not_applicable")):
            where = f"locality.not_applicable[{index}]"
            item = self.mapping(node, where, NOT_APPLICABLE_FIELDS)
            unit = self.text(item.get("unit"), f"{where}.unit")
            reason = self.text(item.get("reason"), f"{where}.reason")
            for required, value in (("unit", unit), ("reason", reason)):
                if value is None:
                    self.error(node, where, "missing-field", field=required)
            if unit is None or reason is None:
                continue
            unit = unit.upper().replace(" ", "")
            codes = [c for p in programs.values() for c in p.codes()]
            if programs and unit not in codes:
                self.error(item.get("unit"), f"{where}.unit", "unknown-subproject", value=unit,
                           program=", ".join(programs), suggestion=nearest(unit, codes) or "")
                continue
            not_applicable.append(NotApplicable(unit, reason, self.text(item.get("source"), f"{where}.source"),
                                                line=position(node)[0]))
        obligations = []
        known = {o.code: o for p in programs.values() for o in p.recurring}
        overrides = self.mapping(fields.get("obligations"), "locality.obligations", None)
        for code in overrides:
            where = f"locality.obligations.{code}"
            if known and code not in known:
                self.error(overrides.key_node(code), where, "unknown-field", field=code,
                           suggestion=nearest(code, sorted(known)) or "", allowed=", ".join(sorted(known)))
                continue
            item = self.mapping(overrides.get(code), where, OBLIGATION_FIELDS)
            month = self.integer(item.get("month"), f"{where}.month", 1, 12)
            day = self.integer(item.get("day"), f"{where}.day", 1, 31)
            disabled = self.boolean(item.get("disabled"), f"{where}.disabled")
            catalog = known.get(code)
            if catalog is not None and (month or day):
                try:  # a leap year, so 29/02 is allowed
                    _dt.date(2024, month or catalog.month, day or catalog.day)
                except ValueError:
                    self.error(overrides.get(code), where, "impossible-date",
                               value=f"{day or catalog.day:02d}/{month or catalog.month:02d}")
                    continue
            obligations.append(ObligationOverride(code, month, day, bool(disabled),
                                                  self.text(item.get("note"), f"{where}.note")))
        return Locality(name=self.text(fields.get("name"), "locality.name") or "",
                        issuer=self.text(fields.get("issuer"), "locality.issuer"), programs=tuple(programs),
                        not_applicable=tuple(not_applicable), obligations=tuple(obligations))

    def issuers(self, node: Node | None) -> dict[str, Issuer]:
        issuers: dict[str, Issuer] = {}
        entries = self.mapping(node, "issuers", None)
        links: list[tuple[str, str, Node]] = []
        for issuer_key in entries:
            where = f"issuers.{issuer_key}"
            if not _KEY_RE.match(issuer_key):
                self.error(entries.key_node(issuer_key), where, "bad-key", value=issuer_key)
                continue
            vnode = entries.get(issuer_key)
            fields = self.mapping(vnode, where, ISSUER_FIELDS)
            name = self.text(fields.get("name"), f"{where}.name")
            if name is None:
                self.error(vnode, where, "missing-field", field="name")
                continue
            level = self.choice(fields.get("level"), f"{where}.level", LEVELS)
            if level is None and "level" not in fields:
                self.error(vnode, where, "missing-field", field="level")
            parent = self.text(fields.get("parent"), f"{where}.parent")
            if parent and fields.get("parent") is not None:
                links.append((f"{where}.parent", parent, fields.get("parent")))  # type: ignore[arg-type]
            successions = self.successions(fields, where, links)
            issuers[issuer_key] = Issuer(
                key=issuer_key,
                name=name,
                level=level or "",
                short=self.text(fields.get("short"), f"{where}.short"),
                aliases=tuple(v for v, _ in self.texts(fields.get("aliases"), f"{where}.aliases")),
                abbrs=tuple(v for v, _ in self.texts(fields.get("abbr"), f"{where}.abbr")),
                branch=self.choice(fields.get("branch"), f"{where}.branch", BRANCHES) or "nhà nước",
                parent=parent,
                valid_from=self.date(fields.get("valid_from"), f"{where}.valid_from"),
                valid_until=self.date(fields.get("valid_until"), f"{where}.valid_until"),
                successors=tuple(successions),
                units=tuple(v for v, _ in self.texts(fields.get("units"), f"{where}.units")),
                note=self.text(fields.get("note"), f"{where}.note"),
                numbering=self.choice(fields.get("numbering"), f"{where}.numbering", NUMBERING) or "theo loại",
                terms=tuple(self.periods(fields.get("terms"), f"{where}.terms")),
                former_names=tuple(self.former_names(fields.get("former_names"), f"{where}.former_names")),
            )
        for field, target, link_node in links:
            if target not in issuers:
                self.error(link_node, field, "unknown-issuer", value=target, suggestion=self._nearest_issuer(target, issuers))
        return issuers

    def successions(self, fields: Fields, where: str, links: list[tuple[str, str, Node]]) -> list[Succession]:
        """``successor: key`` (one), or ``successors:`` a list of keys or of {issuer, from, note}."""
        out = []
        single = self.text(fields.get("successor"), f"{where}.successor")
        if single and fields.get("successor") is not None:
            links.append((f"{where}.successor", single, fields.get("successor")))  # type: ignore[arg-type]
            out.append(Succession(single))
        for index, node in enumerate(self.items(fields.get("successors"), f"{where}.successors")):
            at = f"{where}.successors[{index}]"
            if isinstance(node, ScalarNode):
                target, since, note = self.text(node, at), None, None
            else:
                item = self.mapping(node, at, SUCCESSION_FIELDS)
                if not self.require(node, item, at, "issuer"):
                    continue
                target = self.text(item.get("issuer"), f"{at}.issuer")
                since = self.date(item.get("from"), f"{at}.from")
                note = self.text(item.get("note"), f"{at}.note")
                node = item.get("issuer") or node
            if target:
                links.append((at, target, node))
                out.append(Succession(target, since, note))
        return out

    def former_names(self, node: Node | None, field: str) -> list[FormerName]:
        out = []
        for index, item_node in enumerate(self.items(node, field)):
            at = f"{field}[{index}]"
            item = self.mapping(item_node, at, FORMER_NAME_FIELDS)
            name = self.text(item.get("name"), f"{at}.name")
            until = self.date(item.get("until"), f"{at}.until")
            if self.require(item_node, item, at, "name", "until") and name and until:
                out.append(FormerName(name, until, self.text(item.get("short"), f"{at}.short")))
        return out

    def periods(self, node: Node | None, field: str) -> list[Period]:
        out = []
        for value, vnode in self.texts(node, field):
            try:
                out.append(Period.parse(value))
            except PeriodError:
                self.error(vnode, field, "bad-period", value=value)
        return out

    @staticmethod
    def _nearest_issuer(value: str, issuers: dict[str, Issuer]) -> Message | str:
        best = nearest(value, list(issuers), cutoff=60)
        return Message("registry.nearest", {"value": best}) if best else ""

    def documents(
        self,
        top: Fields,
        issuers: dict[str, Issuer],
        programs: dict[str, Program],
        locality: Locality,
    ) -> Registry:
        prelim = Registry(path=self.path, locality=locality, issuers=issuers, documents=(), programs=programs)
        docs: list[Document] = []
        pending: list[tuple[int, list[tuple[RelationType, str, Node]]]] = []
        deadline_pending: list[tuple[int, list[Node], str]] = []
        seen_ids: dict[str, int] = {}
        if "documents" not in top:
            self.error(None, "", "missing-field", field="documents")
        for index, node in enumerate(self.items(top.get("documents"), "documents")):
            where = f"documents[{index}]"
            fields = self.mapping(node, where, DOCUMENT_FIELDS)
            if not fields:
                continue
            doc = self.document(node, fields, where, prelim, programs)
            if doc is None:
                continue
            if doc.id in seen_ids:
                self.error(fields.get("code"), f"{where}.code", "duplicate-id", value=doc.id,
                           other_line=seen_ids[doc.id])
                continue
            seen_ids[doc.id] = doc.line
            relations = [
                (RelationType(name), ref, rnode)
                for name in RELATION_FIELDS
                for ref, rnode in self.texts(fields.get(name), f"{where}.{name}")
            ]
            pending.append((len(docs), relations))
            deadline_pending.append((len(docs), self.items(fields.get("deadlines"), f"{where}.deadlines"), where))
            docs.append(doc)
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

    def document(self, node: Node, fields: Fields, where: str, prelim: Registry,
                 programs: dict[str, Program]) -> Document | None:
        """One entry of ``documents:`` without its relations and deadlines (they need the others)."""
        code_text = self.text(fields.get("code"), f"{where}.code")
        if code_text is None:
            self.error(node, where, "missing-field", field="code")
            return None
        try:
            citation = parse_citation(code_text)
            if citation.raw.strip() != code_text.strip() and key(citation.code) != key(code_text.replace(" ", "")):
                raise CitationError()
        except CitationError:
            self.error(fields.get("code"), f"{where}.code", "bad-code", value=code_text)
            return None
        kind = self._kind(fields.get("kind"), f"{where}.kind") or citation.kind
        date = self.date(fields.get("date"), f"{where}.date")
        if "date" not in fields:
            self.error(node, where, "missing-field", field="date")
        issuer_key = self._issuer_ref(fields.get("issuer"), f"{where}.issuer", prelim, on=date)
        if "issuer" not in fields:
            self.error(node, where, "missing-field", field="issuer")
        period = None
        period_text = self.text(fields.get("period"), f"{where}.period")
        if period_text is not None:
            try:
                period = Period.parse(period_text)
            except PeriodError:
                self.error(fields.get("period"), f"{where}.period", "bad-period", value=period_text)
        program_code = self.text(fields.get("program"), f"{where}.program")
        if program_code is None and len(programs) == 1:
            program_code = next(iter(programs))
        elif program_code is None and programs and date is not None:
            # several programs (2021-2025 and 2026-2035): the one whose period holds the date
            running = [code for code, p in programs.items() if p.start <= date <= p.end]
            program_code = running[0] if len(running) == 1 else None
        elif program_code is not None and program_code not in programs:
            try:
                programs[program_code] = load_program(program_code)
            except (CatalogError, KeyError):
                self.error(fields.get("program"), f"{where}.program", "unknown-program", value=program_code,
                           allowed=", ".join(available_programs()))
                program_code = None
        subprojects = self._subprojects(fields.get("subprojects"), f"{where}.subprojects",
                                        programs.get(program_code or ""))
        requires = self._requires(fields.get("requires"), f"{where}.requires", prelim, issuer_key)
        silence = self._silence(fields.get("silence"), f"{where}.silence")
        if issuer_key is None:
            return None
        doc_id = self.text(fields.get("id"), f"{where}.id")
        if doc_id is not None and not _ID_RE.match(doc_id):
            self.error(fields.get("id"), f"{where}.id", "bad-key", value=doc_id)
            doc_id = None
        year = citation.year
        doc_id = doc_id or document_id(issuer_key, year if year is not None else (date.year if date else None),
                                       citation.number, citation.symbol)
        return Document(
            id=doc_id, kind=kind, number=citation.number, symbol=citation.symbol, issuer=issuer_key,
            date=date, year=year, title=self.text(fields.get("title"), f"{where}.title"), period=period,
            program=program_code, subprojects=subprojects, note=self.text(fields.get("note"), f"{where}.note"),
            requires=tuple(requires), silence=tuple(silence), line=position(node)[0],
        )

    def _kind(self, node: Node | None, field: str) -> str | None:
        """A kind's written name as the canonical one ("Kế hoạch"); an unknown one is reported."""
        value = self.text(node, field)
        if value is None:
            return None
        kinds = default_kinds()
        found = kinds.by_name(value)
        if found is None:
            self.error(node, field, "unknown-kind", value=value, suggestion=nearest(value, kinds.names) or "")
            return None
        return found.name

    def _deadline(self, node: Node, where: str, registry: Registry) -> Deadline | None:
        item = self.mapping(node, where, DEADLINE_FIELDS)
        due = self.date(item.get("due"), f"{where}.due")
        what = self.text(item.get("what"), f"{where}.what")
        self.require(node, item, where, "due", "what")
        kind = self._kind(item.get("kind"), f"{where}.kind")
        by = self._issuer_ref(item.get("by"), f"{where}.by", registry)
        fulfilled = []
        for ref, rnode in self.texts(item.get("fulfilled_by"), f"{where}.fulfilled_by"):
            target = self._resolve(registry, ref, rnode, f"{where}.fulfilled_by")
            if target is not None:
                fulfilled.append(target.id)
        if due is None or what is None:
            return None
        return Deadline(due=due, what=what, kind=kind, by=by, fulfilled_by=tuple(fulfilled),
                        source=self.text(item.get("source"), f"{where}.source"), line=position(node)[0])

    def _requires(self, node: Node | None, where: str, registry: Registry, own: str | None) -> list[Requirement]:
        out = []
        for index, item_node in enumerate(self.items(node, where)):
            at = f"{where}[{index}]"
            item = self.mapping(item_node, at, REQUIRES_FIELDS)
            if not self.require(item_node, item, at, "from"):
                continue
            keys: list[str] = []
            for value, vnode in self.texts(item.get("from"), f"{at}.from"):
                if key(value) in _COMMUNES:
                    keys.extend(i.key for i in registry.communes(own))
                    continue
                whose = _COMMUNES_OF.match(key(value))
                if whose:
                    top = self._issuer_ref(vnode, f"{at}.from", registry, value[whose.start(1):].strip())
                    keys.extend(i.key for i in registry.communes(top) if top)
                    continue
                found = self._issuer_ref(vnode, f"{at}.from", registry)
                if found:
                    keys.append(found)
            kinds = [k for k in (self._kind(vnode, f"{at}.kind") for _, vnode in self.texts(item.get("kind"),
                                                                                            f"{at}.kind")) if k]
            within = self.integer(item.get("within"), f"{at}.within", 0, 3660)
            out.append(Requirement(issuers=tuple(keys), kinds=tuple(kinds), within=30 if within is None else within,
                                   source=self.text(item.get("source"), f"{at}.source"), line=position(item_node)[0]))
        return out

    def _silence(self, node: Node | None, where: str) -> list[tuple[str, str]]:
        entries = self.mapping(node, where, None)
        if not entries:
            return []
        names = sorted(rule_catalog().names())
        out = []
        for rule in entries:
            if rule not in names:
                self.error(entries.key_node(rule), f"{where}.{rule}", "unknown-rule", value=rule,
                           suggestion=nearest(rule, names) or "")
                continue
            reason = self.text(entries.get(rule), f"{where}.{rule}")
            if not reason:
                self.error(entries.get(rule), f"{where}.{rule}", "missing-field", field="reason")
                continue
            out.append((rule, reason))
        return out

    def _issuer_ref(self, node: Node | None, field: str, registry: Registry, value: str | None = None, *,
                    on: _dt.date | None = None) -> str | None:
        value = value if value is not None else self.text(node, field)
        if value is None:
            return None
        try:
            return registry.find_issuer(value, on).key
        except ResolveError as exc:
            if exc.reason == "ambiguous":
                self.error(node, field, "ambiguous-issuer", value=value, candidates=", ".join(exc.candidates),
                           example=exc.candidates[0])
            else:
                self.error(node, field, "unknown-issuer", value=value,
                           suggestion=self._nearest_issuer(value, registry.issuers))
            return None

    def _subprojects(self, node: Node | None, field: str, program: Program | None) -> tuple[str, ...]:
        codes = []
        for value, vnode in self.texts(node, field):
            code = value.upper().replace(" ", "")
            if program is None:
                codes.append(code)
                continue
            if code not in program.codes():
                self.error(vnode, field, "unknown-subproject", value=value, program=program.code,
                           suggestion=nearest(code, program.codes()) or "")
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
                self.dangling.append(DanglingReference(relation[0], relation[1], ref, line, column, exc.candidates,
                                                       exc.nearest))
                return None
            if exc.reason == "ambiguous":
                self.error(node, field, "ambiguous-reference", value=ref, count=len(exc.candidates),
                           candidates=exc.params["candidates"])
            else:
                suggestion = Message("registry.nearest", {"value": exc.nearest}) if exc.nearest else ""
                self.error(node, field, "unresolved-reference", value=ref, suggestion=suggestion)
            return None
