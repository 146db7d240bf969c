"""Finding citations in text as clerks write them.

The text is first put in the form the patterns read, without moving a character (so spans need
no translation beyond the markup):

* Markdown emphasis (``*``, ``**``) is removed — "số** 1203**/QĐ-BTP ngày** 19 **tháng" reads as
  "số 1203/QĐ-BTP ngày 19 tháng"; an offset table maps every position back to the NFC text;
* a *soft* line break becomes a space: one inside a wrapped sentence (the next line starts with a
  small letter or a digit, the line before is a long line that does not end a sentence, or it
  ends with a hyphen). Hard breaks stay: blank lines, table cells ("|"), list items, headings.
  What the finder reads never crosses a hard break.

Then one compiled pattern finds every number + symbol ("36/KH-UBND", "26/2022/NQ-HĐND",
"1631-QĐ/HU", "1819 /UBND-VX", "512/NQ- UBTVQH15", "4104/SNV- XDCQ&TCBC") together with the date and
the issuer phrase ("của UBND tỉnh") after it; the kind word and "số" before it are read by one
anchored match on the reversed text, the title ("về việc …") by one match that ends with its clause
(and at most 1,000 characters on). Every read is anchored and bounded, so finding is linear in the
text, however many citations share a line.

Lists that share one kind and date ("Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày
11/11/2022") give one citation per number, each with the shared parts. The document's own number
(its header "Số: …", wherever the header puts it) is found too, flagged ``identity=True`` with
every other mention of the same number; :func:`document_identity` returns it.

Finding never raises: any text gives a (possibly empty) list.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
import string
from functools import lru_cache
from itertools import accumulate
from typing import Iterable, Iterator

import attrs

from ..base.dates import WrittenDate
from ..base.lazyre import lazy_compile
from ..base.text import nfc
from ..base.safety import require
from .citation import Citation, CitationError, Scheme, scheme_of, symbol_parts
from .kinds import KindTable, default_kinds

__all__ = ["find_citations", "parse_citation", "parse_code", "iter_citations", "opens_with_title_lead",
           "document_identity", "references"]

# --- the text as the patterns read it ----------------------------------------------------------------
# Small letters (Vietnamese included): a line that starts with one continues the sentence above.
_LOWER_CHARS = "".join(sorted({c for c in map(chr, range(0x61, 0x1F00)) if c.islower() and c.isalpha()}))
# The letters of Vietnamese (and English), as compact classes for the patterns run per citation.
_VI_LETTERS = "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệfghiìíỉĩịjklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvwxyỳýỷỹỵz"
_VI_LOWER = "[a-z" + "".join(c for c in _VI_LETTERS if not "a" <= c <= "z") + "]"
_VI_UPPER = "[A-Z" + "".join(c.upper() for c in _VI_LETTERS if not "a" <= c <= "z") + "]"
# A line that opens with one of these starts a new block: a blank line, a table cell, a heading or
# quote, a list item ("- ", "1. ", "a) ", "II. "), an article, a preamble's "Căn cứ".
_HARD_OPENER = (
    r"[ \t]*(?:[\n|#>]|[-+•–—*][ \t]|\d{1,3}[.)][ \t]|[a-zđ][.)][ \t]|[IVXLC]{1,6}[.)][ \t]"
    r"|(?:Điều|ĐIỀU|Chương|CHƯƠNG|Mục|MỤC|Phần|PHẦN)[ \t]+[\dIVXLC]|Căn cứ|CĂN CỨ|Nơi nhận|QUYẾT ĐỊNH)"
)
# A soft break: not before a block opener, and either the next line continues the sentence (a small
# letter, a digit), or the line before is a wrapped line (40 characters or more, not ending a sentence),
# or it ends with a hyphen ("QĐ-⏎TTg") or a Markdown hard break ("  ⏎", which joins lines of a paragraph).
_SOFT_NEWLINE = lazy_compile(  # the cheap tests first: most line breaks fail one of them at once
    rf"\n(?:(?=[ \t]*[{_LOWER_CHARS}0-9(])|(?<![.;:!?|]\n)(?<=[^\n]{{40}}\n)|(?<=[-\u2013]\n)|(?<=  \n))"
    rf"(?!{_HARD_OPENER})"
)


@attrs.frozen(slots=True)
class _Markup:
    """Where markup was taken out: the clean position of each removed "*", in order."""

    at: list[int]

    def original(self, clean_pos: int) -> int:
        """The NFC-text offset of the character at *clean_pos* of the clean text."""
        return clean_pos + bisect.bisect_right(self.at, clean_pos)


def _prepare(text: str) -> tuple[str, _Markup | None]:
    """The clean text (markup out, soft line breaks as spaces) and the offset table, if any.

    Only string methods and one substitution: each pass over a long text costs as much as the scan."""
    markup: _Markup | None = None
    clean = text
    if "*" in text:
        # A "* " opening a line is a list mark, not emphasis: kept (as "•", the same length).
        if "\n* " in text:
            clean = clean.replace("\n* ", "\n• ")
        if "\n*\t" in text:
            clean = clean.replace("\n*\t", "\n•\t")
        if clean.startswith(("* ", "*\t")):
            clean = "•" + clean[1:]
        pieces = clean.split("*")
        if len(pieces) > 1:
            markup = _Markup(list(accumulate(map(len, pieces[:-1]))))
            clean = "".join(pieces)
    if "\r" in clean:
        clean = clean.replace("\r", " ")
    if "\n" in clean:
        clean = _SOFT_NEWLINE.sub(" ", clean)
    return clean, markup


# --- the number and symbol ----------------------------------------------------------------------------
_CAP = "A-ZĐ"
# Symbol letters: Latin, Đ, digits, "&"; a Cyrillic capital typed for its Latin twin ("CР") is kept.
_TOKEN_CHARS = "A-ZĐa-zđ0-9&\u0400-\u042f"
# A token ends at a non-letter, or where a following word was typed without a space ("QĐ-TTgcủa").
_GLUED_WORDS = "của|ngày|về|và|năm"
_TOKEN = rf"[{_CAP}][{_TOKEN_CHARS}]*(?:(?![^\W_])|(?=(?:{_GLUED_WORDS})(?![^\W_])))"
# Between tokens: a hyphen, with up to two spaces either side ("NQ- UBTVQH15", "TT - BNNPTNT",
# "QĐ -UBND"); a dot between capitals ("CCTKV.XII-NVDTPC.HUE").
_INNER = r"[ \t]{0,2}[-\u2010\u2011\u2013][ \t]{0,2}|\.(?=[A-ZĐ])"
_SYMBOL = rf"{_TOKEN}(?:(?:{_INNER}){_TOKEN})*"
_SLASH = r"[ \t]?/[ \t]?"
# The number: "36", "30a" (30a/2008/NQ-CP), "66.7" (66.7/2025/NQ-CP), taken whole (possessive: no
# backtracking into it). That it is not glued to a word, "/", "." or "," is checked in Python: a leading
# look-behind would cost the scan its fast search for a digit. Then the three schemes: 26/2022/NQ-HĐND
# (normative, also "255/2025-NĐ-CP"), 36/KH-UBND (administrative, công văn), 1631-QĐ/HU (Party).
_CORE = re.compile(
    rf"(?P<num>\d{{1,5}}+(?:\.\d{{1,2}}+)?[a-z]?)"
    rf"(?:{_SLASH}(?:(?P<year>(?:19|20)\d\d)(?:{_SLASH}|-)(?P<nsym>{_SYMBOL})|(?P<sym>{_SYMBOL}))"
    rf"|[ \t]?[-\u2013][ \t]?(?P<ptype>{_TOKEN}){_SLASH}(?P<pissuer>{_SYMBOL}))"
)
_GLUED = frozenset("/.,-\u2013_")

# Every match of _CORE has a "/", the first after the number, and between the number's start and it only
# these characters (the number, "30a", "66.7"; a Party citation's "-QĐ"; the spaces the scheme allows),
# or a decimal digit of another script (\d reads them too).
_BEFORE_SLASH = (string.digits + ".&" + string.ascii_letters + "Đđ" + "".join(map(chr, range(0x400, 0x430)))
                 + " \t-\u2013")
# What _CORE must read from its start to the first letter of its symbol, and no more (no groups, no
# look-ahead: a cheap test of a window before the whole scan is tried): " 36 / 2025 / Q", "1631-QĐ/H".
_CORE_START = re.compile(
    rf"\d{{1,5}}+(?:\.\d{{1,2}}+)?[a-z]?"
    rf"(?:{_SLASH}(?:(?:19|20)\d\d(?:{_SLASH}|-))?[{_CAP}]|[ \t]?[-\u2013][ \t]?[{_CAP}][{_TOKEN_CHARS}]*{_SLASH}[{_CAP}])"
)
#: how far past its "/" _CORE_START reads: " / 2025 / Q" (12 characters)
_PAST_SLASH = 12


def _run_before_slash(clean: str, slash: int, floor: int) -> int:
    """Where the characters a _CORE match may hold before the "/" at *slash* begin (not before *floor*)."""
    end = slash  # [end, slash) is in the run
    low = max(floor, end - 48)
    while True:
        kept = clean[low:end].rstrip(_BEFORE_SLASH)
        if kept and kept[-1].isdecimal():  # a digit of another script: in the run, which goes on before it
            end = low + len(kept) - 1
            low = max(floor, end - 48)
            continue
        if kept or low == floor:
            return low + len(kept)
        end, low = low, max(floor, low - 256)  # the whole window is in the run: look further back


def _scan_matches(scan: re.Pattern[str], clean: str) -> Iterator[re.Match[str]]:
    """``scan.finditer(clean)``, match for match, without running the pattern over text with no "/".

    The scan starts with :data:`_CORE`, and all it reads after _CORE is optional: it matches where
    _CORE matches. A _CORE match holds a "/" with only :data:`_BEFORE_SLASH` characters before it
    back to its start, so each "/" (found with ``str.find``, at memchr speed) bounds where a match
    using it may start; that window is searched for :data:`_CORE_START` (what _CORE must read up to
    its symbol's first letter: it keeps every real match, and may let a false one through), and each
    start it gives is tried with the whole scan. In real text a "/" is one character in 100 to 500
    (dates have two), so the pattern is tried on a small part of the text instead of at every
    character. A property test and the corpus hold it to ``finditer``.
    """
    find = clean.find
    search = _CORE_START.search
    match = scan.match
    pos = 0
    while True:
        slash = find("/", pos)
        if slash == -1:
            return
        start = _run_before_slash(clean, slash, pos)
        found = None
        while True:
            candidate = search(clean, start, slash + _PAST_SLASH)
            if candidate is None or candidate.start() > slash:
                break  # a start past the "/" is the next one's (found again from there)
            found = match(clean, candidate.start())
            if found is not None:
                break
            start = candidate.start() + 1
        if found is not None:
            yield found
            pos = found.end()
        else:
            pos = slash + 1


_TOKEN_SPLIT = re.compile(r"[^ \t\-\u2010\u2011\u2013/.]+")
_SYMBOL_DASHES = str.maketrans({"\u2013": "-", "\u2010": "-", "\u2011": "-", " ": None, "\t": None})


def _token_ok(token: str, kinds: KindTable) -> bool:
    """An abbreviation, not a word: more capitals than small letters (CTr, QyĐ, TTr, QĐi)."""
    upper = sum(1 for c in token if c.isupper())
    lower = sum(1 for c in token if c.islower())
    if upper <= lower:
        return False
    return len(token) >= 2 or kinds.is_kind_abbr(token)


@lru_cache(maxsize=8192)
def _read_symbol(written: str, kinds: KindTable) -> tuple[str, int] | None:
    """(canonical symbol, length of *written* it takes), or None when its first part is no abbreviation.

    A symbol ends before its first part that is not an abbreviation: "TK-SDDPNN- Theo" is TK-SDDPNN.
    Cached: symbols repeat a great deal.
    """
    taken = 0
    for token in _TOKEN_SPLIT.finditer(written):
        if not _token_ok(token.group(), kinds):
            break
        taken = token.end()
    if taken == 0:
        return None
    return written[:taken].translate(_SYMBOL_DASHES), taken


# --- what stands before the number --------------------------------------------------------------------
def _cases(words: Iterable[str], *, small: bool = True) -> set[str]:
    """Each word in small letters (unless *small* is false), with a capital first, and in capitals; a word
    written in capitals ("QĐ") only as written. The patterns are case-sensitive, which lets the engine
    reject a wrong word at its first letter (an ignore-case alternation tries every branch)."""
    out: set[str] = set()
    for word in words:
        if word.isupper():
            out.add(word)
            continue
        out.update((word[:1].upper() + word[1:], word.upper()))
        if small:
            out.add(word.lower())
    return out


def _alternation(words: Iterable[str], *, reverse: bool = False, space: str = r"[ \t\u00a0\u202f]+") -> str:
    """A non-capturing alternation of literal *words*, grouped by first letter (one branch per letter, then
    the rest of each word, longest first), each space a run of white space; *reverse* spells each word
    backwards. Grouping lets the engine skip the words of other letters at once; deeper tries compile
    slower and match no faster."""
    groups: dict[str, list[str]] = {}
    for word in set(words):
        spelled = word[::-1] if reverse else word
        groups.setdefault(spelled[0], []).append(spelled[1:])

    def literal(text: str) -> str:
        return re.escape(text).replace(r"\ ", space)

    branches = []
    for first, rests in sorted(groups.items()):
        rests.sort(key=len, reverse=True)
        tail = "|".join(literal(r) for r in rests if r)
        head = space if first == " " else re.escape(first)
        if not tail:
            branches.append(head)
        elif "" in rests:
            branches.append(f"{head}(?:{tail})?")
        else:
            branches.append(f"{head}(?:{tail})")
    return "(?:" + "|".join(branches) + ")"


# "số", "số:", "No.", and the labels of a header or a site's box ("Số hiệu:", "Số, ký hiệu:").
_SO_WORDS = ("số", "so", "no.", "no", "số.")
_LABEL_WORDS = ("số hiệu", "số, ký hiệu", "số ký hiệu", "số", "no.", "no")
_GAP_REVERSED = r"[ \t\u00a0\u202f]*"
_LAW_WORDS = ("Luật", "Bộ luật", "Pháp lệnh", "Law", "Code")
_ENGLISH_BODIES = ("minister", "government", "ministry", "people’s", "people's", "national", "state", "standing")


@attrs.define
class _KindPatterns:
    scan: re.Pattern[str]  # the number and symbol, then what follows them: date, issuer, a title lead
    after_source: str  # what follows alone, compiled when first needed (after a symbol cut short)
    cut_source: str  # where an issuer phrase runs into another body or citation (compiled when needed)
    before: re.Pattern[str]  # matched at 0 on the REVERSED text before a number
    law_before: re.Pattern[str]  # "Luật <name> số": reversed, for numbers of laws (…/QH15)
    kind_names: dict[str, str]  # each kind word as the reversed pattern reads it → the kind's name
    _after: re.Pattern[str] | None = None
    _cut: re.Pattern[str] | None = None

    @property
    def after(self) -> re.Pattern[str]:
        if self._after is None:
            self._after = re.compile(self.after_source)
        return self._after

    @property
    def cut(self) -> re.Pattern[str]:
        if self._cut is None:
            self._cut = re.compile(self.cut_source)
        return self._cut


# Issuer phrases. A phrase opens with an organisation word or an abbreviation, and ends before a
# title lead, a date, "số", a number or the next citation.
_ORG_HEADS = (
    "ủy ban", "uỷ ban", "hội đồng", "sở", "ban", "bộ", "hội", "huyện ủy", "huyện uỷ", "tỉnh ủy",
    "tỉnh uỷ", "thành ủy", "thành uỷ", "thị ủy", "thị uỷ", "đảng ủy", "đảng uỷ", "thủ tướng",
    "chính phủ", "quốc hội", "phòng", "văn phòng", "trung ương", "tòa án", "toà án", "viện",
    "mặt trận", "liên đoàn", "đoàn", "chủ tịch", "thường trực", "tổng cục", "cục", "chi cục",
    "kho bạc", "ngân hàng", "công an", "bộ chỉ huy", "huyện đoàn", "tỉnh đoàn", "ủy ban nhân dân",
    "thanh tra", "trường", "trung tâm", "bảo hiểm", "thành phố", "tỉnh", "công ty", "tổng công ty",
    "thuế", "hải quan", "kiểm toán", "tập đoàn", "đại học", "học viện", "giám đốc", "cục trưởng",
    "chi cục trưởng", "tổng cục trưởng", "trưởng ban", "thủ trưởng", "vụ", "bí thư",
)
# Title openings. In running text a title is read only after one of these.
_TITLE_LEADS = (
    "về việc", "v/v", "về", "thực hiện", "triển khai", "phê duyệt", "ban hành", "thành lập",
    "kiện toàn", "quy định", "hướng dẫn", "phân khai", "phân bổ", "giao", "tổ chức", "kiểm tra",
    "giám sát", "tăng cường", "đẩy mạnh", "đẩy nhanh", "chỉ đạo", "truyền thông", "hỗ trợ",
    "sửa đổi", "bổ sung", "bãi bỏ", "điều chỉnh", "rà soát", "công nhận", "sơ kết", "tổng kết",
    "phát động", "tiếp tục", "nâng cao", "xây dựng", "phê chuẩn", "đính chính", "thông qua",
    "quy chế", "phương án", "kế hoạch", "chương trình", "cho phép", "bố trí", "tạm ứng",
    "thu hồi", "khen thưởng", "công bố", "ủy quyền", "uỷ quyền", "cử", "đề nghị", "góp ý",
)
_TITLE_LEAD_RE = lazy_compile(
    r"(?:" + "|".join(sorted((re.escape(t) for t in _TITLE_LEADS), key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
# Verbs that open a title whatever their case and are never part of a body's name: a capitalised one
# right after an issuer ("… tỉnh Bình Phước Thành lập trạm y tế", "Văn phòng Chính phủ Hướng dẫn")
# still ends the issuer. ("Tổ chức", "Kế hoạch", "Xây dựng", "Truyền thông" are not here: Ban Tổ
# chức, Bộ Kế hoạch và Đầu tư, Bộ Xây dựng, Bộ Thông tin và Truyền thông.)
_VERB_LEADS = (
    "về việc", "v/v", "ban hành", "quy định", "quy đinh", "hướng dẫn", "thành lập", "cho phép", "sửa đổi",
    "bổ sung", "bãi bỏ", "phê duyệt", "công bố", "thực hiện", "triển khai", "kiện toàn", "điều chỉnh",
    "phân bổ", "phân khai", "xác định", "quyết định", "phê chuẩn", "đính chính", "thông qua", "ủy quyền",
    "uỷ quyền", "khen thưởng", "tách", "sáp nhập", "hợp nhất", "giải thể", "chuyển đổi", "công nhận",
    "rà soát", "tạm ứng", "thu hồi", "bố trí", "góp ý", "đề nghị", "phát động", "tăng cường",
)
# Small words that never continue a body's name ("của Bộ Tài chính nêu trên", "… tại Tờ trình …").
_ISSUER_STOP_WORDS = (
    "về", "v/v", "ngày", "và", "hoặc", "số", "tại", "theo", "kèm", "nêu", "đã", "đang", "sẽ", "có", "được",
    "bị", "trong", "với", "cho", "để", "khi", "thì", "là", "này", "đó", "năm", "từ", "đến", "trên", "qua",
    "cùng", "như", "nhằm", "gồm", "thay", "kể", "vì", "nhưng", "mà", "các", "những", "một", "sau",
    "trước", "về việc", "dated", "on", "of",
)
# Role words after a comma inside an issuer ("Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ").
_ROLES = ("Chủ nhiệm", "Chủ tịch", "Thủ trưởng", "Bộ trưởng", "Trưởng ban", "Tổng cục trưởng", "Cục trưởng",
          "Giám đốc", "Phó")

_S = r"[ \t\u00a0\u202f]"  # a space: line breaks that matter were made spaces, hard ones stop
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_MONTH_NUMBER = {name: i + 1 for i, name in enumerate(_MONTHS)}
# Dates as written: "15/8/2022", "28.12.2021", "15-8-2022" (one separator twice), "ngày 15 tháng 8 năm
# 2022" (also the typo "… tháng 9 tháng 2022"), and the English "November 19, 2025" of site translations.
_NGAY, _THANG, _NAM = ("(?:" + "|".join(sorted(_cases([w]))) + ")" for w in ("ngày", "tháng", "năm"))
_MONTH_NAMES = "(?:" + "|".join(sorted(_cases(_MONTHS))) + ")"
_DATE = (
    rf"(?:(?P<d>\d{{1,2}}){_S}?(?P<sep>[/.\-\u2013]){_S}?(?P<m>\d{{1,2}}){_S}?(?P=sep){_S}?(?P<y>\d{{4}})"
    rf"|(?P<wd>\d{{1,2}}){_S}*{_THANG}{_S}*(?P<wm>\d{{1,2}}){_S}*,?{_S}*(?:{_NAM}|{_THANG}){_S}*(?P<wy>\d{{4}})"
    rf"|(?P<en_m>{_MONTH_NAMES}){_S}+(?P<en_d>\d{{1,2}})(?:st|nd|rd|th)?,?{_S}+(?P<en_y>\d{{4}})"
    rf")(?!\d)"
)
_DATE_AFTER = (
    rf"{_S}*,?{_S}*(?:(?:{_NGAY}|ngay|(?:ban|Ban|BAN){_S}+(?:hành|HÀNH){_S}+{_NGAY}|dated|issued{_S}+on){_S}*)?{_DATE}"
)
# The place-and-date line of a header ("Bình Sơn, ngày 17 tháng 11 năm 2023", "Hanoi, November 19, 2025").
_PLACE_DATE = lazy_compile(
    rf"[^\W\d_]{_S}*,{_S}*(?:{_NGAY}{_S}*(?P<wd>\d{{1,2}}){_S}*{_THANG}{_S}*(?P<wm>\d{{1,2}}){_S}*,?{_S}*{_NAM}{_S}*"
    rf"(?P<wy>\d{{4}})|(?P<en_m>{_MONTH_NAMES}){_S}+(?P<en_d>\d{{1,2}}),?{_S}+(?P<en_y>\d{{4}}))"
)


@lru_cache(maxsize=8)
def _kind_patterns(kinds: KindTable) -> _KindPatterns:
    """Patterns for the kind words of a table, built once per table (not once per call).

    The kind word before a number is found by matching a reversed pattern at the start of the
    reversed preceding text: one attempt, instead of a search at every position. Word lists are
    case-sensitive tries (see :func:`_cases`, :func:`_alternation`), and each appears once in a
    pattern: they run for every citation, and compiling them is paid by every program that reads one.
    """
    forms = _cases(kinds.written_forms())
    end = r"(?![^\W\d_])"
    gap = _GAP_REVERSED
    so_r = _alternation(_cases(_SO_WORDS), reverse=True)
    kind_r = _alternation(forms, reverse=True, space=r"\s+")
    before = re.compile(
        # "Kế hoạch số 36", "Quyết định số: 5", "Decree No. 12", "Chỉ thị số số 03", "Quyết định 2108/…"
        rf"{gap}:?{gap}(?:(?P<so>(?:{so_r}{gap}){{1,2}}):?{gap})?(?P<kind>{kind_r}){end}"
        # a label alone: "Số: 733/BC-UBND", "Số hiệu: …", "No. 110/…", "theo số 2990/UBND-VX"
        rf"|{gap}:?{gap}(?P<label>{_alternation(_cases(_LABEL_WORDS), reverse=True)}){end}"
    )
    # "Luật Tổ chức chính quyền địa phương số 72/2025/QH15", "Law on Fees and Charges No. 97/2015/QH13":
    # a law named before its number, within its clause.
    law_before = re.compile(
        rf"{gap}:?{gap}{so_r}{gap}(?:[^\s;.:()|]+\s+){{0,14}}?(?P<law>{_alternation(_LAW_WORDS, reverse=True)}){end}"
    )
    upper = _VI_UPPER
    lower = _VI_LOWER
    # What ends an issuer phrase: a small word that is no part of a name, a title verb whatever its case,
    # a number, the next citation's kind word and number.
    small_stops = {w for w in _cases(_ISSUER_STOP_WORDS) | _cases(_VERB_LEADS) if w[:1].islower()}
    small_stops |= {t for t in _TITLE_LEADS if t != "giao"}  # "giao" is in "Bộ Ngoại giao"
    capital_stops = {w for w in _cases(_ISSUER_STOP_WORDS, small=False) | _cases(_VERB_LEADS) if w[:1].isupper()}
    stop = (
        rf"(?:(?={lower}){_alternation(small_stops)}{end}"
        rf"|(?={upper}){_alternation(capital_stops)}{end}|\d)"
    )
    word = r"[^\W\d_][^\s,;:.()\[\]“”\"'!?|/]*+"
    heads = _alternation(_cases(_ORG_HEADS, small=False))
    # Inside a name: spaces or a hyphen before a capital ("Lao động - Thương binh", "SÀI GÒN – BẾN TRE"),
    # then no stop; "và" before a capital ("Bộ Dân tộc và Tôn giáo"; one that opens another body or a
    # citation is cut off after the match, see _Finder._issuer); a comma before a role ("Bộ trưởng, Chủ
    # nhiệm …") or before the members of a name that ends "… và X" ("Bộ Văn hóa, Thể thao và Du lịch").
    separator = (
        rf"(?:(?:{_S}+|{_S}*[-\u2013]{_S}*(?={upper}))(?!{stop})"
        rf"|{_S}+(?:và|VÀ){_S}+(?={upper})"
        rf"|,{_S}+(?={_alternation(_ROLES)}{end})"
        rf"|,{_S}+(?={upper}{lower}*(?:{_S}+{lower}+){{0,8}}(?:,{_S}+{upper}{lower}*(?:{_S}+{lower}+){{0,8}}){{0,6}}"
        rf"{_S}+và{_S}+{upper}))"  # (bounded: a look-ahead runs at every comma)
    )
    issuer = (
        rf"{_S}*,?{_S}*(?:của|Của|CỦA|do|Do|DO){_S}+"
        rf"(?P<issuer>(?={heads}{end}|[{_CAP}][{_CAP}0-9&]+(?![^\W_])){word}(?:{separator}{word}){{0,15}})"
    )
    en_word = r"[A-Z][\w’'-]*"
    en_stop = r"(?:ON|ABOUT|REGARDING|GUIDING|PROVIDING|PRESCRIBING|AMENDING|PROMULGATING|DATED|No)(?![\w’'])"
    english_issuer = (
        rf"{_S}*,?{_S}*(?:of|OF|Of){_S}+(?:the|THE|The){_S}+"
        rf"(?P<en_issuer>(?:(?:Prime|PRIME){_S}+)?{_alternation(_cases(_ENGLISH_BODIES))}"
        rf"(?:{_S}+(?:(?:of|OF|and|AND|for|FOR){_S}+)?(?!{en_stop}){en_word}){{0,12}})"
    )
    # The date may come before the issuer ("ngày 15/8/2022 của UBND tỉnh") or after it; the
    # second copy of the date pattern has its groups renamed (b_d, b_m, …).
    second = re.sub(r"\(\?P([<=])(\w+)", r"(?P\1b_\2", _DATE_AFTER)
    # A blank date ("ngày tháng năm 2024", "ngày …/…/2024" in a draft) is read past, and gives no date.
    blank = rf"{_S}*,?{_S}*{_NGAY}(?:{_S}|[._…/])*{_THANG}(?:{_S}|[._…])*{_NAM}(?:{_S}*\d{{4}})?(?!\d)"
    after = rf"(?:(?P<date>{_DATE_AFTER})|{blank})?(?:{issuer}(?(date)|(?P<date2>{second})?)|{english_issuer})?"
    # Whether a title lead follows ("về việc …"): a look-ahead, so the title is read only where there is one.
    leads = {w for w in _cases(_TITLE_LEADS) if not w.isupper() or len(w) <= 3}  # "V/V", not "VỀ VIỆC"
    lead = rf"(?=(?P<lead>{_S}*[,:]?{_S}*{_alternation(leads)}{end}))?"
    # One pattern for the number, its symbol and what follows them: the part after the symbol is all
    # optional, so it never changes where the scan finds a number, and reading it costs no second call.
    scan = re.compile(rf"{_CORE.pattern}(?P<after>{after}){lead}")
    # A "và" or a kind word inside an issuer phrase that opens another body or the next citation: "của UBND
    # tỉnh và UBND huyện", "của UBND tỉnh Quyết định số …" (compiled when first needed).
    cut = (rf"{_S}+(?:(?:và|VÀ){_S}+(?=(?:{heads}|{_alternation(_cases(forms, small=False))}){end}"
           rf"|[{_CAP}][{_CAP}0-9&]+(?![^\W_]))|(?={_alternation(_cases(forms, small=False))}$))")
    kind_names: dict[str, str] = {}
    for form in forms:
        kind = kinds.by_name(form)
        if kind is not None:
            kind_names[form[::-1]] = kind.name
    return _KindPatterns(scan, rf"(?P<after>{after}){lead}", cut, before, law_before, kind_names)


def opens_with_title_lead(text: str) -> str | None:
    """The title lead ("Về việc", "Thực hiện", "V/v" …) *text* opens with, or None."""
    lead = _TITLE_LEAD_RE.match(text)
    return lead.group(0) if lead else None


_LIST_JOIN = lazy_compile(rf"{_S}*(?:,|;|và|hoặc|,{_S}*và){_S}*(?:(?:số){_S}*:?{_S}*)?", re.IGNORECASE)
_BULLET = lazy_compile(r"[ \t]*(?:[-*+•–]|\d{1,3}[.)]|[a-zđ][.)])[ \t]", re.IGNORECASE)
_BULLET_FIRST = frozenset(" \t-*+•–0123456789abcdefghijklmnopqrstuvwxyzđABCDEFGHIJKLMNOPQRSTUVWXYZĐ")
_SENTENCE_END = r"[.!?…](?=[\s)”\"]*(?:$|\n|[^\W\d_]*[A-ZĐÀ-Ỹ]))"
_SUBJECT_AFTER_COMMA = (
    r",\s*(?=(?:UBND|HĐND|Ủy ban|Uỷ ban|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Ban|Sở|Phòng|Hội|Đảng ủy|Đảng uỷ"
    r"|Thường trực|Chủ tịch|Theo đó|Trên cơ sở|Đồng thời)(?![^\W\d_]))"
)
# A title in running text: up to the end of its sentence, a ";", a "|", or a comma that opens the
# next clause with its subject (", UBND huyện đã ban hành …").
# What opens a title, and what does not: "… và 27/2022/NQ-HĐND", ". Ngày …" are the next item.
_TITLE_OPEN = rf"{_S}*[,:]?{_S}*(?![.;,)\]|\d]|(?:và|hoặc|hay|Và|Hoặc|Hay|VÀ)(?![^\W\d_]))(?P<title>"
_PROSE_TITLE = lazy_compile(rf"{_TITLE_OPEN}(?:[^.!?…;,|\n]+|(?!{_SENTENCE_END}|{_SUBJECT_AFTER_COMMA})[.!?…,])*)")
# A list item's title: the rest of the item (an appendix entry may hold more than one clause: "… năm
# 2023; nguồn ngân sách Trung ương, tỉnh và vốn đối ứng ngân sách huyện;").
_ITEM_TITLE = lazy_compile(rf"{_TITLE_OPEN}[^|\n]*)")
_REST_TITLE = lazy_compile(rf"{_TITLE_OPEN}[^\n]*)")  # parse_citation: the rest of the text
# A site's title line: "Quyết định 2536/QĐ-TTg ngày 20/11/2025 <title> do Thủ tướng Chính phủ ban hành".
_SITE_LINE_ISSUER = lazy_compile(
    rf"(?<![^\W\d_])do{_S}+(?P<issuer>[^\n|;]{{2,90}}?){_S}+(?:ban{_S}+hành|điện)[ \t\u00a0]*$"
)
_SITE_LINE_DATE = lazy_compile(rf"ngày{_S}*(?P<d>\d{{1,2}})/(?P<m>\d{{1,2}})/(?P<y>\d{{4}}){_S}*$")
_LABEL_STARTS = ("Số", "SỐ", "No", "NO")
_NEXT_NUMBER = frozenset("sS0123456789")  # what follows an issuer phrase cut at a kind word: "số", a number
_TITLE_MAX = 1000  # characters: the longest title read (real ones are under 400)
_LABELS_ALONE = frozenset({"số hiệu", "số", "số, ký hiệu", "số ký hiệu", "no."})


def _date_of(m: re.Match[str], prefix: str = "") -> tuple[_dt.date | None, WrittenDate | None]:
    """(date, None), or (None, the date as written) when no such day exists."""
    day, month, year = m.group(prefix + "d", prefix + "m", prefix + "y")
    if day is None:
        day, month, year = m.group(prefix + "wd", prefix + "wm", prefix + "wy")
        if day is None:
            day, year = m.group(prefix + "en_d", prefix + "en_y")
            month = str(_MONTH_NUMBER[m.group(prefix + "en_m").lower()])
    return _make_date(day, month, year)


@lru_cache(maxsize=4096)
def _make_date(day: str, month: str, year: str) -> tuple[_dt.date | None, WrittenDate | None]:
    """The date of day, month and year as written (cached: a text names the same days again and again)."""
    try:
        return _dt.date(int(year), int(month), int(day)), None
    except ValueError:
        return None, WrittenDate(int(day), int(month), int(year))


# How a citation stands among its neighbours, for grouping, sharing and identity (a plain tuple: one is
# made for every citation): joined to the one before in a list ("A và B ngày …"), its kind read from a
# word (not from the symbol), a header's or a site box's number, the label before it ("Số", "Số hiệu"),
# and where it starts and ends in the clean text.
_Place = tuple  # (joined, kind_written, header, label, clean_start, clean_end)
_JOINED, _KIND_WRITTEN, _HEADER, _LABEL, _CLEAN_START, _CLEAN_END = range(6)


class _Finder:
    """One pass over the clean text: every number with what stands before it and what follows it."""

    def __init__(self, text: str, kinds: KindTable, *, single: bool = False):
        self.text = text  # NFC
        self.kinds = kinds
        self.single = single
        self.patterns = _kind_patterns(kinds)
        self.clean, self.markup = _prepare(text)

    def find(self) -> tuple[list[Citation], list[_Place]]:
        clean = self.clean
        text = self.text
        kinds = self.kinds
        patterns = self.patterns
        before_match = patterns.before.match
        by_name = kinds.by_name
        kind_names = patterns.kind_names
        single = self.single
        markup_at = self.markup.at if self.markup else None
        citations: list[Citation] = []
        places: list[_Place] = []
        headers: list[int] = []
        previous_end = 0
        for m in _scan_matches(patterns.scan, clean):
            number_start = m.start()
            if number_start:
                glued = clean[number_start - 1]
                if glued in _GLUED or glued.isalnum():
                    continue  # "x36/KH", "1.5/KH", "2021-2025/…": part of something else
            sym, nsym, year_text, ptype, pissuer = m.group("sym", "nsym", "year", "ptype", "pissuer")
            year: int | None = None
            written, group = (sym, "sym") if sym is not None else (nsym, "nsym")  # N/SYMBOL or N/YYYY/SYMBOL
            if written is not None:
                read = _read_symbol(written, kinds)
                if read is None:
                    continue
                symbol, taken = read
                end = m.start(group) + taken
                whole = taken == len(written)
                if sym is None:
                    year = int(year_text)
            else:
                read = _read_symbol(pissuer, kinds)
                if read is None or not _token_ok(ptype, kinds):
                    continue
                symbol = ptype + "/" + read[0]
                end = m.start("pissuer") + read[1]
                whole = read[1] == len(pissuer)

            # --- before: the kind word and "số", or a label, within the block (paragraph, cell, item) ---
            window_start = max(previous_end, number_start - 60)
            line_break = clean.rfind("\n", window_start, number_start)
            block_start = line_break + 1 if line_break != -1 else -1  # -1: the block starts further back
            if line_break != -1:
                window_start = block_start
            kind: str | None = None
            label: str | None = None
            start = number_start
            back = before_match(clean[window_start:number_start][::-1])
            if back is not None:
                kind_word, label_word = back.group("kind", "label")
                if kind_word is not None:
                    kind = kind_names.get(kind_word)
                    if kind is None:  # written with other spaces ("Quyết⏎định")
                        found_kind = by_name(kind_word[::-1])
                        kind = found_kind.name if found_kind is not None else None
                    if kind is not None:
                        start = number_start - back.end()
                elif label_word is not None:
                    label = label_word[::-1]
                    start = number_start - back.end()
            kind_written = kind is not None
            if kind is None and year is not None and symbol.startswith("QH"):
                # A law's name may be wrapped on a short line ("Luật Tổ chức⏎Chính phủ số 63/2025/QH15"),
                # so it is looked for past the start of the block.
                law = patterns.law_before.match(clean[max(previous_end, number_start - 100) : number_start][::-1])
                if law is not None:
                    law_kind = by_name(law.group("law")[::-1])
                    kind = law_kind.name if law_kind else None
                    kind_written = kind is not None
            header = False
            if label is not None:
                if label[:2] in _LABEL_STARTS:
                    # A header's label: at the start of its line or cell, or after the issuer's name and its
                    # rule in a header flattened into one line ("CHÍNH PHỦ_______ Số: 171/2025/NĐ-CP | …").
                    ahead = clean[max(block_start, start - 40) : start].rstrip(" \t")
                    header = (block_start >= start - 40 and ahead.strip(" \t|_-•+#>") == "") or (
                        not ahead[-1:].isalnum() and ahead[-1:] not in ",;"
                        and (":" in clean[start:number_start] or "iệu" in label))
            elif kind is None:
                # a number in its own cell or line, under a label in the cell before ("Số hiệu:⏎|⏎2637/…")
                behind = clean[max(0, number_start - 40) : number_start].rstrip(" \t")
                above = behind.rstrip(" \t|\n")
                if len(above) < len(behind) and ("|" in behind[len(above):] or "\n" in behind[len(above):]):
                    above = above[above.rfind("\n") + 1 :].strip(" \t|#>")
                    if above.rstrip(":").strip().lower() in _LABELS_ALONE:
                        header = True
                        label = above
            joined = bool(
                previous_end and not kind_written and not header and number_start - previous_end <= 40
                and _LIST_JOIN.fullmatch(clean, previous_end, start) and clean.find("\n", previous_end, start) == -1
            )

            # --- after: date, issuer ---
            after = m if whole else patterns.after.match(clean, end)
            assert after is not None  # all of it is optional
            after_end = after.end("after")
            date: _dt.date | None = None
            invalid_date: WrittenDate | None = None
            issuer: str | None = None
            if after_end > end:
                if after.start("date") >= 0:
                    date, invalid_date = _date_of(after)
                elif after.start("date2") >= 0:
                    date, invalid_date = _date_of(after, "b_")
                issuer = after.group("issuer")
                if issuer is not None:
                    if " và " in issuer or " VÀ " in issuer or (
                            clean[after_end : after_end + 4].lstrip()[:1] in _NEXT_NUMBER):
                        cut = patterns.cut.search(issuer)
                        if cut is not None:  # "… và UBND huyện", "… Quyết định số 5": not this issuer
                            issuer = issuer[: cut.start()]
                            after_end = after.start("issuer") + len(issuer)
                    issuer = _tidy_issuer(issuer)
                else:
                    issuer = after.group("en_issuer")
                    if issuer is not None:
                        issuer = _tidy_issuer(issuer)
                end = after_end
            if markup_at is None:
                original_start, original_end = start, end
            else:  # back to the NFC text, past the marks taken out before each end
                original_start = start + bisect.bisect_right(markup_at, start)
                original_end = end + bisect.bisect_right(markup_at, end - 1)
            if kind_written and issuer is None and label is None and (
                    original_start == 0 or text[original_start - 1] == "\n"):
                site = self._site_line(original_start)
                if site is not None:
                    issuer = site[0]
                    if date is None and invalid_date is None:
                        date, invalid_date = site[1], site[2]

            # --- the title ---
            title: str | None = None
            if single:
                title = self._title(_REST_TITLE, end)
            else:
                # A list item: a number right after a bullet, or a dated citation opening its block (a
                # Word paragraph of an appendix has its numbering outside the text).
                if block_start != -1 and start - block_start <= 16 and (
                    clean[block_start] in _BULLET_FIRST
                    and (bullet := _BULLET.match(clean, block_start, start)) is not None and start - bullet.end() <= 3
                    or (start - block_start <= 3 and clean[block_start:start].strip(" \t|-•+") == ""
                        and (date is not None or invalid_date is not None))
                ):
                    title = self._title(_ITEM_TITLE, end)
                elif after.start("lead") >= 0:
                    title = self._title(_PROSE_TITLE, end)
            if header:
                headers.append(len(citations))
            previous_end = end
            citations.append(Citation(
                number=m.group("num"), symbol=symbol, kind=kind or _kind_of_symbol(symbol, year is not None, kinds),
                year=year, date=date, invalid_date=invalid_date, issuer=issuer, title=title,
                raw=text[original_start:original_end], start=original_start, end=original_end,
            ))
            places.append((joined, kind_written, header, label, start, end))
        for index in headers:
            self._header_date(citations, places, index)
        return citations, places

    def _header_date(self, citations: list[Citation], places: list[_Place], index: int) -> None:
        """The document's own "Số: 733/BC-UBND": its date is the place-and-date line of the header
        ("Bình Sơn, ngày 17 tháng 11 năm 2023"), a few lines below (not for a site's "Số hiệu" box)."""
        citation, label, clean_end = citations[index], places[index][_LABEL], places[index][_CLEAN_END]
        if citation.date is not None or citation.invalid_date is not None or not label \
                or label.lower().startswith(("số hiệu", "số, ký", "số ký")):
            return
        # not past the next citation
        bound = places[index + 1][_CLEAN_START] if index + 1 < len(places) else len(self.clean)
        place_date = _PLACE_DATE.search(self.clean, clean_end, min(bound, clean_end + 400))
        if place_date is None:
            return
        day, month, year, en_month = place_date.group("wd", "wm", "wy", "en_m")
        if day is None:
            day, year = place_date.group("en_d", "en_y")
            month = str(_MONTH_NUMBER[en_month.lower()])
        try:
            citations[index] = attrs.evolve(citation, date=_dt.date(int(year), int(month), int(day)))
        except ValueError:
            citations[index] = attrs.evolve(citation, invalid_date=WrittenDate(int(day), int(month), int(year)))

    def _site_line(self, line_start: int) -> tuple[str, _dt.date | None, WrittenDate | None] | None:
        """A site's title line, "<Kind> <number> <title> do <issuer> ban hành": (issuer, date, bad date)."""
        text = self.text
        line_end = text.find("\n", line_start)
        if line_end == -1:
            line_end = len(text)
        tail = text[max(line_start, line_end - 200) : line_end].replace("*", "")
        if " do " not in tail:
            return None
        match = _SITE_LINE_ISSUER.search(tail)
        if match is None:
            return None
        issuer = _tidy_issuer(match.group("issuer"))
        # "… cuối ngày 17/11/2025 do Văn phòng Chính phủ ban hành": the line's date
        dated = _SITE_LINE_DATE.search(tail, 0, match.start())
        if dated is None:
            return issuer, None, None
        day, month, year = int(dated.group("d")), int(dated.group("m")), int(dated.group("y"))
        try:
            return issuer, _dt.date(year, month, day), None
        except ValueError:
            return issuer, None, WrittenDate(day, month, year)

    def _title(self, pattern: re.Pattern[str], pos: int) -> str | None:
        """The title read by *pattern* from *pos*. A title may name other documents ("về việc triển khai
        Nghị quyết số 26/…"), so it is not cut at the next citation; its length is capped instead, which
        keeps the reading linear however many citations share one line."""
        found = pattern.match(self.clean, pos, pos + _TITLE_MAX)
        if found is None:
            return None
        title = found.group("title")
        if "  " in title or "\t" in title or "\u00a0" in title or "\u202f" in title:
            title = " ".join(title.split())
        return title.strip(" ;,.:_") or None


@lru_cache(maxsize=4096)
def _tidy_issuer(issuer: str) -> str:
    """The issuer phrase as a name: spaces folded; a name written in capitals ends where small letters
    start; after a place level ("tỉnh", "thành phố"), a capitalised word followed by small words opens
    the title ("… tỉnh Bình Phước Tách phòng …")."""
    if "  " in issuer or "\t" in issuer or "\u00a0" in issuer or "\u202f" in issuer:
        issuer = " ".join(issuer.split())
    if issuer.count(" ") < 3:
        return issuer.rstrip(" -–,")
    words = issuer.split(" ")
    if words[0].isupper() and words[1].isupper() and words[2].isupper():
        # "… BIA SÀI GÒN – BẾN TRE vướng mắc"
        cut = next((i for i, w in enumerate(words) if w[:1].islower()), len(words))
        words = words[:cut]
    level = _PLACE_LEVEL.search(issuer)
    if level is not None:
        j = issuer.count(" ", 0, level.end()) + 1  # the word after the level
        run = j
        while run < len(words) and words[run][:1].isupper():
            run += 1
        if run - j >= 2 and run < len(words) and words[run][:1].islower():
            words = words[: run - 1]
    return " ".join(words).rstrip(" -–,")


_PLACE_LEVEL = lazy_compile(
    r"(?<![^\W\d_])(?:tỉnh|huyện|xã|phường|quận|thành phố|thị xã|thị trấn|Tỉnh|Huyện|Thành phố|TỈNH|HUYỆN|THÀNH PHỐ)"
    r"(?= )"
)


# --- grouping, kinds, identity -------------------------------------------------------------------------

def _share(citations: list[Citation], places: list[_Place]) -> None:
    """Members of a list ("A và B ngày …") share the kind (from the first) and the date, issuer and
    title (from the last), where they lack their own."""
    i = 0
    count = len(citations)
    while i < count:
        j = i + 1
        while j < count and places[j][_JOINED]:
            j += 1
        if j - i > 1:
            first, last = citations[i], citations[j - 1]
            for k in range(i, j):
                c = citations[k]
                changes: dict[str, object] = {}
                if k > i and not places[k][_KIND_WRITTEN] and places[i][_KIND_WRITTEN]:
                    changes["kind"] = first.kind
                if k < j - 1 and c.date is None and c.invalid_date is None:
                    changes["date"], changes["invalid_date"] = last.date, last.invalid_date
                    if c.issuer is None:
                        changes["issuer"] = last.issuer
                    if c.title is None:
                        changes["title"] = last.title
                if changes:
                    citations[k] = attrs.evolve(c, **changes)  # type: ignore[arg-type]
        i = j


@lru_cache(maxsize=4096)
def _kind_of_symbol(symbol: str, normative: bool, kinds: KindTable) -> str | None:
    """The kind a symbol names when no kind word is written (cached: symbols repeat)."""
    scheme = scheme_of(symbol, 2000 if normative else None, None, kinds)
    if scheme is Scheme.CONG_VAN:
        return "Công văn"
    parts = symbol_parts(symbol)
    if scheme is Scheme.NORMATIVE and len(parts) == 1:
        return None  # 24/2021/QH15: Luật or Nghị quyết, the symbol does not say
    kind = kinds.by_abbr(parts[0], party=scheme is Scheme.PARTY) if parts else None
    return kind.name if kind is not None else None


def _identity_key(citation: Citation) -> tuple[str, int | None, tuple[str, ...]]:
    """What makes two mentions one document: number, year, and the parts of the symbol ("QĐ-UBND" and
    "QĐ/UBND" typed for it are the same)."""
    return citation.number, citation.year, tuple(symbol_parts(citation.symbol))


def _mark_identity(citations: list[Citation], places: list[_Place]) -> None:
    """The document's own number: the first number under a header label ("Số: …", "Số hiệu: …", "No.
    …"); every mention of the same number is the document itself, not a reference to another one."""
    own = next((citations[i] for i, place in enumerate(places) if place[_HEADER]), None)
    if own is None:
        return
    key = _identity_key(own)
    for i, citation in enumerate(citations):
        if citation.number == own.number and _identity_key(citation) == key:
            citations[i] = attrs.evolve(citation, identity=True)


def iter_citations(text: str, *, kinds: KindTable | None = None, _single: bool = False) -> Iterator[Citation]:
    """Yield the citations of *text* (normalised to NFC) in order of appearance."""
    _check_args(text, kinds)
    yield from _find(text, kinds, _single)


def _check_args(text: object, kinds: object) -> None:
    """The finder's arguments: ArgumentError (a TypeError) for anything but text and a kind table."""
    require("text", text, str)
    if kinds is not None:
        require("kinds", kinds, KindTable)


def _find(text: str, kinds: KindTable | None, single: bool) -> list[Citation]:
    try:
        kinds = kinds or default_kinds()
        citations, places = _Finder(nfc(text), kinds, single=single).find()
        _share(citations, places)
        if not single:
            _mark_identity(citations, places)
        return citations
    except RecursionError:  # pragma: no cover - defensive: finding never raises
        return []


def find_citations(text: str, *, kinds: KindTable | None = None) -> list[Citation]:
    """Every citation in *text*, in order. Never raises; spans are offsets in the NFC text.

    The document's own number is among them, flagged ``identity=True`` (see :func:`document_identity`).

    >>> [c.code for c in find_citations("Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022")]
    ['26/2022/NQ-HĐND', '27/2022/NQ-HĐND']
    >>> find_citations("21 xã, 182.672 người, 1,5 triệu đồng/khẩu/tháng")
    []
    """
    _check_args(text, kinds)
    return _find(text, kinds, False)


def document_identity(citations: Iterable[Citation]) -> Citation | None:
    """The document's own number and date, as read from its header: the first citation flagged
    ``identity`` that has a date, else the first one flagged; None when the header names none.

    >>> text = "Số: 733/BC-UBND\\n\\nBình Sơn, ngày 17 tháng 11 năm 2023\\n\\nThực hiện Kế hoạch số 36/KH-UBND"
    >>> document_identity(find_citations(text)).format()
    'Báo cáo số 733/BC-UBND ngày 17/11/2023'
    """
    first: Citation | None = None
    for citation in citations:
        if citation.identity:
            if citation.date is not None or citation.invalid_date is not None:
                return citation
            first = first or citation
    return first


def references(citations: Iterable[Citation]) -> list[Citation]:
    """The citations that refer to other documents: all but the document's own number."""
    return [c for c in citations if not c.identity]


def parse_code(text: str, *, kinds: KindTable | None = None) -> Citation:
    """A bare số and ký hiệu, as a registry writes it ("36/KH-UBND", "26/2022/NQ-HĐND", "1631-QĐ/HU"),
    read with the finder's own number-and-symbol pattern only: reading a registry of any size never
    builds the sentence patterns, which take a noticeable part of a second to compile.

    CitationError when *text* is not exactly one code (:func:`parse_citation` reads more).

    >>> parse_code("26/2022/NQ-HĐND").code, parse_code("1631-QĐ/HU").kind
    ('26/2022/NQ-HĐND', 'Quyết định')
    """
    _check_args(text, kinds)
    kinds = kinds or default_kinds()
    clean = nfc(text.strip())
    m = _CORE.fullmatch(clean)
    if m is None:
        raise CitationError("cite.not-a-citation", value=text)
    sym, nsym, year_text, ptype, pissuer = m.group("sym", "nsym", "year", "ptype", "pissuer")
    year = int(year_text) if nsym is not None else None
    written = sym if sym is not None else nsym if nsym is not None else pissuer
    read = _read_symbol(written, kinds)
    if read is None or read[1] != len(written) or (ptype is not None and not _token_ok(ptype, kinds)):
        raise CitationError("cite.not-a-citation", value=text)
    symbol = read[0] if ptype is None else ptype + "/" + read[0]
    return Citation(number=m.group("num"), symbol=symbol, kind=_kind_of_symbol(symbol, year is not None, kinds),
                    year=year, raw=clean, start=0, end=len(clean))


def parse_citation(text: str, *, kinds: KindTable | None = None) -> Citation:
    """Parse one citation that makes up *text*; the rest of the line after it is its title.

    >>> parse_citation("Kế hoạch số 36/KH-UBND ngày 20/02/2023").format()
    'Kế hoạch số 36/KH-UBND ngày 20/02/2023'
    """
    _check_args(text, kinds)
    for citation in iter_citations(text.strip(), kinds=kinds, _single=True):
        if nfc(text.strip())[: citation.start].strip(" \t-–•*:") == "":
            return citation
        break
    raise CitationError("cite.not-a-citation", value=text)
