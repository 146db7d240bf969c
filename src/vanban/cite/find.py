"""Finding citations in text as clerks write them.

One compiled pattern finds every number + symbol ("36/KH-UBND", "26/2022/NQ-HĐND",
"1631-QĐ/HU", "1819 /UBND-VX"); everything else is read around each hit, within its own
sentence or list item: the kind word and "số" before it, then the date, the issuer phrase
("của UBND tỉnh") and the title ("về việc …") after it. Lists that share one kind and date
("Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022") give one citation per
number, each with the shared parts.

Finding never raises: any text gives a (possibly empty) list.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

import attrs

from .citation import Citation, CitationError, Scheme, scheme_of, symbol_parts
from ..base.dates import DATE_RE, WrittenDate, written_date_from_match
from .kinds import KindTable, default_kinds
from ..base.text import clean_spaces, nfc

__all__ = ["find_citations", "parse_citation", "iter_citations", "opens_with_title_lead"]

_UPPER = "A-ZĐ"
_LOWER = "a-zđ"
# A symbol token: capital first, latin letters, Đ, digits, "&". It must end at a non-letter
# ("Tổ" is a word, not the token "T"), and it must look like an abbreviation (checked below).
_TOKEN = rf"[{_UPPER}][{_UPPER}{_LOWER}0-9&]*(?![^\W_])"
_DASH = r"\s?[-\u2010\u2011\u2013]\s?"
# Inside a symbol: a hyphen, or " -X" as typed in "1315/VBHN -BLĐTBXH" (a space after the
# hyphen too would let "1903/UBND - UBND huyện" run on, so that form is not read).
_HYPHEN = r"(?:[-\u2010\u2011\u2013]|[ ][-\u2013](?=\S))"  # "[ ]": the pattern is verbose
_SYMBOL = rf"{_TOKEN}(?:{_HYPHEN}{_TOKEN})*"
_CORE = re.compile(
    rf"""
    (?P<num>\d{{1,5}}[a-z]?)   # "36", "30a" (30a/2008/NQ-CP). That it is not glued to a word,
                              # "/", "." or "," is checked in Python: a leading look-behind
                              # would cost the scan its fast search for the first digit.
    (?:
        \s?/\s?(?P<year>(?:19|20)\d\d)\s?/\s?(?P<nsym>{_SYMBOL})      # 26/2022/NQ-HĐND
      | {_DASH}(?P<ptype>{_TOKEN})\s?/\s?(?P<pissuer>{_SYMBOL})      # 1631-QĐ/HU
      | \s?/\s?(?P<sym>{_SYMBOL})                                     # 36/KH-UBND, 2990/UBND-VX
    )
    """,
    re.VERBOSE,
)

_GLUED = frozenset("/.,-\u2013_")
# Small letters (Vietnamese included): a line that starts with one continues the sentence above
# it — text copied from a PDF or a web page is wrapped at arbitrary places.
_LOWER_CHARS = "".join(sorted({c for c in map(chr, range(0x61, 0x1F00)) if c.islower() and c.isalpha()}))
_SOFT_WRAP = rf"\n(?=[{_LOWER_CHARS}])"
# spaces, a Markdown hard line break inside a paragraph ("  \n"), or a soft wrap
_GAP = rf"(?:[ \t\u00a0\u202f]|  \n|{_SOFT_WRAP})*"
_DATE_AFTER_PATTERN = rf"{_GAP},?{_GAP}(?:(?:ngày|ngay|ban hành ngày){_GAP})?(?:{DATE_RE.pattern})"
_PLACE_DATE = re.compile(  # "Bình Sơn, ngày 17 tháng 11 năm 2023" on its own line or table cell
    r"(?:\n|\|)[ \t*_#]*[^\W\d_][^\n,;:|]{1,40},\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_LIST_JOIN = re.compile(rf"{_GAP}(?:,|;|và|hoặc|,{_GAP}và){_GAP}(?:(?:số){_GAP})?$", re.IGNORECASE)
_BULLET_LINE = re.compile(r"(?:^|\n)[ \t]*(?:[-*+•–]|\d{1,3}[.)]|[a-zđ][.)])[ \t]+(?:\*\*|\*|_)?[^\n]{0,3}$", re.IGNORECASE)

# Words that open an issuer phrase after "của". An all-capitals token (UBND, HĐND) also does.
_ORG_HEADS = (
    "ủy ban", "uỷ ban", "hội đồng", "sở", "ban", "bộ", "hội", "huyện ủy", "huyện uỷ", "tỉnh ủy",
    "tỉnh uỷ", "thành ủy", "thành uỷ", "thị ủy", "thị uỷ", "đảng ủy", "đảng uỷ", "thủ tướng",
    "chính phủ", "quốc hội", "phòng", "văn phòng", "trung ương", "tòa án", "toà án", "viện",
    "mặt trận", "liên đoàn", "đoàn", "chủ tịch", "thường trực", "tổng cục", "cục", "chi cục",
    "kho bạc", "ngân hàng", "công an", "bộ chỉ huy", "huyện đoàn", "tỉnh đoàn", "ủy ban nhân dân",
    "thanh tra", "trường", "trung tâm", "bảo hiểm",
)
# Title openings. Case-insensitive ones also stop an issuer phrase whatever their case.
_TITLE_LEADS = (
    "về việc", "v/v", "về", "thực hiện", "triển khai", "phê duyệt", "ban hành", "thành lập",
    "kiện toàn", "quy định", "hướng dẫn", "phân khai", "phân bổ", "giao", "tổ chức", "kiểm tra",
    "giám sát", "tăng cường", "đẩy mạnh", "đẩy nhanh", "chỉ đạo", "truyền thông", "hỗ trợ",
    "sửa đổi", "bổ sung", "bãi bỏ", "điều chỉnh", "rà soát", "công nhận", "sơ kết", "tổng kết",
    "phát động", "tiếp tục", "nâng cao", "xây dựng", "phê chuẩn", "đính chính", "thông qua",
    "quy chế", "phương án", "kế hoạch", "chương trình", "cho phép", "bố trí", "tạm ứng",
    "thu hồi", "khen thưởng", "công bố", "ủy quyền", "uỷ quyền", "cử", "đề nghị", "góp ý",
)
_TITLE_LEAD_RE = re.compile(
    r"(?:" + "|".join(sorted((re.escape(t) for t in _TITLE_LEADS), key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)


def opens_with_title_lead(text: str) -> str | None:
    """The title lead ("Về việc", "Thực hiện", "V/v" …) *text* opens with, or None."""
    lead = _TITLE_LEAD_RE.match(text)
    return lead.group(0) if lead else None


_NOT_TITLE_START = re.compile(r"[.;,)\]]|(?:và|hoặc|hay)(?![^\W\d_])|\d", re.IGNORECASE)
_ISSUER_WORD = r"[^\s,;:.()\[\]“”\"'!?]+"
_ISSUER_SEP = r"[ \t\u00a0]*(?:-|–|&)?[ \t\u00a0]*"
_TITLE_GAP = re.compile(r"[ \t\u00a0]*[,:]?[ \t\u00a0]*")
_JOIN_GAP = re.compile(rf"{_GAP}(?:,|và|;)?{_GAP}(?:số)?{_GAP}", re.IGNORECASE)
_SYMBOL_SPLIT = re.compile(r"[-/\u2010\u2011\u2013]")
_LOWER_LEADS = "|".join(sorted((re.escape(t) for t in _TITLE_LEADS if t[:1].islower()), key=len, reverse=True))
_SENTENCE_END = r"[.!?…](?=[\s*_)”\"]*(?:$|\n|[^\W\d_]*[A-ZĐÀ-Ỹ]))"
_SUBJECT_AFTER_COMMA = (
    r",\s*(?=(?:UBND|HĐND|Ủy ban|Uỷ ban|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Ban|Sở|Phòng|Hội|Đảng ủy|Đảng uỷ"
    r"|Thường trực|Chủ tịch|Theo đó|Trên cơ sở|Đồng thời)(?![^\W\d_]))"
)
# A title in running text: everything up to the end of its sentence, a ";", or a comma that
# opens the next clause with its subject (", UBND huyện đã ban hành …").
_PROSE_TITLE = re.compile(rf"(?:[^.!?…;,]+|(?!{_SENTENCE_END}|{_SUBJECT_AFTER_COMMA})[.!?…,])*")


@attrs.define
class _Hit:
    citation_fields: dict[str, object]
    start: int
    end: int
    joined_to_previous: bool


def _token_ok(token: str, kinds: KindTable) -> bool:
    """An abbreviation, not a word: more capitals than small letters (CTr, QyĐ, TTr, QĐi)."""
    upper = sum(1 for c in token if c.isupper())
    lower = sum(1 for c in token if c.islower())
    if upper <= lower:
        return False
    return len(token) >= 2 or kinds.is_kind_abbr(token)


@lru_cache(maxsize=4096)
def _symbol_ok(symbol: str, kinds: KindTable) -> bool:
    """Every part of the symbol is an abbreviation (cached: symbols repeat a great deal)."""
    return all(_token_ok(t, kinds) for t in _SYMBOL_SPLIT.split(symbol) if t)


_SYMBOL_DASHES = str.maketrans({"\u2013": "-", "\u2010": "-", "\u2011": "-"})


def _norm_symbol(symbol: str) -> str:
    if " " in symbol or "\n" in symbol or "\t" in symbol or "\u00a0" in symbol:
        symbol = "".join(symbol.split())
    return symbol.translate(_SYMBOL_DASHES)


@attrs.frozen
class _KindPatterns:
    before: re.Pattern[str]  # matched at 0 on the REVERSED text before a number
    after: re.Pattern[str]  # "ngày …", "của …" and a date after the issuer, in one match


@lru_cache(maxsize=8)
def _kind_patterns(kinds: KindTable) -> _KindPatterns:
    """Patterns for the kind words of a table, built once per table (not once per call).

    The kind word before a number is found by matching a reversed pattern at the start of
    the reversed preceding text: one attempt, instead of a search at every position.
    """
    forms = kinds.written_forms()
    reversed_words = "|".join(re.escape(f[::-1]).replace(r"\ ", r"\s+") for f in forms)
    gap_reversed = r"(?:[ \t\u00a0\u202f]|\n  )*"
    before = re.compile(
        rf"{gap_reversed}:?\s*(?:(?:ốs|os)\s*)?(?P<kind>{reversed_words})(?![^\W\d_])"
        rf"|{gap_reversed}:?\s*(?:ốs|os)(?![^\W\d_])",
        re.IGNORECASE,
    )
    words = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in forms)
    # An issuer phrase ends before a title lead, a list joiner, "số", a number or a date, or
    # the kind word of the next citation; it opens with an organisation word or an abbreviation.
    stop = (
        r"(?:(?i:về|v/v|thực\s+hiện|ngày|và|hoặc|số|tại|theo|kèm)(?![^\W\d_])"
        rf"|(?:{_LOWER_LEADS})(?![^\W\d_])|\d|(?i:{words})\s*(?:(?i:số)\s*:?\s*)?\d)"
    )
    heads = "|".join(sorted((re.escape(h) for h in _ORG_HEADS), key=len, reverse=True))
    issuer = (
        rf"{_GAP},?{_GAP}(?i:của){_GAP}"
        rf"(?P<issuer>(?=(?i:{heads})(?![^\W\d_])|[{_UPPER}][{_UPPER}0-9&]+(?![^\W_]))"
        rf"{_ISSUER_WORD}(?:{_ISSUER_SEP}(?!{stop}){_ISSUER_WORD}){{0,13}})"
    )
    # The date may come before the issuer ("ngày 15/8/2022 của UBND tỉnh") or after it; the
    # second copy of the date pattern has its groups renamed (b_d, b_m, …).
    second = re.sub(r"\(\?P([<=])(\w+)", r"(?P\1b_\2", _DATE_AFTER_PATTERN)
    after = re.compile(rf"(?P<date>(?i:{_DATE_AFTER_PATTERN}))?(?:{issuer}(?(date)|(?P<date2>(?i:{second}))?))?")
    return _KindPatterns(before, after)


class _Finder:
    def __init__(self, text: str, kinds: KindTable, *, single: bool = False):
        self.text = text
        self.kinds = kinds
        self.single = single
        self.patterns = _kind_patterns(kinds)

    # --- around the core ------------------------------------------------------------------
    def _line_bounds(self, pos: int) -> tuple[int, int]:
        """The paragraph or list item around *pos*: its line, with the lines a Markdown hard
        break ("  \\n") or a soft wrap (the next line starts with a small letter) join to it."""
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        while start > 0 and (text[start - 3 : start - 1] == "  " or text[start : start + 1].islower()):
            start = text.rfind("\n", 0, start - 1) + 1
        end = text.find("\n", pos)
        while end != -1 and (text[end - 2 : end] == "  " or text[end + 1 : end + 2].islower()):
            end = text.find("\n", end + 1)
        return start, (len(text) if end == -1 else end)

    def _kind_before(self, core_start: int, line_start: int) -> tuple[str | None, int, bool]:
        """(kind name, start of the citation, whether a kind word was written)."""
        window_start = max(line_start, core_start - 48)
        match = self.patterns.before.match(self.text[window_start:core_start][::-1])
        if match is None:
            return None, core_start, False
        kind_word = match.group("kind")
        start = core_start - match.end()
        if kind_word is not None:
            kind_word = kind_word[::-1]
        if kind_word is None:
            return None, start, False
        kind = self.kinds.by_name(kind_word)
        return (kind.name if kind else None), start, kind is not None

    def _title_after(self, pos: int, line_end: int, list_item: bool) -> tuple[str | None, int]:
        text = self.text
        lead = _TITLE_GAP.match(text, pos, line_end)
        begin = lead.end() if lead else pos
        if begin >= line_end:
            return None, pos
        if _NOT_TITLE_START.match(text, begin, line_end):
            return None, pos  # "… và 27/2022/NQ-HĐND", ". Ngày …": the next item, not a title
        if not (self.single or list_item or _TITLE_LEAD_RE.match(text, begin, line_end)):
            return None, pos
        if self.single or list_item:
            end = line_end
        else:
            # In running text the title ends with its sentence, at ";", or at ", UBND …"
            # opening the next clause: one match call that stops there.
            found = _PROSE_TITLE.match(text, begin, line_end)
            end = found.end() if found else line_end
        title = clean_spaces(text[begin:end]).strip(" ;,.:*_")
        if not title:
            return None, pos
        return title, end

    # --- main loop --------------------------------------------------------------------------
    def hits(self) -> Iterator[_Hit]:
        text = self.text
        kinds = self.kinds
        previous_end = -1
        for m in _CORE.finditer(text):
            if m.start() and text[m.start() - 1] in _GLUED or text[m.start() - 1 : m.start()].isalnum():
                continue  # "x36/KH", "1.5/KH", "2021-2025/…": part of something else
            year_text, nsym, ptype, pissuer, sym = m.group("year", "nsym", "ptype", "pissuer", "sym")
            year: int | None = None
            if year_text:
                symbol = _norm_symbol(nsym)
                year = int(year_text)
            elif ptype:
                symbol = _norm_symbol(ptype + "/" + pissuer)
            else:
                symbol = _norm_symbol(sym)
            if not _symbol_ok(symbol, kinds):
                continue
            line_start, line_end = self._line_bounds(m.start())
            kind, start, has_kind = self._kind_before(m.start(), line_start)
            joined = False
            if not has_kind and previous_end >= 0 and previous_end >= line_start:
                between = text[previous_end:m.start()]
                joined = bool(_LIST_JOIN.fullmatch(between)) or (
                    bool(_JOIN_GAP.fullmatch(between)) and between.strip() != ""
                )
            # A bullet can only stand in the first few characters of the line.
            bullet = start - line_start <= 16 and _BULLET_LINE.search(text, line_start, start) is not None
            # (a "|" opens a table cell of text flattened from a table)
            at_line_start = start - line_start <= 3 and text[line_start:start].strip(" \t*_-•+|") == ""
            fields: dict[str, object] = {"number": m.group("num"), "symbol": symbol, "kind": kind, "year": year}
            after = self.patterns.after.match(text, m.end(), line_end)
            end = after.end() if after.end() > m.end() else m.end()  # type: ignore[union-attr]
            if after.start("date") >= 0:  # type: ignore[union-attr]
                self._set_date(fields, written_date_from_match(after))  # type: ignore[arg-type]
            elif after.start("date2") >= 0:  # type: ignore[union-attr]
                self._set_date(fields, written_date_from_match(after, prefix="b_"))  # type: ignore[arg-type]
            elif at_line_start and text[start : start + 2].lower() == "số":
                # The document's own "Số: 733/BC-UBND": its date is the place-and-date line of
                # the header ("Bình Sơn, ngày 17 tháng 11 năm 2023"), a few lines below.
                header = _PLACE_DATE.search(text, m.end(), line_end + 400)
                if header:
                    self._set_date(fields, written_date_from_match(header))
            issuer = after.group("issuer")  # type: ignore[union-attr]
            if issuer:
                fields["issuer"] = clean_spaces(issuer)
            # A list item: after a bullet, or a dated citation opening its own line (a Word
            # paragraph of an appendix has its numbering outside the text).
            dated = "date" in fields or "invalid_date" in fields
            list_item = not self.single and (
                (bullet and start - line_start <= 12) or (at_line_start and dated)
            )
            title, _ = self._title_after(end, line_end, list_item)
            if title:
                fields["title"] = title
            previous_end = end
            yield _Hit(fields, start, end, joined)

    @staticmethod
    def _set_date(fields: dict[str, object], written: WrittenDate) -> None:
        value = written.value
        if value is None:
            fields["invalid_date"] = written
        else:
            fields["date"] = value


def _group(hits: list[_Hit]) -> list[list[_Hit]]:
    groups: list[list[_Hit]] = []
    for hit in hits:
        if groups and hit.joined_to_previous:
            groups[-1].append(hit)
        else:
            groups.append([hit])
    return groups


def _share(group: list[_Hit]) -> None:
    """Members of "A và B ngày …" share the kind (from the first) and the date, issuer and
    title (from the last), where they lack their own."""
    first, last = group[0].citation_fields, group[-1].citation_fields
    for hit in group[1:]:
        if hit.citation_fields.get("kind") is None:
            hit.citation_fields["kind"] = first.get("kind")
    for hit in group[:-1]:
        fields = hit.citation_fields
        own_date = "date" in fields or "invalid_date" in fields
        if not own_date:
            for name in ("date", "invalid_date"):
                if name in last:
                    fields[name] = last[name]
            for name in ("issuer", "title"):
                if name in last and name not in fields:
                    fields[name] = last[name]


def _infer_kind(fields: dict[str, object], kinds: KindTable) -> None:
    if fields.get("kind"):
        return
    symbol = str(fields["symbol"])
    scheme = scheme_of(symbol, fields.get("year"), None, kinds)  # type: ignore[arg-type]
    if scheme is Scheme.CONG_VAN:
        fields["kind"] = "Công văn"
        return
    parts = symbol_parts(symbol)
    if scheme is Scheme.NORMATIVE and len(parts) == 1:
        return  # 24/2021/QH15: Luật or Nghị quyết, the symbol does not say
    kind = kinds.by_abbr(parts[0], party=scheme is Scheme.PARTY) if parts else None
    if kind is not None:
        fields["kind"] = kind.name


def iter_citations(text: str, *, kinds: KindTable | None = None, _single: bool = False) -> Iterator[Citation]:
    """Yield the citations of *text* (normalised to NFC) in order of appearance."""
    try:
        kinds = kinds or default_kinds()
        text = nfc(text)
        finder = _Finder(text, kinds, single=_single)
        hits = list(finder.hits())
        for group in _group(hits):
            if len(group) > 1:
                _share(group)
            for hit in group:
                _infer_kind(hit.citation_fields, kinds)
                yield Citation(
                    raw=text[hit.start : hit.end], start=hit.start, end=hit.end, **hit.citation_fields  # type: ignore[arg-type]
                )
    except RecursionError:  # pragma: no cover - defensive: finding never raises
        return


def find_citations(text: str, *, kinds: KindTable | None = None) -> list[Citation]:
    """Every citation in *text*, in order. Never raises; spans are offsets in the NFC text.

    >>> [c.code for c in find_citations("Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022")]
    ['26/2022/NQ-HĐND', '27/2022/NQ-HĐND']
    >>> find_citations("21 xã, 182.672 người, 1,5 triệu đồng/khẩu/tháng")
    []
    """
    return list(iter_citations(text, kinds=kinds))


def parse_citation(text: str, *, kinds: KindTable | None = None) -> Citation:
    """Parse one citation that makes up *text*; the rest of the line after it is its title.

    >>> parse_citation("Kế hoạch số 36/KH-UBND ngày 20/02/2023").format()
    'Kế hoạch số 36/KH-UBND ngày 20/02/2023'
    """
    for citation in iter_citations(text.strip(), kinds=kinds, _single=True):
        if nfc(text.strip())[: citation.start].strip(" \t-–•*:") == "":
            return citation
        break
    raise CitationError("cite.not-a-citation", value=text)
