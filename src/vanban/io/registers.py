"""The "Sổ đăng ký văn bản đi" (Nghị định 30/2020/NĐ-CP, Phụ lục IV): import and export as CSV and .xlsx.

Offices keep their outgoing-documents register in Excel. :func:`read_register` reads one (.csv or
.xlsx), :func:`import_register` adds its documents to a registry file (keeping every comment,
written atomically), :func:`export_register` writes a registry's documents as a register.

Reading is tolerant:

- the header row is looked for in the first :data:`HEADER_SCAN_ROWS` rows (registers have a title
  above the table) and matched with :func:`match_headers`: case, diacritics, NFC/NFD, spaces and
  punctuation do not matter ("SO/KY HIEU", "Số và ký hiệu", "Ngày văn bản", "Trích yếu"…), near
  misses are matched with rapidfuzz (:data:`FUZZY_THRESHOLD`), extra columns are ignored, and a
  register that splits "Số" and "Ký hiệu" (or "Tên loại" and "Trích yếu") into two columns is read
  too;
- each bad row (no code, a code that is no số/ký hiệu, an impossible date such as 30/02/2023, no
  date) becomes a :class:`RowProblem` with its sheet and row number, and the other rows still
  import; blank rows and the "(1) (2) (3) …" column-number row are skipped.

Formula injection (CSV injection). A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return could be run as a formula by a spreadsheet. The choice, which keeps export →
import exact for every text:

- **.xlsx**: the cell is written with ``data_type = "s"`` (a string cell, ``t="inlineStr"`` in
  the sheet XML, never ``<f>``) and the ``quotePrefix`` style (what Excel sets when a user types
  ``'=…``, so the text stays text even when the cell is edited). The value itself is **not**
  changed, and nothing is stripped when an .xlsx is read.
- **CSV** has no types, so the field is prefixed with one apostrophe ``'`` (OWASP). To keep the
  round trip exact, a text that already starts with apostrophes followed by one of those
  characters gets one more; reading a CSV removes exactly one leading ``'`` when what follows it
  is (apostrophes and then) ``= + - @`` tab or CR. See :func:`csv_escape` / :func:`csv_unescape`.

CSV files are written in UTF-8 with a BOM (Excel then reads Vietnamese correctly) and read as
UTF-8 (BOM or not), else Windows-1258; the delimiter (``,`` ``;`` or tab) is detected. Row
numbers of a CSV are record numbers (what a spreadsheet shows as the row).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Any, BinaryIO, Iterable, Iterator, Sequence

import attrs
from lxml import etree
from rapidfuzz import fuzz, process

from ..base.atomic import note_input, write_atomic
from ..base.dates import DateError, format_date, parse_date, read_date
from ..base.errors import VanbanError
from ..base.inputfile import ENCODING_NAMES, InputError, from_legacy, legacy_encoding, legacy_encoding_of_text, \
    read_limited
from ..base.messages import DEFAULT_LANG, Message
from ..base.text import clean_spaces, key, loose_key, nfc
from ..cite.citation import Citation, CitationError
from ..cite.find import parse_citation
from ..cite.kinds import Kind, default_kinds
from ..registry import Change, NewDocument, Registry, ResolveError, load_registry, propose
from ..registry.model import Document, document_id
from .guard import SourceError, ZipGuard, has_doctype

__all__ = [
    "COLUMNS", "REQUIRED", "SHEET_TITLE", "NUMBER", "SYMBOL", "KIND", "HEADER_SCAN_ROWS", "FUZZY_THRESHOLD",
    "RegisterError", "RowProblem", "RegisterRow", "RegisterImport", "register_documents",
    "match_headers", "read_register", "import_register", "export_register", "split_kind",
    "csv_escape", "csv_unescape",
]

#: The 10 columns of the Sổ đăng ký văn bản đi, in order.
COLUMNS: tuple[str, ...] = (
    "Số, ký hiệu văn bản",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu nội dung văn bản",
    "Người ký",
    "Nơi nhận văn bản",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
)
CODE, DATE, TITLE, SIGNER, RECIPIENTS, ARCHIVE, COPIES, SENT, RECEIVED, NOTE = COLUMNS
#: Columns some registers use instead of the combined ones ("Số" | "Ký hiệu", "Tên loại" | "Trích yếu").
NUMBER, SYMBOL, KIND = "Số", "Ký hiệu", "Tên loại"
REQUIRED: tuple[str, ...] = (CODE, DATE, TITLE)
SHEET_TITLE = "Sổ đăng ký văn bản đi"
HEADER_SCAN_ROWS = 10
#: rapidfuzz ratio (0–100) a header must reach to count as a near miss of a known heading.
FUZZY_THRESHOLD = 85
#: An .xlsx is a zip: refuse one that unpacks to more than this, or has more parts (zip bombs).
MAX_XLSX_UNPACKED = 200 * 1024 * 1024
MAX_XLSX_PARTS = 5000

_WIDTHS = (18, 13, 70, 22, 30, 24, 9, 13, 14, 30)

# Headings as written in templates and real registers, compared after _norm() (no diacritics,
# no punctuation, no "và").
_ALIASES: dict[str, tuple[str, ...]] = {
    CODE: (
        "Số, ký hiệu văn bản", "Số, ký hiệu", "Số ký hiệu", "Số và ký hiệu văn bản", "Số/ký hiệu", "Số, ký hiệu VB",
        "Số hiệu văn bản", "Số hiệu", "Số, ký hiệu của văn bản", "Số và ký hiệu", "Số ký hiệu văn bản đi",
    ),
    DATE: (
        "Ngày tháng văn bản", "Ngày, tháng văn bản", "Ngày tháng", "Ngày văn bản", "Ngày, tháng, năm văn bản",
        "Ngày tháng năm", "Ngày ban hành", "Ngày tháng ban hành", "Ngày ký", "Ngày", "Ngày tháng VB", "Ngày VB",
    ),
    TITLE: (
        "Tên loại và trích yếu nội dung văn bản", "Tên loại và trích yếu nội dung", "Tên loại, trích yếu nội dung",
        "Tên loại và trích yếu", "Trích yếu", "Trích yếu nội dung", "Trích yếu nội dung văn bản",
        "Tên loại và trích yếu nội dung VB", "Nội dung trích yếu", "Trích yếu văn bản",
    ),
    SIGNER: ("Người ký", "Người ký văn bản", "Người ký duyệt"),
    RECIPIENTS: ("Nơi nhận văn bản", "Nơi nhận", "Nơi gửi đi"),
    ARCHIVE: (
        "Đơn vị, người nhận bản lưu", "Đơn vị người nhận bản lưu", "Đơn vị, người nhận lưu", "Nơi lưu", "Bản lưu",
        "Đơn vị lưu", "Người nhận bản lưu",
    ),
    COPIES: ("Số lượng bản", "Số lượng", "Số bản", "SL bản"),
    SENT: ("Ngày chuyển", "Ngày tháng chuyển", "Ngày chuyển văn bản", "Ngày gửi"),
    RECEIVED: ("Ký nhận", "Người nhận ký", "Ký nhận văn bản"),
    NOTE: ("Ghi chú",),
    NUMBER: ("Số", "Số văn bản", "Số đi", "Số VB"),
    SYMBOL: ("Ký hiệu", "Ký hiệu văn bản", "Ký hiệu VB"),
    KIND: ("Tên loại", "Tên loại văn bản", "Loại văn bản", "Loại"),
}

# Headings only the Sổ đăng ký văn bản đến has: its documents are other bodies', not ours.
_INCOMING_NAMES = ("Ngày đến", "Số đến", "Tác giả", "Cơ quan gửi", "Nơi gửi đến", "Đơn vị hoặc người nhận")

_PUNCT = re.compile(r"[^\w]+")
_COLUMN_NUMBER = re.compile(r"\(\s*\d{1,2}\s*\)")


def _norm(text: str) -> str:
    """Heading key: no case, diacritics, punctuation, "(1)" column numbers or the word "và"."""
    words = _PUNCT.sub(" ", loose_key(_COLUMN_NUMBER.sub(" ", text))).split()
    return " ".join(w for w in words if w != "va")


_EXACT: dict[str, str] = {}
for _column, _names in _ALIASES.items():
    for _name in _names:
        _EXACT.setdefault(_norm(_name), _column)
_FUZZY_CHOICES = list(_EXACT)
_INCOMING = frozenset(_norm(n) for n in _INCOMING_NAMES)


class RegisterError(VanbanError, ValueError):
    """A register that cannot be read at all (no header, wrong format, unknown issuer…)."""

    def __init__(self, msg_id: str, /, *, sheet: str | None = None, found: Sequence[str] = (), **params: Any):
        self.sheet = sheet
        self.found = tuple(found)
        super().__init__(f"register.{msg_id}", sheet=sheet or "", found=_quoted(found), **params)


def _quoted(items: Iterable[object]) -> str:
    return ", ".join(f"“{item}”" for item in items)


@attrs.frozen(slots=True)
class RowProblem:
    """One row of a register that could not be read as given.

    *skipped* is True when the row was left out (no code, bad date…); False for a value of a
    secondary column (Số lượng bản, Ngày chuyển) that was ignored while the row was kept.
    """

    sheet: str
    row_number: int
    column: str
    value: str
    error: str  # a stable id: missing-code, bad-code, missing-date, bad-date, impossible-date, …
    skipped: bool = True

    @property
    def message(self) -> Message:
        """What is wrong and what happened to the row (catalog ``register.row-<error>``)."""
        return Message(f"register.row-{self.error}", {"value": self.value})

    def text(self, lang: str = DEFAULT_LANG) -> str:
        return self.message.render(lang)

    def note(self, file: str) -> Message:
        """The problem as a note of an import: "file: sheet:row: column: message"."""
        return Message("register.row-note", {"file": file, "sheet": self.sheet, "row": self.row_number,
                                             "column": self.column, "message": self.message})


@attrs.frozen(slots=True)
class RegisterRow:
    """One document read from a register."""

    sheet: str
    row_number: int
    code: str  # canonical số/ký hiệu: "36/KH-UBND"
    kind: str | None
    date: _dt.date
    title: str | None
    signer: str | None = None
    recipients: str | None = None
    archive: str | None = None
    copies: int | None = None
    sent: _dt.date | None = None
    received: str | None = None
    note: str | None = None

    @property
    def citation(self) -> Citation:
        return parse_citation(self.code)

    @property
    def issue_year(self) -> int:
        """The year inside a normative number, else the year of the date (as for document IDs)."""
        year = self.citation.year
        return year if year is not None else self.date.year

    def document_id(self, issuer: str) -> str:
        citation = self.citation
        return document_id(issuer, self.issue_year, citation.number, citation.symbol)


@attrs.frozen(slots=True)
class RegisterImport:
    """What :func:`read_register` read: the good rows and a problem for each bad one."""

    path: Path
    issuer: str
    rows: tuple[RegisterRow, ...]
    problems: tuple[RowProblem, ...]
    sheets: tuple[str, ...] = ()  # the sheets read as registers
    skipped_sheets: tuple[str, ...] = ()  # sheets with no register table (a cover page, an empty sheet)


# --- headers ------------------------------------------------------------------------------------
def match_headers(cells: Sequence[Any]) -> dict[str, int]:
    """Column name (one of :data:`COLUMNS`, or :data:`NUMBER`, :data:`SYMBOL`, :data:`KIND`) → index.

    >>> m = match_headers(["STT", "SỐ/KÝ HIỆU", "Ngay van ban", "Trích yếu", "Người ký", "Ghi chú"])
    >>> [(name, m[name]) for name in m]
    [('Số, ký hiệu văn bản', 1), ('Ngày tháng văn bản', 2), ('Tên loại và trích yếu nội dung văn bản', 3), ('Người ký', 4), ('Ghi chú', 5)]
    """
    candidates: list[tuple[float, int, str]] = []
    for index, cell in enumerate(cells):
        if cell is None or not isinstance(cell, str):
            continue
        normalised = _norm(cell)
        if not normalised or len(normalised) > 80:
            continue
        column = _EXACT.get(normalised)
        if column is not None:
            candidates.append((100.0, index, column))
            continue
        if len(normalised) < 5:
            continue
        best = process.extractOne(normalised, _FUZZY_CHOICES, scorer=fuzz.ratio, score_cutoff=FUZZY_THRESHOLD)
        if best is not None:
            candidates.append((best[1], index, _EXACT[best[0]]))
    found: dict[str, int] = {}
    used: set[int] = set()
    for _score, index, column in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if column not in found and index not in used:
            found[column] = index
            used.add(index)
    order = {name: i for i, name in enumerate((*COLUMNS, NUMBER, SYMBOL, KIND))}
    return dict(sorted(found.items(), key=lambda item: order[item[0]]))


def _missing(found: dict[str, int]) -> list[str]:
    missing = []
    if CODE not in found and not (NUMBER in found and SYMBOL in found):
        missing.append(CODE)
    if DATE not in found:
        missing.append(DATE)
    if TITLE not in found:
        missing.append(TITLE)
    return missing


def _locate_header(rows: Sequence[tuple[int, Sequence[Any]]], sheet: str) -> tuple[int, dict[str, int]] | None:
    """(row number, columns) of the header; None when the sheet holds no register table at all.

    Raises RegisterError when a header is there but lacks a required column.
    """
    best: tuple[int, int, Sequence[Any], dict[str, int]] | None = None
    for number, cells in rows[:HEADER_SCAN_ROWS]:
        found = match_headers(cells)
        if found and not _missing(found):
            incoming = [str(c) for c in cells if isinstance(c, str) and _norm(c) in _INCOMING]
            if incoming:
                raise RegisterError("incoming-register", sheet=sheet, found=incoming)
            return number, found
        if found and (best is None or len(found) > best[0]):
            best = (len(found), number, cells, found)
    if best is None or best[0] < 2:
        return None
    _, number, cells, found = best
    missing = _missing(found)
    written = [clean_spaces(str(c)) for c in cells if c is not None and str(c).strip()]
    raise RegisterError("missing-columns", sheet=sheet, found=written, missing=_quoted(missing), rows=HEADER_SCAN_ROWS,
                        line=number)


# --- cell values --------------------------------------------------------------------------------
_TRIGGER = re.compile(r"'*[=+\-@\t\r]")


def csv_escape(text: str) -> str:
    """Make a CSV field safe from formula injection; :func:`csv_unescape` undoes it exactly.

    >>> csv_escape("=1+1"), csv_escape("'=1"), csv_escape("'abc"), csv_escape("Kế hoạch")
    ("'=1+1", "''=1", "'abc", 'Kế hoạch')
    """
    return "'" + text if _TRIGGER.match(text) else text


def csv_unescape(text: str) -> str:
    """Remove exactly one leading apostrophe that protects a formula character.

    >>> csv_unescape("'=1+1"), csv_unescape("''=1"), csv_unescape("'abc")
    ('=1+1', "'=1", "'abc")
    """
    if text.startswith("'") and _TRIGGER.match(text, 1):
        return text[1:]
    return text


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, _dt.datetime):
        value = value.date()
    if isinstance(value, _dt.date):
        return format_date(value)
    text = clean_spaces(nfc(str(value)))
    return text or None


_SERIAL_RANGE = (10000, 100000)  # Excel day numbers 1927 … 2173


def _date_value(value: Any) -> _dt.date:
    """A date from a cell: a date cell, an Excel day number, or text in any written form."""
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if _SERIAL_RANGE[0] <= value < _SERIAL_RANGE[1]:
            from openpyxl.utils.datetime import from_excel

            return from_excel(value).date()  # type: ignore[no-any-return]
        raise DateError(f"'{value}' is not a date")
    text = _text(value) or ""
    if re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?", text):
        text = text[:10].rstrip(" T")  # "2023-02-20 00:00:00" written out by some exports
    return parse_date(text)


_KIND_LOOSE: dict[str, Kind | None] = {}


def _kind_named(words: str) -> Kind | None:
    kinds = default_kinds()
    found = kinds.by_name(words)
    if found is not None:
        return found
    if not _KIND_LOOSE:
        for kind in kinds.kinds:
            loose = loose_key(kind.name)
            _KIND_LOOSE[loose] = None if loose in _KIND_LOOSE and _KIND_LOOSE[loose] is not kind else kind
    return _KIND_LOOSE.get(loose_key(words))


def split_kind(text: str | None) -> tuple[str | None, str | None]:
    """Split "Tên loại và trích yếu" into (kind, title) when it opens with a kind name.

    >>> split_kind("Kế hoạch thực hiện Chương trình năm 2023")
    ('Kế hoạch', 'thực hiện Chương trình năm 2023')
    >>> split_kind("V/v triển khai thực hiện")
    (None, 'V/v triển khai thực hiện')
    """
    if not text:
        return None, None
    words = text.split(" ")
    longest = max(len(kind.name.split()) for kind in default_kinds().kinds)  # "Thông tư liên tịch": 4
    for size in range(longest, 0, -1):
        if len(words) < size:
            continue
        group = " ".join(words[:size]).rstrip(":;,.-–")
        kind = _kind_named(group)
        if kind is None:
            continue
        # One word must be the name itself ("Luật", "Lệnh"), not an abbreviation alias ("KH", "TB").
        if size == 1 and loose_key(group) != loose_key(kind.name):
            continue
        # "Kế hoạch - thực hiện …" drops the separator; a title "-2" (no space) is kept as it is.
        rest = re.sub(r"^[:;,\-–]\s+", "", " ".join(words[size:]).strip())
        return kind.name, rest or None
    return None, text


# --- reading ------------------------------------------------------------------------------------
_NUMBER_ROW = re.compile(r"\(?\s*\d{1,2}\s*\)?")


class _Rows:
    """Turn a table (rows after the header) into RegisterRows and RowProblems."""

    def __init__(self, sheet: str, columns: dict[str, int], *, csv_cells: bool):
        self.sheet = sheet
        self.columns = columns
        self.csv_cells = csv_cells
        self.rows: list[RegisterRow] = []
        self.problems: list[RowProblem] = []

    def cell(self, cells: Sequence[Any], column: str) -> Any:
        index = self.columns.get(column)
        if index is None or index >= len(cells):
            return None
        value = cells[index]
        if isinstance(value, str):
            if self.csv_cells:
                value = csv_unescape(value)
            if not value.strip():
                return None
        return value

    def problem(self, number: int, column: str, value: Any, error: str, *, skipped: bool = True) -> None:
        self.problems.append(RowProblem(self.sheet, number, column, _text(value) or "", error, skipped))

    def add(self, number: int, cells: Sequence[Any]) -> None:
        values = {name: self.cell(cells, name) for name in self.columns}
        present = [v for v in values.values() if v is not None]
        if not present:
            return  # blank row
        first = values.get(CODE, values.get(NUMBER))
        if isinstance(first, str) and _EXACT.get(_norm(first)) in (CODE, NUMBER):
            return  # the header repeated on each printed page
        if len(present) >= 3 and all(isinstance(v, (str, int)) and _NUMBER_ROW.fullmatch(str(v).strip()) for v in present):
            return  # the "(1) (2) (3) …" row under the header
        before = len(self.problems)
        citation, code_text = self.code(number, values)
        date = self.date(number, values, citation)
        if len(self.problems) > before or citation is None or date is None:
            return
        title_text = _text(values.get(TITLE))
        kind, title = split_kind(title_text)
        kind_column = _text(values.get(KIND))
        if kind_column:
            written = _kind_named(kind_column)
            if written is not None:
                kind = written.name
            else:
                self.problem(number, KIND, kind_column, "unknown-kind", skipped=False)
        if kind is None:
            kind = citation.kind  # KH → Kế hoạch; no type code → Công văn
        self.rows.append(
            RegisterRow(
                sheet=self.sheet,
                row_number=number,
                code=citation.code,
                kind=kind,
                date=date,
                title=title,
                signer=_text(values.get(SIGNER)),
                recipients=_text(values.get(RECIPIENTS)),
                archive=_text(values.get(ARCHIVE)),
                copies=self.copies(number, values.get(COPIES)),
                sent=self.sent(number, values.get(SENT)),
                received=_text(values.get(RECEIVED)),
                note=_text(values.get(NOTE)),
            )
        )

    def code(self, number: int, values: dict[str, Any]) -> tuple[Citation | None, str | None]:
        column = CODE if CODE in self.columns else NUMBER
        code_text = _text(values.get(CODE))
        if code_text is None and CODE not in self.columns:
            num, sym = _text(values.get(NUMBER)), _text(values.get(SYMBOL))
            if num and sym:
                code_text = f"{num}-{sym}" if "/" in sym and not re.match(r"\d{4}/", sym) else f"{num}/{sym}"
            else:
                code_text = num or sym
        if code_text is None:
            self.problem(number, column, None, "missing-code")
            return None, None
        try:
            citation = parse_citation(code_text)
        except CitationError:
            citation = None
        if citation is None or citation.title or citation.issuer:
            self.problem(number, column, code_text, "bad-code")
            return None, code_text
        return citation, code_text

    def date(self, number: int, values: dict[str, Any], citation: Citation | None) -> _dt.date | None:
        raw = values.get(DATE)
        if raw is None:
            if citation is not None and citation.date is not None:
                return citation.date  # "36/KH-UBND ngày 20/02/2023" in the code column
            if citation is not None and citation.invalid_date is not None:
                self.problem(number, CODE, str(citation.invalid_date), "impossible-date")
                return None
            self.problem(number, DATE, None, "missing-date")
            return None
        try:
            return _date_value(raw)
        except DateError:
            text = _text(raw) or ""
            try:
                impossible = read_date(text).value is None
            except DateError:
                impossible = False
            self.problem(number, DATE, raw, "impossible-date" if impossible else "bad-date")
            return None

    def copies(self, number: int, value: Any) -> int | None:
        if value is None:
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            return int(value)
        text = _text(value) or ""
        match = re.fullmatch(r"(\d{1,6})(?:\s*(?:bản|b))?", text, re.IGNORECASE)
        if match:
            return int(match.group(1))
        self.problem(number, COPIES, value, "bad-copies", skipped=False)
        return None

    def sent(self, number: int, value: Any) -> _dt.date | None:
        if value is None:
            return None
        try:
            return _date_value(value)
        except DateError:
            self.problem(number, SENT, value, "bad-sent-date", skipped=False)
            return None


def _read_table(
    sheet: str, rows: Iterator[tuple[int, Sequence[Any]]], *, csv_cells: bool
) -> tuple[list[RegisterRow], list[RowProblem]] | None:
    head = []
    for item in rows:
        head.append(item)
        if len(head) >= HEADER_SCAN_ROWS:
            break
    located = _locate_header(head, sheet)
    if located is None:
        return None
    header_row, columns = located
    reader = _Rows(sheet, columns, csv_cells=csv_cells)
    for number, cells in head:
        if number > header_row:
            reader.add(number, cells)
    for number, cells in rows:
        reader.add(number, cells)
    return reader.rows, reader.problems


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    encoding = legacy_encoding(data)
    if encoding in ("TCVN3", "VNI"):  # font-encoded text: read as anything else it is mojibake
        raise RegisterError("legacy-encoding-file", file=name, encoding=ENCODING_NAMES[encoding])
    try:
        return nfc(data.decode("cp1258"))  # "CSV" saved by a Vietnamese Windows Excel
    except UnicodeDecodeError:
        raise RegisterError("csv-encoding", file=name) from None


def _check_legacy(name: str, rows: Sequence[RegisterRow]) -> None:
    """RegisterError when the titles are Vietnamese typed in TCVN3 or VNI and read as Latin-1
    ("KÕ ho¹ch" for "Kế hoạch"): imported, every title would be mojibake."""
    sample = [row for row in rows[:200] if row.title]
    encoding = legacy_encoding_of_text(" ".join(row.title or "" for row in sample))
    if encoding is None:
        return
    row = next((r for r in sample if legacy_encoding_of_text(r.title or "", minimum=1) == encoding), sample[0])
    title = row.title or ""
    raise RegisterError("legacy-encoding", file=name, encoding=ENCODING_NAMES[encoding], sheet=row.sheet,
                        row=row.row_number, value=title[:60], converted=from_legacy(title, encoding)[:60])


def _read_input(path: Path) -> bytes:
    try:
        data = read_limited(path)
    except InputError as exc:
        raise RegisterError("cannot-read", file=str(path), reason=Message(exc.msg_id, exc.params)) from None
    note_input(path)
    return data


def _csv_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    for number, record in enumerate(reader, start=1):
        yield number, record


def _sniff_delimiter(text: str) -> str:
    """The delimiter whose header matches best (ties: csv.Sniffer, then ",")."""
    sample = "\n".join(text.splitlines()[:HEADER_SCAN_ROWS + 2])
    scores: dict[str, tuple[int, int]] = {}
    for delimiter in (",", ";", "\t"):
        best = (0, 0)
        try:
            for _, cells in _csv_rows(sample, delimiter):
                found = match_headers(cells)
                best = max(best, (3 - len(_missing(found)), len(found)))
        except csv.Error:
            continue
        scores[delimiter] = best
    top = max(scores.values(), default=(0, 0))
    tied = [d for d, s in scores.items() if s == top]
    if len(tied) == 1:
        return tied[0]
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
        if sniffed in tied:
            return sniffed
    except csv.Error:
        pass
    return tied[0] if tied else ","


def _check_zip(path: Path, source: BinaryIO) -> None:
    """The workbook's parts under the shared limits, and its XML parts free of any DTD, before openpyxl."""
    try:
        with ZipGuard(source, kind=".xlsx", max_parts=MAX_XLSX_PARTS, max_total_bytes=MAX_XLSX_UNPACKED,
                      max_part_bytes=MAX_XLSX_UNPACKED) as guard:
            xml_parts = [i for i in guard.infos if i.filename.endswith((".xml", ".rels"))]
            guard.check_declared(xml_parts)
            for info in xml_parts:
                if has_doctype(guard.read(info)):
                    raise SourceError("io.xml-doctype", name=info.filename, kind=".xlsx")
    except SourceError as exc:
        raise RegisterError("unreadable", file=path.name, reason=exc.message) from None


#: what openpyxl raises on a damaged or hostile workbook, while opening it or reading its rows
_XLSX_ERRORS: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile, zlib.error, KeyError, ValueError, OSError, EOFError, IndexError, TypeError, AttributeError,
    SyntaxError,  # xml.etree's ParseError
    etree.LxmlError,
)


def _xlsx_tables(path: Path, sheet: str | None) -> Iterator[tuple[str, Iterator[tuple[int, Sequence[Any]]]]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    source: BinaryIO = io.BytesIO(_read_input(path))
    _check_zip(path, source)
    source.seek(0)
    try:
        workbook = openpyxl.load_workbook(source, read_only=True, data_only=True)
    except InvalidFileException as exc:
        raise RegisterError("xlsx-unreadable", file=path.name, reason=_reason(exc)) from None
    except _XLSX_ERRORS as exc:
        raise RegisterError("xlsx-unreadable", file=path.name, reason=_reason(exc)) from None
    try:
        names = list(workbook.sheetnames)
        if sheet is not None:
            chosen = [n for n in names if n == sheet] or [n for n in names if key(n) == key(sheet)]
            if not chosen:
                raise RegisterError("no-such-sheet", file=path.name, sheet=sheet, found=names)
            names = chosen[:1]
        for name in names:
            worksheet = workbook[name]
            if hasattr(worksheet, "reset_dimensions"):
                worksheet.reset_dimensions()  # a wrong <dimension> must not cut the table short
            rows = ((number, cells) for number, cells in enumerate(worksheet.iter_rows(min_row=1, values_only=True), 1))
            yield name, _guarded(rows, path)
    finally:
        workbook.close()


def _reason(exc: BaseException) -> str:
    return " ".join(f"{type(exc).__name__}: {exc}".split())[:200]


def _guarded(rows: Iterator[tuple[int, Sequence[Any]]], path: Path) -> Iterator[tuple[int, Sequence[Any]]]:
    """The rows of a sheet (read lazily by openpyxl): its parse errors as RegisterError."""
    try:
        yield from rows
    except RegisterError:
        raise
    except _XLSX_ERRORS as exc:
        raise RegisterError("xlsx-unreadable", file=path.name, reason=_reason(exc)) from None


def read_register(path: str | Path, *, issuer: str, sheet: str | None = None) -> RegisterImport:
    """Read a Sổ đăng ký văn bản đi (.csv, or .xlsx: every sheet, or only *sheet*).

    *issuer* is whose register it is (an issuer key or name; kept on the result for the import).
    Raises RegisterError when no sheet holds a register table; bad rows become problems.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    rows: list[RegisterRow] = []
    problems: list[RowProblem] = []
    read: list[str] = []
    skipped: list[str] = []
    if suffix in (".csv", ".txt", ".tsv"):
        text = _decode(_read_input(path), path.name)
        delimiter = _sniff_delimiter(text)
        try:
            result = _read_table(path.name, _csv_rows(text, delimiter), csv_cells=True)
        except csv.Error as exc:
            raise RegisterError("csv-broken", file=path.name, reason=str(exc)) from None
        if result is None:
            raise RegisterError("no-header", file=path.name, sheet=path.name, required=_quoted(REQUIRED),
                                rows=HEADER_SCAN_ROWS)
        rows, problems = result
        read.append(path.name)
    elif suffix in (".xlsx", ".xlsm"):
        for name, table in _xlsx_tables(path, sheet):
            result = _read_table(name, table, csv_cells=False)
            if result is None:
                if sheet is not None:
                    raise RegisterError("no-header-sheet", file=path.name, sheet=name, required=_quoted(REQUIRED),
                                        rows=HEADER_SCAN_ROWS)
                skipped.append(name)
                continue
            rows.extend(result[0])
            problems.extend(result[1])
            read.append(name)
        if not read:
            raise RegisterError("no-register-sheet", file=path.name, found=skipped, required=_quoted(REQUIRED))
    elif suffix in (".xls", ".ods"):
        raise RegisterError("old-format", file=path.name, suffix=suffix)
    else:
        raise RegisterError("need-csv-or-xlsx", file=path.name)
    _check_legacy(path.name, rows)
    return RegisterImport(path=path, issuer=issuer, rows=tuple(rows), problems=tuple(problems), sheets=tuple(read),
                          skipped_sheets=tuple(skipped))


# --- import into a registry ---------------------------------------------------------------------
def register_documents(imported: RegisterImport) -> list[NewDocument]:
    """The register's rows as new documents of its issuer (code, kind, date, title, note)."""
    return [NewDocument(code=row.code, date=row.date, issuer=imported.issuer, kind=row.kind, title=row.title,
                        note=row.note, origin=f"{imported.path.name}, {row.sheet}:{row.row_number}")
            for row in imported.rows]


def import_register(registry: Registry, register_path: str | Path, *, issuer: str,
                    sheet: str | None = None) -> Change:
    """The change that adds the register's documents to *registry*'s file (not written:
    ``change.save()`` writes it), keeping the file's comments and layout.

    A row whose document is already registered (the one registry match: the same issuer,
    number, symbol and year) is in ``change.intake.existing`` and is not added again; each row
    that could not be read is a note. RegisterError when the register cannot be read at all or
    *issuer* names no registered body.
    """
    try:
        issuer_key = registry.find_issuer(issuer).key
    except ResolveError as exc:
        raise RegisterError("unknown-issuer", issuer=issuer, reason=exc.message) from None
    imported = read_register(register_path, issuer=issuer_key, sheet=sheet)
    name = Path(register_path).name
    return propose(registry, register_documents(imported), near=False,
                   comment=Message("comment.register", {"file": name}).render("vi"),
                   notes=[p.note(str(register_path)) for p in imported.problems])


# --- export -------------------------------------------------------------------------------------
def _sort_key(doc: Document) -> tuple[_dt.date, int, str, str]:
    number = int(doc.number) if doc.number.isdigit() else 10**9
    return (doc.date or _dt.date.max, number, doc.number, doc.symbol)


def _select(registry: Registry, issuer: str | None, year: int | None) -> list[Document]:
    docs = list(registry.documents)
    if issuer is not None:
        try:
            issuer_key = registry.find_issuer(issuer).key
        except ResolveError as exc:
            raise RegisterError("unknown-issuer", issuer=issuer, reason=exc.message) from None
        docs = [d for d in docs if d.issuer == issuer_key]
    if year is not None:
        docs = [d for d in docs if d.date is not None and d.date.year == year]
    return sorted(docs, key=_sort_key)


def _record(doc: Document) -> list[Any]:
    summary = " ".join(part for part in (doc.kind, doc.title) if part)
    return [doc.code, doc.date, summary, None, None, None, None, None, None, doc.note]


def export_register(
    registry: Registry | str | Path,
    path: str | Path,
    *,
    issuer: str | None = None,
    year: int | None = None,
    delimiter: str = ",",
) -> int:
    """Write the registry's documents (of *issuer*, of *year*; default all) as a register.

    The format follows the suffix (.csv or .xlsx). Rows are sorted by date, then number;
    "Tên loại và trích yếu" is the kind and the title. Returns the number of rows written.
    """
    if not isinstance(registry, Registry):
        registry = load_registry(registry)
    path = Path(path)
    docs = _select(registry, issuer, year)
    records = [_record(d) for d in docs]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        out = io.StringIO(newline="")
        writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
        writer.writerow(COLUMNS)
        for record in records:
            writer.writerow(
                ["" if v is None else format_date(v) if isinstance(v, _dt.date) else csv_escape(str(v)) for v in record]
            )
        write_atomic(path, out.getvalue(), encoding="utf-8-sig")
    elif suffix == ".xlsx":
        write_atomic(path, _xlsx_bytes(records))
    else:
        raise RegisterError("need-csv-or-xlsx", file=path.name)
    return len(records)


def _xlsx_bytes(records: Iterable[Sequence[Any]]) -> bytes:
    import openpyxl
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    header_alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")

    def put_text(row: int, column: int, text: str) -> None:
        cell = sheet.cell(row=row, column=column)
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if _TRIGGER.match(text):
            cell.quotePrefix = True
        cell.alignment = wrap

    for column, name in enumerate(COLUMNS, start=1):
        put_text(1, column, name)
        cell = sheet.cell(row=1, column=column)
        cell.font = bold
        cell.alignment = header_alignment
        sheet.column_dimensions[get_column_letter(column)].width = _WIDTHS[column - 1]
    count = 0
    for row, record in enumerate(records, start=2):
        count += 1
        for column, value in enumerate(record, start=1):
            if value is None:
                continue
            if isinstance(value, _dt.date):
                cell = sheet.cell(row=row, column=column, value=value)
                cell.number_format = "DD/MM/YYYY"
                cell.alignment = wrap
            else:
                put_text(row, column, str(value))
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{count + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()

