"""Golden tests on the real seed report: Báo cáo 733/BC-UBND of UBND huyện Bình Sơn, 17/11/2023.

The expected appendix is the first 41 documents of data/registry.yaml (imported from the seed
in the published order); each code is also checked to be written in the seed's appendix, so
the golden list does not rest on the finder itself.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban import find_citations
from vanban.cli import main
from vanban.registry import load_registry
from vanban.base.text import nfc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
REGISTRY = ROOT / "data" / "registry.yaml"
APPENDIX_HEADING = "DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH"

BODY_CODES = [
    "733/BC-UBND",  # "Số: 733/BC-UBND" in the header
    "2101/SNV-TĐKT",
    "1085/QĐ-UBND",
    "2017/QĐ-UBND",
    "02/HD-BTV",
    "08-KH/BTV",
    "2332/QĐ-UBND",
    "733/BC-UBND",  # "(Kèm theo Báo cáo số 733/BC-UBND …)" above the appendix
]


@pytest.fixture(scope="module")
def text() -> str:
    return nfc(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


@pytest.fixture(scope="module")
def appendix_docs(registry):
    docs = list(registry.documents[:41])
    # the body-cited documents start right after the appendix's 41
    assert registry.documents[41].code == "1085/QĐ-UBND"
    return docs


@pytest.fixture(scope="module")
def citations(text):
    return find_citations(text)


@pytest.fixture(scope="module")
def appendix_start(text) -> int:
    return text.index(APPENDIX_HEADING)


def _bullet_line_start(text: str, offset: int) -> int | None:
    start = text.rfind("\n", 0, offset) + 1
    return start if text.startswith("- ", start) else None


@pytest.fixture(scope="module")
def appendix_entries(text, citations, appendix_start):
    """The first citation of each bullet line of the appendix."""
    firsts: dict[int, object] = {}
    for c in citations:
        if c.start < appendix_start:
            continue
        line = _bullet_line_start(text, c.start)
        if line is not None:
            firsts.setdefault(line, c)
    return list(firsts.values())


def test_golden_list_is_written_in_the_seed(text, appendix_docs, appendix_start):
    appendix = text[appendix_start:]
    bullets = [line for line in appendix.splitlines() if line.startswith("- ")]
    assert len(bullets) == 41
    assert len(appendix_docs) == 41
    for doc, line in zip(appendix_docs, bullets):
        written = re.sub(r"(\d) /", r"\1/", line)  # "1819 /UBND-VX" as published
        assert re.search(rf"(?<![\d/]){re.escape(doc.code)}(?![\w/])", written), (doc.code, line)


def test_every_appendix_entry_is_found(appendix_entries, appendix_docs):
    assert [c.code for c in appendix_entries] == [d.code for d in appendix_docs]


def test_appendix_dates_equal_the_registry(appendix_entries, appendix_docs):
    for c, doc in zip(appendix_entries, appendix_docs):
        assert c.date == doc.date, c.code
        assert c.invalid_date is None


def test_appendix_kinds_equal_the_registry(appendix_entries, appendix_docs):
    for c, doc in zip(appendix_entries, appendix_docs):
        assert c.kind == doc.kind, c.code


def test_appendix_issuer_phrases_name_the_registry_issuer(appendix_entries, appendix_docs, registry):
    named = 0
    for c, doc in zip(appendix_entries, appendix_docs):
        if c.issuer is not None:
            named += 1
            assert doc.issuer in registry.issuer_keys_for(c.issuer), (c.code, c.issuer)
    assert named >= 30  # most entries say "của UBND huyện …"


def test_appendix_titles_equal_the_registry(appendix_entries, appendix_docs):
    for c, doc in zip(appendix_entries, appendix_docs):
        if doc.code == "2990/UBND-VX":
            # the registry keeps the entry's second sentence as a note, not in the title
            assert c.title.startswith(doc.title)
            assert doc.note and doc.note in c.title
        else:
            assert c.title == doc.title, doc.code


def test_typo_in_the_seed_is_kept(appendix_entries):
    typo = [c for c in appendix_entries if c.number == "116"]
    assert len(typo) == 1
    assert typo[0].code == "116/KHH-UBND"
    assert typo[0].unknown_abbreviation() == "KHH"
    # no other appendix entry carries an unknown abbreviation
    assert [c.code for c in appendix_entries if c.unknown_abbreviation()] == ["116/KHH-UBND"]


def test_both_1903_stay_as_written(appendix_entries):
    assert [c.code for c in appendix_entries if c.number == "1903"] == ["1903/UBND-VX", "1903/UBND"]


def test_body_citations(citations, appendix_start):
    body = [c.code for c in citations if c.start < appendix_start]
    assert body == BODY_CODES[:-1]


def test_all_citations_no_extra(citations, appendix_docs):
    expected = Counter(d.code for d in appendix_docs) + Counter(BODY_CODES) + Counter(
        ["26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]  # inside the title of 3764/UBND-TC
    )
    assert Counter(c.code for c in citations) == expected
    assert len(citations) == 51


@pytest.mark.parametrize(
    "code, count",
    [("2017/QĐ-UBND", 2), ("2332/QĐ-UBND", 2), ("733/BC-UBND", 2), ("26/2022/NQ-HĐND", 1), ("27/2022/NQ-HĐND", 1),
     ("2101/SNV-TĐKT", 1), ("1085/QĐ-UBND", 1), ("02/HD-BTV", 1), ("08-KH/BTV", 1)],
)
def test_body_citation_counts(citations, code, count):
    assert sum(1 for c in citations if c.code == code) == count


def test_spans_point_into_the_text(text, citations):
    for c in citations:
        assert 0 <= c.start < c.end <= len(text)
        assert text[c.start : c.end] == c.raw
    starts = [c.start for c in citations]
    assert starts == sorted(starts)


def _first(citations, code):
    return next(c for c in citations if c.code == code)


def test_body_citation_details(citations):
    c = _first(citations, "2101/SNV-TĐKT")
    assert c.kind == "Công văn"
    assert c.issuer == "Sở Nội vụ"
    assert c.date == dt.date(2023, 11, 7)
    assert c.title.startswith("về việc thực hiện sơ kết phong trào thi đua")

    c = _first(citations, "1085/QĐ-UBND")
    assert (c.kind, c.date, c.issuer) == ("Quyết định", dt.date(2022, 8, 15), "UBND tỉnh")
    assert c.title.startswith("về việc ban hành Kế hoạch tổ chức thực hiện Phong trào thi đua")

    c = _first(citations, "2017/QĐ-UBND")
    assert (c.date, c.issuer) == (dt.date(2022, 10, 3), None)
    assert c.title.startswith("về việc phê duyệt Kế hoạch")

    c = _first(citations, "02/HD-BTV")
    assert (c.kind, c.date) == ("Hướng dẫn", dt.date(2021, 12, 28))  # written 28.12.2021
    assert c.issuer == "Ban Thường vụ Hội LHPN Quảng Ngãi"

    c = _first(citations, "08-KH/BTV")
    assert (c.kind, c.number, c.symbol, c.date) == ("Kế hoạch", "08", "KH/BTV", dt.date(2022, 1, 11))

    c = _first(citations, "2332/QĐ-UBND")
    assert c.date == dt.date(2022, 12, 2)


def test_party_issuer(citations):
    c = _first(citations, "1631-QĐ/HU")
    assert c.issuer == "Ban Thường vụ Huyện ủy Bình Sơn"
    assert c.symbol == "QĐ/HU"
    assert c.date == dt.date(2023, 7, 4)


def test_normative_pair_in_3764(citations):
    pair = [c for c in citations if c.year == 2022]
    assert [c.code for c in pair] == ["26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]
    for c in pair:
        assert c.kind == "Nghị quyết"
        assert c.date == dt.date(2022, 11, 11)
        assert c.issuer == "HĐND tỉnh Quảng Ngãi"


def test_report_heading_citation(citations, appendix_start):
    header, attached = [c for c in citations if c.code == "733/BC-UBND"]
    # "Số: 733/BC-UBND" takes its date from the header's place-and-date line below it
    # ("Bình Sơn, ngày 17 tháng 11 năm 2023"), though not its span.
    assert header.date == dt.date(2023, 11, 17)
    assert header.raw == "Số: 733/BC-UBND"
    assert attached.kind == "Báo cáo"
    assert attached.date == dt.date(2023, 11, 17)
    assert attached.issuer == "UBND huyện Bình Sơn"  # across the Markdown hard line break


def test_seed_nfd_gives_the_same_citations(text, citations):
    again = find_citations(unicodedata.normalize("NFD", text))
    assert again == citations
    assert [(c.start, c.end) for c in again] == [(c.start, c.end) for c in citations]


# --- the appendix command ------------------------------------------------------------------------
def _appendix(*args: str):
    runner = CliRunner()
    return runner.invoke(
        main,
        ["appendix", "--for", "733/BC-UBND", *args, "--registry", str(REGISTRY)],
        catch_exceptions=False,
    )


ISSUERS = ["--issuer", "UBND huyện Bình Sơn", "--issuer", "Huyện ủy Bình Sơn"]


@pytest.fixture(scope="module")
def appendix_json():
    result = _appendix(*ISSUERS, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_appendix_json_lists_exactly_the_41(appendix_json, appendix_docs):
    assert len(appendix_json) == 41
    assert Counter((r["number"], r["symbol"]) for r in appendix_json) == Counter(
        (d.number, d.symbol) for d in appendix_docs
    )
    assert "733" not in [r["number"] for r in appendix_json]


def test_appendix_json_order(appendix_json):
    keys = [(dt.date.fromisoformat(r["date"]), int(r["number"])) for r in appendix_json]
    assert keys == sorted(keys)
    assert appendix_json[0]["number"] == "1566"
    assert appendix_json[-1]["symbol"] == "CT/HU"
    # same day, ordered by number: 2306, 2332, 3764 on 02/12/2022
    same_day = [r["number"] for r in appendix_json if r["date"] == "2022-12-02"]
    assert same_day == ["2306", "2332", "3764"]
    # 1057/QĐ-UBND (03/7/2023) before 1631-QĐ/HU (04/7/2023), unlike the published order
    numbers = [r["number"] for r in appendix_json]
    assert numbers.index("1057") < numbers.index("1631")


def test_appendix_json_fields(appendix_json, appendix_docs):
    by_code = {(d.number, d.symbol): d for d in appendix_docs}
    for row in appendix_json:
        assert {"kind", "number", "symbol", "year", "date", "issuer", "title"} <= set(row)
        doc = by_code[(row["number"], row["symbol"])]
        assert row["kind"] == doc.kind
        assert row["year"] is None
        assert row["date"] == doc.date.isoformat()
        assert row["title"] == doc.title
        assert row["issuer"] in ("UBND huyện Bình Sơn", "Huyện ủy Bình Sơn")
    party = [r for r in appendix_json if r["symbol"].endswith("/HU")]
    assert {r["number"] for r in party} == {"1631", "20"}
    assert all(r["issuer"] == "Huyện ủy Bình Sơn" for r in party)


@pytest.fixture(scope="module")
def appendix_md():
    result = _appendix(*ISSUERS)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_appendix_md_heading(appendix_md):
    assert APPENDIX_HEADING in appendix_md
    assert "(Kèm theo Báo cáo số 733/BC-UBND ngày 17/11/2023 của UBND huyện Bình Sơn)" in appendix_md
    assert appendix_md.index(APPENDIX_HEADING) < appendix_md.index("(Kèm theo")


def test_appendix_md_lines_are_canonical(appendix_md, appendix_json):
    lines = [line for line in appendix_md.splitlines() if line.startswith("- ")]
    assert len(lines) == 41
    for line, row in zip(lines, appendix_json):
        day = dt.date.fromisoformat(row["date"])
        code = f"{row['number']}-{row['symbol']}" if "/" in row["symbol"] else f"{row['number']}/{row['symbol']}"
        head = f"- {row['kind']} số {code} ngày {day:%d/%m/%Y} của {row['issuer']}"
        assert line.startswith(head), line
    assert all(line.endswith(";") for line in lines[:-1])
    assert lines[-1].endswith(".")


def test_appendix_text_format():
    result = _appendix(*ISSUERS, "--format", "text")
    assert result.exit_code == 0, result.output
    numbered = [line for line in result.stdout.splitlines() if re.match(r"\d+\. ", line)]
    assert len(numbered) == 41
    assert APPENDIX_HEADING in result.stdout


@pytest.mark.parametrize(
    "issuers",
    [
        ["--issuer", "ubnd huyen binh son", "--issuer", "huyen uy binh son"],
        ["--issuer", unicodedata.normalize("NFD", "UBND huyện Bình Sơn"),
         "--issuer", unicodedata.normalize("NFD", "Huyện ủy Bình Sơn")],
        ["--issuer", "UBND HUYỆN BÌNH SƠN", "--issuer", "Huyện uỷ Bình Sơn"],
        ["--issuer", "ubnd-binh-son", "--issuer", "huyen-uy-binh-son"],
    ],
)
def test_appendix_issuer_is_tolerant(issuers, appendix_md):
    result = _appendix(*issuers)
    assert result.exit_code == 0, result.output
    assert result.stdout == appendix_md


def test_appendix_unknown_issuer_exits_2():
    result = CliRunner().invoke(
        main, ["appendix", "--issuer", "UBND huyện Không Có", "--registry", str(REGISTRY)]
    )
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "UBND huyện Không Có" in result.output
