"""Tests for vanban.dates: every written form, and impossible dates reported, never shifted."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from vanban import find_citations, parse_citation
from vanban.base.dates import DateError, WrittenDate, format_date, parse_date, read_date


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ngày 15/8/2022", dt.date(2022, 8, 15)),
        ("15/8/2022", dt.date(2022, 8, 15)),
        ("03/10/2022", dt.date(2022, 10, 3)),
        ("ngày 03/10/2022", dt.date(2022, 10, 3)),
        ("28.12.2021", dt.date(2021, 12, 28)),
        ("15-8-2022", dt.date(2022, 8, 15)),
        ("15\u20138\u20132022", dt.date(2022, 8, 15)),  # en dashes
        ("ngày 15 tháng 8 năm 2022", dt.date(2022, 8, 15)),
        ("15 tháng 8 năm 2022", dt.date(2022, 8, 15)),
        ("Ngày 17 tháng 11 năm 2023", dt.date(2023, 11, 17)),
        ("2022-08-15", dt.date(2022, 8, 15)),
        ("  20/02/2023  ", dt.date(2023, 2, 20)),
        ("ngày\u00a020/02/2023", dt.date(2023, 2, 20)),
        ("29/02/2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date_written_forms(text, expected):
    assert parse_date(text) == expected


def test_parse_date_accepts_a_date():
    day = dt.date(2023, 2, 20)
    assert parse_date(day) == day


@pytest.mark.parametrize("text", ["30/02/2023", "ngày 30/02/2023", "29/02/2023", "31/4/2023", "32/1/2023",
                                  "1/13/2023", "2023-02-30", "30 tháng 2 năm 2023", "0/1/2023"])
def test_parse_date_impossible_raises(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_parse_date_impossible_message_names_the_date():
    with pytest.raises(DateError, match="30/02/2023"):
        parse_date("30/02/2023")


@pytest.mark.parametrize("text", ["", "hôm qua", "15/8", "15/8/22", "15/8-2022", "2022", "tháng 3/2023", "abc 15/8/2022"])
def test_parse_date_non_dates_raise(text):
    with pytest.raises(DateError):
        parse_date(text)


def test_date_error_is_value_error():
    assert issubclass(DateError, ValueError)


def test_read_date_keeps_impossible_day_as_written():
    written = read_date("30/02/2023")
    assert written == WrittenDate(30, 2, 2023)
    assert written.value is None
    assert str(written) == "30/02/2023"


def test_format_date():
    assert format_date(dt.date(2022, 8, 15)) == "15/08/2022"
    assert format_date(dt.date(2023, 11, 17)) == "17/11/2023"


@given(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_format_then_parse_round_trip(day):
    assert parse_date(format_date(day)) == day
    assert parse_date(day.isoformat()) == day
    assert parse_date(f"ngày {day.day} tháng {day.month} năm {day.year}") == day
    assert parse_date(f"{day.day}.{day.month}.{day.year}") == day


# --- in citations --------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("Quyết định số 1566/QĐ-UBND ngày 15/8/2022", dt.date(2022, 8, 15)),
        ("Quyết định số 2017/QĐ-UBND ngày 03/10/2022", dt.date(2022, 10, 3)),
        ("Hướng dẫn số 02/HD-BTV ngày 28.12.2021", dt.date(2021, 12, 28)),
        ("Kế hoạch số 3/KH-UBND ngày 15-8-2022", dt.date(2022, 8, 15)),
        ("Quyết định số 1566/QĐ-UBND ngày 15 tháng 8 năm 2022", dt.date(2022, 8, 15)),
        ("Kế hoạch số 36/KH-UBND, ngày 20/02/2023", dt.date(2023, 2, 20)),
    ],
)
def test_dates_in_citations(text, expected):
    (citation,) = find_citations(text)
    assert citation.date == expected
    assert citation.invalid_date is None
    assert citation.raw == text  # the date is part of the citation's span


def test_impossible_date_in_citation_is_kept_not_shifted():
    text = "Kế hoạch số 5/KH-UBND ngày 30/02/2023"
    (citation,) = find_citations(text)
    assert citation.date is None
    assert citation.invalid_date == WrittenDate(30, 2, 2023)
    assert citation.raw == text
    assert citation.code == "5/KH-UBND"
    # never moved to 02/03/2023 or 28/02/2023
    assert citation.date_text == "30/02/2023"
    assert "30/02/2023" in citation.format()
    assert citation.to_dict()["date"] is None
    assert "30/02/2023" in citation.to_dict()["date_error"]


def test_impossible_date_round_trips_through_format():
    citation = parse_citation("Kế hoạch số 5/KH-UBND ngày 30/02/2023")
    assert citation.invalid_date == WrittenDate(30, 2, 2023)
    assert parse_citation(citation.format()) == citation
