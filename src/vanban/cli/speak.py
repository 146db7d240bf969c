"""The command line in the user's language: help texts, click's own messages, ours.

Every help text is a catalog id (``help.check``, ``help.opt.as-of``) shown in the language of the
run; click's own messages (usage, "Invalid value for …", "Missing argument") are looked up in
the catalog section ``click`` by their English text, so that ``vanban --lang en`` is English
and the default is Vietnamese throughout. The language is set by ``--lang`` before anything is
printed (an eager option), so ``vanban --lang en check --help`` is English too.
"""

from __future__ import annotations

import gettext
from typing import Any

import click

from ..base.messages import DEFAULT_LANG, LANGS, has_message, text

__all__ = ["current_lang", "set_lang", "t", "VArgument", "VCommand", "VGroup", "VOption", "install_click_messages"]

_state = {"lang": DEFAULT_LANG}


def current_lang() -> str:
    return _state["lang"]


def set_lang(lang: str | None) -> str:
    if lang is not None and lang in LANGS:
        _state["lang"] = lang
    return _state["lang"]


def t(msg_id: str, /, **params: Any) -> str:
    """*msg_id* in the language of the run."""
    return text(msg_id, current_lang(), **params)


def _help(value: str | None) -> str | None:
    """A help id rendered in the current language; None stays None."""
    if value is None:
        return None
    return text(value, current_lang()) if has_message(value) else value


class _CatalogHelp:
    """A ``help`` attribute given as a catalog id and read in the language of the run."""

    def __get__(self, owner: Any, kind: type | None = None) -> str | None:
        return _help(getattr(owner, "_help_id", None))

    def __set__(self, owner: Any, value: str | None) -> None:
        owner._help_id = value


class _Spoken(click.Command):
    """A command whose help is a catalog id, shown — with its --help option and the "[OPTIONS]"
    of its usage line — in the language of the run."""

    help = _CatalogHelp()

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        # click builds the --help option once and keeps it: built again, its text follows --lang
        self._help_option = None
        return super().get_help_option(ctx)

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if pieces and pieces[0] == self.options_metavar:
            pieces[0] = f"[{text('metavar.options', current_lang())}]"
        if isinstance(self, click.Group) and pieces and pieces[-1] == self.subcommand_metavar:
            pieces[-1] = f"{text('metavar.command', current_lang())} [{text('metavar.args', current_lang())}]..."
        return pieces


class VCommand(_Spoken):
    pass


class VGroup(_Spoken, click.Group):
    command_class = VCommand
    group_class = type  # subgroups: the class of the parent (click's convention)


def _metavar(param: click.Parameter, ctx: click.Context) -> str:
    """A metavar given as a catalog id ("metavar.path"), or the type's name, in the current language."""
    metavar = param.metavar
    if metavar is None:
        metavar = param.type.get_metavar(param=param, ctx=ctx) or param.type.name.upper()
        if param.nargs != 1:
            metavar += "..."
    key = f"metavar.{metavar.lower()}" if not metavar.startswith("metavar.") else metavar
    return text(key, current_lang()) if has_message(key) else metavar


class VOption(click.Option):
    """An option whose help is a catalog id, shown in the language of the run."""

    help = _CatalogHelp()

    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(self, ctx)


class VArgument(click.Argument):
    def make_metavar(self, ctx: click.Context) -> str:
        return _metavar(self, ctx)


# --- click's own messages ----------------------------------------------------------------------
# English text as click writes it → catalog id. click formats the template itself, so the
# Vietnamese text keeps click's placeholders ({name!r}, {message} …).
CLICK_MESSAGES = {
    "Usage:": "click.usage",
    "Options": "click.options",
    "Commands": "click.commands",
    "Show this message and exit.": "click.help",
    "Show the version and exit.": "click.version",
    "%(prog)s, version %(version)s": "click.version-line",
    "Error: {message}": "click.error",
    "Try '{command} {option}' for help.": "click.try-help",
    "Invalid value for {param_hint}: {message}": "click.invalid-value-for",
    "Invalid value: {message}": "click.invalid-value",
    "Missing argument": "click.missing-argument",
    "Missing option": "click.missing-option",
    "Missing parameter": "click.missing-parameter",
    "Missing {param_type}": "click.missing-param-type",
    "Missing parameter: {param_name}": "click.missing-parameter-name",
    "Missing command.": "click.missing-command",
    "No such command {name!r}.": "click.no-such-command",
    "No such option {name!r}.": "click.no-such-option",
    "Did you mean {possibility}?": "click.did-you-mean",
    "(Did you mean one of: {possibilities}?)": "click.did-you-mean-one-of",
    "Option {name!r} requires an argument.": "click.option-needs-argument",
    "Option {name!r} requires {nargs} arguments.": "click.option-needs-arguments",
    "Option {name!r} does not take a value.": "click.option-takes-no-value",
    "Got unexpected extra argument ({args})": "click.extra-argument",
    "Got unexpected extra arguments ({args})": "click.extra-arguments",
    "{value!r} is not {choice}.": "click.not-choice",
    "{value!r} is not one of {choices}.": "click.not-one-of",
    "{value!r} is not a valid {number_type}.": "click.not-a-number",
    "{value} is not in the range {range}.": "click.not-in-range",
    "{name} {filename!r} does not exist.": "click.path-missing",
    "{name} {filename!r} is a directory.": "click.path-is-folder",
    "{name} {filename!r} is a file.": "click.path-is-file",
    "{name} {filename!r} is not writable.": "click.path-not-writable",
    "{name} {filename!r} is not readable.": "click.path-not-readable",
    "default: {default}": "click.default",
    "required": "click.required",
    "file": "click.file",
    "directory": "click.directory",
    "path": "click.path",
    "Aborted!": "click.aborted",
    "integer": "click.integer",
    "integer range": "click.integer-range",
    "text": "click.text",
}


def _gettext(message: str) -> str:
    msg_id = CLICK_MESSAGES.get(message)
    if msg_id is None or current_lang() == "en":
        return message
    return text(msg_id, current_lang())


def _ngettext(singular: str, plural: str, n: int) -> str:
    return _gettext(singular if n == 1 else plural)


def install_click_messages() -> None:
    """Route click's gettext calls through the catalog (click marks its messages for gettext)."""
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if getattr(module, "_", None) is gettext.gettext or getattr(module, "_", None) is not _gettext:
            module._ = _gettext  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = _ngettext  # type: ignore[attr-defined]
