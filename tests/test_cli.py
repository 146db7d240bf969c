"""Tests for the `vanban` command: extract (json, yaml, text, stdin, --explain), errors, list, --lang."""

from __future__ import annotations

import io
import json
import re
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from ruamel.yaml import YAML

from vanban import find_citations
from vanban.cli import main
from vanban.base.text import nfc

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
REGISTRY = ROOT / "data" / "registry.yaml"
KEYS = {"kind", "number", "symbol", "year", "date", "issuer", "title", "raw", "start", "end"}


def run(*args: str, input: str | bytes | None = None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture(scope="module")
def seed_text() -> str:
    return nfc(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def seed_json():
    result = run("extract", str(SEED), "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- extract --format json -----------------------------------------------------------------------
def test_extract_json_shape(seed_json):
    assert isinstance(seed_json, list)
    assert len(seed_json) == 51
    for row in seed_json:
        assert KEYS <= set(row), row
        assert isinstance(row["number"], str)
        assert isinstance(row["symbol"], str)
        assert row["year"] is None or isinstance(row["year"], int)
        assert isinstance(row["start"], int) and isinstance(row["end"], int)
        assert isinstance(row["kind"], str) and " " in row["kind"]  # full name, not "QĐ"


def test_extract_json_offsets(seed_json, seed_text):
    for row in seed_json:
        assert seed_text[row["start"] : row["end"]] == row["raw"]


def test_extract_json_matches_library(seed_json, seed_text):
    found = find_citations(seed_text)
    assert [(r["number"], r["symbol"], r["start"]) for r in seed_json] == [(c.number, c.symbol, c.start) for c in found]


def test_extract_json_values(seed_json):
    by_symbol = {}
    for row in seed_json:
        by_symbol.setdefault((row["number"], row["symbol"]), row)
    cv = by_symbol[("2101", "SNV-TĐKT")]
    assert cv["kind"] == "Công văn"
    assert cv["date"] == "2023-11-07"
    assert cv["issuer"] == "Sở Nội vụ"
    assert cv["title"].startswith("về việc thực hiện sơ kết")
    assert cv["year"] is None
    nq = by_symbol[("26", "NQ-HĐND")]
    assert (nq["kind"], nq["year"], nq["date"]) == ("Nghị quyết", 2022, "2022-11-11")
    party = by_symbol[("1631", "QĐ/HU")]
    assert party["kind"] == "Quyết định"
    assert party["issuer"] == "Ban Thường vụ Huyện ủy Bình Sơn"
    assert by_symbol[("08", "KH/BTV")]["number"] == "08"
    header = by_symbol[("733", "BC-UBND")]
    assert header["date"] == "2023-11-17"  # from the header's "Bình Sơn, ngày 17 tháng 11 năm 2023"
    assert header["issuer"] is None and header["title"] is None
    typo = by_symbol[("116", "KHH-UBND")]
    assert typo["kind"] == "Kế hoạch"
    assert by_symbol[("1819", "UBND-VX")]["raw"].startswith("Công văn số 1819 /UBND-VX")


# --- other formats -------------------------------------------------------------------------------
def test_extract_yaml(seed_json):
    result = run("extract", str(SEED), "--format", "yaml")
    assert result.exit_code == 0, result.output
    rows = YAML(typ="safe").load(io.StringIO(result.stdout))
    assert isinstance(rows, list)
    assert len(rows) == len(seed_json)
    for row, expected in zip(rows, seed_json):
        assert KEYS <= set(row)
        for name in ("kind", "number", "symbol", "year", "issuer", "title", "raw", "start", "end"):
            assert row[name] == expected[name], name
        assert (str(row["date"]) if row["date"] is not None else None) == expected["date"]
    assert rows[0]["number"] == "733"  # a string, not the integer 733


def test_extract_text(seed_text):
    result = run("extract", str(SEED), "--format", "text")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 51
    pattern = re.compile(rf"^{re.escape(str(SEED))}:(\d+):(\d+): (.+)$")
    found = find_citations(seed_text)
    for line, c in zip(lines, found):
        m = pattern.match(line)
        assert m, line
        row, col = int(m.group(1)), int(m.group(2))
        line_start = seed_text.rfind("\n", 0, c.start) + 1
        assert row == seed_text.count("\n", 0, c.start) + 1
        assert col == c.start - line_start + 1
        assert c.code in m.group(3)
    assert any(line.endswith("Công văn số 2101/SNV-TĐKT ngày 07/11/2023 của Sở Nội vụ về việc thực hiện sơ kết "
                              "phong trào thi đua: “Quảng Ngãi chung sức xây dựng nông thôn mới” và “Quảng Ngãi vì "
                              "người nghèo - Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025") for line in lines)


def test_extract_text_is_default():
    assert run("extract", str(SEED)).stdout == run("extract", str(SEED), "--format", "text").stdout


def test_extract_stdin():
    text = "Thực hiện Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện về việc thực hiện Chương trình."
    result = run("extract", "-", "--format", "json", input=text)
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert row["kind"] == "Kế hoạch"
    assert row["number"] == "36"
    assert row["symbol"] == "KH-UBND"
    assert row["date"] == "2023-02-20"
    assert row["issuer"] == "UBND huyện"
    assert row["title"] == "về việc thực hiện Chương trình"
    assert text[row["start"] : row["end"]] == row["raw"]


def test_extract_stdin_nfd_offsets_are_nfc():
    plain = "Căn cứ Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của Ủy ban nhân dân tỉnh"
    result = run("extract", "-", "--format", "json", input=unicodedata.normalize("NFD", plain).encode("utf-8"))
    assert result.exit_code == 0, result.output
    (row,) = json.loads(result.stdout)
    assert plain[row["start"] : row["end"]] == row["raw"]
    assert row["issuer"] == "Ủy ban nhân dân tỉnh"


def test_extract_stdin_text_format():
    result = run("extract", "-", input="a\nb Nghị quyết số 26/2022/NQ-HĐND và 27/2022/NQ-HĐND ngày 11/11/2022\n")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("-:2:3: Nghị quyết số 26/2022/NQ-HĐND ngày 11/11/2022")
    assert lines[1].startswith("-:2:")
    assert "27/2022/NQ-HĐND ngày 11/11/2022" in lines[1]


def test_extract_nothing_found():
    result = run("extract", "-", "--format", "json", input="21 xã, 182.672 người, 1,5 triệu đồng")
    assert result.exit_code == 0
    assert json.loads(result.stdout) == []


def test_extract_several_files(tmp_path):
    a = tmp_path / "a.md"
    b = tmp_path / "b.txt"
    a.write_text("Kế hoạch số 36/KH-UBND ngày 20/02/2023\n", encoding="utf-8")
    b.write_text("xx\nChỉ thị số 20-CT/HU ngày 10/11/2023 của Huyện ủy\n", encoding="utf-8")
    result = run("extract", str(a), str(b), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(r["number"], r["symbol"]) for r in rows] == [("36", "KH-UBND"), ("20", "CT/HU")]
    assert rows[1]["issuer"] == "Huyện ủy"


# --- --explain -----------------------------------------------------------------------------------
def test_extract_explain_shows_context(seed_text):
    result = run("extract", "--explain", str(SEED))
    assert result.exit_code == 0, result.output
    out = result.stdout
    # each citation in its context, marked
    assert "Thực hiện [[Công văn số 2101/SNV-TĐKT ngày 07/11/2023 của Sở Nội vụ]] về việc thực hiện" in out
    assert "[[Kế hoạch số 116/KHH-UBND ngày 07/9/2022]]" in out
    # with what was read from it
    assert "Sở Nội vụ" in out
    assert "2023-11-07" in out
    assert "KHH" in out
    assert out.count("[[") == 51


def test_extract_explain_stdin_fields():
    text = "Theo Kế hoạch số 116/KHH-UBND ngày 30/02/2023 của UBND huyện về việc thực hiện."
    result = run("extract", "--explain", "-", input=text)
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "-:1:6" in out
    assert "Theo [[Kế hoạch số 116/KHH-UBND ngày 30/02/2023 của UBND huyện]] về việc thực hiện" in out
    assert "30/02/2023" in out  # the impossible date is shown as written
    assert "KHH" in out
    assert "UBND huyện" in out


def test_extract_explain_lang_en():
    text = "Theo Kế hoạch số 116/KHH-UBND ngày 30/02/2023 của UBND huyện."
    vi = run("extract", "--explain", "-", input=text).stdout
    en = run("--lang", "en", "extract", "--explain", "-", input=text).stdout
    assert "impossible date" in en
    assert "unknown abbreviation" in en
    assert "issuer" in en
    assert "ngày không tồn tại" in vi
    assert "ngày không tồn tại" not in en


# --- errors --------------------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".pdf", ".doc", ".docx"])
def test_extract_unsupported_format(tmp_path, suffix):
    path = tmp_path / f"bao-cao{suffix}"
    path.write_bytes(b"%PDF-1.4 binary \x00\xff")
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(path) in result.output
    assert suffix in result.output
    assert ".txt" in result.output and ".md" in result.output  # what to do


def test_extract_missing_file(tmp_path):
    path = tmp_path / "khong-co.md"
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert str(path) in result.output
    assert "not found" in result.output or "không tìm thấy" in result.output


def test_extract_not_utf8(tmp_path):
    path = tmp_path / "cu.txt"
    path.write_bytes("Kế hoạch số 36/KH-UBND".encode("utf-16"))
    result = run("extract", str(path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert "UTF-8" in result.output


def test_extract_a_folder(tmp_path):
    result = run("extract", str(tmp_path))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_extract_needs_a_file():
    result = run("extract")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_extract_bad_format_option():
    result = run("extract", str(SEED), "--format", "pdf")
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- list ----------------------------------------------------------------------------------------
def test_list_shows_ids():
    result = run("list", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) == 50
    ids = [line.split()[0] for line in lines]
    for doc_id in ("ubnd-binh-son/2023/36-kh-ubnd", "huyen-uy-binh-son/2023/1631-qd-hu",
                   "hdnd-tinh-quang-ngai/2022/26-nq-hdnd", "ubnd-binh-son/2023/733-bc-ubnd"):
        assert doc_id in ids
    line = next(line for line in lines if line.startswith("ubnd-binh-son/2023/36-kh-ubnd "))
    assert "Kế hoạch số 36/KH-UBND ngày 20/02/2023" in line


def test_list_json():
    result = run("list", "--registry", str(REGISTRY), "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 50
    assert {"id", "citation"} <= set(rows[0])
    assert len({r["id"] for r in rows}) == 50


def test_list_uses_vanban_registry_env(tmp_path, monkeypatch):
    monkeypatch.setenv("VANBAN_REGISTRY", str(REGISTRY))
    monkeypatch.chdir(tmp_path)
    result = run("list")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 50


def test_list_missing_registry(tmp_path):
    result = run("list", "--registry", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_validate_ok():
    result = run("validate", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    assert "50 văn bản, 37 cơ quan" in result.output  # 22 former communes, 5 new ones, the new province
    en = run("--lang", "en", "validate", "--registry", str(REGISTRY))
    assert en.exit_code == 0
    assert "50 documents, 37 issuers" in en.output


# --- --lang --------------------------------------------------------------------------------------
def test_lang_en_messages(tmp_path):
    missing = str(tmp_path / "none.yaml")
    vi = run("list", "--registry", missing)
    en = run("--lang", "en", "list", "--registry", missing)
    assert vi.exit_code == en.exit_code == 2
    assert "không tìm thấy" in vi.output
    assert "not found" in en.output
    assert "không tìm thấy" not in en.output


def test_lang_en_no_citations_message():
    result = run("--lang", "en", "extract", "-", input="21 xã")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "no citations found" in result.output


def test_lang_rejects_unknown():
    result = run("--lang", "fr", "list", "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_help_and_version():
    assert run("--help").exit_code == 0
    version = run("--version")
    assert version.exit_code == 0
    assert "vanban" in version.output


def test_the_script_ends_without_losing_output_or_its_exit_status(tmp_path):
    """`vanban` (and `python -m vanban`) end with os._exit after the command: the output is whole,
    the exit status the command's, an error still a message and 2."""
    import os
    import subprocess
    import sys

    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    listed = subprocess.run([sys.executable, "-m", "vanban", "list", "--format", "json", "--registry", str(REGISTRY)],
                            capture_output=True, text=True, env=env, timeout=120)
    assert listed.returncode == 0 and listed.stderr == ""
    assert len(json.loads(listed.stdout)) == len(json.loads(CliRunner().invoke(
        main, ["list", "--format", "json", "--registry", str(REGISTRY)]).output))
    checked = subprocess.run([sys.executable, "-m", "vanban", "check", "--as-of", "2023-11-17", "--registry",
                              str(REGISTRY)], capture_output=True, text=True, env=env, timeout=120)
    assert checked.returncode == 1 and "VB101" in checked.stdout  # findings: exit 1
    missing = subprocess.run([sys.executable, "-m", "vanban", "show", "1/KH-UBND", "--registry",
                              str(tmp_path / "none.yaml")], capture_output=True, text=True, env=env, timeout=120)
    assert missing.returncode == 2 and "none.yaml" in missing.stderr and "Traceback" not in missing.stderr
