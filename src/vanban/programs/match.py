"""Which projects and sub-projects a document title names (``Program.match_units``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from ..base.lazyre import lazy_compile
from ..base.text import key

if TYPE_CHECKING:
    from .model import Project

__all__ = ["DEFAULT_UNIT_WORDS", "TitleMatcher", "alias_key", "alias_pattern", "numbered_pattern"]


def alias_key(alias: str) -> str:
    """An alias as the matcher compares it: its words, keyed ("" when it has none)."""
    return " ".join(re.findall(r"\w+", key(alias)))


def alias_pattern(alias: str) -> re.Pattern[str]:
    """The alias's words in order, with up to four non-word characters between them."""
    tokens = alias_key(alias).split()
    return lazy_compile(r"(?<!\w)" + r"\W{1,4}".join(map(re.escape, tokens)) + r"(?!\w)")


_WORD = re.compile(r"\w+")


def _longest_word(alias: str) -> str:
    return max(alias_key(alias).split(), key=len, default="")


# quotes, brackets and separators that may sit between a number and its name
_Q = "\"'“”‘’«»()\\[\\]"
_SEP_ONLY = re.compile(rf"[\s{_Q}:\-–—/,.]*")
_NO_BREAK = re.compile(r"[;\n]")
_FORWARD_LINK = re.compile(
    rf"(?:(?<!\w)(?:{key('của')}|{key('trong')}|{key('thuộc')})(?:\s+{key('dự')}\s+{key('án')})?"
    rf"|[:\-–—])[\s{_Q}]*\Z"
)
_LIST_JOIN = re.compile(rf"(?:(?<!\w){key('và')}|[,&])[\s{_Q}]*\Z")
#: How a title numbers a program's units when the program file says nothing else (QĐ 90/QĐ-TTg):
#: "Dự án 3", "Tiểu dự án 2" (and the short forms DA3, TDA2).
DEFAULT_UNIT_WORDS = ("dự án", "tiểu dự án")
_SHORT_FORMS = {DEFAULT_UNIT_WORDS: ("da", "tda")}


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in key(phrase).split())


def numbered_pattern(project_word: str, subproject_word: str) -> re.Pattern[str]:
    """"<project word> N" and "<sub-project word> N" (with "thành phần", "số", and lists "1, 2 và 3")."""
    short = _SHORT_FORMS.get((key(project_word), key(subproject_word)))
    sub = _words(subproject_word) + (f"|{short[1]}" if short else "")
    proj = _words(project_word) + (f"|{short[0]}" if short else "")
    return re.compile(
        rf"(?<!\w)(?:(?P<sub>{sub})|(?P<proj>{proj}))"
        rf"(?:\s+{key('thành')}\s+{key('phần')})?\s*(?:{key('số')}\s*)?(?P<n>\d{{1,2}})(?!\d)"
        rf"(?P<more>(?:\s*(?:,|&|{key('và')})\s*\d{{1,2}}(?![\d/]))*)"
    )


_NUMBERED = numbered_pattern(*DEFAULT_UNIT_WORDS)
_MAX_GAP = 200


@attrs.define(slots=True)
class _Event:
    start: int
    end: int
    kind: str  # "proj" (numbered or alias), "tda" (numbered sub-project), "sub" (alias)
    code: str | None = None  # project code for proj, sub-project code for sub
    number: int | None = None  # for tda
    consumed: bool = False  # proj only: it just names the parent of a sub-project


class TitleMatcher:
    """Finds the projects and sub-projects a document title (trích yếu) names.

    Recognises the aliases from the catalog and the numbered forms "Tiểu dự án N" (tied to
    "Dự án M" by ":", "-", "–", "của", "trong", "thuộc", before or after it, with an optional
    quoted name between) and "Dự án M" alone. A "Dự án M" that only names the parent of a
    sub-project mentioned in the text is not returned. Ignores case, NFC/NFD and tone placement.
    The program loader has already refused an alias or number shared by two units.
    """

    __slots__ = ("_aliases", "_by_word", "_proj_by_num", "_sub_by_num", "_parent", "_numbered", "_memo", "_written")

    #: titles remembered (their keys → the codes): offices reissue the same trích yếu every year and
    #: every commune writes the same one; a bounded dict, emptied when full
    MEMO_SIZE = 1 << 16

    def __init__(self, projects: tuple[Project, ...], unit_words: tuple[str, str] = DEFAULT_UNIT_WORDS) -> None:
        self._numbered = _NUMBERED if unit_words == DEFAULT_UNIT_WORDS else numbered_pattern(*unit_words)
        self._memo: dict[str, frozenset[str]] = {}
        #: the same by the title as written: a registry's copies of a title are one string, and
        #: looking it up spares computing its key (VB302 asks for every document)
        self._written: dict[str, frozenset[str]] = {}
        self._proj_by_num: dict[int, str] = {}
        self._sub_by_num: dict[tuple[str, int], str] = {}
        self._parent: dict[str, str] = {}
        # each alias with its longest word: a title without that word cannot match it, and a
        # substring test is far cheaper than the pattern (VB302 runs this on every title)
        aliases: list[tuple[re.Pattern[str], str, str, str]] = []
        alias_texts: list[str] = []
        for p in projects:
            if p.number is not None:
                self._proj_by_num.setdefault(p.number, p.code)
            aliases.extend((alias_pattern(alias), p.code, "proj", _longest_word(alias)) for alias in p.aliases)
            alias_texts.extend(p.aliases)
            for s in p.subprojects:
                self._parent[s.code] = p.code
                if s.number is not None:
                    self._sub_by_num.setdefault((p.code, s.number), s.code)
                aliases.extend((alias_pattern(alias), s.code, "sub", _longest_word(alias)) for alias in s.aliases)
                alias_texts.extend(s.aliases)
        self._aliases = aliases
        # the aliases by their longest word: a title is looked at only for the aliases whose word
        # it has (a whole word: the pattern asks for one)
        self._by_word: dict[str, list[tuple[re.Pattern[str], str, str, frozenset[str]]]] = {}
        for (pattern, code, kind, word), alias in zip(aliases, alias_texts):
            self._by_word.setdefault(word, []).append((pattern, code, kind, frozenset(alias_key(alias).split())))

    # -- event extraction --------------------------------------------------------------

    def _events(self, k: str) -> list[_Event]:
        events: list[_Event] = []
        for m in self._numbered.finditer(k):
            is_sub = m.group("sub") is not None
            numbers = [(m.start(), m.end("n"), int(m.group("n")))]
            base = m.start("more")
            for extra in re.finditer(r"\d+", m.group("more")):
                numbers.append((base + extra.start(), base + extra.end(), int(extra.group())))
            for start, end, n in numbers:
                if is_sub:
                    events.append(_Event(start, end, "tda", number=n))
                else:
                    events.append(_Event(start, end, "proj", code=self._proj_by_num.get(n)))

        # aliases: longest match wins, shorter overlapping matches are dropped (a program without
        # aliases spares the title's words: a quarter of the time VB302 spends on a title)
        hits = [
            (m.start(), m.end(), code, kind)
            for words in [set(_WORD.findall(k))]
            for word in words & self._by_word.keys()
            for pattern, code, kind, needed in self._by_word[word] if needed <= words
            for m in pattern.finditer(k)
        ] if self._by_word else []
        hits.sort(key=lambda h: (-(h[1] - h[0]), h[0]))
        taken: list[tuple[int, int]] = [(e.start, e.end) for e in events]
        for start, end, code, kind in hits:
            if any(start < t_end and t_start < end for t_start, t_end in taken):
                continue
            taken.append((start, end))
            events.append(_Event(start, end, kind, code=code))
        events.sort(key=lambda e: e.start)

        # "Dự án 4 “Phát triển giáo dục nghề nghiệp, việc làm bền vững”" is one mention
        merged: list[_Event] = []
        for e in events:
            prev = merged[-1] if merged else None
            if (
                prev is not None
                and prev.kind == e.kind == "proj"
                and prev.code is not None
                and prev.code == e.code
                and _SEP_ONLY.fullmatch(k, prev.end, e.start)
            ):
                prev.end = e.end
                continue
            merged.append(e)
        return merged

    # -- binding -----------------------------------------------------------------------

    @staticmethod
    def _gap(k: str, a: _Event, b: _Event) -> str | None:
        gap = k[a.end : b.start]
        if len(gap) > _MAX_GAP or _NO_BREAK.search(gap):
            return None
        return gap

    def _forward_ok(self, k: str, a: _Event, b: _Event) -> bool:
        gap = self._gap(k, a, b)
        return gap is not None and bool(_SEP_ONLY.fullmatch(gap) or _FORWARD_LINK.search(gap))

    def _backward_ok(self, k: str, a: _Event, b: _Event) -> bool:
        gap = self._gap(k, a, b)
        return gap is not None and bool(_SEP_ONLY.fullmatch(gap))

    def match(self, text: str) -> frozenset[str]:
        found = self._written.get(text)
        if found is not None:
            return found
        k = key(text)
        found = self._memo.get(k)
        if found is None:
            if len(self._memo) >= self.MEMO_SIZE:
                self._memo.clear()
            found = self._memo[k] = frozenset(self._match_key(k))
        if len(self._written) >= self.MEMO_SIZE:
            self._written.clear()
        self._written[text] = found
        return found

    def _match_key(self, k: str) -> set[str]:
        events = self._events(k)
        # numbered sub-projects and projects; "sub" alias events are transparent here
        skeleton = [e for e in events if e.kind != "sub"]
        found: set[str] = set()

        i = 0
        while i < len(skeleton):
            e = skeleton[i]
            if e.kind != "tda":
                i += 1
                continue
            group = [e]
            j = i + 1
            while j < len(skeleton) and skeleton[j].kind == "tda":
                gap = self._gap(k, group[-1], skeleton[j])
                if gap is None or not _LIST_JOIN.search(gap):
                    break
                group.append(skeleton[j])
                j += 1
            parent: _Event | None = None
            if j < len(skeleton) and skeleton[j].kind == "proj" and self._forward_ok(k, group[-1], skeleton[j]):
                parent = skeleton[j]
            elif i > 0 and skeleton[i - 1].kind == "proj" and self._backward_ok(k, skeleton[i - 1], e):
                parent = skeleton[i - 1]
            if parent is not None and parent.code is not None:
                codes = [c for t in group if t.number is not None
                         and (c := self._sub_by_num.get((parent.code, t.number))) is not None]
                if codes:
                    found.update(codes)
                    parent.consumed = True
            i = j

        for idx, e in enumerate(events):
            if e.kind != "sub" or e.code is None:
                continue
            found.add(e.code)
            parent_code = self._parent.get(e.code)
            nxt = next((x for x in events[idx + 1 :] if x.kind != "sub"), None)
            if nxt is not None and nxt.kind == "proj" and nxt.code == parent_code and self._forward_ok(k, e, nxt):
                nxt.consumed = True
            prv = next((x for x in reversed(events[:idx]) if x.kind != "sub"), None)
            if prv is not None and prv.kind == "proj" and prv.code == parent_code and self._backward_ok(k, prv, e):
                prv.consumed = True

        found.update(e.code for e in events if e.kind == "proj" and e.code and not e.consumed)
        return found
