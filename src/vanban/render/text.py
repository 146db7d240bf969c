"""Plain-text tables for the terminal: the coverage matrix and the list of deadlines."""

from __future__ import annotations

import datetime as _dt
import unicodedata

from ..base.dates import format_date
from ..base.messages import DEFAULT_LANG, text
from ..check.coverage import CellState, CoverageMatrix
from ..check.deadlines import DueItem
from ..check.province import ProvinceView
from ..check.requirements import AnswerState
from ..registry import Registry

__all__ = ["coverage_table", "due_table", "display_width", "province_table"]

#: the text table shows the latest this many directives (the JSON has them all)
PROVINCE_COLUMNS = 12


def display_width(value: str) -> int:
    """Width on a terminal: combining marks take no column (NFD input)."""
    return sum(0 if unicodedata.combining(c) else 2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in value)


def _pad(value: str, width: int) -> str:
    return value + " " * max(0, width - display_width(value))


def coverage_table(registry: Registry, matrix: CoverageMatrix, lang: str = DEFAULT_LANG) -> str:
    words = matrix.program.unit_words
    head = text("table.project-column", lang, project=words[0].capitalize(), subproject=words[1])
    label_w = max([display_width(head)] + [len(u.code) for u in matrix.units]) + 2
    heading = matrix.program.name
    if matrix.closed:
        heading += " — " + text("table.program-closed", lang, end=matrix.program.end)
    lines = [heading, ""]
    if not matrix.years:
        return "\n".join([*lines, text("table.no-years", lang)]) + "\n"
    lines.append(_pad(head, label_w) + "".join(f"{y:>7}" for y in matrix.years))
    for unit in matrix.units:
        row = _pad(unit.code, label_w)
        for year in matrix.years:
            row += f"{matrix.cell(unit.code, year).state.mark:>7}"
        lines.append(row)
    lines.append("")
    lines.append("   ".join(f"{state.mark} {state.label(lang)}" for state in CellState))
    gaps = matrix.gaps()
    if gaps:
        lines.append("")
        lines.append(text("table.gaps", lang))
        names = {u.code: u.name for u in matrix.units}
        for cell in gaps:
            lines.append(f"  {cell.unit} {cell.year}: {names[cell.unit]}")
    lines.extend(f"  – {where}: {reason}" for where, reason in _not_applicable(matrix, lang))
    return "\n".join(lines) + "\n"


def _not_applicable(matrix: CoverageMatrix, lang: str) -> list[tuple[str, str]]:
    """Each reason once, with the units it covers (and its years, when not all of them): the
    registry's declarations one unit each, "due before the body existed" once for all."""
    by_reason: dict[str, dict[str, list[int]]] = {}
    for cell in matrix.cells.values():
        if cell.state is CellState.NOT_APPLICABLE:
            by_reason.setdefault(cell.reason_text(lang) or "", {}).setdefault(cell.unit, []).append(cell.year)
    out = []
    for reason, units in by_reason.items():
        years = sorted({y for ys in units.values() for y in ys})
        every_year = years == list(matrix.years)
        groups: dict[tuple[int, ...], list[str]] = {}
        for unit, unit_years in units.items():
            groups.setdefault(tuple(sorted(unit_years)), []).append(unit)
        for group_years, codes in groups.items():
            span = "" if every_year and list(group_years) == years else f" ({', '.join(map(str, group_years))})"
            out.append((", ".join(codes) + span, reason))
    return out


def due_table(registry: Registry, items: list[DueItem], as_of: _dt.date, lang: str = DEFAULT_LANG) -> str:
    if not items:
        return text("table.nothing-due", lang) + "\n"
    out = []
    for item in items:
        days = (item.due - as_of).days
        when = text("table.days-left", lang, days=days) if days >= 0 else text("table.days-over", lang, days=-days)
        owner = registry.issuer_name(item.owed_by) if item.owed_by else "?"
        unsure = " [U]" if item.verified == "U" else ""
        state = item.state.label(lang)
        out.append(f"{format_date(item.due)}  {when:<13} {state:<14} {item.what} — {owner}{unsure}")
    return "\n".join(out) + "\n"


def province_table(registry: Registry, view: ProvinceView, lang: str = DEFAULT_LANG) -> str:
    """The communes × the directives that ask something of them: who has answered, late, not yet."""
    lines = [text("table.province-heading", lang, date=view.as_of), ""]
    if not view.rows:
        return "\n".join([*lines, text("table.no-communes", lang)]) + "\n"
    columns = list(enumerate(view.columns))[-PROVINCE_COLUMNS:]
    head = text("table.commune-column", lang)
    names = [registry.issuer_name(row.issuer.key) for row in view.rows]
    label_w = max(display_width(n) for n in [head, *names]) + 2
    counts_head = "".join(f"{text(f'table.count-{s}', lang):>10}" for s in ("missing", "late", "error", "warning"))
    lines.append(_pad(head, label_w) + "".join(f"{n + 1:>4}" for n, _ in columns) + counts_head)
    for name, row in zip(names, view.rows):
        marks = "".join(f"{row.answers[i].state.mark if i in row.answers else '':>4}" for i, _ in columns)
        counts = row.counts()
        lines.append(_pad(name, label_w) + marks + "".join(f"{counts.get(s, 0):>10}"
                                                           for s in ("missing", "late", "error", "warning")))
    lines.append("")
    lines.append("   ".join(f"{state.mark} {state.label(lang)}" for state in AnswerState))
    lines.append("")
    lines.append(text("table.columns", lang))
    for n, status in columns:
        doc = registry.by_id[status.document]
        kinds = ", ".join(status.requirement.kinds) or text("check.any-kind", lang)
        lines.append(f"  {n + 1:>3}. " + text("table.column-line", lang, citation=registry.citation(doc, with_title=False).format(),
                                             due=status.window_end, kinds=kinds))
    if len(view.columns) > len(columns):
        lines.append(text("table.columns-more", lang, count=len(view.columns) - len(columns)))
    return "\n".join(lines) + "\n"
