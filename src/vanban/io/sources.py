"""Reading the text of input files: .docx, plain text and Markdown; stdin as "-".

A .docx is read by :func:`vanban.io.docx.read_docx_text` (so is standard input or a text file
whose bytes are a zip); .doc, .pdf, .odt and .rtf get an error that says how to save them as .docx.
"""

from __future__ import annotations

import sys
from pathlib import Path

from ..base.text import nfc
from .docx import ZIP_MAGIC, read_docx_text
from .guard import SourceError

__all__ = ["SourceError", "read_text_source", "TEXT_SUFFIXES", "DOCX_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
#: formats that cannot be read, each with its own advice
SAVE_AS_DOCX = {".doc": "io.save-doc", ".pdf": "io.save-pdf", ".odt": "io.save-odt", ".rtf": "io.save-rtf"}


def read_text_source(name: str) -> str:
    """The NFC text of file *name* ("-" for standard input)."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        suffix = path.suffix.lower()
        if suffix in DOCX_SUFFIXES:
            return read_docx_text(name)
        if suffix in SAVE_AS_DOCX:
            raise SourceError(SAVE_AS_DOCX[suffix], file=name)
        if suffix not in TEXT_SUFFIXES:
            raise SourceError("io.unsupported-format", file=name, suffix=path.suffix)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError("io.file-not-found", file=name) from None
        except IsADirectoryError:
            raise SourceError("io.is-a-folder", file=name) from None
    if data.startswith(ZIP_MAGIC):  # a .docx piped in, or saved under a text name
        try:
            return read_docx_text(data)
        except SourceError as exc:
            raise exc.at(name) from None
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError("io.not-utf8", file=f"{name}:{line}") from None
