"""Tests for `vanban verify` (issue 4): a report's citations checked against the registry.

The seed report (Báo cáo 733/BC-UBND) is verified against data/registry.yaml, which holds its
41-document appendix: the original passes except for the registry's own VB1xx defects, and
copies with one detail altered are caught at the altered line.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.registry import load_registry
from vanban.base.text import nfc
from vanban.check.verify import VERIFY_RULES, verify_text

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
REGISTRY = ROOT / "data" / "registry.yaml"
AS_OF = _dt.date(2023, 11, 17)
FINDING_KEYS = {"rule", "code", "severity", "document", "citation", "file", "line", "message", "suggestion"}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY, lenient_references=True)


@pytest.fixture(scope="module")
def seed() -> str:
    return nfc(SEED.read_text(encoding="utf-8"))


def line_of(text: str, needle: str) -> int:
    """1-based line of the only occurrence of *needle* in *text*."""
    assert text.count(needle) == 1, needle
    return text[: text.index(needle)].count("\n") + 1


def altered(seed: str, old: str, new: str) -> str:
    assert seed.count(old) == 1, old
    return seed.replace(old, new)


def verify(registry, text: str):
    return verify_text(registry, text, name="bao-cao.md", as_of=AS_OF)


def vb5(report) -> list:
    return [f for f in report.findings if f.code.startswith("VB5")]


def by_rule(report, rule: str) -> list:
    return [f for f in report.findings if f.rule == rule]


# --- the original report ----------------------------------------------------------------------------
def test_verify_rules_are_vb501_to_vb506():
    codes = {r.slug: r.code for r in VERIFY_RULES.values()}
    assert codes == {
        "unknown-document": "VB501", "wrong-date": "VB502", "wrong-kind": "VB503", "wrong-issuer": "VB504",
        "replaced": "VB505", "missing-from-appendix": "VB506",
    }


def test_original_seed_has_no_vb5_findings(registry, seed):
    report = verify(registry, seed)
    assert vb5(report) == [], [(f.code, f.line, f.text()) for f in vb5(report)]


def test_original_seed_shows_only_the_registrys_own_defects(registry, seed):
    report = verify(registry, seed)
    assert {f.code[:3] for f in report.findings} == {"VB1"}
    got = sorted((f.rule, f.document) for f in report.findings)
    assert got == sorted([
        ("unknown-abbreviation", "ubnd-binh-son/2022/116-khh-ubnd"),
        ("duplicate-number", "ubnd-binh-son/2023/1903-ubnd-vx"),
        ("duplicate-number", "ubnd-binh-son/2023/1903-ubnd"),
        ("missing-unit", "ubnd-binh-son/2023/1903-ubnd"),
    ])


def test_registry_defects_are_placed_at_the_citing_line(registry, seed):
    report = verify(registry, seed)
    expected_lines = {
        "ubnd-binh-son/2022/116-khh-ubnd": line_of(seed, "Kế hoạch số 116/KHH-UBND"),
        "ubnd-binh-son/2023/1903-ubnd-vx": line_of(seed, "Công văn số 1903/UBND-VX"),
        "ubnd-binh-son/2023/1903-ubnd": line_of(seed, "Công văn số 1903/UBND ngày"),
    }
    assert expected_lines["ubnd-binh-son/2022/116-khh-ubnd"] == 168
    for finding in report.findings:
        assert finding.file == "bao-cao.md"
        assert finding.line == expected_lines[finding.document], finding
    kkh = by_rule(report, "unknown-abbreviation")[0]
    assert "KH-UBND" in (kkh.hint() or "")


# --- altered copies -----------------------------------------------------------------------------------
def test_altered_date_gives_wrong_date_at_that_line(registry, seed):
    text = altered(seed, "Kế hoạch số 36/KH-UBND ngày 20/02/2023", "Kế hoạch số 36/KH-UBND ngày 21/02/2023")
    report = verify(registry, text)
    found = by_rule(report, "wrong-date")
    assert len(found) == 1
    finding = found[0]
    assert finding.code == "VB502"
    assert finding.severity.value == "error"
    assert finding.document == "ubnd-binh-son/2023/36-kh-ubnd"
    assert finding.line == line_of(text, "Kế hoạch số 36/KH-UBND ngày 21/02/2023")
    assert "20/02/2023" in finding.hint()
    assert "21/02/2023" in finding.text()
    # nothing else of the VB5xx family is raised by a changed date
    assert [f.rule for f in vb5(report)] == ["wrong-date"]


def test_altered_number_gives_unknown_document_with_nearest(registry, seed):
    text = altered(seed, "Kế hoạch số 88/KH-UBND", "Kế hoạch số 89/KH-UBND")
    report = verify(registry, text)
    unknown = by_rule(report, "unknown-document")
    assert len(unknown) == 1
    finding = unknown[0]
    assert finding.code == "VB501"
    assert finding.document is None
    assert "89/KH-UBND" in finding.citation
    assert finding.line == line_of(text, "Kế hoạch số 89/KH-UBND")
    assert "88/KH-UBND" in finding.hint()


def test_altered_number_leaves_88_missing_from_appendix(registry, seed):
    text = altered(seed, "Kế hoạch số 88/KH-UBND", "Kế hoạch số 89/KH-UBND")
    report = verify(registry, text)
    missing = by_rule(report, "missing-from-appendix")
    assert [f.document for f in missing] == ["ubnd-binh-son/2023/88-kh-ubnd"]
    assert missing[0].code == "VB506"
    assert "88/KH-UBND" in missing[0].citation


def test_wrong_kind(registry, seed):
    text = altered(seed, "Kế hoạch số 36/KH-UBND", "Quyết định số 36/KH-UBND")
    report = verify(registry, text)
    found = by_rule(report, "wrong-kind")
    assert len(found) == 1
    assert found[0].code == "VB503"
    assert found[0].document == "ubnd-binh-son/2023/36-kh-ubnd"
    assert found[0].line == line_of(text, "Quyết định số 36/KH-UBND")
    assert "Kế hoạch" in found[0].hint()


def test_wrong_issuer(registry, seed):
    text = altered(seed, "Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND tỉnh",
                   "Quyết định số 1085/QĐ-UBND ngày 15/8/2022 của UBND huyện")
    report = verify(registry, text)
    found = by_rule(report, "wrong-issuer")
    assert len(found) == 1
    assert found[0].code == "VB504"
    assert found[0].document == "ubnd-tinh-quang-ngai/2022/1085-qd-ubnd"
    assert found[0].line == line_of(text, "Quyết định số 1085/QĐ-UBND")
    assert "tỉnh Quảng Ngãi" in found[0].hint()


def test_deleted_appendix_line_is_missing_from_appendix(registry, seed):
    item = "- Kế hoạch số 137/KH-UBND ngày 14/7/2023 của UBND huyện về đẩy nhanh giảm nghèo trên địa bàn huyện;\n"
    text = altered(seed, item, "")
    report = verify(registry, text)
    missing = by_rule(report, "missing-from-appendix")
    assert [f.document for f in missing] == ["ubnd-binh-son/2023/137-kh-ubnd"]
    assert missing[0].severity.value == "warning"
    assert [f.rule for f in vb5(report)] == ["missing-from-appendix"]


def test_missing_from_appendix_points_at_the_appendix_heading(registry, seed):
    item = "- Kế hoạch số 137/KH-UBND ngày 14/7/2023 của UBND huyện về đẩy nhanh giảm nghèo trên địa bàn huyện;\n"
    text = altered(seed, item, "")
    missing = by_rule(verify(registry, text), "missing-from-appendix")
    assert len(missing) == 1
    # The appendix is the "DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH …" heading, not the body's
    # "(Có danh mục văn bản kèm theo)" remark.
    assert missing[0].line == line_of(text, "DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO")


def test_body_bullet_does_not_hide_an_appendix_omission(registry, seed):
    # The appendix leaves out 137/KH-UBND; the body mentions it in a bullet of "2. Hạn chế".
    item = "- Kế hoạch số 137/KH-UBND ngày 14/7/2023 của UBND huyện về đẩy nhanh giảm nghèo trên địa bàn huyện;\n"
    text = altered(seed, item, "")
    bullet = "- Kết quả giảm nghèo tuy đạt chỉ tiêu đề ra"
    text = altered(text, bullet, "- Kế hoạch số 137/KH-UBND ngày 14/7/2023 của UBND huyện chưa được triển khai "
                                 "đồng bộ.\n\n" + bullet)
    missing = by_rule(verify(registry, text), "missing-from-appendix")
    assert [f.document for f in missing] == ["ubnd-binh-son/2023/137-kh-ubnd"]


# --- replaced (small registry) -------------------------------------------------------------------------
def test_replaced_document_is_flagged(build):
    registry = build.load([
        build.doc("10/QĐ-UBND", "Quyết định", "2023-01-05", title="về việc thành lập Ban Chỉ đạo"),
        build.doc("20/QĐ-UBND", "Quyết định", "2023-06-01", title="về việc kiện toàn Ban Chỉ đạo",
                  repeals=["10/QĐ-UBND"]),
    ])
    text = ("Thực hiện Quyết định số 10/QĐ-UBND ngày 05/01/2023 của UBND huyện Bình Sơn về việc thành lập "
            "Ban Chỉ đạo.\n\nCăn cứ Quyết định số 20/QĐ-UBND ngày 01/6/2023 của UBND huyện Bình Sơn.\n")
    report = verify_text(registry, text, name="r.txt", as_of=AS_OF)
    replaced = by_rule(report, "replaced")
    assert len(replaced) == 1
    finding = replaced[0]
    assert finding.code == "VB505"
    assert finding.severity.value == "warning"
    assert finding.document == "ubnd-huyen/2023/10-qd-ubnd"
    assert finding.line == 1
    assert "20/QĐ-UBND" in finding.text()
    # the replacing document itself is fine, and nothing else is wrong
    assert [f.rule for f in vb5(report)] == ["replaced"]


def test_amended_document_is_flagged(build):
    registry = build.load([
        build.doc("10/QĐ-UBND", "Quyết định", "2023-01-05"),
        build.doc("30/QĐ-UBND", "Quyết định", "2023-07-01", amends=["10/QĐ-UBND"]),
    ])
    text = "Thực hiện Quyết định số 10/QĐ-UBND ngày 05/01/2023 của UBND huyện Bình Sơn.\n"
    replaced = by_rule(verify_text(registry, text, as_of=AS_OF), "replaced")
    assert len(replaced) == 1
    assert "30/QĐ-UBND" in replaced[0].text()


def _amended_pair(build):
    return build.load([
        build.doc("10/2022/TT-BLĐTBXH", "Thông tư", "2022-05-31", title="hướng dẫn giám sát, đánh giá"),
        build.doc("2/2025/TT-BLĐTBXH", "Thông tư", "2025-03-01",
                  title="sửa đổi, bổ sung một số điều của Thông tư số 10/2022/TT-BLĐTBXH", amends=["10/2022/TT-BLĐTBXH"]),
    ], issuers={"ubnd-huyen": {"abbr": ["UBND", "BLĐTBXH"]}})


def test_not_replaced_when_the_amending_document_is_cited_in_the_same_sentence(build):
    registry = _amended_pair(build)
    text = ("Căn cứ Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022 và Thông tư số 2/2025/TT-BLĐTBXH ngày "
            "01/3/2025 của Bộ;\n")
    assert by_rule(verify_text(registry, text, as_of=AS_OF), "replaced") == []


def test_not_replaced_inside_the_amending_documents_own_title(build):
    registry = _amended_pair(build)
    text = ("Căn cứ Thông tư số 2/2025/TT-BLĐTBXH ngày 01/3/2025 sửa đổi, bổ sung một số điều của Thông tư số "
            "10/2022/TT-BLĐTBXH ngày 31/5/2022 hướng dẫn giám sát;\n")
    assert by_rule(verify_text(registry, text, as_of=AS_OF), "replaced") == []


def test_replaced_when_the_amending_document_is_cited_elsewhere(build):
    registry = _amended_pair(build)
    text = ("Căn cứ Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022 hướng dẫn giám sát;\n\n"
            "- Thông tư số 2/2025/TT-BLĐTBXH ngày 01/3/2025 được áp dụng từ năm 2025.\n")
    [finding] = by_rule(verify_text(registry, text, as_of=AS_OF), "replaced")
    assert finding.line == 1 and "2/2025/TT-BLĐTBXH" in finding.text()


def test_not_replaced_in_the_same_list_item(build):
    registry = _amended_pair(build)
    text = ("Văn bản áp dụng:\n- Thông tư số 10/2022/TT-BLĐTBXH ngày 31/5/2022, được sửa đổi bởi\n"
            "Thông tư số 2/2025/TT-BLĐTBXH ngày 01/3/2025\n- Quyết định số 90/QĐ-TTg\n")
    assert by_rule(verify_text(registry, text, as_of=AS_OF), "replaced") == []


# --- the command ---------------------------------------------------------------------------------------
def test_cli_json_shape():
    result = run("verify", str(SEED), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--format", "json")
    assert result.exit_code == 1, result.output
    data = json.loads(result.stdout)
    assert {"as_of", "period", "findings", "summary"} <= set(data)
    assert data["as_of"] == "2023-11-17"
    assert data["period"] is None
    assert len(data["findings"]) == 4
    for finding in data["findings"]:
        assert FINDING_KEYS <= set(finding), finding
        assert finding["file"] == str(SEED)
        assert isinstance(finding["line"], int)
        assert finding["severity"] in {"error", "warning", "info"}
    assert data["summary"]["error"] == 3
    assert data["summary"]["warning"] == 1
    assert {f["code"] for f in data["findings"]} == {"VB101", "VB103", "VB104"}


def test_cli_exit_zero():
    result = run("verify", str(SEED), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--exit-zero")
    assert result.exit_code == 0, result.output
    assert "VB101" in result.stdout


def test_cli_exit_0_when_clean(tmp_path):
    report = tmp_path / "ok.md"
    report.write_text("Thực hiện Kế hoạch số 36/KH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn.\n", encoding="utf-8")
    result = run("verify", str(report), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["findings"] == []


def test_cli_exit_1_on_altered_copy(tmp_path, seed):
    copy = tmp_path / "bao-cao.md"
    copy.write_text(altered(seed, "ngày 20/02/2023", "ngày 21/02/2023"), encoding="utf-8")
    result = run("verify", str(copy), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--format", "json")
    assert result.exit_code == 1
    assert "VB502" in {f["code"] for f in json.loads(result.stdout)["findings"]}


def test_cli_missing_report_exits_2(tmp_path):
    result = run("verify", str(tmp_path / "khong-co.md"), "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "khong-co.md" in result.output


def test_cli_pdf_exits_2(tmp_path):
    pdf = tmp_path / "bao-cao.pdf"
    pdf.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    result = run("verify", str(pdf), "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert ".docx" in result.output


def _appendix_docx(path: Path, seed: str, *, replace: tuple[str, str] | None = None) -> Path:
    import docx

    items = [line[2:] for line in seed.split("\n")[line_of(seed, "DANH MỤC CÁC VĂN BẢN"):] if line.startswith("- ")]
    assert len(items) == 41
    document = docx.Document()
    document.add_paragraph("DANH MỤC CÁC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH CỦA UBND HUYỆN")
    document.add_paragraph("(Kèm theo Báo cáo số 733/BC-UBND ngày 17/11/2023 của UBND huyện Bình Sơn)")
    for item in items:
        if replace:
            item = item.replace(*replace)
        document.add_paragraph(item)
    document.save(str(path))
    return path


def test_cli_docx_appendix(tmp_path, seed):
    path = _appendix_docx(tmp_path / "phu-luc.docx", seed)
    result = run("verify", str(path), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--format", "json")
    assert result.exit_code == 1, result.output
    findings = json.loads(result.stdout)["findings"]
    assert not [f for f in findings if f["code"].startswith("VB5")]
    assert sorted((f["rule"], f["document"]) for f in findings) == sorted([
        ("unknown-abbreviation", "ubnd-binh-son/2022/116-khh-ubnd"),
        ("duplicate-number", "ubnd-binh-son/2023/1903-ubnd-vx"),
        ("duplicate-number", "ubnd-binh-son/2023/1903-ubnd"),
        ("missing-unit", "ubnd-binh-son/2023/1903-ubnd"),
    ])
    assert all(f["file"] == str(path) for f in findings)


def test_cli_docx_altered_date(tmp_path, seed):
    path = _appendix_docx(tmp_path / "phu-luc.docx", seed, replace=("ngày 20/02/2023", "ngày 21/02/2023"))
    result = run("verify", str(path), "--registry", str(REGISTRY), "--as-of", "2023-11-17", "--format", "json")
    assert result.exit_code == 1
    wrong = [f for f in json.loads(result.stdout)["findings"] if f["rule"] == "wrong-date"]
    assert [f["document"] for f in wrong] == ["ubnd-binh-son/2023/36-kh-ubnd"]
    assert "20/02/2023" in wrong[0]["suggestion"]
