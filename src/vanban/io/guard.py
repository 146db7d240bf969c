"""One guard for every zip and XML input (.docx, .xlsx, edXML): limits first, parse safely after.

- **Zip** (:class:`ZipGuard`): the size of the zip directory is checked from its end record
  before :mod:`zipfile` builds an object per entry (millions of tiny entries); then the number
  of entries, duplicate names, each part's declared size, the sum of declared sizes and the
  compression ratio; the same limits are enforced on the bytes actually unpacked, read in
  chunks, so an entry that lies about its size stops at the limit.
- **XML** (:func:`parse_xml`): a DOCTYPE is refused before parsing, in any of the encodings an
  XML file may use; lxml parses without DTD loading, entity expansion or network access, and
  without ``huge_tree``.

Every refusal is a :class:`SourceError` with a catalog message naming the file and what to do.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from typing import Any, BinaryIO

from lxml import etree

from ..base.errors import VanbanError
from ..base.messages import DEFAULT_LANG

__all__ = ["SourceError", "ZipGuard", "parse_xml", "has_doctype", "MB"]

MB = 2**20
CHUNK = 1 * MB
MAX_RATIO = 200  # uncompressed : compressed, for parts over RATIO_FLOOR
RATIO_FLOOR = 1 * MB
MAX_DIRECTORY_ENTRY = 1024  # bytes per zip directory entry, for the check before zipfile reads it
READ_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError, NotImplementedError, RuntimeError)

_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"),
)
_ROOT_START = re.compile(r"<[^!?/\s]")


class SourceError(VanbanError, ValueError):
    """An input file that cannot be read as what it should be; the message says what to do.

    :attr:`file` (when known) is shown before the message.
    """

    def __init__(self, msg_id: str | None = None, /, *, file: str | None = None, **params: Any) -> None:
        self.file = file
        super().__init__(msg_id, **params)

    def at(self, file: str) -> SourceError:
        """The same error, about *file*."""
        return SourceError(self.msg_id, file=file, **self.params)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        text = super().render(lang)
        return f"{self.file}: {text}" if self.file else text


def has_doctype(data: bytes) -> bool:
    """Whether the prolog (before the first element) declares a DOCTYPE, in any encoding.

    "<!DOCTYPE" later in the text (inside CDATA, e.g. HTML content) is not a declaration.
    """
    head = data[: 1 << 20]
    encoding = "latin-1"  # ASCII-compatible encodings: "<!DOCTYPE" is the same bytes in all
    for bom, name in _BOMS:
        if head.startswith(bom):
            encoding = "latin-1" if name == "utf-8" else name
            break
    text = head.decode(encoding, errors="replace")
    doctype = text.find("<!DOCTYPE")
    if doctype < 0:
        return False
    root = _ROOT_START.search(text)
    return root is None or doctype < root.start()


def parse_xml(data: bytes, name: str, *, unsafe_id: str, broken_id: str, **params: Any) -> etree._Element:
    """The root element of *data*; SourceError *unsafe_id* for a DOCTYPE, *broken_id* for bad XML."""
    if has_doctype(data):
        raise SourceError(unsafe_id, name=name, **params)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or 0
        detail = " ".join(str(getattr(exc, "msg", exc)).split())[:200]
        raise SourceError(broken_id, name=name, line=line, detail=detail, **params) from None
    docinfo: Any = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.externalDTD is not None:
        raise SourceError(unsafe_id, name=name, **params)  # a DOCTYPE the byte scan above did not see
    return root


def _directory_size(fp: BinaryIO) -> int | None:
    """The size of the zip's central directory from its end record, or None if it cannot be told."""
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


class ZipGuard:
    """A zip opened under limits; :meth:`read` unpacks one part, counted against them.

    *kind* names the format in messages (".docx", ".xlsx"). SourceError for a file that is no
    zip, too many parts, the same name twice, or a part too large or compressed abnormally.
    """

    def __init__(self, fp: BinaryIO, *, kind: str, max_parts: int, max_total_bytes: int, max_part_bytes: int):
        self.kind = kind
        self.max_parts, self.max_total, self.max_part = max_parts, max_total_bytes, max_part_bytes
        self.total = 0
        directory = _directory_size(fp)
        if directory is not None and directory > max_parts * MAX_DIRECTORY_ENTRY:
            raise SourceError("io.zip-too-many-parts", kind=kind, limit=max_parts)
        try:
            fp.seek(0)
            self.archive = zipfile.ZipFile(fp)
        except READ_ERRORS:
            raise SourceError("io.zip-corrupt", kind=kind) from None
        self.infos = self.archive.infolist()
        if len(self.infos) > max_parts:
            raise SourceError("io.zip-too-many-parts", kind=kind, limit=max_parts)
        self.by_name = {info.filename: info for info in self.infos}
        if len(self.by_name) != len(self.infos):
            raise SourceError("io.zip-corrupt", kind=kind)  # the same name twice: which one is read is unclear

    def __enter__(self) -> ZipGuard:
        return self

    def __exit__(self, *exc: object) -> None:
        self.archive.close()

    def check_declared(self, infos: list[zipfile.ZipInfo]) -> None:
        """The sizes the zip declares for the parts to be read, before anything is unpacked."""
        total = 0
        for info in infos:
            total += info.file_size
            self._check(info, info.file_size, total)

    def _check(self, info: zipfile.ZipInfo, part: int, total: int) -> None:
        if part > self.max_part:
            raise SourceError("io.zip-part-too-large", kind=self.kind, part=info.filename, size=_size(part),
                              limit=_size(self.max_part))
        if total > self.max_total:
            raise SourceError("io.zip-too-large", kind=self.kind, size=_size(total), limit=_size(self.max_total))
        if part > RATIO_FLOOR and part > MAX_RATIO * max(info.compress_size, 1):
            raise SourceError("io.zip-ratio", kind=self.kind, part=info.filename, ratio=MAX_RATIO)

    def read(self, info: zipfile.ZipInfo) -> bytes:
        """The bytes of one part, read in chunks and counted against the limits as they come."""
        chunks: list[bytes] = []
        size = 0
        try:
            with self.archive.open(info) as member:
                while chunk := member.read(CHUNK):
                    size += len(chunk)
                    self.total += len(chunk)
                    self._check(info, size, self.total)
                    chunks.append(chunk)
        except SourceError:
            raise  # a limit: not a damaged file
        except READ_ERRORS:
            raise SourceError("io.zip-corrupt", kind=self.kind) from None  # bad CRC, truncated, encrypted…
        return b"".join(chunks)


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} B"
