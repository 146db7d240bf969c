"""The one message catalog: every text a person reads, in Vietnamese (default) and English.

Texts live in ``data/messages.yaml`` as ``section: {id: {vi: …, en: …}}`` and are named here by
a dotted id, ``"registry.missing-field"``. Code never writes user-facing text itself: it names a
message and its parameters (:class:`Message`), and whoever prints renders it in one language.

Parameters are rendered with the message: a nested :class:`Message` in the same language, a
date as dd/mm/yyyy, a list as "a, b, c".

>>> text("check.no-findings", "en")
'No findings.'
>>> Message("check.line").render("vi")
'dòng'
"""

from __future__ import annotations

import datetime as _dt
import enum
from functools import lru_cache
from typing import Any, Iterable, Mapping

import attrs

__all__ = ["LANGS", "DEFAULT_LANG", "Message", "text", "has_message", "message_ids", "check_lang", "render_param"]

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"


def check_lang(lang: str) -> str:
    """*lang* if it is one of :data:`LANGS`; ValueError otherwise (a programming error)."""
    if lang not in LANGS:
        raise ValueError(f"language must be one of {', '.join(LANGS)}, not {lang!r}")
    return lang


def _params(value: Mapping[str, Any] | None) -> dict[str, Any]:
    return dict(value or {})


@attrs.frozen(slots=True)
class Message:
    """A message id with its parameters, rendered in a language when it is shown."""

    id: str
    params: dict[str, Any] = attrs.field(factory=dict, converter=_params, hash=False)

    def render(self, lang: str = DEFAULT_LANG) -> str:
        return text(self.id, lang, **self.params)

    def __str__(self) -> str:
        return self.render(DEFAULT_LANG)


def render_param(value: Any, lang: str) -> Any:
    """A parameter as it is shown in *lang*."""
    if isinstance(value, Message):
        return value.render(lang)
    if isinstance(value, _dt.date):
        from .dates import format_date  # here: dates imports the errors, which import this module

        return format_date(value)
    if isinstance(value, (list, tuple)):
        return ", ".join(str(render_param(v, lang)) for v in value)
    return value


@lru_cache(maxsize=1)
def _catalog() -> dict[str, dict[str, str]]:
    from .datafiles import cached_data, read_messages  # the loader reports its own problems without this catalog

    return cached_data("messages.yaml", read_messages)


def text(msg_id: str, lang: str = DEFAULT_LANG, /, **params: Any) -> str:
    """The text of *msg_id* in *lang* with its placeholders filled.

    KeyError for an id the catalog lacks (a test keeps every id used in the code present in both
    languages).
    """
    entry = _catalog()[msg_id]
    template = entry[check_lang(lang)]
    if not params:
        return template
    return template.format(**{name: render_param(value, lang) for name, value in params.items()})


def has_message(msg_id: str) -> bool:
    return msg_id in _catalog()


def message_ids(prefix: str = "") -> list[str]:
    """Every id of the catalog (that starts with *prefix*), sorted."""
    return sorted(i for i in _catalog() if i.startswith(prefix))


def join(messages: Iterable[Message], lang: str, sep: str = "\n") -> str:
    return sep.join(m.render(lang) for m in messages)


class ShownState(str, enum.Enum):
    """A state shown to users as a word from the catalog and a one-character mark (tables, the
    dashboard): a subclass names its catalog section and its marks in ``catalog()``."""

    @classmethod
    def catalog(cls) -> tuple[str, Mapping[str, str]]:
        raise NotImplementedError

    def label(self, lang: str = DEFAULT_LANG) -> str:
        return text(f"{self.catalog()[0]}.{self.value}", lang)

    @property
    def mark(self) -> str:
        """The one-character mark used in tables and on the dashboard."""
        return self.catalog()[1][self.value]
