"""`vanban report`: the HTML dashboard of the real Bình Sơn registry, read back with lxml
(and, where Chromium is installed, painted headless)."""

from __future__ import annotations

import datetime as _dt
import os
import shutil
import struct
import subprocess
import time
import zlib
from pathlib import Path

import lxml.html
import pytest

from vanban.render.html import el, render_dashboard
from vanban.registry import load_registry
from vanban.base.text import sort_key

ROOT = Path(__file__).resolve().parent.parent
REAL_REGISTRY = ROOT / "data" / "registry.yaml"
AS_OF = _dt.date(2023, 11, 17)

LEAF_UNITS = [
    "DA1-TDA1", "DA1-TDA2", "DA2", "DA3-TDA1", "DA3-TDA2", "DA4-TDA1", "DA4-TDA2", "DA4-TDA3", "DA5",
    "DA6-TDA1", "DA6-TDA2", "DA7-TDA1", "DA7-TDA2",
]
#: the gap colour of the stylesheet (--gap), for the painted page
GAP_RGB = (0xF9, 0xC6, 0xC1)


@pytest.fixture(scope="module")
def registry():
    return load_registry(REAL_REGISTRY)


@pytest.fixture(scope="module")
def page(registry) -> str:
    return render_dashboard(registry, as_of=AS_OF)


@pytest.fixture(scope="module")
def doc(page):
    return lxml.html.document_fromstring(page)


def _cell(doc, unit: str, year: int):
    (cell,) = doc.xpath(f"//table[contains(@class,'matrix')]//td[@data-unit='{unit}'][@data-year='{year}']")
    return cell


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


# --- the page as a whole -----------------------------------------------------------------------

def test_page_is_html5_in_vietnamese(page, doc):
    assert page.startswith("<!DOCTYPE html>")
    assert doc.tag == "html" and doc.get("lang") == "vi"
    assert doc.xpath("//meta[@charset='utf-8']")
    header = doc.xpath("//header")[0].text_content()
    assert "huyện Bình Sơn, tỉnh Quảng Ngãi" in header
    assert "Chương trình mục tiêu quốc gia giảm nghèo bền vững" in header
    assert "tính đến ngày 17/11/2023" in header
    assert "50 văn bản" in " ".join(header.split())


def test_no_script_and_no_external_assets(page, doc):
    assert not doc.xpath("//script")
    assert not doc.xpath("//link | //img | //iframe | //object | //embed")
    assert "javascript:" not in page.lower()
    for element in doc.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            assert not name.lower().startswith("on"), (element.tag, name)
            if name.lower() in ("src", "href", "xlink:href", "action", "data"):
                assert not value.strip().lower().startswith(("http://", "https://", "//")), (element.tag, value)
    # the only links point inside the page
    assert all(a.get("href", "").startswith("#") for a in doc.xpath("//a"))


# --- coverage matrix ---------------------------------------------------------------------------

def test_one_matrix_with_a_row_per_leaf_unit_and_a_column_per_year(doc):
    (table,) = doc.xpath("//table[contains(@class,'matrix')]")
    assert [tr.get("data-unit") for tr in table.xpath("./tbody/tr")] == LEAF_UNITS
    years = table.xpath("./thead/tr/th[contains(@class,'year')]")
    assert [th.text_content().strip() for th in years] == ["2022", "2023"]
    for tr in table.xpath("./tbody/tr"):
        assert [td.get("data-year") for td in tr.xpath("./td")] == ["2022", "2023"]
        # the unit's code and name in the row header
        assert tr.get("data-unit") in tr.xpath("./th[@scope='row']")[0].text_content()
    (row_header,) = table.xpath("./tbody/tr[@data-unit='DA6-TDA1']/th[@scope='row']")
    assert "Giảm nghèo về thông tin" in row_header.text_content()


def test_gap_cell_is_coloured_and_labelled(doc):
    cell = _cell(doc, "DA6-TDA1", 2023)
    assert "gap" in _classes(cell)
    assert cell.xpath(".//span[@class='label']")[0].text_content() == "thiếu"
    assert "thiếu" in cell.get("title")
    # the công văn linked to the sub-project that year is shown, though it is no plan
    assert "1370/UBND-VX" in cell.xpath(".//details")[0].text_content()


def test_not_applicable_cells(doc, registry):
    for year in (2022, 2023):
        cell = _cell(doc, "DA5", year)
        assert "not-applicable" in _classes(cell)
        assert cell.xpath(".//span[@class='label']")[0].text_content() == "không áp dụng"
        assert "huyện nghèo" in cell.get("title")


def test_planned_cell_lists_its_plans(doc):
    cell = _cell(doc, "DA2", 2022)
    assert "planned" in _classes(cell)
    assert cell.xpath(".//span[@class='label']")[0].text_content() == "có kế hoạch"
    (details,) = cell.xpath(".//details")
    text = details.text_content()
    assert "151/KH-UBND" in text and "149/KH-UBND" in text
    assert "Kế hoạch số 151/KH-UBND ngày 25/11/2022 của UBND huyện Bình Sơn" in text
    assert "151/KH-UBND" in cell.get("title")


def test_every_state_has_a_legend_entry(doc):
    legend = doc.xpath("//section[@id='coverage']//ul[contains(@class,'legend')]")[0].text_content()
    for label in ("có kế hoạch", "thiếu", "không áp dụng", "chưa đến hạn"):
        assert label in legend


# --- findings and deadlines --------------------------------------------------------------------

def test_findings_errors_first(doc):
    findings = doc.xpath("//section[@id='findings']//li[contains(@class,'finding')]")
    severities = [li.get("data-severity") for li in findings]
    assert "error" in severities and "warning" in severities
    rank = {"error": 3, "warning": 2, "info": 1}
    assert [rank[s] for s in severities] == sorted((rank[s] for s in severities), reverse=True)
    assert severities.index("warning") > max(i for i, s in enumerate(severities) if s == "error")
    khh = [li for li in findings if li.get("data-code") == "VB101"][0].text_content()
    assert "unknown-abbreviation" in khh
    assert "Kế hoạch số 116/KHH-UBND ngày 07/09/2022 của UBND huyện Bình Sơn" in khh
    assert "có lẽ là KH-UBND" in khh  # the suggestion


def test_silenced_finding_is_muted_with_its_reason(tmp_path):
    text = REAL_REGISTRY.read_text(encoding="utf-8")
    old = "  - code: 116/KHH-UBND\n"
    assert old in text
    text = text.replace(old, old + "    silence:\n      unknown-abbreviation: đúng như bản đã công bố\n", 1)
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    doc = lxml.html.document_fromstring(render_dashboard(load_registry(path), as_of=AS_OF))
    (li,) = doc.xpath("//li[contains(@class,'finding')][@data-code='VB101']")
    assert "silenced" in _classes(li)
    assert "đúng như bản đã công bố" in li.xpath(".//*[contains(@class,'silenced-reason')]")[0].text_content()


def test_deadlines_due_within_30_days_soonest_first(doc):
    rows = doc.xpath("//table[contains(@class,'deadlines')]/tbody/tr")
    dues = [_dt.date.fromisoformat(tr.get("data-due")) for tr in rows]
    assert dues and dues == sorted(dues)
    assert all(AS_OF <= due <= AS_OF + _dt.timedelta(days=30) for due in dues)
    text = " ".join(tr.text_content() for tr in rows)
    assert "Đoàn giám sát báo cáo kết quả giám sát Chương trình năm 2023" in text
    assert "15/12/2023" in text and "còn 28 ngày" in text


# --- timeline ----------------------------------------------------------------------------------

def test_timeline_has_one_circle_per_dated_document(doc, registry):
    (svg,) = doc.xpath("//section[@id='timeline']//svg")
    circles = svg.xpath(".//circle")
    dated = [d for d in registry.documents if d.date is not None and d.date <= AS_OF]
    assert len(circles) == len(dated) == 50
    assert sorted(c.get("data-doc") for c in circles) == sorted(d.id for d in dated)
    titles = [c.xpath("./title")[0].text_content() for c in circles]
    assert any(t.startswith("Kế hoạch số 151/KH-UBND ngày 25/11/2022 của UBND huyện Bình Sơn ") for t in titles)
    labels = " ".join(t.text_content() for t in svg.xpath(".//text[contains(@class,'row-label')]"))
    for project in ("DA1", "DA2", "DA3", "DA4", "DA5", "DA6", "DA7", "Không thuộc dự án"):
        assert project in labels
    ticks = [t.text_content() for t in svg.xpath(".//text[contains(@class,'tick-label')]")]
    assert {"2021", "2022", "2023"} <= set(ticks) and "Quý I" in ticks


# --- hierarchy ---------------------------------------------------------------------------------

def _issuer_li(parent, key: str):
    found = parent.xpath(f"./li[@data-issuer='{key}']")
    assert len(found) == 1, key
    return found[0]


def test_hierarchy_province_district_communes_in_vietnamese_order(doc, registry):
    (tree,) = doc.xpath("//section[@id='hierarchy']/ul[contains(@class,'tree')]")
    province = _issuer_li(tree, "ubnd-tinh-quang-ngai")
    name = province.xpath(".//*[@class='name']")[0]
    assert name.text_content() == registry.issuers["ubnd-tinh-quang-ngai"].display_name
    assert province.xpath("./details/summary")  # collapsible
    district = _issuer_li(province.xpath("./details/ul[contains(@class,'children')]")[0], "ubnd-binh-son")
    assert district.xpath(".//*[@class='name']")[0].text_content() == "UBND huyện Bình Sơn"
    assert "40 văn bản" in district.xpath("./details/summary")[0].text_content()
    docs = district.xpath("./details/details[contains(@class,'issuer-docs')]/ol/li")
    assert len(docs) == 40
    communes = district.xpath("./details/ul[contains(@class,'children')]/li")
    assert len(communes) == 22 and all(li.get("data-level") == "xã" for li in communes)
    names = [li.xpath(".//*[@class='name']")[0].text_content() for li in communes]
    assert names == sorted(names, key=sort_key)
    assert names.index("UBND xã Bình Dương") < names.index("UBND xã Bình Đông")
    assert names.index("UBND xã Bình Đông") < names.index("UBND xã Bình Hải")


def test_issuer_documents_in_date_order(doc, registry):
    items = doc.xpath("//li[@data-issuer='ubnd-binh-son']/details/details/ol/li")
    dates = [_dt.datetime.strptime(li.xpath("./span[@class='cite']")[0].text_content().split(" ngày ")[1][:10],
                                   "%d/%m/%Y").date() for li in items]
    assert dates == sorted(dates)


# --- escaping and language ---------------------------------------------------------------------

def test_el_escapes_text_and_attributes():
    assert el("p", "<b>&", title='"x"') == '<p title="&quot;x&quot;">&lt;b&gt;&amp;</p>'
    assert el("p", el("b", "x")) == "<p><b>x</b></p>"


def test_registry_text_is_escaped(tmp_path):
    text = REAL_REGISTRY.read_text(encoding="utf-8")
    old = ("    title: thực hiện Dự án 2 - Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo trên địa bàn huyện Bình Sơn"
           " năm 2022\n")
    assert old in text
    text = text.replace(old, '    title: "<script>alert(1)</script>"\n', 1)
    text = text.replace("    short: UBND xã Bình An\n", '    short: "<img src=x onerror=alert(1)>"\n', 1)
    path = tmp_path / "registry.yaml"
    path.write_text(text, encoding="utf-8")
    page = render_dashboard(load_registry(path), as_of=AS_OF)
    assert "<script" not in page and "<img" not in page
    doc = lxml.html.document_fromstring(page)
    assert not doc.xpath("//script | //img")
    assert "<script>alert(1)</script>" in _cell(doc, "DA2", 2022).text_content()
    assert "<script>alert(1)</script>" in _cell(doc, "DA2", 2022).xpath(".//li")[-1].get("title")
    assert "<img src=x onerror=alert(1)>" in doc.xpath("//section[@id='hierarchy']")[0].text_content()


def test_english(registry):
    doc = lxml.html.document_fromstring(render_dashboard(registry, as_of=AS_OF, lang="en"))
    assert doc.get("lang") == "en"
    assert "as of 17/11/2023" in doc.xpath("//header")[0].text_content()
    assert doc.xpath("//section[@id='coverage']/h2")[0].text_content() == "Plans by project, sub-project and year"
    assert _cell(doc, "DA6-TDA1", 2023).xpath(".//span[@class='label']")[0].text_content() == "gap"
    assert _cell(doc, "DA5", 2022).xpath(".//span[@class='label']")[0].text_content() == "not applicable"
    assert _cell(doc, "DA2", 2022).xpath(".//span[@class='label']")[0].text_content() == "planned"
    assert doc.xpath("//section[@id='findings']/h2")[0].text_content() == "Check findings"
    assert "No project" in doc.xpath("//svg")[0].text_content()
    assert "district" in doc.xpath("//li[@data-issuer='ubnd-binh-son']/details/summary")[0].text_content()


def test_period_limits_the_years(registry):
    from vanban.registry.model import Period

    doc = lxml.html.document_fromstring(render_dashboard(registry, as_of=AS_OF, period=Period.parse("2023")))
    years = [th.text_content() for th in doc.xpath("//table[contains(@class,'matrix')]//th[contains(@class,'year')]")]
    assert years == ["2023"]
    assert "kỳ báo cáo: 2023" in doc.xpath("//header")[0].text_content()
    assert all(c.get("data-doc").split("/")[1] == "2023" for c in doc.xpath("//svg//circle"))


def test_small_registries(build):
    # no documents at all: every section still renders, the timeline says there is nothing to draw
    empty = lxml.html.document_fromstring(render_dashboard(build.load([]), as_of=AS_OF))
    assert not empty.xpath("//svg") and empty.xpath("//section[@id='timeline']//p[@class='empty']")
    assert len(empty.xpath("//section[@id='hierarchy']//li[@data-issuer]")) == 5
    # a span of more than four years: ticks per year, no quarters
    wide = build.load([build.doc("1/KH-UBND", "Kế hoạch", "2015-03-02", subprojects=["DA2"]),
                       build.doc("2/QĐ-UBND", "Quyết định", "2023-05-04")])
    doc = lxml.html.document_fromstring(render_dashboard(wide, as_of=AS_OF))
    ticks = [t.text_content() for t in doc.xpath("//svg//text[contains(@class,'tick-label')]")]
    assert ticks == [str(y) for y in range(2015, 2024)]
    assert len(doc.xpath("//svg//circle")) == 2


# --- painted by Chromium (only where it is installed) ------------------------------------------

def _find_rgb(png: bytes, rgb: tuple[int, int, int]) -> tuple[int, int] | None:
    """(x, y) of the first pixel of colour *rgb* in an 8-bit RGB/RGBA PNG, decoding rows only as
    far as needed (standard library only: zlib and the five PNG row filters)."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, []
    width = height = depth = colour = interlace = 0
    while pos < len(png):
        (length,) = struct.unpack(">I", png[pos:pos + 4])
        kind, body = png[pos + 4:pos + 8], png[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    assert depth == 8 and colour in (2, 6) and interlace == 0, (depth, colour, interlace)
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(b"".join(idat))
    prev = bytearray(stride)
    target = bytes(rgb)
    for y in range(height):
        start = y * (stride + 1)
        ftype, line = raw[start], bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            line = bytearray((a + b) & 0xFF for a, b in zip(line, prev))
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        at = line.find(target)
        while at != -1:
            if at % bpp == 0:
                return at // bpp, y
            at = line.find(target, at + 1)
        prev = line
    return None


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: CI installs Chromium and sets this: there the browser tests must run, never be skipped
REQUIRE_BROWSER = os.environ.get("VANBAN_REQUIRE_BROWSER") == "1"


@pytest.fixture
def chromium() -> str:
    if CHROMIUM is None:
        if REQUIRE_BROWSER:
            pytest.fail("VANBAN_REQUIRE_BROWSER=1 but no chromium on PATH (.ci/run installs it)")
        pytest.skip("no chromium on this machine (.ci/run installs it; set VANBAN_REQUIRE_BROWSER=1 to require it)")
    return CHROMIUM


def _screenshot(chromium: str, html_path: Path, png_path: Path, profile: Path, timeout: float = 120) -> float:
    """Render *html_path* headless into *png_path*; the seconds it took."""
    start = time.perf_counter()
    subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
         f"--user-data-dir={profile}", f"--screenshot={png_path}", "--window-size=1400,2000",
         html_path.as_uri()],
        capture_output=True, timeout=timeout, check=False,
    )
    return time.perf_counter() - start


def test_chromium_paints_the_matrix(tmp_path, page, chromium):
    html_path = tmp_path / "bao-cao.html"
    html_path.write_text(page, encoding="utf-8")
    png_path = tmp_path / "bao-cao.png"
    _screenshot(chromium, html_path, png_path, tmp_path / "profile")
    assert png_path.exists()
    png = png_path.read_bytes()
    assert len(png) > 10_000
    found = _find_rgb(png, GAP_RGB)
    assert found is not None, "no gap-coloured pixel: the matrix was not painted"
    x, y = found
    assert 100 < y < 2000 and x > 300  # in the year columns, below the header
