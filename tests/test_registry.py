"""Tests for the registry: loading data/registry.yaml, IDs, relations, resolving references,
errors placed at file:line:column (library and CLI), YAML 1.2 meaning, and editing that keeps
the clerk's comments and writes atomically."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

import attrs
import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.registry.model import RelationType
from vanban.registry import RegistryEditor, RegistryError, ResolveError, load_registry, parse_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


# --- data/registry.yaml ----------------------------------------------------------------------------
def test_loads(registry):
    assert len(registry) == 50
    assert len(registry.documents) == 50
    assert len(registry.issuers) == 37  # with the 5 communes and the province formed on 2025-07-01
    assert registry.locality.issuer == "ubnd-binh-son"
    assert "giam-ngheo-2021-2025" in registry.locality.programs


def test_communes(registry):
    former = registry.communes("ubnd-binh-son")
    assert len(former) == 22
    assert all(i.valid_until == dt.date(2025, 6, 30) for i in former)
    new = registry.communes("ubnd-tinh-quang-ngai-2025")
    assert sorted(i.key for i in new) == ["ubnd-xa-binh-chuong-2025", "ubnd-xa-binh-minh-2025",
                                          "ubnd-xa-binh-son-2025", "ubnd-xa-dong-son-2025", "ubnd-xa-van-tuong-2025"]
    assert all(i.valid_from == dt.date(2025, 7, 1) for i in new)
    # the old province's communes are its districts' communes (the parent chain)
    assert {i.key for i in registry.communes("ubnd-tinh-quang-ngai")} == {i.key for i in former}


# NQ 1677/NQ-UBTVQH15, Điều 1 khoản 5-9: each former unit of Bình Sơn and the new commune it went to
SUCCESSION = {
    "ubnd-xa-binh-minh-2025": ["ubnd-xa-binh-khuong", "ubnd-xa-binh-an", "ubnd-xa-binh-minh"],
    "ubnd-xa-binh-chuong-2025": ["ubnd-xa-binh-my", "ubnd-xa-binh-chuong"],
    "ubnd-xa-binh-son-2025": ["ubnd-tt-chau-o", "ubnd-xa-binh-thanh-2", "ubnd-xa-binh-chanh", "ubnd-xa-binh-duong",
                              "ubnd-xa-binh-nguyen", "ubnd-xa-binh-trung", "ubnd-xa-binh-long"],
    "ubnd-xa-van-tuong-2025": ["ubnd-xa-binh-thuan", "ubnd-xa-binh-dong", "ubnd-xa-binh-tri", "ubnd-xa-binh-hai",
                               "ubnd-xa-binh-hoa", "ubnd-xa-binh-phuoc"],
    "ubnd-xa-dong-son-2025": ["ubnd-xa-binh-hiep", "ubnd-xa-binh-thanh", "ubnd-xa-binh-tan-phu", "ubnd-xa-binh-chau"],
}


@pytest.mark.parametrize("new", sorted(SUCCESSION))
def test_the_2025_rearrangement_as_data(registry, new):
    assert sorted(i.key for i in registry.predecessors(new)) == sorted(
        SUCCESSION[new] + (["ubnd-binh-son"] if new != "ubnd-tinh-quang-ngai-2025" else []))
    for old in SUCCESSION[new]:
        [(carrier, chain)] = registry.successors(old)
        assert carrier.key == new and chain == [old, new]


def test_the_district_passes_on_to_its_five_communes(registry):
    carriers = registry.successors("ubnd-binh-son")
    assert sorted(c.key for c, _ in carriers) == sorted(SUCCESSION)
    assert registry.succession_text("ubnd-binh-son").startswith("UBND huyện Bình Sơn → UBND xã Bình Minh, ")
    assert registry.successors("ubnd-tinh-quang-ngai")[0][0].key == "ubnd-tinh-quang-ngai-2025"


def test_units_are_told_apart_by_key_never_by_name_alone(registry):
    # "Bình Thanh" and "Bình Thạnh" went to different communes; a tone-blind match would merge them
    assert registry.find_issuer("UBND xã Bình Thanh").key == "ubnd-xa-binh-thanh"
    assert registry.find_issuer("UBND xã Bình Thạnh").key == "ubnd-xa-binh-thanh-2"
    assert registry.successors("ubnd-xa-binh-thanh")[0][0].key == "ubnd-xa-dong-son-2025"
    assert registry.successors("ubnd-xa-binh-thanh-2")[0][0].key == "ubnd-xa-binh-son-2025"
    # "UBND xã Bình Minh" is a former and a new commune: the day tells them apart, else it is ambiguous
    with pytest.raises(ResolveError) as err:
        registry.find_issuer("UBND xã Bình Minh")
    assert err.value.reason == "ambiguous"
    assert registry.find_issuer("UBND xã Bình Minh", dt.date(2024, 5, 1)).key == "ubnd-xa-binh-minh"
    assert registry.find_issuer("UBND xã Bình Minh", dt.date(2025, 9, 1)).key == "ubnd-xa-binh-minh-2025"
    # the former district and the new commune named Bình Sơn are different names
    assert registry.find_issuer("UBND huyện Bình Sơn").key == "ubnd-binh-son"
    assert registry.find_issuer("UBND xã Bình Sơn").key == "ubnd-xa-binh-son-2025"


@pytest.mark.parametrize(
    "doc_id, code",
    [
        ("ubnd-binh-son/2023/36-kh-ubnd", "36/KH-UBND"),
        ("huyen-uy-binh-son/2023/1631-qd-hu", "1631-QĐ/HU"),
        ("hdnd-tinh-quang-ngai/2022/26-nq-hdnd", "26/2022/NQ-HĐND"),
        ("ubnd-binh-son/2022/116-khh-ubnd", "116/KHH-UBND"),
        ("so-noi-vu-quang-ngai/2023/2101-snv-tdkt", "2101/SNV-TĐKT"),
        ("hoi-lhpn-binh-son/2022/08-kh-btv", "08-KH/BTV"),
        ("quoc-hoi/2021/24-qh15", "24/2021/QH15"),
    ],
)
def test_ids(registry, doc_id, code):
    doc = registry.by_id[doc_id]
    assert doc.code == code
    assert doc.id == doc_id


def test_ids_are_unique_and_stable(registry):
    ids = [d.id for d in registry.documents]
    assert len(set(ids)) == len(ids) == 50
    again = load_registry(REGISTRY)
    assert [d.id for d in again.documents] == ids


def test_both_1903_are_two_documents(registry):
    assert {d.code for d in registry.documents if d.number == "1903"} == {"1903/UBND-VX", "1903/UBND"}


def test_typo_kept(registry):
    doc = registry.resolve("116/KHH-UBND")
    assert doc.symbol == "KHH-UBND"
    assert doc.kind == "Kế hoạch"


def test_normative_year(registry):
    doc = registry.by_id["hdnd-tinh-quang-ngai/2022/26-nq-hdnd"]
    assert doc.year == 2022
    assert doc.symbol == "NQ-HĐND"
    assert doc.number == "26"


def test_relation_implements(registry):
    doc = registry.resolve("2017/QĐ-UBND")
    targets = registry.related(doc, RelationType.IMPLEMENTS)
    assert [t.code for t in targets] == ["1085/QĐ-UBND"]
    assert targets[0].issuer == "ubnd-tinh-quang-ngai"
    assert any(r.type is RelationType.IMPLEMENTS and r.target == targets[0].id for r in doc.relations)


def test_inverse_implemented_by(registry):
    qd1085 = registry.resolve("1085/QĐ-UBND")
    assert RelationType.IMPLEMENTS.inverse == "implemented_by"
    implementers = registry.inverse(qd1085, "implements")
    assert "ubnd-binh-son/2022/2017-qd-ubnd" in [d.id for d in implementers]
    assert "ubnd-binh-son/2022/2017-qd-ubnd" in [d.id for d in registry.inverse(qd1085)]
    # stored in one direction only
    assert not any(r.type is RelationType.IMPLEMENTS for r in qd1085.relations)


def test_responds_to(registry):
    report = registry.resolve("733/BC-UBND")
    assert [d.code for d in registry.related(report, "responds_to")] == ["2101/SNV-TĐKT"]
    request = registry.resolve("2101/SNV-TĐKT")
    assert [d.code for d in registry.inverse(request, RelationType.RESPONDS_TO)] == ["733/BC-UBND"]
    assert RelationType.RESPONDS_TO.inverse == "responded_by"


def test_3764_implements_both_resolutions(registry):
    doc = registry.resolve("3764/UBND-TC")
    assert sorted(d.code for d in registry.related(doc, "implements")) == ["26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]


def test_subprojects(registry):
    assert registry.resolve("109/KH-UBND").subprojects == ("DA3-TDA2", "DA7")
    assert registry.resolve("1370/UBND-VX").subprojects == ("DA6-TDA1",)


@pytest.mark.parametrize(
    "ref",
    [
        "ubnd-tinh-quang-ngai/2022/1085-qd-ubnd",
        "1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh",
        "1085/QĐ-UBND",
        "Quyết định số 1085/QĐ-UBND ngày 15/08/2022",
        "1085/QĐ-UBND của UBND tỉnh Quảng Ngãi",
        "  1085/QĐ-UBND  ",
    ],
)
def test_resolve_1085(registry, ref):
    assert registry.resolve(ref).id == "ubnd-tinh-quang-ngai/2022/1085-qd-ubnd"


def test_resolve_tolerant_forms(registry):
    assert registry.resolve("2/HD-BTV").code == "02/HD-BTV"
    assert registry.resolve("1631-QĐ/HU").id == "huyen-uy-binh-son/2023/1631-qd-hu"
    assert registry.resolve("26/2022/NQ-HĐND").id == "hdnd-tinh-quang-ngai/2022/26-nq-hdnd"
    assert registry.resolve("36/KH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn").id == "ubnd-binh-son/2023/36-kh-ubnd"


@pytest.mark.parametrize(
    "ref",
    [
        "999/QĐ-UBND",
        "1085/QĐ-UBND ngày 16/8/2022",  # wrong date
        "1085/QĐ-UBND của Sở Nội vụ",  # wrong issuer
        "28/2022/NQ-HĐND",
        "not a reference",
        "ubnd-binh-son/2023/999-kh-ubnd",
    ],
)
def test_resolve_unresolved(registry, ref):
    with pytest.raises(ResolveError) as info:
        registry.resolve(ref)
    assert info.value.reason == "unresolved"
    assert registry.get(ref) is None


# --- a small registry ------------------------------------------------------------------------------
BASE = """\
# Sổ thử: một dòng chú thích
vanban: 1
locality:
  name: huyện Thử
  issuer: ubnd-thu
  programs: [giam-ngheo-2021-2025]
issuers:
  ubnd-thu:
    name: Ủy ban nhân dân huyện Thử
    short: UBND huyện Thử
    abbr: UBND
    level: huyện
documents:
  - code: 36/KH-UBND
    kind: Kế hoạch
    date: 2023-02-20
    issuer: ubnd-thu
    title: thực hiện Chương trình
    subprojects: [DA7]
  - code: 5/QĐ-UBND
    date: 2023-03-01
    issuer: UBND huyện Thử
    implements: [36/KH-UBND]
"""


def write(tmp_path: Path, text: str, name: str = "registry.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def place(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """1-based line and column of the *occurrence*-th *needle* in *text*."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def test_base_registry_is_valid(tmp_path):
    reg = load_registry(write(tmp_path, BASE))
    assert [d.id for d in reg.documents] == ["ubnd-thu/2023/36-kh-ubnd", "ubnd-thu/2023/5-qd-ubnd"]
    assert reg.documents[1].issuer == "ubnd-thu"  # by name
    assert reg.documents[1].kind == "Quyết định"  # read from the symbol
    assert [d.code for d in reg.inverse(reg.documents[0])] == ["5/QĐ-UBND"]
    result = CliRunner().invoke(main, ["validate", "--registry", str(tmp_path / "registry.yaml")])
    assert result.exit_code == 0, result.output


# (name, old, new, msg_id, needle placing the error, occurrence of the needle in the bad text)
DEFECTS = [
    ("yaml-syntax", "    title: thực hiện Chương trình", "    title: thực hiện: Chương trình", "yaml-syntax",
     ": Chương trình", 1),
    ("impossible-date", "date: 2023-03-01", "date: 2023-02-30", "impossible-date", "2023-02-30", 1),
    ("bad-date", "date: 2023-03-01", "date: mùng một tháng ba", "bad-date", "mùng một", 1),
    ("unknown-issuer", "issuer: UBND huyện Thử", "issuer: ubnd-khac", "unknown-issuer", "ubnd-khac", 1),
    ("unknown-subproject", "subprojects: [DA7]", "subprojects: [DA9]", "unknown-subproject", "DA9", 1),
    ("duplicate-id", "code: 5/QĐ-UBND", "code: 36/KH-UBND", "duplicate-id", "36/KH-UBND", 2),
    ("unresolved-reference", "implements: [36/KH-UBND]", "implements: [999/QĐ-UBND]", "unresolved-reference",
     "999/QĐ-UBND", 1),
    ("unknown-field", "    title: thực hiện", "    titel: thực hiện", "unknown-field", "titel", 1),
    ("bad-code", "code: 5/QĐ-UBND", "code: năm", "bad-code", "năm", 1),
    ("unknown-kind", "kind: Kế hoạch", "kind: Kế hoạc", "unknown-kind", "Kế hoạc", 1),
]


@pytest.mark.parametrize("name, old, new, msg_id, needle, occurrence", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_bad_registry_library(tmp_path, name, old, new, msg_id, needle, occurrence):
    text = BASE.replace(old, new)
    assert text != BASE
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    problems = info.value.problems
    assert [p.error for p in problems] == [msg_id], info.value.render("en")
    problem = problems[0]
    assert (problem.line, problem.column) == place(text, needle, occurrence)
    assert problem.file == str(path)
    assert problem.location == f"{path}:{problem.line}:{problem.column}"
    assert problem.message("vi") and problem.message("en")
    # parse_registry gives the same problem for the same text
    with pytest.raises(RegistryError) as again:
        parse_registry(text, filename="x.yaml")
    assert [(p.error, p.line, p.column) for p in again.value.problems] == [
        (problem.error, problem.line, problem.column)
    ]


@pytest.mark.parametrize("name, old, new, msg_id, needle, occurrence", DEFECTS, ids=[d[0] for d in DEFECTS])
def test_bad_registry_cli(tmp_path, name, old, new, msg_id, needle, occurrence):
    text = BASE.replace(old, new)
    path = write(tmp_path, text)
    result = CliRunner().invoke(main, ["validate", "--registry", str(path)])
    assert result.exit_code == 2, result.output
    line, column = place(text, needle, occurrence)
    assert f"{path}:{line}:{column}" in result.output
    assert "Traceback" not in result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)


def test_bad_registry_field_named(tmp_path):
    text = BASE.replace("date: 2023-03-01", "date: 2023-02-30")
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.field == "documents[1].date"
    assert "2023-02-30" in problem.message("vi")
    rendered = info.value.render("vi")
    assert "documents[1].date" in rendered
    assert problem.hint("vi")  # what to do


def test_duplicate_id_names_the_other_line(tmp_path):
    text = BASE.replace("code: 5/QĐ-UBND", "code: 36/KH-UBND")
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.params["value"] == "ubnd-thu/2023/36-kh-ubnd"
    assert problem.params["other_line"] == place(text, "36/KH-UBND", 1)[0]


def test_unknown_field_suggests(tmp_path):
    text = BASE.replace("    title: thực hiện", "    titel: thực hiện")
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, text))
    (problem,) = info.value.problems
    assert problem.params["suggestion"] == "title"
    assert "title" in problem.hint("en")


def test_unknown_subproject_suggests(tmp_path):
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, BASE.replace("[DA7]", "[DA7-TDA9]")))
    (problem,) = info.value.problems
    assert problem.error == "unknown-subproject"
    assert problem.params["suggestion"].startswith("DA7")


def test_several_problems_are_all_reported(tmp_path):
    text = BASE.replace("date: 2023-03-01", "date: 2023-02-30").replace("subprojects: [DA7]", "subprojects: [DA9]")
    with pytest.raises(RegistryError) as info:
        load_registry(write(tmp_path, text))
    assert [p.error for p in info.value.problems] == ["unknown-subproject", "impossible-date"]


def test_yaml_syntax_error_unclosed_bracket(tmp_path):
    text = BASE.replace("subprojects: [DA7]", "subprojects: [DA7")
    path = write(tmp_path, text)
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    (problem,) = info.value.problems
    assert problem.error == "yaml-syntax"
    bad_line = place(text, "[DA7")[0]
    assert problem.line in (bad_line, bad_line + 1)  # libyaml notices on this line or the next
    result = CliRunner().invoke(main, ["validate", "--registry", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{problem.line}:{problem.column}" in result.output
    assert "Traceback" not in result.output


def test_missing_file(tmp_path):
    path = tmp_path / "khong-co.yaml"
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert [p.error for p in info.value.problems] == ["file-not-found"]
    result = CliRunner().invoke(main, ["validate", "--registry", str(path)])
    assert result.exit_code == 2
    assert str(path) in result.output
    assert "Traceback" not in result.output
    assert "không tìm thấy" in result.output


def test_not_utf8(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_bytes(BASE.encode("utf-8") + "# chú thích\n".encode("cp1258", errors="replace") + b"\xff\xfe\n")
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    assert [p.error for p in info.value.problems] == ["not-utf8"]
    result = CliRunner().invoke(main, ["validate", "--registry", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_lang_en(tmp_path):
    text = BASE.replace("date: 2023-03-01", "date: 2023-02-30")
    path = write(tmp_path, text)
    vi = CliRunner().invoke(main, ["validate", "--registry", str(path)])
    en = CliRunner().invoke(main, ["--lang", "en", "validate", "--registry", str(path)])
    assert vi.exit_code == en.exit_code == 2
    assert "does not exist" in en.output
    assert "không tồn tại" in vi.output
    assert "không tồn tại" not in en.output
    line, column = place(text, "2023-02-30")
    assert f"{path}:{line}:{column}" in en.output
    missing = CliRunner().invoke(main, ["--lang", "en", "validate", "--registry", str(tmp_path / "none.yaml")])
    assert missing.exit_code == 2
    assert "not found" in missing.output


def test_ambiguous_reference(tmp_path):
    text = BASE.replace(
        "documents:\n",
        "  ubnd-xa:\n    name: Ủy ban nhân dân xã Thử\n    short: UBND xã Thử\n    abbr: UBND\n    level: xã\n"
        "    parent: ubnd-thu\n"
        "documents:\n"
        "  - code: 36/KH-UBND\n    date: 2023-01-05\n    issuer: ubnd-xa\n",
    )
    path = write(tmp_path, text)
    # the reference "36/KH-UBND" now names two documents: reported, never guessed
    with pytest.raises(RegistryError) as info:
        load_registry(path)
    (problem,) = info.value.problems
    assert problem.error == "ambiguous-reference"
    assert (problem.line, problem.column) == place(text, "36/KH-UBND]")
    # with the issuer it resolves
    fixed = text.replace("implements: [36/KH-UBND]", "implements: [36/KH-UBND của UBND huyện Thử]")
    reg = parse_registry(fixed)
    assert [d.id for d in reg.related(reg.by_id["ubnd-thu/2023/5-qd-ubnd"])] == ["ubnd-thu/2023/36-kh-ubnd"]
    with pytest.raises(ResolveError) as amb:
        reg.resolve("36/KH-UBND")
    assert amb.value.reason == "ambiguous"
    assert set(amb.value.candidates) == {"ubnd-thu/2023/36-kh-ubnd", "ubnd-xa/2023/36-kh-ubnd"}
    assert reg.resolve("36/KH-UBND ngày 05/01/2023").id == "ubnd-xa/2023/36-kh-ubnd"
    assert reg.resolve("36/KH-UBND của UBND xã Thử").id == "ubnd-xa/2023/36-kh-ubnd"
    assert reg.resolve("ubnd-thu/2023/36-kh-ubnd").issuer == "ubnd-thu"
    assert reg.get("36/KH-UBND") is None


# --- YAML 1.2 meaning ------------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["no", "yes", "on", "off", "No", "y", "n"])
def test_yaml_words_stay_text(tmp_path, word):
    reg = load_registry(write(tmp_path, BASE.replace("title: thực hiện Chương trình", f"title: {word}")))
    assert reg.documents[0].title == word


def test_leading_zero_kept(tmp_path):
    text = BASE + "  - code: 08-KH/BTV\n    date: 2022-01-11\n    issuer: ubnd-thu\n  - code: 02/HD-BTV\n" \
                  "    date: 2021-12-28\n    issuer: ubnd-thu\n"
    reg = load_registry(write(tmp_path, text))
    party = reg.resolve("08-KH/BTV")
    assert party.number == "08"
    assert party.code == "08-KH/BTV"
    assert party.id == "ubnd-thu/2022/08-kh-btv"
    assert reg.resolve("02/HD-BTV").number == "02"


def test_numbers_and_dates_as_text(tmp_path):
    text = BASE.replace("title: thực hiện Chương trình", "title: 1.10").replace("date: 2023-03-01", "date: 01/03/2023")
    reg = load_registry(write(tmp_path, text))
    assert reg.documents[0].title == "1.10"
    assert reg.documents[1].date == dt.date(2023, 3, 1)


@pytest.mark.parametrize("value", ["~", "null", "Null", ""])
def test_null_means_not_given(tmp_path, value):
    text = BASE.replace("title: thực hiện Chương trình", f"title: {value}".rstrip())
    reg = load_registry(write(tmp_path, text))
    assert reg.documents[0].title is None


def test_quoted_null_is_text(tmp_path):
    reg = load_registry(write(tmp_path, BASE.replace("title: thực hiện Chương trình", 'title: "~"')))
    assert reg.documents[0].title == "~"


# --- editing -------------------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path) -> Path:
    path = tmp_path / "registry.yaml"
    shutil.copyfile(REGISTRY, path)
    return path


def _comments(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.lstrip().startswith("#")]


def test_dumps_unchanged_is_identical(copy):
    editor = RegistryEditor(copy)
    assert editor.dumps() == copy.read_text(encoding="utf-8")
    assert editor.changed is False


def test_save_unchanged_writes_nothing(copy):
    before = copy.read_bytes()
    stat = copy.stat()
    editor = RegistryEditor(copy)
    assert editor.save() is False
    assert copy.read_bytes() == before
    assert copy.stat().st_mtime_ns == stat.st_mtime_ns
    assert copy.read_bytes() == REGISTRY.read_bytes()


def test_add_document_keeps_comments(copy):
    original = copy.read_text(encoding="utf-8")
    editor = RegistryEditor(copy)
    editor.add_document(
        {"code": "200/KH-UBND", "kind": "Kế hoạch", "date": "2023-12-01", "issuer": "ubnd-binh-son",
         "title": "thực hiện Chương trình năm 2024", "subprojects": ["DA7"], "implements": ["36/KH-UBND"]},
        comment="thêm khi thử",
    )
    assert editor.changed
    assert editor.save() is True
    new = copy.read_text(encoding="utf-8")
    # every original comment line is still there, in order
    new_comments = _comments(new)
    old_comments = _comments(original)
    it = iter(new_comments)
    assert all(any(c == n for n in it) for c in old_comments)
    assert len(new_comments) == len(old_comments) + 1
    # all original lines precede the new entry unchanged
    assert new.startswith(original.rstrip("\n"))
    reg = load_registry(copy)
    assert len(reg) == 51
    doc = reg.by_id["ubnd-binh-son/2023/200-kh-ubnd"]
    assert doc.date == dt.date(2023, 12, 1)
    assert doc.subprojects == ("DA7",)
    assert [d.code for d in reg.related(doc, "implements")] == ["36/KH-UBND"]


def test_add_document_rejects_unknown_fields(copy):
    editor = RegistryEditor(copy)
    with pytest.raises(ValueError):
        editor.add_document({"code": "200/KH-UBND", "titel": "x"})


def test_save_refuses_an_invalid_result(copy):
    before = copy.read_bytes()
    editor = RegistryEditor(copy)
    editor.add_document({"code": "200/KH-UBND", "date": "2023-12-01", "issuer": "ubnd-khong-co"})
    with pytest.raises(RegistryError):
        editor.save()
    assert copy.read_bytes() == before


def test_add_relation_existing(copy):
    editor = RegistryEditor(copy)
    assert editor.add_relation("1057/QĐ-UBND", "implements", "1566/QĐ-UBND") is True
    assert editor.add_relation("1057/QĐ-UBND", "implements", "1566/QĐ-UBND") is False  # already there
    assert editor.save() is True
    reg = load_registry(copy)
    doc = reg.resolve("1057/QĐ-UBND")
    assert [d.code for d in reg.related(doc, "implements")] == ["1566/QĐ-UBND"]
    assert "ubnd-binh-son/2023/1057-qd-ubnd" in [d.id for d in reg.inverse(reg.resolve("1566/QĐ-UBND"), "implements")]
    assert _comments(copy.read_text(encoding="utf-8")) == _comments(REGISTRY.read_text(encoding="utf-8"))


def test_add_relation_to_a_list_that_exists(copy):
    editor = RegistryEditor(copy)
    assert editor.add_relation("3764/UBND-TC", RelationType.IMPLEMENTS, "1566/QĐ-UBND") is True
    editor.save()
    reg = load_registry(copy)
    codes = sorted(d.code for d in reg.related(reg.resolve("3764/UBND-TC"), "implements"))
    assert codes == ["1566/QĐ-UBND", "26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]


def test_add_relation_on_a_new_document(copy):
    editor = RegistryEditor(copy)
    editor.add_document({"code": "200/KH-UBND", "date": "2023-12-01", "issuer": "ubnd-binh-son"})
    assert editor.add_relation("200/KH-UBND", "implements", "36/KH-UBND") is True
    editor.save()
    reg = load_registry(copy)
    assert [d.code for d in reg.related(reg.resolve("200/KH-UBND"), "implements")] == ["36/KH-UBND"]


def test_add_relation_unresolved_target(copy):
    editor = RegistryEditor(copy)
    with pytest.raises(ResolveError):
        editor.add_relation("1057/QĐ-UBND", "implements", "999/QĐ-UBND")
    assert editor.changed is False


def test_save_is_atomic(copy, monkeypatch):
    before = copy.read_bytes()
    listing = sorted(p.name for p in copy.parent.iterdir())
    editor = RegistryEditor(copy)
    editor.add_document({"code": "200/KH-UBND", "date": "2023-12-01", "issuer": "ubnd-binh-son"})

    def boom(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        editor.save()
    assert copy.read_bytes() == before
    assert sorted(p.name for p in copy.parent.iterdir()) == listing  # no temporary file left
    monkeypatch.undo()
    assert editor.save() is True
    assert len(load_registry(copy)) == 51
    assert sorted(p.name for p in copy.parent.iterdir()) == listing


def test_editor_refuses_an_invalid_registry(tmp_path):
    path = write(tmp_path, BASE.replace("date: 2023-03-01", "date: 2023-02-30"))
    with pytest.raises(RegistryError):
        RegistryEditor(path)


# --- vanban add ----------------------------------------------------------------------------------
def test_cli_add_dry_run(copy):
    before = copy.read_bytes()
    result = CliRunner().invoke(
        main, ["add", "Kế hoạch số 200/KH-UBND ngày 01/12/2023", "--registry", str(copy), "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    assert copy.read_bytes() == before
    assert "+++" in result.output and "---" in result.output
    added = [line for line in result.output.splitlines() if line.startswith("+") and not line.startswith("+++")]
    assert any("200/KH-UBND" in line for line in added)
    assert not [line for line in result.output.splitlines() if line.startswith("-") and not line.startswith("---")]


def test_cli_add(copy):
    original = copy.read_text(encoding="utf-8")
    result = CliRunner().invoke(
        main,
        ["add", "Kế hoạch số 200/KH-UBND ngày 01/12/2023", "--registry", str(copy),
         "--title", "thực hiện Chương trình năm 2024", "--subproject", "DA7", "--implements", "36/KH-UBND"],
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ubnd-binh-son/2023/200-kh-ubnd"
    reg = load_registry(copy)
    assert len(reg) == 51
    doc = reg.by_id["ubnd-binh-son/2023/200-kh-ubnd"]
    assert (doc.kind, doc.date, doc.title) == ("Kế hoạch", dt.date(2023, 12, 1), "thực hiện Chương trình năm 2024")
    assert doc.subprojects == ("DA7",)
    assert [d.code for d in reg.related(doc, "implements")] == ["36/KH-UBND"]
    assert _comments(original) == _comments(copy.read_text(encoding="utf-8"))


def test_cli_add_issuer_from_citation(copy):
    result = CliRunner().invoke(
        main, ["add", "Quyết định số 300/QĐ-UBND ngày 05/12/2023 của UBND tỉnh Quảng Ngãi", "--registry", str(copy)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == "ubnd-tinh-quang-ngai/2023/300-qd-ubnd"


@pytest.mark.parametrize(
    "citation",
    ["Kế hoạch số 36/KH-UBND ngày 20/02/2023",  # already there: duplicate ID
     "Kế hoạch số 201/KH-UBND ngày 30/02/2023",  # impossible date
     "không phải trích dẫn"],
)
def test_cli_add_refuses(copy, citation):
    before = copy.read_bytes()
    result = CliRunner().invoke(main, ["add", citation, "--registry", str(copy)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert copy.read_bytes() == before


def test_cli_list_ids(copy):
    result = CliRunner().invoke(main, ["list", "--registry", str(copy)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 50
    assert any(line.startswith("ubnd-binh-son/2023/36-kh-ubnd ") for line in lines)


# --- an append validated without reading the whole file again ------------------------------------------------
_HEADER = REGISTRY.read_text(encoding="utf-8")
_HEADER = _HEADER[: _HEADER.index("\ndocuments:")] + "\n"
_ENTRY = "  - code: {n}/KH-UBND\n    kind: Kế hoạch\n    date: 2024-0{m}-1{d}\n    issuer: ubnd-binh-son\n"
_ENDINGS = [
    "",  # the entry's last line ends the file
    "\n\n# ghi chú cuối tệp\n",  # blank lines and a comment after it
    "    title: |\n      dòng một\n\n",  # the last entry ends in a block scalar
    "    title: >+\n      giữ dòng trống\n\n\n",  # … that keeps its trailing lines
    "issuers_extra: 1\n",  # another key after the list (not a plain append: the whole file is read)
    "    implements: [{n}/KH-UBND]\n",  # a reference to itself (an error in both readings)
]
_NEW = [
    ("900/KH-UBND", "ubnd-binh-son"),
    ("901/KH-UBND", "ubnd-khong-co"),  # an issuer nobody registered: an error in both readings
    ("1/KH-UBND", "ubnd-binh-son"),  # the code of the first entry again, another day
]


def _both_readings(path: Path, new: list[tuple[str, str]], monkeypatch) -> tuple[object, object]:
    """What propose gives with the append validated from the cached part, and with the whole text
    read (the quick path turned off): the registry's documents, or the error's text."""
    from vanban.registry import NewDocument, edit, load_registry_any, propose

    docs = [NewDocument(code=code, date=dt.date(2025, 6, 2 + i), issuer=issuer, kind="Kế hoạch")
            for i, (code, issuer) in enumerate(new)]
    results = []
    for quick in (True, False):
        with monkeypatch.context() as patch:
            if not quick:
                patch.setattr(edit.RegistryEditor, "_appended_registry", lambda self, after: None)
            try:
                change = propose(load_registry_any(path), docs, near=False)
                assert change.registry is not None
                results.append((change.after, [attrs.asdict(d) for d in change.registry.documents],
                                change.registry.issuers == parse_registry(change.after).issuers))
            except RegistryError as exc:
                results.append(exc.render("en"))
    return results[0], results[1]


@pytest.mark.parametrize("ending", range(len(_ENDINGS)))
@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_an_append_reads_as_the_whole_file_would(tmp_path, monkeypatch, ending, count, newline):
    entries = "".join(_ENTRY.format(n=n, m=1 + n % 9, d=n % 10) for n in range(1, 6))
    text = _HEADER + "documents:\n" + entries + _ENDINGS[ending].format(n=5)
    path = tmp_path / "vanban.yaml"
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    for new in ([_NEW[0]], [_NEW[1]], [_NEW[2]], _NEW[:count]):
        quick, full = _both_readings(path, new, monkeypatch)
        assert quick == full


def test_the_quick_path_is_taken_for_a_plain_append(tmp_path, monkeypatch):
    from vanban.registry import NewDocument, edit, load_registry_any, propose

    path = tmp_path / "vanban.yaml"
    path.write_text(_HEADER + "documents:\n" + _ENTRY.format(n=1, m=1, d=1), encoding="utf-8")
    taken = []
    quick = edit.RegistryEditor._appended_registry

    def spy(self, after):
        result = quick(self, after)
        taken.append(result is not None)
        return result

    monkeypatch.setattr(edit.RegistryEditor, "_appended_registry", spy)
    change = propose(load_registry_any(path), [NewDocument(code="2/KH-UBND", date=dt.date(2025, 1, 2),
                                                           issuer="ubnd-binh-son", kind="Kế hoạch")])
    assert taken == [True]
    assert change.save()
    # what it validated is in the cache: the next command reads the file without parsing it
    from vanban.registry import folder

    assert folder.cached_part(path.read_bytes(), str(path)) is not None
    assert len(load_registry_any(path)) == 2
    with monkeypatch.context() as patch:  # without the cache: the whole file is read, the same result
        patch.setenv("VANBAN_NO_CACHE", "1")
        taken.clear()
        propose(load_registry_any(path), [NewDocument(code="3/KH-UBND", date=dt.date(2025, 1, 3),
                                                      issuer="ubnd-binh-son", kind="Kế hoạch")])
        assert taken == [False]
