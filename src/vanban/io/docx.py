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

Safety comes from the shared guard (:mod:`vanban.io.guard`): limits on the zip's entries, on
each part's size and compression ratio, declared and actually unpacked; XML parsed without DTD,
entities or network access, a DOCTYPE refused. Pictures and other parts that are never unpacked
do not count towards the size limits. Every problem raises `SourceError` with a catalog message
saying what to do.
"""

from __future__ import annotations

import io
import os
import re
import unicodedata
import zipfile
from typing import BinaryIO, Iterator, Union

from lxml import etree

from .guard import MB, SourceError, ZipGuard, parse_xml

__all__ = ["read_docx_text"]

PathOrBytes = Union[str, "os.PathLike[str]", bytes, bytearray, memoryview]

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
    label = None if in_memory else os.fspath(path_or_bytes)  # type: ignore[arg-type]
    try:
        try:
            fp: BinaryIO = (
                io.BytesIO(bytes(path_or_bytes)) if in_memory  # type: ignore[arg-type]
                else open(path_or_bytes, "rb")  # type: ignore[arg-type, assignment]
            )
        except FileNotFoundError:
            raise SourceError("io.file-not-found") from None
        except IsADirectoryError:
            raise SourceError("io.is-a-folder") from None
        except OSError as exc:
            raise SourceError("io.cannot-open", reason=exc.strerror or str(exc)) from None
        with fp:
            return unicodedata.normalize("NFC", _read(fp, max_total_bytes, max_parts, max_part_bytes))
    except SourceError as exc:
        raise (exc.at(label) if label else exc) from None


def _read(fp: BinaryIO, max_total_bytes: int, max_parts: int, max_part_bytes: int) -> str:
    head = fp.read(8)
    if head == OLE_MAGIC:
        raise SourceError("io.docx-old-or-protected")
    if not head.startswith(ZIP_MAGIC):
        raise SourceError("io.zip-corrupt", kind=".docx")
    with ZipGuard(fp, kind=".docx", max_parts=max_parts, max_total_bytes=max_total_bytes,
                  max_part_bytes=max_part_bytes) as guard:
        if DOCUMENT not in guard.by_name:
            raise SourceError("io.docx-no-document", part=DOCUMENT)
        parts = [guard.by_name[n] for n in (DOCUMENT, *NOTES, *_headers_and_footers(guard.by_name))
                 if n in guard.by_name]
        guard.check_declared(parts)
        sections: list[list[str]] = []
        seen: set[str] = set()
        for info in parts:
            lines: list[str] = []
            root = parse_xml(guard.read(info), info.filename, unsafe_id="io.xml-doctype",
                             broken_id="io.docx-bad-part", kind=".docx")
            try:
                _blocks(root, lines)
            except RecursionError:
                raise SourceError("io.zip-corrupt", kind=".docx") from None
            if HEADER_FOOTER.fullmatch(info.filename):
                text = "\n".join(lines).strip()
                if not text or text in seen:  # the first-page and even-page copies of a header
                    continue
                seen.add(text)
            elif info.filename != DOCUMENT and not any(line.strip() for line in lines):
                continue
            sections.append(lines)
    return "\n\n".join("\n".join(lines) for lines in sections)


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


def _word_children(element: etree._Element) -> Iterator[tuple[etree._Element, str]]:
    """The children of *element* that may hold text, with their w: local name ("" in another
    namespace): properties and deleted text left out, an mc:AlternateContent read as its first choice."""
    for child in element:
        if child.tag == MC_ALTERNATE:
            chosen = _choice(child)
            if chosen is not None:
                yield from _word_children(chosen)
            continue
        namespace, local = _split(child.tag)
        if namespace is None or (namespace in W_NAMESPACES and local in SKIP):
            continue
        yield child, local if namespace in W_NAMESPACES else ""


def _blocks(element: etree._Element, lines: list[str]) -> None:
    """Append the lines of the paragraphs under *element*, in document order."""
    for child, local in _word_children(element):
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
    for child, local in _word_children(element):
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
