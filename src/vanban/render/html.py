"""`vanban report`: one self-contained HTML page a district leader can open and read.

The page has no JavaScript and loads nothing: inline CSS, inline SVG, ``<details>`` for what
folds and ``title=`` for what shows on hover, so it reads the same with scripts off, printed
in grey, or through a screen reader (every colour comes with a text label or symbol).

Every piece of text from the registry goes through :func:`el`, which escapes it; markup is
only ever produced by :func:`el` itself (the :class:`Html` type marks it as safe).

>>> el("p", "<b>", class_="x")
'<p class="x">&lt;b&gt;</p>'
"""

from __future__ import annotations

import bisect
import datetime as _dt
import heapq
import html
from collections import Counter, defaultdict
from pathlib import Path
from typing import Callable, Iterable, Union

from ..base.dates import format_date
from ..base.messages import DEFAULT_LANG, check_lang, text
from ..base.text import sort_key
from ..check import Analysis, CheckReport, Finding, Severity, analyse
from ..check.coverage import CellState, CoverageMatrix
from ..check.deadlines import DeadlineState, DueItem
from ..check.province import ProvinceView, province_view
from ..check.requirements import AnswerState
from ..programs import Program, Project, SubProject
from ..registry import Registry
from ..registry.model import LEVEL_IDS, Document, Issuer, Period, level_rank

__all__ = ["render_dashboard", "Html", "el"]


# --- building elements safely ----------------------------------------------------------------

class Html(str):
    """Markup that is already safe: produced by :func:`el` (or a constant of this module)."""

    __slots__ = ()


Child = Union[Html, str, int, None, Iterable["Child"]]

#: Elements with no end tag.
_VOID = frozenset({"meta", "br", "hr", "img", "link", "input", "col", "wbr"})
#: SVG shapes written as empty elements when they have no children.
_SVG_EMPTY = frozenset({"circle", "rect", "line", "path"})


def _render(child: Child) -> str:
    if child is None or child is False:
        return ""
    if isinstance(child, Html):
        return child
    if isinstance(child, (str, int, float)):
        return html.escape(str(child), quote=False)
    return "".join(_render(c) for c in child)


def _attr_name(name: str) -> str:
    # class_ → class, data_unit → data-unit, aria_label → aria-label; viewBox stays as written
    return name.rstrip("_").replace("_", "-")


def el(tag: str, *children: Child, **attrs: object) -> Html:
    """``<tag attrs>children</tag>`` with every text child and attribute value escaped."""
    parts = [tag]
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        if value is True:
            parts.append(_attr_name(name))
        else:
            parts.append(f'{_attr_name(name)}="{html.escape(str(value), quote=True)}"')
    start = "<" + " ".join(parts) + ">"
    if tag in _VOID:
        return Html(start)
    body = _render(children)
    if not body and tag in _SVG_EMPTY:
        return Html(start[:-1] + "/>")
    return Html(f"{start}{body}</{tag}>")


def _t(msg_id: str, lang: str, **params: object) -> str:
    return text(f"report.{msg_id}", lang, **params)


def _date(day: _dt.date) -> str:
    return format_date(day)


# --- the page --------------------------------------------------------------------------------

# What a page shows in full and what it sums up: a page for a province's 100,000 documents stays
# a page a browser opens in seconds (each list says how many it left out and where the rest is).
FINDINGS_SHOWN = 150  # per severity; beyond, a count per rule
CELL_DOCS_SHOWN = 12  # per group of a coverage cell
HIERARCHY_DOCS_SHOWN = 2000  # in the whole hierarchy, shared by the issuers (1 to 100 each)
DEADLINES_SHOWN = 150
TIMELINE_MARKS = 600  # beyond, the documents of a row are counted per month (a circle sized by the count)

def render_dashboard(source: Analysis | Registry, *, as_of: _dt.date | None = None, period: Period | None = None,
                     within: int = 30, lang: str = DEFAULT_LANG) -> str:
    """The dashboard of an analysis — or of a registry as of *as_of* (within *period*) —: one HTML5
    page, UTF-8, no scripts, no assets.

    Shows the coverage matrix of each program, the findings of every check rule and the
    deadlines due within the analysis's ``within`` days, a timeline of the documents per
    project, and the issuers from province down. Documents dated after as-of (or outside the
    period, when given) are left out of the timeline and the hierarchy.
    """
    lang = check_lang(lang)
    analysis = source if isinstance(source, Analysis) else analyse(source, as_of=as_of, period=period, within=within)
    registry, as_of, period, within = analysis.registry, analysis.as_of, analysis.period, analysis.within
    report = analysis.check()
    matrices = analysis.coverage
    horizon = as_of + _dt.timedelta(days=within)
    soon = [item for item in analysis.due if item.state is DeadlineState.OPEN and item.due <= horizon]
    soon.sort(key=lambda i: (i.due, i.what))
    documents = _documents_in_view(registry, as_of, period)
    view = province_view(analysis)

    body = [
        _header(registry, report, matrices, soon, documents, as_of=as_of, period=period, within=within, lang=lang),
        _nav(lang, communes=bool(view.rows)),
        el("main",
           _coverage_section(registry, matrices, lang),
           _communes_section(registry, view, lang) if view.rows else None,
           _findings_section(report, lang),
           _deadlines_section(registry, soon, as_of, within, lang),
           _timeline_section(registry, documents, lang),
           _hierarchy_section(registry, documents, as_of, lang)),
        el("footer", el("p", _t("footer", lang, file=Path(registry.path).name if registry.path else "—"))),
    ]
    title = f"{_t('title', lang)} — {registry.locality.name} — {_date(as_of)}"
    page = el("html",
              el("head",
                 Html('<meta charset="utf-8">'),
                 el("meta", name="viewport", content="width=device-width, initial-scale=1"),
                 el("title", title),
                 el("style", Html(_CSS))),
              el("body", *body),
              lang=lang)
    return "<!DOCTYPE html>\n" + page + "\n"


def _documents_in_view(registry: Registry, as_of: _dt.date, period: Period | None) -> list[Document]:
    """Documents known on *as_of* (undated ones included) and, with *period*, dated in it."""
    out = []
    for doc in registry.documents:
        if doc.date is not None and (doc.date > as_of or (period is not None and doc.date not in period)):
            continue
        out.append(doc)
    return out


def _doc_order(doc: Document) -> tuple[object, ...]:
    # numbers are digits (with at times a letter or a leading zero): compared as numbers, cheaply
    digits = doc.number.lstrip("0")
    return (doc.date is None, doc.date or _dt.date.min, len(digits), digits, doc.number, doc.id)


def _citation(registry: Registry, doc_id: str, *, with_title: bool = True) -> str:
    doc = registry.by_id.get(doc_id)
    return registry.citation(doc, with_title=with_title).format() if doc is not None else doc_id


# --- header ----------------------------------------------------------------------------------

def _header(
    registry: Registry, report: CheckReport, matrices: list[CoverageMatrix], soon: list[DueItem],
    documents: list[Document], *, as_of: _dt.date, period: Period | None, within: int, lang: str,
) -> Html:
    summary = report.summary()
    gaps = sum(len(m.gaps()) for m in matrices)
    stats = [
        (len(documents), _t("stat-documents", lang), "documents"),
        (len(registry.issuers), _t("stat-issuers", lang), "issuers"),
        (summary["error"], _t("stat-errors", lang), "errors"),
        (summary["warning"], _t("stat-warnings", lang), "warnings"),
        (summary["info"], _t("stat-info", lang), "info"),
        (gaps, _t("stat-gaps", lang), "gaps"),
        (len(soon), _t("stat-due", lang, days=within), "due"),
    ]
    if summary["silenced"]:
        stats.insert(5, (summary["silenced"], _t("stat-silenced", lang), "silenced"))
    programs = [el("p", el("span", _t("program", lang) + ": ", class_="k"), el("strong", p.name),
                   (" — " + _t("program-closed", lang, date=_date(p.end))) if p.closed_on(as_of) else None,
                   class_="program")
                for p in registry.programs.values()]
    notes = [el("p", note.render(lang), class_="note") for note in report.notes]
    return el(
        "header",
        el("h1", _t("title", lang)),
        el("p", el("span", _t("locality", lang) + ": ", class_="k"), el("strong", registry.locality.name),
           class_="locality"),
        *programs,
        el("p", _t("as-of", lang, date=_date(as_of)),
           (" · " + _t("period", lang, period=str(period))) if period is not None else None, class_="as-of"),
        *notes,
        el("ul", *(el("li", el("strong", str(n)), " ", label, class_=f"stat stat-{name}") for n, label, name in stats),
           class_="stats"),
    )


def _nav(lang: str, *, communes: bool = False) -> Html:
    links = [("coverage", "coverage-heading"), *([("communes", "communes-heading")] if communes else []),
             ("findings", "findings-heading"), ("deadlines", "deadlines-nav"),
             ("timeline", "timeline-heading"), ("hierarchy", "hierarchy-nav")]
    return el("nav", el("ul", *(el("li", el("a", _t(msg, lang), href=f"#{anchor}")) for anchor, msg in links)),
              aria_label=_t("nav", lang))


# --- coverage matrix -------------------------------------------------------------------------

def _coverage_section(registry: Registry, matrices: list[CoverageMatrix], lang: str) -> Html:
    parts: list[Child] = [el("h2", _t("coverage-heading", lang))]
    issuer = registry.locality.issuer
    parts.append(el("p", _t("coverage-intro", lang, issuer=registry.issuer_name(issuer) if issuer else "—"),
                    class_="intro"))
    if not matrices:
        parts.append(el("p", _t("no-program", lang), class_="empty"))
    for matrix in matrices:
        if len(matrices) > 1:
            parts.append(el("h3", matrix.program.name))
        if not matrix.years:
            parts.append(el("p", _t("no-years", lang), class_="empty"))
            continue
        parts.append(_matrix_table(registry, matrix, lang))
    parts.append(_state_legend(lang))
    return el("section", *parts, id="coverage")


def _state_legend(lang: str) -> Html:
    items = [el("li", el("span", s.mark, class_=f"swatch cell {s.value}", aria_hidden="true"), " ", s.label(lang))
             for s in CellState]
    return el("ul", *items, class_="legend", aria_label=_t("legend", lang))


def _matrix_table(registry: Registry, matrix: CoverageMatrix, lang: str) -> Html:
    head = el("thead", el("tr",
                          el("th", _t("col-project", lang), scope="col"),
                          el("th", _t("col-subproject", lang), scope="col"),
                          *(el("th", str(year), scope="col", class_="year") for year in matrix.years)))
    rows = []
    units = set(u.code for u in matrix.units)
    for project in matrix.program.projects:
        leaves: list[Project | SubProject] = [s for s in project.subprojects if s.code in units] or (
            [project] if project.code in units else [])
        for index, unit in enumerate(leaves):
            cells: list[Child] = []
            if unit is project:
                cells.append(el("th", _unit_label(project), scope="row", colspan=2, class_="unit project"))
            else:
                if index == 0:
                    cells.append(el("th", _unit_label(project), scope="rowgroup", rowspan=len(leaves),
                                    class_="project"))
                cells.append(el("th", _unit_label(unit), scope="row", class_="unit"))
            cells.extend(_matrix_cell(registry, matrix, unit.code, year, lang) for year in matrix.years)
            rows.append(el("tr", *cells, data_unit=unit.code))
    caption = el("caption", _t("matrix-caption", lang, program=matrix.program.short_name))
    return el("table", caption, head, el("tbody", *rows), class_="matrix", data_program=matrix.program.code)


def _unit_label(unit: Project | SubProject) -> Html:
    name = unit.name.split(":", 1)[1].strip() if ":" in unit.name else unit.name
    return Html(el("span", unit.code, class_="code") + " " + el("span", name, class_="name", title=unit.name))


def _matrix_cell(registry: Registry, matrix: CoverageMatrix, unit: str, year: int, lang: str) -> Html:
    cell = matrix.cell(unit, year)
    label = cell.state.label(lang)
    tip = [f"{unit} — {year}: {label}"]
    inside: list[Child] = []
    if cell.state is CellState.NOT_APPLICABLE:
        na = registry.locality.not_applicable_reason(unit)
        tip.append(f"{_t('cell-reason', lang)}: {cell.reason_text(lang)}")
        if na is not None and na.source:
            tip.append(f"{_t('cell-source', lang)}: {na.source}")
        inside.append(el("p", f"{_t('cell-reason', lang)}: {cell.reason_text(lang)}"))
        if na is not None and na.source:
            inside.append(el("p", f"{_t('cell-source', lang)}: {na.source}"))
    for ids, msg in ((cell.plans, "cell-plans"), (cell.others, "cell-others")):
        if not ids:
            continue
        known = [registry.by_id[i] for i in ids if i in registry.by_id]
        shown, more = heapq.nsmallest(CELL_DOCS_SHOWN, known, key=_doc_order), len(known) - CELL_DOCS_SHOWN
        tip.append(_t(msg, lang, count=len(ids)) + ":")
        tip.extend(f"• {registry.citation(d, with_title=False).format()}" for d in shown)
        inside.append(el("p", _t(msg, lang, count=len(ids)), class_="doc-group"))
        inside.append(el("ul", *(_doc_item(registry, d) for d in shown),
                         el("li", _t("and-more", lang, count=more), class_="more") if more > 0 else None,
                         class_="docs"))
        if more > 0:
            tip.append(_t("and-more", lang, count=more))
    count = len(cell.plans) + len(cell.others)
    summary = _t("cell-documents", lang, count=count) if count else _t("cell-details", lang)
    details = el("details", el("summary", summary), *inside) if inside else None
    return el("td",
              el("span", cell.state.mark, class_="mark", aria_hidden="true"), " ",
              el("span", label, class_="label"),
              details,
              class_=f"cell {cell.state.value}", title="\n".join(tip), data_unit=unit, data_year=year,
              data_state=cell.state.value)


def _doc_item(registry: Registry, doc: Document) -> Html:
    short = registry.citation(doc, with_title=False).format()
    return el("li", el("span", short, class_="cite"), (" " + doc.title) if doc.title else None,
              title=registry.citation(doc).format())


# --- the province's view of its communes --------------------------------------------------------

COMMUNE_COLUMNS = 12  # the latest directives shown as columns (the JSON of coverage --by commune has all)


def _communes_section(registry: Registry, view: ProvinceView, lang: str) -> Html:
    parts: list[Child] = [el("h2", _t("communes-heading", lang)),
                          el("p", _t("communes-intro", lang, count=len(view.rows)), class_="intro")]
    columns = list(enumerate(view.columns))[-COMMUNE_COLUMNS:]
    head_cells: list[Child] = [el("th", _t("col-commune", lang), scope="col")]
    for n, status in columns:
        doc = registry.by_id[status.document]
        head_cells.append(el("th", str(n + 1), scope="col", class_="directive",
                             title=f"{registry.citation(doc).format()} — {_t('window-end', lang, date=_date(status.window_end))}"))
    head_cells += [el("th", _t(f"col-{name}", lang), scope="col", class_="count")
                   for name in ("missing", "late", "errors", "warnings")]
    rows = []
    for row in view.rows:
        counts = row.counts()
        cells: list[Child] = [el("th", registry.issuer_name(row.issuer.key), scope="row")]
        for n, _status in columns:
            answer = row.answers.get(n)
            if answer is None:
                cells.append(el("td", "", class_="answer none"))
                continue
            tip = answer.state.label(lang) + (f" — {_citation(registry, answer.document, with_title=False)}"
                                               if answer.document else "")
            cells.append(el("td", el("span", answer.state.mark, aria_hidden="true"), " ",
                            el("span", answer.state.label(lang), class_="label"),
                            class_=f"answer {answer.state.value}", title=tip, data_state=answer.state.value))
        cells += [el("td", str(counts.get(name, 0)), class_="count")
                  for name in ("missing", "late", "error", "warning")]
        rows.append(el("tr", *cells, data_issuer=row.issuer.key))
    parts.append(el("table", el("thead", el("tr", *head_cells)), el("tbody", *rows), class_="communes"))
    legend = [el("li", el("span", s.mark, class_=f"swatch answer {s.value}", aria_hidden="true"), " ", s.label(lang))
              for s in AnswerState]
    parts.append(el("ul", *legend, class_="legend", aria_label=_t("legend", lang)))
    items = []
    for n, status in columns:
        doc = registry.by_id[status.document]
        items.append(el("li", el("span", registry.citation(doc, with_title=False).format(), class_="cite"),
                        (" " + doc.title) if doc.title else None,
                        " — ", _t("window-end", lang, date=_date(status.window_end)), value=n + 1))
    parts.append(el("ol", *items, class_="directives"))
    if len(view.columns) > len(columns):
        parts.append(el("p", _t("communes-more", lang, count=len(view.columns) - len(columns)), class_="note"))
    return el("section", *parts, id="communes")


# --- findings and deadlines ------------------------------------------------------------------

_GROUPS = (Severity.ERROR, Severity.WARNING, Severity.INFO)


def _findings_section(report: CheckReport, lang: str) -> Html:
    parts: list[Child] = [el("h2", _t("findings-heading", lang))]
    summary = report.summary()
    text = _t("findings-summary", lang, error=summary["error"], warning=summary["warning"], info=summary["info"])
    if summary["silenced"]:
        text += " " + _t("findings-silenced", lang, silenced=summary["silenced"])
    parts.append(el("p", text, class_="intro"))
    if not report.findings:
        parts.append(el("p", _t("findings-none", lang), class_="empty"))
    for severity in _GROUPS:
        findings = [f for f in report.findings if f.severity is severity]
        if not findings:
            continue
        # within a severity: active ones first (in the check's order), silenced ones after
        findings.sort(key=lambda f: f.silenced is not None)
        active = sum(1 for f in findings if f.silenced is None)
        heading = _t(f"group-{severity.value}", lang, count=active)
        shown = findings[:FINDINGS_SHOWN]
        parts.append(el("section",
                        el("h3", heading),
                        _rule_counts(findings, lang) if len(findings) > FINDINGS_SHOWN else None,
                        el("ol", *(_finding(f, lang) for f in shown), class_="findings"),
                        el("p", _t("findings-more", lang, count=len(findings) - len(shown)), class_="note")
                        if len(findings) > len(shown) else None,
                        class_=f"severity-group {severity.value}", data_severity=severity.value))
    return el("section", *parts, id="findings")


def _rule_counts(findings: list[Finding], lang: str) -> Html:
    """How many findings of each rule a long group holds, most first."""
    counts = Counter((f.code, f.rule) for f in findings)
    rows = [el("tr", el("td", el("code", code)), el("td", rule), el("td", str(n), class_="count"))
            for (code, rule), n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]
    head = el("thead", el("tr", *(el("th", _t(m, lang), scope="col") for m in ("col-code", "col-rule", "col-count"))))
    return el("table", head, el("tbody", *rows), class_="rule-counts")


def _finding(f: Finding, lang: str) -> Html:
    classes = f"finding {f.severity.value}" + (" silenced" if f.silenced is not None else "")
    where: list[Child] = []
    if f.citation or f.document:
        where = [el("span", _t("finding-document", lang) + ": ", class_="k"), el("span", f.citation or f.document,
                                                                               class_="cite")]
    if f.line:
        where.append(el("span", " (" + _t("finding-line", lang, line=f.line) + ")", class_="line"))
    return el(
        "li",
        el("div",
           el("span", f.severity.label(lang), class_=f"badge {f.severity.value}"), " ",
           el("code", f.code, class_="code"), " ",
           el("span", f.rule, class_="rule"),
           class_="finding-head"),
        el("p", f.text(lang), class_="message"),
        el("p", *where, class_="where") if where else None,
        el("p", el("span", _t("finding-suggestion", lang) + ": ", class_="k"), f.hint(lang), class_="suggestion")
        if f.suggestion else None,
        el("p", el("span", _t("finding-silenced", lang) + ": ", class_="k"), f.silenced, class_="silenced-reason")
        if f.silenced is not None else None,
        class_=classes, data_severity=f.severity.value, data_code=f.code,
    )


def _deadlines_section(registry: Registry, soon: list[DueItem], as_of: _dt.date, within: int, lang: str) -> Html:
    parts: list[Child] = [el("h2", _t("deadlines-heading", lang, days=within))]
    if not soon:
        parts.append(el("p", _t("deadlines-none", lang, days=within), class_="empty"))
        return el("section", *parts, id="deadlines")
    head = el("thead", el("tr", *(el("th", _t(m, lang), scope="col")
                                  for m in ("col-due", "col-left", "col-what", "col-owner", "col-source"))))
    rows = []
    for item in soon[:DEADLINES_SHOWN]:
        days = (item.due - as_of).days
        left = _t("due-today", lang) if days == 0 else _t("days-left", lang, days=days)
        source: Child
        if item.source_doc:
            source = el("span", _citation(registry, item.source_doc, with_title=False), class_="cite")
        else:
            source = _t("from-program", lang)
        if item.legal_source:
            source = [source, el("br"), el("small", item.legal_source)]
        owner = registry.issuer_name(item.owed_by) if item.owed_by else "—"
        verified = el("span", f"[{item.verified}]", class_=f"verified v-{item.verified}",
                      title=_t(f"verified-{item.verified}", lang)) if item.verified != "V" else None
        rows.append(el("tr",
                       el("td", _date(item.due), class_="due"),
                       el("td", left, class_="left"),
                       el("td", item.what, " ", verified),
                       el("td", owner),
                       el("td", source),
                       class_="deadline urgent" if days <= 7 else "deadline", data_due=item.due.isoformat()))
    parts.append(el("table", head, el("tbody", *rows), class_="deadlines"))
    if len(soon) > DEADLINES_SHOWN:
        parts.append(el("p", _t("deadlines-more", lang, count=len(soon) - DEADLINES_SHOWN), class_="note"))
    parts.append(el("p", _t("verified-note", lang), class_="note"))
    return el("section", *parts, id="deadlines")


# --- timeline --------------------------------------------------------------------------------

#: Okabe–Ito colours (readable with colour blindness); other kinds are grey.
_KIND_COLOURS = {
    "Quyết định": "#0072B2",
    "Kế hoạch": "#009E73",
    "Công văn": "#E69F00",
    "Báo cáo": "#CC79A7",
    "Nghị quyết": "#D55E00",
    "Chỉ thị": "#56B4E9",
    "Hướng dẫn": "#F0E442",
}
_OTHER_COLOUR = "#8c8c8c"

_TL_WIDTH = 1200
_TL_LEFT = 270
_TL_RIGHT = 24
_TL_TOP = 8
_TL_ROW = 34
_TL_AXIS = 44
_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _rows(registry: Registry, documents: list[Document]) -> tuple[list[tuple[str, str, str]], dict[str, list[int]]]:
    """Rows (key, label, full name) — one per project, then "no project" — and doc ID → row indexes."""
    rows: list[tuple[str, str, str]] = []
    index: dict[tuple[str, str], int] = {}
    for program in registry.programs.values():
        for project in program.projects:
            index[(program.code, project.code)] = len(rows)
            rows.append((f"{program.code}/{project.code}", project.code, project.name))
    placed: dict[str, list[int]] = {}
    projects: dict[tuple[str, str], str | None] = {}  # few distinct links, many documents
    for doc in documents:
        found: list[int] = []
        for program in registry.programs.values():
            if doc.program not in (None, program.code):
                continue
            for link in doc.subprojects:
                if (program.code, link) not in projects:
                    projects[(program.code, link)] = _project_of(program, link)
                project_code = projects[(program.code, link)]
                row = index.get((program.code, project_code)) if project_code else None
                if row is not None and row not in found:
                    found.append(row)
        placed[doc.id] = sorted(found)
    return rows, placed


def _project_of(program: Program, link: str) -> str | None:
    try:
        unit = program.unit(link)
    except KeyError:
        return None
    return unit.project_code if isinstance(unit, SubProject) else unit.code


def _shorten(text: str, size: int) -> str:
    return text if len(text) <= size else text[: size - 1].rstrip(" ,-–") + "…"


def _quarter_start(day: _dt.date) -> _dt.date:
    return _dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(day: _dt.date) -> _dt.date:
    return _dt.date(day.year + 1, 1, 1) if day.month >= 10 else _dt.date(day.year, day.month + 3, 1)


def _timeline_section(registry: Registry, documents: list[Document], lang: str) -> Html:
    parts: list[Child] = [el("h2", _t("timeline-heading", lang))]
    dated = sorted((d for d in documents if d.date is not None), key=_doc_order)
    if not dated:
        parts.append(el("p", _t("timeline-empty", lang), class_="empty"))
        return el("section", *parts, id="timeline")
    parts.append(el("p", _t("timeline-intro", lang), class_="intro"))
    parts.append(_timeline_svg(registry, dated, lang))
    kinds = sorted({d.kind or "?" for d in dated}, key=sort_key)
    legend = [el("li", el("span", class_="swatch dot", style=f"background:{_KIND_COLOURS.get(k, _OTHER_COLOUR)}"),
                 " ", k) for k in kinds]
    legend.append(el("li", el("span", class_="swatch square"), " ", _t("timeline-also", lang)))
    parts.append(el("ul", *legend, class_="legend kinds", aria_label=_t("legend", lang)))
    undated = len(documents) - len(dated)
    if undated:
        parts.append(el("p", _t("timeline-undated", lang, count=undated), class_="note"))
    return el("section", *parts, id="timeline")


def _timeline_svg(registry: Registry, dated: list[Document], lang: str) -> Html:
    rows, placed = _rows(registry, dated)
    rows.append(("none", _t("timeline-no-project", lang), _t("timeline-no-project", lang)))
    none_row = len(rows) - 1
    first, last = dated[0].date, dated[-1].date
    assert first is not None and last is not None
    by_quarter = (last.year - first.year) <= 4
    start = _quarter_start(first) if by_quarter else _dt.date(first.year, 1, 1)
    end = _next_quarter(last) if by_quarter else _dt.date(last.year + 1, 1, 1)
    span = (end - start).days or 1
    plot_w = _TL_WIDTH - _TL_LEFT - _TL_RIGHT
    height = _TL_TOP + _TL_ROW * len(rows) + _TL_AXIS
    axis_y = _TL_TOP + _TL_ROW * len(rows)

    def x_of(day: _dt.date) -> float:
        return round(_TL_LEFT + (day - start).days / span * plot_w, 1)

    def y_of(row: int) -> float:
        return _TL_TOP + _TL_ROW * row + _TL_ROW / 2

    counts = [0] * len(rows)
    for doc in dated:
        for row in placed[doc.id] or [none_row]:
            counts[row] += 1

    shapes: list[Child] = []
    # row bands and labels
    for i, (_key, label, full) in enumerate(rows):
        name = full.split(":", 1)[1].strip() if ":" in full and full != label else ""
        top = _TL_TOP + _TL_ROW * i
        shapes.append(el("rect", x=0, y=top, width=_TL_WIDTH, height=_TL_ROW,
                         class_="band odd" if i % 2 else "band"))
        shapes.append(el("text", el("title", full), el("tspan", label, class_="code"), " ", _shorten(name, 24),
                         x=8, y=top + _TL_ROW / 2 + 5, class_="row-label"))
        shapes.append(el("text", str(counts[i]), x=_TL_LEFT - 10, y=top + _TL_ROW / 2 + 5, text_anchor="end",
                         class_="row-count"))
    # ticks: every quarter (labelled) or every year; year lines stronger, each year named under its span
    tick = start
    while tick <= end:
        x = x_of(tick)
        is_year = tick.month == 1
        shapes.append(el("line", x1=x, y1=_TL_TOP, x2=x, y2=axis_y + 6, class_="tick year" if is_year else "tick"))
        if by_quarter and tick < end:
            q = (tick.month - 1) // 3 + 1
            label = _t("timeline-quarter", lang, q=q, roman=_ROMAN[q])
            shapes.append(el("text", label, x=x + 4, y=axis_y + 18, class_="tick-label"))
        tick = _next_quarter(tick) if by_quarter else _dt.date(tick.year + 1, 1, 1)
    for year in range(start.year, end.year + 1):
        left, right = max(start, _dt.date(year, 1, 1)), min(end, _dt.date(year + 1, 1, 1))
        if right > left:
            shapes.append(el("text", str(year), x=round((x_of(left) + x_of(right)) / 2, 1), y=axis_y + 36,
                             text_anchor="middle", class_="tick-label year"))
    shapes.append(el("line", x1=_TL_LEFT, y1=axis_y, x2=_TL_WIDTH - _TL_RIGHT, y2=axis_y, class_="axis"))
    if len(dated) > TIMELINE_MARKS:
        marks = _timeline_counts(dated, placed, none_row, x_of, y_of, lang)
        return el("svg", el("title", _t("timeline-aria", lang)), *shapes, *marks,
                  viewBox=f"0 0 {_TL_WIDTH} {height}", width="100%",
                  role="img", class_="timeline", preserveAspectRatio="xMinYMin meet")
    # documents: a circle in the first row of each, a small square in any further row
    offsets = (0, -8, 8, -4, 4, -12, 12)
    taken: dict[int, list[float]] = defaultdict(list)
    marks = []
    for doc in dated:
        assert doc.date is not None
        x = x_of(doc.date)
        colour = _KIND_COLOURS.get(doc.kind or "", _OTHER_COLOUR)
        citation = registry.citation(doc).format()
        for n, row in enumerate(placed[doc.id] or [none_row]):
            # the documents come in date order, so a row's marks so far are sorted: the ones within
            # 7 px to the left are found by bisection, not by a pass over the row
            near = len(taken[row]) - bisect.bisect_right(taken[row], x - 7)
            taken[row].append(x)
            y = y_of(row) + offsets[near % len(offsets)]
            if n == 0:
                marks.append(el("circle", el("title", citation), cx=x, cy=y, r=6, fill=colour, class_="doc",
                                data_doc=doc.id))
            else:
                marks.append(el("rect", el("title", citation), x=x - 4, y=y - 4, width=8, height=8, fill=colour,
                                class_="doc also", data_doc=doc.id))
    return el("svg", el("title", _t("timeline-aria", lang)), *shapes, *marks,
              viewBox=f"0 0 {_TL_WIDTH} {height}", width="100%",
              role="img", class_="timeline", preserveAspectRatio="xMinYMin meet")


def _timeline_counts(dated: list[Document], placed: dict[str, list[int]], none_row: int,
                     x_of: Callable[[_dt.date], float], y_of: Callable[[int], float], lang: str) -> list[Child]:
    """Many documents: per row and month, one circle whose area grows with the count."""
    counts: Counter[tuple[int, _dt.date]] = Counter()
    for doc in dated:
        assert doc.date is not None
        month = doc.date.replace(day=1)
        for row in placed[doc.id] or [none_row]:
            counts[(row, month)] += 1
    top = max(counts.values())
    marks: list[Child] = []
    for (row, month), n in sorted(counts.items()):
        radius = round(2 + 9 * (n / top) ** 0.5, 1)
        label = _t("timeline-month-count", lang, month=f"{month.month:02d}/{month.year}", count=n)
        marks.append(el("circle", el("title", label), cx=x_of(month + _dt.timedelta(days=14)), cy=y_of(row),
                        r=radius, class_="doc count", data_count=n))
    return marks


# --- hierarchy -------------------------------------------------------------------------------



def _issuer_order(issuer: Issuer) -> tuple[object, ...]:
    return (level_rank(issuer.level), sort_key(issuer.display_name), issuer.key)


def _hierarchy_section(registry: Registry, documents: list[Document], as_of: _dt.date, lang: str) -> Html:
    children: dict[str | None, list[Issuer]] = defaultdict(list)
    for issuer in registry.issuers.values():
        parent = issuer.parent if issuer.parent in registry.issuers and issuer.parent != issuer.key else None
        children[parent].append(issuer)
    for siblings in children.values():
        siblings.sort(key=_issuer_order)
    docs: dict[str, list[Document]] = defaultdict(list)
    for doc in documents:
        docs[doc.issuer].append(doc)
    for issued in docs.values():
        issued.sort(key=_doc_order)

    seen: set[str] = set()
    per_issuer = max(1, min(100, HIERARCHY_DOCS_SHOWN // max(1, len(docs))))

    def node(issuer: Issuer, depth: int) -> Html:
        seen.add(issuer.key)
        kids = [k for k in children.get(issuer.key, []) if k.key not in seen]
        own = docs.get(issuer.key, [])
        level = _t(f"level-{LEVEL_IDS[issuer.level]}", lang) if issuer.level in LEVEL_IDS else issuer.level
        head: list[Child] = [
            el("span", issuer.display_name, class_="name", title=issuer.name),
            " ", el("span", level, class_="level"),
            " ", el("span", _t("doc-count", lang, count=len(own)), class_="count"),
        ]
        if issuer.valid_until is not None:
            ceased = not issuer.active_on(as_of)
            head += [" ", el("span", _t("ceased" if ceased else "valid-until", lang, date=_date(issuer.valid_until)),
                             class_="ceased" if ceased else "valid-until")]
            carriers = registry.successors(issuer.key)
            if carriers:
                head += [" ", el("span", "→ " + ", ".join(registry.issuer_name(c.key) for c, _ in carriers),
                                 class_="successors", title=registry.succession_text(issuer.key))]
        attrs = {"class_": "issuer", "data_issuer": issuer.key, "data_level": issuer.level}
        if not kids and not own:
            return el("li", el("div", *head, class_="leaf"), **attrs)
        inner: list[Child] = []
        if own:
            more = len(own) - per_issuer
            inner.append(el("details",
                            el("summary", _t("documents", lang, count=len(own))),
                            el("ol", *(_doc_item(registry, d) for d in own[:per_issuer]),
                               el("li", _t("and-more", lang, count=more), class_="more") if more > 0 else None,
                               class_="docs"),
                            class_="issuer-docs"))
        if kids:
            inner.append(el("ul", *(node(k, depth + 1) for k in kids), class_="children"))
        return el("li", el("details", el("summary", *head), *inner, open=depth < 2 or None), **attrs)

    roots = [node(issuer, 0) for issuer in children.get(None, [])]
    # issuers caught in a parent cycle are never reached from a root: list them at the top level
    roots += [node(issuer, 0) for issuer in sorted(registry.issuers.values(), key=_issuer_order)
              if issuer.key not in seen]
    return el("section",
              el("h2", _t("hierarchy-heading", lang, chain=" → ".join(registry.level_chain()) or "–")),
              el("p", _t("hierarchy-intro", lang), class_="intro"),
              el("ul", *roots, class_="tree"),
              id="hierarchy")


# --- style -----------------------------------------------------------------------------------

_CSS = """
:root { --ink:#1b1b1b; --muted:#5b5b5b; --line:#c9c9c9; --planned:#cdebd3; --planned-ink:#14532d;
  --gap:#f9c6c1; --gap-ink:#7f1d1d; --na:#ececec; --na-ink:#4a4a4a; --pending:#fde9b6; --pending-ink:#6b4e00; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "Segoe UI", "DejaVu Sans", "Liberation Sans", Arial, sans-serif; color: var(--ink);
  margin: 0 auto; max-width: 1320px; padding: 0 24px 48px; line-height: 1.45; font-size: 15px; background: #fff; }
header { border-bottom: 3px solid #8b1a1a; padding: 18px 0 10px; }
h1 { font-size: 1.6em; margin: 0 0 6px; color: #8b1a1a; }
h2 { font-size: 1.3em; margin: 32px 0 8px; padding-bottom: 4px; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.08em; margin: 18px 0 6px; }
header p { margin: 2px 0; }
.k { color: var(--muted); }
.as-of { font-weight: bold; }
.stats { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 8px; }
.stats li { border: 1px solid var(--line); border-radius: 6px; padding: 4px 10px; background: #fafafa; }
.stats strong { font-size: 1.2em; }
.stat-errors strong { color: #b00020; } .stat-warnings strong { color: #8a5a00; } .stat-gaps strong { color: #b00020; }
nav ul { list-style: none; padding: 0; margin: 10px 0 0; display: flex; flex-wrap: wrap; gap: 4px 18px; }
nav a { color: #0b4f8a; }
.intro, .note { color: var(--muted); margin: 4px 0 10px; }
.empty { font-style: italic; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid var(--line); padding: 6px 8px; vertical-align: top; text-align: left; }
thead th { background: #f1f1f1; }
caption { text-align: left; font-weight: bold; padding: 4px 0; }
table.matrix th.project { width: 24%; font-weight: normal; background: #f7f7f7; }
table.matrix th.unit { font-weight: normal; }
table.matrix th.year { text-align: center; width: 14em; }
table.matrix .code { font-weight: bold; white-space: nowrap; }
.cell { font-weight: bold; }
.cell.planned { background: var(--planned); color: var(--planned-ink); }
.cell.gap { background: var(--gap); color: var(--gap-ink); }
.cell.not-applicable { background: var(--na); color: var(--na-ink); font-weight: normal;
  background-image: repeating-linear-gradient(135deg, transparent 0 8px, rgba(0,0,0,.05) 8px 10px); }
.cell.pending { background: var(--pending); color: var(--pending-ink); }
.cell .mark { display: inline-block; width: 1.2em; text-align: center; }
.cell details { font-weight: normal; color: var(--ink); margin-top: 2px; }
.cell summary { cursor: pointer; color: #0b4f8a; font-size: .92em; }
.cell details p { margin: 4px 0 2px; } .cell details p.doc-group { font-weight: bold; }
ul.docs, ol.docs { margin: 2px 0 6px; padding-left: 20px; font-size: .92em; }
ul.docs li, ol.docs li { margin: 2px 0; }
.cite { font-weight: bold; }
.legend { list-style: none; padding: 0; display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 8px 0; }
.swatch { display: inline-block; min-width: 1.6em; text-align: center; border: 1px solid #999; border-radius: 3px; }
.swatch.dot { width: 12px; height: 12px; min-width: 0; border-radius: 50%; border-color: #222; vertical-align: -1px; }
.swatch.square { width: 9px; height: 9px; min-width: 0; border-radius: 0; border-color: #222; background: #bbb; }
.severity-group h3 { margin-top: 16px; }
.severity-group.error h3 { color: #b00020; } .severity-group.warning h3 { color: #8a5a00; }
ol.findings { list-style: none; padding: 0; margin: 0; }
.finding { border: 1px solid var(--line); border-left: 6px solid #888; border-radius: 4px; padding: 6px 10px;
  margin: 6px 0; }
.finding.error { border-left-color: #b00020; } .finding.warning { border-left-color: #d08c00; }
.finding.info { border-left-color: #2f6fb0; }
.finding p { margin: 2px 0; }
.finding.silenced { opacity: .6; border-style: dashed; }
.finding.silenced .message { text-decoration: line-through; }
.badge { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: .85em; font-weight: bold;
  text-transform: uppercase; color: #fff; background: #555; }
.badge.error { background: #b00020; } .badge.warning { background: #8a5a00; } .badge.info { background: #2f6fb0; }
.rule { color: var(--muted); }
.silenced-reason { font-style: italic; }
table.deadlines td.due { white-space: nowrap; font-weight: bold; }
table.deadlines td.left { white-space: nowrap; }
tr.urgent td.left { color: #b00020; font-weight: bold; }
.verified { color: #8a5a00; font-size: .85em; }
svg.timeline { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); font-size: 13px; }
svg .band { fill: #ffffff; } svg .band.odd { fill: #f4f4f4; }
svg .row-label { fill: #333333; } svg .row-label .code { font-weight: bold; fill: #1b1b1b; }
svg .row-count { fill: #5b5b5b; }
svg .tick { stroke: #dddddd; stroke-width: 1; } svg .tick.year { stroke: #777777; stroke-width: 1.5; }
svg .axis { stroke: #333333; stroke-width: 1.5; }
svg .tick-label { fill: #444444; font-size: 12px; } svg .tick-label.year { font-weight: bold; fill: #1b1b1b; }
svg .doc { stroke: #222222; stroke-width: .8; }
svg .doc.count { fill: #0072B2; fill-opacity: .55; }
table.communes { border-collapse: collapse; } table.communes th, table.communes td { padding: 2px 6px;
  border-bottom: 1px solid #dddddd; text-align: center; } table.communes th[scope=row] { text-align: left; }
td.answer.done { background: var(--planned, #cdebd6); } td.answer.missing { background: var(--gap, #f9c6c1); }
td.answer.late { background: #fde9b6; } td.answer.pending { background: #ececec; } td.answer .label { display: none; }
table.rule-counts { border-collapse: collapse; margin: 4px 0 8px; } table.rule-counts td, table.rule-counts th {
  padding: 2px 8px; border-bottom: 1px solid var(--rule, #dddddd); text-align: left; } td.count { text-align: right; }
li.more { list-style: none; color: var(--muted); font-style: italic; }
ul.tree, ul.tree ul { list-style: none; padding-left: 22px; margin: 2px 0; }
ul.tree { padding-left: 0; }
ul.tree li { margin: 3px 0; }
ul.tree ul.children { border-left: 1px dotted #999; margin-left: 6px; padding-left: 18px; }
ul.tree summary { cursor: pointer; }
ul.tree .leaf { padding-left: 16px; }
ul.tree .name { font-weight: bold; }
ul.tree .level, ul.tree .count, ul.tree .valid-until { color: var(--muted); font-size: .9em; }
ul.tree .level::before, ul.tree .count::before,
ul.tree .valid-until::before, ul.tree .ceased::before { content: "· "; }
ul.tree .ceased { color: #b00020; font-size: .9em; }
details.issuer-docs { margin: 2px 0 2px 16px; }
footer { margin-top: 36px; border-top: 1px solid var(--line); color: var(--muted); font-size: .9em; }
@media print { nav { display: none; } body { max-width: none; } }
"""
