"""Which projects and sub-projects a document title names (``Program.match_units``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import attrs

from ..base.text import key

if TYPE_CHECKING:
    from .model import Project

__all__ = ["DEFAULT_UNIT_WORDS", "TitleMatcher", "alias_key", "alias_spans", "numbered_pattern"]


def alias_key(alias: str) -> str:
    """An alias as the matcher compares it: its words, keyed ("" when it has none)."""
    return " ".join(re.findall(r"\w+", key(alias)))


_WORD = re.compile(r"\w+")


def alias_spans(words: list[str], places: list[tuple[int, int]], alias: tuple[str, ...]) -> list[tuple[int, int]]:
    r"""Where *alias* (its words, as :func:`alias_key` gives them) is in a title whose words (runs of
    ``\w``) are *words*, at *places* (start, end): the alias's words in order, whole, with up to
    four non-word characters between them, left to right and not overlapping — what the pattern
    ``(?<!\w)w1\W{1,4}w2…(?!\w)`` finds, compared word by word instead of compiling a pattern for
    each alias (2 ms of a check's start for the aliases of one program; a property test holds the
    two to each other)."""
    size = len(alias)
    spans: list[tuple[int, int]] = []
    if not size:
        return spans
    first, i, stop = alias[0], 0, len(words) - size + 1
    while i < stop:
        try:
            i = words.index(first, i, stop)
        except ValueError:
            break
        # the words are maximal runs of \w: what lies between two is one or more non-word characters
        if all(words[i + j] == alias[j] and places[i + j][0] - places[i + j - 1][1] <= 4 for j in range(1, size)):
            spans.append((places[i][0], places[i + size - 1][1]))
            i += size
        else:
            i += 1
    return spans


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

    __slots__ = ("_by_word", "_proj_by_num", "_sub_by_num", "_parent", "_numbered", "_memo", "_written", "_results")

    #: titles remembered (their keys → the codes): offices reissue the same trích yếu every year and
    #: every commune writes the same one; a bounded dict, emptied when full (a key is a new string)
    MEMO_SIZE = 1 << 16
    #: titles remembered as written: the registry's own strings, so an entry costs a slot and the
    #: 190,000 distinct titles of a national registry fit (emptied at 65,536, they were computed again
    #: and again: 9 s of a check of a million documents, against 0.04 s at 100,000)
    WRITTEN_SIZE = 1 << 20

    def __init__(self, projects: tuple[Project, ...], unit_words: tuple[str, str] = DEFAULT_UNIT_WORDS) -> None:
        self._numbered = _NUMBERED if unit_words == DEFAULT_UNIT_WORDS else numbered_pattern(*unit_words)
        self._memo: dict[str, frozenset[str]] = {}
        #: the same by the title as written: a registry's copies of a title are one string, and
        #: looking it up spares computing its key (VB302 asks for every document)
        self._written: dict[str, frozenset[str]] = {}
        #: one object per answer (a title names few combinations of units): the memos share them
        self._results: dict[frozenset[str], frozenset[str]] = {}
        self._proj_by_num: dict[int, str] = {}
        self._sub_by_num: dict[tuple[str, int], str] = {}
        self._parent: dict[str, str] = {}
        aliases: list[tuple[str, str, str]] = []
        for p in projects:
            if p.number is not None:
                self._proj_by_num.setdefault(p.number, p.code)
            aliases.extend((alias, p.code, "proj") for alias in p.aliases)
            for s in p.subprojects:
                self._parent[s.code] = p.code
                if s.number is not None:
                    self._sub_by_num.setdefault((p.code, s.number), s.code)
                aliases.extend((alias, s.code, "sub") for alias in s.aliases)
        # the aliases by their longest word: a title is looked at only for the aliases whose words it
        # all has (whole words: an alias matches whole words only), and VB302 asks for every title
        self._by_word: dict[str, list[tuple[tuple[str, ...], str, str, frozenset[str]]]] = {}
        for alias, code, kind in aliases:
            words = tuple(alias_key(alias).split())
            if words:
                self._by_word.setdefault(max(words, key=len), []).append((words, code, kind, frozenset(words)))

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
        hits: list[tuple[int, int, str, str]] = []
        if self._by_word:
            title_words = _WORD.findall(k)
            words = set(title_words)
            candidates = [(alias, code, kind) for word in words & self._by_word.keys()
                          for alias, code, kind, needed in self._by_word[word] if needed <= words]
            if candidates:  # the words' places, only for a title that has all the words of an alias
                places = [m.span() for m in _WORD.finditer(k)]
                hits = [(start, end, code, kind) for alias, code, kind in candidates
                        for start, end in alias_spans(title_words, places, alias)]
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
            answer = frozenset(self._match_key(k))
            found = self._memo[k] = self._results.setdefault(answer, answer)
        if len(self._written) >= self.WRITTEN_SIZE:
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
