"""The appendix as a Word document, formatted by Nghị định 30/2020/NĐ-CP (Phụ lục I)::

    write_appendix_docx(appendix, registry, "phu-luc.docx", layout="table", group_by="year")

Page and type (Phụ lục I, Nghị định 30/2020/NĐ-CP):

- A4 (210 × 297 mm), portrait; margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm (the law
  allows 20–25, 20–25, 30–35 and 15–20 mm), so the text is 165 mm wide;
- Times New Roman 14 pt on the Normal style (also for East Asian and complex scripts, so Word never
  substitutes another font for Vietnamese), language vi-VN; tables in 13 pt (the law allows 13–14);
- paragraphs 6 pt apart, single line spacing; list items justified with a 1.27 cm first-line indent;
- page numbers centred in the top margin, not shown on the first page;
- the heading bold, centred, upper case; the "(Kèm theo …)" line italic, centred.

Layouts: ``"list"`` writes one paragraph per document, "1. <canonical citation>;" with the last item
ending in "."; ``"table"`` writes the columns STT | Số, ký hiệu | Ngày ban hành | Trích yếu | Cơ quan
ban hành, with the header row repeated on every page.

Grouping: ``group_by="year"`` puts a bold "Năm 2022" before each year's documents;
``group_by="project"`` puts the project's catalog name ("Dự án 6: Truyền thông và giảm nghèo về
thông tin") before the documents linked to it or to one of its sub-projects, the projects in catalog
order after "Văn bản chung của Chương trình" (documents linked to no project). A document linked to
several projects is listed under each of them.

Numbering continues across groups (it does not restart at 1 under each sub-heading): the groups are
parts of one list, so an item is cited by one number, and the list ends with one full stop. Under
``group_by="project"`` a document listed under two projects therefore has two numbers.
"""

from __future__ import annotations

import datetime as _dt
import io
from pathlib import Path
from typing import Any, Sequence

from docx import Document as new_docx
from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT, WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from .appendix import Appendix, canonical_title
from ..base.atomic import write_atomic
from ..programs import Program, SubProject
from ..base.dates import format_date
from ..registry.model import Document
from ..registry import Registry

__all__ = [
    "COLUMNS",
    "FONT",
    "GENERAL_GROUP",
    "GROUPINGS",
    "LAYOUTS",
    "appendix_docx_bytes",
    "document_groups",
    "write_appendix_docx",
]

LAYOUTS: tuple[str, ...] = ("list", "table")
GROUPINGS: tuple[str | None, ...] = (None, "year", "project")

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 13
LANGUAGE = "vi-VN"

PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
TEXT_WIDTH_MM = PAGE_MM[0] - MARGINS_MM["left"] - MARGINS_MM["right"]  # 165
FIRST_LINE_INDENT = Cm(1.27)

#: table columns: header text and width in mm (summing to the text width)
COLUMNS: tuple[tuple[str, int], ...] = (
    ("STT", 14),
    ("Số, ký hiệu", 37),  # "116/KHH-UBND" on one line at 13 pt
    ("Ngày ban hành", 26),
    ("Trích yếu", 57),
    ("Cơ quan ban hành", 31),
)
assert sum(width for _, width in COLUMNS) == TEXT_WIDTH_MM

GENERAL_GROUP = "Văn bản chung của Chương trình"
UNDATED_GROUP = "Chưa rõ năm ban hành"


# --- grouping ---------------------------------------------------------------------------------


def document_groups(
    appendix: Appendix, registry: Registry, group_by: str | None = None
) -> list[tuple[str | None, list[tuple[Document, str]]]]:
    """The documents with their canonical lines, in groups: ``[(sub-heading or None, [(doc, line)])]``.

    Within a group the appendix's order (date, then number) is kept.
    """
    if group_by not in GROUPINGS:
        raise ValueError(f"group_by must be one of {', '.join(map(str, GROUPINGS))}, not {group_by!r}")
    items = list(zip(appendix.documents, appendix.lines))
    if group_by is None:
        return [(None, items)]
    if group_by == "year":
        years: dict[int | None, list[tuple[Document, str]]] = {}
        for doc, line in items:
            year = doc.date.year if doc.date else doc.year
            years.setdefault(year, []).append((doc, line))
        order = sorted(years, key=lambda y: (y is None, y or 0))
        return [(f"Năm {y}" if y is not None else UNDATED_GROUP, years[y]) for y in order]
    return _project_groups(items, registry)


def _project_of(code: str, program: Program | None) -> tuple[str, int]:
    """The project code a (sub-)project code belongs to, and its place in the catalog."""
    if program is not None:
        try:
            unit = program.unit(code)
        except KeyError:
            pass
        else:
            project = unit.project_code if isinstance(unit, SubProject) else unit.code
            rank = next(i for i, p in enumerate(program.projects) if p.code == project)
            return project, rank
    return code.split("-")[0], 10_000


def _program_for(doc: Document, registry: Registry) -> Program | None:
    if doc.program is not None:
        return registry.programs.get(doc.program)
    if len(registry.programs) == 1:
        return next(iter(registry.programs.values()))
    return None


def _project_groups(
    items: Sequence[tuple[Document, str]], registry: Registry
) -> list[tuple[str | None, list[tuple[Document, str]]]]:
    # key: (program code or "", is-project, catalog rank, project code)
    groups: dict[tuple[str, int, int, str], list[tuple[Document, str]]] = {}
    for doc, line in items:
        program = _program_for(doc, registry)
        prog_code = program.code if program is not None else (doc.program or "")
        seen: list[tuple[str, int]] = []
        for code in doc.subprojects:
            found = _project_of(code, program)
            if found not in seen:
                seen.append(found)
        if not seen:
            groups.setdefault((prog_code, 0, 0, ""), []).append((doc, line))
        for project_code, rank in seen:
            groups.setdefault((prog_code, 1, rank, project_code), []).append((doc, line))

    several = len({k[0] for k in groups}) > 1
    out: list[tuple[str | None, list[tuple[Document, str]]]] = []
    for k in sorted(groups):
        prog_code, is_project, _rank, unit_code = k
        catalog = registry.programs.get(prog_code)
        if not is_project:
            label = GENERAL_GROUP
        else:
            label = unit_code
            if catalog is not None:
                try:
                    label = catalog.unit(unit_code).name
                except KeyError:
                    pass
        if several and prog_code:
            label += f" ({catalog.short_name if catalog is not None else prog_code})"
        out.append((label, groups[k]))
    return out


# --- low-level formatting ---------------------------------------------------------------------


def _set_fonts(rpr: Any, *, size_pt: int | None = None) -> None:
    """Times New Roman for every script (no theme fonts), vi-VN, and the size for complex scripts."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attr), None)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    if size_pt is not None:
        for tag in ("w:sz", "w:szCs"):
            el = rpr.find(qn(tag))
            if el is None:
                el = OxmlElement(tag)
                rpr.append(el)
            el.set(qn("w:val"), str(size_pt * 2))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), LANGUAGE)
    lang.set(qn("w:eastAsia"), LANGUAGE)


def _setup(doc: DocxDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(PAGE_MM[0]), Mm(PAGE_MM[1])
    section.top_margin = Mm(MARGINS_MM["top"])
    section.bottom_margin = Mm(MARGINS_MM["bottom"])
    section.left_margin = Mm(MARGINS_MM["left"])
    section.right_margin = Mm(MARGINS_MM["right"])
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)

    # document defaults: the template's theme fonts (Calibri, …) would otherwise win for some scripts
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr, size_pt=BODY_PT)

    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _set_fonts(normal.element.get_or_add_rPr(), size_pt=BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing_rule = WD_LINE_SPACING.SINGLE
    fmt.widow_control = True

    # page number: centred in the top margin, from the second page on
    section.different_first_page_header_footer = True
    para = section.header.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.space_after = Pt(0)
    run = para.add_run()
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2"), ("end", None)):
        if kind is not None:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == " PAGE ":
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def _paragraph(doc_or_cell: Any, text: str = "", *, bold: bool = False, italic: bool = False,
               align: Any = None, size_pt: int | None = None, space_after: int | None = None,
               space_before: int | None = None, keep_with_next: bool = False) -> Any:
    para = doc_or_cell.add_paragraph()
    if text:
        run = para.add_run(text)
        run.bold = bold or None
        run.italic = italic or None
        if size_pt is not None:
            run.font.size = Pt(size_pt)
    if align is not None:
        para.alignment = align
    fmt = para.paragraph_format
    if space_after is not None:
        fmt.space_after = Pt(space_after)
    if space_before is not None:
        fmt.space_before = Pt(space_before)
    if keep_with_next:
        fmt.keep_with_next = True
    return para


def _heading(doc: DocxDocument, appendix: Appendix) -> str:
    title = appendix.heading.strip().upper()
    _paragraph(doc, title, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, space_after=0, keep_with_next=True)
    if appendix.attached_to:
        _paragraph(doc, appendix.attached_to, italic=True, align=WD_ALIGN_PARAGRAPH.CENTER, keep_with_next=True)
    doc.paragraphs[-1].paragraph_format.space_after = Pt(18)
    return title


# --- layouts ----------------------------------------------------------------------------------


def _write_list(doc: DocxDocument, groups: list[tuple[str | None, list[tuple[Document, str]]]], total: int) -> None:
    number = 0
    for label, items in groups:
        if label is not None:
            _paragraph(doc, label, bold=True, space_before=6, keep_with_next=True)
        for _doc, line in items:
            number += 1
            end = "." if number == total else ";"
            para = _paragraph(doc, f"{number}. {line}{end}", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            para.paragraph_format.first_line_indent = FIRST_LINE_INDENT


def _cell_text(cell: Any, text: str, *, bold: bool = False, align: Any = WD_ALIGN_PARAGRAPH.LEFT) -> None:
    para = cell.paragraphs[0]
    run = para.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(TABLE_PT)
    para.alignment = align
    para.paragraph_format.space_before = Pt(3)
    para.paragraph_format.space_after = Pt(3)
    cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER


def _row_props(row: Any, *, header: bool = False) -> None:
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        el = OxmlElement("w:tblHeader")
        el.set(qn("w:val"), "true")
        trpr.append(el)


def _table_width(table: Any) -> None:
    tblpr = table._tbl.tblPr
    width = tblpr.find(qn("w:tblW"))
    if width is None:
        width = OxmlElement("w:tblW")
        tblpr.append(width)
    width.set(qn("w:w"), str(int(Mm(TEXT_WIDTH_MM).twips)))
    width.set(qn("w:type"), "dxa")


def _trich_yeu(doc: Document) -> str:
    title = canonical_title(doc.title)
    return " ".join(part for part in (doc.kind, title) if part)


def _write_table(doc: DocxDocument, groups: list[tuple[str | None, list[tuple[Document, str]]]],
                 registry: Registry) -> None:
    rows = 1 + sum(len(items) + (label is not None) for label, items in groups)
    table = doc.add_table(rows=rows, cols=len(COLUMNS))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # w:tblLayout fixed: the widths below, not the text, decide
    _table_width(table)
    widths = [Mm(w) for _, w in COLUMNS]
    for column, width in zip(table.columns, widths):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width

    center, left = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.LEFT
    header = table.rows[0]
    for cell, (text, _w) in zip(header.cells, COLUMNS):
        _cell_text(cell, text, bold=True, align=center)
    _row_props(header, header=True)

    r = 1
    number = 0
    for label, items in groups:
        if label is not None:
            row = table.rows[r]
            merged = row.cells[0].merge(row.cells[-1])
            _cell_text(merged, label, bold=True, align=left)
            _row_props(row)
            r += 1
        for document, _line in items:
            number += 1
            row = table.rows[r]
            values = (
                (str(number), center),
                (document.code, center),
                (format_date(document.date) if document.date else "", center),
                (_trich_yeu(document), left),  # justified, a narrow column shows gaps
                (registry.issuer_name(document.issuer), center),
            )
            for cell, (text, align) in zip(row.cells, values):
                _cell_text(cell, text, align=align)
            _row_props(row)
            r += 1


# --- entry points -----------------------------------------------------------------------------


def appendix_docx_bytes(
    appendix: Appendix,
    registry: Registry,
    *,
    layout: str = "list",
    group_by: str | None = None,
) -> bytes:
    """The .docx file's bytes (see :func:`write_appendix_docx`)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}, not {layout!r}")
    groups = document_groups(appendix, registry, group_by)
    doc = new_docx()
    _setup(doc)
    title = _heading(doc, appendix)
    if layout == "list":
        _write_list(doc, groups, sum(len(items) for _, items in groups))
    else:
        _write_table(doc, groups, registry)

    props = doc.core_properties
    now = _dt.datetime.now(_dt.timezone.utc).replace(microsecond=0)
    author = registry.issuer_name(registry.locality.issuer) if registry.locality.issuer else ""
    props.title = title
    props.subject = (appendix.attached_to or "").strip("()")
    props.language = LANGUAGE
    props.author = author
    props.last_modified_by = author
    props.comments = ""
    props.keywords = ""
    props.revision = 1
    props.created = now
    props.modified = now

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def write_appendix_docx(
    appendix: Appendix,
    registry: Registry,
    path: str | Path,
    *,
    layout: str = "list",
    group_by: str | None = None,
) -> None:
    """Write *appendix* to *path* as a Word document (atomically: the old file or the new one).

    *layout* is ``"list"`` or ``"table"``; *group_by* is None, ``"year"`` or ``"project"``; the
    heading (with any suffix given to :func:`build_appendix`) is written in upper case.
    Raises ValueError for an unknown layout or grouping.
    """
    data = appendix_docx_bytes(appendix, registry, layout=layout, group_by=group_by)
    write_atomic(path, data)
