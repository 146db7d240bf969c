"""Tests for vanban.find and vanban.citation: reading citations as Vietnamese clerks write them."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban import Citation, CitationError, Scheme, find_citations, parse_citation
from vanban.base.text import nfc


def nfd(text: str) -> str:
    return unicodedata.normalize("NFD", text)


def one(text: str) -> Citation:
    found = find_citations(text)
    assert len(found) == 1, [c.raw for c in found]
    return found[0]


def check_spans(text: str, found: list[Citation]) -> None:
    normal = nfc(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(normal)
        assert c.raw == normal[c.start : c.end]


# --- numbering schemes ---------------------------------------------------------------------------
def test_administrative():
    c = one("Quyết định số 1566/QĐ-UBND ngày 15/8/2022")
    assert (c.kind, c.number, c.symbol, c.year) == ("Quyết định", "1566", "QĐ-UBND", None)
    assert c.date == dt.date(2022, 8, 15)
    assert c.scheme is Scheme.ADMINISTRATIVE
    assert c.kind_code == "QĐ"
    assert c.issuer_code == "UBND"
    assert c.unit is None
    assert c.code == "1566/QĐ-UBND"


def test_cong_van():
    c = one("Công văn số 2990/UBND-VX ngày 05/10/2022")
    assert c.kind == "Công văn"
    assert (c.number, c.symbol, c.year) == ("2990", "UBND-VX", None)
    assert c.scheme is Scheme.CONG_VAN
    assert c.unit == "VX"
    assert c.issuer_code == "UBND"
    assert c.kind_code is None
    assert c.code == "2990/UBND-VX"


def test_cong_van_kind_is_read_from_the_symbol():
    c = one("theo số 2990/UBND-VX")
    assert c.kind == "Công văn"
    assert c.unit == "VX"


def test_cong_van_without_unit():
    c = one("Công văn số 1903/UBND ngày 23/6/2023 của UBND huyện")
    assert (c.kind, c.number, c.symbol) == ("Công văn", "1903", "UBND")
    assert c.scheme is Scheme.CONG_VAN
    assert c.issuer_code == "UBND"
    assert c.unit is None


def test_cong_van_of_so_noi_vu():
    c = one("Công văn số 2101/SNV-TĐKT ngày 07/11/2023 của Sở Nội vụ")
    assert (c.symbol, c.issuer_code, c.unit) == ("SNV-TĐKT", "SNV", "TĐKT")


@pytest.mark.parametrize(
    "text, kind, number, year, symbol, issuer_code, code",
    [
        ("Nghị quyết số 26/2022/NQ-HĐND", "Nghị quyết", "26", 2022, "NQ-HĐND", "HĐND", "26/2022/NQ-HĐND"),
        ("Nghị định số 07/2021/NĐ-CP", "Nghị định", "07", 2021, "NĐ-CP", "CP", "07/2021/NĐ-CP"),
        ("Nghị quyết số 24/2021/QH15", "Nghị quyết", "24", 2021, "QH15", "QH15", "24/2021/QH15"),
        ("Luật số 80/2015/QH13", "Luật", "80", 2015, "QH13", "QH13", "80/2015/QH13"),
    ],
)
def test_normative(text, kind, number, year, symbol, issuer_code, code):
    c = one(text)
    assert (c.kind, c.number, c.year, c.symbol) == (kind, number, year, symbol)
    assert c.scheme is Scheme.NORMATIVE
    assert c.issuer_code == issuer_code
    assert c.code == code
    assert c.raw == text


def test_normative_kind_from_symbol():
    c = one("theo 26/2022/NQ-HĐND")
    assert c.kind == "Nghị quyết"
    assert c.year == 2022
    c = one("07/2021/NĐ-CP")
    assert c.kind == "Nghị định"


def test_normative_without_kind_code():
    c = one("Nghị quyết số 24/2021/QH15")
    assert c.kind_code is None
    assert c.year == 2021


@pytest.mark.parametrize(
    "text, kind, number, symbol, issuer_code",
    [
        ("Quyết định số 1631-QĐ/HU", "Quyết định", "1631", "QĐ/HU", "HU"),
        ("Chỉ thị số 20-CT/HU", "Chỉ thị", "20", "CT/HU", "HU"),
        ("Kế hoạch số 08-KH/BTV", "Kế hoạch", "08", "KH/BTV", "BTV"),
        ("Kết luận số 12-KL/TU", "Kết luận", "12", "KL/TU", "TU"),
        ("Thông tri số 05-TT/TU", "Thông tri", "05", "TT/TU", "TU"),
    ],
)
def test_party(text, kind, number, symbol, issuer_code):
    c = one(text)
    assert (c.kind, c.number, c.symbol, c.year) == (kind, number, symbol, None)
    assert c.scheme is Scheme.PARTY
    assert c.issuer_code == issuer_code
    assert c.code == f"{number}-{symbol}"


@pytest.mark.parametrize("text, kind", [("1631-QĐ/HU", "Quyết định"), ("20-CT/HU", "Chỉ thị"), ("08-KH/BTV", "Kế hoạch")])
def test_party_kind_from_symbol(text, kind):
    c = one(text)
    assert c.kind == kind
    assert c.raw == text
    assert c.number == text.split("-")[0]  # "08" keeps its zero


@pytest.mark.parametrize(
    "text, kind, symbol, code",
    [
        ("Chương trình số 5/CTr-UBND", "Chương trình", "CTr-UBND", "CTr"),
        ("Quy định số 3/QyĐ-UBND", "Quy định", "QyĐ-UBND", "QyĐ"),
        ("Tờ trình số 7/TTr-UBND", "Tờ trình", "TTr-UBND", "TTr"),
        ("5/CTr-UBND", "Chương trình", "CTr-UBND", "CTr"),
        ("3/QyĐ-UBND", "Quy định", "QyĐ-UBND", "QyĐ"),
        ("7/TTr-UBND", "Tờ trình", "TTr-UBND", "TTr"),
    ],
)
def test_mixed_case_kinds(text, kind, symbol, code):
    c = one(text)
    assert c.kind == kind
    assert c.symbol == symbol
    assert c.kind_code == code
    assert c.unknown_abbreviation() is None


# --- as clerks write -----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch số 36/KH-UBND ngày 20/02/2023",
        "Kế hoạch 36/KH-UBND ngày 20/02/2023",
        "Kế hoạch số: 36/KH-UBND ngày 20/02/2023",
        "kế hoạch số 36/KH-UBND ngày 20/02/2023",
    ],
)
def test_with_or_without_so(text):
    c = one(text)
    assert (c.kind, c.number, c.symbol, c.date) == ("Kế hoạch", "36", "KH-UBND", dt.date(2023, 2, 20))
    assert c.raw == text
    assert c.start == 0


def test_kind_without_so_in_running_text():
    text = "- Quyết định 2108/QĐ-UBND ngày 21/10/2022 của UBND huyện Bình Sơn về việc phân khai kinh phí"
    c = one(text)
    assert c.kind == "Quyết định"
    assert c.code == "2108/QĐ-UBND"
    assert c.date == dt.date(2022, 10, 21)
    assert c.issuer == "UBND huyện Bình Sơn"
    assert c.raw.startswith("Quyết định 2108")


def test_space_before_slash():
    text = "Công văn số 1819 /UBND-VX ngày 06/6/2023 về việc triển khai khảo sát"
    c = one(text)
    assert (c.number, c.symbol, c.code) == ("1819", "UBND-VX", "1819/UBND-VX")
    assert c.kind == "Công văn"
    assert c.date == dt.date(2023, 6, 6)
    assert "1819 /UBND-VX" in c.raw


def test_space_after_slash():
    c = one("Quyết định số 1566/ QĐ-UBND ngày 15/8/2022")
    assert c.code == "1566/QĐ-UBND"
    assert c.date == dt.date(2022, 8, 15)


def test_nfd_input_offsets_refer_to_nfc_text():
    plain = "Thực hiện Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của Ủy ban nhân dân tỉnh về việc ban hành Kế hoạch"
    text = nfd(plain)
    assert text != plain
    c = one(text)
    assert c.code == "1085/QĐ-UBND"
    assert c.kind == "Quyết định"
    assert c.date == dt.date(2022, 8, 15)
    assert c.issuer == "Ủy ban nhân dân tỉnh"
    assert unicodedata.is_normalized("NFC", c.issuer)
    assert c.start == plain.index("Quyết định")
    assert c.start != text.index(nfd("Quyết định"))  # really an NFC offset
    assert c.raw == plain[c.start : c.end]
    assert c.raw == "Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của Ủy ban nhân dân tỉnh"
    assert c == one(plain)


def test_nfd_symbol():
    c = one(nfd("Nghị quyết số 26/2022/NQ-HĐND ngày 11/11/2022"))
    assert c.symbol == "NQ-HĐND"
    assert unicodedata.is_normalized("NFC", c.symbol)


def test_non_breaking_spaces():
    text = "Kế\u00a0hoạch\u00a0số\u00a036/KH-UBND\u00a0ngày\u00a020/02/2023\u00a0của\u00a0UBND\u00a0tỉnh"
    c = one(text)
    assert (c.kind, c.code, c.date) == ("Kế hoạch", "36/KH-UBND", dt.date(2023, 2, 20))
    assert c.issuer == "UBND tỉnh"
    assert c.raw == text


def test_narrow_nbsp_in_running_text():
    text = "Thực hiện Kế hoạch\u00a0số 36/KH-UBND ngày\u202f20/02/2023 của UBND tỉnh"
    c = one(text)
    assert c.kind == "Kế hoạch"
    assert c.date == dt.date(2023, 2, 20)


@pytest.mark.parametrize(
    "text, code",
    [
        ("Kế hoạch số 36/KH\u2013UBND", "36/KH-UBND"),
        ("Nghị quyết số 26/2022/NQ\u2013HĐND", "26/2022/NQ-HĐND"),
        ("Quyết định số 1631\u2013QĐ/HU", "1631-QĐ/HU"),
        ("Công văn số 2990/UBND\u2013VX", "2990/UBND-VX"),
    ],
)
def test_en_dash_in_symbol(text, code):
    c = one(text)
    assert c.code == code
    assert "\u2013" not in c.symbol
    assert c.raw == text


def test_list_sharing_kind_and_date():
    text = "Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh Quảng Ngãi"
    found = find_citations(text)
    assert [c.code for c in found] == ["26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]
    for c in found:
        assert c.kind == "Nghị quyết"
        assert c.date == dt.date(2022, 11, 11)
        assert c.issuer == "HĐND tỉnh Quảng Ngãi"
        assert c.year == 2022
    check_spans(text, found)
    assert found[0].end <= found[1].start  # one span each, no overlap


def test_list_first_member_has_no_title_made_of_the_second():
    text = "Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh Quảng Ngãi"
    first, second = find_citations(text)
    assert first.title is None
    assert second.title is None
    assert first.format() == "Nghị quyết số 26/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh Quảng Ngãi"


def test_list_in_running_text():
    text = ("Thực hiện Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh "
            "Quảng Ngãi, UBND huyện đã ban hành kế hoạch.")
    found = find_citations(text)
    assert [c.code for c in found] == ["26/2022/NQ-HĐND", "27/2022/NQ-HĐND"]
    assert all(c.date == dt.date(2022, 11, 11) and c.kind == "Nghị quyết" for c in found)
    assert all(c.issuer == "HĐND tỉnh Quảng Ngãi" and c.title is None for c in found)


def test_list_with_commas():
    text = "Các Quyết định số 1/QĐ-UBND, 2/QĐ-UBND và 3/QĐ-UBND ngày 05/01/2023 của UBND tỉnh"
    found = find_citations(text)
    assert [c.code for c in found] == ["1/QĐ-UBND", "2/QĐ-UBND", "3/QĐ-UBND"]
    assert all(c.kind == "Quyết định" for c in found)
    assert all(c.date == dt.date(2023, 1, 5) for c in found)
    assert all(c.issuer == "UBND tỉnh" for c in found)


def test_list_with_comma_first_member_title():
    text = "Nghị quyết số 26/2022/NQ-HĐND, 27/2022/NQ-HĐND ngày 11/11/2022"
    first, second = find_citations(text)
    assert first.date == second.date == dt.date(2022, 11, 11)
    assert first.title is None


def test_list_members_with_own_dates_keep_them():
    text = "Quyết định số 1/QĐ-UBND ngày 02/01/2023 và 2/QĐ-UBND ngày 03/01/2023 của UBND tỉnh"
    first, second = find_citations(text)
    assert first.date == dt.date(2023, 1, 2)
    assert second.date == dt.date(2023, 1, 3)
    assert second.kind == "Quyết định"


# --- issuer phrase and title ---------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, issuer",
    [
        ("Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc ban hành Kế hoạch", "UBND tỉnh"),
        ("Chỉ thị số 20-CT/HU ngày 10/11/2023 của Huyện ủy về tăng cường sự lãnh đạo", "Huyện ủy"),
        ("Công văn số 2101/SNV-TĐKT ngày 07/11/2023 của Sở Nội vụ về việc thực hiện sơ kết", "Sở Nội vụ"),
        ("Quyết định số 1631-QĐ/HU ngày 04/7/2023 của Ban Thường vụ Huyện ủy Bình Sơn về việc thành lập",
         "Ban Thường vụ Huyện ủy Bình Sơn"),
        ("Hướng dẫn số 02/HD-BTV ngày 28.12.2021 của Ban Thường vụ Hội LHPN Quảng Ngãi về việc triển khai",
         "Ban Thường vụ Hội LHPN Quảng Ngãi"),
        ("Kế hoạch số 117/KH-UBND ngày 07/9/2022 của UBND huyện truyền thông về Chuyển đổi số", "UBND huyện"),
        ("Quyết định số 1609/QĐ-UBND ngày 19/8/2022 của UBND huyện Bình Sơn về việc phân khai", "UBND huyện Bình Sơn"),
    ],
)
def test_issuer_phrase(text, issuer):
    c = one(text)
    assert c.issuer == issuer
    assert c.raw.endswith(issuer)


def test_issuer_before_date():
    c = one("Kế hoạch số 36/KH-UBND của UBND tỉnh ngày 20/02/2023 về việc thực hiện Chương trình")
    assert c.issuer == "UBND tỉnh"
    assert c.date == dt.date(2023, 2, 20)
    assert c.title == "về việc thực hiện Chương trình"


def test_de_is_not_always_an_issuer():
    # "của" followed by no body is not an issuer phrase
    c = one("Quyết định số 5/QĐ-UBND của mình")
    assert c.issuer is None


@pytest.mark.parametrize(
    "text, title",
    [
        ("Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc ban hành Kế hoạch tổ chức thực hiện Phong trào",
         "về việc ban hành Kế hoạch tổ chức thực hiện Phong trào"),
        ("Kế hoạch số 36/KH-UBND ngày 20/02/2023 thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững",
         "thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững"),
        ("Quyết định số 5/QĐ-UBND ngày 01/02/2023 phê duyệt đề án giảm nghèo", "phê duyệt đề án giảm nghèo"),
    ],
)
def test_title(text, title):
    c = one(text)
    assert c.title == title


def test_title_in_running_text_stops_at_sentence_end():
    text = ("Căn cứ Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh phê duyệt đề án giảm nghèo. "
            "Năm 2023, huyện triển khai thực hiện.")
    c = one(text)
    assert c.issuer == "UBND tỉnh"
    assert c.title == "phê duyệt đề án giảm nghèo"


def test_title_stops_at_semicolon():
    text = "Thực hiện Chỉ thị số 20-CT/HU của Huyện ủy về tăng cường sự lãnh đạo; UBND huyện đã chỉ đạo."
    c = one(text)
    assert c.issuer == "Huyện ủy"
    assert c.title == "về tăng cường sự lãnh đạo"


def test_title_not_taken_without_a_lead_in_running_text():
    c = one("Theo Kế hoạch số 36/KH-UBND ngày 20/02/2023 huyện đã tổ chức họp.")
    assert c.title is None


# --- binding stays within a sentence and a list item ---------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "Kế hoạch số 36/KH-UBND. Ngày 20/02/2023 của UBND tỉnh",
        "Theo Kế hoạch số 36/KH-UBND. Ngày 20/02/2023 của UBND tỉnh, huyện đã họp.",
    ],
)
def test_no_binding_across_a_sentence(text):
    c = one(text)
    assert c.code == "36/KH-UBND"
    assert c.date is None
    assert c.invalid_date is None
    assert c.issuer is None
    assert c.title is None
    assert c.raw == "Kế hoạch số 36/KH-UBND"


def test_no_binding_across_list_items():
    text = "- Kế hoạch số 36/KH-UBND\n- ngày 20/02/2023 của UBND tỉnh về việc thực hiện"
    c = one(text)
    assert c.date is None
    assert c.issuer is None
    assert c.title is None
    assert c.raw == "Kế hoạch số 36/KH-UBND"


def test_two_bullet_lines_each_bind_their_own():
    text = ("- Kế hoạch số 36/KH-UBND;\n"
            "- Quyết định số 5/QĐ-UBND ngày 20/02/2023 của UBND tỉnh về việc phê duyệt đề án")
    first, second = find_citations(text)
    assert first.code == "36/KH-UBND"
    assert (first.date, first.issuer, first.title) == (None, None, None)
    assert second.code == "5/QĐ-UBND"
    assert second.date == dt.date(2023, 2, 20)
    assert second.issuer == "UBND tỉnh"
    assert second.title == "về việc phê duyệt đề án"


def test_no_binding_across_paragraphs():
    c = one("Kế hoạch số 36/KH-UBND\n\nngày 20/02/2023 của UBND tỉnh")
    assert (c.date, c.issuer) == (None, None)


def test_date_and_issuer_bind_to_the_nearest_citation_only():
    text = "Quyết định số 1/QĐ-UBND của UBND tỉnh và Kế hoạch số 2/KH-UBND ngày 05/01/2023"
    first, second = find_citations(text)
    assert first.code == "1/QĐ-UBND"
    assert first.issuer == "UBND tỉnh"
    assert first.date is None
    assert second.code == "2/KH-UBND"
    assert second.date == dt.date(2023, 1, 5)
    assert first.end <= second.start


# --- typos ---------------------------------------------------------------------------------------
def test_typo_kept_and_marked():
    c = one("Kế hoạch số 116/KHH-UBND ngày 07/9/2022 thực hiện Chương trình")
    assert (c.number, c.symbol, c.code) == ("116", "KHH-UBND", "116/KHH-UBND")
    assert c.kind == "Kế hoạch"
    assert c.date == dt.date(2022, 9, 7)
    assert c.scheme is Scheme.ADMINISTRATIVE
    assert c.kind_code == "KHH"
    assert c.issuer_code == "UBND"
    assert c.unknown_abbreviation() == "KHH"


@pytest.mark.parametrize("text", ["Kế hoạch số 36/KH-UBND", "Công văn số 2990/UBND-VX", "1631-QĐ/HU",
                                  "26/2022/NQ-HĐND", "Nghị quyết số 24/2021/QH15"])
def test_known_abbreviations_are_not_marked(text):
    assert one(text).unknown_abbreviation() is None


# --- not citations -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "21 xã",
        "182.672 người",
        "1,5 triệu đồng",
        "23/23 Hội",
        "tháng 3/2023",
        "giai đoạn 2021-2025",
        "giai đoạn 2021 - 2025",
        "Covid - 19",
        "Covid-19",
        "17/10",
        "Ngày cả nước vì người nghèo 17/10",
        "1,5 triệu đồng/khẩu/tháng",
        "tỷ lệ 4,06%",
        "809.350.000 đồng",
        "ngày 11/11/2023",
        "cha/mẹ",
        "Dự án 2 - Đa dạng hóa sinh kế",
        "Tiểu dự án 1: Nâng cao năng lực",
        "",
        "   ",
    ],
)
def test_not_citations(text):
    assert find_citations(text) == []


# --- canonical form ------------------------------------------------------------------------------
def test_canonical_form_is_a_fixed_point():
    text = "Kế hoạch số 36/KH-UBND ngày 20/02/2023"
    assert parse_citation(text).format() == text


@pytest.mark.parametrize(
    "written, canonical",
    [
        ("Quyết định 1566/QĐ-UBND ngày 15/8/2022", "Quyết định số 1566/QĐ-UBND ngày 15/08/2022"),
        ("Kế hoạch 36/KH-UBND ngày 20 tháng 2 năm 2023", "Kế hoạch số 36/KH-UBND ngày 20/02/2023"),
        ("Hướng dẫn số 02/HD-BTV ngày 28.12.2021", "Hướng dẫn số 02/HD-BTV ngày 28/12/2021"),
        ("Công văn số 1819 /UBND-VX ngày 06/6/2023", "Công văn số 1819/UBND-VX ngày 06/06/2023"),
        ("Kế hoạch số 36/KH\u2013UBND", "Kế hoạch số 36/KH-UBND"),
        ("Quyết định số 1631-QĐ/HU ngày 04/7/2023 của Ban Thường vụ Huyện ủy Bình Sơn",
         "Quyết định số 1631-QĐ/HU ngày 04/07/2023 của Ban Thường vụ Huyện ủy Bình Sơn"),
        ("Nghị quyết 26/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh",
         "Nghị quyết số 26/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh"),
        ("Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh về việc phê duyệt đề án",
         "Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh về việc phê duyệt đề án"),
    ],
)
def test_format_of_parse(written, canonical):
    c = parse_citation(written)
    assert c.format() == canonical
    assert parse_citation(canonical) == c


def test_format_without_title_or_issuer():
    c = parse_citation("Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh về việc phê duyệt đề án")
    assert c.format(with_title=False) == "Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh"
    assert c.format(with_title=False, with_issuer=False) == "Quyết định số 5/QĐ-UBND ngày 01/02/2023"
    assert str(c) == c.format()


def test_parse_citation_takes_the_rest_as_title():
    c = parse_citation("Kế hoạch số 137/KH-UBND ngày 14/7/2023 của UBND huyện về đẩy nhanh giảm nghèo trên địa bàn huyện")
    assert c.issuer == "UBND huyện"
    assert c.title == "về đẩy nhanh giảm nghèo trên địa bàn huyện"


@pytest.mark.parametrize("text", ["", "21 xã", "hello", "ngày 20/02/2023", "Theo đó, Kế hoạch số 36/KH-UBND"])
def test_parse_citation_rejects_non_citations(text):
    with pytest.raises(CitationError):
        parse_citation(text)


def test_citation_equality_ignores_place():
    a = one("Kế hoạch số 36/KH-UBND ngày 20/02/2023")
    b = one("Theo Kế hoạch 36/KH-UBND ngày 20/2/2023.")
    assert a.raw != b.raw and a.start != b.start
    assert a == b


def test_to_dict_shape():
    c = one("Thực hiện Nghị quyết số 26/2022/NQ-HĐND ngày 11/11/2022 của HĐND tỉnh Quảng Ngãi về việc hỗ trợ")
    d = c.to_dict()
    assert {"kind", "number", "symbol", "year", "date", "issuer", "title", "raw", "start", "end"} <= set(d)
    assert d["kind"] == "Nghị quyết"
    assert d["number"] == "26"
    assert d["symbol"] == "NQ-HĐND"
    assert d["year"] == 2022
    assert d["date"] == "2022-11-11"
    assert d["issuer"] == "HĐND tỉnh Quảng Ngãi"
    assert d["title"] == "về việc hỗ trợ"
    assert d["raw"] == c.raw
    assert (d["start"], d["end"]) == (c.start, c.end)


def test_several_citations_in_order():
    text = ("Thực hiện Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc ban hành Kế hoạch, "
            "UBND huyện đã ban hành Quyết định số 2017/QĐ-UBND ngày 03/10/2022 về việc phê duyệt Kế hoạch.")
    found = find_citations(text)
    assert [c.code for c in found] == ["1085/QĐ-UBND", "2017/QĐ-UBND"]
    assert found[0].issuer == "UBND tỉnh"
    assert found[1].issuer is None
    assert found[1].date == dt.date(2022, 10, 3)
    check_spans(text, found)


# --- properties ----------------------------------------------------------------------------------
_WORDS = ["số", "Số", "ngày", "của", "và", "về việc", "Quyết định", "Kế hoạch", "Công văn", "Nghị quyết",
          "Chỉ thị", "UBND", "HĐND", "HU", "BTV", "QĐ", "KH", "CT", "NQ", "tỉnh", "huyện", "Bình Sơn", "tháng",
          "năm", "giai đoạn", "xã", "người", "Covid", "thực hiện", "phê duyệt"]
_ALPHABET = "0123456789/-–.,;: \n\u00a0aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂBCDĐEÊGHIKLMNOÔƠPQRSTUƯVXYáàảãạếềểễệốồổỗộ*_()“”\"'"
vietnamese_ish = st.lists(
    st.one_of(st.sampled_from(_WORDS), st.text(alphabet=_ALPHABET, min_size=1, max_size=8),
              st.integers(0, 99999).map(str)),
    max_size=40,
).map(lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts)))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_find_never_raises_on_any_text(text):
    check_spans(text, find_citations(text))


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(vietnamese_ish)
def test_find_never_raises_on_vietnamese_ish_text(text):
    found = find_citations(text)
    check_spans(text, found)
    assert [c.start for c in found] == sorted(c.start for c in found)


@settings(max_examples=200)
@given(vietnamese_ish)
def test_find_is_form_independent(text):
    # NFC and NFD input give the same citations at the same (NFC) offsets
    a = find_citations(nfc(text))
    b = find_citations(nfd(text))
    assert a == b
    assert [(c.start, c.end, c.raw) for c in a] == [(c.start, c.end, c.raw) for c in b]


# Realistic parts for the round trip: (kind, symbol builder, scheme)
_ADMIN_KINDS = [("Quyết định", "QĐ"), ("Kế hoạch", "KH"), ("Báo cáo", "BC"), ("Chỉ thị", "CT"),
                ("Thông báo", "TB"), ("Hướng dẫn", "HD"), ("Tờ trình", "TTr"), ("Chương trình", "CTr"),
                ("Quy định", "QyĐ"), ("Nghị quyết", "NQ"), ("Quy chế", "QC"), ("Đề án", "ĐA")]
_ADMIN_ISSUERS = ["UBND", "HĐND", "SNV", "BTV", "BCĐ", "SLĐTBXH"]
_CV_ISSUERS = ["UBND", "SNV", "SLĐTBXH", "UBMTTQ"]
_UNITS = ["VX", "TC", "NV", "TĐKT", "KT"]
_NORMATIVE = [("Nghị quyết", "NQ-HĐND"), ("Nghị định", "NĐ-CP"), ("Thông tư", "TT-BLĐTBXH"),
              ("Nghị quyết", "QH15"), ("Luật", "QH14"), ("Quyết định", "QĐ-TTg")]
_PARTY = [("Quyết định", "QĐ", "HU"), ("Chỉ thị", "CT", "HU"), ("Kế hoạch", "KH", "BTV"),
          ("Nghị quyết", "NQ", "TU"), ("Kết luận", "KL", "TU"), ("Hướng dẫn", "HD", "ĐU")]
_ISSUER_PHRASES = ["UBND tỉnh Quảng Ngãi", "Sở Nội vụ", "Huyện ủy Bình Sơn", "Ban Thường vụ Hội LHPN Quảng Ngãi",
                   "UBND huyện", "HĐND tỉnh"]
_LEADS = ["về việc", "thực hiện", "phê duyệt"]
_TITLE_WORDS = ["Chương trình", "mục tiêu", "quốc gia", "giảm nghèo", "bền vững", "trên", "địa bàn", "huyện",
                "Bình Sơn", "năm 2023", "kinh phí", "sự nghiệp", "truyền thông", "đa chiều", "hộ nghèo",
                "hộ cận nghèo", "Dự án 6", "Tiểu dự án 2", "kế hoạch", "tổ chức"]

numbers = st.one_of(st.integers(1, 9999).map(str), st.integers(1, 9).map(lambda n: f"{n:02d}"))


@st.composite
def citations(draw) -> Citation:
    scheme = draw(st.sampled_from(["admin", "cv", "normative", "party"]))
    year = None
    if scheme == "admin":
        kind, abbr = draw(st.sampled_from(_ADMIN_KINDS))
        symbol = f"{abbr}-{draw(st.sampled_from(_ADMIN_ISSUERS))}"
    elif scheme == "cv":
        kind = "Công văn"
        issuer_abbr = draw(st.sampled_from(_CV_ISSUERS))
        unit = draw(st.none() | st.sampled_from(_UNITS))
        symbol = issuer_abbr if unit is None else f"{issuer_abbr}-{unit}"
    elif scheme == "normative":
        kind, symbol = draw(st.sampled_from(_NORMATIVE))
        year = draw(st.integers(1990, 2030))
    else:
        kind, abbr, issuer_abbr = draw(st.sampled_from(_PARTY))
        symbol = f"{abbr}/{issuer_abbr}"
    date = draw(st.none() | st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
    issuer = draw(st.none() | st.sampled_from(_ISSUER_PHRASES))
    title = draw(
        st.none()
        | st.tuples(st.sampled_from(_LEADS), st.lists(st.sampled_from(_TITLE_WORDS), min_size=1, max_size=8)).map(
            lambda t: " ".join([t[0], *t[1]])
        )
    )
    return Citation(number=draw(numbers), symbol=symbol, kind=kind, year=year, date=date, issuer=issuer, title=title)


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(citations())
def test_parse_format_round_trip(c):
    text = c.format()
    parsed = parse_citation(text)
    assert parsed == c, text
    assert parsed.format() == text


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(citations())
def test_formatted_citation_is_found_in_running_text(c):
    text = f"Thực hiện {c.format(with_title=False)}, huyện đã triển khai."
    found = find_citations(text)
    assert len(found) == 1, text
    got = found[0]
    assert (got.kind, got.number, got.symbol, got.year, got.date, got.issuer) == (
        c.kind, c.number, c.symbol, c.year, c.date, c.issuer), text
    check_spans(text, found)


# --- the scan anchored on "/" is finditer, match for match ------------------------------------------
_SCAN_ALPHABET = _ALPHABET + "\t&Đđ/ /–QĐKHUBNDТРС٣٤" + "abcxyzABCXYZ"  # Cyrillic capitals, Arabic-Indic digits


def _same_matches(text: str) -> None:
    from vanban.cite.find import _kind_patterns, _scan_matches, default_kinds

    scan = _kind_patterns(default_kinds()).scan
    expected = [(m.span(), m.groupdict()) for m in scan.finditer(text)]
    assert [(m.span(), m.groupdict()) for m in _scan_matches(scan, text)] == expected


@settings(max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(vietnamese_ish, st.text(alphabet=_SCAN_ALPHABET, max_size=120),
                 st.lists(st.one_of(citations().map(lambda c: c.format()), st.sampled_from(["/", " ", "1", "-"]),
                                    st.text(alphabet=_SCAN_ALPHABET, max_size=6)), max_size=6).map("".join),
                 st.lists(st.sampled_from(["12", "30a", "66.7", "/", " / ", "-", " - ", "–", "2025", "QĐ",
                                           "KH-UBND", "UBND", "TTg", "HU", "ABCDEFGHIJ" * 6, "a", " ", "\n",
                                           "٣", "ngày", "của", "&", ".", "Số"]), max_size=30).map("".join)))
def test_the_scan_anchored_on_slashes_is_finditer(text: str) -> None:
    _same_matches(text)


def test_the_scan_anchored_on_slashes_is_finditer_on_runs_longer_than_its_window() -> None:
    # the characters a match may hold before its "/" run back past the first window (48) and the next
    for text in ["x " * 200 + "36/KH-UBND", "ab" * 300 + "1631-QĐ/HU", "1" * 400 + "/KH", "٣" * 60 + "/KH",
                 "a٣" * 80 + "5/KH", "7 " + "Q" * 500 + "/HU", "12-" + "A" * 300 + "/HU ngày 1/2/2024"]:
        _same_matches(text)


def test_the_scan_anchored_on_slashes_is_finditer_on_real_texts() -> None:
    from vanban.cite.find import _prepare

    data = Path(__file__).parent / "data"
    paths = sorted((data / "corpus").glob("*.md")) + sorted((data / "seed").glob("*.md")) + sorted(
        (data / "reports").glob("*.txt"))
    assert len(paths) >= 50
    for path in paths:
        _same_matches(_prepare(nfc(path.read_text(encoding="utf-8")))[0])
