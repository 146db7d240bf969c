"""Printing a check report: text grouped by document, JSON, GitHub annotations, Markdown."""

from __future__ import annotations

import json
from collections import defaultdict

from ..base.messages import DEFAULT_LANG, text
from .analysis import CheckReport
from .findings import Finding

__all__ = ["render", "FORMATS"]

FORMATS = ("text", "json", "github", "md")


def _t(msg_id: str, lang: str, **params: object) -> str:
    return text(f"check.{msg_id}", lang, **params)


def _summary_line(report: CheckReport, lang: str) -> str:
    s = report.summary()
    return _t("summary", lang, error=s["error"], warning=s["warning"], info=s["info"], silenced=s["silenced"],
              as_of=report.as_of)


def to_text(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    groups: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        groups[finding.document].append(finding)
    out: list[str] = []
    order = sorted((d for d in groups if d is not None), key=lambda d: (groups[d][0].line or 0, d))
    width = max((len(f.severity.label(lang)) for f in report.findings), default=0)
    for document in [*order, None]:
        findings = groups.get(document)
        if not findings:
            continue
        first = findings[0]
        if document is None:
            out.append(_t("no-document", lang))
        else:
            where = f"{first.file}:{first.line}" if first.file else document
            out.append(f"{where}  {first.citation}  [{document}]")
        for f in findings:
            place = f"{f.file}:{f.line}  " if document is None and f.line and f.file else ""
            out.append(f"  {f.severity.label(lang):<{width}}  {f.code} {f.rule}  {place}{f.text(lang)}")
            if f.suggestion:
                out.append(f"  {'':<{width}}  → {_t('suggestion', lang)}: {f.hint(lang)}")
            if f.silenced:
                out.append(f"  {'':<{width}}  ({_t('silenced', lang)}: {f.silenced})")
        out.append("")
    if not report.findings:
        out.append(_t("no-findings", lang))
    out.extend(f"({note.render(lang)})" for note in report.notes)
    out.append(_summary_line(report, lang))
    return "\n".join(out) + "\n"


def to_json(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    return json.dumps(report.to_dict(lang), ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def to_github(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    """GitHub Actions workflow commands: one annotation per active finding."""
    level = {"error": "error", "warning": "warning", "info": "notice"}
    out = []
    for f in report.active:
        props = []
        if f.file:
            props.append(f"file={_escape_property(f.file)}")
            if f.line:
                props.append(f"line={f.line}")
        props.append(f"title={_escape_property(f'{f.code} {f.rule}')}")
        line = f.text(lang) + (f" — {f.hint(lang)}" if f.suggestion else "")
        out.append(f"::{level[f.severity.value]} {','.join(props)}::{_escape_data(line)}")
    out.append(_summary_line(report, lang))
    return "\n".join(out) + "\n"


def _cell(text: str | None) -> str:
    return (text or "").replace("|", "\\|").replace("\n", " ")


def to_markdown(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    head = tuple(_t(f"column-{name}", lang) for name in ("severity", "code", "rule", "document", "message",
                                                        "suggestion"))
    out = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for f in sorted(report.findings, key=lambda f: (-f.severity.rank, f.code, f.line or 0)):
        where = f.citation or ""
        suggestion = f.hint(lang) or ""
        if f.silenced:
            suggestion += f" ({_t('silenced', lang)}: {f.silenced})"
        out.append("| " + " | ".join(
            _cell(x) for x in (f.severity.label(lang), f.code, f.rule, where, f.text(lang), suggestion)) + " |")
    out += ["", *(f"*{note.render(lang)}*" for note in report.notes), _summary_line(report, lang)]
    return "\n".join(out) + "\n"


def render(report: CheckReport, fmt: str = "text", lang: str = DEFAULT_LANG) -> str:
    return {"text": to_text, "json": to_json, "github": to_github, "md": to_markdown}[fmt](report, lang)
