"""The appendix "Danh mục các văn bản chỉ đạo, điều hành" built from the registry."""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any, Iterable

import attrs

from ..base.dates import format_date
from ..base.safety import require
from ..cite.find import opens_with_title_lead
from ..registry.model import Document
from ..registry import Registry, ResolveError

__all__ = ["Appendix", "build_appendix", "select_documents", "canonical_line"]

HEADING = "DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH"


@attrs.frozen(slots=True)
class Appendix:
    """A selected, sorted list of documents with its heading."""

    heading: str
    attached_to: str | None  # "(Kèm theo Báo cáo số … ngày … của …)"
    documents: tuple[Document, ...]
    lines: tuple[str, ...]
    json_rows: tuple[dict[str, Any], ...]

    def to_markdown(self) -> str:
        out = [f"## {self.heading}", ""]
        if self.attached_to:
            out += [f"*{self.attached_to}*", ""]
        out += [f"- {line};" for line in self.lines[:-1]]
        if self.lines:
            out.append(f"- {self.lines[-1]}.")
        return "\n".join(out) + "\n"

    def to_text(self) -> str:
        out = [self.heading]
        if self.attached_to:
            out.append(self.attached_to)
        out.append("")
        last = len(self.lines)
        out += [f"{i}. {line}{'.' if i == last else ';'}" for i, line in enumerate(self.lines, 1)]
        return "\n".join(out) + "\n"

    def to_json(self) -> str:
        return json.dumps(list(self.json_rows), ensure_ascii=False, indent=2) + "\n"

    def render(self, fmt: str) -> str:
        return {"md": self.to_markdown, "text": self.to_text, "json": self.to_json}[fmt]()


def _number_key(doc: Document) -> tuple[int, str]:
    digits = re.match(r"\d+", doc.number)
    return (int(digits.group(0)) if digits else 0, doc.number)


def sort_key(doc: Document) -> tuple[_dt.date, tuple[int, str], str]:
    """Date, then number, then symbol: the order of a published appendix."""
    return (doc.date or _dt.date.max, _number_key(doc), doc.symbol)


def canonical_title(title: str | None) -> str | None:
    """A title in the appendix's one style: a leading "Về việc"/"Thực hiện" lower-cased."""
    if not title:
        return None
    title = title.strip().rstrip(";.,").strip()
    lead = opens_with_title_lead(title)
    if lead and lead[:1].isupper():
        title = title[0].lower() + title[1:]
    return title


def canonical_line(registry: Registry, doc: Document) -> str:
    """"Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn về việc …"."""
    citation = attrs.evolve(registry.citation(doc), title=canonical_title(doc.title))
    return citation.format()


def select_documents(
    registry: Registry,
    *,
    issuers: Iterable[str] = (),
    start: _dt.date | None = None,
    end: _dt.date | None = None,
    program: str | None = None,
    subprojects: Iterable[str] = (),
    exclude: Iterable[str] = (),
) -> list[Document]:
    """Documents matching every given filter, sorted by date then number.

    *issuers* are keys or names ("UBND huyện Bình Sơn", tolerant of case and diacritics);
    a project code in *subprojects* also selects its sub-projects (DA6 → DA6-TDA1, DA6-TDA2).
    Raises ResolveError for an issuer name that names none or several.
    """
    issuer_keys = {registry.find_issuer(name).key for name in issuers}
    wanted_units = [code.upper().replace(" ", "") for code in subprojects]
    known = {c for p in registry.programs.values() for c in p.codes()}
    for code in wanted_units:
        if known and code not in known:
            raise ResolveError("unresolved", code, tuple(registry.programs), what="subproject")
    excluded = set(exclude)

    def unit_match(doc: Document) -> bool:
        return any(code == want or code.startswith(want + "-") for code in doc.subprojects for want in wanted_units)

    chosen = [
        doc
        for doc in registry.documents
        if doc.id not in excluded
        and (not issuer_keys or doc.issuer in issuer_keys)
        and (start is None or (doc.date is not None and doc.date >= start))
        and (end is None or (doc.date is not None and doc.date <= end))
        and (program is None or doc.program == program)
        and (not wanted_units or unit_match(doc))
    ]
    return sorted(chosen, key=sort_key)


def build_appendix(
    registry: Registry,
    *,
    report: str | None = None,
    issuers: Iterable[str] = (),
    start: _dt.date | None = None,
    end: _dt.date | None = None,
    program: str | None = None,
    subprojects: Iterable[str] = (),
    heading: str = HEADING,
    heading_suffix: str | None = None,
) -> Appendix:
    """Build the appendix; with *report* ("733/BC-UBND"), its heading and default end date.

    *heading_suffix* ("của UBND huyện") is added to the heading in capitals. The report itself is
    never listed in its own appendix.
    """
    require("registry", registry, Registry)
    if report is not None:
        require("report", report, str)

    if heading_suffix and heading_suffix.strip():
        heading = f"{heading} {heading_suffix.strip().upper()}"
    attached_to = None
    exclude: list[str] = []
    if report is not None:
        doc = registry.resolve(report)
        issuer_name = registry.issuer_name(doc.issuer)
        date = f" ngày {format_date(doc.date)}" if doc.date else ""
        attached_to = f"(Kèm theo {doc.kind or 'văn bản'} số {doc.code}{date} của {issuer_name})"
        if end is None:
            end = doc.date
        exclude.append(doc.id)
    docs = select_documents(
        registry, issuers=issuers, start=start, end=end, program=program, subprojects=subprojects, exclude=exclude
    )
    lines = [canonical_line(registry, d) for d in docs]
    rows = []
    for doc, line in zip(docs, lines):
        rows.append(
            {
                "id": doc.id,
                "kind": doc.kind,
                "number": doc.number,
                "symbol": doc.symbol,
                "year": doc.year,
                "date": doc.date.isoformat() if doc.date else None,
                "issuer": registry.issuer_name(doc.issuer),
                "title": doc.title,
                "citation": line,
            }
        )
    return Appendix(
        heading=heading,
        attached_to=attached_to,
        documents=tuple(docs),
        lines=tuple(lines),
        json_rows=tuple(rows),
    )


__all__ += ["ResolveError", "HEADING", "sort_key", "canonical_title"]
