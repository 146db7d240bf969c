"""Reading the text of input files (plain text and Markdown; stdin as "-")."""

from __future__ import annotations

import sys
from pathlib import Path

from .text import nfc

__all__ = ["SourceError", "read_text_source", "TEXT_SUFFIXES"]

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}


class SourceError(ValueError):
    """An input that cannot be read as text; the message says what to do."""


def read_text_source(name: str) -> str:
    """The NFC text of file *name* ("-" for standard input)."""
    if name == "-":
        data = sys.stdin.buffer.read()
    else:
        path = Path(name)
        if path.suffix.lower() not in TEXT_SUFFIXES:
            raise SourceError(
                f"{name}: định dạng {path.suffix} chưa được hỗ trợ — lưu thành .txt hoặc .md rồi chạy lại"
                f" / {path.suffix} is not supported yet: save it as .txt or .md"
            )
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise SourceError(f"{name}: không tìm thấy tệp / file not found") from None
        except IsADirectoryError:
            raise SourceError(f"{name}: là thư mục, không phải tệp / is a folder, not a file") from None
    try:
        return nfc(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{name}:{line}: không phải văn bản UTF-8 — lưu lại với mã hóa UTF-8 / not UTF-8 text: save it as UTF-8"
        ) from None
