"""Tests for the `register` and `edxml` commands (issue 4): registers in and out, edXML in and out.

Every command that writes works on a copy of data/registry.yaml in tmp_path.
"""

from __future__ import annotations

import csv
import datetime as _dt
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.io.edxml import read_edxml
from vanban.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
EDXML = ROOT / "tests" / "data" / "edxml"
HEADER = ["Số, ký hiệu văn bản", "Ngày tháng văn bản", "Tên loại và trích yếu nội dung văn bản", "Người ký",
          "Nơi nhận văn bản", "Đơn vị, người nhận bản lưu", "Số lượng bản", "Ngày chuyển", "Ký nhận", "Ghi chú"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def binh_son_ids() -> set[str]:
    return {d.id for d in load_registry(REGISTRY).documents if d.issuer == "ubnd-binh-son"}


def write_csv(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([HEADER, *rows])
    return path


# --- register export → import ---------------------------------------------------------------------------
@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_dry_run_import_reports_all_registered(tmp_path, reg_copy, suffix):
    out = tmp_path / f"so-van-ban-di{suffix}"
    exported = run("register", "export", str(out), "--registry", str(reg_copy))
    assert exported.exit_code == 0, exported.output
    expected = binh_son_ids()
    assert len(expected) == 40
    assert f"{len(expected)} dòng" in exported.stdout
    assert out.exists() and out.stat().st_size > 0
    before = reg_copy.read_bytes()
    imported = run("register", "import", str(out), "--registry", str(reg_copy), "--dry-run")
    assert imported.exit_code == 0, imported.output
    assert reg_copy.read_bytes() == before
    lines = [line for line in imported.stdout.splitlines() if line.startswith("đã có trong sổ: ")]
    assert len(lines) == len(expected)
    assert {line.rsplit(" → ", 1)[1] for line in lines} == expected
    # nothing would change: no diff, no problem rows
    assert "+  - code" not in imported.stdout
    assert "đã thêm" not in imported.stdout
    assert imported.stderr == ""


@pytest.mark.parametrize("suffix", [".xlsx", ".csv"])
def test_export_then_import_changes_nothing(tmp_path, reg_copy, suffix):
    out = tmp_path / f"so{suffix}"
    assert run("register", "export", str(out), "--registry", str(reg_copy)).exit_code == 0
    before = reg_copy.read_bytes()
    result = run("register", "import", str(out), "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert reg_copy.read_bytes() == before


def test_export_csv_has_the_register_columns(tmp_path, reg_copy):
    out = tmp_path / "so.csv"
    assert run("register", "export", str(out), "--registry", str(reg_copy), "--year", "2023").exit_code == 0
    with out.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == HEADER
    codes = [row[0] for row in rows[1:]]
    assert "36/KH-UBND" in codes and "733/BC-UBND" in codes
    assert "1566/QĐ-UBND" not in codes  # 2022
    row36 = rows[1 + codes.index("36/KH-UBND")]
    assert row36[1] == "20/02/2023"
    assert row36[2].startswith("Kế hoạch về việc thực hiện")


def test_export_unknown_suffix_exits_2(tmp_path, reg_copy):
    result = run("register", "export", str(tmp_path / "so.ods"), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


# --- register import of a CSV with a bad row ---------------------------------------------------------------
def test_import_csv_with_impossible_date(tmp_path, reg_copy):
    register = write_csv(tmp_path / "so.csv", [
        ["201/KH-UBND", "05/12/2023", "Kế hoạch về việc rà soát hộ nghèo", "", "", "", "", "", "", ""],
        ["202/KH-UBND", "31/02/2023", "Kế hoạch về việc kiểm tra", "", "", "", "", "", "", ""],
        ["203/QĐ-UBND", "06/12/2023", "Quyết định về việc thành lập Tổ giúp việc", "", "", "", "", "", "", ""],
    ])
    result = run("register", "import", str(register), "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    # the bad row is the third line of the file (header is line 1)
    assert ":3:" in result.stderr
    assert "31/02/2023" in result.stderr
    assert "Ngày tháng văn bản" in result.stderr
    assert "201/KH-UBND" not in result.stderr and "203/QĐ-UBND" not in result.stderr
    assert "đã thêm: ubnd-binh-son/2023/201-kh-ubnd" in result.stdout
    assert "đã thêm: ubnd-binh-son/2023/203-qd-ubnd" in result.stdout
    registry = load_registry(reg_copy)
    assert registry.by_id["ubnd-binh-son/2023/201-kh-ubnd"].date == _dt.date(2023, 12, 5)
    assert registry.by_id["ubnd-binh-son/2023/203-qd-ubnd"].kind == "Quyết định"
    assert not [d for d in registry.documents if d.number == "202"]
    # the registry kept what it had
    assert reg_copy.read_text(encoding="utf-8").startswith(REGISTRY.read_text(encoding="utf-8"))


def test_import_csv_dry_run_writes_nothing(tmp_path, reg_copy):
    register = write_csv(tmp_path / "so.csv", [
        ["201/KH-UBND", "05/12/2023", "Kế hoạch về việc rà soát hộ nghèo", "", "", "", "", "", "", ""],
    ])
    before = reg_copy.read_bytes()
    result = run("register", "import", str(register), "--registry", str(reg_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert reg_copy.read_bytes() == before
    assert "+  - code: 201/KH-UBND" in result.stdout


def test_import_missing_columns_exits_2(tmp_path, reg_copy):
    bad = tmp_path / "khac.csv"
    bad.write_text("Họ tên,Địa chỉ\nA,B\n", encoding="utf-8")
    before = reg_copy.read_bytes()
    result = run("register", "import", str(bad), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert reg_copy.read_bytes() == before


# --- edXML export -------------------------------------------------------------------------------------------
def test_edxml_export_733_reads_back(tmp_path, reg_copy):
    out = tmp_path / "733.xml"
    result = run("edxml", "export", "733/BC-UBND", "-o", str(out), "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    message = read_edxml(out)
    assert f"{message.number}/{message.symbol}" == "733/BC-UBND"
    assert message.code == "733/BC-UBND"
    assert message.date == _dt.date(2023, 11, 17)
    assert message.kind == "Báo cáo"
    assert message.issuer.name == "UBND huyện Bình Sơn"
    assert message.title and message.title.startswith("Sơ kết giữa kỳ")
    assert [r.code for r in message.response_for] == ["2101/SNV-TĐKT"]
    assert message.response_for[0].date == _dt.date(2023, 11, 7)
    assert message.namespace == "http://www.mic.gov.vn/TBT/QCVN_102_2016"


def test_edxml_export_to_stdout_matches_file(tmp_path, reg_copy):
    result = run("edxml", "export", "733/BC-UBND", "--registry", str(reg_copy))
    assert result.exit_code == 0
    message = read_edxml(result.stdout_bytes)
    assert message.code == "733/BC-UBND"


def test_edxml_export_unknown_document_exits_2(tmp_path, reg_copy):
    out = tmp_path / "x.xml"
    result = run("edxml", "export", "9999/BC-UBND", "-o", str(out), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert not out.exists()


# --- edXML import -------------------------------------------------------------------------------------------
def test_edxml_import_standard_then_again(reg_copy):
    first = run("edxml", "import", str(EDXML / "standard.xml"), "--registry", str(reg_copy))
    assert first.exit_code == 0, first.output
    doc_id = "ubnd-tinh-quang-ngai/2023/5102-ubnd-kgvx"
    assert f"đã thêm: {doc_id}" in first.stdout
    registry = load_registry(reg_copy)
    doc = registry.by_id[doc_id]
    assert doc.kind == "Công văn"
    assert doc.date == _dt.date(2023, 12, 5)
    assert doc.title.startswith("về việc tổ chức sơ kết")
    after_first = reg_copy.read_bytes()
    assert after_first.decode("utf-8").startswith(REGISTRY.read_text(encoding="utf-8"))
    second = run("edxml", "import", str(EDXML / "standard.xml"), "--registry", str(reg_copy))
    assert second.exit_code == 0, second.output
    assert "đã có trong sổ" in second.stdout
    assert doc_id in second.stdout
    assert "đã thêm" not in second.stdout
    assert reg_copy.read_bytes() == after_first


def test_edxml_import_dry_run_writes_nothing(reg_copy):
    before = reg_copy.read_bytes()
    result = run("edxml", "import", str(EDXML / "standard.xml"), "--registry", str(reg_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "+  - code: 5102/UBND-KGVX" in result.stdout
    assert reg_copy.read_bytes() == before


@pytest.mark.parametrize("content", [
    b"<edXML><a>",
    b"not xml at all",
    b"<?xml version='1.0'?><edXML xmlns='http://www.mic.gov.vn/TBT/QCVN_102_2016'></edXML>",
])
def test_edxml_import_malformed_exits_2(tmp_path, reg_copy, content):
    bad = tmp_path / "hong.xml"
    bad.write_bytes(content)
    before = reg_copy.read_bytes()
    result = run("edxml", "import", str(bad), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "hong.xml" in result.output
    assert reg_copy.read_bytes() == before


def test_edxml_import_billion_laughs_exits_2(tmp_path, reg_copy):
    bomb = tmp_path / "bomb.xml"
    bomb.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>\n'
        "<edXML><MessageHeader><Subject>&lol3;</Subject></MessageHeader></edXML>\n",
        encoding="utf-8",
    )
    result = run("edxml", "import", str(bomb), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_edxml_import_missing_file_exits_2(tmp_path, reg_copy):
    result = run("edxml", "import", str(tmp_path / "khong-co.xml"), "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_import_register_same_number_next_year(tmp_path, reg_copy):
    # Numbers restart each year: 36/KH-UBND of 15/01/2024 is a new document, not the 2023 plan;
    # the registry's references to the 2023 plan must not block the import.
    register = write_csv(tmp_path / "so-2024.csv", [
        ["36/KH-UBND", "15/01/2024", "Kế hoạch thực hiện Chương trình năm 2024", "", "", "", "", "", "", ""],
    ])
    result = run("register", "import", str(register), "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert "đã thêm: ubnd-binh-son/2024/36-kh-ubnd" in result.stdout
    assert "ubnd-binh-son/2024/36-kh-ubnd" in load_registry(reg_copy).by_id
