"""`vanban export --sqlite FILE`: the registry and its analysis as plain SQLite tables."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.base.atomic import WriteError
from vanban.check import analyse
from vanban.cli import main
from vanban.io import sqlite as sqlite_module
from vanban.io.sqlite import SQLITE_FORMAT, TABLES, export_sqlite, table_columns
from vanban.registry import load_registry, load_registry_any

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "registry.yaml"
AS_OF = dt.date(2023, 11, 17)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int]]:
    path = tmp_path_factory.mktemp("export") / "so.sqlite"
    counts = export_sqlite(analyse(load_registry(REAL, lenient_references=True), as_of=AS_OF), path)
    return path, counts


def _rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as db:
        return db.execute(query).fetchall()


def test_every_table_is_there_with_its_columns(exported: tuple[Path, dict[str, int]]) -> None:
    path, counts = exported
    with sqlite3.connect(path) as db:
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == set(TABLES)
        for table in TABLES:
            assert [r[1] for r in db.execute(f"PRAGMA table_info({table})")] == table_columns(table)
            assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == counts[table]
    assert dict(_rows(path, "SELECT key, value FROM meta"))["format"] == SQLITE_FORMAT
    assert dict(_rows(path, "SELECT key, value FROM meta"))["as_of"] == "2023-11-17"


def test_the_tables_hold_the_registry(exported: tuple[Path, dict[str, int]]) -> None:
    path, counts = exported
    registry = load_registry(REAL, lenient_references=True)
    assert counts["documents"] == len(registry) and counts["issuers"] == len(registry.issuers)
    assert counts["relations"] == sum(len(d.relations) for d in registry.documents)
    row = _rows(path, "SELECT code, kind, date, issuer, period_start, line FROM documents "
                      "WHERE id = 'ubnd-binh-son/2023/36-kh-ubnd'")
    assert row == [("36/KH-UBND", "Kế hoạch", "2023-02-20", "ubnd-binh-son", "2023-01-01",
                    registry.resolve("ubnd-binh-son/2023/36-kh-ubnd").line)]
    # a plain join answers "what implements 36/KH-UBND" the way the registry does
    below = _rows(path, "SELECT source FROM relations WHERE type = 'implements' AND target = 'ubnd-binh-son/2023/36-kh-ubnd'")
    assert sorted(r[0] for r in below) == sorted(
        d.id for d in registry.inverse(registry.resolve("36/KH-UBND"), "implements"))
    links = _rows(path, "SELECT code FROM subprojects WHERE document = 'ubnd-binh-son/2023/90-kh-ubnd'")
    assert sorted(r[0] for r in links) == ["DA4-TDA1", "DA4-TDA3"]
    successors = _rows(path, "SELECT successor FROM successions WHERE issuer = 'ubnd-binh-son'")
    assert len(successors) == 5
    required = _rows(path, "SELECT count(*) FROM requirements WHERE document = 'ubnd-binh-son/2023/36-kh-ubnd'")
    assert required[0][0] == len(registry.communes("ubnd-binh-son"))


def test_deadlines_and_findings_are_the_analysis(exported: tuple[Path, dict[str, int]]) -> None:
    path, _ = exported
    analysis = analyse(load_registry(REAL, lenient_references=True), as_of=AS_OF)
    report = analysis.check(None, None)
    findings = _rows(path, "SELECT code, document, message, data FROM findings")
    assert sorted((c, d or "", m) for c, d, m, _ in findings) == sorted(
        (f.code, f.document or "", f.text("vi")) for f in report.findings)
    assert all(isinstance(json.loads(data), dict) for *_, data in findings)
    states = _rows(path, "SELECT due, state, owed_by FROM deadlines")
    assert sorted(states) == sorted((i.due.isoformat(), i.state.value, i.owed_by) for i in analysis.due)


def test_the_registry_and_inputs_are_never_written_over(tmp_path: Path) -> None:
    analysis = analyse(load_registry(REAL, lenient_references=True), as_of=AS_OF)
    before = REAL.read_bytes()
    with pytest.raises(WriteError):
        export_sqlite(analysis, REAL)
    assert REAL.read_bytes() == before
    result = CliRunner().invoke(main, ["--lang", "en", "export", "--registry", str(REAL), "--sqlite", str(REAL)])
    assert result.exit_code == 2 and "input" in result.stderr
    assert REAL.read_bytes() == before


def test_the_file_is_replaced_whole_or_not_at_all(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "so.sqlite"
    target.write_bytes(b"the previous export")
    analysis = analyse(load_registry(REAL, lenient_references=True), as_of=AS_OF)

    def failing(*args: object) -> dict[str, int]:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(sqlite_module, "_write", failing)
    with pytest.raises(OSError):
        export_sqlite(analysis, target)
    assert target.read_bytes() == b"the previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["so.sqlite"]  # no temporary file left
    monkeypatch.undo()
    export_sqlite(analysis, target)
    assert _rows(target, "SELECT count(*) FROM documents") == [(50,)]


def test_cli_export_of_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "so"
    folder.mkdir()
    text = REAL.read_text(encoding="utf-8")
    head, documents = text.split("\ndocuments:\n", 1)
    (folder / "vanban.yaml").write_text(head + "\ndocuments: []\n", encoding="utf-8")
    (folder / "van-ban.yaml").write_text("vanban: 1\ndocuments:\n" + documents, encoding="utf-8")
    out = tmp_path / "out.sqlite"
    result = CliRunner().invoke(main, ["--lang", "en", "export", "--registry", str(folder), "--sqlite", str(out),
                                       "--as-of", "2023-11-17"])
    assert result.exit_code == 0, result.output
    assert "50 documents" in result.output
    files = {r[0] for r in _rows(out, "SELECT DISTINCT file FROM documents")}
    assert files == {str(folder / "van-ban.yaml")}
    registry = load_registry_any(folder, lenient_references=True, cache=False)
    assert _rows(out, "SELECT count(*) FROM findings")[0][0] == len(
        analyse(registry, as_of=AS_OF).check(None, None).findings)
    english = _rows(out, "SELECT message FROM findings WHERE code = 'VB401' LIMIT 1")[0][0]
    assert "overdue" in english  # the run's language
