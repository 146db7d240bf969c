"""Reading an input file under a size limit, and naming the encoding of text that is not UTF-8.

**Bounded reading.** :func:`read_limited` reads a regular file whose size is at most the limit
(larger ones are refused before a byte is read) and anything else — a FIFO, a device such as
``/dev/zero``, a terminal — in chunks, stopping with an error once the limit is passed, so no
input is read forever or fills the memory. A FIFO is opened without waiting for a writer; a
folder is named as a folder.

**Legacy Vietnamese encodings.** Before Unicode, Vietnamese offices typed with font-encoded
character sets: TCVN3 (ABC, fonts ``.VnTime``), VNI (fonts ``VNI-Times``) and Windows-1258. Such
text read as UTF-8 or Latin-1 is mojibake ("KÕ ho¹ch vÒ viÖc" for "Kế hoạch về việc"), and saved
into a registry it would silently change every title. :func:`legacy_encoding` and
:func:`legacy_encoding_of_text` recognise them: each candidate decoding is tried and the one
that turns the most characters Vietnamese never uses (Latin-1 symbols such as ``¹ ¸ µ``, letters
such as ``ñ ö ï``, stray combining marks) into Vietnamese letters is named, so the message can
say which encoding it is and how to convert it (Unikey's converter, Ctrl+Shift+F6: from TCVN3 or
VNI Windows to Unicode).

>>> legacy_encoding_of_text("KÕ ho¹ch thùc hiÖn Ch\u00ad\u00acng tr×nh")
'TCVN3'
>>> legacy_encoding_of_text("Keá hoaïch thöïc hieän Chöông trình")
'VNI'
>>> legacy_encoding_of_text("Kế hoạch thực hiện Chương trình") is None
True
>>> from_legacy("KÕ ho¹ch", "TCVN3")
'Kế hoạch'
"""

from __future__ import annotations

import os
import re
import stat
import unicodedata
from pathlib import Path
from typing import Any

from .errors import VanbanError
from .lazyre import lazy_compile
from .messages import DEFAULT_LANG

__all__ = [
    "MB", "MAX_INPUT_BYTES", "InputError", "read_limited", "decode_utf8", "legacy_encoding",
    "legacy_encoding_of_text", "from_legacy", "ENCODING_NAMES",
]

MB = 2**20
#: The largest input read: a registry of 100,000 documents is about 45 MB.
MAX_INPUT_BYTES = 64 * MB
_CHUNK = 1 * MB


class InputError(VanbanError):
    """An input file that cannot be read as text: ``input.<problem>``, with ``file`` and, where it
    is known, :attr:`line` (1-based; 0 when the problem is the whole file)."""

    def __init__(self, msg_id: str, /, *, file: str, line: int = 0, **params: Any) -> None:
        self.file = file
        self.line = line
        super().__init__(msg_id, **params)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {super().render(lang)}"


def _size(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n} B"


def read_limited(path: str | Path, *, limit: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of *path*, at most *limit* of them (InputError ``input.too-large`` beyond).

    InputError ``input.not-found``, ``input.is-a-folder`` or ``input.unreadable`` (with the
    system's reason) when it cannot be read.
    """
    name = os.fspath(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(name, flags)  # O_NONBLOCK: a FIFO without a writer does not hang the open
    except FileNotFoundError:
        raise InputError("input.not-found", file=name) from None
    except IsADirectoryError:
        raise InputError("input.is-a-folder", file=name) from None
    except OSError as exc:
        raise InputError("input.unreadable", file=name, reason=exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError("input.is-a-folder", file=name)
        if stat.S_ISREG(info.st_mode) and info.st_size > limit:
            raise InputError("input.too-large", file=name, size=_size(info.st_size), limit=_size(limit))
        if not stat.S_ISREG(info.st_mode) and hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)  # now wait for data as a plain read would (EOF when no writer)
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                chunk = os.read(fd, _CHUNK)
            except IsADirectoryError:
                raise InputError("input.is-a-folder", file=name) from None
            except OSError as exc:
                raise InputError("input.unreadable", file=name, reason=exc.strerror or str(exc)) from None
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputError("input.too-large-stream", file=name, limit=_size(limit))
            chunks.append(chunk)
        return b"".join(chunks)
    finally:
        os.close(fd)


_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def decode_utf8(data: bytes, file: str) -> str:
    """*data* as UTF-8 text (a BOM dropped); InputError naming a legacy encoding when it is one
    (``input.legacy-encoding``), a UTF-16 file (``input.utf16``) or neither (``input.not-utf8``),
    placed at the line of the first byte that is not UTF-8."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        if data.startswith(_UTF16_BOMS):
            raise InputError("input.utf16", file=file) from None
        encoding = legacy_encoding(data)
        if encoding is not None:
            sample = _sample(data, exc.start, encoding)
            raise InputError("input.legacy-encoding", file=file, line=line, encoding=ENCODING_NAMES[encoding],
                             sample=sample) from None
        raise InputError("input.not-utf8", file=file, line=line) from None


def _sample(data: bytes, at: int, encoding: str) -> str:
    """A few words around byte *at*, converted from *encoding*: what the clerk will recognise."""
    start = max(data.rfind(b"\n", 0, at) + 1, at - 40)
    end = data.find(b"\n", at)
    end = min(end if end >= 0 else len(data), at + 40)
    return " ".join(_decode_as(data[start:end], encoding).split())[:60]


# --- the legacy tables ------------------------------------------------------------------------------
#: TCVN3 (TCVN 5712:1993, "ABC"): byte → letter; the other bytes are ASCII.
_TCVN3 = dict(zip(
    b"\xa1\xa2\xa3\xa4\xa5\xa6\xa7\xa8\xa9\xaa\xab\xac\xad\xae"
    b"\xb5\xb6\xb7\xb8\xb9\xbb\xbc\xbd\xbe\xc6\xc7\xc8\xc9\xca\xcb"
    b"\xcc\xce\xcf\xd0\xd1\xd2\xd3\xd4\xd5\xd6\xd7\xd8\xdc\xdd\xde"
    b"\xdf\xe1\xe2\xe3\xe4\xe5\xe6\xe7\xe8\xe9\xea\xeb\xec\xed\xee"
    b"\xef\xf1\xf2\xf3\xf4\xf5\xf6\xf7\xf8\xf9\xfa\xfb\xfc\xfd\xfe",
    "ĂÂÊÔƠƯĐăâêôơưđ"
    "àảãáạằẳẵắặầẩẫấậ"
    "èẻẽéẹềểễếệìỉĩíị"
    "òỏõóọồổỗốộờởỡớợ"
    "ùủũúụừửữứựỳỷỹýỵ",
))

# VNI Windows: a base letter followed by a mark character (both Latin-1), or one character.
_VNI_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_VNI_HATS = {  # circumflex or breve with a tone
    "â": "\u0302", "á": "\u0302\u0301", "à": "\u0302\u0300", "å": "\u0302\u0309", "ã": "\u0302\u0303",
    "ä": "\u0302\u0323",
}
_VNI_BREVE = {"ê": "\u0306", "é": "\u0306\u0301", "è": "\u0306\u0300", "ú": "\u0306\u0309", "ü": "\u0306\u0303",
              "ë": "\u0306\u0323"}
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "î": "ỵ"}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {}
    for upper in (False, True):
        def case(s: str) -> str:
            return s.upper() if upper else s

        for base in "aeouy":
            for mark, comb in _VNI_TONES.items():
                table[case(base + mark)] = case(unicodedata.normalize("NFC", base + comb))
        for base in "aeo":
            for mark, comb in _VNI_HATS.items():
                table[case(base + mark)] = case(unicodedata.normalize("NFC", base + comb))
        for mark, comb in _VNI_BREVE.items():
            table[case("a" + mark)] = case(unicodedata.normalize("NFC", "a" + comb))
        for mark, comb in _VNI_TONES.items():  # ơ and ư with a tone
            table[case("ô" + mark)] = case(unicodedata.normalize("NFC", "ơ" + comb))
            table[case("ö" + mark)] = case(unicodedata.normalize("NFC", "ư" + comb))
        for single, letter in _VNI_SINGLE.items():
            table[case(single)] = case(letter)
    return table


_VNI = _vni_table()
_VNI_RE = lazy_compile("|".join(re.escape(k) for k in sorted(_VNI, key=len, reverse=True)))

#: Characters Vietnamese text never holds: the Latin-1 symbols and C1 controls, the Latin-1
#: letters that are not Vietnamese, and tone marks left over after NFC (Windows-1258 misread).
_FOREIGN = lazy_compile(
    "[\x80-\xbf\xc4-\xc7\xcb\xce-\xd1\xd6-\xd8\xdb\xdc\xde-\xdf\xe4-\xe7\xeb\xee-\xf1\xf6-\xf8\xfb\xfc\xfe\xff"
    "\u0300\u0301\u0303\u0309\u0323]"
)
_LETTERS = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_VIETNAMESE = lazy_compile(f"[{_LETTERS}]", re.IGNORECASE)
#: letters that carry a tone (a Vietnamese syllable has at most one)
_TONED = lazy_compile("[" + "".join(c for c in _LETTERS + _LETTERS.upper()
                                  if set(unicodedata.normalize("NFD", c)) & set("\u0300\u0301\u0303\u0309\u0323"))
                    + "]")
#: letters only Unicode text has (a font-encoded text read as Latin-1 never does)
_UNICODE_ONLY = lazy_compile("[ĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]")
_WORD = lazy_compile(r"[^\s!-/:-@\[-`{-~]+")

ENCODINGS = ("TCVN3", "VNI", "Windows-1258")
#: how Unikey's converter (and most offices) name them
ENCODING_NAMES = {"TCVN3": "TCVN3 (ABC)", "VNI": "VNI Windows", "Windows-1258": "Windows-1258 (CP 1258)"}


def _decode_as(data: bytes, encoding: str) -> str:
    if encoding == "TCVN3":
        return "".join(_TCVN3.get(b, chr(b)) for b in data)
    if encoding == "VNI":
        return from_legacy(data.decode("latin-1"), "VNI")
    return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def from_legacy(text: str, encoding: str) -> str:
    """*text* read with the wrong font table (its characters are the legacy bytes as Latin-1)
    converted to Unicode from *encoding* ("TCVN3" or "VNI")."""
    if encoding == "TCVN3":
        return "".join(_TCVN3.get(ord(c), c) if ord(c) < 256 else c for c in text)
    if encoding == "VNI":
        return _VNI_RE.sub(lambda m: _VNI[m.group()], text)
    raise ValueError(encoding)


_TONES = "\u0300\u0301\u0303\u0309\u0323"
_SYLLABLE = lazy_compile(
    "(?:ngh|ng|gh|gi|kh|nh|ph|th|tr|ch|qu|[bcdđghklmnpqrstvx])?"
    "(?:iêu|yêu|oai|oay|oeo|uây|uôi|ươi|ươu|uyê|uya|uyu|ai|ao|au|ay|âu|ây|eo|êu|ia|iê|iu|oa|oă|oe|oi|ôi|ơi|oo|ua|uâ"
    "|uê|ui|uô|uơ|ươ|ưa|ưi|ưu|uy|yê|[aăâeêioôơuưy])"
    "(?:ch|ng|nh|[cmnpt])?"
)


def _syllable(word: str) -> bool:
    """Whether *word* (lower case, tones removed) has the shape of a Vietnamese syllable."""
    bare = unicodedata.normalize("NFC", "".join(c for c in unicodedata.normalize("NFD", word.lower()) if c not in _TONES))
    return _SYLLABLE.fullmatch(bare) is not None


def _score(text: str) -> int:
    """How Vietnamese *text* reads: +1 a word with a Vietnamese letter that has the shape of a
    syllable and one tone at most; -2 a word with a character Vietnamese never uses, two tones,
    or the shape of no syllable. Words of plain ASCII do not count."""
    score = 0
    for word in _WORD.findall(text):
        if word.isascii():
            continue
        if _FOREIGN.search(word) or "\ufffd" in word or len(_TONED.findall(word)) > 1:
            score -= 2
        elif _VIETNAMESE.search(word):
            score += 1 if _syllable(word) else -2
    return score


def _not_utf8_lines(data: bytes) -> bytes:
    """The lines of *data* that are not UTF-8 (the part a legacy encoding was used for)."""
    out = []
    for line in data.split(b"\n"):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError:
            out.append(line)
    return b"\n".join(out)


def legacy_encoding(data: bytes) -> str | None:
    """The legacy encoding *data* (not UTF-8) is written in, when one reads as Vietnamese."""
    sample = _not_utf8_lines(data[: 64 * 1024])
    best, best_score = None, 1
    for encoding in ENCODINGS:
        score = _score(_decode_as(sample, encoding))
        if score > best_score:
            best, best_score = encoding, score
    return best


def legacy_encoding_of_text(text: str, *, minimum: int = 3) -> str | None:
    """"TCVN3" or "VNI" when *text* is Vietnamese typed in that font encoding and read as
    Latin-1 (mojibake), else None.

    Text with a letter only Unicode has (ơ, ư, đ, ạ …) is Unicode. Otherwise at least *minimum*
    characters Vietnamese never uses are needed, the conversion must leave none of them, and it
    must read as Vietnamese.
    """
    if _UNICODE_ONLY.search(text):
        return None
    foreign = len(_FOREIGN.findall(text))
    if foreign < minimum:
        return None
    here = _score(text)
    best, best_score = None, here + foreign
    for encoding in ("TCVN3", "VNI"):
        converted = from_legacy(text, encoding)
        if _FOREIGN.search(converted):
            continue
        score = _score(converted)
        if score > best_score:
            best, best_score = encoding, score
    return best
