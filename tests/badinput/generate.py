"""The generated half of the bad-input corpus: inputs that are binary, huge, or not files at all.

Small readable cases are files in this folder (registry/, text/, registers/, edxml/) listed in
cases.yaml; the cases here are built into a working folder when the test runs:

- every control character libyaml refuses, one registry each (C0 but tab/LF/CR, DEL, C1 but NEL,
  U+FFFE, U+FFFF);
- nesting (50,000 "[", a run of "- ", nested mappings), alias bombs and alias amplification in a
  real field, a 200,000-character title, a 1,000-character key, 600 wrong dates;
- legacy encodings as bytes (TCVN3, VNI, Windows-1258), UTF-16, invalid UTF-8;
- .docx: a zip bomb, XXE, entity expansion, too many parts, duplicate names, an OLE (.doc)
  header, no document part, broken XML, 300-deep XML, one citation 16,000 times on one line;
- .xlsx: a DTD in a sheet, a zip bomb, broken sheet XML, titles typed in TCVN3 and in VNI;
- edXML: XXE, entity expansion, 51 MB;
- not regular files: a folder, /dev/null, /dev/zero, a FIFO without a writer, a 65 MB sparse
  file, a path that does not exist (POSIX only).

:func:`build` writes them and returns their cases, in the format of cases.yaml.
"""

from __future__ import annotations

import io
import os
import sys
import unicodedata
import zipfile
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"

HEAD = (
    "vanban: 1\n"
    "issuers:\n"
    "  ubnd-x: {name: Ủy ban nhân dân xã X, level: xã}\n"
)
VALIDATE = ["validate", "--registry", "{file}"]
EXTRACT = ["extract", "{file}"]
REGISTER = ["register", "import", "{file}", "--registry", "{registry}", "--dry-run"]
EDXML = ["edxml", "import", "{file}", "--registry", "{registry}", "--dry-run"]

DOCUMENT_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
    "{body}</w:body></w:document>"
)
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
    'content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>'
)

#: (code point, name as vanban writes it) of every character libyaml refuses
CONTROL = [c for c in range(0x20) if c not in (0x09, 0x0A, 0x0D)] + [0x7F] + [c for c in range(0x80, 0xA0)
                                                                             if c != 0x85] + [0xFFFE, 0xFFFF]


def _paragraph(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space=\"preserve\">{text}</w:t></w:r></w:p>"


def _zip(parts: list[tuple[str, bytes]], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in parts:
            archive.writestr(name, data)
    return out.getvalue()


def _docx(document: bytes | str, extra: list[tuple[str, bytes]] = ()) -> bytes:  # type: ignore[assignment]
    body = document.encode("utf-8") if isinstance(document, str) else document
    return _zip([("[Content_Types].xml", CONTENT_TYPES.encode()), ("word/document.xml", body), *extra])


def _duplicate_names_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("word/document.xml", DOCUMENT_XML.format(body=_paragraph("một")))
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
            archive.writestr("word/document.xml", DOCUMENT_XML.format(body=_paragraph("hai")))
    return out.getvalue()


def _xlsx(titles: list[str], *, doctype: bool = False, broken: bool = False, bomb: bool = False) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Sổ đăng ký văn bản đi"
    sheet.append(["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản"])
    for index, title in enumerate(titles, 1):
        sheet.append([f"{index}/KH-UBND", f"0{index}/02/2024", title])
    raw = io.BytesIO()
    workbook.save(raw)
    if not (doctype or broken or bomb):
        return raw.getvalue()
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        parts = [(info.filename, source.read(info)) for info in source.infolist()]
    out = []
    for name, data in parts:
        if name == "xl/worksheets/sheet1.xml":
            if doctype:
                data = b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>' + data.split(b"?>", 1)[-1]
            if broken:
                data = data[: len(data) // 2]
            if bomb:
                data = data.replace(b"<sheetData>", b"<sheetData><!--" + b"x" * (40 << 20) + b"-->", 1)
        out.append((name, data))
    return _zip(out)


def _cp1258(text: str) -> bytes:
    """*text* in Windows-1258: letters with a hat, breve or horn precomposed, tones combining."""
    out = []
    for char in unicodedata.normalize("NFC", text):
        try:
            out.append(char.encode("cp1258"))
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out.append((base + tones).encode("cp1258"))
    return b"".join(out)


def _files(folder: Path) -> list[dict[str, Any]]:
    """Write every generated input under *folder*; its cases."""
    cases: list[dict[str, Any]] = []

    def case(name: str, category: str, data: bytes | None, run: list[str], vi: list[str], en: list[str],
             *, path: str | None = None, exit: int = 2) -> None:
        file = path or name
        if data is not None:
            target = folder / file
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        cases.append({"name": name, "category": category, "file": file, "run": run, "vi": vi, "en": en,
                      "exit": exit, "generated": True})

    # --- control characters, one registry each ---------------------------------------------------------
    for code in CONTROL:
        char = chr(code)
        text = HEAD + f"documents:\n  - code: 1/KH-UBND\n    date: 2024-01-02\n    issuer: ubnd-x\n    title: a{char}b\n"
        label = f"U+{code:04X}"
        if code == 0x0B:
            vi, en = [f"{{file}}:8:13: ký tự ngắt dòng thủ công của Word ({label}"], [f"{{file}}:8:13: Word's manual line break ({label}"]
        else:
            vi, en = [f"{{file}}:8:13: ký tự điều khiển {label}"], [f"{{file}}:8:13: the control character {label}"]
        case(f"registry/control-{code:04x}.yaml", "control characters", text.encode("utf-8"), VALIDATE, vi, en)

    # --- nesting, aliases, sizes -----------------------------------------------------------------------------
    case("registry/nesting-50000-brackets.yaml", "nesting", (HEAD + "documents: " + "[" * 50000 + "\n").encode(),
         VALIDATE, ["{file}:4:", "lồng nhau quá sâu: hơn 100 cấp"], ["{file}:4:", "nested too deeply: more than 100 levels"])
    case("registry/nesting-dashes.yaml", "nesting", (HEAD + "documents:\n  " + "- " * 5000 + "x\n").encode(),
         VALIDATE, ["lồng nhau quá sâu"], ["nested too deeply"])
    case("registry/nesting-mappings.yaml", "nesting", (HEAD + "documents: " + "{a: " * 3000 + "1" + "}" * 3000 + "\n").encode(),
         VALIDATE, ["lồng nhau quá sâu"], ["nested too deeply"])
    laughs = HEAD + "locality:\n  name: x\n  not_applicable: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
    laughs += "".join(f"x{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]\n" for i in range(1, 10))
    case("registry/alias-billion-laughs.yaml", "aliases", (laughs + "documents: []\n").encode(), VALIDATE,
         ["các bí danh YAML (*…) nhân tệp lên"], ["YAML aliases (*…) expand the file to"])
    amplified = HEAD + "documents:\n  - code: 1/KH-UBND\n    date: 2024-01-02\n    issuer: ubnd-x\n"
    amplified += "    cites: &refs [" + ", ".join(f"{n}/KH-UBND" for n in range(2, 1002)) + "]\n"
    amplified += "".join(f"  - code: {n}/KH-UBND\n    date: 2024-01-02\n    issuer: ubnd-x\n    cites: *refs\n"
                         for n in range(2, 1002))
    case("registry/alias-amplification.yaml", "aliases", amplified.encode(), VALIDATE,
         ["{file}:8:12:", "các bí danh YAML"], ["{file}:8:12:", "YAML aliases"])
    case("registry/huge-title.yaml", "sizes",
         (HEAD + "documents:\n  - code: 1/KH-UBND\n    date: 2024-01-02\n    issuer: ubnd-x\n    title: "
          + "Kế hoạch " * 25000 + "\n").encode(), VALIDATE,
         ["{file}:8:12: documents[0].title: giá trị dài 224999 ký tự (giới hạn 10000)"],
         ["{file}:8:12: documents[0].title: the value is 224999 characters long (the limit is 10000)"])
    case("registry/huge-key.yaml", "sizes", (HEAD + "k" * 1000 + ": 1\ndocuments: []\n").encode(), VALIDATE,
         ["{file}:4:1:", "giá trị dài 1000 ký tự (giới hạn 200)"], ["{file}:4:1:", "the value is 1000 characters long"])
    wrong = HEAD + "documents:\n" + "".join(f"  - code: {n}/KH-UBND\n    date: 2024-02-30\n    issuer: ubnd-x\n"
                                            for n in range(1, 601))
    case("registry/600-impossible-dates.yaml", "sizes", wrong.encode(), VALIDATE,
         ["đã gặp 500 lỗi: dừng đọc tệp"], ["500 problems found: reading stopped"])

    # --- encodings ------------------------------------------------------------------------------------------------
    title = "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững"
    # "Kế hoạch thực hiện Chương trình mục tiêu quốc gia giảm nghèo" in TCVN3 (ABC), byte by byte
    tcvn3 = "K\xd5 ho\xb9ch th\xf9c hi\xd6n Ch\xad\xacng tr\xd7nh m\xf4c ti\xaau qu\xe8c gia gi\xb6m ngh\xcco"
    yaml_head = HEAD + "documents:\n  - code: 1/KH-UBND\n    date: 2024-01-02\n    issuer: ubnd-x\n    title: "
    case("registry/legacy-tcvn3.yaml", "encodings", yaml_head.encode() + tcvn3.encode("latin-1") + b"\n", VALIDATE,
         ["{file}:8:1: tệp được gõ bằng bảng mã cũ TCVN3 (ABC)", "Unikey", "Kế hoạch thực hiện"],
         ["{file}:8:1: the file is typed in the legacy encoding TCVN3 (ABC)", "Unikey"])
    vni = "Keá hoaïch thöïc hieän Chöông trình muïc tieâu quoác gia giaûm ngheøo beàn vöõng"
    case("registry/legacy-vni.yaml", "encodings", yaml_head.encode() + vni.encode("latin-1") + b"\n", VALIDATE,
         ["bảng mã cũ VNI Windows", "Kế hoạch thực hiện"], ["legacy encoding VNI Windows"])
    case("registry/legacy-cp1258.yaml", "encodings", yaml_head.encode() + _cp1258(title) + b"\n", VALIDATE,
         ["bảng mã cũ Windows-1258"], ["legacy encoding Windows-1258"])
    case("registry/utf16.yaml", "encodings", (HEAD + "documents: []\n").encode("utf-16"), VALIDATE,
         ["{file}: tệp được lưu với mã hóa UTF-16"], ["{file}: the file is saved as UTF-16"])
    case("registry/not-utf8.yaml", "encodings", yaml_head.encode() + b"\x81\x82\x83 \xff\xfe\x00\n", VALIDATE,
         ["{file}:8:1: tệp không phải văn bản UTF-8"], ["{file}:8:1: the file is not UTF-8 text"])
    case("registry/encoded-surrogate.yaml", "encodings", yaml_head.encode() + b"\xed\xa0\x80\n", VALIDATE,
         ["{file}:8:1: tệp không phải văn bản UTF-8"], ["{file}:8:1: the file is not UTF-8 text"])
    case("text/legacy-tcvn3.txt", "encodings", tcvn3.encode("latin-1") + b"\n", EXTRACT,
         ["{file}:1: tệp được gõ bằng bảng mã cũ TCVN3 (ABC)", "Unikey"], ["{file}:1: the file is typed in the legacy encoding TCVN3 (ABC)"])
    header = '"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản\n'
    case("registers/legacy-tcvn3.csv", "encodings", header.encode() + b"1/KH-UBND,02/01/2024," + tcvn3.encode("latin-1") + b"\n",
         REGISTER, ["{file_name}: tệp được gõ bằng bảng mã cũ TCVN3 (ABC)", "Unikey"],
         ["{file_name}: the file is typed in the legacy encoding TCVN3 (ABC)"])
    case("registers/legacy-tcvn3-mojibake.csv", "encodings", (header + f"1/KH-UBND,02/01/2024,{tcvn3}\n").encode(),
         REGISTER, ["{file_name}: trích yếu trong sổ được gõ bằng bảng mã cũ TCVN3 (ABC)", "Kế hoạch thực hiện"],
         ["{file_name}: the titles in the register are typed in the legacy encoding TCVN3 (ABC)"])
    case("registers/legacy-tcvn3.xlsx", "encodings", _xlsx([tcvn3, tcvn3]), REGISTER,
         ["trích yếu trong sổ được gõ bằng bảng mã cũ TCVN3 (ABC)", "dòng 2"], ["legacy encoding TCVN3 (ABC)", "row 2"])
    case("registers/legacy-vni.xlsx", "encodings", _xlsx([vni]), REGISTER,
         ["bảng mã cũ VNI Windows"], ["legacy encoding VNI Windows"])

    # --- .docx -------------------------------------------------------------------------------------------------------
    bomb = _zip([("[Content_Types].xml", CONTENT_TYPES.encode()),
                 ("word/document.xml", DOCUMENT_XML.format(body=_paragraph("x" * 30_000_000)).encode())])
    case("text/zip-bomb.docx", "docx", bomb, EXTRACT, ["{file}:", "“bom zip”"], ["{file}:", "zip bomb"])
    xxe = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
           + DOCUMENT_XML.split("?>", 1)[1].format(body=_paragraph("&x;")))
    case("text/xxe.docx", "docx", _docx(xxe), EXTRACT, ["{file}:", "DTD/thực thể XML"], ["{file}:", "DTD/XML entities"])
    lol = ('<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lollollollol">'
           + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
           + "]>" + DOCUMENT_XML.split("?>", 1)[1].format(body=_paragraph("&i;")))
    case("text/billion-laughs.docx", "docx", _docx(lol), EXTRACT, ["DTD/thực thể XML"], ["DTD/XML entities"])
    many = [("[Content_Types].xml", CONTENT_TYPES.encode()),
            ("word/document.xml", DOCUMENT_XML.format(body="").encode())] + [(f"p/{i}", b"") for i in range(2100)]
    case("text/too-many-parts.docx", "docx", _zip(many, zipfile.ZIP_STORED), EXTRACT,
         ["có quá nhiều phần (giới hạn 2000)"], ["has too many parts (limit 2000)"])
    case("text/duplicate-names.docx", "docx", _duplicate_names_zip(), EXTRACT, ["bị hỏng hoặc không phải .docx"],
         ["damaged or not a .docx"])
    case("text/ole.docx", "docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504, EXTRACT,
         ["Word 97-2003 (.doc) hoặc có đặt mật khẩu"], ["old Word 97-2003 (.doc) file or is password-protected"])
    case("text/no-document.docx", "docx", _zip([("[Content_Types].xml", CONTENT_TYPES.encode())]), EXTRACT,
         ["thiếu phần word/document.xml"], ["has no word/document.xml"])
    case("text/broken-xml.docx", "docx", _docx(DOCUMENT_XML.format(body="<w:p><w:r>")), EXTRACT,
         ["{file}: tệp .docx bị hỏng"], ["{file}: the .docx file is damaged"])
    deep = DOCUMENT_XML.format(body="<w:p>" * 300 + "</w:p>" * 300)
    case("text/deep-xml.docx", "docx", _docx(deep), EXTRACT, ["{file}:"], ["{file}:"])
    case("text/not-a-zip.docx", "docx", b"PK\x03\x04 this is not a zip", EXTRACT, ["bị hỏng hoặc không phải .docx"],
         ["damaged or not a .docx"])
    line = "Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc ban hành kế hoạch " * 16000
    case("text/one-citation-16000-times.docx", "docx", _docx(DOCUMENT_XML.format(body=_paragraph(line))), EXTRACT,
         ["{file}:", "“bom zip”"], ["{file}:", "zip bomb"])  # 1.4 MB of text in 8 KB: over the 200:1 ratio
    case("text/one-citation-16000-times.txt", "cost", line.encode(), ["extract", "{file}", "--format", "json"],
         ["1085/QĐ-UBND"], ["1085/QĐ-UBND"], exit=0)

    # --- .xlsx -------------------------------------------------------------------------------------------------------
    case("registers/doctype.xlsx", "xlsx", _xlsx(["Kế hoạch"], doctype=True), REGISTER,
         ["DTD/thực thể XML"], ["DTD/XML entities"])
    case("registers/zip-bomb.xlsx", "xlsx", _xlsx(["Kế hoạch"], bomb=True), REGISTER, ["“bom zip”"], ["zip bomb"])
    case("registers/broken-sheet.xlsx", "xlsx", _xlsx(["Kế hoạch"], broken=True), REGISTER,
         ["{file_name}: không đọc được tệp .xlsx"], ["{file_name}: the .xlsx file cannot be read"])

    # --- edXML ---------------------------------------------------------------------------------------------------------
    case("edxml/xxe.xml", "edXML", b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><e>&x;</e>',
         EDXML, ["DOCTYPE"], ["DOCTYPE"])
    case("edxml/billion-laughs.xml", "edXML", lol.encode(), EDXML, ["DOCTYPE"], ["DOCTYPE"])
    if sys.platform != "win32":
        case("edxml/huge.xml", "edXML", None, EDXML, ["53477376", "52428800"], ["is too large (53477376 bytes, at most 52428800)"])
        with open(folder / "edxml" / "huge.xml", "wb") as handle:
            handle.truncate(51 << 20)

    # --- not regular files ------------------------------------------------------------------------------------------------
    if sys.platform != "win32":
        special = folder / "special"
        special.mkdir(exist_ok=True)
        (special / "folder.yaml").mkdir(exist_ok=True)
        (special / "folder.txt").mkdir(exist_ok=True)
        (special / "folder.csv").mkdir(exist_ok=True)
        for name in ("fifo.yaml", "fifo.txt", "fifo.docx", "fifo.csv", "fifo.xlsx"):
            if not (special / name).exists():
                os.mkfifo(special / name)
        for name, target in (("zero.yaml", "/dev/zero"), ("zero.txt", "/dev/zero"), ("zero.docx", "/dev/zero"),
                             ("zero.csv", "/dev/zero"), ("null.yaml", "/dev/null")):
            if not (special / name).is_symlink():
                (special / name).symlink_to(target)
        with open(special / "sparse.yaml", "wb") as handle:
            handle.truncate(65 << 20)
        specials = [
            ("special/folder.yaml", VALIDATE,  # a folder of YAML files is a registry too, where it is supported
             [["thư mục special/folder.yaml không có tệp .yaml nào", "{file}: đây là một thư mục"]],
             [["the folder special/folder.yaml holds no .yaml file", "{file}: this is a folder"]]),
            ("special/folder.txt", EXTRACT, ["{file}: là thư mục"], ["{file}: is a folder"]),
            ("special/folder.csv", REGISTER, ["đây là một thư mục"], ["this is a folder"]),
            ("special/fifo.yaml", VALIDATE, ["{file}: tệp sổ đăng ký trống"], ["{file}: the registry file is empty"]),
            ("special/fifo.docx", EXTRACT, ["{file}: tệp .docx bị hỏng"], ["{file}: the .docx file is damaged"]),
            ("special/fifo.csv", REGISTER, ["không tìm thấy dòng tiêu đề"], ["no header row"]),
            ("special/fifo.xlsx", REGISTER, ["bị hỏng hoặc không phải .xlsx"], ["damaged or not a .xlsx"]),
            ("special/zero.yaml", VALIDATE, ["{file}: đã đọc hơn 64 MB mà chưa hết"], ["{file}: more than 64 MB read"]),
            ("special/zero.txt", EXTRACT, ["{file}: đã đọc hơn 64 MB mà chưa hết"], ["{file}: more than 64 MB read"]),
            ("special/zero.docx", EXTRACT, ["{file}: đã đọc hơn"], ["{file}: more than"]),
            ("special/zero.csv", REGISTER, ["đã đọc hơn 64 MB"], ["more than 64 MB read"]),
            ("special/null.yaml", VALIDATE, ["{file}: tệp sổ đăng ký trống"], ["{file}: the registry file is empty"]),
            ("special/sparse.yaml", VALIDATE, ["{file}: tệp quá lớn (65 MB; giới hạn 64 MB)"],
             ["{file}: the file is too large (65 MB; the limit is 64 MB)"]),
            ("special/missing.yaml", VALIDATE, ["{file}: không tìm thấy tệp sổ đăng ký"], ["{file}: registry file not found"]),
        ]
        for file, run, vi, en in specials:
            case(file, "not regular files", None, run, vi, en)
        case("special/fifo.txt", "not regular files", None, EXTRACT, [], [], exit=0)  # empty: no citations
    return cases


def build(folder: Path) -> list[dict[str, Any]]:
    """Copy the corpus's files into *folder*, write the generated ones; every case (files and generated)."""
    from ruamel.yaml import YAML

    cases: list[dict[str, Any]] = YAML(typ="safe").load((HERE / "cases.yaml").read_text(encoding="utf-8"))
    for item in cases:
        item.setdefault("exit", 2)
        if item["file"] is None:  # a case about the command line, not about a file
            continue
        target = folder / item["file"]
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((HERE / item["file"]).read_bytes())
    return cases + _files(folder)
