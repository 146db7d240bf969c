"""Printing a check report: text grouped by document, JSON, GitHub annotations, Markdown."""

from __future__ import annotations

from collections import defaultdict

from typing import TYPE_CHECKING

from ..base.messages import DEFAULT_LANG, text

if TYPE_CHECKING:  # light to import: the command line reads FORMATS before any check runs
    from ..registry import Registry
    from .analysis import CheckReport
    from .findings import Finding
    from .province import ProvinceView

__all__ = ["render", "FORMATS", "by_commune_text", "json_text"]

FORMATS = ("text", "json", "github", "md")


def _t(msg_id: str, lang: str, **params: object) -> str:
    return text(f"check.{msg_id}", lang, **params)


def _summary_line(report: CheckReport, lang: str) -> str:
    s = report.summary()
    return _t("summary", lang, error=s["error"], warning=s["warning"], info=s["info"], silenced=s["silenced"],
              as_of=report.as_of)


def to_text(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    """The findings grouped by document, in registry order; those of no document last."""
    by_doc: dict[str | None, list[Finding]] = defaultdict(list)
    for finding in report.findings:
        by_doc[finding.document].append(finding)
    order = sorted((d for d in by_doc if d is not None), key=lambda d: (by_doc[d][0].file or "", by_doc[d][0].line or 0, d))
    groups = []
    for document in order:
        first = by_doc[document][0]
        where = f"{first.file}:{first.line}" if first.file else document
        groups.append((f"{where}  {first.citation}  [{document}]", by_doc[document], False))
    if by_doc.get(None):
        groups.append((_t("no-document", lang), by_doc[None], True))
    return _grouped_text(report, groups, lang)


def by_commune_text(view: ProvinceView, registry: Registry, report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    """The findings grouped by the commune they concern (``vanban check --by commune``), the
    province's own last; each group headed by the commune and its counts."""
    named = [(registry.issuer_name(row.issuer.key), list(row.findings)) for row in view.rows if row.findings]
    if view.own:
        named.append((_t("own-findings", lang), list(view.own)))
    groups = []
    for name, findings in named:
        counts = {s: sum(1 for f in findings if f.severity.value == s and f.silenced is None)
                  for s in ("error", "warning", "info")}
        groups.append((f"{name}  ({_t('group-counts', lang, **counts)})", findings, True))
    return _grouped_text(report, groups, lang)


def _grouped_text(report: CheckReport, groups: list[tuple[str, list[Finding], bool]], lang: str) -> str:
    """Each group's heading and findings (with file:line when *placed*), then the notes and the summary."""
    width = max((len(f.severity.label(lang)) for f in report.findings), default=0)
    out: list[str] = []
    for heading, findings, placed in groups:
        out.append(heading)
        for f in findings:
            out.extend(_finding_lines(f, width, lang, placed=placed))
        out.append("")
    if not report.findings:
        out.append(_t("no-findings", lang))
    out.extend(f"({note.render(lang)})" for note in report.notes)
    out.append(_summary_line(report, lang))
    return "\n".join(out) + "\n"


def _finding_lines(f: Finding, width: int, lang: str, *, placed: bool) -> list[str]:
    """A finding as the text output shows it: severity, code, rule, message; suggestion; silence."""
    place = f"{f.file}:{f.line}  " if placed and f.line and f.file else ""
    out = [f"  {f.severity.label(lang):<{width}}  {f.code} {f.rule}  {place}{f.text(lang)}"]
    if f.suggestion:
        out.append(f"  {'':<{width}}  → {_t('suggestion', lang)}: {f.hint(lang)}")
    if f.silenced:
        out.append(f"  {'':<{width}}  ({_t('silenced', lang)}: {f.silenced})")
    return out


def to_json(report: CheckReport, lang: str = DEFAULT_LANG) -> str:
    return json_text(report.to_dict(lang))


def json_text(value: object) -> str:
    """What vanban prints as JSON: indented, letters as written, one line ending."""
    import json  # here: a check that prints text does not import it

    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


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
