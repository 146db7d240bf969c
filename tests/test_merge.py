"""Tests for `vanban extract --merge` (issue 4): adding the documents a text cites to the registry.

Every test works on a copy of data/registry.yaml in tmp_path; the real file is never written.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.cite.find import find_citations
from vanban.io.merge import merge_citations
from vanban.registry import load_registry

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
REGISTRY = ROOT / "data" / "registry.yaml"

NEW_TEXT = (
    "Thực hiện Kế hoạch số 200/KH-UBND ngày 01/12/2023 của UBND huyện Bình Sơn về việc thực hiện Chương trình "
    "mục tiêu quốc gia giảm nghèo bền vững năm 2024, các xã triển khai.\n"
)
NEW_ID = "ubnd-binh-son/2023/200-kh-ubnd"


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- the seed against its own registry -----------------------------------------------------------------
def test_dry_run_of_seed_lists_everything_as_registered(reg_copy):
    before = reg_copy.read_bytes()
    result = run("extract", str(SEED), "--merge", "--registry", str(reg_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert reg_copy.read_bytes() == before
    out = result.stdout
    for code, doc_id in [
        ("116/KHH-UBND", "ubnd-binh-son/2022/116-khh-ubnd"),
        ("1085/QĐ-UBND", "ubnd-tinh-quang-ngai/2022/1085-qd-ubnd"),
        ("20-CT/HU", "huyen-uy-binh-son/2023/20-ct-hu"),
        ("1903/UBND", "ubnd-binh-son/2023/1903-ubnd"),
        ("1903/UBND-VX", "ubnd-binh-son/2023/1903-ubnd-vx"),
        ("733/BC-UBND", "ubnd-binh-son/2023/733-bc-ubnd"),
    ]:
        assert f"đã có trong sổ: {code} → {doc_id}" in out
    assert "không có văn bản mới" in out
    assert "đã thêm" not in out
    assert "+  - code" not in out


def test_plan_of_seed_adds_nothing():
    registry = load_registry(REGISTRY, lenient_references=True)
    citations = find_citations(SEED.read_text(encoding="utf-8"))
    change = merge_citations(registry, citations, source="seed")
    assert change.added == ()
    assert change.intake.near == () and change.intake.ambiguous == ()
    assert change.notes == ()
    assert len(change.intake.existing) == len(citations)
    # every document of the appendix is matched
    matched = {doc.id for _, doc in change.intake.existing}
    assert len(matched) >= 41 + 1


# --- a new citation -------------------------------------------------------------------------------------
def test_merge_adds_new_document(tmp_path, reg_copy):
    text = write(tmp_path, "moi.txt", NEW_TEXT)
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert f"đã thêm: {NEW_ID}" in result.stdout
    registry = load_registry(reg_copy)
    doc = registry.by_id[NEW_ID]
    assert doc.kind == "Kế hoạch"
    assert doc.date == _dt.date(2023, 12, 1)
    assert doc.issuer == "ubnd-binh-son"
    assert doc.title and doc.title.startswith("về việc thực hiện")
    assert len(registry.documents) == len(load_registry(REGISTRY).documents) + 1


def test_merge_keeps_every_original_line(tmp_path, reg_copy):
    original = reg_copy.read_text(encoding="utf-8")
    text = write(tmp_path, "moi.txt", NEW_TEXT)
    assert run("extract", str(text), "--merge", "--registry", str(reg_copy)).exit_code == 0
    merged = reg_copy.read_text(encoding="utf-8")
    assert merged != original
    assert merged.startswith(original)
    # and, independently of layout, every line (so every comment) survives in order
    lines = iter(merged.splitlines())
    for line in original.splitlines():
        assert any(line == other for other in lines), line
    comments = [l for l in original.splitlines() if l.lstrip().startswith("#")]
    assert len(comments) > 20
    assert all(c in merged.splitlines() for c in comments)


def test_merge_dry_run_shows_diff_and_writes_nothing(tmp_path, reg_copy):
    before = reg_copy.read_bytes()
    text = write(tmp_path, "moi.txt", NEW_TEXT)
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy), "--dry-run")
    assert result.exit_code == 0, result.output
    assert reg_copy.read_bytes() == before
    assert "+  - code: 200/KH-UBND" in result.stdout
    assert result.stdout.count("\n+") >= 4


def test_merge_twice_adds_nothing_the_second_time(tmp_path, reg_copy):
    text = write(tmp_path, "moi.txt", NEW_TEXT)
    first = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert first.exit_code == 0 and f"đã thêm: {NEW_ID}" in first.stdout
    after_first = reg_copy.read_bytes()
    second = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert second.exit_code == 0, second.output
    assert reg_copy.read_bytes() == after_first
    assert "đã thêm" not in second.stdout
    assert f"đã có trong sổ: 200/KH-UBND → {NEW_ID}" in second.stdout
    assert [d.id for d in load_registry(reg_copy).documents].count(NEW_ID) == 1


def test_same_citation_twice_in_one_text_is_added_once(tmp_path, reg_copy):
    text = write(tmp_path, "moi.txt", NEW_TEXT + "\nTheo " + NEW_TEXT)
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert result.stdout.count("đã thêm:") == 1
    assert [d.id for d in load_registry(reg_copy).documents].count(NEW_ID) == 1


# --- what is not added ----------------------------------------------------------------------------------
def test_typo_symbol_is_near_match_not_added(tmp_path, reg_copy):
    before = reg_copy.read_bytes()
    text = write(tmp_path, "typo.txt",
                 "Kế hoạch số 36/KHH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn về việc thực hiện Chương trình.\n")
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert "gần giống, không thêm: 36/KHH-UBND ~ 36/KH-UBND" in result.stdout
    assert "ubnd-binh-son/2023/36-kh-ubnd" in result.stdout
    assert "đã thêm" not in result.stdout
    assert reg_copy.read_bytes() == before


def test_typo_symbol_plan():
    registry = load_registry(REGISTRY, lenient_references=True)
    citations = find_citations("Kế hoạch số 36/KHH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn về việc x.")
    change = merge_citations(registry, citations, source="x")
    assert change.added == ()
    assert len(change.intake.near) == 1
    assert change.intake.near[0][1].id == "ubnd-binh-son/2023/36-kh-ubnd"


def test_unknown_issuer_is_reported_not_added(tmp_path, reg_copy):
    before = reg_copy.read_bytes()
    text = write(tmp_path, "stc.txt",
                 "Thực hiện Công văn số 300/STC-NS ngày 05/12/2023 của Sở Tài chính về việc bố trí kinh phí.\n")
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert "cơ quan chưa có trong sổ, không thêm: 300/STC-NS — Sở Tài chính" in result.stderr
    assert "đã thêm" not in result.stdout
    assert reg_copy.read_bytes() == before


def test_new_and_rejected_mixed(tmp_path, reg_copy):
    text = write(tmp_path, "mix.txt", NEW_TEXT + (
        "Công văn số 300/STC-NS ngày 05/12/2023 của Sở Tài chính về việc bố trí kinh phí.\n"
        "Kế hoạch số 36/KHH-UBND ngày 20/02/2023 của UBND huyện Bình Sơn về việc thực hiện.\n"
    ))
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    registry = load_registry(reg_copy)
    assert NEW_ID in registry.by_id
    assert not [d for d in registry.documents if d.number in {"300"}]
    assert "ubnd-binh-son/2023/36-khh-ubnd" not in registry.by_id


def test_citation_without_issuer_uses_issuer_option(tmp_path, reg_copy):
    text = write(tmp_path, "noissuer.txt", "Kế hoạch số 201/KH-UBND ngày 02/12/2023 về việc rà soát hộ nghèo.\n")
    without = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert without.exit_code == 0
    assert "thiếu ngày hoặc cơ quan, không thêm: 201/KH-UBND" in without.stderr
    assert "ubnd-binh-son/2023/201-kh-ubnd" not in load_registry(reg_copy).by_id
    with_issuer = run("extract", str(text), "--merge", "--registry", str(reg_copy), "--issuer", "UBND huyện Bình Sơn")
    assert with_issuer.exit_code == 0, with_issuer.output
    assert "đã thêm: ubnd-binh-son/2023/201-kh-ubnd" in with_issuer.stdout
    assert "ubnd-binh-son/2023/201-kh-ubnd" in load_registry(reg_copy).by_id


# --- atomic write ---------------------------------------------------------------------------------------
def test_failed_write_leaves_registry_unchanged(tmp_path, reg_copy, monkeypatch):
    before = reg_copy.read_bytes()
    text = write(tmp_path, "moi.txt", NEW_TEXT)

    def boom(src, dst, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    monkeypatch.undo()
    assert result.exit_code != 0
    assert reg_copy.read_bytes() == before
    # no temporary file left beside the registry
    assert sorted(p.name for p in reg_copy.parent.iterdir()) == ["moi.txt", "registry.yaml"]


def test_merge_failed_replace_raises_and_keeps_file(tmp_path, reg_copy, monkeypatch):
    before = reg_copy.read_bytes()
    registry = load_registry(reg_copy)
    change = merge_citations(registry, find_citations(NEW_TEXT), source="moi.txt")
    assert change.added == (NEW_ID,)

    def boom(src, dst, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        change.save()
    monkeypatch.undo()
    assert reg_copy.read_bytes() == before
    assert change.save()
    assert "200/KH-UBND" in change.diff
    assert NEW_ID in load_registry(reg_copy).by_id


# --- issuers named in the text, numbers that restart each year ------------------------------------------
def test_issuer_matched_by_full_name_and_alias(tmp_path, reg_copy):
    text = write(tmp_path, "ten.txt", (
        "Kế hoạch số 202/KH-UBND ngày 03/12/2023 của Ủy ban nhân dân huyện Bình Sơn về việc kiểm tra.\n"
        "Công văn số 210/UBND-VX ngày 04/12/2023 của UBND huyện về việc rà soát.\n"
    ))
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    registry = load_registry(reg_copy)
    assert registry.by_id["ubnd-binh-son/2023/202-kh-ubnd"].issuer == "ubnd-binh-son"
    assert registry.by_id["ubnd-binh-son/2023/210-ubnd-vx"].issuer == "ubnd-binh-son"


def test_same_number_next_year_is_a_new_document(tmp_path, reg_copy):
    # Numbers restart every year: Kế hoạch 36/KH-UBND of 2024 is not the one of 2023, and the
    # registry's existing references to "36/KH-UBND" (documents of 2023) must not stop the merge.
    text = write(tmp_path, "2024.txt",
                 "Kế hoạch số 36/KH-UBND ngày 15/01/2024 của UBND huyện Bình Sơn về việc thực hiện Chương trình "
                 "mục tiêu quốc gia giảm nghèo bền vững năm 2024.\n")
    result = run("extract", str(text), "--merge", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert "đã thêm: ubnd-binh-son/2024/36-kh-ubnd" in result.stdout
    registry = load_registry(reg_copy)
    assert registry.by_id["ubnd-binh-son/2024/36-kh-ubnd"].date == _dt.date(2024, 1, 15)
    # 90/KH-UBND (10/05/2023) still implements the 2023 plan
    doc90 = registry.resolve("90/KH-UBND")
    assert [r.target for r in doc90.relations if r.type.value == "implements"] == ["ubnd-binh-son/2023/36-kh-ubnd"]


def test_added_date_is_written_like_the_clerks_own(tmp_path, reg_copy):
    # The registry's entries (and those that `register import` / `edxml import` add) carry
    # dates as plain YAML dates (date: 2023-02-20), not quoted strings.
    text = write(tmp_path, "moi.txt", NEW_TEXT)
    assert run("extract", str(text), "--merge", "--registry", str(reg_copy)).exit_code == 0
    merged = reg_copy.read_text(encoding="utf-8")
    assert "    date: 2023-12-01\n" in merged
