"""The library fails one documented way: a public function given the wrong kind of argument raises
ArgumentError (a VanbanError, and a TypeError for code that caught those before), never a bare
AttributeError from deep inside; an input that is a device or a FIFO is refused, not read forever."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from vanban import (
    VanbanError, analyse, build_appendix, find_citations, load_program, load_registry, parse_citation, parse_date,
    run_check, verify_text,
)
from vanban.base.dates import DateError
from vanban.base.safety import ArgumentError
from vanban.cite.find import parse_code
from vanban.io.edxml import EdxmlError, read_edxml
from vanban.programs import CatalogError

from conftest import ROOT


@pytest.fixture(scope="module")
def registry():
    return load_registry(ROOT / "data" / "registry.yaml")


WRONG = [None, 3, b"36/KH-UBND", ["36/KH-UBND"]]


@pytest.mark.parametrize("value", WRONG)
def test_the_finder_and_parsers_refuse_what_is_not_text(value):
    for function in (find_citations, parse_citation, parse_code):
        with pytest.raises(ArgumentError) as caught:
            function(value)
        assert isinstance(caught.value, VanbanError) and isinstance(caught.value, TypeError)
        assert "'text'" in caught.value.render("en")
    with pytest.raises(DateError):
        parse_date(value)


@pytest.mark.parametrize("value", WRONG)
def test_the_registry_lookups_and_the_checks_refuse_wrong_arguments(registry, value):
    calls = [lambda: registry.resolve(value), lambda: registry.match(value), lambda: registry.find_issuer(value),
             lambda: run_check(value), lambda: analyse(registry, as_of=value or 1), lambda: verify_text(registry, value),
             lambda: verify_text(value, "x"), lambda: build_appendix(value)]
    for call in calls:
        with pytest.raises(ArgumentError):
            call()


def test_right_arguments_still_work(registry):
    assert registry.resolve("36/KH-UBND").id == "ubnd-binh-son/2023/36-kh-ubnd"
    assert analyse(registry, as_of=dt.date(2023, 11, 17)).check().findings
    assert parse_code("36/KH-UBND") == parse_citation("36/KH-UBND")


def test_a_program_file_that_is_a_device_is_refused():
    with pytest.raises(CatalogError) as caught:
        load_program("/dev/zero")
    assert caught.value.problems[0].msg_id.startswith("input.too-large")
    with pytest.raises(ArgumentError):
        load_program(None)  # type: ignore[arg-type]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_an_edxml_fifo_without_a_writer_is_not_waited_on(tmp_path: Path):
    fifo = tmp_path / "message.xml"
    os.mkfifo(fifo)
    with pytest.raises(EdxmlError):
        read_edxml(fifo)  # an empty message, at once
