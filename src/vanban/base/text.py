"""Text normalisation for Vietnamese: one key for matching, one key for sorting.

Clerks type the same word in several ways: NFC or NFD (Word and macOS disagree), old or new
tone placement ("hoá"/"hóa", "Thuỷ"/"Thủy", "Uỷ ban"/"Ủy ban"), non-breaking spaces, en
dashes. Matching is done on :func:`key`; what is shown to people is always the original text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .lazyre import lazy_compile

__all__ = ["nfc", "key", "clean_spaces", "slug", "sort_key", "strip_marks"]

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # huyền, sắc, ngã, hỏi, nặng (combining)
# Old style puts the tone on the first vowel of "oa", "oe", "uy" ("hòa", "thủy");
# new style on the second ("hoà", "thuỷ"). The key moves it to the second one. Only these
# three pairs vary in practice; "ưa", "ua" and closed syllables ("hoàn") are never written
# two ways, and a "u" followed by a combining horn (ư) is left alone by construction.
_TONE_MOVE = re.compile(f"([oOuU])([{_TONES}])([aAeEyY])")
_SPACES = lazy_compile(r"[\s\u00a0\u2007\u202f\u200b\ufeff]+")
#: hyphen, non-breaking hyphen, figure dash, en dash, em dash, minus: all "-" (a regular expression:
#: str.translate with a table looks up every character in Python and cost half of key())
_DASHES = re.compile("[\u2010-\u2014\u2212]")


def nfc(text: str) -> str:
    """Return *text* in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def clean_spaces(text: str) -> str:
    """Collapse runs of white space (non-breaking ones included) to one space and strip."""
    if "\u200b" in text or "\ufeff" in text:
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())  # str.split() knows every Unicode space, NBSP included


@lru_cache(maxsize=65536)
def key(text: str) -> str:
    """The matching key: NFC, one tone placement, dashes unified, spaces collapsed, case folded.

    >>> key("Hoá") == key("hóa") == key("HÓA")
    True
    >>> key("Uỷ ban  nhân dân") == key("Ủy ban nhân dân")
    True
    """
    if text.isascii():
        return clean_spaces(text).casefold()
    composed = text if unicodedata.is_normalized("NFC", text) else unicodedata.normalize("NFC", text)
    # the tone moved within the precomposed text, pair by pair, as _TONE_MOVE moves it in the
    # decomposed text: one pass of a regular expression instead of decomposing every title
    if _OLD_TONE.search(composed):
        composed = _OLD_TONE.sub(_move_tone, composed)
    return clean_spaces(_DASHES.sub("-", composed)).casefold()


def _tone_pairs() -> tuple[str, str]:
    """The precomposed letters that are o/u with a tone (the first of a pair), and those whose
    decomposition starts with a, e or y (the second)."""
    firsts, seconds = [], []
    for code in list(range(0xC0, 0x250)) + list(range(0x1E00, 0x1F00)) + [ord(c) for c in "aeyAEY"]:
        char = chr(code)
        parts = unicodedata.normalize("NFD", char)
        if len(parts) == 2 and parts[0] in "oOuU" and parts[1] in _TONES:
            firsts.append(char)
        if parts[0] in "aAeEyY" and unicodedata.normalize("NFC", parts) == char:
            seconds.append(char)
    return "".join(firsts), "".join(seconds)


_FIRSTS, _SECONDS = _tone_pairs()
#: a pair with the marks that follow it (a stray mark reorders with the moved tone, as in NFD)
_OLD_TONE = re.compile(f"[{_FIRSTS}][{_SECONDS}][\u0300-\u036f]*")


@lru_cache(maxsize=1024)
def _moved(pair: str) -> str:
    decomposed = _TONE_MOVE.sub(r"\1\3\2", unicodedata.normalize("NFD", pair))
    return unicodedata.normalize("NFC", decomposed)


def _move_tone(match: re.Match[str]) -> str:
    return _moved(match.group())


def strip_marks(text: str) -> str:
    """Remove every diacritic ("Bình Sơn" → "Binh Son", "Đ" → "D")."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def loose_key(text: str) -> str:
    """A key that also ignores diacritics: for tolerant look-ups typed on a plain keyboard."""
    return strip_marks(key(text))


_SLUG_DROP = lazy_compile(r"[^a-z0-9]+")


def slug(text: str) -> str:
    """Lower-case ASCII slug: "1631-QĐ/HU" → "1631-qd-hu"."""
    return _SLUG_DROP.sub("-", strip_marks(nfc(text)).lower()).strip("-")


# Vietnamese alphabetical order: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y,
# letters first, tones (ngang, huyền, hỏi, ngã, sắc, nặng) only to break ties.
_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
_BASE_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def _split_letter(ch: str) -> tuple[str, int]:
    parts = unicodedata.normalize("NFD", ch)
    tone = 0
    base = []
    for p in parts:
        if p in _TONE_RANK:
            tone = _TONE_RANK[p]
        else:
            base.append(p)
    return unicodedata.normalize("NFC", "".join(base)), tone


@lru_cache(maxsize=65536)
def sort_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Key for sorting in Vietnamese alphabetical order.

    >>> sorted(["Bình Đông", "Bình Dương", "Bình An", "Châu Ổ"], key=sort_key)
    ['Bình An', 'Bình Dương', 'Bình Đông', 'Châu Ổ']
    """
    letters: list[int] = []
    tones: list[int] = []
    for ch in key(text):
        base, tone = _split_letter(ch)
        if base in _LETTER_RANK:
            letters.append(100 + _LETTER_RANK[base])
        elif base.isdigit():
            letters.append(50 + int(base))
        elif base == " ":
            letters.append(1)
        else:
            letters.append(200 + ord(base[0]) if base else 0)
        tones.append(tone)
    return tuple(letters), tuple(tones)
