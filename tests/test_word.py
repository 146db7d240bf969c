"""Tests for the appendix as a Word document (vanban.word): read the file back with python-docx."""

from __future__ import annotations

import datetime as _dt
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm

from vanban.render.appendix import HEADING, build_appendix
from vanban.registry import load_registry
from vanban.render.word import COLUMNS, GENERAL_GROUP, write_appendix_docx

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
ATTACHED = "(Kèm theo Báo cáo số 733/BC-UBND ngày 17/11/2023 của UBND huyện Bình Sơn)"
HEADER = ["STT", "Số, ký hiệu", "Ngày ban hành", "Trích yếu", "Cơ quan ban hành"]
DA6 = "Dự án 6: Truyền thông và giảm nghèo về thông tin"
ITEM_RE = re.compile(r"^(\d+)\. ")
DATE_RE = re.compile(r"ngày (\d{2})/(\d{2})/(\d{4})")

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


@pytest.fixture(scope="module")
def appendix(registry):
    return build_appendix(registry, report="733/BC-UBND", issuers=["UBND huyện Bình Sơn", "Huyện ủy Bình Sơn"])


@pytest.fixture(scope="module")
def write(registry, appendix, tmp_path_factory):
    folder = tmp_path_factory.mktemp("word")

    def _write(**options) -> Path:
        name = "-".join(f"{k}={v}" for k, v in sorted(options.items())) or "default"
        path = folder / f"{name}.docx"
        write_appendix_docx(appendix, registry, path, **options)
        return path

    return _write


def body_paragraphs(document) -> list:
    return [p for p in document.paragraphs if p.text.strip()]


def items(document) -> list[str]:
    return [p.text for p in document.paragraphs if ITEM_RE.match(p.text)]


def date_of(text: str) -> _dt.date:
    day, month, year = DATE_RE.search(text).groups()
    return _dt.date(int(year), int(month), int(day))


def all_bold(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.bold for r in runs)


def all_italic(paragraph) -> bool:
    runs = [r for r in paragraph.runs if r.text.strip()]
    return bool(runs) and all(r.italic for r in runs)


# --- page and type ----------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["list", "table"])
def test_page_is_a4_with_decree_margins(write, layout):
    section = docx.Document(write(layout=layout)).sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert Mm(20) - Mm(0.1) <= section.top_margin <= Mm(25) + Mm(0.1)
    assert Mm(20) - Mm(0.1) <= section.bottom_margin <= Mm(25) + Mm(0.1)
    assert Mm(30) - Mm(0.1) <= section.left_margin <= Mm(35) + Mm(0.1)
    assert Mm(15) - Mm(0.1) <= section.right_margin <= Mm(20) + Mm(0.1)


@pytest.mark.parametrize("layout", ["list", "table"])
def test_normal_style_is_times_new_roman_13_to_14(write, layout):
    document = docx.Document(write(layout=layout))
    normal = document.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert 13 <= normal.font.size.pt <= 14
    fonts = normal.element.rPr.find(qn("w:rFonts"))
    assert fonts.get(qn("w:eastAsia")) == "Times New Roman"
    assert fonts.get(qn("w:cs")) == "Times New Roman"
    # no run overrides the font family, and no run is set outside 13–14 pt
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run.font.name in (None, "Times New Roman")
            assert run.font.size is None or 13 <= run.font.size.pt <= 14


def test_page_numbers_from_the_second_page(write):
    section = docx.Document(write(layout="list")).sections[0]
    assert section.different_first_page_header_footer
    instr = section.header._element.xpath(".//w:instrText")
    assert [el.text.strip() for el in instr] == ["PAGE"]
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert not section.first_page_header._element.xpath(".//w:instrText")


# --- heading ----------------------------------------------------------------------------------


@pytest.mark.parametrize("layout", ["list", "table"])
def test_heading_bold_centred_and_attached_line_italic(write, layout):
    first, second = body_paragraphs(docx.Document(write(layout=layout)))[:2]
    assert first.text == HEADING
    assert all_bold(first) and first.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert second.text == ATTACHED
    assert all_italic(second) and second.alignment == WD_ALIGN_PARAGRAPH.CENTER


def test_title_suffix_in_upper_case(registry, tmp_path):
    suffixed = build_appendix(registry, report="733/BC-UBND", heading_suffix="của UBND huyện")
    path = tmp_path / "suffix.docx"
    write_appendix_docx(suffixed, registry, path, layout="list")
    document = docx.Document(path)
    first = body_paragraphs(document)[0]
    assert first.text == f"{HEADING} CỦA UBND HUYỆN"
    assert all_bold(first)
    assert document.core_properties.title == f"{HEADING} CỦA UBND HUYỆN"


def test_core_properties(write):
    props = docx.Document(write(layout="list")).core_properties
    assert props.title == HEADING
    assert props.language == "vi-VN"
    assert "python-docx" not in (props.comments or "")


# --- list -------------------------------------------------------------------------------------


def test_list_has_41_numbered_items_in_appendix_order(write, appendix):
    document = docx.Document(write(layout="list"))
    found = items(document)
    assert len(appendix.lines) == 41
    assert found == [f"{i}. {line}{'.' if i == 41 else ';'}" for i, line in enumerate(appendix.lines, 1)]
    assert "1566/QĐ-UBND" in found[0]
    assert "116/KHH-UBND" in found[2]
    dates = [date_of(text) for text in found]
    assert dates == sorted(dates)
    assert not document.tables


def test_list_items_justified_with_first_line_indent(write):
    document = docx.Document(write(layout="list"))
    for paragraph in document.paragraphs:
        if ITEM_RE.match(paragraph.text):
            assert paragraph.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
            assert Mm(10) <= paragraph.paragraph_format.first_line_indent <= Mm(12.7) + Mm(0.1)


# --- table ------------------------------------------------------------------------------------


def test_table_rows_header_and_repeat(write, appendix):
    document = docx.Document(write(layout="table"))
    assert not items(document)
    (table,) = document.tables
    assert table.style.name == "Table Grid"
    assert len(table.rows) == 42
    header = table.rows[0]
    assert [c.text for c in header.cells] == HEADER
    assert all(all_bold(c.paragraphs[0]) for c in header.cells)
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:tblHeader")) is None for row in table.rows[1:])

    body = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [r[0] for r in body] == [str(i) for i in range(1, 42)]
    assert [r[1] for r in body] == [d.code for d in appendix.documents]
    assert body[0][1] == "1566/QĐ-UBND" and body[0][2] == "15/08/2022"
    assert body[2][1] == "116/KHH-UBND"
    assert body[-1][4] == "Huyện ủy Bình Sơn"
    assert body[0][3].startswith("Quyết định về việc phê duyệt")
    dates = [_dt.datetime.strptime(r[2], "%d/%m/%Y").date() for r in body]
    assert dates == sorted(dates)


def test_table_widths_fill_the_text_width(write):
    (table,) = docx.Document(write(layout="table")).tables
    grid = [int(col.get(qn("w:w"))) for col in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == len(COLUMNS) == 5
    assert abs(sum(grid) - Mm(165).twips) <= 5  # twips; rounding per column
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


# --- grouping ---------------------------------------------------------------------------------


def test_group_by_year_list(write):
    document = docx.Document(write(layout="list", group_by="year"))
    paragraphs = body_paragraphs(document)[2:]
    headings = [p for p in paragraphs if not ITEM_RE.match(p.text)]
    assert [p.text for p in headings] == ["Năm 2022", "Năm 2023"]
    assert all(all_bold(p) for p in headings)
    # numbering continues across the groups; each item sits under its year
    found = items(document)
    assert [int(ITEM_RE.match(t).group(1)) for t in found] == list(range(1, 42))
    assert found[-1].endswith(".") and all(t.endswith(";") for t in found[:-1])
    year = None
    for paragraph in paragraphs:
        if paragraph.text.startswith("Năm "):
            year = int(paragraph.text.split()[1])
        else:
            assert date_of(paragraph.text).year == year


def test_group_by_year_table(write):
    (table,) = docx.Document(write(layout="table", group_by="year")).tables
    assert len(table.rows) == 1 + 2 + 41
    labels = [row.cells[0].text for row in table.rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    assert labels == ["Năm 2022", "Năm 2023"]
    numbers = [row.cells[0].text for row in table.rows[1:] if row.cells[0].text.isdigit()]
    assert numbers == [str(i) for i in range(1, 42)]


def test_group_by_project_list(write):
    document = docx.Document(write(layout="list", group_by="project"))
    sections: dict[str, list[str]] = {}
    current = None
    for paragraph in body_paragraphs(document)[2:]:
        if ITEM_RE.match(paragraph.text):
            sections[current].append(paragraph.text)
        else:
            assert all_bold(paragraph)
            current = paragraph.text
            sections[current] = []
    assert list(sections)[0] == GENERAL_GROUP
    assert DA6 in sections
    assert any("125/KH-UBND" in t for t in sections[DA6])
    assert not any("125/KH-UBND" in t for t in sections[GENERAL_GROUP])
    # 109/KH-UBND is linked to DA3-TDA2 and DA7: listed under both projects
    under = [name for name, texts in sections.items() if any("109/KH-UBND" in t for t in texts)]
    assert [name.split(":")[0] for name in under] == ["Dự án 3", "Dự án 7"]
    # projects in catalog order after the general group
    numbers = [int(name.split(":")[0].split()[-1]) for name in list(sections)[1:]]
    assert numbers == sorted(numbers)
    # numbering continues across groups
    found = items(document)
    assert [int(ITEM_RE.match(t).group(1)) for t in found] == list(range(1, len(found) + 1))
    assert len(found) > 41


def test_group_by_project_table(write):
    (table,) = docx.Document(write(layout="table", group_by="project")).tables
    labels = [row.cells[0].text for row in table.rows[1:] if len({id(c._tc) for c in row.cells}) == 1]
    assert labels[0] == GENERAL_GROUP and DA6 in labels
    rows = [[c.text for c in row.cells] for row in table.rows]
    start = next(i for i, r in enumerate(rows) if r[0] == DA6)
    end = next((i for i in range(start + 1, len(rows)) if len(set(rows[i])) == 1), len(rows))
    assert "125/KH-UBND" in [r[1] for r in rows[start + 1 : end]]


# --- writing ----------------------------------------------------------------------------------


def test_bad_options_write_nothing(registry, appendix, tmp_path):
    with pytest.raises(ValueError):
        write_appendix_docx(appendix, registry, tmp_path / "x.docx", layout="grid")
    with pytest.raises(ValueError):
        write_appendix_docx(appendix, registry, tmp_path / "x.docx", group_by="month")
    assert list(tmp_path.iterdir()) == []


def test_overwrites_atomically(registry, appendix, tmp_path):
    path = tmp_path / "phu-luc.docx"
    path.write_bytes(b"old")
    write_appendix_docx(appendix, registry, path, layout="table")
    assert len(docx.Document(path).tables) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["phu-luc.docx"]


# --- PDF through LibreOffice (only collected where LibreOffice is installed) ------------------


def _pdf_pages(pdf: Path) -> int:
    if shutil.which("pdfinfo"):
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
        return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf.read_bytes()))


if SOFFICE:

    @pytest.mark.parametrize("soffice", [SOFFICE])
    def test_libreoffice_pdf_pages_and_text(write, soffice, tmp_path):
        source = write(layout="list")
        subprocess.run(
            [soffice, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
             "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        pdf = tmp_path / (source.stem + ".pdf")
        assert pdf.is_file()
        assert _pdf_pages(pdf) >= 2
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout
            assert "116/KHH-UBND" in text
            assert "DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO" in text
