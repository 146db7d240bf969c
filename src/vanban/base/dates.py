"""Dates as clerks write them: "15/8/2022", "03/10/2022", "28.12.2021", "15-8-2022",
"ngày 15 tháng 8 năm 2022", and ISO "2022-08-15" in registries.

An impossible date ("30/02/2023") is reported, never shifted to another day.
"""

from __future__ import annotations

import datetime as _dt
import re

import attrs

from .errors import VanbanError
from .lazyre import lazy_compile

__all__ = ["DateError", "WrittenDate", "parse_date", "format_date", "add_working_days", "DATE_RE"]


class DateError(VanbanError, ValueError):
    """A text that is not a date (``date.not-a-date``), or a date that does not exist (``date.impossible``)."""


@attrs.frozen(slots=True)
class WrittenDate:
    """A day, month and year as written; :attr:`value` is None when no such day exists."""

    day: int
    month: int
    year: int

    @property
    def value(self) -> _dt.date | None:
        try:
            return _dt.date(self.year, self.month, self.day)
        except ValueError:
            return None

    def __str__(self) -> str:
        return f"{self.day:02d}/{self.month:02d}/{self.year:04d}"


# One pattern for every written form; the separator must be the same twice ("15/8/2022",
# not "15/8-2022"). Years are four digits: "15/8/22" is too ambiguous to read as a date.
_NUMERIC = r"(?P<d>\d{1,2})\s?(?P<sep>[/.\-\u2013])\s?(?P<m>\d{1,2})\s?(?P=sep)\s?(?P<y>\d{4})"
_WORDS = r"(?P<d2>\d{1,2})\s+tháng\s+(?P<m2>\d{1,2})\s*(?:,\s*)?năm\s+(?P<y2>\d{4})"
_ISO = r"(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
DATE_RE = lazy_compile(rf"(?:{_NUMERIC}|{_WORDS}|{_ISO})(?!\d)", re.IGNORECASE)
_FULL = re.compile(rf"\s*(?:ngày\s+)?(?:{_NUMERIC}|{_WORDS}|{_ISO})\s*", re.IGNORECASE)


def written_date_from_match(match: re.Match[str], prefix: str = "") -> WrittenDate:
    """The date of a match of DATE_RE, or of a pattern that embeds its groups (with *prefix*)."""
    p = prefix
    day, month, year = match.group(p + "d", p + "m", p + "y")
    if day is None:
        day, month, year = match.group(p + "d2", p + "m2", p + "y2")
    if day is None:
        day, month, year = match.group(p + "d3", p + "m3", p + "y3")
    return WrittenDate(int(day), int(month), int(year))


def read_date(text: str) -> WrittenDate:
    """Read a written date without judging it; raise DateError if the text is no date form."""
    match = _FULL.fullmatch(text.replace("\u00a0", " "))
    if match is None:
        raise DateError("date.not-a-date", value=text)
    return written_date_from_match(match)


def parse_date(text: str | _dt.date) -> _dt.date:
    """Parse a date in any written form; raise DateError for a non-date or impossible day.

    >>> parse_date("ngày 15 tháng 8 năm 2022")
    datetime.date(2022, 8, 15)
    >>> parse_date("28.12.2021")
    datetime.date(2021, 12, 28)
    """
    if not isinstance(text, (str, _dt.date)):
        raise DateError("date.not-a-date", value=repr(text)[:80])
    if isinstance(text, _dt.date):
        return text
    written = read_date(text)
    value = written.value
    if value is None:
        raise DateError("date.impossible", value=str(written))
    return value


def format_date(value: _dt.date) -> str:
    """The canonical written form: "20/02/2023"."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"


def add_working_days(day: _dt.date, count: int) -> _dt.date:
    """The day *count* working days after *day*, Saturdays and Sundays skipped (public holidays are
    not known here: a deadline counted this way may fall a day or two early)."""
    from dateutil.rrule import DAILY, FR, MO, TH, TU, WE, rrule  # here: most commands count no working days

    if count <= 0:
        return day
    start = _dt.datetime.combine(day + _dt.timedelta(days=1), _dt.time())
    return rrule(DAILY, dtstart=start, byweekday=(MO, TU, WE, TH, FR), count=count)[-1].date()
