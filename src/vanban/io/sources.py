"""Reading the text of input files: .docx, plain text and Markdown; stdin as "-".

A .docx is read by `vanban.docx_text.read_docx_text` (so is standard input or a text file whose
bytes are a zip); .doc, .pdf, .odt and .rtf get an error that says how to save them as .docx.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..cite.text import nfc

__all__ = ["SourceError", "read_text_source", "TEXT_SUFFIXES", "DOCX_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
ZIP_MAGIC = b"PK\x03\x04"

SAVE_AS_DOCX = {
    ".doc": (
        "định dạng .doc (Word 97-2003) không đọc được — mở bằng Word và lưu thành .docx (hoặc .txt/.md)",
        ".doc cannot be read: save it as .docx (or .txt/.md)",
    ),
    ".pdf": (
        "định dạng .pdf không đọc được — mở bằng Word và lưu thành .docx, hoặc chép văn bản vào tệp .txt/.md",
        ".pdf cannot be read: save it as .docx or copy the text into a .txt/.md file",
    ),
    ".odt": (
        "định dạng .odt không đọc được — mở bằng LibreOffice hoặc Word và lưu thành .docx (hoặc .txt/.md)",
        ".odt cannot be read: save it as .docx (or .txt/.md)",
    ),
    ".rtf": (
        "định dạng .rtf không đọc được — mở bằng Word và lưu thành .docx (hoặc .txt/.md)",
        ".rtf cannot be read: save it as .docx (or .txt/.md)",
    ),
}


class SourceError(ValueError):
    """An input that cannot be read as text; the message says what to do."""


def read_text_source(name: str) -> str:
    """The NFC text of file *name* ("-" for standard input)."""
    from .docx import read_docx_text  # here, not at the top: docx_text imports SourceError

    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        suffix = path.suffix.lower()
        if suffix in DOCX_SUFFIXES:
            return read_docx_text(name)
        if suffix in SAVE_AS_DOCX:
            vi, en = SAVE_AS_DOCX[suffix]
            raise SourceError(f"{name}: {vi} / {en}")
        if suffix not in TEXT_SUFFIXES:
            raise SourceError(
                f"{name}: định dạng {path.suffix} chưa được hỗ trợ — lưu thành .docx, .txt hoặc .md rồi chạy lại"
                f" / {path.suffix} is not supported yet: save it as .docx, .txt or .md"
            )
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"{name}: không tìm thấy tệp / file not found") from None
        except IsADirectoryError:
            raise SourceError(f"{name}: là thư mục, không phải tệp / is a folder, not a file") from None
    if data.startswith(ZIP_MAGIC):  # a .docx piped in, or saved under a text name
        try:
            return read_docx_text(data)
        except SourceError as exc:
            raise SourceError(f"{name}: {exc}") from None
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{name}:{line}: không phải văn bản UTF-8 — lưu lại với mã hóa UTF-8 / not UTF-8 text: save it as UTF-8"
        ) from None
