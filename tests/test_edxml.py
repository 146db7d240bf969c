"""edXML (QCVN 102:2016): reading messages (namespaces, spelling variants, date forms, codes),
importing them into a registry (deadline, responds_to, comments kept, no double import), writing
a message for a registry document and reading it back, and refusing unsafe XML."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest
from lxml import etree

from vanban.io.edxml import (
    EDXML_NS, OLD_NS, EdxmlError, EdxmlMessage, import_edxml, message_to_document, read_edxml, write_edxml,
)
from vanban.registry.model import RelationType
from vanban.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
DATA = ROOT / "tests" / "data" / "edxml"
STANDARD = DATA / "standard.xml"
LEGACY = DATA / "legacy-bussiness.xml"
DUE = DATA / "due-response.xml"


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


def message(
    *,
    ns: str | None = EDXML_NS,
    number: str | None = "3764",
    notation: str | None = "UBND-TC",
    date: str = "02/12/2022",
    type_name: str | None = "Công văn",
    organ: str = "UBND huyện Bình Sơn",
    code: bool = True,
    extra: str = "",
    prolog: str = '<?xml version="1.0" encoding="UTF-8"?>\n',
) -> bytes:
    """A small message; *ns* None means no namespace."""
    xmlns = f' xmlns="{ns}"' if ns else ""
    parts = []
    if number is not None:
        parts.append(f"<CodeNumber>{number}</CodeNumber>")
    if notation is not None:
        parts.append(f"<CodeNotation>{notation}</CodeNotation>")
    code_xml = f"<Code>{''.join(parts)}</Code>" if code else ""
    type_xml = f"<DocumentType><Type>2</Type><TypeName>{type_name}</TypeName></DocumentType>" if type_name else ""
    text = (
        f"{prolog}<edXML{xmlns}><edXMLEnvelope><edXMLHeader><MessageHeader>"
        f"<From><OrganId>000.00.12.H49</OrganId><OrganName>{organ}</OrganName></From>"
        f"<To><OrganId>000.00.00.H49</OrganId><OrganName>UBND tỉnh Quảng Ngãi</OrganName></To>"
        f"{code_xml}<PromulgationInfo><Place>Bình Sơn</Place><PromulgationDate>{date}</PromulgationDate></PromulgationInfo>"
        f"{type_xml}<Subject>về việc thử</Subject>{extra}"
        f"</MessageHeader></edXMLHeader></edXMLEnvelope></edXML>"
    )
    return text.encode("utf-8")


# --- reading the fixture messages -------------------------------------------------------------------
def test_standard_message():
    msg = read_edxml(STANDARD)
    assert isinstance(msg, EdxmlMessage)
    assert msg.namespace == EDXML_NS
    assert (msg.number, msg.symbol, msg.code) == ("5102", "UBND-KGVX", "5102/UBND-KGVX")
    assert msg.date == dt.date(2023, 12, 5)
    assert msg.issuer_id == "000.00.00.H49"
    assert msg.issuer_name == "UBND tỉnh Quảng Ngãi"
    assert msg.issuer.in_charge == "Chính phủ"
    assert [o.name for o in msg.to] == ["UBND huyện Bình Sơn", "UBND huyện Sơn Tịnh"]
    assert [o.organ_id for o in msg.to] == ["000.00.12.H49", "000.00.13.H49"]
    assert msg.kind == "Công văn" and msg.kind_known
    assert msg.type_code == "2"
    assert msg.title == "về việc tổ chức sơ kết Chương trình mục tiêu quốc gia giảm nghèo bền vững năm 2023"
    assert msg.place == "Quảng Ngãi"
    assert msg.due is None  # <DueDate/> is empty
    assert msg.response_for == ()
    assert msg.steering_type == "1"
    assert msg.document_id == "000.00.00.H49,2023/12/05,5102/UBND-KGVX"
    assert msg.signer == "Nguyễn Văn A"
    assert (msg.business_doc_type, msg.business_doc_reason) == ("0", "Văn bản mới")  # "Business" spelling
    assert msg.warnings == ()


def test_legacy_namespace_bussiness_and_year_first_dates():
    msg = read_edxml(LEGACY)
    assert msg.namespace == OLD_NS
    assert msg.code == "2235/SNV-TĐKT"
    assert msg.date == dt.date(2023, 12, 11)  # 2023/12/11
    assert msg.due == dt.date(2023, 12, 31)  # 2023/12/31
    assert msg.issuer_name == "Sở Nội vụ tỉnh Quảng Ngãi"
    assert msg.issuer.in_charge == "UBND tỉnh Quảng Ngãi"  # OrganizationInCharge
    assert msg.kind == "Công văn"  # "công văn" normalised
    assert (msg.business_doc_type, msg.business_doc_reason) == ("0", "Gửi mới")  # "Bussiness" spelling
    assert msg.warnings == ()


def test_due_date_and_response_for():
    msg = read_edxml(DUE)
    assert msg.code == "5187/UBND-KGVX"
    assert msg.due == dt.date(2023, 12, 20)
    assert [(r.code, r.date, r.organ_id) for r in msg.response_for] == [
        ("733/BC-UBND", dt.date(2023, 11, 17), "000.00.12.H49"),
        ("1999/SNV-TĐKT", dt.date(2023, 10, 2), "000.00.21.H49"),
    ]
    assert msg.response_for[0].document_id == "000.00.12.H49,2023/11/17,733/BC-UBND"


def test_bytes_and_no_namespace():
    msg = read_edxml(message(ns=None))
    assert msg.namespace == ""
    assert (msg.code, msg.date, msg.kind) == ("3764/UBND-TC", dt.date(2022, 12, 2), "Công văn")
    assert msg.warnings == ()


def test_other_namespace_is_read_with_a_warning():
    msg = read_edxml(message(ns="http://www.go.vn/eDoc"))
    assert msg.code == "3764/UBND-TC"
    assert len(msg.warnings) == 1 and "http://www.go.vn/eDoc" in msg.warnings[0].render("vi")


@pytest.mark.parametrize("written", ["02/12/2022", "2/12/2022", "2022/12/02", "2022-12-02", "2022-12-02T00:00:00",
                                     "2022/12/02 08:30:00"])
def test_date_forms(written):
    assert read_edxml(message(date=written)).date == dt.date(2022, 12, 2)


@pytest.mark.parametrize(
    "number, notation, code, year",
    [
        ("3764", "UBND-TC", "3764/UBND-TC", None),
        ("3764/UBND-TC", None, "3764/UBND-TC", None),  # combined in CodeNumber
        ("3764/UBND-TC", "UBND-TC", "3764/UBND-TC", None),
        (None, "3764/UBND-TC", "3764/UBND-TC", None),  # combined in CodeNotation
        ("3764", "3764/UBND-TC", "3764/UBND-TC", None),
        ("26", "2022/NQ-HĐND", "26/2022/NQ-HĐND", 2022),  # normative: year in the number
        ("26/2022/NQ-HĐND", "", "26/2022/NQ-HĐND", 2022),
        ("1631", "QĐ/HU", "1631-QĐ/HU", None),  # Party scheme
        ("08", "KH/BTV", "08-KH/BTV", None),
    ],
)
def test_code_forms(number, notation, code, year):
    msg = read_edxml(message(number=number, notation=notation))
    assert msg.code == code
    assert msg.year == year


def test_kind_from_symbol_when_no_type_name():
    msg = read_edxml(message(number="36", notation="KH-UBND", type_name=None))
    assert msg.kind == "Kế hoạch" and msg.kind_known


def test_unknown_kind_kept_and_flagged(registry):
    msg = read_edxml(message(type_name="Phiếu trình"))
    assert msg.kind == "Phiếu trình"
    assert not msg.kind_known
    assert any("Phiếu trình" in w.render("vi") for w in msg.warnings)
    notes: list = []
    document = message_to_document(msg, registry, notes=notes)
    assert document.kind is None  # the registry would refuse an unknown kind: inferred from the symbol instead
    assert any("Phiếu trình" in n.render("en") for n in notes)


# --- errors ---------------------------------------------------------------------------------------
def test_missing_code_names_the_element():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(code=False))
    assert info.value.element == "Code"
    assert "<Code>" in str(info.value)
    assert "Thiếu" in info.value.render("vi") and "missing" in info.value.render("en")


def test_missing_code_number_and_notation():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(number=None))
    assert info.value.element == "Code/CodeNumber"
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(notation=None))
    assert info.value.element == "Code/CodeNotation"


def test_mismatched_code_parts():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(number="3765", notation="3764/UBND-TC"))
    assert info.value.element == "Code/CodeNumber"


def test_unreadable_code():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(number="3764", notation="ubnd tc"))
    assert info.value.element == "Code"
    assert "3764/ubnd tc" in str(info.value)


def test_impossible_date_is_an_error_never_shifted():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(date="30/02/2023"))
    assert info.value.element == "PromulgationInfo/PromulgationDate"
    assert "30/02/2023" in str(info.value)
    assert "PromulgationDate" in str(info.value)
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(date="2023/02/30"))
    assert info.value.element == "PromulgationInfo/PromulgationDate"


def test_impossible_due_date():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(extra="<DueDate>31/04/2024</DueDate>"))
    assert info.value.element == "DueDate"


def test_not_a_date():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(date="tháng 12"))
    assert info.value.element == "PromulgationInfo/PromulgationDate"
    assert "dd/MM/yyyy" in str(info.value)


def test_missing_date_and_sender():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(date="").replace(b"<PromulgationDate></PromulgationDate>", b""))
    assert info.value.element == "PromulgationInfo/PromulgationDate"
    no_sender = message().replace(
        b"<From><OrganId>000.00.12.H49</OrganId><OrganName>UBND huy\xe1\xbb\x87n B\xc3\xacnh S\xc6\xa1n</OrganName></From>", b""
    )
    with pytest.raises(EdxmlError) as info:
        read_edxml(no_sender)
    assert info.value.element == "From"


def test_not_edxml():
    with pytest.raises(EdxmlError) as info:
        read_edxml(b"<html><body>hello</body></html>")
    assert info.value.element == "MessageHeader"
    with pytest.raises(EdxmlError) as info:
        read_edxml(b"<edXML><MessageHeader>")
    assert "XML" in str(info.value)
    with pytest.raises(EdxmlError):
        read_edxml(b"   ")
    with pytest.raises(EdxmlError) as info:
        read_edxml(Path("/nonexistent/message.xml"))
    assert "/nonexistent/message.xml" in str(info.value)


def test_size_limit(tmp_path):
    data = message()
    with pytest.raises(EdxmlError) as info:
        read_edxml(data, max_bytes=len(data) - 1)
    assert "quá lớn" in info.value.render("vi") and "too large" in info.value.render("en")
    path = tmp_path / "big.xml"
    path.write_bytes(data)
    with pytest.raises(EdxmlError):
        read_edxml(path, max_bytes=100)
    assert read_edxml(path, max_bytes=len(data)).code == "3764/UBND-TC"


# --- XML safety ------------------------------------------------------------------------------------
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<edXML><MessageHeader><From><OrganName>&lol9;</OrganName></From>
<Code><CodeNumber>1</CodeNumber><CodeNotation>UBND-TC</CodeNotation></Code>
<PromulgationInfo><PromulgationDate>01/01/2023</PromulgationDate></PromulgationInfo>
<Subject>&lol9;</Subject></MessageHeader></edXML>
"""


def _rejected_quickly(data: bytes) -> EdxmlError:
    start = time.perf_counter()
    with pytest.raises(EdxmlError) as info:
        read_edxml(data)
    assert time.perf_counter() - start < 5.0  # bounded: refused before any expansion
    assert info.value.element == "DOCTYPE"
    assert "DOCTYPE" in str(info.value)
    return info.value


def test_billion_laughs_rejected():
    error = _rejected_quickly(BILLION_LAUGHS)
    assert "lollol" not in str(error)


def test_xxe_rejected_without_leaking(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    for target in ("file:///etc/passwd", secret.as_uri()):
        data = message(
            prolog=f'<?xml version="1.0"?>\n<!DOCTYPE edXML [<!ENTITY xxe SYSTEM "{target}">]>\n',
            type_name="&xxe;",
        ).replace("về việc thử".encode(), b"&xxe;")
        error = _rejected_quickly(data)
        assert "root:" not in str(error)
        assert "TOP-SECRET" not in str(error)


def test_parameter_entity_and_external_dtd_rejected(tmp_path):
    secret = tmp_path / "secret.dtd"
    secret.write_text('<!ENTITY leak "TOP-SECRET-CONTENT">', encoding="utf-8")
    data = message(prolog=f'<!DOCTYPE edXML [<!ENTITY % p SYSTEM "{secret.as_uri()}"> %p;]>\n').replace(
        "về việc thử".encode(), b"&leak;")
    assert "TOP-SECRET" not in str(_rejected_quickly(data))
    external = message(prolog=f'<?xml version="1.0"?><!DOCTYPE edXML SYSTEM "{secret.as_uri()}">')
    _rejected_quickly(external)


def test_plain_doctype_rejected():
    _rejected_quickly(message(prolog="<!DOCTYPE edXML>\n"))
    _rejected_quickly(message(prolog='<?xml version="1.0"?>\n<!-- note -->\n<!DOCTYPE edXML []>\n'))


def test_doctype_in_utf16_rejected():
    text = BILLION_LAUGHS.decode().replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="UTF-16"?>')
    _rejected_quickly(text.encode("utf-16"))  # with BOM
    _rejected_quickly(text.encode("utf-16-be"))  # without BOM


def test_doctype_text_inside_content_is_not_a_declaration():
    msg = read_edxml(message(extra="<Content><![CDATA[<!DOCTYPE html><p>nội dung</p>]]></Content>"))
    assert msg.content == "<!DOCTYPE html><p>nội dung</p>"
    assert msg.code == "3764/UBND-TC"


def test_undeclared_entity_is_not_resolved():
    with pytest.raises(EdxmlError) as info:
        read_edxml(message(type_name="&xxe;"))
    assert "XML" in str(info.value)


# --- into the registry ------------------------------------------------------------------------------
def _comment_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip().startswith("#") or " # " in line]


def test_document_fields(registry):
    notes: list = []
    document = message_to_document(read_edxml(DUE), registry, notes=notes)
    assert document.code == "5187/UBND-KGVX"
    assert document.kind == "Công văn"
    assert document.date == dt.date(2023, 12, 8)
    assert document.issuer == "ubnd-tinh-quang-ngai"  # matched on the full name "Ủy ban nhân dân tỉnh Quảng Ngãi"
    assert document.title.startswith("về việc đề nghị báo cáo bổ sung")
    assert document.relations == ((RelationType.RESPONDS_TO, "733/BC-UBND"),)
    [deadline] = document.deadlines
    assert deadline.due == dt.date(2023, 12, 20)
    assert deadline.what.startswith("Trả lời/xử lý văn bản 5187/UBND-KGVX ngày 08/12/2023")
    assert deadline.kind == "Báo cáo"
    assert deadline.by == "ubnd-binh-son"  # the office the message came to owes the answer
    assert len(notes) == 1 and "1999/SNV-TĐKT" in notes[0].render("en")  # the unregistered ResponseFor


def test_unknown_issuer(registry):
    msg = read_edxml(message(organ="Sở Tài chính tỉnh Kon Tum"))
    with pytest.raises(EdxmlError) as info:
        message_to_document(msg, registry)
    assert info.value.element == "From/OrganName"
    assert "Sở Tài chính tỉnh Kon Tum" in str(info.value)
    assert "issuers" in str(info.value) and "issuer_override" in str(info.value)
    assert message_to_document(msg, registry, issuer_override="so-noi-vu-quang-ngai").issuer == "so-noi-vu-quang-ngai"
    with pytest.raises(EdxmlError) as info:
        message_to_document(msg, registry, issuer_override="không có")
    assert info.value.element == "issuer_override"


def test_import_adds_document_with_deadline_and_relation(reg_copy):
    before = reg_copy.read_text(encoding="utf-8")
    result = import_edxml(load_registry(reg_copy), DUE)
    assert result.added == ("ubnd-tinh-quang-ngai/2023/5187-ubnd-kgvx",)
    assert result.intake.existing == ()
    assert result.save()
    assert any("1999/SNV-TĐKT" in n.render("vi") for n in result.notes)
    after = reg_copy.read_text(encoding="utf-8")
    # nothing of the clerk's file is lost: every comment line stays, in order, and no line is removed
    assert _comment_lines(before) == _comment_lines(after)[: len(_comment_lines(before))]
    assert len(_comment_lines(before)) >= 39
    assert not [line for line in result.diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert after.startswith(before)
    loaded = load_registry(reg_copy)
    assert len(loaded) == 51
    doc = loaded.by_id[result.added[0]]
    assert (doc.code, doc.kind, doc.date, doc.issuer) == (
        "5187/UBND-KGVX", "Công văn", dt.date(2023, 12, 8), "ubnd-tinh-quang-ngai")
    assert [d.id for d in loaded.related(doc, RelationType.RESPONDS_TO)] == ["ubnd-binh-son/2023/733-bc-ubnd"]
    [deadline] = doc.deadlines
    assert deadline.due == dt.date(2023, 12, 20)
    assert deadline.by == "ubnd-binh-son"
    assert deadline.kind == "Báo cáo"
    assert deadline.what.startswith("Trả lời/xử lý văn bản 5187/UBND-KGVX")
    # the report answering it shows up as the inverse relation
    report = loaded.resolve("733/BC-UBND")
    assert [d.id for d in loaded.inverse(report, RelationType.RESPONDS_TO)] == list(result.added)


def test_import_twice_adds_once(reg_copy):
    first = import_edxml(load_registry(reg_copy), LEGACY)
    assert first.save()
    text = reg_copy.read_text(encoding="utf-8")
    second = import_edxml(load_registry(reg_copy), LEGACY)
    assert first.added == ("so-noi-vu-quang-ngai/2023/2235-snv-tdkt",)
    assert second.added == ()
    assert [doc.id for _, doc in second.intake.existing] == list(first.added)
    assert not second.save()
    assert reg_copy.read_text(encoding="utf-8") == text
    loaded = load_registry(reg_copy)
    assert sum(1 for d in loaded if d.code == "2235/SNV-TĐKT") == 1
    [deadline] = loaded.by_id[first.added[0]].deadlines
    assert deadline.due == dt.date(2023, 12, 31)


def test_import_standard_and_dry_run(reg_copy):
    before = reg_copy.read_bytes()
    dry = import_edxml(load_registry(reg_copy), STANDARD)  # a dry run: the change, not saved
    assert dry.added == ("ubnd-tinh-quang-ngai/2023/5102-ubnd-kgvx",)
    assert "+  - code: 5102/UBND-KGVX" in dry.diff
    assert reg_copy.read_bytes() == before
    done = import_edxml(load_registry(reg_copy), STANDARD)
    assert done.save() and done.added == dry.added
    doc = load_registry(reg_copy).by_id[done.added[0]]
    assert doc.deadlines == () and doc.relations == ()  # empty DueDate, no ResponseFor


def test_import_registered_document_is_a_duplicate(registry, reg_copy):
    data = write_edxml(registry, "3764/UBND-TC")
    before = reg_copy.read_bytes()
    result = import_edxml(load_registry(reg_copy), data)
    assert [doc.id for _, doc in result.intake.existing] == [registry.resolve("3764/UBND-TC").id]
    assert result.added == () and not result.save()
    assert reg_copy.read_bytes() == before


def test_import_unknown_issuer_writes_nothing(reg_copy):
    before = reg_copy.read_bytes()
    with pytest.raises(EdxmlError):
        import_edxml(load_registry(reg_copy), message(organ="Sở Tài chính tỉnh Kon Tum"))
    assert reg_copy.read_bytes() == before
    result = import_edxml(load_registry(reg_copy), message(organ="Sở Tài chính tỉnh Kon Tum", number="15"),
                          issuer_override="Sở Nội vụ")
    assert result.added == ("so-noi-vu-quang-ngai/2022/15-ubnd-tc",)


# --- writing ----------------------------------------------------------------------------------------
def _header_children(data: bytes) -> list[str]:
    root = etree.fromstring(data)
    header = root.find(f".//{{{EDXML_NS}}}MessageHeader")
    return [etree.QName(c).localname for c in header]


def test_write_3764_round_trips(registry):
    doc = registry.resolve("3764/UBND-TC")
    data = write_edxml(registry, doc, to=["UBND tỉnh Quảng Ngãi"], organ_ids={"ubnd-binh-son": "000.00.12.H49"},
                       timestamp=dt.datetime(2022, 12, 2, 9, 0))
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert b"\n    <edXML:edXMLHeader>" in data  # indented
    assert b"<edXML:PromulgationDate>02/12/2022</edXML:PromulgationDate>" in data
    assert b"<edXML:ResponseFor>" not in data
    msg = read_edxml(data)
    assert (msg.number, msg.symbol, msg.date, msg.kind, msg.title) == (
        doc.number, doc.symbol, doc.date, doc.kind, doc.title)
    assert msg.issuer_name == "UBND huyện Bình Sơn" and msg.issuer_id == "000.00.12.H49"
    assert [o.name for o in msg.to] == ["Ủy ban nhân dân tỉnh Quảng Ngãi"]
    assert msg.document_id == "000.00.12.H49,2022/12/02,3764/UBND-TC"
    assert msg.due is None and msg.response_for == () and msg.warnings == ()
    # the same document with the same timestamp gives the same bytes
    assert data == write_edxml(registry, doc, to=["UBND tỉnh Quảng Ngãi"], organ_ids={"ubnd-binh-son": "000.00.12.H49"},
                               timestamp=dt.datetime(2022, 12, 2, 9, 0))


def test_write_733_round_trips_with_response_for(registry):
    doc = registry.resolve("733/BC-UBND")
    data = write_edxml(registry, doc)
    msg = read_edxml(data)
    assert (msg.code, msg.date, msg.kind, msg.title) == ("733/BC-UBND", dt.date(2023, 11, 17), "Báo cáo", doc.title)
    [response] = msg.response_for
    assert response.code == "2101/SNV-TĐKT"
    assert response.date == dt.date(2023, 11, 7)
    # and it resolves back to the same registry document
    notes: list = []
    document = message_to_document(msg, registry, notes=notes)
    assert document.relations == ((RelationType.RESPONDS_TO, "2101/SNV-TĐKT"),) and notes == []
    assert document.issuer == "ubnd-binh-son"


def test_write_envelope_and_order(registry):
    data = write_edxml(registry, "733/BC-UBND", to=["UBND tỉnh Quảng Ngãi", "Sở Nội vụ"])
    root = etree.fromstring(data)
    assert etree.QName(root).localname == "edXML" and etree.QName(root).namespace == EDXML_NS
    assert root.nsmap[None] == EDXML_NS
    envelope = root[0]
    assert etree.QName(envelope).localname == "edXMLEnvelope" and envelope.prefix == "edXML"
    assert [etree.QName(c).localname for c in envelope] == ["edXMLHeader", "edXMLBody"]
    assert [etree.QName(c).localname for c in envelope[0]] == ["MessageHeader", "TraceHeaderList", "DigitalSignature"]
    assert _header_children(data) == [
        "From", "To", "To", "DocumentId", "Code", "PromulgationInfo", "DocumentType", "Subject", "Content",
        "SignerInfo", "DueDate", "ToPlaces", "OtherInfo", "SteeringType", "ResponseFor",
    ]
    header = root.find(f".//{{{EDXML_NS}}}MessageHeader")
    assert [etree.QName(c).localname for c in header.find(f"{{{EDXML_NS}}}From")] == [
        "OrganId", "OrganName", "OrganInCharge", "OrganAdd", "Email", "Telephone", "Fax", "Website"]
    assert [etree.QName(c).localname for c in header.find(f"{{{EDXML_NS}}}ResponseFor")] == [
        "OrganId", "Code", "PromulgationDate", "DocumentId"]
    assert header.findtext(f"{{{EDXML_NS}}}DocumentType/{{{EDXML_NS}}}Type") == "2"
    assert root.find(f".//{{{EDXML_NS}}}Bussiness") is not None


def test_write_normative_and_party_codes(registry):
    for ref in ("26/2022/NQ-HĐND", "08-KH/BTV", "90/QĐ-TTg"):
        doc = registry.resolve(ref)
        msg = read_edxml(write_edxml(registry, doc))
        assert (msg.code, msg.year, msg.date, msg.kind) == (doc.code, doc.year, doc.date, doc.kind)
    normative = write_edxml(registry, "26/2022/NQ-HĐND")
    assert b"<edXML:Type>1</edXML:Type>" in normative


def test_write_due_date_from_first_open_deadline(reg_copy):
    result = import_edxml(load_registry(reg_copy), DUE)
    result.save()
    loaded = load_registry(reg_copy)
    data = write_edxml(loaded, result.added[0])
    assert b"<edXML:DueDate>20/12/2023</edXML:DueDate>" in data
    msg = read_edxml(data)
    assert msg.due == dt.date(2023, 12, 20)
    assert [r.code for r in msg.response_for] == ["733/BC-UBND"]
    # a registry document with a deadline: QĐ 2332/QĐ-UBND (due 15/12/2022)
    assert read_edxml(write_edxml(loaded, "2332/QĐ-UBND")).due == dt.date(2022, 12, 15)
