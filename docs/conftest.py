"""Doctest set-up for the examples in docs/*.md: ROOT is the repository root."""

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _root(doctest_namespace: dict) -> None:
    doctest_namespace["ROOT"] = Path(__file__).resolve().parent.parent
