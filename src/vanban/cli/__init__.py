"""The `vanban` command: a thin layer over the library that parses options and prints.

Every text it prints comes from the message catalog in the language of the run (``--lang``);
every error the library raises on purpose (a :class:`~vanban.base.errors.VanbanError`) is
printed in that language with exit status 2, never as a traceback.
"""

from __future__ import annotations

import datetime as _dt
import functools
import os
import sys
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable, NoReturn, TypeVar

import click

from ..base import classcode
from ..base.atomic import WriteWarning, guard_inputs, write_atomic
from ..base.dates import DateError, parse_date
from ..base.errors import ProblemsError, VanbanError
from ..base.safety import display
from ..check.output import FORMATS as CHECK_FORMATS, json_text
from ..registry.locate import ENV_VAR, REGISTRY_NAMES, find_registry
from .progress import progress_for

# The command line imports what a command needs when the command runs: `vanban check` on an
# unchanged registry reads its findings back without loading the registry's reader or the rules
# (docs/performance.md, "Start-up").
if TYPE_CHECKING:
    from ..check import Analysis, CheckReport
    from ..registry import Registry
    from ..registry.edit import Change
    from ..registry.model import Period
from .speak import VArgument, VCommand, VGroup, VOption, current_lang, install_click_messages, set_lang, t

__all__ = ["main"]

install_click_messages()  # before the decorators below read any of click's texts

F = TypeVar("F", bound=Callable[..., Any])


# --- option types and shared options --------------------------------------------------------------
class _Date(click.ParamType):
    name = "date"
    #: the days vanban computes with (a deadline a year past 9999-12-31 does not exist)
    low, high = _dt.date(1900, 1, 1), _dt.date(2199, 12, 31)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> _dt.date:
        if isinstance(value, _dt.date):
            return value
        try:
            day = parse_date(str(value))
        except DateError as exc:
            self.fail(exc.render(current_lang()), param, ctx)
        if not self.low <= day <= self.high:
            self.fail(t("cli.date-range", value=str(value), low=self.low, high=self.high), param, ctx)
        return day


class _Period(click.ParamType):
    name = "period"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Period:
        from ..registry.model import Period, PeriodError

        if isinstance(value, Period):
            return value
        try:
            return Period.parse(str(value))
        except PeriodError as exc:
            self.fail(exc.render(current_lang()), param, ctx)


DATE = _Date()
PERIOD = _Period()


def option(*decls: str, **attrs: Any) -> Callable[[F], F]:
    """A click option whose help (and metavar) are catalog ids."""
    return click.option(*decls, cls=VOption, **attrs)


def argument(*decls: str, **attrs: Any) -> Callable[[F], F]:
    return click.argument(*decls, cls=VArgument, **attrs)


by_option = option("--by", type=click.Choice(["commune"]), help="help.opt.by-commune")
registry_option = option("--registry", "registry_path", metavar="metavar.path", help="help.opt.registry")


def _fail(message: str) -> NoReturn:
    click.echo(f"vanban: {message}", err=True)
    sys.exit(2)


def _registry_path(path: str | None) -> str:
    """--registry, else $VANBAN_REGISTRY, else the registry found upward from the working directory."""
    chosen = path or os.environ.get(ENV_VAR)
    if chosen:
        return chosen
    found = find_registry()
    if found is None:
        raise VanbanError("cli.no-registry", names=" / ".join(REGISTRY_NAMES))
    return str(found)


def _load(path: str | None, *, lenient: bool = False) -> Registry:
    """The registry (errors reach the group's handler: every problem placed, exit 2)."""
    from ..registry.folder import load_registry_any

    return load_registry_any(_registry_path(path), lenient_references=lenient, freeze=True,
                             progress=progress_for(current_lang()))


def _echo_json(value: Any) -> None:
    _echo(json_text(value), nl=False)


def _echo(message: Any = None, **kwargs: Any) -> None:
    """click.echo for text from a registry or a document: every control, escape and
    bidirectional character is shown as \\uXXXX, so none reaches the terminal (docs/reliability.md)."""
    click.echo(display(message) if isinstance(message, str) else message, **kwargs)


def _print_change(change: Change, *, dry_run: bool) -> None:
    """What an import or ``add`` does, the same way for every source; saved unless *dry_run*."""
    for note in change.notes:
        _echo(note.render(current_lang()), err=True)
    for new, doc in change.intake.existing:
        click.echo(t("cli.existing", code=new.code, id=doc.id))
    for new in change.intake.repeated:
        click.echo(t("cli.existing", code=new.code, id=new.id))
    for new, doc, score in change.intake.near:
        click.echo(t("cli.near", code=new.code, other=doc.code, id=doc.id, score=f"{score:.0f}"))
    for new, docs in change.intake.ambiguous:
        click.echo(t("cli.ambiguous", code=new.code, candidates=[d.id for d in docs]))
    if not change.added:
        click.echo(t("cli.nothing-new"))
        return
    if dry_run:
        _echo(change.diff, nl=False)
        return
    change.save()
    for doc_id in change.added:
        click.echo(t("cli.added", id=doc_id))


# --- the group ---------------------------------------------------------------------------------------
class _Main(VGroup):
    """Turns every error vanban raises on purpose, and a file that cannot be read or written,
    into a message in the user's language and exit status 2."""

    def invoke(self, ctx: click.Context) -> Any:
        with guard_inputs(), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", WriteWarning)
            try:
                return super().invoke(ctx)
            except ProblemsError as exc:  # the problems quote the file: shown escaped, like its text
                click.echo(display(exc.render(current_lang())), err=True)
                click.echo(t("cli.errors-found", count=len(exc.problems), file=_problem_files(exc)), err=True)
                sys.exit(2)
            except VanbanError as exc:
                hint = exc.hint(current_lang())
                _fail(display(exc.render(current_lang()) + (f"\n  → {hint}" if hint else "")))
            except BrokenPipeError:  # `vanban list | head -1`: the reader has gone, nothing to say
                sys.stderr.close()
                sys.exit(0)
            except RecursionError:
                _fail(t("cli.too-deep"))
            except MemoryError:
                _fail(t("cli.out-of-memory"))
            except OSError as exc:
                _fail(t("cli.os-error", path=exc.filename or "", reason=exc.strerror or str(exc)))
            finally:
                for warning in caught:  # what a write could not keep (owner, hard links), in the run's language
                    if isinstance(warning.message, WriteWarning):
                        click.echo(f"vanban: {warning.message.render(current_lang())}", err=True)
                    else:
                        warnings.showwarning(warning.message, warning.category, warning.filename, warning.lineno)


def _problem_files(exc: ProblemsError) -> str:
    """The file the problems are in — for a registry folder, the folder that holds them all."""
    files = {p.file for p in exc.problems}
    if len(files) <= 1:
        return exc.problems[0].file if exc.problems else ""
    try:
        return os.path.commonpath(sorted(files))
    except ValueError:  # files on different drives
        return exc.problems[0].file


def _set_lang(ctx: click.Context, param: click.Parameter, value: str | None) -> str:
    return set_lang(value)


lang_option = option("--lang", type=click.Choice(["vi", "en"]), callback=_set_lang, is_eager=True,
                     expose_value=False, help="help.opt.lang")


def _version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        from .. import __version__  # the one place of the version (pyproject.toml reads it too)

        click.echo(t("click.version-line") % {"prog": "vanban", "version": __version__})
        ctx.exit()


@click.group(cls=_Main, help="help.main", context_settings={"help_option_names": ["-h", "--help"]})
@option("--lang", type=click.Choice(["vi", "en"]), default="vi", show_default=True, callback=_set_lang,
        is_eager=True, expose_value=False, help="help.opt.lang")
@option("--version", is_flag=True, callback=_version, is_eager=True, expose_value=False, help="click.version")
def main() -> None:
    pass


def run() -> None:
    """The ``vanban`` script (and ``python -m vanban``): the command, then an exit that does not free
    one by one the millions of objects a large registry is made of — about 2 s of a `check` of
    100,000 documents — but ends the process and lets the system take its memory back at once.
    Everything is written and closed by then (writes are atomic, locks and caches are context
    managers); the output is flushed first. In a test or a library, call :func:`main`."""
    try:
        main(prog_name="vanban")
        code: Any = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):  # sys.exit("message"): as Python does it
        print(code, file=sys.stderr)
        code = 1
    classcode.save()  # the classes' code compiled by this run, for the next start
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe (`vanban list | head -1`) or a closed stream
            pass
    os._exit(code or 0)


def command(group: click.Group, name: str) -> Callable[[F], F]:
    """A subcommand of *group* whose help is ``help.<name>`` in the catalog."""
    help_id = "help." + name.replace(" ", ".")
    return group.command(name=name.split(" ")[-1], cls=VCommand, help=help_id)  # type: ignore[return-value]


# --- extract --------------------------------------------------------------------------------------
@command(main, "extract")
@argument("files", nargs=-1, required=True, metavar="metavar.files")
@option("--format", "fmt", type=click.Choice(["json", "yaml", "text"]), default="text", show_default=True,
        help="help.opt.format")
@option("--explain", is_flag=True, help="help.opt.explain")
@option("--merge", is_flag=True, help="help.opt.merge")
@registry_option
@option("--issuer", "default_issuer", metavar="metavar.name", help="help.opt.merge-issuer")
@option("--dry-run", is_flag=True, help="help.opt.dry-run")
def extract(files: tuple[str, ...], fmt: str, explain: bool, merge: bool, registry_path: str | None,
            default_issuer: str | None, dry_run: bool) -> None:
    from ..cite.explain import LineIndex, explain_citation
    from ..cite.find import find_citations
    from ..io.sources import read_text_source
    from ..registry.folder import writable_file

    lang = current_lang()
    results = [(name, text, find_citations(text)) for name, text in ((n, read_text_source(n)) for n in files)]
    if merge:
        from ..io.merge import merge_citations

        registry = _load(registry_path)
        issuer_key = registry.find_issuer(default_issuer).key if default_issuer else None
        writable_file(registry, issuer_key)
        citations = [c for _, _, found in results for c in found]
        _print_change(merge_citations(registry, citations, source=", ".join(files), default_issuer=issuer_key),
                      dry_run=dry_run)
        return
    rows = []
    for name, text, citations in results:
        lines = LineIndex(text)
        for citation in citations:
            line, column = lines.line_and_column(citation.start)
            if explain:
                _echo(explain_citation(name, text, citation, lang, where=(line, column)))
                click.echo("")
            elif fmt == "text":
                # the document's own number (its header and every other mention of it) is marked as
                # such: it is the document itself, not a reference (JSON: "identity": true)
                own = t("cli.own-number") + ": " if citation.identity else ""
                click.echo(f"{name}:{line}:{column}: {own}{citation.format()}")
            else:
                rows.append({**citation.to_dict(lang), "file": name, "line": line, "column": column})
    if explain:
        return
    if fmt == "text":
        if not any(c for _, _, c in results):
            click.echo(t("cli.no-citations"), err=True)
    elif fmt == "json":
        _echo_json(rows)
    else:
        from ruamel.yaml import YAML

        yaml = YAML()
        yaml.width = 4096
        yaml.dump(rows, sys.stdout)


# --- appendix ---------------------------------------------------------------------------------------
@command(main, "appendix")
@registry_option
@option("--for", "report", metavar="metavar.report", help="help.opt.for")
@option("--issuer", "issuers", multiple=True, metavar="metavar.name", help="help.opt.issuers")
@option("--from", "start", type=DATE, help="help.opt.from")
@option("--to", "end", type=DATE, help="help.opt.to")
@option("--program", metavar="metavar.code", help="help.opt.program")
@option("--subproject", "subprojects", multiple=True, metavar="metavar.code", help="help.opt.subprojects")
@option("--format", "fmt", type=click.Choice(["md", "text", "json", "docx"]), default="md", show_default=True,
        help="help.opt.format")
@option("--layout", type=click.Choice(["list", "table"]), default="list", show_default=True,
        help="help.opt.layout")
@option("--group-by", type=click.Choice(["year", "project"]), help="help.opt.group-by")
@option("--heading-suffix", metavar="metavar.text", help="help.opt.heading-suffix")
@option("-o", "--output", type=click.Path(dir_okay=False), metavar="metavar.file", help="help.opt.output")
def appendix(registry_path: str | None, report: str | None, issuers: tuple[str, ...], start: _dt.date | None,
             end: _dt.date | None, program: str | None, subprojects: tuple[str, ...], fmt: str, layout: str,
             group_by: str | None, heading_suffix: str | None, output: str | None) -> None:
    from ..render.appendix import build_appendix

    registry = _load(registry_path)
    result = build_appendix(registry, report=report, issuers=issuers, start=start, end=end, program=program,
                            subprojects=subprojects, heading_suffix=heading_suffix)
    if fmt == "docx":
        from ..render.word import appendix_docx_bytes

        if not output:
            raise click.UsageError(t("cli.docx-needs-output"))
        write_atomic(output, appendix_docx_bytes(result, registry, layout=layout, group_by=group_by))
        click.echo(t("cli.written-documents", file=output, count=len(result.documents)))
        return
    text = result.render(fmt)
    if output:
        write_atomic(output, text)
    else:
        _echo(text, nl=False)


# --- validate / list -----------------------------------------------------------------------------------
@command(main, "validate")
@registry_option
def validate(registry_path: str | None) -> None:
    registry = _load(registry_path)
    click.echo(t("cli.valid", file=registry.path, documents=len(registry), issuers=len(registry.issuers)))


@command(main, "init")
@argument("name", metavar="metavar.name")
@option("--level", type=click.Choice(["xã", "tỉnh"]), required=True, help="help.opt.init-level")
@option("--province", metavar="metavar.name", help="help.opt.init-province")
@option("--since", type=_Date(), default="2025-07-01", show_default=True, help="help.opt.init-since")
@option("--program", "programs", multiple=True, metavar="metavar.code", help="help.opt.init-program")
@option("--communes", is_flag=True, help="help.opt.init-communes")
@option("-o", "--output", default="vanban.yaml", show_default=True, metavar="metavar.path", help="help.opt.init-output")
@option("--force", is_flag=True, help="help.opt.force")
def init(name: str, level: str, province: str | None, since: _dt.date, programs: tuple[str, ...], communes: bool,
         output: str, force: bool) -> None:
    from ..programs import available_programs, load_program
    from ..registry.load import parse_registry
    from ..registry.places import province_places
    from ..registry.starter import StarterLocality, starter_registry

    if level == "xã" and not province:
        _fail(t("cli.init-needs-province"))
    today = _dt.date.today()
    if not programs:  # the packaged programs that run during the locality's life
        programs = tuple(code for code in available_programs() if load_program(code).end >= since)
    places = province_places(province or name).communes if communes and level == "tỉnh" else ()
    text = starter_registry(StarterLocality(name=name, level=level, programs=programs, province=province,
                                            valid_from=since, communes=places), today=today, lang=current_lang())
    target = Path(output)
    if target.exists() and not force:
        _fail(t("cli.init-exists", path=output))
    registry = parse_registry(text, filename=output, path=target)  # what is written must validate
    write_atomic(target, text)
    click.echo(t("cli.init-written", path=output, issuers=len(registry.issuers)))


@command(main, "list")
@registry_option
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="help.opt.format")
def list_documents(registry_path: str | None, fmt: str) -> None:
    from ..render.appendix import sort_key

    registry = _load(registry_path)
    docs = sorted(registry.documents, key=sort_key)
    if fmt == "json":
        _echo_json([{"id": d.id, "citation": registry.citation(d, with_title=False).format(), "line": d.line}
                    for d in docs])
        return
    width = max((len(d.id) for d in docs), default=0)
    for doc in docs:
        _echo(f"{doc.id:<{width}}  {registry.citation(doc, with_title=False).format()}")


# --- add ---------------------------------------------------------------------------------------------------
@command(main, "add")
@registry_option
@argument("citation", metavar="metavar.citation")
@option("--issuer", metavar="metavar.name", help="help.opt.add-issuer")
@option("--title", metavar="metavar.text", help="help.opt.title")
@option("--subproject", "subprojects", multiple=True, metavar="metavar.code", help="help.opt.subprojects")
@option("--implements", "implements", multiple=True, metavar="metavar.ref", help="help.opt.implements")
@option("--dry-run", is_flag=True, help="help.opt.dry-run")
def add(registry_path: str | None, citation: str, issuer: str | None, title: str | None,
        subprojects: tuple[str, ...], implements: tuple[str, ...], dry_run: bool) -> None:
    from ..cite.find import parse_citation
    from ..registry.edit import NewDocument, propose
    from ..registry.folder import writable_file
    from ..registry.model import RelationType

    registry = _load(registry_path)
    parsed = parse_citation(citation)
    issuer_name = issuer or parsed.issuer or registry.locality.issuer
    if not issuer_name:
        _fail(t("cli.needs-issuer"))
    if parsed.date is None:
        _fail(t("cli.needs-date"))
    issuer_key = registry.find_issuer(issuer_name, parsed.date).key
    writable_file(registry, issuer_key)
    document = NewDocument(
        code=parsed.code, date=parsed.date, issuer=issuer_key, kind=parsed.kind,
        title=title or parsed.title, subprojects=subprojects,
        relations=tuple((RelationType.IMPLEMENTS, ref) for ref in implements),
    )
    change = propose(registry, [document])
    if change.intake.existing or change.intake.near or change.intake.ambiguous:
        _print_change(change, dry_run=True)
        sys.exit(2)
    if dry_run:
        click.echo(change.diff, nl=False)
        return
    change.save()
    click.echo(change.added[0])


# --- check / coverage / due ----------------------------------------------------------------------------
def _rule_list(values: tuple[str, ...]) -> list[str] | None:
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return items or None


#: the window of "due soon" (days) when --within is not given: also what coverage's kept text is filed under
WITHIN = 30


def _analysis(registry_path: str | None, as_of: _dt.date | None, period: Period | None = None, within: int = WITHIN,
              *, lenient: bool = False) -> Analysis:
    from ..check.analysis import analyse

    return analyse(_load(registry_path, lenient=lenient), as_of=as_of, period=period, within=within)


as_of_option = option("--as-of", type=DATE, metavar="metavar.date", help="help.opt.as-of")
period_option = option("--period", type=PERIOD, metavar="metavar.period", help="help.opt.period")
within_option = option("--within", type=click.IntRange(0, 3660), default=WITHIN, show_default=True,
                       metavar="metavar.days", help="help.opt.within")
fail_level_option = option("--fail-level", type=click.Choice(["error", "warning", "never"]), default="error",
                           show_default=True, help="help.opt.fail-level")


@command(main, "check")
@registry_option
@as_of_option
@period_option
@option("--select", multiple=True, metavar="metavar.rules", help="help.opt.select")
@option("--ignore", multiple=True, metavar="metavar.rules", help="help.opt.ignore")
@within_option
@option("--format", "fmt", type=click.Choice(list(CHECK_FORMATS)), default="text", show_default=True,
        help="help.opt.format")
@fail_level_option
@option("--exit-zero", is_flag=True, help="help.opt.exit-zero")
@by_option
@lang_option
def check(registry_path: str | None, as_of: _dt.date | None, period: Period | None, select: tuple[str, ...],
          ignore: tuple[str, ...], within: int, fmt: str, fail_level: str, exit_zero: bool, by: str | None) -> None:
    if by is not None and fmt not in ("text", "json"):
        _fail(t("cli.by-commune-formats"))
    lang, chosen, left_out = current_lang(), _rule_list(select), _rule_list(ignore)
    printed, status = _kept_or_made(
        _registry_path(registry_path), as_of or _dt.date.today(), period, within,
        fmt if by is None else f"{fmt} --by {by}",
        lambda analysis: _check_text(analysis.check(chosen, left_out, progress=progress_for(lang)),
                                     analysis if by is not None else None, fmt, lang, chosen, left_out),
        select=chosen, ignore=left_out,
        # the findings alone are printed from kept findings; the province's view needs the registry
        from_findings=(lambda report: _check_text(report, None, fmt, lang)) if by is None else None)
    _echo(printed, nl=False)
    assert status is not None  # (a check keeps its findings)
    sys.exit(0 if exit_zero else status(fail_level))


def _kept_or_made(path: str, day: _dt.date, period: Period | None, within: int, name: str,
                  make: Callable[[Analysis], str], *, select: list[str] | None = None,
                  ignore: list[str] | None = None, from_findings: Callable[[CheckReport], str] | None = None,
                  lenient: bool = True, start_entry: bool = True) -> tuple[str, Callable[[str], int] | None]:
    """What a command prints (or writes) from the findings of a registry, kept in the findings cache
    (check/reportcache.py) under *name* and the language of the run: given again, with nothing
    loaded, while nothing the findings depend on has changed. Else it is made — by *from_findings*
    from kept findings when it can be, else by *make* from the analysis, kept findings sparing the
    rules — and kept for next time: beside the kept findings or, when there are none and
    *start_entry*, in a new entry with the findings. Returns the text and, when the findings are
    known, the exit status for a --fail-level."""
    from ..check.reportcache import kept_findings, remember_report, report_key

    lang = current_lang()
    key = report_key(path, day, period, within, select, ignore)
    kept = kept_findings(key, path)
    text = kept.text(name, lang) if kept is not None else None
    if kept is not None and text is not None:
        return text, kept.exit_code
    report = kept.report() if kept is not None else None
    if report is not None and from_findings is not None:
        text = from_findings(report)
    else:
        analysis = _analysis(path, day, period, within, lenient=lenient)
        if report is not None:
            analysis.adopt(report, select, ignore)
        text = make(analysis)
    if kept is not None and report is not None:
        kept.keep_text(name, lang, text)
    elif start_entry:
        report = analysis.check(select, ignore)
        remember_report(key, path, analysis.registry, report, {(name, lang): text})
    if report is None:
        return text, None
    from ..check.analysis import exit_code

    return text, functools.partial(exit_code, report)


def _check_text(report: CheckReport, analysis: Analysis | None, fmt: str, lang: str,
                select: list[str] | None = None, ignore: list[str] | None = None) -> str:
    """What `check` prints: the findings in *fmt*, or — given the *analysis* — the province's view
    of them by commune (text or JSON)."""
    from ..check.output import by_commune_text, render as render_check

    if analysis is None:
        return render_check(report, fmt, lang)
    from ..check.province import province_view

    view = province_view(analysis, select=select, ignore=ignore)
    if fmt == "json":
        return json_text({**view.to_dict(analysis.registry, lang), "summary": report.summary(),
                           "notes": [n.render(lang) for n in report.notes]})
    return by_commune_text(view, analysis.registry, report, lang)


@command(main, "coverage")
@registry_option
@as_of_option
@period_option
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="help.opt.format")
@by_option
def coverage(registry_path: str | None, as_of: _dt.date | None, period: Period | None, fmt: str,
             by: str | None) -> None:
    # kept beside the findings of the same day when a check kept some (the same entry, the default
    # window); every reference resolved before anything is printed, as before
    lang = current_lang()
    printed, _ = _kept_or_made(_registry_path(registry_path), as_of or _dt.date.today(), period, WITHIN,
                               f"coverage {fmt}" + (f" --by {by}" if by else ""),
                               lambda analysis: _coverage_text(analysis, fmt, by, lang),
                               lenient=False, start_entry=False)
    _echo(printed, nl=False)


def _coverage_text(analysis: Analysis, fmt: str, by: str | None, lang: str) -> str:
    """What `coverage` prints: each program's sub-project × year matrix, or the province's communes."""
    from ..render.text import coverage_table, province_table

    if by == "commune":
        from ..check.province import province_view

        view = province_view(analysis)
        if fmt == "json":
            return json_text(view.to_dict(analysis.registry, lang))
        return province_table(analysis.registry, view, lang)
    if fmt == "json":
        return json_text([{"program": m.program.code, "closed": m.closed, "years": list(m.years), "cells": [
            {"unit": c.unit, "year": c.year, "state": c.state.value, "plans": list(c.plans), "others": list(c.others),
             "reason": c.reason_text(lang)} for c in m.cells.values()]} for m in analysis.coverage])
    return "".join(coverage_table(analysis.registry, matrix, lang) + "\n" for matrix in analysis.coverage)


@command(main, "due")
@registry_option
@as_of_option
@within_option
@option("--all", "show_all", is_flag=True, help="help.opt.all")
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="help.opt.format")
def due(registry_path: str | None, as_of: _dt.date | None, within: int, show_all: bool, fmt: str) -> None:
    from ..check.deadlines import DeadlineState
    from ..render.text import due_table

    analysis = _analysis(registry_path, as_of, within=within)
    items = analysis.due
    limit = analysis.as_of + _dt.timedelta(days=within)
    if not show_all:
        items = [i for i in items if i.state is DeadlineState.OPEN and i.due <= limit]
    if fmt == "json":
        _echo_json([{"due": i.due.isoformat(), "what": i.what, "owed_by": i.owed_by, "state": i.state.value,
                     "document": i.source_doc, "obligation": i.obligation, "unit": i.unit,
                     "fulfilled_by": i.fulfilled_by, "verified": i.verified} for i in items])
        return
    _echo(due_table(analysis.registry, items, analysis.as_of, current_lang()), nl=False)


@command(main, "verify")
@registry_option
@argument("report", metavar="metavar.report-file")
@as_of_option
@option("--format", "fmt", type=click.Choice(list(CHECK_FORMATS)), default="text", show_default=True,
        help="help.opt.format")
@fail_level_option
@option("--exit-zero", is_flag=True, help="help.opt.exit-zero")
def verify(registry_path: str | None, report: str, as_of: _dt.date | None, fmt: str, fail_level: str,
           exit_zero: bool) -> None:
    from ..check.analysis import exit_code
    from ..check.output import render as render_check
    from ..io.sources import read_text_source

    from ..check.verify import verify_text

    registry = _load(registry_path)
    result = verify_text(registry, read_text_source(report), name=report, as_of=as_of)
    _echo(render_check(result, fmt, current_lang()), nl=False)
    sys.exit(0 if exit_zero else exit_code(result, fail_level))


# --- tree / show / issuers -----------------------------------------------------------------------------------
@command(main, "tree")
@registry_option
@argument("document", required=False, metavar="metavar.document")
def tree(registry_path: str | None, document: str | None) -> None:
    from ..render.tree import tree_heading, tree_lines

    registry = _load(registry_path)
    start = registry.resolve(document) if document else None
    _echo(tree_heading(registry, current_lang()) + "\n")
    for line in tree_lines(registry, start, lang=current_lang()):
        _echo(line)


@command(main, "show")
@registry_option
@argument("document", metavar="metavar.document")
@as_of_option
@option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help="help.opt.format")
def show(registry_path: str | None, document: str, as_of: _dt.date | None, fmt: str) -> None:
    from ..check.deadlines import DeadlineState
    from ..registry.model import level_label
    from ..render.tree import document_facts

    analysis = _analysis(registry_path, as_of)
    registry = analysis.registry
    facts = document_facts(registry, registry.resolve(document), due=analysis.due)
    if fmt == "json":
        _echo_json(facts)
        return
    _echo(facts["citation"])
    for name in ("id", "file", "kind", "issuer", "period"):
        value = facts[name]
        if name == "file":
            value = f"{value}:{facts['line']}"
        elif name == "issuer":
            value = f"{value['name']} ({level_label(value['level'] or '', current_lang())})" + (
                t("show.succession", until=_dt.date.fromisoformat(value["valid_until"]), chain=value["succession"])
                if value["succession"] else "")
        if value:
            _echo(f"  {t(f'show.{name}'):<10} {value}")
    for unit in facts["subprojects"]:
        _echo(f"  {t('show.unit'):<10} {unit['code']}: {unit['name']}")
    for link in facts["up"]:
        _echo(f"  ↑ {link['relation']:<14} {link['citation']}  [{link['id']}]")
    for link in facts["down"]:
        _echo(f"  ↓ {link['relation']:<14} {link['citation']}  [{link['id']}]")
    for item in facts["deadlines"]:
        state = DeadlineState(item["state"]).label(current_lang())
        done = f" — {item['fulfilled_by']}" if item["fulfilled_by"] else ""
        _echo(f"  ⏰ {item['due']} {state}: {item['what']}{done}")


@command(main, "issuers")
@registry_option
def issuers(registry_path: str | None) -> None:
    from ..registry.model import level_label
    from ..render.tree import sorted_issuers

    registry = _load(registry_path)
    width = max((len(i.key) for i in registry.issuers.values()), default=0)
    for issuer in sorted_issuers(registry):
        until = t("cli.until", date=issuer.valid_until) if issuer.valid_until else ""
        since = t("cli.since", date=issuer.valid_from) if issuer.valid_from else ""
        carriers = ", ".join(registry.issuer_name(c.key) for c, _ in registry.successors(issuer.key)) \
            if issuer.valid_until else ""
        after = f" → {carriers}" if carriers else ""
        _echo(f"{issuer.key:<{width}}  {level_label(issuer.level, current_lang()):<10} "
                   f"{issuer.display_name}{since}{until}{after}")


@command(main, "report")
@registry_option
@option("-o", "--output", required=True, type=click.Path(dir_okay=False), metavar="metavar.file",
        help="help.opt.html-output")
@as_of_option
@period_option
@within_option
@lang_option
def report(registry_path: str | None, output: str, as_of: _dt.date | None, period: Period | None,
           within: int) -> None:
    lang = current_lang()

    def make(analysis: Analysis) -> str:
        from ..render.html import render_dashboard  # (a kept page needs none of it)

        return render_dashboard(analysis, lang=lang)

    # the page of an unchanged registry is kept beside its findings (and written again as it was);
    # else the findings kept by an earlier `check` or `report` spare the rules
    page, _ = _kept_or_made(_registry_path(registry_path), as_of or _dt.date.today(), period, within, _PAGE, make)
    write_atomic(output, page)
    click.echo(output)


#: the name of the HTML page among the texts kept with the findings (check/reportcache.py)
_PAGE = "report html"


@command(main, "export")
@registry_option
@option("--sqlite", "sqlite_file", required=True, type=click.Path(dir_okay=False), metavar="metavar.file",
        help="help.opt.sqlite")
@as_of_option
@period_option
@within_option
@lang_option
def export(registry_path: str | None, sqlite_file: str, as_of: _dt.date | None, period: Period | None,
           within: int) -> None:
    from ..io.sqlite import export_sqlite

    counts = export_sqlite(_analysis(registry_path, as_of, period, within, lenient=True), sqlite_file,
                           lang=current_lang())
    click.echo(t("export.written", file=sqlite_file, documents=counts.get("documents", 0),
                 findings=counts.get("findings", 0), deadlines=counts.get("deadlines", 0)))


# --- registers -----------------------------------------------------------------------------------------------
@main.group(cls=VGroup, help="help.register")
def register() -> None:
    pass


@command(register, "register import")
@registry_option
@argument("register_file", metavar="metavar.file")
@option("--issuer", metavar="metavar.name", help="help.opt.register-issuer")
@option("--sheet", metavar="metavar.text", help="help.opt.sheet")
@option("--dry-run", is_flag=True, help="help.opt.dry-run")
def register_import(registry_path: str | None, register_file: str, issuer: str | None, sheet: str | None,
                    dry_run: bool) -> None:
    from ..registry.folder import writable_file
    from ..io.registers import import_register

    registry = _load(registry_path)
    owner = issuer or registry.locality.issuer
    if not owner:
        _fail(t("cli.needs-issuer"))
    writable_file(registry)
    _print_change(import_register(registry, register_file, issuer=owner, sheet=sheet), dry_run=dry_run)


@command(register, "register export")
@registry_option
@argument("register_file", type=click.Path(dir_okay=False), metavar="metavar.file")
@option("--issuer", metavar="metavar.name", help="help.opt.export-issuer")
@option("--year", type=int, metavar="metavar.year", help="help.opt.year")
def register_export(registry_path: str | None, register_file: str, issuer: str | None, year: int | None) -> None:
    from ..io.registers import export_register

    registry = _load(registry_path)
    count = export_register(registry, register_file, issuer=issuer or registry.locality.issuer, year=year)
    click.echo(t("cli.written-rows", file=register_file, count=count))


# --- edXML ---------------------------------------------------------------------------------------------------
@main.group(cls=VGroup, help="help.edxml")
def edxml() -> None:
    pass


@command(edxml, "edxml import")
@registry_option
@argument("message_file", metavar="metavar.file")
@option("--issuer", "issuer_override", metavar="metavar.name", help="help.opt.edxml-issuer")
@option("--dry-run", is_flag=True, help="help.opt.dry-run")
def edxml_import(registry_path: str | None, message_file: str, issuer_override: str | None, dry_run: bool) -> None:
    from ..registry.folder import writable_file
    from ..io.edxml import import_edxml

    registry = _load(registry_path)
    writable_file(registry)
    _print_change(import_edxml(registry, message_file, issuer_override=issuer_override), dry_run=dry_run)


@command(edxml, "edxml export")
@registry_option
@argument("document", metavar="metavar.document")
@option("--to", "recipients", multiple=True, metavar="metavar.name", help="help.opt.to-recipient")
@option("-o", "--output", type=click.Path(dir_okay=False), metavar="metavar.file", help="help.opt.edxml-output")
def edxml_export(registry_path: str | None, document: str, recipients: tuple[str, ...], output: str | None) -> None:
    from ..io.edxml import write_edxml

    registry = _load(registry_path)
    data = write_edxml(registry, registry.resolve(document), to=recipients)
    if output:
        write_atomic(output, data)
    else:
        sys.stdout.buffer.write(data)

