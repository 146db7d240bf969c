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

from .citation import Citation, CitationError
from .dates import DATE_RE, written_date_from_match
from .kinds import KindTable, default_kinds
from .text import clean_spaces, nfc

__all__ = ["find_citations", "parse_citation", "iter_citations"]

_UPPER = "A-ZĐ"
_LOWER = "a-zđ"
# A symbol token: capital first, latin letters, Đ, digits, "&". It must end at a non-letter
# ("Tổ" is a word, not the token "T"), and it must look like an abbreviation (checked below).
_TOKEN = rf"[{_UPPER}][{_UPPER}{_LOWER}0-9&]*(?![^\W_])"
_DASH = r"\s?[-\u2010\u2011\u2013]\s?"
_HYPHEN = r"[-\u2010\u2011\u2013]"
_SYMBOL = rf"{_TOKEN}(?:{_HYPHEN}{_TOKEN})*"
_CORE = re.compile(
    rf"""
    (?<![\w/.,\u2013-])(?P<num>\d{{1,5}})
    (?:
        \s?/\s?(?P<year>(?:19|20)\d\d)\s?/\s?(?P<nsym>{_SYMBOL})      # 26/2022/NQ-HĐND
      | {_DASH}(?P<ptype>{_TOKEN})\s?/\s?(?P<pissuer>{_SYMBOL})      # 1631-QĐ/HU
      | \s?/\s?(?P<sym>{_SYMBOL})                                     # 36/KH-UBND, 2990/UBND-VX
    )
    """,
    re.VERBOSE,
)

_GAP = r"(?:[ \t\u00a0\u202f]|  \n)*"  # spaces, or a Markdown hard line break inside a paragraph
_DATE_AFTER = re.compile(rf"{_GAP},?{_GAP}(?:(?:ngày|ngay|ban hành ngày){_GAP})?(?:{DATE_RE.pattern})", re.IGNORECASE)
_OF = re.compile(rf"{_GAP},?{_GAP}của{_GAP}", re.IGNORECASE)
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
_ORG_HEAD_RE = re.compile(
    r"(?:" + "|".join(sorted((re.escape(h) for h in _ORG_HEADS), key=len, reverse=True)) + r")(?![^\W\d_])",
    re.IGNORECASE,
)
_ABBR_HEAD_RE = re.compile(rf"[{_UPPER}][{_UPPER}0-9&]+(?![^\W_])")
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
_NOT_TITLE_START = re.compile(r"[.;,)\]]|(?:và|hoặc|hay)(?![^\W\d_])|\d", re.IGNORECASE)
# Words that end an issuer phrase: a list joiner, "số", a number (the next citation).
_ISSUER_END = re.compile(r"(?:và|hoặc|số|tại|theo|kèm)(?![^\W\d_])|\d", re.IGNORECASE)
_ALWAYS_STOP = re.compile(r"(?:về|v/v|thực hiện|ngày)(?![^\W\d_])", re.IGNORECASE)
_ISSUER_WORD = re.compile(r"[^\s,;:.()\[\]“”\"'!?]+")
_SENTENCE_END = re.compile(r"[.!?…](?=[\s*_)”\"]*(?:$|\n|[^\W\d_]*[A-ZĐÀ-Ỹ]))")
_SUBJECT_AFTER_COMMA = re.compile(
    r",\s*(?=(?:UBND|HĐND|Ủy ban|Uỷ ban|Huyện ủy|Huyện uỷ|Tỉnh ủy|Tỉnh uỷ|Ban|Sở|Phòng|Hội|Đảng ủy|Đảng uỷ|Thường trực|Chủ tịch|Theo đó|Trên cơ sở|Đồng thời)(?![^\W\d_]))"
)


@attrs.define
class _Hit:
    citation_fields: dict[str, object]
    start: int
    core_start: int
    core_end: int
    end: int
    has_kind: bool
    joined_to_previous: bool
    list_item: bool


def _token_ok(token: str, kinds: KindTable) -> bool:
    """An abbreviation, not a word: more capitals than small letters (CTr, QyĐ, TTr, QĐi)."""
    upper = sum(1 for c in token if c.isupper())
    lower = sum(1 for c in token if c.islower())
    if upper <= lower:
        return False
    return len(token) >= 2 or kinds.is_kind_abbr(token)


def _symbol_ok(symbol: str, kinds: KindTable) -> bool:
    return all(_token_ok(t, kinds) for t in re.split(r"[-/\u2010\u2011\u2013]", symbol) if t)


def _norm_symbol(symbol: str) -> str:
    return re.sub(r"\s+", "", symbol).replace("\u2013", "-").replace("\u2010", "-").replace("\u2011", "-")


@lru_cache(maxsize=8)
def _kind_patterns(kinds: KindTable) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Patterns for the kind words of a table, built once per table (not once per call)."""
    words = "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in kinds.written_forms())
    before = re.compile(
        rf"(?<![^\W\d_])(?P<kind>{words})\s*(?:số|so)?\s*:?{_GAP}$|(?<![^\W\d_])(?:số|so)\s*:?{_GAP}$",
        re.IGNORECASE,
    )
    start = re.compile(rf"(?:{words})\s*(?:số\s*:?\s*)?\d", re.IGNORECASE)
    return before, start


class _Finder:
    def __init__(self, text: str, kinds: KindTable, *, single: bool = False):
        self.text = text
        self.kinds = kinds
        self.single = single
        self.kind_before, self.kind_start = _kind_patterns(kinds)

    # --- around the core ------------------------------------------------------------------
    def _line_bounds(self, pos: int) -> tuple[int, int]:
        text = self.text
        start = text.rfind("\n", 0, pos) + 1
        # A Markdown hard break ("  \n") continues the paragraph.
        while start >= 3 and text[start - 3 : start - 1] == "  ":
            start = text.rfind("\n", 0, start - 1) + 1
        end = text.find("\n", pos)
        while end != -1 and text[end - 2 : end] == "  ":
            end = text.find("\n", end + 1)
        return start, (len(text) if end == -1 else end)

    def _kind_before(self, core_start: int, line_start: int) -> tuple[str | None, int, bool]:
        """(kind name, start of the citation, whether a kind word was written)."""
        window_start = max(line_start, core_start - 48)
        window = self.text[window_start:core_start]
        match = self.kind_before.search(window)
        if match is None:
            return None, core_start, False
        kind_word = match.group("kind")
        start = window_start + match.start()
        if kind_word is None:
            return None, start, False
        kind = self.kinds.by_name(kind_word)
        return (kind.name if kind else None), start, kind is not None

    def _issuer_after(self, pos: int, limit: int) -> tuple[str | None, int]:
        match = _OF.match(self.text, pos, limit)
        if match is None:
            return None, pos
        begin = match.end()
        if _ORG_HEAD_RE.match(self.text, begin, limit) is None and _ABBR_HEAD_RE.match(self.text, begin, limit) is None:
            return None, pos
        words: list[tuple[int, int]] = []
        cursor = begin
        while cursor < limit and len(words) < 14:
            gap = re.compile(r"[ \t\u00a0]*(?:-|–|&)?[ \t\u00a0]*").match(self.text, cursor, limit)
            wstart = gap.end() if gap else cursor
            if words and (_ALWAYS_STOP.match(self.text, wstart, limit) or self._lower_lead(wstart, limit)
                          or _ISSUER_END.match(self.text, wstart, limit) or self._kind_word_at(wstart, limit)):
                break
            word = _ISSUER_WORD.match(self.text, wstart, limit)
            if word is None:
                break
            if words and DATE_RE.match(self.text, wstart, limit):
                break
            words.append((wstart, word.end()))
            cursor = word.end()
        if not words:
            return None, pos
        end = words[-1][1]
        return clean_spaces(self.text[begin:end]), end

    def _kind_word_at(self, pos: int, limit: int) -> bool:
        """A kind word followed by "số" or a number starts the next citation, not an issuer word."""
        match = self.kind_start.match(self.text, pos, limit)
        return match is not None

    def _lower_lead(self, pos: int, limit: int) -> bool:
        match = _TITLE_LEAD_RE.match(self.text, pos, limit)
        return match is not None and match.group(0)[:1].islower()

    def _title_after(self, pos: int, line_end: int, list_item: bool) -> tuple[str | None, int]:
        text = self.text
        lead = re.compile(r"[ \t\u00a0]*[,:]?[ \t\u00a0]*").match(text, pos, line_end)
        begin = lead.end() if lead else pos
        if begin >= line_end:
            return None, pos
        if _NOT_TITLE_START.match(text, begin, line_end):
            return None, pos  # "… và 27/2022/NQ-HĐND", ". Ngày …": the next item, not a title
        starts_with_lead = _TITLE_LEAD_RE.match(text, begin, line_end) is not None
        if not (self.single or list_item or starts_with_lead):
            return None, pos
        if self.single or list_item:
            end = line_end
        else:
            end = line_end
            for pattern in (_SENTENCE_END, _SUBJECT_AFTER_COMMA):
                found = pattern.search(text, begin, end)
                if found:
                    end = found.start()
            semi = text.find(";", begin, end)
            if semi != -1:
                end = semi
        title = clean_spaces(text[begin:end]).rstrip(" ;,.:*_").strip()
        title = title.strip("*_ ").strip()
        if not title:
            return None, pos
        return title, end

    # --- main loop --------------------------------------------------------------------------
    def hits(self) -> Iterator[_Hit]:
        text = self.text
        kinds = self.kinds
        previous_end = -1
        for m in _CORE.finditer(text):
            if m.group("year"):
                symbol = _norm_symbol(m.group("nsym"))
                year: int | None = int(m.group("year"))
                if not _symbol_ok(symbol, kinds):
                    continue
            elif m.group("ptype"):
                symbol = _norm_symbol(m.group("ptype") + "/" + m.group("pissuer"))
                year = None
                if not _symbol_ok(symbol, kinds):
                    continue
                # "2021-2025/…" or "Covid-19/…" are not Party numbers: the type must be a kind.
                if not kinds.is_kind_abbr(m.group("ptype"), party=True) and not _token_ok(m.group("ptype"), kinds):
                    continue
            else:
                symbol = _norm_symbol(m.group("sym"))
                year = None
                if not _symbol_ok(symbol, kinds):
                    continue
            line_start, line_end = self._line_bounds(m.start())
            kind, start, has_kind = self._kind_before(m.start(), line_start)
            joined = False
            if not has_kind and previous_end >= 0 and previous_end >= line_start:
                between = text[previous_end:m.start()]
                joined = bool(_LIST_JOIN.fullmatch(between)) or bool(
                    re.fullmatch(rf"{_GAP}(?:,|và|;)?{_GAP}(?:số)?{_GAP}", between, re.IGNORECASE)
                ) and between.strip() != ""
            bullet = _BULLET_LINE.search(text, line_start, start) is not None
            at_line_start = start - line_start <= 3 and text[line_start:start].strip(" \t*_-•+") == ""
            fields: dict[str, object] = {"number": m.group("num"), "symbol": symbol, "kind": kind, "year": year}
            end = m.end()
            date_m = _DATE_AFTER.match(text, end, line_end)
            if date_m:
                self._set_date(fields, date_m)
                end = date_m.end()
            issuer, after_issuer = self._issuer_after(end, line_end)
            if issuer:
                fields["issuer"] = issuer
                end = after_issuer
                if "date" not in fields and "invalid_date" not in fields:
                    date_m = _DATE_AFTER.match(text, end, line_end)
                    if date_m:
                        self._set_date(fields, date_m)
                        end = date_m.end()
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
            yield _Hit(fields, start, m.start(), m.end(), end, has_kind, joined, list_item)

    @staticmethod
    def _set_date(fields: dict[str, object], match: re.Match[str]) -> None:
        sub = DATE_RE.search(match.group(0))
        assert sub is not None  # _DATE_AFTER embeds DATE_RE
        written = written_date_from_match(sub)
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
    citation = Citation(**fields)  # type: ignore[arg-type]
    code = citation.kind_code
    if code is not None:
        kind = kinds.by_abbr(code, party=citation.scheme.value == "đảng")
        if kind is not None:
            fields["kind"] = kind.name
    elif citation.scheme.value == "công văn":
        fields["kind"] = "Công văn"


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
    raise CitationError(
        f"'{text}' is not a citation (expected e.g. 'Kế hoạch số 36/KH-UBND ngày 20/02/2023' or '1631-QĐ/HU')"
    )
