"""Tests for reading .docx files (vanban.docx_text) and the format dispatch of vanban.sources."""

from __future__ import annotations

import io
import json
import struct
import time
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from vanban import find_citations
from vanban.cli import main
from vanban.io.docx import read_docx_text
from vanban.io.sources import SourceError, read_text_source

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = (
    f'xmlns:w="{W}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml"'
)

BODY = "Căn cứ Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn về thực hiện Chương trình."
CELL_1 = "Quyết định số 1719/QĐ-TTg ngày 14/10/2021 của Thủ tướng Chính phủ"
CELL_2 = "Công văn số 125/UBND-KT ngày 05/3/2023 của UBND huyện Bình Sơn"
HEADER = "Báo cáo số 733/BC-UBND ngày 17/11/2023 của UBND huyện Bình Sơn"
FOOTNOTE = "Theo Quyết định số 90/QĐ-TTg ngày 18/01/2022 của Thủ tướng Chính phủ."
CODES = {"36/KH-UBND", "1719/QĐ-TTg", "125/UBND-KT", "733/BC-UBND", "90/QĐ-TTg"}


def document_xml(body: str) -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NS}><w:body>{body}</w:body></w:document>"
    )


def write_zip(path: Path, parts: dict[str, str | bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data.encode("utf-8") if isinstance(data, str) else data)
    return path


def add_parts(path: Path, changes: dict[str, str | bytes]) -> None:
    """Rewrite the zip at *path* with some parts replaced or added."""
    with zipfile.ZipFile(path) as archive:
        parts: dict[str, str | bytes] = {name: archive.read(name) for name in archive.namelist()}
    parts.update(changes)
    write_zip(path, parts)


def add_footnote(path: Path, text: str) -> None:
    """Add a footnote (with Word's separator notes) to a python-docx file, as Word writes it."""
    with zipfile.ZipFile(path) as archive:
        document = archive.read("word/document.xml").decode("utf-8")
        rels = archive.read("word/_rels/document.xml.rels").decode("utf-8")
        types = archive.read("[Content_Types].xml").decode("utf-8")
    reference = '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>'
    document = document.replace("</w:p>", reference + "</w:p>", 1)
    footnotes = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="{W}">'
        '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
        '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p>'
        "</w:footnote>"
        f'<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> {text}</w:t></w:r>'
        "</w:p></w:footnote></w:footnotes>"
    )
    rels = rels.replace(
        "</Relationships>",
        '<Relationship Id="rIdFootnotes" Target="footnotes.xml"'
        ' Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes"/></Relationships>',
    )
    types = types.replace(
        "</Types>",
        '<Override PartName="/word/footnotes.xml"'
        ' ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>',
    )
    add_parts(
        path,
        {
            "word/document.xml": document,
            "word/footnotes.xml": footnotes,
            "word/_rels/document.xml.rels": rels,
            "[Content_Types].xml": types,
        },
    )


@pytest.fixture
def report(tmp_path: Path) -> Path:
    """A report built with python-docx: a paragraph, a table, a header and a footnote with citations."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = HEADER
    document.add_paragraph(BODY)
    table = document.add_table(rows=2, cols=3)
    table.cell(0, 0).text = "STT"
    table.cell(0, 1).text = "Văn bản"
    table.cell(0, 2).text = "Ghi chú"
    table.cell(1, 0).text = "1"
    table.cell(1, 1).text = CELL_1
    table.cell(1, 1).add_paragraph(CELL_2)
    table.cell(1, 2).text = "đã thực hiện"
    document.add_paragraph("Nơi nhận: như trên.")
    path = tmp_path / "bao-cao.docx"
    document.save(str(path))
    add_footnote(path, FOOTNOTE)
    docx.Document(str(path))  # still a valid document for python-docx
    return path


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


# --- text -------------------------------------------------------------------------------------------
def test_report_text_and_citations(report: Path) -> None:
    text = read_docx_text(report)
    lines = text.splitlines()
    # body, then each table cell paragraph on its own line (row by row), then the footnote, then the header
    for line in (BODY, CELL_1, CELL_2, "STT", "Văn bản", "đã thực hiện", "Nơi nhận: như trên."):
        assert line in lines
    assert lines.index(BODY) < lines.index("STT") < lines.index(CELL_1) < lines.index(CELL_2)
    assert lines.index(CELL_2) < lines.index("đã thực hiện") < lines.index("Nơi nhận: như trên.")
    footnote_line = " " + FOOTNOTE
    assert footnote_line in lines and lines.index("Nơi nhận: như trên.") < lines.index(footnote_line)
    assert lines.index(footnote_line) < lines.index(HEADER)
    found = find_citations(text)
    assert CODES <= {citation.code for citation in found}
    by_code = {citation.code: citation for citation in found}
    assert by_code["36/KH-UBND"].issuer == "UBND huyện Bình Sơn"
    assert by_code["36/KH-UBND"].date.isoformat() == "2023-02-20"
    assert by_code["1719/QĐ-TTg"].issuer == "Thủ tướng Chính phủ"
    assert by_code["733/BC-UBND"].date.isoformat() == "2023-11-17"  # the header
    assert by_code["90/QĐ-TTg"].date.isoformat() == "2022-01-18"  # the footnote


def test_bytes_and_path_give_the_same_text(report: Path) -> None:
    assert read_docx_text(report.read_bytes()) == read_docx_text(str(report)) == read_text_source(str(report))


def test_nfd_text_comes_back_nfc(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", BODY)
    assert nfd != BODY
    document = docx.Document()
    document.add_paragraph(nfd)
    document.add_table(rows=1, cols=1).cell(0, 0).text = unicodedata.normalize("NFD", CELL_1)
    path = tmp_path / "nfd.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        assert nfd.encode("utf-8") in archive.read("word/document.xml")  # really stored decomposed
    text = read_docx_text(path)
    assert text == unicodedata.normalize("NFC", text)
    assert BODY in text.splitlines() and CELL_1 in text.splitlines()
    assert {"36/KH-UBND", "1719/QĐ-TTg"} <= {c.code for c in find_citations(text)}


def test_runs_fields_and_special_characters(tmp_path: Path) -> None:
    body = (
        # a tab stop in the paragraph properties is not text; runs split a citation in the middle
        '<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="720"/></w:tabs></w:pPr>'
        "<w:r><w:t>Kế hoạch số 36/KH</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>-UBND ngày 20/02/2023</w:t></w:r>"
        '<w:r><w:t xml:space="preserve"> của UBND huyện</w:t><w:tab/><w:t>Bình Sơn</w:t></w:r></w:p>'
        # line breaks, hyphens, a symbol
        "<w:p><w:r><w:t>dòng một</w:t><w:br/><w:t>dòng hai</w:t><w:cr/><w:t>dòng ba</w:t></w:r></w:p>"
        '<w:p><w:r><w:t>Kinh tế</w:t><w:noBreakHyphen/><w:t>xã hội</w:t><w:softHyphen/><w:t>!</w:t>'
        '<w:sym w:font="Wingdings" w:char="F0FC"/></w:r></w:p>'
        # a complex field (a hyperlink): the instruction is dropped, the result is kept
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve">'
        ' HYPERLINK "https://vanban.example/1719" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>Quyết định số 1719/QĐ-TTg</w:t></w:r><w:r><w:fldChar w:fldCharType=\"end\"/></w:r></w:p>"
        # a simple field keeps its result; tracked deletions are dropped, insertions kept
        '<w:p><w:fldSimple w:instr=" PAGE "><w:r><w:t>7</w:t></w:r></w:fldSimple>'
        '<w:del w:id="1" w:author="A"><w:r><w:delText>XÓA</w:delText></w:r></w:del>'
        '<w:ins w:id="2" w:author="A"><w:r><w:t>THÊM</w:t></w:r></w:ins></w:p>'
        # a hyperlink and a content control
        '<w:p><w:hyperlink r:id="rId9" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        "<w:r><w:t>liên kết</w:t></w:r></w:hyperlink></w:p>"
        "<w:sdt><w:sdtPr><w:alias w:val=\"Trích yếu\"/></w:sdtPr><w:sdtContent><w:p><w:r><w:t>trong ô nhập</w:t>"
        "</w:r></w:p></w:sdtContent></w:sdt>"
        # a text box written twice (choice and fallback) is read once, after its paragraph
        "<w:p><w:r><w:t>trước hộp</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing>"
        "<wps:txbx><w:txbxContent><w:p><w:r><w:t>trong hộp văn bản</w:t></w:r></w:p></w:txbxContent></wps:txbx>"
        "</w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent><w:p><w:r>"
        "<w:t>trong hộp văn bản</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r><w:r><w:t> sau hộp</w:t></w:r></w:p>"
        # a nested table
        "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô ngoài</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>ô trong</w:t>"
        "</w:r></w:p></w:tc></w:tr></w:tbl></w:tc><w:tc><w:p/></w:tc></w:tr></w:tbl>"
        '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
    )
    path = write_zip(tmp_path / "runs.docx", {"word/document.xml": document_xml(body)})
    assert read_docx_text(path).split("\n") == [
        "Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện\tBình Sơn",
        "dòng một",
        "dòng hai",
        "dòng ba",
        "Kinh tế-xã hội!",
        "Quyết định số 1719/QĐ-TTg",
        "7THÊM",
        "liên kết",
        "trong ô nhập",
        "trước hộp sau hộp",
        "trong hộp văn bản",
        "ô ngoài",
        "ô trong",
        "",
    ]


def test_notes_headers_and_footers_order_and_duplicates(tmp_path: Path) -> None:
    def part(root: str, text: str) -> str:
        return f'<w:{root} xmlns:w="{W}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:{root}>'

    notes = (
        f'<w:endnotes xmlns:w="{W}"><w:endnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p>'
        '</w:endnote><w:endnote w:id="1"><w:p><w:r><w:t>chú thích cuối</w:t></w:r></w:p></w:endnote></w:endnotes>'
    )
    path = write_zip(
        tmp_path / "parts.docx",
        {
            "word/footer1.xml": part("ftr", "chân trang"),
            "word/header10.xml": part("hdr", "đầu trang mười"),
            "word/header2.xml": part("hdr", "đầu trang hai"),
            "word/header1.xml": part("hdr", "đầu trang hai"),  # a first-page copy: read once
            "word/header3.xml": part("hdr", ""),  # empty: left out
            "word/endnotes.xml": notes,
            "word/document.xml": document_xml("<w:p><w:r><w:t>thân</w:t></w:r></w:p>"),
        },
    )
    assert read_docx_text(path) == "thân\n\nchú thích cuối\n\nđầu trang hai\n\nđầu trang mười\n\nchân trang"


def test_strict_ooxml_namespace(tmp_path: Path) -> None:
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    xml = f'<w:document xmlns:w="{strict}"><w:body><w:p><w:r><w:t>{BODY}</w:t></w:r></w:p></w:body></w:document>'
    path = write_zip(tmp_path / "strict.docx", {"word/document.xml": xml})
    assert read_docx_text(path) == BODY


# --- zip bombs and limits ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def bomb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A .docx whose word/document.xml is 300 MB of zeros; about 300 KB on disk."""
    path = tmp_path_factory.mktemp("bomb") / "bomb.docx"
    chunk = bytes(2**20)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("word/document.xml", "w") as member:
            for _ in range(300):
                member.write(chunk)
    assert path.stat().st_size < 2 * 2**20
    return path


def test_zip_bomb_is_rejected_quickly(bomb: Path) -> None:
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        read_docx_text(bomb)
    assert time.monotonic() - started < 5
    message = caught.value.render("vi")
    assert "quá lớn" in message and "giới hạn" in message and "zip bomb" in caught.value.render("en")
    assert str(bomb) in message


def test_zip_bomb_with_a_lying_size_is_rejected_quickly(bomb: Path, tmp_path: Path) -> None:
    """The zip directory claims 1 MB (a ratio that passes); the unpacked bytes are not trusted to it."""
    data = bytearray(bomb.read_bytes())
    directory = data.rindex(b"PK\x01\x02")
    assert struct.unpack_from("<I", data, directory + 24)[0] == 300 * 2**20
    struct.pack_into("<I", data, directory + 24, 2**20)
    liar = tmp_path / "liar.docx"
    liar.write_bytes(bytes(data))
    with zipfile.ZipFile(liar) as archive:
        assert archive.getinfo("word/document.xml").file_size == 2**20
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        read_docx_text(liar)
    assert time.monotonic() - started < 5
    assert "docx" in str(caught.value)


def test_unpacked_bytes_are_counted_not_the_declared_sizes(tmp_path: Path, monkeypatch) -> None:
    """Even if unpacking gave more than the zip declares, reading stops at the limit."""
    path = write_zip(tmp_path / "nho.docx", {"word/document.xml": document_xml("<w:p/>")})

    class Endless(io.RawIOBase):
        given = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer) -> int:
            Endless.given += len(buffer)
            buffer[:] = bytes(len(buffer))
            return len(buffer)

    monkeypatch.setattr(zipfile.ZipFile, "open", lambda self, info, *args, **kwargs: Endless())
    started = time.monotonic()
    with pytest.raises(SourceError, match="nén bất thường") as caught:
        read_docx_text(path)
    assert "zip bomb" in caught.value.render("en")
    assert time.monotonic() - started < 5
    assert Endless.given <= 3 * 2**20


def test_a_bomb_among_pictures_is_never_unpacked(tmp_path: Path) -> None:
    path = tmp_path / "anh.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", document_xml(f"<w:p><w:r><w:t>{BODY}</w:t></w:r></w:p>"))
        with archive.open("word/media/image1.bin", "w") as member:
            for _ in range(50):
                member.write(bytes(2**20))
    started = time.monotonic()
    assert read_docx_text(path) == BODY
    assert time.monotonic() - started < 1


def test_part_and_total_limits(tmp_path: Path) -> None:
    body = "".join(f"<w:p><w:r><w:t>đoạn {i}</w:t></w:r></w:p>" for i in range(200))
    path = write_zip(
        tmp_path / "lon.docx",
        {"word/document.xml": document_xml(body), "word/footer1.xml": f'<w:ftr xmlns:w="{W}"/>'},
    )
    size = zipfile.ZipFile(path).getinfo("word/document.xml").file_size
    assert read_docx_text(path, max_part_bytes=size, max_total_bytes=size + 100).count("\n") == 199
    with pytest.raises(SourceError, match="quá lớn.*word/document.xml.*giới hạn"):
        read_docx_text(path, max_part_bytes=size - 1)
    with pytest.raises(SourceError, match="quá lớn.*cả tệp.*giới hạn"):
        read_docx_text(path, max_total_bytes=size + 5)


def test_compression_ratio_limit(tmp_path: Path) -> None:
    # 2 MB of one repeated paragraph compresses far beyond 200:1
    body = "<w:p><w:r><w:t>a</w:t></w:r></w:p>" * (2 * 2**20 // 33)
    path = write_zip(tmp_path / "nen.docx", {"word/document.xml": document_xml(body)})
    info = zipfile.ZipFile(path).getinfo("word/document.xml")
    assert info.file_size > 200 * info.compress_size
    with pytest.raises(SourceError, match="nén bất thường.*200:1"):
        read_docx_text(path)


def test_too_many_parts(tmp_path: Path) -> None:
    parts: dict[str, str | bytes] = {f"customXml/item{i}.xml": b"<a/>" for i in range(2001)}
    parts["word/document.xml"] = document_xml("")
    path = write_zip(tmp_path / "nhieu.docx", parts)
    with pytest.raises(SourceError, match="quá nhiều phần.*2000") as caught:
        read_docx_text(path)
    assert "too many parts" in caught.value.render("en")
    assert read_docx_text(path, max_parts=3000) == ""


def test_huge_directory_is_refused_before_zipfile_reads_it(tmp_path: Path, monkeypatch) -> None:
    parts: dict[str, str | bytes] = {("x" * 500) + f"{i}.xml": b"" for i in range(20)}
    parts["word/document.xml"] = document_xml("")
    path = write_zip(tmp_path / "danh-muc.docx", parts)

    def no_zipfile(*args, **kwargs):
        raise AssertionError("zipfile should not have been asked to read the directory")

    monkeypatch.setattr(zipfile, "ZipFile", no_zipfile)
    with pytest.raises(SourceError, match="quá nhiều phần"):
        read_docx_text(path, max_parts=5)


# --- XML safety -------------------------------------------------------------------------------------
LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
    + f"]>\n<w:document xmlns:w=\"{W}\"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
@pytest.mark.parametrize("part", ["word/document.xml", "word/header1.xml"])
def test_billion_laughs_is_rejected(tmp_path: Path, encoding: str, part: str) -> None:
    xml = LAUGHS if encoding == "utf-8" else LAUGHS.replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    parts: dict[str, str | bytes] = {"word/document.xml": document_xml("<w:p/>"), part: xml.encode(encoding)}
    path = write_zip(tmp_path / "laughs.docx", parts)
    started = time.monotonic()
    with pytest.raises(SourceError) as caught:
        read_docx_text(path)
    assert time.monotonic() - started < 5
    assert "DTD" in str(caught.value) and part in str(caught.value)
    assert "lollol" not in str(caught.value)


@pytest.mark.parametrize("target", ["file:///etc/passwd", "SECRET"])
def test_external_entity_is_rejected_and_nothing_leaks(tmp_path: Path, target: str) -> None:
    secret = tmp_path / "bi-mat.txt"
    secret.write_text("MẬT-KHẨU-12345\n", encoding="utf-8")
    url = secret.as_uri() if target == "SECRET" else target
    xml = (
        f'<?xml version="1.0"?>\n<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{url}">]>\n'
        f'<w:document xmlns:w="{W}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    )
    path = write_zip(tmp_path / "xxe.docx", {"word/document.xml": xml})
    with pytest.raises(SourceError, match="DTD/thực thể XML, không đọc vì lý do an toàn") as caught:
        read_docx_text(path)
    assert "MẬT-KHẨU" not in str(caught.value) and "root:" not in str(caught.value)


def test_external_dtd_reference_is_rejected(tmp_path: Path) -> None:
    xml = f'<!DOCTYPE w:document SYSTEM "http://example.invalid/x.dtd"><w:document xmlns:w="{W}"/>'
    path = write_zip(tmp_path / "dtd.docx", {"word/document.xml": xml})
    with pytest.raises(SourceError, match="DTD"):
        read_docx_text(path)


# --- files that are not a .docx ---------------------------------------------------------------------
def assert_says_save_as_docx(error: SourceError) -> None:
    assert "lưu" in error.render("vi") and ".docx" in error.render("vi")  # in Vietnamese by default ...
    assert "save it" in error.render("en") and "lưu" not in error.render("en")  # ... in English on request


@pytest.mark.parametrize(
    "name, data",
    [
        ("bao-cao.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),
        ("bao-cao.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"),
        ("bao-cao.odt", b"PK\x03\x04mimetypeapplication/vnd.oasis.opendocument.text"),
        ("ngau-nhien.docx", bytes((i * 7919 + 13) % 251 for i in range(4096))),
        ("rong.docx", b""),
        ("cu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)),  # a .doc renamed
        ("cat-ngang.docx", None),  # a valid .docx cut in half
        ("khong-phai-word.docx", "zip"),  # a zip without word/document.xml
        ("xml-hong.docx", "xml"),  # a document.xml that is not well-formed
    ],
)
def test_unreadable_files_say_what_to_do(tmp_path: Path, report: Path, name: str, data) -> None:
    path = tmp_path / name
    if data is None:
        whole = report.read_bytes()
        path.write_bytes(whole[: len(whole) // 2])
    elif data == "zip":
        write_zip(path, {"content.xml": "<a/>"})
    elif data == "xml":
        write_zip(path, {"word/document.xml": document_xml("<w:p><w:r><w:t>không đóng")})
    else:
        path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_text_source(str(path))
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert_says_save_as_docx(caught.value)
    if name.endswith(".doc") or name == "cu.docx":
        assert "Word 97-2003" in message
    if name == "khong-phai-word.docx":
        assert "word/document.xml" in message
    if name == "xml-hong.docx":
        assert "bị hỏng" in message and "word/document.xml" in message


def test_missing_docx_file(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="không tìm thấy tệp") as caught:
        read_text_source(str(tmp_path / "khong-co.docx"))
    assert "file not found" in caught.value.render("en")


def test_text_files_are_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "bao-cao.md"
    path.write_bytes(("\ufeff" + unicodedata.normalize("NFD", BODY)).encode("utf-8"))
    assert read_text_source(str(path)) == BODY


# --- the command line -------------------------------------------------------------------------------
def test_cli_extract_docx_json(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(main, ["extract", str(report), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert CODES <= {row["code"] for row in rows}
    assert {row["file"] for row in rows} == {str(report)}
    text = read_docx_text(report).splitlines()
    for row in rows:  # line and column point into the extracted text
        assert text[row["line"] - 1][row["column"] - 1 :].startswith(row["raw"].split("\n")[0])


def test_cli_extract_docx_from_stdin(runner: CliRunner, report: Path) -> None:
    result = runner.invoke(main, ["extract", "-", "--format", "json"], input=report.read_bytes())
    assert result.exit_code == 0, result.output
    assert CODES <= {row["code"] for row in json.loads(result.stdout)}


def test_cli_corrupt_docx_exits_2(runner: CliRunner, tmp_path: Path) -> None:
    path = tmp_path / "hong.docx"
    path.write_bytes(b"PK\x03\x04" + bytes(100))
    result = runner.invoke(main, ["extract", str(path), "--format", "json"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert str(path) in result.stderr and "bị hỏng" in result.stderr
    english = runner.invoke(main, ["--lang", "en", "extract", str(path), "--format", "json"])
    assert english.exit_code == 2 and "save it again as .docx" in english.stderr and "bị hỏng" not in english.stderr
    assert result.stdout == ""


def test_cli_corrupt_docx_on_stdin_exits_2(runner: CliRunner) -> None:
    result = runner.invoke(main, ["extract", "-"], input=b"PK\x03\x04 not really a zip")
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "-: " in result.stderr and ".docx" in result.stderr
