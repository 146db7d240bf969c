"""edXML messages (QCVN 102:2016/BTTTT): read the MessageHeader of a message from the e-office
system into registry fields, import it into a registry, and write a message for a registry
document.

The element dictionary follows ../shared/domain.md §6 (reconstructed from public implementations;
the standard's own text was not available). Real systems differ, so reading is tolerant:

- elements are matched on their local name, in the standard namespace
  ``http://www.mic.gov.vn/TBT/QCVN_102_2016``, the older ``http://www.e-doc.vn/Schema/``, any
  other namespace (with a warning) or none;
- spelling variants "Business"/"Bussiness" and "OrganInCharge"/"OrganizationInCharge";
- dates as ``dd/MM/yyyy``, ``yyyy/MM/dd`` or ``yyyy-MM-dd`` (a time after them is ignored); an
  impossible date is an error, never shifted to another day;
- số and ký hiệu as ``CodeNumber`` + ``CodeNotation`` or combined ("3764/UBND-TC") in either.

Reading is safe: lxml without entity expansion, DTD loading or network access; any DOCTYPE is
refused before parsing; the input is limited in size. Every problem raises :class:`EdxmlError`
with a message in Vietnamese then English ("… / …") naming the element and what was expected.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs
from lxml import etree
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from ..cite.citation import Citation, CitationError, Scheme
from ..cite.dates import format_date
from ..cite.find import parse_citation
from ..cite.kinds import default_kinds
from ..registry.model import Document, RelationType, document_id
from ..registry import Registry, RegistryEditor, ResolveError
from ..cite.text import clean_spaces, key, nfc

__all__ = [
    "EDXML_NS", "OLD_NS", "MAX_BYTES", "EdxmlError", "Organ", "ResponseFor", "EdxmlMessage", "ImportResult",
    "read_edxml", "message_to_document_fields", "import_edxml", "write_edxml",
]

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
OLD_NS = "http://www.e-doc.vn/Schema/"
KNOWN_NS = (EDXML_NS, OLD_NS, "")
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
#: Largest message read (bytes). Attachments travel inside the message, so this is generous.
MAX_BYTES = 50 * 1024 * 1024


class EdxmlError(ValueError):
    """A message that cannot be read or imported; ``str()`` is "Vietnamese / English"."""

    def __init__(self, vi: str, en: str, *, element: str | None = None, value: str | None = None):
        self.vi = vi
        self.en = en
        self.element = element
        self.value = value
        super().__init__(f"{vi} / {en}")


# --- the message ----------------------------------------------------------------------------
@attrs.frozen(slots=True)
class Organ:
    """A sender (From) or recipient (To): mã định danh and name of the body."""

    organ_id: str | None = None
    name: str | None = None
    in_charge: str | None = None
    address: str | None = None
    email: str | None = None
    telephone: str | None = None
    fax: str | None = None
    website: str | None = None


@attrs.frozen(slots=True)
class ResponseFor:
    """A document this message answers (ResponseFor): its số/ký hiệu, date and sender."""

    code: str  # canonical "2101/SNV-TĐKT" when readable, else as written
    date: _dt.date | None = None
    organ_id: str | None = None
    document_id: str | None = None


@attrs.frozen(slots=True)
class EdxmlMessage:
    """What vanban reads from an edXML MessageHeader."""

    number: str
    symbol: str
    year: int | None  # the year inside a normative number (26/2022/NQ-HĐND)
    date: _dt.date
    issuer: Organ
    to: tuple[Organ, ...] = ()
    kind: str | None = None  # normalised kind name, or the TypeName as written when unknown
    kind_known: bool = True  # False: TypeName names no kind vanban knows (kept as written)
    type_code: str | None = None  # DocumentType/Type (1, 2 …)
    title: str | None = None
    content: str | None = None
    place: str | None = None
    due: _dt.date | None = None
    response_for: tuple[ResponseFor, ...] = ()
    steering_type: str | None = None
    document_id: str | None = None
    signer: str | None = None
    signer_position: str | None = None
    business_doc_type: str | None = None
    business_doc_reason: str | None = None
    namespace: str = ""
    warnings: tuple[str, ...] = ()

    @property
    def issuer_id(self) -> str | None:
        return self.issuer.organ_id

    @property
    def issuer_name(self) -> str | None:
        return self.issuer.name

    @property
    def citation(self) -> Citation:
        return Citation(number=self.number, symbol=self.symbol, kind=self.kind if self.kind_known else None,
                        year=self.year, date=self.date, issuer=self.issuer.name, title=self.title)

    @property
    def code(self) -> str:
        """Số and ký hiệu in canonical form: "3764/UBND-TC"."""
        return self.citation.code


@attrs.frozen(slots=True)
class ImportResult:
    """What :func:`import_edxml` did: the document ID added, or the one already there."""

    added: str | None = None
    duplicate: str | None = None
    warnings: tuple[str, ...] = ()
    diff: str = ""  # unified diff of the registry file (also on a dry run)
    saved: bool = False


# --- reading, safely ----------------------------------------------------------------------------
def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False,
        remove_comments=True, remove_pis=True,
    )


_BOMS = (
    (b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"),
    (b"<\x00\x00\x00", "utf-32-le"), (b"\x00\x00\x00<", "utf-32-be"), (b"<\x00", "utf-16-le"), (b"\x00<", "utf-16-be"),
)
_ROOT_START = re.compile(r"<[^!?/\s]")


def _has_doctype(data: bytes) -> bool:
    """Whether the prolog (before the first element) declares a DOCTYPE, in any encoding.

    "<!DOCTYPE" later in the text (inside CDATA, e.g. HTML content) is not a declaration.
    """
    head = data[: 1 << 20]
    encoding = "latin-1"  # ASCII-compatible encodings: "<!DOCTYPE" is the same bytes in all
    for bom, name in _BOMS:
        if head.startswith(bom):
            encoding = "latin-1" if name == "utf-8" else name
            break
    text = head.decode(encoding, errors="replace")
    doctype = text.find("<!DOCTYPE")
    if doctype < 0:
        return False
    root = _ROOT_START.search(text)
    return root is None or doctype < root.start()


def _load_bytes(path_or_bytes: str | os.PathLike[str] | bytes | bytearray, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = "<bytes>"
    else:
        path = Path(path_or_bytes)
        name = str(path)
        try:
            size = path.stat().st_size
            if size > max_bytes:
                raise _too_big(size, max_bytes)
            with path.open("rb") as handle:
                data = handle.read(max_bytes + 1)
        except FileNotFoundError:
            raise EdxmlError(f"Không tìm thấy tệp {name}", f"File not found: {name}", value=name) from None
        except IsADirectoryError:
            raise EdxmlError(f"{name} là thư mục, không phải tệp edXML", f"{name} is a folder, not an edXML file",
                             value=name) from None
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data, name


def _too_big(size: int, limit: int) -> EdxmlError:
    return EdxmlError(
        f"Thông điệp edXML quá lớn ({size} byte, tối đa {limit} byte)",
        f"The edXML message is too large ({size} bytes, at most {limit})",
    )


def _parse(data: bytes, name: str) -> etree._Element:
    if not data.strip():
        raise EdxmlError(f"Tệp {name} rỗng, không phải thông điệp edXML", f"{name} is empty, not an edXML message")
    if _has_doctype(data):
        raise _doctype_error(name)
    try:
        root = etree.fromstring(data, parser=_safe_parser())
    except etree.XMLSyntaxError as exc:
        line = getattr(exc, "lineno", None) or 0
        detail = clean_spaces(str(exc.msg if hasattr(exc, "msg") else exc))[:200]
        raise EdxmlError(
            f"{name} không phải XML hợp lệ (dòng {line}): {detail}. Cần một thông điệp edXML (QCVN 102:2016)",
            f"{name} is not well-formed XML (line {line}): {detail}. Expected an edXML message (QCVN 102:2016)",
        ) from None
    tree = root.getroottree()
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None or tree.docinfo.externalDTD is not None:
        raise _doctype_error(name)  # pragma: no cover - refused by the scan above
    for node in root.iter():
        if isinstance(node, etree._Entity):  # pragma: no cover - no entity can be declared without a DTD
            raise _doctype_error(name)
    return root


def _doctype_error(name: str) -> EdxmlError:
    return EdxmlError(
        f"{name} có khai báo DOCTYPE: thông điệp edXML không được có DTD hay thực thể (entity), từ chối đọc vì an toàn",
        f"{name} declares a DOCTYPE: an edXML message has no DTD or entities, refused for safety",
        element="DOCTYPE",
    )


# --- element look-up on local names ---------------------------------------------------------------
_ALIASES = {
    "business": ("Business", "Bussiness"),
    "businessdoctype": ("BusinessDocType", "BussinessDocType"),
    "businessdocreason": ("BusinessDocReason", "BussinessDocReason"),
    "organincharge": ("OrganInCharge", "OrganizationInCharge", "OrganisationInCharge"),
}


def _local(node: etree._Element) -> str:
    return etree.QName(node).localname if isinstance(node.tag, str) else ""


def _names(name: str) -> set[str]:
    return {n.lower() for n in _ALIASES.get(name.lower(), (name,))}


def _children(node: etree._Element, name: str) -> list[etree._Element]:
    wanted = _names(name)
    return [c for c in node if isinstance(c.tag, str) and _local(c).lower() in wanted]


def _child(node: etree._Element | None, name: str) -> etree._Element | None:
    if node is None:
        return None
    found = _children(node, name)
    return found[0] if found else None


def _find(root: etree._Element, name: str) -> etree._Element | None:
    wanted = _names(name)
    for node in root.iter():
        if isinstance(node.tag, str) and _local(node).lower() in wanted:
            return node
    return None


def _text(node: etree._Element | None, name: str | None = None) -> str | None:
    target = node if name is None else _child(node, name)
    if target is None:
        return None
    value = clean_spaces(nfc("".join(target.itertext())))
    return value or None


# --- dates and codes ---------------------------------------------------------------------------
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = re.compile(rf"(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}){_TIME}")
_YMD = re.compile(rf"(\d{{4}})([/.\-])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")


def _date(value: str | None, element: str, *, required: bool) -> _dt.date | None:
    if value is None:
        if required:
            raise _missing(element, "một ngày dd/MM/yyyy, ví dụ 02/12/2022", "a date dd/MM/yyyy, e.g. 02/12/2022")
        return None
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        match = _YMD.fullmatch(value)
        if match is None:
            raise EdxmlError(
                f"<{element}> “{value}” không phải ngày tháng: cần dd/MM/yyyy (02/12/2022), yyyy/MM/dd hoặc yyyy-MM-dd",
                f"<{element}> “{value}” is not a date: expected dd/MM/yyyy (02/12/2022), yyyy/MM/dd or yyyy-MM-dd",
                element=element, value=value,
            )
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise EdxmlError(
            f"<{element}> “{value}”: không có ngày {day} tháng {month} năm {year}; sửa lại ngày trong thông điệp",
            f"<{element}> “{value}”: day {day} of month {month} in {year} does not exist; correct the date",
            element=element, value=value,
        ) from None


def _missing(element: str, vi_expected: str, en_expected: str) -> EdxmlError:
    return EdxmlError(
        f"Thiếu <{element}> trong MessageHeader: cần {vi_expected}",
        f"<{element}> is missing from the MessageHeader: expected {en_expected}",
        element=element,
    )


_DIGITS = re.compile(r"\d{1,5}")
_YEAR_FIRST = re.compile(r"(?:19|20)\d\d\s*/")
_FULL_CODE = re.compile(r"\d{1,5}\s*[/\-\u2013]")


def _citation(text: str) -> Citation | None:
    """The citation *text* is exactly (as the registry reads a ``code``), else None."""
    try:
        citation = parse_citation(text)
    except CitationError:
        return None
    if citation.raw.strip() != text.strip() and key(citation.code) != key(text.replace(" ", "")):
        return None
    return citation


def _code_text(number: str | None, notation: str | None) -> str | None:
    """Join CodeNumber and CodeNotation as a code ("3764" + "UBND-TC", "1631" + "QĐ/HU" …)."""
    if number and not _DIGITS.fullmatch(number):
        return number  # combined in CodeNumber: "3764/UBND-TC"
    if notation and _FULL_CODE.match(notation) and not _YEAR_FIRST.match(notation):
        return notation  # combined in CodeNotation
    if number and notation:
        notation = notation.lstrip("/-\u2013 ")
        if _YEAR_FIRST.match(notation):
            return f"{number}/{notation}"  # 26 + 2022/NQ-HĐND
        if "/" in notation:
            return f"{number}-{notation}"  # Party: 1631 + QĐ/HU
        return f"{number}/{notation}"
    return None


def _read_code(header: etree._Element) -> Citation:
    code = _child(header, "Code")
    if code is None:
        raise _missing("Code", "<Code> với <CodeNumber> (số, ví dụ 3764) và <CodeNotation> (ký hiệu, ví dụ UBND-TC)",
                       "<Code> with <CodeNumber> (number, e.g. 3764) and <CodeNotation> (symbol, e.g. UBND-TC)")
    number, notation = _text(code, "CodeNumber"), _text(code, "CodeNotation")
    if number is None and (notation is None or not _FULL_CODE.match(notation) or _YEAR_FIRST.match(notation)):
        raise _missing("Code/CodeNumber", "số của văn bản trong <CodeNumber>, ví dụ 3764",
                       "the document number in <CodeNumber>, e.g. 3764")
    text = _code_text(number, notation)
    if text is None:
        raise _missing("Code/CodeNotation", "ký hiệu của văn bản trong <CodeNotation>, ví dụ UBND-TC",
                       "the document symbol in <CodeNotation>, e.g. UBND-TC")
    citation = _citation(text)
    if citation is None:
        raise EdxmlError(
            f"<Code> “{text}” không phải số, ký hiệu văn bản: cần dạng 3764/UBND-TC, 36/KH-UBND, 26/2022/NQ-HĐND hoặc 1631-QĐ/HU",
            f"<Code> “{text}” is not a document number and symbol: expected 3764/UBND-TC, 36/KH-UBND, "
            "26/2022/NQ-HĐND or 1631-QĐ/HU",
            element="Code", value=text,
        )
    if number and notation and text in (number, notation):
        # One of them held the whole code: the other must agree with it.
        other, element = (notation, "CodeNotation") if text == number else (number, "CodeNumber")
        agrees = {key(citation.code), key(citation.symbol), key(citation.number.lstrip("0") or "0")}
        if citation.year is not None:
            agrees.add(key(f"{citation.year}/{citation.symbol}"))
        if key(other.lstrip("0") or "0") not in agrees and key(other) not in agrees:
            raise EdxmlError(
                f"<Code/{element}> “{other}” không khớp với số, ký hiệu “{text}”",
                f"<Code/{element}> “{other}” does not match the number and symbol “{text}”",
                element=f"Code/{element}", value=other,
            )
    return citation


def _organ(node: etree._Element | None) -> Organ:
    if node is None:
        return Organ()
    return Organ(
        organ_id=_text(node, "OrganId"), name=_text(node, "OrganName"), in_charge=_text(node, "OrganInCharge"),
        address=_text(node, "OrganAdd"), email=_text(node, "Email"), telephone=_text(node, "Telephone"),
        fax=_text(node, "Fax"), website=_text(node, "Website"),
    )


def _response_for(node: etree._Element, index: int, warnings: list[str]) -> ResponseFor | None:
    code_node = _child(node, "Code")
    raw: str | None
    if code_node is not None and (_child(code_node, "CodeNumber") is not None or _child(code_node, "CodeNotation") is not None):
        raw = _code_text(_text(code_node, "CodeNumber"), _text(code_node, "CodeNotation"))
    else:
        raw = _text(node, "Code")
    element = f"ResponseFor[{index}]"
    date = _date(_text(node, "PromulgationDate"), f"{element}/PromulgationDate", required=False)
    if raw is None:
        warnings.append(f"<{element}> không có <Code> (số, ký hiệu): bỏ qua / <{element}> has no <Code>: ignored")
        return None
    citation = _citation(raw)
    if citation is None:
        warnings.append(
            f"<{element}/Code> “{raw}” không phải số, ký hiệu văn bản: giữ nguyên như đã ghi / "
            f"<{element}/Code> “{raw}” is not a document number and symbol: kept as written"
        )
    return ResponseFor(code=citation.code if citation else raw, date=date, organ_id=_text(node, "OrganId"),
                       document_id=_text(node, "DocumentId"))


def read_edxml(path_or_bytes: str | os.PathLike[str] | bytes, *, max_bytes: int = MAX_BYTES) -> EdxmlMessage:
    """Read the MessageHeader of an edXML message (a file path, or the bytes of one)."""
    data, name = _load_bytes(path_or_bytes, max_bytes)
    root = _parse(data, name)
    header = root if _local(root).lower() == "messageheader" else _find(root, "MessageHeader")
    if header is None:
        raise EdxmlError(
            f"Không có <MessageHeader> trong {name} (phần tử gốc <{_local(root)}>): cần một thông điệp edXML theo QCVN 102:2016",
            f"No <MessageHeader> in {name} (root element <{_local(root)}>): expected an edXML message (QCVN 102:2016)",
            element="MessageHeader",
        )
    warnings: list[str] = []
    namespace = etree.QName(header).namespace or ""
    if namespace not in KNOWN_NS:
        warnings.append(
            f"Không gian tên “{namespace}” không phải của QCVN 102:2016 ({EDXML_NS}); vẫn đọc theo tên phần tử / "
            f"Namespace “{namespace}” is not the QCVN 102:2016 one ({EDXML_NS}); read by element names anyway"
        )
    citation = _read_code(header)
    promulgation = _child(header, "PromulgationInfo")
    date_text = _text(promulgation, "PromulgationDate") if promulgation is not None else _text(header, "PromulgationDate")
    date = _date(date_text, "PromulgationInfo/PromulgationDate", required=True)
    assert date is not None
    sender = _child(header, "From")
    if sender is None:
        raise _missing("From", "cơ quan gửi với <OrganId> và <OrganName>", "the sender with <OrganId> and <OrganName>")
    issuer = _organ(sender)
    if issuer.name is None and issuer.organ_id is None:
        raise _missing("From/OrganName", "tên cơ quan ban hành, ví dụ UBND huyện Bình Sơn",
                       "the issuer's name, e.g. UBND huyện Bình Sơn")
    doc_type = _child(header, "DocumentType")
    type_name = _text(doc_type, "TypeName")
    kind, kind_known = citation.kind, True
    if type_name is not None:
        found = default_kinds().by_name(type_name)
        if found is None:
            kind, kind_known = type_name, False
            warnings.append(
                f"<DocumentType/TypeName> “{type_name}” không phải tên loại văn bản đã biết: giữ nguyên như đã ghi / "
                f"<DocumentType/TypeName> “{type_name}” is not a known kind of document: kept as written"
            )
        else:
            kind = found.name
    title = _text(header, "Subject")
    if title is None:
        warnings.append("Thiếu <Subject> (trích yếu) / <Subject> (the title) is missing")
    responses = []
    for index, node in enumerate(_children(header, "ResponseFor")):
        response = _response_for(node, index, warnings)
        if response is not None:
            responses.append(response)
    signer = _child(header, "SignerInfo")
    business = _find(root, "Business")
    return EdxmlMessage(
        number=citation.number, symbol=citation.symbol, year=citation.year, date=date, issuer=issuer,
        to=tuple(_organ(n) for n in _children(header, "To")),
        kind=kind, kind_known=kind_known, type_code=_text(doc_type, "Type"), title=title,
        content=_text(header, "Content"), place=_text(promulgation, "Place"),
        due=_date(_text(header, "DueDate"), "DueDate", required=False), response_for=tuple(responses),
        steering_type=_text(header, "SteeringType"), document_id=_text(header, "DocumentId"),
        signer=_text(signer, "FullName"), signer_position=_text(signer, "Position"),
        business_doc_type=_text(business, "BusinessDocType"), business_doc_reason=_text(business, "BusinessDocReason"),
        namespace=namespace, warnings=tuple(warnings),
    )


# --- into the registry ---------------------------------------------------------------------------
def _issuer_key(registry: Registry, name: str | None, msg: EdxmlMessage, *, override: bool) -> str:
    shown = name or msg.issuer.organ_id or ""
    try:
        if not name:
            raise ResolveError("unresolved", "")
        return registry.find_issuer(name).key
    except ResolveError as exc:
        if exc.reason == "ambiguous":
            raise EdxmlError(
                f"“{shown}” chỉ nhiều cơ quan trong sổ ({', '.join(exc.candidates)}): chọn một bằng issuer_override",
                f"“{shown}” names several issuers in the registry ({', '.join(exc.candidates)}): choose one with issuer_override",
                element="From/OrganName", value=shown,
            ) from None
        if override:
            raise EdxmlError(
                f"Cơ quan “{shown}” (issuer_override) không có trong sổ: dùng khóa hoặc tên của một cơ quan trong mục issuers",
                f"The issuer “{shown}” (issuer_override) is not in the registry: give the key or name of one under issuers",
                element="issuer_override", value=shown,
            ) from None
        organ_id = f" (mã định danh {msg.issuer.organ_id})" if msg.issuer.organ_id else ""
        organ_id_en = f" (organ ID {msg.issuer.organ_id})" if msg.issuer.organ_id else ""
        raise EdxmlError(
            f"Cơ quan ban hành “{shown}”{organ_id} trong <From/OrganName> chưa có trong sổ: thêm cơ quan này vào mục "
            "issuers của sổ (hoặc thêm tên này vào aliases của cơ quan đã có), hoặc chỉ rõ cơ quan bằng issuer_override",
            f"The issuer “{shown}”{organ_id_en} in <From/OrganName> is not in the registry: add it under issuers "
            "(or add this name to the aliases of the issuer it is), or name the issuer with issuer_override",
            element="From/OrganName", value=shown,
        ) from None


def _reference(registry: Registry, response: ResponseFor, own_id: str, warnings: list[str]) -> str | None:
    """The registry reference for a ResponseFor: a code that resolves to one document, or its ID."""
    shown = response.code + (f" ngày {format_date(response.date)}" if response.date else "")
    target: Document | None = None
    try:
        target = registry.resolve(shown)
    except ResolveError as exc:
        if response.date is not None and exc.reason == "unresolved":
            try:
                candidate = registry.resolve(response.code)
            except ResolveError:
                candidate = None
            if candidate is not None and candidate.date is not None and candidate.date.year == response.date.year:
                target = candidate
                warnings.append(
                    f"<ResponseFor> {shown}: trong sổ văn bản {candidate.code} ghi ngày {candidate.date_text()}; "
                    "vẫn liên kết, kiểm tra lại ngày / "
                    f"<ResponseFor> {shown}: the registry dates {candidate.code} {candidate.date_text()}; linked, check the date"
                )
        if target is None:
            if exc.reason == "ambiguous":
                warnings.append(
                    f"<ResponseFor> {shown} chỉ nhiều văn bản trong sổ ({', '.join(exc.candidates)}): chưa liên kết / "
                    f"<ResponseFor> {shown} names several documents ({', '.join(exc.candidates)}): not linked"
                )
            else:
                warnings.append(
                    f"<ResponseFor> {shown} chưa có trong sổ: chưa liên kết responds_to; thêm văn bản đó rồi liên kết / "
                    f"<ResponseFor> {shown} is not in the registry: no responds_to link; add it, then link"
                )
            return None
    if target.id == own_id:
        return None
    return target.code if registry.get(target.code) is target else target.id


def _owed_by(registry: Registry, msg: EdxmlMessage, issuer: str) -> str | None:
    """Who owes the answer to a DueDate: the recipient (this office when the message came here)."""
    recipients: list[str] = []
    for organ in msg.to:
        if organ.name:
            try:
                recipients.append(registry.find_issuer(organ.name).key)
            except ResolveError:
                pass
    local = registry.locality.issuer
    if local and local != issuer and (local in recipients or not recipients):
        return local
    if len(set(recipients)) == 1 and recipients[0] != issuer:
        return recipients[0]
    return None


def message_to_document_fields(
    msg: EdxmlMessage,
    registry: Registry,
    *,
    issuer_override: str | None = None,
    warnings: list[str] | None = None,
) -> dict[str, Any]:
    """Registry document fields (docs/registry.md) for *msg*.

    The issuer is the registry issuer named by ``From/OrganName`` (or *issuer_override*, a key or
    name); none found raises :class:`EdxmlError` telling the clerk to add it. ``date`` is ISO text,
    ``deadlines`` a list of mappings, ``responds_to`` the references that resolve in *registry*.
    What the clerk should look at is appended to *warnings* (message warnings included).
    """
    notes = warnings if warnings is not None else []
    notes.extend(msg.warnings)
    if issuer_override is not None:
        issuer = _issuer_key(registry, issuer_override, msg, override=True)
    else:
        issuer = _issuer_key(registry, msg.issuer.name, msg, override=False)
    fields: dict[str, Any] = {"code": msg.code}
    if msg.kind and msg.kind_known:
        fields["kind"] = msg.kind
    elif msg.kind:
        notes.append(
            f"Loại văn bản “{msg.kind}” không có trong danh mục: để trống, vanban suy từ ký hiệu / "
            f"Kind “{msg.kind}” is unknown: left out, vanban infers it from the symbol"
        )
    fields["date"] = msg.date.isoformat()
    fields["issuer"] = issuer
    if msg.title:
        fields["title"] = msg.title
    own_id = document_id(issuer, msg.year if msg.year is not None else msg.date.year, msg.number, msg.symbol)
    refs: list[str] = []
    for response in msg.response_for:
        ref = _reference(registry, response, own_id, notes)
        if ref is not None and ref not in refs:
            refs.append(ref)
    if refs:
        fields["responds_to"] = refs
    if msg.due is not None:
        issuer_name = registry.issuer_name(issuer)
        deadline: dict[str, Any] = {
            "due": msg.due.isoformat(),
            "what": f"Trả lời/xử lý văn bản {msg.code} ngày {format_date(msg.date)} của {issuer_name}"
                    + (f" {msg.title}" if msg.title else ""),
        }
        if msg.title and "báo cáo" in key(msg.title):
            deadline["kind"] = "Báo cáo"
        by = _owed_by(registry, msg, issuer)
        if by is not None:
            deadline["by"] = by
        deadline["source"] = "Hạn xử lý (DueDate) trong thông điệp edXML" + (
            f" {msg.document_id}" if msg.document_id else "")
        if msg.due < msg.date:
            notes.append(
                f"<DueDate> {format_date(msg.due)} trước ngày ban hành {format_date(msg.date)} / "
                f"<DueDate> {format_date(msg.due)} is before the date of issue {format_date(msg.date)}"
            )
        fields["deadlines"] = [deadline]
    return fields


def _existing(registry: Registry, fields: Mapping[str, Any], msg: EdxmlMessage) -> Document | None:
    """The registered document that *msg* is: same issuer, number, symbol and year."""
    year = msg.year if msg.year is not None else msg.date.year
    same = [
        d for d in registry.candidates(Citation(number=msg.number, symbol=msg.symbol, year=msg.year))
        if d.issuer == fields["issuer"] and d.issue_year == year
    ]
    if same:
        return same[0]
    return registry.by_id.get(document_id(fields["issuer"], year, msg.number, msg.symbol))


def import_edxml(
    registry_path: str | os.PathLike[str],
    message_path: str | os.PathLike[str] | bytes,
    *,
    issuer_override: str | None = None,
    dry_run: bool = False,
) -> ImportResult:
    """Add the document of an edXML message to the registry file, keeping its comments.

    A document already registered (same issuer, number, symbol and year) is not added again:
    its ID comes back as ``duplicate``. On *dry_run* nothing is written; ``added`` and ``diff``
    show what would be. Raises EdxmlError for an unreadable message or an unknown issuer, and
    RegistryError if the registry itself does not validate.
    """
    msg = read_edxml(message_path)
    editor = RegistryEditor(registry_path)
    registry = editor.registry()
    warnings: list[str] = []
    fields = message_to_document_fields(msg, registry, issuer_override=issuer_override, warnings=warnings)
    existing = _existing(registry, fields, msg)
    if existing is not None:
        if existing.date is not None and existing.date != msg.date:
            warnings.append(
                f"{existing.code} đã có trong sổ với ngày {existing.date_text()}, thông điệp ghi {format_date(msg.date)} / "
                f"{existing.code} is registered dated {existing.date_text()}, the message says {format_date(msg.date)}"
            )
        return ImportResult(duplicate=existing.id, warnings=tuple(warnings))
    deadlines = fields.pop("deadlines", [])
    origin = msg.document_id or ", ".join(p for p in (msg.issuer.organ_id, msg.issuer.name) if p)
    entry = editor.add_document(fields, comment=f"nhập từ thông điệp edXML: {origin}")
    entry["date"] = msg.date  # a date, not a quoted string
    if deadlines:
        seq = CommentedSeq()
        for item in deadlines:
            mapping = CommentedMap()
            for name, value in item.items():
                mapping[name] = _dt.date.fromisoformat(value) if name == "due" else nfc(value)
            seq.append(mapping)
        entry["deadlines"] = seq
    edited = editor.registry()  # validates; raises RegistryError rather than write a broken file
    added = edited.documents[-1].id
    text = editor.dumps()
    diff = "".join(difflib.unified_diff(
        editor.original.splitlines(keepends=True), text.splitlines(keepends=True),
        fromfile=str(registry_path), tofile=str(registry_path),
    ))
    saved = False if dry_run else editor.save()
    return ImportResult(added=added, warnings=tuple(warnings), diff=diff, saved=saved)


# --- writing ---------------------------------------------------------------------------------------
def _sub(parent: etree._Element, name: str, text: str | None = None, **attrib: str) -> etree._Element:
    node = etree.SubElement(parent, f"{{{EDXML_NS}}}{name}", attrib)
    if text:
        node.text = text
    return node


def _organ_xml(parent: etree._Element, tag: str, organ: Organ, *, in_charge: bool) -> None:
    node = _sub(parent, tag)
    _sub(node, "OrganId", organ.organ_id)
    _sub(node, "OrganName", organ.name)
    if in_charge:
        _sub(node, "OrganInCharge", organ.in_charge)
    for name, value in (("OrganAdd", organ.address), ("Email", organ.email), ("Telephone", organ.telephone),
                        ("Fax", organ.fax), ("Website", organ.website)):
        _sub(node, name, value)


def _recipient(registry: Registry, item: Organ | str, organ_ids: Mapping[str, str]) -> Organ:
    if isinstance(item, Organ):
        return item
    try:
        issuer = registry.find_issuer(item)
    except ResolveError:
        return Organ(name=item)
    return Organ(organ_id=organ_ids.get(issuer.key), name=issuer.display_name)


def _slash_date(value: _dt.date) -> str:
    return f"{value.year:04d}/{value.month:02d}/{value.day:02d}"


def write_edxml(
    registry: Registry,
    doc: Document | str,
    *,
    to: Iterable[Organ | str] = (),
    organ_ids: Mapping[str, str] | None = None,
    place: str | None = None,
    timestamp: _dt.datetime | None = None,
) -> bytes:
    """An edXML message (UTF-8, indented) for a registry document (or a reference to one).

    *to* lists recipients (issuer keys or names, or :class:`Organ`); *organ_ids* maps issuer keys
    to their mã định danh (the registry does not hold them); *timestamp* goes in the TraceHeader
    (default: now). ``ResponseFor`` carries the document's responds_to relations and ``DueDate``
    its earliest deadline not yet fulfilled.
    """
    if isinstance(doc, str):
        doc = registry.resolve(doc)
    ids = dict(organ_ids or {})
    issuer = registry.issuers.get(doc.issuer)
    sender = Organ(
        organ_id=ids.get(doc.issuer), name=issuer.display_name if issuer else doc.issuer,
        in_charge=registry.issuer_name(issuer.parent) if issuer and issuer.parent else None,
    )
    when = timestamp or _dt.datetime.now().replace(microsecond=0)

    root = etree.Element(f"{{{EDXML_NS}}}edXML", nsmap={None: EDXML_NS, "xsi": XSI_NS, "xsd": XSD_NS})
    envelope = etree.SubElement(root, f"{{{EDXML_NS}}}edXMLEnvelope", nsmap={"edXML": EDXML_NS})
    head = _sub(envelope, "edXMLHeader")
    header = _sub(head, "MessageHeader")
    # 1-2. From, To
    _organ_xml(header, "From", sender, in_charge=True)
    for item in to:
        _organ_xml(header, "To", _recipient(registry, item, ids), in_charge=False)
    # 3. DocumentId: "{senderOrganId},{yyyy/MM/dd},{số}/{ký hiệu}" (domain.md §6.2 [P])
    date = doc.date
    _sub(header, "DocumentId", ",".join(p for p in (sender.organ_id or doc.issuer, date and _slash_date(date),
                                                     doc.code) if p))
    # 4. Code
    code = _sub(header, "Code")
    _sub(code, "CodeNumber", doc.number)
    _sub(code, "CodeNotation", f"{doc.year}/{doc.symbol}" if doc.year is not None else doc.symbol)
    # 5. PromulgationInfo
    info = _sub(header, "PromulgationInfo")
    _sub(info, "Place", place)
    _sub(info, "PromulgationDate", format_date(date) if date else None)
    # 6. DocumentType: Type 1 = quy phạm pháp luật, 2 = hành chính ([U] domain.md §6.2)
    doc_type = _sub(header, "DocumentType")
    _sub(doc_type, "Type", "1" if doc.scheme is Scheme.NORMATIVE else "2")
    _sub(doc_type, "TypeName", doc.kind)
    # 7-9. Subject, Content, SignerInfo
    _sub(header, "Subject", doc.title)
    _sub(header, "Content")
    signer = _sub(header, "SignerInfo")
    for name in ("Competence", "Position", "FullName"):
        _sub(signer, name)
    # 10. DueDate: the earliest deadline not yet fulfilled
    open_deadlines = sorted((d for d in doc.deadlines if not d.fulfilled_by), key=lambda d: d.due)
    _sub(header, "DueDate", format_date(open_deadlines[0].due) if open_deadlines else None)
    # 11-13. ToPlaces, OtherInfo, SteeringType
    places = _sub(header, "ToPlaces")
    for item in to:
        _sub(places, "Place", _recipient(registry, item, ids).name)
    other = _sub(header, "OtherInfo")
    for name in ("Priority", "SphereOfPromulgation", "TyperNotation", "PromulgationAmount", "PageAmount"):
        _sub(other, name)
    _sub(header, "SteeringType")
    # 14. ResponseFor, one per responds_to relation
    for target in registry.related(doc, RelationType.RESPONDS_TO):
        response = _sub(header, "ResponseFor")
        _sub(response, "OrganId", ids.get(target.issuer))
        _sub(response, "Code", target.code)
        _sub(response, "PromulgationDate", format_date(target.date) if target.date else None)
        _sub(response, "DocumentId", ",".join(p for p in (ids.get(target.issuer) or target.issuer,
                                                           target.date and _slash_date(target.date), target.code) if p))
    # TraceHeaderList (Bussiness spelt as most systems emit it), signature, empty manifest
    trace = _sub(head, "TraceHeaderList", id="TraceHeaderList", version="1.0", mustUnderstand="1",
                 actor="http://schemas.xmlsoap.org/soap/actor/next")
    trace_header = _sub(trace, "TraceHeader")
    _sub(trace_header, "OrganId", sender.organ_id)
    _sub(trace_header, "Timestamp", f"{_slash_date(when.date())} {when:%H:%M:%S}")
    business = _sub(trace, "Bussiness")
    _sub(business, "BussinessDocType")
    _sub(business, "BussinessDocReason")
    staff = _sub(business, "StaffInfo")
    for name in ("Department", "Staff", "Mobile", "Email"):
        _sub(staff, name)
    _sub(business, "Paper")
    _sub(head, "DigitalSignature")
    body = _sub(envelope, "edXMLBody")
    _sub(body, "edXMLManifest", version="1.0")
    _sub(root, "AttachmentEncoded")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

