"""Reading the text of input files: .docx, plain text and Markdown; stdin as "-".

A .docx is read by :func:`vanban.io.docx.read_docx_text` (so is standard input or a text file
whose bytes are a zip); .doc, .pdf, .odt and .rtf get an error that says how to save them as .docx.

Every input is read under a size limit (:data:`~vanban.base.inputfile.MAX_INPUT_BYTES`): a FIFO
or a device is read without waiting for a writer and stopped at the limit, a folder is named as
one, and text that is not UTF-8 is refused — with the legacy Vietnamese encoding it is in (TCVN3,
VNI, Windows-1258) named and how to convert it. The file is noted as an input of the command, so
no output is written over it.
"""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

from ..base.atomic import note_input
from ..base.inputfile import MAX_INPUT_BYTES, InputError, decode_utf8, read_limited
from ..base.safety import require
from ..base.text import nfc
from .docx import ZIP_MAGIC, read_docx_text
from .guard import SourceError

__all__ = ["SourceError", "read_text_source", "TEXT_SUFFIXES", "DOCX_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
DOCX_SUFFIXES = {".docx", ".docm", ".dotx", ".dotm"}
#: formats that cannot be read, each with its own advice
SAVE_AS_DOCX = {".doc": "io.save-doc", ".pdf": "io.save-pdf", ".odt": "io.save-odt", ".rtf": "io.save-rtf"}
#: the largest .docx read whole from a FIFO or a device (a regular file is read part by part)
MAX_DOCX_STREAM = MAX_INPUT_BYTES

_INPUT_ERRORS = {"input.not-found": "io.file-not-found", "input.is-a-folder": "io.is-a-folder",
                 "input.not-utf8": "io.not-utf8"}


def _source_error(exc: InputError, name: str) -> SourceError:
    where = f"{name}:{exc.line}" if exc.line else name
    return SourceError(_INPUT_ERRORS.get(exc.msg_id, exc.msg_id), file=where, **exc.params)


def _is_regular(name: str) -> bool:
    try:
        return stat.S_ISREG(os.stat(name).st_mode)
    except OSError:
        return True  # let the reader say what is wrong with it


def read_text_source(name: str) -> str:
    """The NFC text of file *name* ("-" for standard input)."""
    require("name", name, (str, os.PathLike))
    name = os.fspath(name)
    try:
        if name == "-":
            data = sys.stdin.buffer.read(MAX_INPUT_BYTES + 1)
            if len(data) > MAX_INPUT_BYTES:
                raise InputError("input.too-large-stream", file=name, limit=f"{MAX_INPUT_BYTES >> 20} MB")
        else:
            path = Path(name)
            suffix = path.suffix.lower()
            if suffix in DOCX_SUFFIXES:
                note_input(name)
                if _is_regular(name):
                    return read_docx_text(name)
                return _docx(read_limited(name, limit=MAX_DOCX_STREAM), name)
            if suffix in SAVE_AS_DOCX:
                raise SourceError(SAVE_AS_DOCX[suffix], file=name)
            if suffix not in TEXT_SUFFIXES:
                raise SourceError("io.unsupported-format", file=name, suffix=path.suffix)
            data = read_limited(name)
            note_input(name)
        if data.startswith(ZIP_MAGIC):  # a .docx piped in, or saved under a text name
            return _docx(data, name)
        return nfc(decode_utf8(data, name))
    except InputError as exc:
        raise _source_error(exc, name) from None


def _docx(data: bytes, name: str) -> str:
    try:
        return read_docx_text(data)
    except SourceError as exc:
        raise exc.at(name) from None
