"""Showing a citation in its context with what was read from it (`vanban extract --explain`)."""

from __future__ import annotations

from .citation import Citation

__all__ = ["line_and_column", "explain_citation"]


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of *offset* in *text*."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


_LABELS = {
    "vi": {"kind": "loại", "code": "số, ký hiệu", "scheme": "kiểu đánh số", "year": "năm (trong số)",
           "date": "ngày", "issuer": "cơ quan", "title": "trích yếu", "unknown": "ký hiệu lạ",
           "bad_date": "ngày không tồn tại", "canonical": "dạng chuẩn"},
    "en": {"kind": "kind", "code": "number, symbol", "scheme": "scheme", "year": "year (in number)",
           "date": "date", "issuer": "issuer", "title": "title", "unknown": "unknown abbreviation",
           "bad_date": "impossible date", "canonical": "canonical"},
}


def explain_citation(name: str, text: str, citation: Citation, lang: str = "vi", width: int = 60) -> str:
    """A few lines: where it is, the context with the citation in [[…]], and each field read."""
    labels = _LABELS.get(lang, _LABELS["vi"])
    line, column = line_and_column(text, citation.start)
    before = text[max(0, citation.start - width) : citation.start].rsplit("\n", 1)[-1]
    after = text[citation.end : citation.end + width].split("\n", 1)[0]
    out = [f"{name}:{line}:{column}", f"  …{before}[[{text[citation.start:citation.end]}]]{after}…"]
    fields = [
        ("kind", citation.kind),
        ("code", citation.code),
        ("scheme", citation.scheme.value),
        ("year", citation.year),
        ("date", citation.date.isoformat() if citation.date else None),
        ("bad_date", str(citation.invalid_date) if citation.invalid_date else None),
        ("issuer", citation.issuer),
        ("title", citation.title),
        ("unknown", citation.unknown_abbreviation()),
        ("canonical", citation.format(with_title=False)),
    ]
    for label, value in fields:
        if value is not None:
            out.append(f"  {labels[label]:<16} {value}")
    return "\n".join(out)
