"""A library that fails in one documented way: arbitrary text at the finder, arbitrary YAML at
the loader, wrong arguments at the public functions — only the documented errors come out.

Every error vanban raises on purpose is a VanbanError; a wrong argument is an ArgumentError (a
VanbanError, and a TypeError and ValueError for callers that catch those).
"""

from __future__ import annotations

import datetime as dt
import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from ruamel.yaml import YAML

from vanban import VanbanError, find_citations, parse_citation, parse_registry
from vanban.base.atomic import write_atomic
from vanban.base.inputfile import legacy_encoding, legacy_encoding_of_text
from vanban.base.safety import ArgumentError, display, unsafe_characters
from vanban.base.yamlread import compose
from vanban.cite.citation import CitationError
from vanban.registry import NewDocument, RegistryEditor, RegistryError, load_registry, propose

ROOT = Path(__file__).resolve().parent.parent
REGISTRY_TEXT = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")

VIETNAMESE = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ"
CITATION_PIECES = st.sampled_from([
    "Quyết định số ", "Kế hoạch ", "1085/QĐ-UBND", "26/2022/NQ-HĐND", "1631-QĐ/HU", " ngày 15/8/2022", " của UBND tỉnh",
    " về việc ", "; ", ", ", "\n", "/", "-", "số", "ngày 30/02/2023", "Công văn số 1819 /UBND-VX", "và", "(", ")", "“", "”",
])
TEXT = st.one_of(
    st.text(),
    st.text(alphabet=string.printable + VIETNAMESE + "\u202e\x1b\x0b\ufeff", max_size=400),
    st.lists(st.one_of(CITATION_PIECES, st.text(max_size=5)), max_size=60).map("".join),
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TEXT)
def test_the_finder_never_raises_on_text(text):
    found = find_citations(text)
    assert isinstance(found, list)
    for citation in found:
        assert 0 <= citation.start <= citation.end <= len(text)


@settings(max_examples=300)
@given(TEXT)
def test_parse_citation_raises_only_citation_error(text):
    try:
        parse_citation(text)
    except CitationError:
        pass


# --- arbitrary YAML at the loader ----------------------------------------------------------------------
SCALARS = st.one_of(
    st.text(max_size=30), st.integers(), st.booleans(), st.none(), st.dates().map(str),
    st.sampled_from(["vanban", "documents", "issuers", "locality", "code", "date", "issuer", "title", "1/KH-UBND",
                     "2023-02-30", "ubnd-x", "xã", "implements", "deadlines", "*a", "&a x", "!!python/object", "no"]),
)
KEYS = st.one_of(st.text(max_size=12), st.sampled_from([
    "vanban", "locality", "issuers", "documents", "code", "date", "issuer", "title", "kind", "level", "name",
    "implements", "based_on", "deadlines", "due", "what", "programs", "subprojects", "silence", "requires", "from",
]))
TREES = st.recursive(SCALARS, lambda children: st.one_of(st.lists(children, max_size=5),
                                                         st.dictionaries(KEYS, children, max_size=6)), max_leaves=40)


def _dump(value: object) -> str:
    out = io.StringIO()
    yaml = YAML()
    yaml.default_flow_style = None
    yaml.dump(value, out)
    return out.getvalue()


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(TREES)
def test_the_loader_raises_only_registry_error_on_any_yaml(tree):
    text = _dump({"vanban": 1, **tree} if isinstance(tree, dict) else tree)
    try:
        parse_registry(text, filename="x.yaml")
    except RegistryError as exc:
        assert exc.problems and exc.render("en") and exc.render("vi")


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_the_loader_raises_only_registry_error_on_any_text(text):
    try:
        parse_registry(text, filename="x.yaml")
    except RegistryError as exc:
        assert exc.problems


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=0, max_value=len(REGISTRY_TEXT)), st.text(min_size=1, max_size=20))
def test_the_loader_raises_only_registry_error_on_a_damaged_registry(at, insert):
    try:
        parse_registry(REGISTRY_TEXT[:at] + insert + REGISTRY_TEXT[at:], filename="registry.yaml")
    except RegistryError as exc:
        assert all(p.render("vi") for p in exc.problems)


@settings(max_examples=200)
@given(st.text())
def test_compose_raises_only_the_error_it_is_given(text):
    try:
        compose(text, "x.yaml", RegistryError)
    except RegistryError:
        pass


# --- arguments -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda: load_registry(None),
    lambda: load_registry(42),
    lambda: load_registry(""),
    lambda: load_registry("data/registry.yaml", lenient_references="yes"),
    lambda: RegistryEditor(None),
    lambda: propose(None, []),
    lambda: propose(load_registry(ROOT / "data" / "registry.yaml"), [None]),
    lambda: propose(load_registry(ROOT / "data" / "registry.yaml"), ["36/KH-UBND"]),
    lambda: write_atomic(None, "x"),
    lambda: write_atomic("x.txt", None),
    lambda: RegistryEditor(ROOT / "data" / "registry.yaml").add_document(None),
    lambda: RegistryEditor(ROOT / "data" / "registry.yaml").add_document({"code": "1/KH-UBND", "titel": "x"}),
])
def test_wrong_arguments_are_argument_errors(call):
    with pytest.raises(ArgumentError) as caught:
        call()
    assert isinstance(caught.value, VanbanError) and isinstance(caught.value, TypeError)
    assert caught.value.render("en") and caught.value.render("vi")


def test_a_registry_not_read_from_a_file_cannot_be_changed():
    registry = parse_registry(REGISTRY_TEXT, filename="registry.yaml")
    with pytest.raises(ArgumentError):
        propose(registry, [NewDocument(code="1/KH-UBND", date=dt.date(2024, 1, 1), issuer="ubnd-binh-son")])


# --- display and encodings --------------------------------------------------------------------------------------------
@given(st.text())
def test_displayed_text_holds_no_unsafe_character(text):
    shown = display(text)
    assert unsafe_characters(shown) == []
    assume(not unsafe_characters(text))
    assert shown == text  # safe text is shown as it is


@settings(max_examples=300)
@given(st.text(alphabet=string.ascii_letters + " ,.;:0123456789/-" + VIETNAMESE + VIETNAMESE.upper(), max_size=200))
def test_unicode_vietnamese_is_never_taken_for_a_legacy_encoding(text):
    assert legacy_encoding_of_text(text) is None
    assert legacy_encoding(text.encode("utf-8")) in (None, "TCVN3", "VNI", "Windows-1258")


@given(st.text(alphabet=" \t\n\u00a0&[]{},a-:?!*x", max_size=40))
def test_the_anchor_test_agrees_with_its_pattern(text):
    """compose() looks for anchors with str.find over the few "&" (the pattern it replaces was tried
    at every character of a registry); both say the same of any text."""
    import re

    from vanban.base.yamlparse import _has_anchor

    assert _has_anchor(text) == bool(re.search(r"(?:^|[\s\[{,])&[^\s\[\]{},]", text))


_INDICATOR = st.tuples(st.sampled_from("-?:"), st.sampled_from([" ", "  ", "\t"]),
                       st.sampled_from(["", "&a ", "!t ", "x"]))


@given(st.text(alphabet=" -?:&!ab", max_size=10), st.lists(_INDICATOR, min_size=40, max_size=140),
       st.text(alphabet=" ab", max_size=5))
def test_the_compact_nesting_pretest_never_hides_a_match(head, indicators, tail):
    """The cheap pair test runs first; whenever the full compact-nesting pattern matches, so does it."""
    from vanban.base.yamlparse import _COMPACT, _COMPACT_PAIR

    text = head + "".join("".join(parts) for parts in indicators) + tail
    if _COMPACT.search(text):
        assert _COMPACT_PAIR.search(text)
    assert _COMPACT.search("key: " + "- " * 120) and _COMPACT_PAIR.search("key: " + "- " * 120)
