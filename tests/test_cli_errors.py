"""Bad input on the command line: a clear message, exit status 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.cli import main

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = str(ROOT / "data" / "registry.yaml")


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--registry", REGISTRY, "-o", "/nonexistent-folder/x.html", "--as-of", "2023-11-17"],
        ["appendix", "--registry", REGISTRY, "-o", "/nonexistent-folder/x.md"],
        ["appendix", "--registry", REGISTRY, "--format", "docx", "-o", "/nonexistent-folder/x.docx"],
        ["register", "export", "--registry", REGISTRY, "/nonexistent-folder/x.xlsx"],
        ["edxml", "export", "--registry", REGISTRY, "733/BC-UBND", "-o", "/nonexistent-folder/x.xml"],
    ],
)
def test_unwritable_output_is_a_clear_error(args):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "/nonexistent-folder" in result.output
    assert "kiểm tra đường dẫn" in result.output


def test_unknown_issuer_in_appendix_names_the_issuer():
    result = CliRunner().invoke(main, ["appendix", "--registry", REGISTRY, "--issuer", "Sở Không Có"])
    assert result.exit_code == 2
    assert "không có cơ quan ban hành 'Sở Không Có'" in result.output


def test_unknown_subproject_in_appendix_is_an_error_not_an_empty_list():
    result = CliRunner().invoke(main, ["appendix", "--registry", REGISTRY, "--subproject", "DA99"])
    assert result.exit_code == 2
    assert "'DA99' không phải mã dự án, tiểu dự án của giam-ngheo-2021-2025" in result.output


def test_project_code_selects_its_subprojects():
    result = CliRunner().invoke(main, ["appendix", "--registry", REGISTRY, "--subproject", "da6", "--format", "json"])
    assert result.exit_code == 0
    assert "125/KH-UBND" in result.output and "1370/UBND-VX" in result.output  # DA6-TDA2 and DA6-TDA1
    assert "1566/QĐ-UBND" not in result.output
