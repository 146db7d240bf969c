"""Program coverage rules (VB3xx): sub-project years with no plan, titles with no link."""

from __future__ import annotations

from typing import Iterator

from ..context import CheckContext, message
from ..coverage import CellState
from ..findings import Finding


def coverage_gap(ctx: CheckContext) -> Iterator[Finding]:
    registry = ctx.registry
    for matrix in ctx.analysis.coverage:
        names = {u.code: u.name for u in matrix.units}
        for unit in matrix.units:
            for year in matrix.years:
                cell = matrix.cell(unit.code, year)
                if cell.state is not CellState.GAP:
                    continue
                if cell.others:
                    suggestion = message("suggest-plan-others", docs=[registry.by_id[i].code for i in cell.others])
                else:
                    suggestion = message("suggest-plan", unit=unit.code)
                yield ctx.report(
                    None, "coverage-gap", {"unit": unit.code, "name": names[unit.code], "year": year},
                    suggestion=suggestion, data={"unit": unit.code, "year": year, "others": list(cell.others)},
                )


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
            yield ctx.report(doc, "unlinked", {"units": ", ".join(missing)},
                             suggestion=message("suggest-link", links=", ".join(proposed)), data={"missing": missing})


IMPLEMENTS = {"VB301": coverage_gap, "VB302": unlinked}
