"""The `vanban` command: a thin layer over the library that parses options and prints."""

from __future__ import annotations

import contextlib
import datetime as _dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator, NoReturn

import attrs
import click

from .render.appendix import build_appendix
from .cite.citation import Citation, CitationError
from .cite.dates import DateError, parse_date
from .cite.explain import explain_citation, line_and_column
from .registry.model import Period
from .cite.find import find_citations
from .base.messages import message
from .registry import Registry, RegistryEditor, RegistryError, ResolveError, load_registry
from .io.sources import SourceError, read_text_source

DEFAULT_REGISTRY = "data/registry.yaml"


class _Date(click.ParamType):
    name = "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> _dt.date:
        if isinstance(value, _dt.date):
            return value
        try:
            return parse_date(str(value))
        except DateError as exc:
            self.fail(f"{value}: {exc}", param, ctx)


DATE = _Date()


def _fail(text: str) -> NoReturn:
    click.echo(f"vanban: {text}", err=True)
    sys.exit(2)


def _lang(ctx: click.Context) -> str:
    return str(ctx.obj.get("lang", "vi")) if ctx.obj else "vi"


def _load(ctx: click.Context, path: str | None, *, lenient: bool = False) -> Registry:
    """The registry, or exit 2 with every error placed; *lenient* keeps dangling links for check."""
    path = path or os.environ.get("VANBAN_REGISTRY") or DEFAULT_REGISTRY
    with _registry_errors(ctx, path):
        return load_registry(path, lenient_references=lenient)
    raise AssertionError  # pragma: no cover - _registry_errors exits


@contextlib.contextmanager
def _registry_errors(ctx: click.Context, path: str | None = None) -> Iterator[None]:
    """A registry that does not validate (read, or about to be written): print, exit 2."""
    try:
        yield
    except RegistryError as exc:
        click.echo(exc.render(_lang(ctx)), err=True)
        if path:
            click.echo(message("cli", "errors-found", _lang(ctx), count=len(exc.problems), file=path), err=True)
        sys.exit(2)


def _about(name: str, exc: Exception) -> str:
    """The error, prefixed with the file's name unless it already starts with it."""
    text = str(exc)
    return text if text.startswith((name, Path(name).name)) else f"{name}: {text}"


def _say(ctx: click.Context, vi: str, en: str) -> str:
    return en if _lang(ctx) == "en" else vi


registry_option = click.option(
    "--registry", "registry_path", metavar="PATH", help=f"registry file (default {DEFAULT_REGISTRY}, or $VANBAN_REGISTRY)"
)


class _Group(click.Group):
    """Turns a file that cannot be read or written into a clear message and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except OSError as exc:
            where = exc.filename or ""
            _fail(f"{where}: {exc.strerror or exc} — kiểm tra đường dẫn, thư mục và quyền ghi"
                  f" / check the path, the folder and the permissions")


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, help="language of messages")
@click.version_option(package_name="vanban", prog_name="vanban")
@click.pass_context
def main(ctx: click.Context, lang: str) -> None:
    """vanban: văn bản chỉ đạo, điều hành của các Chương trình mục tiêu quốc gia."""
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang


# --- extract ------------------------------------------------------------------------------------
@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["json", "yaml", "text"]), default="text", show_default=True)
@click.option("--explain", is_flag=True, help="show each citation in its context with what was read from it")
@click.option("--merge", is_flag=True, help="add the documents found to the registry")
@registry_option
@click.option("--issuer", "default_issuer", metavar="NAME",
              help="with --merge: issuer of citations that name none (default: none, they are reported)")
@click.option("--dry-run", is_flag=True, help="with --merge: show the change as a diff, write nothing")
@click.pass_context
def extract(
    ctx: click.Context, files: tuple[str, ...], fmt: str, explain: bool, merge: bool, registry_path: str | None,
    default_issuer: str | None, dry_run: bool,
) -> None:
    """Print every citation in FILES (.txt, .md, .docx; "-" reads standard input)."""
    lang = _lang(ctx)
    results: list[tuple[str, str, list[Citation]]] = []
    for name in files:
        try:
            text = read_text_source(name)
        except SourceError as exc:
            _fail(str(exc))
        results.append((name, text, find_citations(text)))
    if merge:
        _merge(ctx, registry_path, results, default_issuer, dry_run)
        return
    if explain:
        for name, text, citations in results:
            for citation in citations:
                click.echo(explain_citation(name, text, citation, lang))
                click.echo("")
        return
    if fmt == "text":
        for name, text, citations in results:
            for citation in citations:
                line, column = line_and_column(text, citation.start)
                click.echo(f"{name}:{line}:{column}: {citation.format()}")
        if not any(c for _, _, c in results):
            click.echo(message("cli", "no-citations", lang), err=True)
        return
    rows = []
    for name, text, citations in results:
        for citation in citations:
            row = citation.to_dict()
            row["file"] = name
            row["line"], row["column"] = line_and_column(text, citation.start)
            rows.append(row)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.width = 4096
        yaml.dump(rows, sys.stdout)


def _merge(
    ctx: click.Context, registry_path: str | None, results: list[tuple[str, str, list[Citation]]],
    default_issuer: str | None, dry_run: bool,
) -> None:
    from .io.merge import apply_merge, plan_merge

    lang = _lang(ctx)
    registry = _load(ctx, registry_path)
    issuer_key = None
    if default_issuer:
        try:
            issuer_key = registry.find_issuer(default_issuer).key
        except ResolveError as exc:
            _fail(message("registry", "unknown-issuer", lang, value=exc.value, suggestion=""))
    citations = [c for _, _, found in results for c in found]
    plan = plan_merge(registry, citations, default_issuer=issuer_key)
    en = lang == "en"
    for citation, doc in plan.existing:
        click.echo(f"{_say(ctx, 'đã có trong sổ', 'already registered')}: {citation.code} → {doc.id}")
    for citation, doc, score in plan.near:
        click.echo(f"{'near match, not added' if en else 'gần giống, không thêm'}: {citation.code} ~ {doc.code} "
                   f"({doc.id}, {score:.0f}%)")
    for citation in plan.unknown_issuer:
        click.echo(f"{'unknown issuer, not added' if en else 'cơ quan chưa có trong sổ, không thêm'}: "
                   f"{citation.code} — {citation.issuer}")
    for citation in plan.incomplete:
        click.echo(f"{'no date or issuer, not added' if en else 'thiếu ngày hoặc cơ quan, không thêm'}: {citation.code}")
    if not plan.add:
        click.echo("nothing to add" if en else "không có văn bản mới")
        return
    with _registry_errors(ctx):
        ids, diff = apply_merge(registry.path or DEFAULT_REGISTRY, plan, source=", ".join(n for n, _, _ in results),
                                dry_run=dry_run)
    if dry_run:
        click.echo(diff, nl=False)
    else:
        for doc_id in ids:
            click.echo(f"{_say(ctx, 'đã thêm', 'added')}: {doc_id}")


# --- appendix ------------------------------------------------------------------------------------
@main.command()
@registry_option
@click.option("--for", "report", metavar="REPORT", help="the report the appendix is attached to, e.g. 733/BC-UBND")
@click.option("--issuer", "issuers", multiple=True, metavar="NAME", help="issuer key or name (repeatable)")
@click.option("--from", "start", type=DATE, help="first date (dd/mm/yyyy or yyyy-mm-dd)")
@click.option("--to", "end", type=DATE, help="last date (default: the report's date with --for)")
@click.option("--program", metavar="CODE", help="program code, e.g. giam-ngheo-2021-2025")
@click.option("--subproject", "subprojects", multiple=True, metavar="CODE", help="project or sub-project code (repeatable)")
@click.option("--format", "fmt", type=click.Choice(["md", "text", "json", "docx"]), default="md", show_default=True)
@click.option("--layout", type=click.Choice(["list", "table"]), default="list", show_default=True,
              help="docx: a numbered list, or a table (STT; Số, ký hiệu; Ngày; Trích yếu; Cơ quan)")
@click.option("--group-by", type=click.Choice(["year", "project"]), help="docx: group the documents")
@click.option("--heading-suffix", metavar="TEXT", help='words after the heading, e.g. "của UBND huyện"')
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="write to a file instead of stdout")
@click.pass_context
def appendix(
    ctx: click.Context,
    registry_path: str | None,
    report: str | None,
    issuers: tuple[str, ...],
    start: _dt.date | None,
    end: _dt.date | None,
    program: str | None,
    subprojects: tuple[str, ...],
    fmt: str,
    layout: str,
    group_by: str | None,
    heading_suffix: str | None,
    output: str | None,
) -> None:
    """Build "Danh mục các văn bản chỉ đạo, điều hành" from the registry."""
    registry = _load(ctx, registry_path)
    try:
        result = build_appendix(
            registry, report=report, issuers=issuers, start=start, end=end, program=program, subprojects=subprojects
        )
    except ResolveError as exc:
        _fail(_resolve_message(exc, _lang(ctx)))
    if fmt == "docx":
        from .render.word import write_appendix_docx

        if not output:
            raise click.UsageError("--format docx needs -o FILE.docx")
        write_appendix_docx(result, registry, output, layout=layout, group_by=group_by, title_suffix=heading_suffix)
        click.echo(f"{output}: {len(result.documents)} {'documents' if _lang(ctx) == 'en' else 'văn bản'}")
        return
    if heading_suffix:
        result = attrs.evolve(result, heading=f"{result.heading} {heading_suffix.upper()}")
    text = result.render(fmt)
    if output:
        from .base.atomic import write_atomic

        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


def _resolve_message(exc: ResolveError, lang: str) -> str:
    if exc.what == "issuer":
        if exc.reason == "ambiguous":
            return message("registry", "ambiguous-issuer", lang, value=exc.value, candidates=", ".join(exc.candidates),
                           example=exc.candidates[0])
        return message("registry", "unknown-issuer", lang, value=exc.value, suggestion="")
    if exc.what == "subproject":
        return message("registry", "unknown-subproject", lang, value=exc.value, program=", ".join(exc.candidates))
    if exc.reason == "ambiguous":
        return message("registry", "ambiguous-reference", lang, value=exc.value, count=len(exc.candidates),
                       candidates=", ".join(exc.candidates))
    return message("registry", "unresolved-reference", lang, value=exc.value)


# --- validate / list ---------------------------------------------------------------------------------
@main.command()
@registry_option
@click.pass_context
def validate(ctx: click.Context, registry_path: str | None) -> None:
    """Check that the registry file reads; every error is printed with file:line:column."""
    registry = _load(ctx, registry_path)
    lang = _lang(ctx)
    if lang == "en":
        click.echo(f"{registry.path}: {len(registry)} documents, {len(registry.issuers)} issuers: OK")
    else:
        click.echo(f"{registry.path}: {len(registry)} văn bản, {len(registry.issuers)} cơ quan: hợp lệ")


@main.command(name="list")
@registry_option
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def list_documents(ctx: click.Context, registry_path: str | None, fmt: str) -> None:
    """List the registry's documents with their IDs, in date order."""
    from .render.appendix import sort_key

    registry = _load(ctx, registry_path)
    docs = sorted(registry.documents, key=sort_key)
    if fmt == "json":
        rows = [{"id": d.id, "citation": registry.citation(d, with_title=False).format(), "line": d.line} for d in docs]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max((len(d.id) for d in docs), default=0)
    for doc in docs:
        click.echo(f"{doc.id:<{width}}  {registry.citation(doc, with_title=False).format()}")


# --- add -----------------------------------------------------------------------------------------------
@main.command()
@registry_option
@click.argument("citation")
@click.option("--issuer", help="issuer key or name (default: the issuer named in CITATION)")
@click.option("--title", help="trích yếu")
@click.option("--subproject", "subprojects", multiple=True, metavar="CODE")
@click.option("--implements", "implements", multiple=True, metavar="REF")
@click.option("--dry-run", is_flag=True, help="show the new registry text's changed lines, write nothing")
@click.pass_context
def add(
    ctx: click.Context,
    registry_path: str | None,
    citation: str,
    issuer: str | None,
    title: str | None,
    subprojects: tuple[str, ...],
    implements: tuple[str, ...],
    dry_run: bool,
) -> None:
    """Add the document CITATION ("Kế hoạch số 36/KH-UBND ngày 20/02/2023") to the registry.

    Comments, order and layout of the file are kept; the write is atomic and only happens
    when the result validates.
    """
    registry = _load(ctx, registry_path)
    lang = _lang(ctx)
    try:
        from .cite.find import parse_citation

        parsed = parse_citation(citation)
    except CitationError as exc:
        _fail(str(exc))
    issuer_name = issuer or parsed.issuer or registry.locality.issuer
    if not issuer_name:
        _fail("--issuer is required" if lang == "en" else "cần --issuer")
    if parsed.date is None:
        _fail(
            "the citation needs a valid date (ngày dd/mm/yyyy)" if lang == "en"
            else "trích dẫn cần ngày ban hành hợp lệ (ngày dd/mm/yyyy)"
        )
    editor = RegistryEditor(registry.path or DEFAULT_REGISTRY)
    editor.add_document(
        {
            "code": parsed.code,
            "kind": parsed.kind,
            "date": parsed.date.isoformat(),
            "issuer": issuer_name,
            "title": title or parsed.title,
            "subprojects": list(subprojects),
            "implements": list(implements),
        }
    )
    with _registry_errors(ctx):
        new = editor.registry()
    if dry_run:
        import difflib

        diff = difflib.unified_diff(
            editor.original.splitlines(True), editor.dumps().splitlines(True), str(editor.path), str(editor.path)
        )
        click.echo("".join(diff), nl=False)
        return
    editor.save()
    click.echo(new.documents[-1].id)


# --- check / coverage / due -------------------------------------------------------------------------------
class _Period(click.ParamType):
    name = "PERIOD"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Period:
        if isinstance(value, Period):
            return value
        try:
            return Period.parse(str(value))
        except ValueError as exc:
            self.fail(str(exc), param, ctx)


PERIOD = _Period()


def _rule_list(values: tuple[str, ...]) -> list[str] | None:
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return items or None


@main.command()
@registry_option
@click.option("--as-of", type=DATE, help="the day of the check (default: today)")
@click.option("--period", type=PERIOD, help="2023, 2021-2025 or 2022-01-01..2023-11-17")
@click.option("--select", multiple=True, metavar="RULES", help="rule codes, code prefixes or slugs, comma-separated")
@click.option("--ignore", multiple=True, metavar="RULES", help="rules to leave out, as for --select")
@click.option("--within", type=click.IntRange(0, 3660), default=30, show_default=True, help="days ahead for due-soon")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "md"]), default="text", show_default=True)
@click.option("--fail-level", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True)
@click.option("--exit-zero", is_flag=True, help="exit 0 even when there are findings")
@click.option("--lang", "lang_option", type=click.Choice(["vi", "en"]), help="language of messages")
@click.pass_context
def check(
    ctx: click.Context,
    registry_path: str | None,
    as_of: _dt.date | None,
    period: Period | None,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    within: int,
    fmt: str,
    fail_level: str,
    exit_zero: bool,
    lang_option: str | None,
) -> None:
    """Flag gaps, overdue follow-ups and defects before a reporting period.

    Exit status: 0 no finding at or above --fail-level, 1 some, 2 unusable input or options.
    """
    from .check import RuleSelectionError, exit_code, run_check
    from .check.output import render

    lang = lang_option or _lang(ctx)
    registry = _load(ctx, registry_path, lenient=True)
    try:
        report = run_check(registry, as_of=as_of, period=period, select=_rule_list(select),
                           ignore=_rule_list(ignore), within=within, lang=lang)
    except RuleSelectionError as exc:
        raise click.BadParameter(f"no rule '{exc}' (see docs/rules.md)", param_hint="--select/--ignore") from None
    click.echo(render(report, fmt, lang), nl=False)
    sys.exit(0 if exit_zero else exit_code(report, fail_level))


@main.command()
@registry_option
@click.option("--as-of", type=DATE, help="the day (default: today)")
@click.option("--period", type=PERIOD, help="2023, 2021-2025 or 2022-01-01..2023-11-17")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def coverage(ctx: click.Context, registry_path: str | None, as_of: _dt.date | None, period: Period | None, fmt: str) -> None:
    """Print the sub-project × year matrix: planned, gap, not applicable."""
    from .check.coverage import coverage_matrix
    from .render.text import coverage_table

    registry = _load(ctx, registry_path)
    lang = _lang(ctx)
    day = as_of or _dt.date.today()
    for program in registry.programs.values():
        matrix = coverage_matrix(registry, program, as_of=day, period=period)
        if fmt == "json":
            rows = [
                {"unit": c.unit, "year": c.year, "state": c.state.value, "plans": list(c.plans),
                 "others": list(c.others), "reason": c.reason}
                for c in matrix.cells.values()
            ]
            click.echo(json.dumps({"program": program.code, "years": list(matrix.years), "cells": rows},
                                  ensure_ascii=False, indent=2))
        else:
            click.echo(coverage_table(registry, matrix, lang))


@main.command()
@registry_option
@click.option("--as-of", type=DATE, help="the day (default: today)")
@click.option("--within", type=click.IntRange(0, 3660), default=30, show_default=True)
@click.option("--all", "show_all", is_flag=True, help="also list overdue and done deadlines")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def due(ctx: click.Context, registry_path: str | None, as_of: _dt.date | None, within: int, show_all: bool, fmt: str) -> None:
    """List coming deadlines, soonest first."""
    from .check.deadlines import DeadlineState, due_items
    from .render.text import due_table

    registry = _load(ctx, registry_path)
    day = as_of or _dt.date.today()
    items = due_items(registry, as_of=day)
    limit = day + _dt.timedelta(days=within)
    if not show_all:
        items = [i for i in items if i.state is DeadlineState.OPEN and i.due <= limit]
    if fmt == "json":
        rows = [
            {"due": i.due.isoformat(), "what": i.what, "owed_by": i.owed_by, "state": i.state.value,
             "document": i.source_doc, "obligation": i.obligation, "unit": i.unit, "fulfilled_by": i.fulfilled_by,
             "verified": i.verified}
            for i in items
        ]
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    click.echo(due_table(registry, items, day, _lang(ctx)), nl=False)


@main.command()
@registry_option
@click.argument("report")
@click.option("--as-of", type=DATE, help="the day of the check (default: today)")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github", "md"]), default="text", show_default=True)
@click.option("--fail-level", type=click.Choice(["error", "warning", "never"]), default="error", show_default=True)
@click.option("--exit-zero", is_flag=True)
@click.pass_context
def verify(
    ctx: click.Context, registry_path: str | None, report: str, as_of: _dt.date | None, fmt: str, fail_level: str,
    exit_zero: bool,
) -> None:
    """Check every citation of REPORT (.docx, .md, .txt) against the registry before it goes out."""
    from .check import exit_code
    from .check.output import render
    from .check.verify import verify_text

    lang = _lang(ctx)
    registry = _load(ctx, registry_path)
    try:
        text = read_text_source(report)
    except SourceError as exc:
        _fail(str(exc))
    result = verify_text(registry, text, name=report, lang=lang, as_of=as_of)
    click.echo(render(result, fmt, lang), nl=False)
    sys.exit(0 if exit_zero else exit_code(result, fail_level))


@main.command()
@registry_option
@click.argument("document", required=False)
@click.pass_context
def tree(ctx: click.Context, registry_path: str | None, document: str | None) -> None:
    """The implementation tree from DOCUMENT down (or from the top), with dates and issuers."""
    from .render.tree import tree_lines

    registry = _load(ctx, registry_path)
    start = None
    if document:
        try:
            start = registry.resolve(document)
        except ResolveError as exc:
            _fail(_resolve_message(exc, _lang(ctx)))
    for line in tree_lines(registry, start, lang=_lang(ctx)):
        click.echo(line)


@main.command()
@registry_option
@click.argument("document")
@click.option("--as-of", type=DATE, help="the day for deadline states (default: today)")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.pass_context
def show(ctx: click.Context, registry_path: str | None, document: str, as_of: _dt.date | None, fmt: str) -> None:
    """Everything known about DOCUMENT (an ID or a citation)."""
    from .render.tree import document_facts

    registry = _load(ctx, registry_path)
    lang = _lang(ctx)
    try:
        doc = registry.resolve(document)
    except ResolveError as exc:
        _fail(_resolve_message(exc, lang))
    facts = document_facts(registry, doc, as_of=as_of or _dt.date.today())
    if fmt == "json":
        click.echo(json.dumps(facts, ensure_ascii=False, indent=2))
        return
    en = lang == "en"
    labels = (("ID", "id"), ("file" if en else "tệp", "file"), ("kind" if en else "loại", "kind"),
              ("issuer" if en else "cơ quan", "issuer"), ("period" if en else "thời kỳ", "period"))
    click.echo(facts["citation"])
    for label, name in labels:
        value = facts[name]
        if name == "file":
            value = f"{value}:{facts['line']}"
        elif name == "issuer":
            value = f"{value['name']} ({value['level']})"
        if value:
            click.echo(f"  {label:<10} {value}")
    for unit in facts["subprojects"]:
        click.echo(f"  {'unit' if en else 'dự án':<10} {unit['code']}: {unit['name']}")
    for link in facts["up"]:
        click.echo(f"  ↑ {link['relation']:<14} {link['citation']}  [{link['id']}]")
    for link in facts["down"]:
        click.echo(f"  ↓ {link['relation']:<14} {link['citation']}  [{link['id']}]")
    for item in facts["deadlines"]:
        from .check.deadlines import DeadlineState

        state = DeadlineState(item["state"]).label(lang)
        done = f" — {item['fulfilled_by']}" if item["fulfilled_by"] else ""
        click.echo(f"  ⏰ {item['due']} {state}: {item['what']}{done}")


@main.command()
@registry_option
@click.pass_context
def issuers(ctx: click.Context, registry_path: str | None) -> None:
    """List the issuers by level, in Vietnamese alphabetical order."""
    from .render.tree import sorted_issuers

    registry = _load(ctx, registry_path)
    width = max((len(i.key) for i in registry.issuers.values()), default=0)
    for issuer in sorted_issuers(registry):
        until = f" (đến {issuer.valid_until:%d/%m/%Y})" if issuer.valid_until else ""
        click.echo(f"{issuer.key:<{width}}  {issuer.level:<10} {issuer.display_name}{until}")


@main.command()
@registry_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="the HTML file to write")
@click.option("--as-of", type=DATE, help="the day (default: today)")
@click.option("--period", type=PERIOD, help="2023, 2021-2025 or 2022-01-01..2023-11-17")
@click.option("--within", type=click.IntRange(0, 3660), default=30, show_default=True, help="days ahead for deadlines")
@click.option("--lang", "lang_option", type=click.Choice(["vi", "en"]), help="language of the page")
@click.pass_context
def report(ctx: click.Context, registry_path: str | None, output: str, as_of: _dt.date | None, period: Period | None,
           within: int, lang_option: str | None) -> None:
    """Write one self-contained HTML page: coverage, findings, deadlines, timeline, hierarchy."""
    from .base.atomic import write_atomic
    from .render.html import render_dashboard

    registry = _load(ctx, registry_path, lenient=True)
    page = render_dashboard(registry, as_of=as_of or _dt.date.today(), period=period, lang=lang_option or _lang(ctx),
                            within=within)
    write_atomic(output, page)
    click.echo(output)


# --- registers ----------------------------------------------------------------------------------------------
@main.group()
def register() -> None:
    """The "Sổ đăng ký văn bản đi" (Nghị định 30/2020/NĐ-CP, Phụ lục IV) as CSV or .xlsx."""


@register.command(name="import")
@registry_option
@click.argument("register_file")
@click.option("--issuer", metavar="NAME", help="whose register it is (default: the locality's office)")
@click.option("--sheet", help="only this sheet of a workbook")
@click.option("--dry-run", is_flag=True, help="show the change as a diff, write nothing")
@click.pass_context
def register_import(ctx: click.Context, registry_path: str | None, register_file: str, issuer: str | None,
                    sheet: str | None, dry_run: bool) -> None:
    """Add the register's documents to the registry; bad rows are reported, the rest imported."""
    from .io.registers import RegisterError, import_register

    lang = _lang(ctx)
    registry = _load(ctx, registry_path)
    owner = issuer or registry.locality.issuer
    if not owner:
        _fail("--issuer is required" if lang == "en" else "cần --issuer")
    try:
        with _registry_errors(ctx):
            result = import_register(registry.path or DEFAULT_REGISTRY, register_file, issuer=owner, dry_run=dry_run,
                                     sheet=sheet)
    except RegisterError as exc:
        _fail(_about(register_file, exc))
    for problem in result.problems:
        click.echo(f"{register_file}: {problem.sheet}:{problem.row_number}: {problem.column}: {problem.message}", err=True)
    for row, existing in result.duplicates:
        click.echo(f"{_say(ctx, 'đã có trong sổ', 'already registered')}: {row.code} → {existing}")
    if dry_run:
        click.echo(result.diff, nl=False)
    else:
        for doc_id in result.added:
            click.echo(f"{_say(ctx, 'đã thêm', 'added')}: {doc_id}")


@register.command(name="export")
@registry_option
@click.argument("register_file", type=click.Path(dir_okay=False))
@click.option("--issuer", metavar="NAME", help="whose documents (default: the locality's office)")
@click.option("--year", type=int, help="only this year")
@click.pass_context
def register_export(ctx: click.Context, registry_path: str | None, register_file: str, issuer: str | None,
                    year: int | None) -> None:
    """Write the registry's documents as a register (.csv or .xlsx)."""
    from .io.registers import RegisterError, export_register

    registry = _load(ctx, registry_path)
    try:
        count = export_register(registry, register_file, issuer=issuer or registry.locality.issuer, year=year)
    except RegisterError as exc:
        _fail(_about(register_file, exc))
    click.echo(f"{register_file}: {count} {'rows' if _lang(ctx) == 'en' else 'dòng'}")


# --- edXML -------------------------------------------------------------------------------------------------
@main.group()
def edxml() -> None:
    """Documents from and to the e-office system (edXML, QCVN 102:2016)."""


@edxml.command(name="import")
@registry_option
@click.argument("message_file")
@click.option("--issuer", "issuer_override", metavar="NAME", help="issuer key or name when the sender is not registered")
@click.option("--dry-run", is_flag=True, help="show the change as a diff, write nothing")
@click.pass_context
def edxml_import(ctx: click.Context, registry_path: str | None, message_file: str, issuer_override: str | None,
                 dry_run: bool) -> None:
    """Add the document of an edXML message to the registry."""
    from .io.edxml import EdxmlError, import_edxml

    lang = _lang(ctx)
    registry = _load(ctx, registry_path)
    try:
        with _registry_errors(ctx):
            result = import_edxml(registry.path or DEFAULT_REGISTRY, message_file, issuer_override=issuer_override,
                                  dry_run=dry_run)
    except EdxmlError as exc:
        _fail(f"{message_file}: {exc}")
    for warning in result.warnings:
        click.echo(f"{'warning' if lang == 'en' else 'lưu ý'}: {warning}", err=True)
    if result.duplicate:
        click.echo(f"{_say(ctx, 'đã có trong sổ', 'already registered')}: {result.duplicate}")
    elif dry_run:
        click.echo(result.diff, nl=False)
    else:
        click.echo(f"{_say(ctx, 'đã thêm', 'added')}: {result.added}")


@edxml.command(name="export")
@registry_option
@click.argument("document")
@click.option("--to", "recipients", multiple=True, metavar="NAME", help="recipient issuer key or name (repeatable)")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="file to write (default: standard output)")
@click.pass_context
def edxml_export(ctx: click.Context, registry_path: str | None, document: str, recipients: tuple[str, ...],
                 output: str | None) -> None:
    """Write an edXML message for a registry DOCUMENT (an ID or a citation)."""
    from .base.atomic import write_atomic
    from .io.edxml import EdxmlError, write_edxml

    registry = _load(ctx, registry_path)
    try:
        data = write_edxml(registry, registry.resolve(document), to=recipients)
    except ResolveError as exc:
        _fail(_resolve_message(exc, _lang(ctx)))
    except EdxmlError as exc:
        _fail(str(exc))
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)


def run() -> None:  # pragma: no cover - console entry point alias
    main()
