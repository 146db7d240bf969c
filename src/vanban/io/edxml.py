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
import os
import re
from pathlib import Path
from typing import Any, Iterable, Mapping

import attrs
from lxml import etree

from ..base.dates import format_date
from ..base.inputfile import InputError, read_limited
from ..base.errors import VanbanError
from ..base.messages import Message
from ..base.text import clean_spaces, key, nfc
from ..cite.citation import Citation, CitationError, Scheme
from ..cite.find import parse_citation
from ..cite.kinds import default_kinds
from ..registry import Change, MatchKind, NewDeadline, NewDocument, Registry, ResolveError, propose
from ..registry.model import Document, RelationType, document_id
from .guard import SourceError, parse_xml

__all__ = [
    "EDXML_NS", "OLD_NS", "MAX_BYTES", "EdxmlError", "Organ", "ResponseFor", "EdxmlMessage",
    "read_edxml", "message_to_document", "import_edxml", "write_edxml",
]

EDXML_NS = "http://www.mic.gov.vn/TBT/QCVN_102_2016"
OLD_NS = "http://www.e-doc.vn/Schema/"
KNOWN_NS = (EDXML_NS, OLD_NS, "")
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
XSD_NS = "http://www.w3.org/2001/XMLSchema"
#: Largest message read (bytes). Attachments travel inside the message, so this is generous.
MAX_BYTES = 50 * 1024 * 1024


class EdxmlError(VanbanError, ValueError):
    """A message that cannot be read or imported (catalog ``edxml.<id>``); names the element."""

    def __init__(self, msg_id: str, /, *, element: str | None = None, value: str | None = None, **params: Any):
        self.element = element
        self.value = value
        super().__init__(f"edxml.{msg_id}", element=element or "", value=value or "", **params)


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
    warnings: tuple[Message, ...] = ()

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


# --- reading, safely ----------------------------------------------------------------------------
def _load_bytes(path_or_bytes: str | os.PathLike[str] | bytes | bytearray, max_bytes: int) -> tuple[bytes, str]:
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        name = "<bytes>"
    else:
        path = Path(path_or_bytes)
        name = str(path)
        try:
            # bounded, and a FIFO or a device is not waited on or read forever
            data = read_limited(path, limit=max_bytes)
        except InputError as exc:
            if exc.msg_id == "input.not-found":
                raise EdxmlError("file-not-found", value=name) from None
            if exc.msg_id == "input.is-a-folder":
                raise EdxmlError("is-a-folder", value=name) from None
            if exc.msg_id == "input.too-large":
                raise _too_big(path.stat().st_size, max_bytes) from None
            raise
    if len(data) > max_bytes:
        raise _too_big(len(data), max_bytes)
    return data, name


def _too_big(size: int, limit: int) -> EdxmlError:
    return EdxmlError("too-large", size=size, limit=limit)


def _parse(data: bytes, name: str) -> etree._Element:
    if not data.strip():
        raise EdxmlError("empty", value=name)
    try:
        return parse_xml(data, name, unsafe_id="edxml.doctype", broken_id="edxml.not-xml")
    except SourceError as exc:
        raise EdxmlError(exc.msg_id.split(".", 1)[1], element="DOCTYPE" if "doctype" in exc.msg_id else None,
                         value=name, **{k: v for k, v in exc.params.items() if k != "name"}) from None


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
    value = clean_spaces(nfc("".join(str(t) for t in target.itertext())))
    return value or None


# --- dates and codes ---------------------------------------------------------------------------
_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?)?"
_DMY = re.compile(rf"(\d{{1,2}})([/.\-])(\d{{1,2}})\2(\d{{4}}){_TIME}")
_YMD = re.compile(rf"(\d{{4}})([/.\-])(\d{{1,2}})\2(\d{{1,2}}){_TIME}")


def _date(value: str | None, element: str, *, required: bool) -> _dt.date | None:
    if value is None:
        if required:
            raise _missing(element, "expected-date")
        return None
    match = _DMY.fullmatch(value)
    if match:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    else:
        match = _YMD.fullmatch(value)
        if match is None:
            raise EdxmlError("not-a-date", element=element, value=value)
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise EdxmlError("impossible-date", element=element, value=value, day=day, month=month, year=year) from None


def _missing(element: str, expected: str) -> EdxmlError:
    """<element> is missing; *expected* names the catalog text of what it should hold."""
    return EdxmlError("missing", element=element, expected=Message(f"edxml.{expected}"))


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
        raise _missing("Code", "expected-code")
    number, notation = _text(code, "CodeNumber"), _text(code, "CodeNotation")
    if number is None and (notation is None or not _FULL_CODE.match(notation) or _YEAR_FIRST.match(notation)):
        raise _missing("Code/CodeNumber", "expected-number")
    text = _code_text(number, notation)
    if text is None:
        raise _missing("Code/CodeNotation", "expected-notation")
    citation = _citation(text)
    if citation is None:
        raise EdxmlError("bad-code", element="Code", value=text)
    if number and notation and text in (number, notation):
        # One of them held the whole code: the other must agree with it.
        other, element = (notation, "CodeNotation") if text == number else (number, "CodeNumber")
        agrees = {key(citation.code), key(citation.symbol), key(citation.number.lstrip("0") or "0")}
        if citation.year is not None:
            agrees.add(key(f"{citation.year}/{citation.symbol}"))
        if key(other.lstrip("0") or "0") not in agrees and key(other) not in agrees:
            raise EdxmlError("code-mismatch", element=f"Code/{element}", value=other, code=text)
    return citation


def _organ(node: etree._Element | None) -> Organ:
    if node is None:
        return Organ()
    return Organ(
        organ_id=_text(node, "OrganId"), name=_text(node, "OrganName"), in_charge=_text(node, "OrganInCharge"),
        address=_text(node, "OrganAdd"), email=_text(node, "Email"), telephone=_text(node, "Telephone"),
        fax=_text(node, "Fax"), website=_text(node, "Website"),
    )


def _response_for(node: etree._Element, index: int, warnings: list[Message]) -> ResponseFor | None:
    code_node = _child(node, "Code")
    raw: str | None
    if code_node is not None and (_child(code_node, "CodeNumber") is not None or _child(code_node, "CodeNotation") is not None):
        raw = _code_text(_text(code_node, "CodeNumber"), _text(code_node, "CodeNotation"))
    else:
        raw = _text(node, "Code")
    element = f"ResponseFor[{index}]"
    date = _date(_text(node, "PromulgationDate"), f"{element}/PromulgationDate", required=False)
    if raw is None:
        warnings.append(Message("edxml.response-no-code", {"element": element}))
        return None
    citation = _citation(raw)
    if citation is None:
        warnings.append(Message("edxml.response-bad-code", {"element": element, "value": raw}))
    return ResponseFor(code=citation.code if citation else raw, date=date, organ_id=_text(node, "OrganId"),
                       document_id=_text(node, "DocumentId"))


def read_edxml(path_or_bytes: str | os.PathLike[str] | bytes, *, max_bytes: int = MAX_BYTES) -> EdxmlMessage:
    """Read the MessageHeader of an edXML message (a file path, or the bytes of one)."""
    data, name = _load_bytes(path_or_bytes, max_bytes)
    root = _parse(data, name)
    header = root if _local(root).lower() == "messageheader" else _find(root, "MessageHeader")
    if header is None:
        raise EdxmlError("no-header", element="MessageHeader", value=name, root=_local(root))
    warnings: list[Message] = []
    namespace = etree.QName(header).namespace or ""
    if namespace not in KNOWN_NS:
        warnings.append(Message("edxml.foreign-namespace", {"namespace": namespace, "standard": EDXML_NS}))
    citation = _read_code(header)
    promulgation = _child(header, "PromulgationInfo")
    date_text = _text(promulgation, "PromulgationDate") if promulgation is not None else _text(header, "PromulgationDate")
    date = _date(date_text, "PromulgationInfo/PromulgationDate", required=True)
    assert date is not None
    sender = _child(header, "From")
    if sender is None:
        raise _missing("From", "expected-sender")
    issuer = _organ(sender)
    if issuer.name is None and issuer.organ_id is None:
        raise _missing("From/OrganName", "expected-issuer")
    doc_type = _child(header, "DocumentType")
    type_name = _text(doc_type, "TypeName")
    kind, kind_known = citation.kind, True
    if type_name is not None:
        found = default_kinds().by_name(type_name)
        if found is None:
            kind, kind_known = type_name, False
            warnings.append(Message("edxml.type-name-unknown", {"value": type_name}))
        else:
            kind = found.name
    title = _text(header, "Subject")
    if title is None:
        warnings.append(Message("edxml.no-subject"))
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
        return registry.find_issuer(name, msg.date).key
    except ResolveError as exc:
        if exc.reason == "ambiguous":
            raise EdxmlError("issuer-ambiguous", element="From/OrganName", value=shown,
                             candidates=", ".join(exc.candidates)) from None
        if override:
            raise EdxmlError("override-unknown", element="issuer_override", value=shown) from None
        organ_id = Message("edxml.organ-id", {"id": msg.issuer.organ_id}) if msg.issuer.organ_id else ""
        raise EdxmlError("issuer-unknown", element="From/OrganName", value=shown, organ_id=organ_id) from None


def _reference(registry: Registry, response: ResponseFor, own_id: str, notes: list[Message]) -> str | None:
    """The registry reference for a ResponseFor (the one registry match): a code that names one
    document, or its ID; None, with a note, when it names none or several."""
    shown = response.code + (f" ngày {format_date(response.date)}" if response.date else "")
    try:
        citation = parse_citation(response.code)
    except CitationError:
        notes.append(Message("edxml.response-unknown", {"value": shown}))
        return None
    found = registry.match(attrs.evolve(citation, date=response.date))
    if found.kind is MatchKind.AMBIGUOUS:
        notes.append(Message("edxml.response-ambiguous", {"value": shown,
                                                          "candidates": [d.id for d in found.candidates]}))
        return None
    if found.kind is not MatchKind.EXACT or found.document is None:
        notes.append(Message("edxml.response-unknown", {"value": shown}))
        return None
    target = found.document
    if "date" in found.differs:
        notes.append(Message("edxml.response-date-differs", {"value": shown, "code": target.code,
                                                             "date": target.date or "?"}))
    if target.id == own_id:
        return None
    return target.code if registry.get(target.code) is target else target.id


def _owed_by(registry: Registry, msg: EdxmlMessage, issuer: str) -> str | None:
    """Who owes the answer to a DueDate: the recipient (this office when the message came here)."""
    recipients: list[str] = []
    for organ in msg.to:
        if organ.name:
            try:
                recipients.append(registry.find_issuer(organ.name, msg.date).key)
            except ResolveError:
                pass
    local = registry.locality.issuer
    if local and local != issuer and (local in recipients or not recipients):
        return local
    if len(set(recipients)) == 1 and recipients[0] != issuer:
        return recipients[0]
    return None


def message_to_document(
    msg: EdxmlMessage,
    registry: Registry,
    *,
    issuer_override: str | None = None,
    notes: list[Message] | None = None,
) -> NewDocument:
    """The registry document for *msg* (an adapter from the message to registry fields).

    The issuer is the registry issuer named by ``From/OrganName`` (or *issuer_override*, a key or
    name); none found raises :class:`EdxmlError` telling the clerk to add it. ``responds_to`` holds
    the ResponseFor references that name one registered document; the DueDate becomes a deadline.
    What the clerk should look at is appended to *notes* (the message's own warnings included).
    """
    out = notes if notes is not None else []
    out.extend(msg.warnings)
    if issuer_override is not None:
        issuer = _issuer_key(registry, issuer_override, msg, override=True)
    else:
        issuer = _issuer_key(registry, msg.issuer.name, msg, override=False)
    if msg.kind and not msg.kind_known:
        out.append(Message("edxml.kind-unknown", {"kind": msg.kind}))
    own_id = document_id(issuer, msg.year if msg.year is not None else msg.date.year, msg.number, msg.symbol)
    refs: list[str] = []
    for response in msg.response_for:
        ref = _reference(registry, response, own_id, out)
        if ref is not None and ref not in refs:
            refs.append(ref)
    deadlines = []
    if msg.due is not None:
        what = Message("comment.edxml-deadline", {"code": msg.code, "date": msg.date,
                                                  "issuer": registry.issuer_name(issuer),
                                                  "title": f" {msg.title}" if msg.title else ""}).render("vi")
        source = Message("comment.edxml-deadline-source",
                         {"id": f" {msg.document_id}" if msg.document_id else ""}).render("vi")
        deadlines.append(NewDeadline(due=msg.due, what=what,
                                     kind="Báo cáo" if msg.title and "báo cáo" in key(msg.title) else None,
                                     by=_owed_by(registry, msg, issuer), source=source))
        if msg.due < msg.date:
            out.append(Message("edxml.due-before-date", {"due": msg.due, "date": msg.date}))
    return NewDocument(
        code=msg.code, date=msg.date, issuer=issuer, kind=msg.kind if msg.kind_known else None, title=msg.title,
        relations=tuple((RelationType.RESPONDS_TO, ref) for ref in refs), deadlines=tuple(deadlines),
    )


def import_edxml(
    registry: Registry,
    message: str | os.PathLike[str] | bytes,
    *,
    issuer_override: str | None = None,
) -> Change:
    """The change that adds the document of an edXML message to *registry*'s file (not written:
    ``change.save()`` writes it), keeping the file's comments.

    A document already registered (the one registry match: same issuer, number, symbol and
    year) is in ``change.intake.existing`` and is not added again. Raises EdxmlError for an
    unreadable message or an unknown issuer.
    """
    msg = read_edxml(message)
    notes: list[Message] = []
    document = message_to_document(msg, registry, issuer_override=issuer_override, notes=notes)
    found = registry.match(document.citation, issuer=document.issuer)
    if found.exact and found.document is not None and "date" in found.differs:
        notes.append(Message("edxml.registered-other-date", {"code": found.document.code,
                                                             "registered": found.document.date or "?",
                                                             "date": msg.date}))
    origin = msg.document_id or ", ".join(p for p in (msg.issuer.organ_id, msg.issuer.name) if p)
    return propose(registry, [document], near=False, notes=[Message("cli.note", {"text": n}) for n in notes],
                   comment=Message("comment.edxml", {"origin": origin}).render("vi"))


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


def _recipient(registry: Registry, item: Organ | str, organ_ids: Mapping[str, str], on: _dt.date | None) -> Organ:
    if isinstance(item, Organ):
        return item
    try:
        issuer = registry.find_issuer(item, on)
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

    root = etree.Element(f"{{{EDXML_NS}}}edXML", nsmap={None: EDXML_NS, "xsi": XSI_NS, "xsd": XSD_NS})  # type: ignore[dict-item]
    envelope = etree.SubElement(root, f"{{{EDXML_NS}}}edXMLEnvelope", nsmap={"edXML": EDXML_NS})
    head = _sub(envelope, "edXMLHeader")
    header = _sub(head, "MessageHeader")
    # 1-2. From, To
    _organ_xml(header, "From", sender, in_charge=True)
    for item in to:
        _organ_xml(header, "To", _recipient(registry, item, ids, doc.date), in_charge=False)
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
        _sub(places, "Place", _recipient(registry, item, ids, doc.date).name)
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

