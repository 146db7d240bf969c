"""Program coverage rules (VB3xx): sub-project years with no plan, titles with no link."""

from __future__ import annotations

from typing import Iterator

from ..coverage import CellState, coverage_matrix
from ..context import CheckContext
from ..findings import Finding
from ..catalog import rule


@rule("VB301", "coverage-gap", "warning", "coverage",
      "Tiểu dự án áp dụng cho địa phương nhưng không có kế hoạch trong một năm của kỳ",
      "A sub-project that applies to the locality with no plan in a year of the period")
def coverage_gap(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for program in ctx.programs:
        matrix = coverage_matrix(registry, program, as_of=ctx.as_of, period=ctx.period)
        names = {u.code: u.name for u in matrix.units}
        for unit in matrix.units:
            for year in matrix.years:
                cell = matrix.cell(unit.code, year)
                if cell.state is not CellState.GAP:
                    continue
                if cell.others:
                    listed = ", ".join(registry.by_id[i].code for i in cell.others)
                    suggestion = ctx.text("suggest-plan-others", docs=listed)
                else:
                    suggestion = ctx.text("suggest-plan", unit=unit.code)
                yield ctx.finding(
                    "coverage-gap", "coverage-gap", unit=unit.code, name=names[unit.code], year=year,
                    suggestion=suggestion, data={"unit": unit.code, "year": year, "others": list(cell.others)},
                )


@rule("VB302", "unlinked", "warning", "coverage",
      "Trích yếu nêu dự án, tiểu dự án nhưng văn bản chưa được gắn với nó",
      "A document whose title names a project or sub-project but carries no link to it")
def unlinked(ctx: CheckContext) -> Iterator[Finding]:
    for doc in ctx.registry.documents:
        if not doc.title or not ctx.in_period(doc):
            continue
        program = ctx.registry.programs.get(doc.program or "")
        if program is None:
            continue
        named = program.match_units(doc.title)
        missing = [
            code for code in named
            if not any(code == link or code.startswith(link + "-") or link.startswith(code + "-") for link in doc.subprojects)
        ]
        if missing:
            proposed = list(doc.subprojects) + missing
            yield ctx.finding(
                "unlinked", "unlinked", doc=doc, units=", ".join(missing),
                suggestion=ctx.text("suggest-link", links=", ".join(proposed)), data={"missing": missing},
            )
