"""The finder on real text: one table of cases per class of the finder issue, each a passage copied from
the tuned part of the corpus gold set (tests/data/corpus, never the held-out texts), with the fields its
gold file gives; the document's own number; cost that stays linear; properties on any text."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanban import Citation, find_citations, load_registry, parse_citation
from vanban.base.text import nfc
from vanban.cite.explain import LineIndex, line_and_column
from vanban.cite.find import document_identity, references
from vanban.check.verify import verify_text
from vanban.io.merge import citations_to_documents

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"


def the(text: str, code: str) -> Citation:
    """The one citation of *text* whose code is *code*."""
    found = [c for c in find_citations(text) if c.code == code]
    assert len(found) == 1, [c.code for c in find_citations(text)]
    return found[0]


def spans_hold(text: str, found: list[Citation]) -> None:
    normal = nfc(text)
    for c in found:
        assert 0 <= c.start < c.end <= len(normal)
        assert c.raw == normal[c.start : c.end]


# --- symbols with spaces, line breaks, "&", dots and glued words --------------------------------------------
@pytest.mark.parametrize(
    "text, code",
    [
        # 741f24db1e774799.md
        ("- Thông tư số 01/2020/TT- BTP ngày\n03/3/2020 của Bộ trưởng Bộ Tư pháp quy đinh chi tiết", "01/2020/TT-BTP"),
        # ed309a99382e6b4c.md
        ("theo Nghị quyết số 1314/NQ- UBTVQH15 về việc sắp xếp đơn vị hành chính cấp\nhuyện", "1314/NQ-UBTVQH15"),
        # 5fc0868aeac2f15a.md
        ("một số nội dung của Nghị định số 118/2025/NĐ- CP ngày 09 tháng 6 năm 2025 của\nChính phủ về thực hiện",
         "118/2025/NĐ-CP"),
        # c93728206e91346c.md: a line break after the hyphen
        ("Trước 2030\n|\nTên tại QĐ số 270/QĐ-\nTTg là NM điện LNG Quỳnh Lập/Nghi Sơn\n|", "270/QĐ-TTg"),
        # spaces on both sides of the hyphen (the forms)
        ("theo Thông tư số 15/2016/ TT - BNNPTNT ngày 02/6/2016", "15/2016/TT-BNNPTNT"),
        ("Hướng dẫn số 21/HD - SNN ngày 5/3/2024 của Sở Nông nghiệp", "21/HD-SNN"),
        # ed309a99382e6b4c.md: the next word typed without a space
        ("*Căn cứ Quyết định số\n35/2025/QĐ-TTgcủa Thủ tướng Chính phủ sửa đổi, bổ sung", "35/2025/QĐ-TTg"),
        # c37e0ca0510350f4.md: a hyphen after the year
        ("(gọi tắt là Nghị định số 255/2025-NĐ-CP)\n|", "255/2025/NĐ-CP"),
        # a decimal number (the NQ-CP series 66.x)
        ("sửa đổi, bổ sung Nghị quyết\nsố 66.4/2025/NQ-CP đối với nội dung", "66.4/2025/NQ-CP"),
        # "&" and dots inside the drafting unit (development corpus, not held out)
        ("ý kiến của Sở\nNội vụ tại các Văn bản: số 4104/SNV- XDCQ&TCBC ngày 28/8/2025", "4104/SNV-XDCQ&TCBC"),
        ("Cục Thuế nhận được công văn số 838/CCTKV.XII-NVDTPC.HUE\nngày 15/05/2025", "838/CCTKV.XII-NVDTPC.HUE"),
        # ed309a99382e6b4c.md: a Cyrillic Р typed for P is kept as written
        ("nghiệm thu theo Nghị định số 58/2024/NĐ-CР\n|\n|", "58/2024/NĐ-CР"),
    ],
)
def test_symbols_as_typed(text: str, code: str) -> None:
    c = the(text, code)
    assert " " not in c.symbol and "\n" not in c.symbol
    spans_hold(text, [c])


def test_a_symbol_stops_before_a_word() -> None:
    # "Mẫu số 01/TK-SDDPNN- Tờ khai": the part after the spaced hyphen is a word, not an abbreviation
    c = the("tại Mẫu số 01/TK-SDDPNN- Tờ\nkhai thuế sử dụng đất phi nông nghiệp", "01/TK-SDDPNN")
    assert c.raw.endswith("01/TK-SDDPNN")


def test_spaced_hyphen_does_not_join_a_name() -> None:
    c = the("Kế hoạch số 36/KH-UBND - Văn phòng UBND tỉnh", "36/KH-UBND")
    assert c.symbol == "KH-UBND"


# --- markup inside a citation -------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, code, date, issuer",
    [
        # 741f24db1e774799.md: italic marks split around the words
        ("|\n*- Nghị định số* *280/2025/NĐ-CP ngày* *27/10/2025\ncủa Chính phủ sửa đổi, bổ sung một* *số điều",
         "280/2025/NĐ-CP", dt.date(2025, 10, 27), "Chính phủ"),
        # the form: bold inside the number and the date
        ("Quyết định số** 1203**/QĐ-BTP ngày** 19 **tháng** 11** năm 20**25 của Bộ trưởng Bộ Tư pháp",
         "1203/QĐ-BTP", dt.date(2025, 11, 19), "Bộ trưởng Bộ Tư pháp"),
    ],
)
def test_markup_is_read_through(text: str, code: str, date: dt.date, issuer: str) -> None:
    c = the(text, code)
    assert (c.date, c.issuer) == (date, issuer)
    assert c.kind is not None
    spans_hold(text, [c])  # the span points into the text with its marks
    assert c.raw.startswith(nfc(text)[c.start : c.start + 4])


def test_markup_span_keeps_inner_marks_only() -> None:
    text = "xem **Quyết định số 12/QĐ-UBND** ngày 1/2/2023"
    c = the(text, "12/QĐ-UBND")
    assert c.raw == "Quyết định số 12/QĐ-UBND** ngày 1/2/2023"
    assert c.date == dt.date(2023, 2, 1)


# --- dates and issuers across soft line breaks ---------------------------------------------------------------
@pytest.mark.parametrize(
    "text, code, date, issuer",
    [
        # 741f24db1e774799.md
        ("*Căn cứ Nghị định số 63/2010/NĐ-CP\nngày 08 tháng 6 năm 2010 của Chính phủ về kiểm soát thủ tục",
         "63/2010/NĐ-CP", dt.date(2010, 6, 8), "Chính phủ"),
        ("*Căn cứ Thông tư số 02/2017/TT-VPCP\nngày 31 tháng 10 năm 2017 của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng\n"
         "dẫn về nghiệp vụ", "02/2017/TT-VPCP", dt.date(2017, 10, 31), "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"),
        # 5fc0868aeac2f15a.md: "của Bộ⏎trưởng"
        ("- Thông tư số 24/2024/TT-BYT ngày 29 tháng 10 năm 2024 của Bộ\ntrưởng Bộ Y tế sửa đổi, bổ sung",
         "24/2024/TT-BYT", dt.date(2024, 10, 29), "Bộ trưởng Bộ Y tế"),
        # 39db3d8c3cc4571d.md: the issuer wrapped before its second line
        ("2. Thông tư này thay thế Thông tư số 01/2021/TT-BTC ngày 07 tháng 01 năm 2021 của Bộ trưởng\nBộ Tài chính quy định "
         "mức thu", "01/2021/TT-BTC", dt.date(2021, 1, 7), "Bộ trưởng Bộ Tài chính"),
        # the forms: a date broken after "ngày" and after "tháng"
        ("Kế hoạch số 58/KH-UBND ngày\n17 tháng 9 năm 2025 của UBND tỉnh về việc triển khai",
         "58/KH-UBND", dt.date(2025, 9, 17), "UBND tỉnh"),
        ("Nghị quyết số 12/NQ-HĐND ngày 30 tháng\n6 năm 2022 của HĐND tỉnh", "12/NQ-HĐND", dt.date(2022, 6, 30),
         "HĐND tỉnh"),
        # c37e0ca0510350f4.md: "tháng" typed for "năm"
        ("*Căn cứ Quyết định số\n1085/QĐ-TTg ngày 15 tháng 9 tháng 2022 của Thủ tướng Chính phủ ban hành Kế hoạch",
         "1085/QĐ-TTg", dt.date(2022, 9, 15), "Thủ tướng Chính phủ"),
        # 329d9e978debfeec.md: a capitalised title verb right after the issuer
        ("23. Quyết định số 60/2002/QĐ-UB\nngày 27 tháng 9 năm 2002 của Ủy ban nhân dân tỉnh Bình Phước Thành lập trạm y\n"
         "tế xã", "60/2002/QĐ-UB", dt.date(2002, 9, 27), "Ủy ban nhân dân tỉnh Bình Phước"),
        # de1ea1a30ca1e0bc.md: a name in capitals ends where small letters start
        ("Công văn số 144/2025/CV-BSGBTr ngày 17/11/2025 của CÔNG TY CỔ PHẦN BIA SÀI GÒN – BẾN TRE vướng mắc\nvề việc vay",
         "144/2025/CV-BSGBTr", dt.date(2025, 11, 17), "CÔNG TY CỔ PHẦN BIA SÀI GÒN – BẾN TRE"),
        # an upper-case title (ed309a99382e6b4c.md)
        ("QUY ĐỊNH KÈM THEO NGHỊ QUYẾT\nSỐ 11/2022/NQ-HĐND NGÀY 14 THÁNG 7 NĂM 2022 VÀ NGHỊ QUYẾT SỐ 22/2023/NQ-HĐND",
         "11/2022/NQ-HĐND", dt.date(2022, 7, 14), None),
    ],
)
def test_dates_and_issuers_across_lines(text: str, code: str, date: dt.date, issuer: str | None) -> None:
    c = the(text, code)
    assert (c.date, c.issuer) == (date, issuer)


def test_a_blank_date_is_read_past() -> None:
    # 5fc0868aeac2f15a.md: "ngày tháng năm 2024" (a draft's blank date), then the issuer
    c = the("Căn cứ Thông tư số 24/2024/TT-BYT ngày tháng năm 2024 của Bộ trưởng Bộ Y tế", "24/2024/TT-BYT")
    assert (c.date, c.invalid_date, c.issuer) == (None, None, "Bộ trưởng Bộ Y tế")


def test_no_binding_across_a_table_cell() -> None:
    c = the("theo Nghị định số 58/2024/NĐ-CP\n|\nngày 1/2/2024 của Chính phủ", "58/2024/NĐ-CP")
    assert (c.date, c.issuer) == (None, None)


# --- issuer phrases with "và", commas and hyphens -----------------------------------------------------------
@pytest.mark.parametrize(
    "text, issuer",
    [
        ("Thông tư số 12/2019/TT-BTTTT của Bộ Thông tin và Truyền thông về việc hướng dẫn", "Bộ Thông tin và Truyền thông"),
        ("Thông tư số 12/2019/TT-BLĐTBXH của Bộ Lao động - Thương binh và Xã hội hướng dẫn",
         "Bộ Lao động - Thương binh và Xã hội"),
        ("Quyết định số 800/QĐ-BDTTG ngày 2/7/2025 của Bộ trưởng Bộ Dân tộc và Tôn giáo về việc",
         "Bộ trưởng Bộ Dân tộc và Tôn giáo"),
        ("Báo cáo số 436/BC-UBPLTP15 của Ủy ban Pháp luật và Tư pháp về", "Ủy ban Pháp luật và Tư pháp"),
        ("Quyết định số 4508/QĐ-BVHTTDL của Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch về việc",
         "Bộ trưởng Bộ Văn hóa, Thể thao và Du lịch"),
        ("Thông tư số 2/2017/TT-VPCP của Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ hướng dẫn",
         "Bộ trưởng, Chủ nhiệm Văn phòng Chính phủ"),
        # "và" before another body, or lower-case words: not part of the name
        ("Quyết định số 1/QĐ-UBND của UBND tỉnh và UBND huyện", "UBND tỉnh"),
        ("Công văn số 5/SXD-QLXD của Bộ Xây dựng và chỉ đạo của các cấp", "Bộ Xây dựng"),
        ("Báo cáo số 621/BC-BTC của Bộ Tài chính nêu trên trong quá trình", "Bộ Tài chính"),
        ("Nghị quyết số 46-NQ/TW của Bộ chính trị\nvề công tác bảo vệ", "Bộ chính trị"),
    ],
)
def test_issuer_phrases(text: str, issuer: str) -> None:
    (c,) = find_citations(text)
    assert c.issuer == issuer


def test_issuer_of_a_site_title_line() -> None:
    # a12a41bbbe518be8.md, the site's title line
    text = ("|\nCông văn 4240/UBND-VX ngày 28/11/2025 khẩn trương hoàn thành cập nhật, đồng bộ cơ sở dữ liệu cán bộ, "
            "công chức, viên chức do Thành phố Hồ Chí Minh ban hành\n")
    c = the(text, "4240/UBND-VX")
    assert (c.date, c.issuer) == (dt.date(2025, 11, 28), "Thành phố Hồ Chí Minh")


def test_english_translation() -> None:
    # 39db3d8c3cc4571d.md
    text = ("the Circular No. 01/2021/TT-BTC dated January 07, 2021 of the Minister of\nFinance. 3. Regarding "
            "applications; Pursuant to Law on Fees and Charges No. 97/2015/QH13;")
    first, second = find_citations(text)
    assert (first.kind, first.date, first.issuer) == ("Thông tư", dt.date(2021, 1, 7), "Minister of Finance")
    assert second.kind == "Luật"


@pytest.mark.parametrize(
    "text, code",
    [
        # 1180a89cc49ca3fe.md: a law named before its number, wrapped on a short line
        ("*Căn cứ Luật Tổ chức\nChính phủ số 63/2025/QH15;*", "63/2025/QH15"),
        ("Căn cứ Luật Các tổ chức tín dụng số 32/2024/QH15 được sửa đổi", "32/2024/QH15"),
    ],
)
def test_kind_of_a_law_named_before_its_number(text: str, code: str) -> None:
    assert the(text, code).kind == "Luật"


# --- titles stop where the next clause starts ------------------------------------------------------------------
def test_title_stops_at_the_next_clause() -> None:
    text = ("Căn cứ Quyết định số 5/QĐ-UBND ngày 01/02/2023 của UBND tỉnh về việc phê duyệt đề án; "
            "Căn cứ Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện")
    first, second = find_citations(text)
    assert first.title == "về việc phê duyệt đề án"
    assert second.code == "36/KH-UBND"


def test_title_continues_on_a_wrapped_line() -> None:
    # a wrapped line (long, no sentence end) continues even when the next one opens with a capital
    text = ("Căn cứ Quyết định số 1085/QĐ-TTg ngày 15/9/2022 của Thủ tướng Chính phủ về việc ban hành Kế hoạch rà soát\n"
            "Đơn giản hóa thủ tục hành chính nội bộ.\nĐiều 1. Ban hành")
    c = the(text, "1085/QĐ-TTg")
    assert c.title == "về việc ban hành Kế hoạch rà soát Đơn giản hóa thủ tục hành chính nội bộ"


# --- the document's own number ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, code, date",
    [
        # 879553949728a7dc.md: "Số:" and the number on the next line, the date below
        ("Độc lập - Tự do - Hạnh phúc\n---------------\n|\n|\nSố:\n44/2025/QĐ-CTUBND\n|\n*Gia Lai, ngày 20\ntháng 11 năm 2025*\n|",
         "44/2025/QĐ-CTUBND", dt.date(2025, 11, 20)),
        # e4ddc120fc14463c.md: a header flattened into one line
        ("CHÍNH PHỦ_______ Số: 171/2025/NĐ-CP | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAMĐộc lập – Tự do – Hạnh phúc"
         "_________________ Hà Nội, ngày 30 tháng 6 năm 2025 |", "171/2025/NĐ-CP", dt.date(2025, 6, 30)),
        # 93cafb7b0f4df375.md: the site's "Số hiệu:" box (no date of its own), then the header
        ("#\n**Số hiệu:**\n|\n37689/TB-CHQ\n|\n|\n**Loại văn bản:**\n|\nThông báo\n|", "37689/TB-CHQ", None),
        # the seed's layout
        ("**ỦY BAN NHÂN DÂN  \nHUYỆN BÌNH SƠN**\n\nSố: 733/BC-UBND\n\n*Bình Sơn, ngày 17 tháng 11 năm 2023*\n",
         "733/BC-UBND", dt.date(2023, 11, 17)),
    ],
)
def test_own_number_in_the_header(text: str, code: str, date: dt.date | None) -> None:
    c = the(text, code)
    assert c.identity
    assert c.date == date
    assert document_identity(find_citations(text)) == c


def test_every_mention_of_the_own_number_is_the_document_itself() -> None:
    text = ("Số: 733/BC-UBND\n\nBình Sơn, ngày 17 tháng 11 năm 2023\n\nThực hiện Kế hoạch số 36/KH-UBND ngày "
            "20/02/2023.\n\n*(Kèm theo Báo cáo số 733/BC-UBND ngày 17/11/2023 của UBND huyện Bình Sơn)*")
    found = find_citations(text)
    assert [c.identity for c in found] == [True, False, True]
    assert [c.code for c in references(found)] == ["36/KH-UBND"]
    own = document_identity(found)
    assert own is not None and own.start == 0 and own.date == dt.date(2023, 11, 17)
    assert not any(c.identity for c in find_citations("Thực hiện Kế hoạch số 36/KH-UBND ngày 20/02/2023"))


def test_identity_is_no_part_of_equality() -> None:
    c = the("Số: 733/BC-UBND\n\nBình Sơn, ngày 17 tháng 11 năm 2023", "733/BC-UBND")
    assert c.identity and parse_citation(c.format()) == c
    assert c.to_dict()["identity"] is True


def test_verify_and_merge_leave_the_own_number_out() -> None:
    registry = load_registry(REGISTRY, lenient_references=True)
    text = ("Số: 999/BC-UBND\n\nBình Sơn, ngày 01 tháng 12 năm 2023\n\nThực hiện Kế hoạch số 117/KH-UBND "
            "ngày 07/9/2022 của UBND huyện.")
    report = verify_text(registry, text, name="r.md", as_of=dt.date(2023, 12, 1))
    assert not any("999/BC-UBND" in (f.citation or "") for f in report.findings)
    documents, _ = citations_to_documents(registry, find_citations(text), default_issuer="ubnd-binh-son")
    assert [d.code for d in documents] == ["117/KH-UBND"]


# --- cost that stays linear (behaviour only: the timings are in benchmarks/) -----------------------------------------
def test_many_citations_on_one_line_have_bounded_titles() -> None:
    item = "Quyết định số {}/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc phân khai kinh phí và "
    text = "- " + "".join(item.format(n) for n in range(1, 2001))
    found = find_citations(text)
    assert len(found) == 2000
    assert all(c.date == dt.date(2022, 8, 15) and c.issuer == "UBND tỉnh" for c in found)
    assert max(len(c.title or "") for c in found) <= 1000


def test_line_index_agrees_with_counting() -> None:
    text = "a\nb Kế hoạch số 36/KH-UBND\n\nc\nQuyết định số 5/QĐ-UBND\n"
    index = LineIndex(text)
    for offset in range(len(text) + 1):
        assert index.line_and_column(offset) == line_and_column(text, offset)


# --- properties -------------------------------------------------------------------------------------------------
_PIECES = ["Quyết định số 12/QĐ-UBND", "ngày 15/8/2022", "của UBND tỉnh", "về việc", "**", "*", "\n", "\n\n", "|",
           "- ", "Số:", "\x00", "26/2022/NQ- HĐND", "1631-QĐ/HU", "và", "ngày\n", "tháng", "năm 20**25", "&", " - ",
           "QĐ-\nTTg", "\u00a0", "\r\n", "Bộ Lao động - Thương binh và Xã hội"]
mixed = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=60).map("".join)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_never_raises_and_spans_hold(text: str) -> None:
    found = find_citations(text)
    spans_hold(text, found)
    assert [c.start for c in found] == sorted(c.start for c in found)
    assert all(a.end <= b.start for a, b in zip(found, found[1:]))


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_nfd_and_nfc_read_the_same(text: str) -> None:
    a = find_citations(unicodedata.normalize("NFC", text))
    b = find_citations(unicodedata.normalize("NFD", text))
    assert a == b
    assert [(c.start, c.end, c.identity) for c in a] == [(c.start, c.end, c.identity) for c in b]


@settings(max_examples=20, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.sampled_from(_PIECES), st.integers(1000, 20000))
def test_huge_lines_never_raise(piece: str, repeat: int) -> None:
    text = (piece + " ") * (repeat // max(1, len(piece)))
    spans_hold(text, find_citations(text))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(mixed)
def test_every_found_citation_round_trips(text: str) -> None:
    for c in find_citations(text):
        if c.title is None or "\n" not in c.title:
            assert parse_citation(c.format()) == c, c.format()
