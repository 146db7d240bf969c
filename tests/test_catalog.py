"""Tests for vanban.catalog: the program catalog data file, its loader and title matching."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vanban.programs import (
    SCOPES,
    CatalogError,
    Program,
    Project,
    RecurringObligation,
    SubProject,
    available_programs,
    load_program,
)
from vanban.base.text import key

CODE = "giam-ngheo-2021-2025"

EXPECTED_SUBPROJECTS = [
    "DA1-TDA1",
    "DA1-TDA2",
    "DA3-TDA1",
    "DA3-TDA2",
    "DA4-TDA1",
    "DA4-TDA2",
    "DA4-TDA3",
    "DA6-TDA1",
    "DA6-TDA2",
    "DA7-TDA1",
    "DA7-TDA2",
]


@pytest.fixture(scope="module")
def prog() -> Program:
    return load_program(CODE)


# -- loading the shipped catalog -------------------------------------------------------


def test_available_programs_lists_shipped_file() -> None:
    assert CODE in available_programs()


def test_loads_program_header(prog: Program) -> None:
    assert prog.code == CODE
    assert prog.name == "Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025"
    assert prog.short_name == "Chương trình MTQG giảm nghèo bền vững"
    assert (prog.period_start, prog.period_end) == (2021, 2025)
    assert prog.owner
    symbols = {ref.symbol: ref for ref in prog.legal_basis}
    assert set(symbols) == {"90/QĐ-TTg", "24/2021/QH15"}
    assert symbols["90/QĐ-TTg"].date == dt.date(2022, 1, 18)
    assert symbols["90/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert symbols["24/2021/QH15"].date == dt.date(2021, 7, 28)


def test_seven_projects(prog: Program) -> None:
    assert [p.code for p in prog.projects] == [f"DA{i}" for i in range(1, 8)]
    assert all(isinstance(p, Project) for p in prog.projects)
    assert prog.unit("DA6").name == "Dự án 6: Truyền thông và giảm nghèo về thông tin"


def test_eleven_subprojects(prog: Program) -> None:
    subs = list(prog.subprojects())
    assert [s.code for s in subs] == EXPECTED_SUBPROJECTS
    assert all(isinstance(s, SubProject) for s in subs)
    assert all(s.code.startswith(s.project_code + "-") for s in subs)
    assert prog.unit("DA2").subprojects == () and prog.unit("DA5").subprojects == ()
    assert prog.unit("DA3-TDA2").short_name == "Cải thiện dinh dưỡng"
    assert prog.unit("DA3-TDA2").name == "Tiểu dự án 2: Cải thiện dinh dưỡng"


def test_units_and_codes_in_catalog_order(prog: Program) -> None:
    codes = prog.codes()
    assert len(codes) == 18
    assert codes[:4] == ["DA1", "DA1-TDA1", "DA1-TDA2", "DA2"]
    assert [u.code for u in prog.units()] == codes


def test_unit_unknown_code_raises_keyerror(prog: Program) -> None:
    with pytest.raises(KeyError):
        prog.unit("DA8")
    with pytest.raises(KeyError):
        load_program("no-such-program")


def test_scopes(prog: Program) -> None:
    assert prog.unit("DA5").scope == "poor-districts"
    assert prog.unit("DA1").scope == "poor-districts-and-coastal-communes"
    assert prog.unit("DA1-TDA2").scope == "poor-districts-880"
    assert prog.unit("DA2").scope == "nationwide"
    assert all(u.scope in SCOPES for u in prog.units())


def test_verified_marks_and_sources(prog: Program) -> None:
    assert prog.unit("DA3").verified == "V"
    assert prog.unit("DA1-TDA2").verified == "P"
    assert prog.unit("DA7-TDA2").verified == "U"
    assert all(u.verified in {"V", "P", "U"} for u in prog.units())
    assert all(u.source.startswith("http") for u in prog.units())


def test_aliases_from_brief(prog: Program) -> None:
    assert "Giảm nghèo về thông tin" in prog.unit("DA6-TDA1").aliases
    assert "Truyền thông về giảm nghèo đa chiều" in prog.unit("DA6-TDA2").aliases
    assert "Cải thiện dinh dưỡng" in prog.unit("DA3-TDA2").aliases
    assert "Nâng cao năng lực thực hiện Chương trình" in prog.unit("DA7-TDA1").aliases
    assert "Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo" in prog.unit("DA2").aliases


def test_recurring_obligations(prog: Program) -> None:
    by_code = {r.code: r for r in prog.recurring}
    assert len(by_code) == 11
    assert all(isinstance(r, RecurringObligation) for r in prog.recurring)

    plan = by_code["ke-hoach-nam"]
    assert (plan.kind, plan.freq, plan.applies_to, plan.verified) == ("Kế hoạch", "yearly", "subproject", "U")
    assert plan.due_date(2024) == dt.date(2024, 3, 31)
    assert plan.levels == ("tỉnh", "huyện", "xã")

    # TT 10/2022 Điều 4.2.a: before 01/6 and before 01/12, from the province [P]; the levels below
    # have the same default dates, unverified [U]
    six, year = by_code["bao-cao-giam-sat-6-thang"], by_code["bao-cao-giam-sat-nam"]
    assert ((six.month, six.day), (year.month, year.day)) == ((5, 31), (11, 30))
    assert six.levels == year.levels == ("tỉnh",) and six.verified == year.verified == "P"
    assert six.years == (2023, 2024, 2025)  # the circular came into force on 15/07/2022
    below = by_code["bao-cao-giam-sat-nam-cap-duoi"]
    assert below.levels == ("huyện", "xã") and below.verified == "U"

    after = by_code["bao-cao-sau-dot-giam-sat"]
    assert (after.freq, after.working_days, after.levels) == ("after-round", 15, ("tỉnh", "huyện", "xã"))

    review = by_code["ra-soat-ho-ngheo"]
    assert review.verified == "V"
    assert review.due_date(2023) == dt.date(2023, 12, 14)
    assert "24/2021/QĐ-TTg" in (review.note or "")
    assert review.levels == ("huyện", "xã")

    monthly = by_code["bao-cao-ra-soat-thuong-xuyen"]
    assert (monthly.freq, monthly.day, monthly.months, monthly.levels) == ("monthly", 5, tuple(range(2, 10)), ("xã",))
    province = by_code["bao-cao-ket-qua-ra-soat-tinh"]
    assert (province.month, province.day, province.levels) == (12, 19, ("tỉnh",))

    mid, final = by_code["danh-gia-giua-ky"], by_code["danh-gia-ket-thuc"]
    assert (mid.freq, mid.years, mid.verified) == ("once", (2023,), "P")
    assert (final.freq, final.years, final.verified) == ("once", (2025,), "P")
    for r in prog.recurring:
        assert r.source.startswith("http")
        assert r.verified == "V" or r.note, f"{r.code}: unsure items need a note"
        assert r.levels, f"{r.code}: every obligation names the levels that owe it"
    assert prog.obligation("ra-soat-ho-ngheo") is review


def test_program_is_frozen(prog: Program) -> None:
    with pytest.raises(AttributeError):
        prog.code = "x"  # type: ignore[misc]


# -- match_units -------------------------------------------------------------------------

TITLE_CASES = [
    ('thực hiện Tiểu dự án 2 "Cải thiện dinh dưỡng" của Dự án 3; và Dự án 7', ["DA3-TDA2", "DA7"]),
    ("Tiểu Dự án 2 – Dự án 6", ["DA6-TDA2"]),
    ("Tiểu dự án 1: Nâng cao năng lực thực hiện Chương trình trong Dự án 7", ["DA7-TDA1"]),
    ("Dự án 4 “Phát triển giáo dục nghề nghiệp, việc làm bền vững", ["DA4"]),
    (
        "Tiểu dự án 1 Dự án 3: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp, "
        "Dự án 7: Nâng cao năng lực...",
        ["DA3-TDA1", "DA7"],
    ),
    ("Dự án Giảm nghèo về thông tin của Dự án 6", ["DA6-TDA1"]),
    ("Tiểu dự án Truyền thông về giảm nghèo đa chiều", ["DA6-TDA2"]),
    (
        "Tiểu dự án 1 “Phát triển giáo dục nghề nghiệp vùng nghèo, vùng khó khăn” và "
        "tiểu dự án 3 “Hỗ trợ việc làm bền vững” của Dự án 4",
        ["DA4-TDA1", "DA4-TDA3"],
    ),
]


@pytest.mark.parametrize(("title", "expected"), TITLE_CASES)
def test_match_units_examples(prog: Program, title: str, expected: list[str]) -> None:
    assert prog.match_units(title) == expected


@pytest.mark.parametrize(("title", "expected"), TITLE_CASES)
def test_match_units_nfd_and_upper_case(prog: Program, title: str, expected: list[str]) -> None:
    assert prog.match_units(unicodedata.normalize("NFD", title)) == expected
    assert prog.match_units(title.upper()) == expected


def test_match_units_tone_placement(prog: Program) -> None:
    new_style = "Dự án 2 - Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo"
    old_style = "Dự án 2 - Đa dạng hoá sinh kế, phát triển mô hình giảm nghèo"
    assert new_style != old_style
    assert prog.match_units(new_style) == prog.match_units(old_style) == ["DA2"]
    # alias only, no number: the "hoá" spelling still finds DA2
    assert prog.match_units("mô hình đa dạng hoá sinh kế") == ["DA2"]
    assert prog.match_units(unicodedata.normalize("NFD", "ĐA DẠNG HOÁ SINH KẾ")) == ["DA2"]


def test_key_normalises_tone_case_and_form() -> None:
    assert key("hoá") == key("hóa") == key("HOÁ") == key(unicodedata.normalize("NFD", "hóa"))
    assert key("thuỷ") == key("thủy")
    assert key("khoẻ") == key("khỏe")
    assert key("hoa") != key("hóa")
    assert unicodedata.is_normalized("NFC", key(unicodedata.normalize("NFD", "Tiểu dự án")))


def test_match_units_project_name_does_not_leak_subproject(prog: Program) -> None:
    # DA7's name contains "giám sát, đánh giá" and DA6's contains "giảm nghèo về thông tin"
    assert prog.match_units("Dự án 7: Nâng cao năng lực và giám sát, đánh giá Chương trình") == ["DA7"]
    assert prog.match_units("Dự án 6: Truyền thông và giảm nghèo về thông tin") == ["DA6"]
    assert prog.match_units("Báo cáo kết quả giám sát, đánh giá Chương trình năm 2023") == []


def test_match_units_other_numbered_forms(prog: Program) -> None:
    assert prog.match_units("Dự án 6 - Tiểu dự án 1") == ["DA6-TDA1"]
    assert prog.match_units("Tiểu dự án 2 thuộc Dự án 1") == ["DA1-TDA2"]
    assert prog.match_units("Tiểu dự án 1 và 2 của Dự án 3") == ["DA3-TDA1", "DA3-TDA2"]
    assert prog.match_units("Dự án 5 năm 2024") == ["DA5"]
    assert prog.match_units("Dự án 8") == []
    assert prog.match_units("Kế hoạch phòng chống thiên tai năm 2024") == []


# -- bad catalog files ------------------------------------------------------------------

MINIMAL = """\
code: demo-program
name: "Chương trình thử nghiệm"
short_name: "CT thử"
period_start: 2026
period_end: 2030
legal_basis:
  - kind: "Nghị quyết"
    symbol: "1/2026/QH16"
    date: "2026-01-01"
    issuer: "Quốc hội"
    title: "Thử"
    source: "https://example.org/nq"
    verified: U
projects:
  - code: ND1
    name: "Nội dung 1: Thử nghiệm"
    scope: {scope}
    verified: U
    source: "https://example.org/nd1"
    aliases: ["Nội dung thử nghiệm"]
    subprojects:
      - code: {sub_code}
        name: "Tiểu dự án 1: Việc thử"
        short_name: "Việc thử"
        scope: nationwide
        verified: U
        source: "https://example.org/nd1-tda1"
        aliases: ["Việc thử"]
  - code: ND2
    name: "Nội dung 2: Khác"
    scope: nationwide
    verified: V
    source: "https://example.org/nd2"
recurring:
  - code: bao-cao-nam
    name: "Báo cáo năm"
    kind: "Báo cáo"
    freq: yearly
    month: 12
    day: 15
    years: [2026, 2027]
    applies_to: program
    levels: [tỉnh, xã]
    source: "https://example.org/bc"
    verified: U
    note: "thử"
"""


def write(tmp_path: Path, name: str = "demo-program.yaml", **fmt: str) -> Path:
    values = {"scope": "nationwide", "sub_code": "ND1-TDA1", **fmt}
    path = tmp_path / name
    path.write_text(MINIMAL.format(**values), encoding="utf-8")
    return path


def test_second_program_loads_by_path(tmp_path: Path) -> None:
    path = write(tmp_path)
    demo = load_program(path)
    assert demo.code == "demo-program"
    assert demo.codes() == ["ND1", "ND1-TDA1", "ND2"]
    assert demo.unit("ND1-TDA1").project_code == "ND1"
    assert demo.recurring[0].due_dates() == (dt.date(2026, 12, 15), dt.date(2027, 12, 15))
    assert demo.match_units("Tiểu dự án 1 thuộc Nội dung thử nghiệm") == ["ND1-TDA1"]
    assert load_program(str(path)).code == "demo-program"
    assert "demo-program" not in available_programs()  # a path does not install it


def test_duplicate_code_raises(tmp_path: Path) -> None:
    path = write(tmp_path, sub_code="ND1-TDA1")
    text = path.read_text(encoding="utf-8").replace("  - code: ND2\n", "  - code: ND1\n")
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert Path(err.value.problems[0].file).name == "demo-program.yaml"
    assert err.value.problems[0].field == "projects[1].code"
    assert "already used" in err.value.render("en") and "demo-program.yaml" in err.value.render("en")


def test_bad_scope_raises(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as err:
        load_program(write(tmp_path, scope="whole-world"))
    assert err.value.problems[0].field == "projects[0].scope"
    assert "whole-world" in err.value.render("en") and "demo-program.yaml" in err.value.render("en")
    assert isinstance(err.value, ValueError)


def test_subproject_code_without_project_prefix_raises(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as err:
        load_program(write(tmp_path, sub_code="TDA1"))
    assert err.value.problems[0].field == "projects[0].subprojects[0].code"


def test_unknown_and_missing_fields_raise(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    aliases: [\"Nội dung", "    aliasses: [\"Nội dung"), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].field == "projects[0].aliasses"

    path.write_text(text.replace('short_name: "CT thử"\n', ""), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].error == "missing-field" and err.value.problems[0].params["field"] == "short_name"


def test_bad_recurring_values_raise(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    day: 15\n", "    day: 31\n").replace("month: 12", "month: 11"), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].field == "recurring[0].day"

    path.write_text(text.replace("freq: yearly", "freq: once"), encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].field == "recurring[0].years"


def test_alias_shared_by_two_units_raises(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8").replace('aliases: ["Việc thử"]', 'aliases: ["NỘI DUNG THỬ NGHIỆM"]')
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].field == "projects[0].subprojects[0].aliases[0]"


def test_invalid_yaml_names_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("code: [unclosed\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_program(path)
    assert err.value.problems[0].file == str(path)  # the path as given, to find the file


def test_a_program_from_the_start_up_cache_matches_titles_like_a_fresh_one():
    """The packaged catalog is kept pickled (start-up), and remembered titles give the same answer
    as new ones."""
    import pickle

    from vanban.programs.load import load_program

    fresh = load_program("giam-ngheo-2021-2025")
    again = pickle.loads(pickle.dumps(fresh))
    titles = [
        "Kế hoạch thực hiện Tiểu dự án 1 Dự án 3: Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp",
        "Kế hoạch thực hiện Dự án 4 “Phát triển giáo dục nghề nghiệp, việc làm bền vững” năm 2023",
        "Kế hoạch tổ chức Hội nghị tổng kết",
    ]
    for title in titles * 2:  # the second time from the memo
        assert again.match_units(title) == fresh.match_units(title)
    assert fresh.match_units(titles[0]) == ["DA3-TDA1"]
    assert fresh.match_units(titles[2]) == []


# -- aliases: compared word by word, as the pattern they replaced ------------------------------
def _alias_pattern_spans(alias: tuple[str, ...], text: str) -> list[tuple[int, int]]:
    """The definition alias_spans keeps: the alias's words in order, whole, with up to four
    non-word characters between them (the pattern the matcher compiled for each alias before)."""
    import re

    pattern = re.compile(r"(?<!\w)" + r"\W{1,4}".join(map(re.escape, alias)) + r"(?!\w)")
    return [m.span() for m in pattern.finditer(text)]


def _title_words(text: str) -> tuple[list[str], list[tuple[int, int]]]:
    import re

    return re.findall(r"\w+", text), [m.span() for m in re.finditer(r"\w+", text)]


_ALIAS_WORDS = ["a", "b", "ă", "x_y", "２", "nghèo"]
#: between words: gaps of one to six non-word characters (the limit is four), none (words glued), a
#: digit or a letter that is part of a word
_GAPS = [" ", "  ", ", ", " - ", "“", "    ", "     ", "  ..  ", "", "1", "é", "\n"]


@settings(max_examples=3000)
@given(alias=st.lists(st.sampled_from(_ALIAS_WORDS), min_size=1, max_size=3).map(tuple),
       pieces=st.lists(st.tuples(st.sampled_from(_ALIAS_WORDS), st.sampled_from(_GAPS)), max_size=12),
       lead=st.sampled_from(["", " ", "x", "_"]))
def test_alias_spans_are_the_pattern_s_matches(alias: tuple[str, ...], pieces: list[tuple[str, str]],
                                               lead: str) -> None:
    from vanban.programs.match import alias_spans

    text = lead + "".join(word + gap for word, gap in pieces)
    assert alias_spans(*_title_words(text), alias) == _alias_pattern_spans(alias, text)


def test_alias_spans_are_the_pattern_s_matches_on_real_titles(prog: Program) -> None:
    """Every alias of the bundled catalogs against every title of the bundled registries and examples,
    and every line of the real texts under tests/data (reports, decisions, the seed)."""
    from vanban.programs import available_programs, load_program
    from vanban.programs.match import alias_key, alias_spans

    root = Path(__file__).resolve().parent.parent
    titles = [line.split("title:", 1)[1].strip().strip('"\'') for path in [root / "data" / "registry.yaml",
              *(root / "examples").rglob("*.yaml")]
              for line in path.read_text(encoding="utf-8").splitlines() if "title:" in line]
    titles += [line for path in sorted((root / "tests" / "data").rglob("*.txt"))
               for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    aliases = {tuple(alias_key(alias).split()) for code in available_programs()
               for project in load_program(code).projects
               for unit in (project, *project.subprojects) for alias in unit.aliases} - {()}
    assert len(titles) > 100 and len(aliases) > 20
    found = 0
    for title in titles:
        text = key(title)
        words = _title_words(text)
        for alias in aliases:
            spans = alias_spans(*words, alias)
            assert spans == _alias_pattern_spans(alias, text)
            found += len(spans)
    assert found > 20  # the comparison met real matches, not only misses


def test_titles_as_written_are_remembered_beyond_the_key_memo(prog: Program, monkeypatch: pytest.MonkeyPatch) -> None:
    """A national registry has more distinct titles than the memo of keys holds (190,000 at a million
    documents): the titles as written are kept past it, so a title seen before is not matched again;
    with both memos small, the answers stay those of a fresh matcher."""
    from vanban.programs.match import TitleMatcher

    titles = [f"Kế hoạch thực hiện Dự án {1 + i % 7} năm {2000 + i}" for i in range(300)]
    expected = [TitleMatcher(prog.projects).match(title) for title in titles]
    monkeypatch.setattr(TitleMatcher, "MEMO_SIZE", 16)
    computed: list[str] = []
    real = TitleMatcher._match_key
    monkeypatch.setattr(TitleMatcher, "_match_key", lambda self, k: computed.append(k) or real(self, k))
    matcher = TitleMatcher(prog.projects)
    assert [matcher.match(title) for title in titles] == expected and len(computed) == 300
    assert [matcher.match(title) for title in titles] == expected and len(computed) == 300  # none again
    monkeypatch.setattr(TitleMatcher, "WRITTEN_SIZE", 16)
    small = TitleMatcher(prog.projects)
    assert [small.match(title) for title in titles * 2] == expected * 2
    assert len(small._written) <= 16 and len(small._memo) <= 16
