"""Tests for the Sổ đăng ký văn bản đi (NĐ 30/2020 Phụ lục IV): tolerant headers, bad rows reported
with sheet and row, CSV/xlsx export and re-import of the real registry, formula injection, and
importing into data/registry.yaml without losing a comment."""

from __future__ import annotations

import csv
import datetime as dt
import io
import shutil
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from vanban.io.registers import (
    COLUMNS, SHEET_TITLE, RegisterError, csv_escape, csv_unescape, export_register, import_register, match_headers,
    read_register, split_kind,
)
from vanban.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
ISSUER = "ubnd-binh-son"


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


@pytest.fixture(scope="module")
def binh_son_docs(registry):
    docs = [d for d in registry.documents if d.issuer == ISSUER]
    # 39 documents of UBND huyện in the appendix list (the other 2 of its 41 are Huyện ủy's) + Báo cáo 733.
    assert len(docs) == 40
    assert "733/BC-UBND" in {d.code for d in docs}
    return docs


def write_csv(path: Path, rows: list[list[object]], *, delimiter: str = ",", encoding: str = "utf-8-sig") -> Path:
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter).writerows(rows)
    path.write_text(out.getvalue(), encoding=encoding, newline="")
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    workbook = openpyxl.Workbook()
    workbook.remove(workbook.active)
    for name, rows in sheets.items():
        sheet = workbook.create_sheet(name)
        for row in rows:
            sheet.append(row)
    workbook.save(path)
    return path


def empty_registry(tmp_path: Path) -> Path:
    """data/registry.yaml with its issuers and no documents."""
    text = REGISTRY.read_text(encoding="utf-8")
    head = text[: text.index("\ndocuments:") + 1]
    target = tmp_path / "empty.yaml"
    target.write_text(head + "documents: []\n", encoding="utf-8")
    assert len(load_registry(target)) == 0
    return target


def doc_data(docs):
    return [(d.code, d.kind, d.date, d.title) for d in docs]


# --- headers ------------------------------------------------------------------------------------
def test_columns():
    assert COLUMNS == (
        "Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
        "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú",
    )
    assert match_headers(list(COLUMNS)) == {name: i for i, name in enumerate(COLUMNS)}


@pytest.mark.parametrize(
    "headers",
    [
        [c.upper() for c in COLUMNS[:3]],
        [c.lower() for c in COLUMNS[:3]],
        ["So, ky hieu van ban", "Ngay thang van ban", "Ten loai va trich yeu noi dung van ban"],
        [unicodedata.normalize("NFD", c) for c in COLUMNS[:3]],
        ["Số/ký hiệu", "Ngày, tháng văn bản", "Tên loại, trích yếu nội dung"],
        ["Số và ký hiệu", "Ngày văn bản", "Trích yếu"],
        ["  Số,  ký hiệu\u00a0văn bản (1) ", "Ngày tháng văn bản (2)", "Tên loại và trích yếu nội dung văn bản (3)"],
        ["Số ký hiệu văn ban", "Ngay thang van bn", "Trich yeu noi dun"],  # near misses (rapidfuzz)
    ],
)
def test_header_variants(headers):
    found = match_headers(headers)
    assert found == {COLUMNS[0]: 0, COLUMNS[1]: 1, COLUMNS[2]: 2}


def test_extra_columns_ignored():
    cells = ["STT", "Độ mật", "Số/ký hiệu", None, "Ngày tháng", "Trích yếu", "Người ký", 42, "Ghi chú", "Mã hồ sơ"]
    assert match_headers(cells) == {COLUMNS[0]: 2, COLUMNS[1]: 4, COLUMNS[2]: 5, COLUMNS[3]: 6, COLUMNS[9]: 8}


def test_unrelated_texts_match_nothing():
    assert match_headers(["SỔ ĐĂNG KÝ VĂN BẢN ĐI", "Năm 2023", "Từ số 1 đến số 200", "Quyển số 1", "STT"]) == {}


def test_title_rows_above_header_csv(tmp_path):
    path = write_csv(tmp_path / "so.csv", [
        ["ỦY BAN NHÂN DÂN HUYỆN BÌNH SƠN", "", ""],
        ["SỔ ĐĂNG KÝ VĂN BẢN ĐI", "", ""],
        ["Năm 2023", "", ""],
        ["", "", ""],
        ["STT", "SO/KY HIEU", "NGAY THANG", "TRICH YEU", "GHI CHU"],
        ["(1)", "(2)", "(3)", "(4)", "(5)"],
        ["1", "36/KH-UBND", "20/02/2023", "Kế hoạch về việc thực hiện Chương trình năm 2023", ""],
        ["2", "1370/UBND-VX", "04/5/2023", "V/v triển khai Dự án 6", "gửi qua mạng"],
    ])
    result = read_register(path, issuer=ISSUER)
    assert result.problems == ()
    assert [(r.row_number, r.code, r.kind, r.date, r.title, r.note) for r in result.rows] == [
        (7, "36/KH-UBND", "Kế hoạch", dt.date(2023, 2, 20), "về việc thực hiện Chương trình năm 2023", None),
        (8, "1370/UBND-VX", "Công văn", dt.date(2023, 5, 4), "V/v triển khai Dự án 6", "gửi qua mạng"),
    ]
    assert result.sheets == ("so.csv",)


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters(tmp_path, delimiter):
    path = write_csv(tmp_path / "so.csv", [
        list(COLUMNS),
        ["36/KH-UBND", "20/02/2023", "Kế hoạch thực hiện Chương trình, năm 2023", "Nguyễn Văn A", "Các xã; thị trấn",
         "VP", "25", "21/02/2023", "đã ký", ""],
    ], delimiter=delimiter)
    (row,) = read_register(path, issuer=ISSUER).rows
    assert (row.code, row.kind, row.title) == ("36/KH-UBND", "Kế hoạch", "thực hiện Chương trình, năm 2023")
    assert (row.signer, row.recipients, row.archive, row.copies, row.sent, row.received) == (
        "Nguyễn Văn A", "Các xã; thị trấn", "VP", 25, dt.date(2023, 2, 21), "đã ký")


def test_xlsx_title_row_and_nfd_header(tmp_path):
    header = [unicodedata.normalize("NFD", c.upper()) for c in COLUMNS]
    path = write_xlsx(tmp_path / "so.xlsx", {"Năm 2023": [
        ["SỔ ĐĂNG KÝ VĂN BẢN ĐI"],
        ["Từ ngày 01/01/2023 đến ngày 31/12/2023"],
        header,
        ["36/KH-UBND", dt.datetime(2023, 2, 20), "Kế hoạch thực hiện Chương trình năm 2023", None, None, None, 3],
    ]})
    result = read_register(path, issuer=ISSUER)
    assert [(r.sheet, r.row_number, r.code, r.date, r.copies) for r in result.rows] == [
        ("Năm 2023", 4, "36/KH-UBND", dt.date(2023, 2, 20), 3)]


def test_missing_required_column_names_sheet_and_found(tmp_path):
    path = write_xlsx(tmp_path / "so.xlsx", {"Sổ 2023": [
        ["SỔ ĐĂNG KÝ VĂN BẢN ĐI"],
        ["Số, ký hiệu văn bản", "Trích yếu", "Người ký", "Ghi chú"],
        ["36/KH-UBND", "Kế hoạch …", "A", ""],
    ]})
    with pytest.raises(RegisterError) as info:
        read_register(path, issuer=ISSUER)
    message = str(info.value)
    assert "Sổ 2023" in message and "Ngày tháng văn bản" in message
    assert "“Trích yếu”" in message and "“Người ký”" in message
    assert info.value.sheet == "Sổ 2023"
    assert "Số, ký hiệu văn bản" in info.value.found


def test_no_register_at_all(tmp_path):
    path = write_csv(tmp_path / "x.csv", [["a", "b"], ["1", "2"]])
    with pytest.raises(RegisterError, match="x.csv"):
        read_register(path, issuer=ISSUER)


def test_incoming_register_refused(tmp_path):
    path = write_csv(tmp_path / "den.csv", [
        ["Ngày đến", "Số đến", "Tác giả", "Số, ký hiệu", "Ngày tháng", "Tên loại và trích yếu nội dung",
         "Đơn vị hoặc người nhận", "Ngày chuyển", "Ký nhận", "Ghi chú"],
        ["08/11/2023", "512", "Sở Nội vụ", "2101/SNV-TĐKT", "07/11/2023", "Công văn về việc …", "VX", "", "", ""],
    ])
    with pytest.raises(RegisterError, match="văn bản đến"):
        read_register(path, issuer=ISSUER)


def test_split_number_and_symbol_columns(tmp_path):
    path = write_xlsx(tmp_path / "so.xlsx", {"Sheet": [
        ["Số", "Ký hiệu", "Ngày văn bản", "Tên loại", "Trích yếu"],
        [36, "KH-UBND", "20/02/2023", "Kế hoạch", "thực hiện Chương trình năm 2023"],
        [1631, "QĐ/HU", "04/07/2023", "Quyết định", "về việc thành lập Ban Chỉ đạo"],
    ]})
    rows = read_register(path, issuer=ISSUER).rows
    assert [(r.code, r.kind, r.title) for r in rows] == [
        ("36/KH-UBND", "Kế hoạch", "thực hiện Chương trình năm 2023"),
        ("1631-QĐ/HU", "Quyết định", "về việc thành lập Ban Chỉ đạo"),
    ]


# --- kinds and dates ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, kind, title",
    [
        ("Kế hoạch thực hiện Chương trình … năm 2023", "Kế hoạch", "thực hiện Chương trình … năm 2023"),
        ("QUYẾT ĐỊNH về việc kiện toàn Ban Chỉ đạo", "Quyết định", "về việc kiện toàn Ban Chỉ đạo"),
        ("Cong van ve viec trien khai", "Công văn", "ve viec trien khai"),
        ("Báo cáo: sơ kết giữa kỳ", "Báo cáo", "sơ kết giữa kỳ"),
        ("Thông tư liên tịch hướng dẫn", "Thông tư liên tịch", "hướng dẫn"),
        ("Kế hoạch - thực hiện Dự án 2", "Kế hoạch", "thực hiện Dự án 2"),
        ("Kế hoạch -2", "Kế hoạch", "-2"),
        ("Báo cáo", "Báo cáo", None),
        ("KH thực hiện", None, "KH thực hiện"),  # an abbreviation is not a kind word
        ("về việc triển khai", None, "về việc triển khai"),
    ],
)
def test_split_kind(text, kind, title):
    assert split_kind(text) == (kind, title)


def test_kind_from_symbol_and_date_forms(tmp_path):
    path = write_csv(tmp_path / "so.csv", [
        ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản"],
        ["88/KH-UBND", "ngày 09 tháng 5 năm 2023", "về việc giám sát, đánh giá"],
        ["1819 /UBND-VX", "2023-06-06", "về việc triển khai khảo sát"],
        ["20-CT/HU", "10.11.2023", "về tăng cường sự lãnh đạo của Đảng"],
        ["26/2022/NQ-HĐND", "11-11-2022", ""],
    ])
    rows = read_register(path, issuer=ISSUER).rows
    assert [(r.code, r.kind, r.date, r.title) for r in rows] == [
        ("88/KH-UBND", "Kế hoạch", dt.date(2023, 5, 9), "về việc giám sát, đánh giá"),
        ("1819/UBND-VX", "Công văn", dt.date(2023, 6, 6), "về việc triển khai khảo sát"),
        ("20-CT/HU", "Chỉ thị", dt.date(2023, 11, 10), "về tăng cường sự lãnh đạo của Đảng"),
        ("26/2022/NQ-HĐND", "Nghị quyết", dt.date(2022, 11, 11), None),
    ]
    assert rows[3].issue_year == 2022


# --- bad rows -----------------------------------------------------------------------------------
def test_bad_rows_reported_with_sheet_and_row_xlsx(tmp_path):
    path = write_xlsx(tmp_path / "so.xlsx", {
        "Bìa": [["SỔ ĐĂNG KÝ VĂN BẢN ĐI"], ["Quyển số 1"], ["Năm 2023"]],
        "2023": [
            ["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2023"],
            list(COLUMNS),
            ["36/KH-UBND", dt.date(2023, 2, 20), "Kế hoạch thực hiện Chương trình năm 2023"],
            ["37/KH-UBND", "30/02/2023", "Kế hoạch kiểm tra"],                      # impossible date
            [None, "01/3/2023", "Công văn về việc …", "Nguyễn Văn A"],             # no code
            [],                                                                    # blank row: skipped
            ["abc", "02/3/2023", "Quyết định …"],                                  # unreadable code
            ["40/QĐ-UBND", "tháng ba", "Quyết định phê duyệt"],                    # unreadable date
            ["41/QĐ-UBND", None, "Quyết định phê duyệt"],                          # no date
            ["516/QĐ-UBND", "06/4/2023", "Quyết định phân khai kinh phí", None, None, None, "năm", "x"],
        ],
    })
    result = read_register(path, issuer=ISSUER)
    assert result.sheets == ("2023",) and result.skipped_sheets == ("Bìa",)
    assert [(r.code, r.row_number) for r in result.rows] == [("36/KH-UBND", 3), ("516/QĐ-UBND", 10)]
    fatal = [(p.sheet, p.row_number, p.column, p.error) for p in result.problems if p.skipped]
    assert fatal == [
        ("2023", 4, "Ngày tháng văn bản", "impossible-date"),
        ("2023", 5, "Số, ký hiệu văn bản", "missing-code"),
        ("2023", 7, "Số, ký hiệu văn bản", "bad-code"),
        ("2023", 8, "Ngày tháng văn bản", "bad-date"),
        ("2023", 9, "Ngày tháng văn bản", "missing-date"),
    ]
    impossible = result.problems[0]
    assert impossible.value == "30/02/2023" and "30/02/2023" in impossible.text()
    assert "2023:4: Ngày tháng văn bản:" in impossible.note("so.xlsx").render("vi")
    kept = [(p.row_number, p.column, p.error) for p in result.problems if not p.skipped]
    assert kept == [(10, "Số lượng bản", "bad-copies"), (10, "Ngày chuyển", "bad-sent-date")]
    assert result.rows[1].copies is None and result.rows[1].sent is None


def test_bad_rows_reported_csv(tmp_path):
    path = write_csv(tmp_path / "so.csv", [
        ["Sổ đăng ký văn bản đi"],
        ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản"],
        ["36/KH-UBND", "20/02/2023", "Kế hoạch …"],
        ["", "", ""],
        ["", "21/02/2023", "Công văn …"],
        ["38/KH-UBND", "30/02/2023", "Kế hoạch …"],
        ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản"],  # page 2 header
        ["39/KH-UBND", "22/02/2023", "Kế hoạch …"],
    ], delimiter=";")
    result = read_register(path, issuer=ISSUER)
    assert [r.code for r in result.rows] == ["36/KH-UBND", "39/KH-UBND"]
    assert [(p.sheet, p.row_number, p.error) for p in result.problems] == [
        ("so.csv", 5, "missing-code"), ("so.csv", 6, "impossible-date")]


def test_not_an_xlsx(tmp_path):
    path = tmp_path / "so.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0 old xls")
    with pytest.raises(RegisterError, match=r"\.xlsx"):
        read_register(path, issuer=ISSUER)
    with pytest.raises(RegisterError, match="CSV"):
        read_register(tmp_path / "so.xls", issuer=ISSUER)


# --- export and round trip ----------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_round_trip_real_registry(tmp_path, registry, binh_son_docs, suffix):
    out = tmp_path / f"so{suffix}"
    assert export_register(registry, out, issuer="UBND huyện Bình Sơn") == 40

    rows = read_register(out, issuer=ISSUER)
    assert rows.problems == ()
    expected = sorted(binh_son_docs, key=lambda d: (d.date, int(d.number)))
    assert [(r.code, r.kind, r.date, r.title, r.note) for r in rows.rows] == [
        (d.code, d.kind, d.date, d.title, d.note) for d in expected]

    target = empty_registry(tmp_path)
    result = import_register(load_registry(target), out, issuer=ISSUER)
    assert result.notes == () and result.intake.existing == () and result.save()
    assert sorted(result.added) == sorted(d.id for d in binh_son_docs)
    reloaded = load_registry(target)
    assert sorted(doc_data(reloaded.documents)) == sorted(doc_data(binh_son_docs))
    assert {d.id: d.note for d in reloaded.documents} == {d.id: d.note for d in binh_son_docs}


def test_export_xlsx_layout_and_order(tmp_path, registry):
    out = tmp_path / "so.xlsx"
    count = export_register(REGISTRY, out, issuer=ISSUER, year=2023)
    workbook = openpyxl.load_workbook(out)
    assert workbook.sheetnames == [SHEET_TITLE]
    sheet = workbook[SHEET_TITLE]
    header = [c.value for c in sheet[1]]
    assert header == list(COLUMNS)
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["C"].width >= 60
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == count == len([d for d in registry.documents if d.issuer == ISSUER and d.date.year == 2023])
    keys = [(r[1], int(r[0].split("/")[0])) for r in rows]
    assert keys == sorted(keys)
    first = rows[0]
    assert first[0] == "36/KH-UBND" and first[1].date() == dt.date(2023, 2, 20)
    assert first[2] == ("Kế hoạch về việc thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững trên địa bàn "
                        "huyện Bình Sơn năm 2023")


def test_export_csv_text(tmp_path, registry):
    out = tmp_path / "so.csv"
    export_register(registry, out, issuer=ISSUER, year=2022)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    records = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert records[0] == list(COLUMNS)
    assert records[1][:3] == ["1566/QĐ-UBND", "15/08/2022", "Quyết định về việc phê duyệt kế hoạch thực hiện "
                              "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021-2025"]
    assert records[1][3:] == [""] * 7
    dates = [dt.datetime.strptime(r[1], "%d/%m/%Y").date() for r in records[1:]]
    assert dates == sorted(dates) and all(d.year == 2022 for d in dates)


# --- formula injection --------------------------------------------------------------------------
DANGEROUS_REGISTRY = """\
vanban: 1
locality:
  name: test
  issuer: ubnd
issuers:
  ubnd:
    name: Ủy ban nhân dân huyện Thử
    abbr: UBND
    level: huyện
documents:
  - code: 1/XYZ-UBND
    date: 2023-01-02
    issuer: ubnd
    title: '=HYPERLINK("http://x")'
  - code: 2/XYZ-UBND
    date: 2023-01-03
    issuer: ubnd
    title: '+1'
  - code: 3/XYZ-UBND
    date: 2023-01-04
    issuer: ubnd
    title: '-2'
  - code: 4/XYZ-UBND
    date: 2023-01-05
    issuer: ubnd
    title: '@SUM(A1)'
  - code: 5/KH-UBND
    kind: Kế hoạch
    date: 2023-01-06
    issuer: ubnd
    title: thực hiện
    note: '=1+1'
  - code: 6/KH-UBND
    kind: Kế hoạch
    date: 2023-01-07
    issuer: ubnd
    title: kiểm tra
    note: "'=already quoted"
"""
DANGEROUS = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"]


@pytest.fixture
def dangerous(tmp_path):
    path = tmp_path / "danger.yaml"
    path.write_text(DANGEROUS_REGISTRY, encoding="utf-8")
    registry = load_registry(path)
    assert [d.kind for d in registry.documents[:4]] == [None] * 4  # the cell starts with the title
    return registry


def test_formula_injection_xlsx(tmp_path, dangerous):
    out = tmp_path / "so.xlsx"
    export_register(dangerous, out)
    sheet = openpyxl.load_workbook(out)[SHEET_TITLE]
    cells = [sheet.cell(row=r, column=3) for r in range(2, 6)]
    assert [c.value for c in cells] == DANGEROUS
    assert all(c.data_type == "s" for c in cells)
    assert all(c.quotePrefix for c in cells)
    note = sheet.cell(row=6, column=10)
    assert (note.value, note.data_type) == ("=1+1", "s")
    with zipfile.ZipFile(out) as archive:
        xml = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml  # no formula anywhere in the sheet
    rows = read_register(out, issuer="ubnd").rows
    assert [r.title for r in rows[:4]] == DANGEROUS
    assert [r.note for r in rows[4:]] == ["=1+1", "'=already quoted"]


def test_formula_injection_csv(tmp_path, dangerous):
    out = tmp_path / "so.csv"
    export_register(dangerous, out)
    records = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"), newline="")))
    titles = [r[2] for r in records[1:5]]
    assert titles == ["'" + t for t in DANGEROUS]
    assert all(t.startswith("'") for t in titles)
    assert [r[9] for r in records[5:]] == ["'=1+1", "''=already quoted"]
    assert records[5][2] == "Kế hoạch thực hiện"  # not dangerous: left alone
    rows = read_register(out, issuer="ubnd").rows
    assert [r.title for r in rows[:4]] == DANGEROUS
    assert [r.note for r in rows[4:]] == ["=1+1", "'=already quoted"]


@pytest.mark.parametrize("text", ["=1", "+1", "-2", "@A", "\t=1", "\r=1", "'=1", "''+1", "'abc", "abc", "", "'"])
def test_csv_escape_round_trip(text):
    escaped = csv_escape(text)
    assert csv_unescape(escaped) == text
    assert escaped[:1] not in ("=", "+", "-", "@", "\t", "\r")


# --- import into the registry -------------------------------------------------------------------
def comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_import_into_registry_keeps_comments(tmp_path):
    target = tmp_path / "registry.yaml"
    shutil.copy(REGISTRY, target)
    original = target.read_text(encoding="utf-8")
    register = write_csv(tmp_path / "so.csv", [
        ["SỔ ĐĂNG KÝ VĂN BẢN ĐI NĂM 2023"],
        list(COLUMNS),
        ["36/KH-UBND", "20/02/2023", "Kế hoạch về việc thực hiện Chương trình năm 2023"],           # registered
        ["2990/UBND-VX", "05/10/2022", "Công văn về việc triển khai Kế hoạch"],                    # registered
        ["250/KH-UBND", "01/12/2023", "Kế hoạch rà soát hộ nghèo, hộ cận nghèo năm 2023: đợt 2", "", "", "", "",
         "", "", "lưu VT"],
        ["4100/UBND-VX", "05/12/2023", "V/v báo cáo kết quả giảm nghèo"],
        ["4100/UBND-VX", "05/12/2023", "V/v báo cáo kết quả giảm nghèo (bản trùng)"],               # twice in the sổ
        ["251/KH-UBND", "31/11/2023", "Kế hoạch …"],                                               # impossible date
    ])
    result = import_register(load_registry(target), register, issuer="UBND huyện Bình Sơn")
    assert result.save()
    assert result.added == ("ubnd-binh-son/2023/250-kh-ubnd", "ubnd-binh-son/2023/4100-ubnd-vx")
    assert [(new.code, new.origin, doc.id) for new, doc in result.intake.existing] == [
        ("36/KH-UBND", "so.csv, so.csv:3", "ubnd-binh-son/2023/36-kh-ubnd"),
        ("2990/UBND-VX", "so.csv, so.csv:4", "ubnd-binh-son/2022/2990-ubnd-vx"),
    ]
    assert [(new.code, new.origin, new.id) for new in result.intake.repeated] == [
        ("4100/UBND-VX", "so.csv, so.csv:7", "ubnd-binh-son/2023/4100-ubnd-vx")]
    assert [n.params["row"] for n in result.notes] == [8]
    assert "impossible" in result.notes[0].render("en") or "does not exist" in result.notes[0].render("en")

    text = target.read_text(encoding="utf-8")
    assert comment_lines(original) == comment_lines(text)[: len(comment_lines(original))]
    assert text.startswith(original)  # appended at the end, nothing before it touched
    reloaded = load_registry(target)
    assert len(reloaded) == 52
    new = reloaded.by_id["ubnd-binh-son/2023/250-kh-ubnd"]
    assert (new.kind, new.date, new.title, new.note, new.issuer) == (
        "Kế hoạch", dt.date(2023, 12, 1), "rà soát hộ nghèo, hộ cận nghèo năm 2023: đợt 2", "lưu VT", ISSUER)
    assert reloaded.by_id["ubnd-binh-son/2023/4100-ubnd-vx"].kind == "Công văn"

    again = import_register(load_registry(target), register, issuer=ISSUER)  # idempotent
    assert again.added == () and not again.save() and len(again.intake.existing) == 5
    assert target.read_text(encoding="utf-8") == text


def test_import_dry_run_writes_nothing(tmp_path):
    target = tmp_path / "registry.yaml"
    shutil.copy(REGISTRY, target)
    before = target.read_bytes()
    register = write_xlsx(tmp_path / "so.xlsx", {"2024": [
        list(COLUMNS), ["5/KH-UBND", dt.date(2024, 1, 10), "Kế hoạch thực hiện Chương trình năm 2024"]]})
    result = import_register(load_registry(target), register, issuer=ISSUER)  # not saved: a dry run
    assert result.added == ("ubnd-binh-son/2024/5-kh-ubnd",)
    assert "+  - code: 5/KH-UBND\n+    kind: Kế hoạch\n+    date: 2024-01-10\n+    issuer: ubnd-binh-son\n" in result.diff
    assert target.read_bytes() == before


def test_import_unknown_issuer(tmp_path):
    register = write_csv(tmp_path / "so.csv", [list(COLUMNS[:3]), ["1/KH-UBND", "01/01/2024", "Kế hoạch"]])
    with pytest.raises(RegisterError, match="UBND huyện Không Có"):
        import_register(load_registry(REGISTRY), register, issuer="UBND huyện Không Có")
