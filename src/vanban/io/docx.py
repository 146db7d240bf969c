"""The text of a Word .docx file, read safely with `zipfile` and lxml.

What is read, in this order, sections separated by one empty line:

1. word/document.xml in document order: each body paragraph is one line; a table gives each
   paragraph of each cell on its own line (row by row, cell by cell; nested tables likewise), so a
   citation in a cell never runs into the next cell; text boxes follow the paragraph they sit in;
2. footnotes (word/footnotes.xml), then endnotes (word/endnotes.xml);
3. headers (word/header*.xml), then footers (word/footer*.xml), in number order; a header or
   footer with the same text as one already read (first page / even page copies) is left out.

Inside a paragraph: w:t is its text, w:tab and w:ptab give "\\t", w:br and w:cr give "\\n",
w:noBreakHyphen gives "-", w:softHyphen and w:sym give nothing. Fields keep their result text
(w:fldSimple, the runs after w:fldChar "separate") and lose their instructions (w:instrText).
Deleted text (w:del, w:moveFrom, w:delText) is left out; of an mc:AlternateContent only the first
choice is read. The result is in Unicode NFC.

Safety: the number of zip entries is checked before anything is unpacked (first the size of the
zip directory, from the end-of-zip record, then the entries listed); each part read has a limit on its declared size, on the sum of
the declared sizes of the parts read, and on its compression ratio; the same limits are enforced
on the bytes actually unpacked, read in chunks, so a zip entry that lies about its size stops at
the limit. Pictures and other parts that are never unpacked do not count towards the size limits.
Each XML part is parsed without DTD, entities or network access, and a part with a DOCTYPE is
rejected. Every problem raises `SourceError` with a bilingual message saying what to do.
"""

from __future__ import annotations

import io
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from typing import BinaryIO, Union

from lxml import etree

from .sources import SourceError

__all__ = ["read_docx_text"]

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]

MB = 2**20
MAX_RATIO = 200  # uncompressed : compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1 * MB
CHUNK = 1 * MB
MAX_DIRECTORY_ENTRY = 1024  # bytes per zip directory entry, for the check before zipfile reads it

W_NAMESPACES = {
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",  # transitional (Word's default)
    "http://purl.oclc.org/ooxml/wordprocessingml/main",  # strict
}
MC_ALTERNATE = "{http://schemas.openxmlformats.org/markup-compatibility/2006}AlternateContent"
DOCUMENT = "word/document.xml"
NOTES = ("word/footnotes.xml", "word/endnotes.xml")
HEADER_FOOTER = re.compile(r"word/(header|footer)(\d*)\.xml")

# w: elements whose content is never text: properties, deleted text, field instructions, symbols.
SKIP = {
    "pPr", "rPr", "sectPr", "tblPr", "tblGrid", "trPr", "tcPr", "sdtPr", "sdtEndPr", "customXmlPr",
    "del", "moveFrom", "delText", "instrText", "delInstrText", "sym", "softHyphen",
}  # fmt: skip
INLINE = {"t": None, "tab": "\t", "ptab": "\t", "br": "\n", "cr": "\n", "noBreakHyphen": "-"}
SEPARATOR_NOTES = {"separator", "continuationSeparator", "continuationNotice"}

ZIP_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # .doc, and password-protected .docx
DOCTYPES = tuple("<!DOCTYPE".encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"))
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)

RESAVE = "mở bằng Word và lưu lại thành .docx (hoặc chép văn bản vào tệp .txt/.md)"
RESAVE_EN = "open it in Word and save it again as .docx (or copy the text into a .txt/.md file)"
CORRUPT = (
    f"tệp .docx bị hỏng hoặc không phải .docx — {RESAVE}",
    f"the .docx file is damaged or not a .docx: {RESAVE_EN}",
)


class _Problem(Exception):
    """A reason the file cannot be read: (Vietnamese, English), without the file name."""


def read_docx_text(
    path_or_bytes: PathOrBytes,
    *,
    max_total_bytes: int = 200 * MB,
    max_parts: int = 2000,
    max_part_bytes: int = 100 * MB,
) -> str:
    """The text of a .docx file (a path, or its bytes), one paragraph a line, in NFC.

    Raises `SourceError` for a file that is missing, not a .docx, damaged, too large or unsafe.
    """
    in_memory = isinstance(path_or_bytes, (bytes, bytearray, memoryview))
    label = "" if in_memory else f"{os.fspath(path_or_bytes)}: "  # type: ignore[arg-type]
    try:
        try:
            fp: BinaryIO = (
                io.BytesIO(bytes(path_or_bytes)) if in_memory else open(path_or_bytes, "rb")  # type: ignore[arg-type]
            )
        except FileNotFoundError:
            raise _Problem("không tìm thấy tệp", "file not found") from None
        except IsADirectoryError:
            raise _Problem("là thư mục, không phải tệp", "is a folder, not a file") from None
        except OSError as exc:
            raise _Problem(f"không mở được tệp ({exc.strerror})", f"cannot open the file ({exc.strerror})") from None
        with fp:
            return unicodedata.normalize("NFC", _read(fp, max_total_bytes, max_parts, max_part_bytes))
    except _Problem as problem:
        vi, en = problem.args
        raise SourceError(f"{label}{vi} / {en}") from None


def _read(fp: BinaryIO, max_total_bytes: int, max_parts: int, max_part_bytes: int) -> str:
    head = fp.read(8)
    if head == OLE_MAGIC:
        raise _Problem(
            f"tệp là định dạng Word 97-2003 (.doc) hoặc có đặt mật khẩu — bỏ mật khẩu nếu có, rồi {RESAVE}",
            "the file is an old Word 97-2003 (.doc) file or is password-protected: remove any password, then"
            f" {RESAVE_EN}",
        )
    if not head.startswith(ZIP_MAGIC):
        raise _Problem(*CORRUPT)
    too_many = (
        f"tệp .docx có quá nhiều phần (giới hạn {max_parts}) — {RESAVE}",
        f"the .docx has too many parts (limit {max_parts}): {RESAVE_EN}",
    )
    directory = _directory_size(fp)
    if directory is not None and directory > max_parts * MAX_DIRECTORY_ENTRY:
        raise _Problem(*too_many)  # before zipfile makes an object for each of millions of entries
    try:
        fp.seek(0)
        archive = zipfile.ZipFile(fp)
    except READ_ERRORS:
        raise _Problem(*CORRUPT) from None
    with archive:
        infos = archive.infolist()
        if len(infos) > max_parts:
            raise _Problem(*too_many)
        by_name = {info.filename: info for info in infos}
        if len(by_name) != len(infos):
            raise _Problem(*CORRUPT)  # the same name twice: which one Word would read is unclear
        if DOCUMENT not in by_name:
            raise _Problem(
                f"tệp .docx thiếu phần {DOCUMENT} (không phải văn bản Word?) — {RESAVE}",
                f"the .docx has no {DOCUMENT} (not a Word document?): {RESAVE_EN}",
            )
        parts = [by_name[n] for n in (DOCUMENT, *NOTES, *_headers_and_footers(by_name)) if n in by_name]
        declared = _Limits(max_total_bytes, max_part_bytes)
        for info in parts:  # the sizes the zip declares, before anything is unpacked
            declared.add(info, info.file_size)
        limits = _Limits(max_total_bytes, max_part_bytes)  # the bytes actually unpacked, in case the zip lies
        sections: list[list[str]] = []
        seen: set[str] = set()
        for info in parts:
            lines: list[str] = []
            try:
                _blocks(_parse(_unpack(archive, info, limits), info.filename), lines)
            except RecursionError:
                raise _Problem(*CORRUPT) from None
            if HEADER_FOOTER.fullmatch(info.filename):
                text = "\n".join(lines).strip()
                if not text or text in seen:  # the first-page and even-page copies of a header
                    continue
                seen.add(text)
            elif info.filename != DOCUMENT and not any(line.strip() for line in lines):
                continue
            sections.append(lines)
    return "\n\n".join("\n".join(lines) for lines in sections)


class _Limits:
    """The size limits, counted over the parts read so far."""

    def __init__(self, max_total_bytes: int, max_part_bytes: int) -> None:
        self.max_total, self.max_part, self.total = max_total_bytes, max_part_bytes, 0

    def add(self, info: zipfile.ZipInfo, size: int, *, part_so_far: int = 0) -> None:
        """Count *size* more bytes of part *info*, of which *part_so_far* were counted before."""
        self.total += size
        part = part_so_far + size
        if part > self.max_part or self.total > self.max_total:
            if part > self.max_part:
                vi, en, found, limit = f"phần {info.filename}", f"part {info.filename}", part, self.max_part
            else:
                vi, en, found, limit = "cả tệp", "in all", self.total, self.max_total
            raise _Problem(
                f"tệp .docx quá lớn khi giải nén ({vi}: hơn {_size(found)}, giới hạn {_size(limit)}) — có thể là"
                " “bom zip”; chia nhỏ văn bản hoặc chép văn bản vào tệp .txt",
                f"the .docx is too large when unpacked ({en}: over {_size(found)}, limit {_size(limit)}),"
                " possibly a zip bomb: split the document or copy its text into a .txt file",
            )
        if part > RATIO_FLOOR and part > MAX_RATIO * max(info.compress_size, 1):
            raise _Problem(
                f"phần {info.filename} nén bất thường (hơn {MAX_RATIO}:1, vượt giới hạn) — có thể là “bom zip”,"
                f" không đọc; {RESAVE}",
                f"part {info.filename} is compressed abnormally (over {MAX_RATIO}:1, above the limit), possibly a zip"
                f" bomb: not read; {RESAVE_EN}",
            )


def _unpack(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limits: _Limits) -> bytes:
    """The bytes of one part, read in chunks and counted against *limits* as they come."""
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(info) as member:
            while chunk := member.read(CHUNK):
                limits.add(info, len(chunk), part_so_far=size)
                size += len(chunk)
                chunks.append(chunk)
    except READ_ERRORS:
        raise _Problem(*CORRUPT) from None  # bad CRC, truncated, encrypted, unknown compression
    return b"".join(chunks)


def _parse(data: bytes, name: str) -> etree._Element:
    unsafe = (
        f"phần {name} chứa DTD/thực thể XML, không đọc vì lý do an toàn — {RESAVE}",
        f"part {name} contains a DTD/XML entities and is not read, for safety: {RESAVE_EN}",
    )
    if any(doctype in data for doctype in DOCTYPES):
        raise _Problem(*unsafe)
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, dtd_validation=False, load_dtd=False, huge_tree=False
    )
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        raise _Problem(f"{CORRUPT[0]} (phần {name}: {exc})", f"{CORRUPT[1]} (part {name}: {exc})") from None
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise _Problem(*unsafe)  # a DOCTYPE in an encoding the byte search above does not know
    return root


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} B"


def _directory_size(fp: BinaryIO) -> int | None:
    """The size of the zip's central directory from its end record, or None if it cannot be told.

    Lets a zip with a huge directory (millions of tiny entries) be refused before `zipfile` builds
    an object for every entry.
    """
    end = fp.seek(0, io.SEEK_END)
    tail_size = min(end, 22 + 0xFFFF)  # end record + longest comment
    fp.seek(end - tail_size)
    tail = fp.read(tail_size)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or at + 22 > len(tail):
        return None
    (size,) = struct.unpack_from("<I", tail, at + 12)
    if size != 0xFFFFFFFF:
        return int(size)
    locator = at - 20  # zip64: the locator precedes the end record and points to the zip64 end record
    if locator < 0 or tail[locator : locator + 4] != b"PK\x06\x07":
        return None
    (offset,) = struct.unpack_from("<Q", tail, locator + 8)
    fp.seek(min(offset, end))
    record = fp.read(56)
    if len(record) < 56 or record[:4] != b"PK\x06\x06":
        return None
    return int(struct.unpack_from("<Q", record, 40)[0])


def _headers_and_footers(by_name: dict[str, zipfile.ZipInfo]) -> list[str]:
    found = [(m.group(1) == "footer", int(m.group(2) or 0), n) for n in by_name if (m := HEADER_FOOTER.fullmatch(n))]
    return [name for _, _, name in sorted(found)]


def _split(tag: object) -> tuple[str | None, str]:
    """(namespace, local name) of a tag; (None, "") for comments and processing instructions."""
    if not isinstance(tag, str):
        return None, ""
    if tag.startswith("{"):
        namespace, _, local = tag[1:].partition("}")
        return namespace, local
    return "", tag


def _choice(alternate: etree._Element) -> etree._Element | None:
    """The first mc:Choice of an mc:AlternateContent, else its mc:Fallback."""
    return next(iter(alternate), None)


def _blocks(element: etree._Element, lines: list[str]) -> None:
    """Append the lines of the paragraphs under *element*, in document order."""
    for child in element:
        if child.tag == MC_ALTERNATE:
            chosen = _choice(child)
            if chosen is not None:
                _blocks(chosen, lines)
            continue
        namespace, local = _split(child.tag)
        if namespace is None:
            continue
        if namespace in W_NAMESPACES:
            if local in SKIP:
                continue
            if local in ("footnote", "endnote") and _attribute(child, "type") in SEPARATOR_NOTES:
                continue
            if local == "p":
                parts: list[str] = []
                boxes: list[etree._Element] = []
                _inline(child, parts, boxes)
                lines.append("".join(parts))
                for box in boxes:
                    _blocks(box, lines)
                continue
        _blocks(child, lines)  # body, tbl, tr, tc, sdt, sdtContent, customXml, txbxContent, ...


def _inline(element: etree._Element, parts: list[str], boxes: list[etree._Element]) -> None:
    """Append the text of a paragraph's runs to *parts*, and its text boxes to *boxes*."""
    for child in element:
        if child.tag == MC_ALTERNATE:
            chosen = _choice(child)
            if chosen is not None:
                _inline(chosen, parts, boxes)
            continue
        namespace, local = _split(child.tag)
        if namespace is None:
            continue
        if namespace in W_NAMESPACES:
            if local in SKIP:
                continue
            if local in INLINE:
                text = INLINE[local]
                parts.append((child.text or "") if text is None else text)
                continue
            if local == "txbxContent":
                boxes.append(child)
                continue
        _inline(child, parts, boxes)  # r, hyperlink, fldSimple, ins, moveTo, smartTag, sdt, drawing, ...


def _attribute(element: etree._Element, local: str) -> str | None:
    for key, value in element.attrib.items():
        if _split(key)[1] == local:
            return str(value)
    return None
