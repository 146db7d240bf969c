"""A registry in a folder of files, the cache of parsed files, and the generator of large registries.

- a registry split into files, by any partition, loads to the same registry as the one file;
- references and issuers cross files; every problem names its own file, line and column;
  exactly one file has ``locality:``; writes to a folder are refused with the file to write to;
- the cache is never the truth: results are the same with and without it, cold or warm, and a
  corrupt or foreign cache file is ignored and rebuilt; a changed file is parsed alone;
- files parsed in worker processes give the same registry as parsed here.
"""

from __future__ import annotations

import gc
import io
import importlib.util
import json
import os
import shutil
import sqlite3
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from vanban.base.messages import Message
from vanban.base.text import slug
from vanban.check import analyse
from vanban.cli import main
from vanban.registry import Registry, RegistryError, load_registry, load_registry_any
from vanban.registry import cache as cache_module, folder as folder_module
from vanban.registry.cache import APPLICATION_ID, PartCache
from vanban.registry.model import Document
from vanban.registry.parts import Part, read_part

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT / "data" / "registry.yaml"
AS_OF = "2026-12-01"


def _generator() -> Any:
    spec = importlib.util.spec_from_file_location("vanban_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["vanban_generate"] = module
    spec.loader.exec_module(module)
    return module


GENERATE = _generator()


@pytest.fixture(scope="module")
def generated() -> Any:
    return GENERATE.generate(700, seed=3)


@pytest.fixture(scope="module")
def layouts(generated: Any, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same generated registry as one file and as a folder."""
    base = tmp_path_factory.mktemp("layouts")
    return generated.write_file(base / "file" / "vanban.yaml"), generated.write_folder(base / "folder")


def _canonical(doc: Document) -> Document:
    """The document with its required bodies in key order: "every commune" is listed in the order the
    issuers were read, which depends on how the registry is split into files."""
    requires = tuple(attrs.evolve(r, issuers=tuple(sorted(r.issuers))) for r in doc.requires)
    return attrs.evolve(doc, requires=requires) if requires else doc


def _same(a: Registry, b: Registry) -> None:
    """Two registries hold the same documents, issuers, locality, programs and dangling references."""
    assert sorted(map(_canonical, a.documents), key=lambda d: d.id) == sorted(map(_canonical, b.documents),
                                                                              key=lambda d: d.id)
    assert a.issuers == b.issuers
    assert a.locality == b.locality
    assert sorted(a.programs) == sorted(b.programs)
    assert sorted(a.dangling, key=repr) == sorted(b.dangling, key=repr)


def _findings(registry: Registry) -> list[tuple[Any, ...]]:
    report = analyse(registry, as_of=__import__("datetime").date.fromisoformat(AS_OF)).check(None, None)
    return sorted((f.code, f.document or "", f.text("en")) for f in report.findings)


# --- the generator --------------------------------------------------------------------------------------
def test_generator_is_deterministic_and_exact(generated: Any) -> None:
    again = GENERATE.generate(700, seed=3)
    assert [(d.id, d.date, d.title) for d in again.docs] == [(d.id, d.date, d.title) for d in generated.docs]
    assert len(generated.docs) == 700
    other = GENERATE.generate(700, seed=4)
    assert [d.id for d in other.docs] != [d.id for d in generated.docs]


def test_generated_registry_follows_the_rules(generated: Any, layouts: tuple[Path, Path]) -> None:
    registry = load_registry(layouts[0], lenient_references=True)
    assert len(registry) == 700
    levels = {i.level for i in registry.issuers.values()}
    assert {"trung ương", "tỉnh", "huyện", "xã"} <= levels
    # the 2025 structure: new bodies from 01/7/2025, former ones to 30/6/2025 with successors
    new = [i for i in registry.issuers.values() if i.valid_from and i.valid_from.isoformat() == "2025-07-01"]
    former = [i for i in registry.issuers.values() if i.valid_until and i.valid_until.isoformat() == "2025-06-30"]
    assert new and former and all(i.successors for i in former if i.branch == "nhà nước")
    # numbers restart every year, rise with the date within a series; none is absurdly large
    assert max(int("".join(c for c in d.number if c.isdigit())) for d in registry.documents) < 99_999
    # relations, sub-project links for both programs, deadlines, `requires: from: communes`
    assert sum(len(d.relations) for d in registry.documents) > len(registry) // 2
    codes = {c for d in registry.documents for c in d.subprojects}
    assert any(c.startswith("DA") for c in codes) and codes & {"HP1", "HP2"}
    assert any(d.deadlines for d in registry.documents)
    assert any(r.issuers for d in registry.documents for r in d.requires)
    assert generated.mistakes.get("typo", 0) + generated.mistakes.get("unlinked", 0) > 0


def test_generated_clean_registry_validates(tmp_path: Path) -> None:
    path = GENERATE.generate(400, seed=9, clean=True).write_file(tmp_path / "vanban.yaml")
    assert len(load_registry(path)) == 400  # no reference to nothing: a strict load passes


# --- a folder is the same registry as one file -------------------------------------------------------------
def test_folder_loads_like_one_file(layouts: tuple[Path, Path]) -> None:
    file, folder = layouts
    one = load_registry_any(file, lenient_references=True, cache=False)
    many = load_registry_any(folder, lenient_references=True, cache=False)
    _same(one, many)
    assert len(many.files) > 5 and many.locality_file == str(folder / "vanban.yaml")
    assert all(d.file and d.file.startswith(str(folder)) for d in many.documents)
    assert all(d.file is None for d in one.documents)
    assert _findings(one) == _findings(many)


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_any_partition_loads_to_the_same_registry(generated: Any, layouts: tuple[Path, Path],
                                                  tmp_path_factory: pytest.TempPathFactory, data: st.DataObject) -> None:
    count = data.draw(st.integers(1, 5), label="files")
    where = st.integers(0, count - 1)
    folder = tmp_path_factory.mktemp("partition")
    texts: dict[int, list[str]] = {i: [] for i in range(count)}
    issuers: dict[int, list[str]] = {i: [] for i in range(count)}
    for body in generated.bodies:
        issuers[data.draw(where, label="issuer file")].append(GENERATE._issuer_text(body))
    for doc in generated.docs:
        texts[data.draw(where, label="document file")].append(generated._doc_text(doc))
    holder = data.draw(where, label="locality file")
    for index in range(count):
        parts = ["vanban: 1\n"]
        if index == holder:
            parts.append(generated._locality())
        if issuers[index]:
            parts.append("issuers:\n" + "".join(issuers[index]))
        parts.append("documents:\n" + "".join(texts[index]) if texts[index] else "documents: []\n")
        (folder / f"part-{index}.yaml").write_text("".join(parts), encoding="utf-8")
    one = load_registry_any(layouts[0], lenient_references=True, cache=False)
    _same(one, load_registry_any(folder, lenient_references=True, cache=False))


# --- files, lines and columns ----------------------------------------------------------------------------------
LOCALITY = """vanban: 1
locality:
  name: tỉnh Quảng Ngãi
  issuer: ubnd-tinh
  programs: [giam-ngheo-2021-2025]
documents:
  - code: 10/KH-UBND
    date: 2023-02-01
    issuer: ubnd-tinh
    title: kế hoạch năm 2023
"""
ISSUERS = """vanban: 1
issuers:
  ubnd-tinh:
    name: Ủy ban nhân dân tỉnh Quảng Ngãi
    short: UBND tỉnh Quảng Ngãi
    abbr: UBND
    level: tỉnh
  ubnd-xa-a:
    name: Ủy ban nhân dân xã An Phú
    short: UBND xã An Phú
    abbr: UBND
    level: xã
    parent: ubnd-tinh
"""
COMMUNE = """vanban: 1
documents:
  - code: 3/KH-UBND
    date: 2023-02-20
    issuer: ubnd-xa-a
    implements: [10/KH-UBND ngày 01/02/2023 của UBND tỉnh Quảng Ngãi]
"""


def _folder(tmp_path: Path, **files: str) -> Path:
    folder = tmp_path / "so"
    for name, text in files.items():
        path = folder / name.replace("__", "/")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder


def test_references_and_issuers_cross_files(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa__an-phu.yaml": COMMUNE})
    registry = load_registry_any(folder, cache=False)
    plan = registry.resolve("ubnd-xa-a/2023/3-kh-ubnd")
    assert [d.id for d in registry.related(plan)] == ["ubnd-tinh/2023/10-kh-ubnd"]
    assert plan.file == str(folder / "xa" / "an-phu.yaml") and plan.line == 3
    assert registry.path == folder


def test_every_problem_names_its_own_file(tmp_path: Path) -> None:
    bad_commune = COMMUNE.replace("2023-02-20", "2023-02-30").replace("10/KH-UBND ngày", "11/KH-UBND ngày")
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS.replace("level: xã", "level: xa"),
                                  "xa__an-phu.yaml": bad_commune})
    with pytest.raises(RegistryError) as caught:
        load_registry_any(folder, cache=False)
    places = {(Path(p.file).name, p.line, p.column, p.error) for p in caught.value.problems}
    assert ("issuers.yaml", 12, 12, "bad-choice") in places  # level: xa
    assert ("an-phu.yaml", 4, 11, "impossible-date") in places
    assert ("an-phu.yaml", 6, 18, "unresolved-reference") in places
    result = CliRunner().invoke(main, ["--lang", "en", "validate", "--registry", str(folder)])
    assert result.exit_code == 2
    assert f"{folder / 'xa' / 'an-phu.yaml'}:4:11: documents[0].date:" in result.stderr
    assert result.stderr.rstrip().splitlines()[-1].endswith(str(folder))  # the count names the folder


def test_one_locality(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"issuers.yaml": ISSUERS, "xa.yaml": COMMUNE.replace(
        "    implements: [10/KH-UBND ngày 01/02/2023 của UBND tỉnh Quảng Ngãi]\n", "")})
    with pytest.raises(RegistryError) as caught:
        load_registry_any(folder, cache=False)
    assert [p.msg_id for p in caught.value.problems] == ["folder.no-locality"]
    assert str(folder) in caught.value.render("en")
    twice = _folder(tmp_path / "b", **{"a.yaml": LOCALITY, "b.yaml": LOCALITY.replace("10/KH", "12/KH"),
                                       "issuers.yaml": ISSUERS})
    with pytest.raises(RegistryError) as caught:
        load_registry_any(twice, cache=False)
    (problem,) = caught.value.problems
    assert (Path(problem.file).name, problem.line, problem.msg_id) == ("b.yaml", 2, "folder.locality-twice")
    assert f"{twice / 'a.yaml'}:2" in problem.message("en")


def test_an_issuer_or_an_id_twice_names_the_other_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS,
                                  "more.yaml": ISSUERS.split("  ubnd-xa-a:")[0],
                                  "xa.yaml": COMMUNE, "xa2.yaml": COMMUNE})
    with pytest.raises(RegistryError) as caught:
        load_registry_any(folder, cache=False)
    by_id = {p.msg_id: p for p in caught.value.problems}
    assert set(by_id) == {"folder.duplicate-issuer", "folder.duplicate-id"}
    assert Path(by_id["folder.duplicate-issuer"].file).name == "more.yaml"
    assert str(folder / "issuers.yaml") + ":3" in by_id["folder.duplicate-issuer"].message("vi")
    assert (Path(by_id["folder.duplicate-id"].file).name, by_id["folder.duplicate-id"].line) == ("xa2.yaml", 3)
    assert str(folder / "xa.yaml") + ":3" in by_id["folder.duplicate-id"].message("en")


def test_what_is_not_a_part(tmp_path: Path) -> None:
    program = (ROOT / "src" / "vanban" / "data" / "programs" / "giam-ngheo-2021-2025.yaml").read_text(encoding="utf-8")
    program = program.replace("code: giam-ngheo-2021-2025", "code: ct-tinh", 1)
    folder = _folder(tmp_path, **{
        "vanban.yaml": LOCALITY.replace("programs: [giam-ngheo-2021-2025]", "programs: [programs/ct-tinh.yaml]"),
        "issuers.yaml": ISSUERS, "programs__ct-tinh.yaml": program, ".hidden.yaml": "not: [a registry",
        ".git__config.yaml": "nor: this", "notes.txt": "nor this",
    })
    registry = load_registry_any(folder, cache=False)
    assert list(registry.programs) == ["ct-tinh"]
    assert [Path(f).name for f in registry.files] == ["issuers.yaml", "vanban.yaml"]
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(RegistryError) as caught:
        load_registry_any(empty, cache=False)
    assert caught.value.problems[0].msg_id == "folder.empty"


def test_a_broken_file_does_not_hide_the_others(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "a.yaml": "vanban: 1\n  x: [",
                                  "b.yaml": COMMUNE.replace("2023-02-20", "20/13/2023")})
    with pytest.raises(RegistryError) as caught:
        load_registry_any(folder, cache=False)
    assert {Path(p.file).name for p in caught.value.problems} == {"a.yaml", "b.yaml"}


def test_cli_on_a_folder(tmp_path: Path, layouts: tuple[Path, Path]) -> None:
    folder = layouts[1]
    result = CliRunner().invoke(main, ["check", "--registry", str(folder), "--as-of", AS_OF, "--format", "json"])
    assert result.exit_code in (0, 1), result.output
    findings = json.loads(result.stdout)["findings"]
    on_documents = [f for f in findings if f["document"]]
    assert on_documents and all(f["file"].startswith(str(folder)) and f["file"].endswith(".yaml")
                                for f in on_documents)
    assert any("/xa/" in f["file"] for f in on_documents)  # a commune's own file
    result = CliRunner().invoke(main, ["--lang", "en", "validate", "--registry", str(folder)])
    assert result.exit_code == 0 and "700 documents" in result.output


def test_writes_to_a_folder_are_refused_naming_the_file(tmp_path: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa__an-phu.yaml": COMMUNE})
    before = {p: p.read_bytes() for p in folder.rglob("*.yaml")}
    result = CliRunner().invoke(main, ["--lang", "en", "add", "--registry", str(folder), "--issuer", "ubnd-xa-a",
                                       "Kế hoạch số 9/KH-UBND ngày 01/03/2023"])
    assert result.exit_code == 2
    assert "is a folder (3 files)" in result.stderr
    assert str(folder / "xa" / "an-phu.yaml") in result.stderr  # the commune's own file
    report = tmp_path / "bao-cao.md"
    report.write_text("Thực hiện Kế hoạch số 10/KH-UBND ngày 01/02/2023 của UBND tỉnh Quảng Ngãi.\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", "en", "extract", str(report), "--merge", "--registry", str(folder)])
    assert result.exit_code == 2 and str(folder / "vanban.yaml") in result.stderr  # the locality's file
    assert before == {p: p.read_bytes() for p in folder.rglob("*.yaml")}


# --- the cache -----------------------------------------------------------------------------------------------------
@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(folder))
    monkeypatch.delenv("VANBAN_NO_CACHE", raising=False)
    return folder


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    parsed: list[str] = []
    real = folder_module.read_part

    def counting(text: str, filename: str, *args: Any) -> Part:
        parsed.append(filename)
        return real(text, filename, *args)

    monkeypatch.setattr(folder_module, "read_part", counting)
    return parsed


@pytest.mark.parametrize("which", ["real", "folder"])
def test_the_cache_changes_no_result(which: str, layouts: tuple[Path, Path], cache_dir: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = REAL if which == "real" else layouts[1]
    parsed = _count_parses(monkeypatch)
    cold = load_registry_any(path, lenient_references=True, jobs=1)
    assert parsed and (cache_dir / "parts.sqlite").exists()
    parsed.clear()
    warm = load_registry_any(path, lenient_references=True, jobs=1)
    assert parsed == []  # nothing parsed again
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")
    without = load_registry_any(path, lenient_references=True, jobs=1)
    assert parsed  # parsed, with the cache off
    for registry in (warm, without):
        _same(cold, registry)
        assert [(d.id, d.line, d.file) for d in registry.documents] == [(d.id, d.line, d.file) for d in cold.documents]
    assert _findings(cold) == _findings(warm) == _findings(without)
    if which == "real":
        _same(cold, load_registry(REAL, lenient_references=True))


def test_a_changed_file_is_parsed_alone(tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    parsed = _count_parses(monkeypatch)
    load_registry_any(folder, jobs=1)
    assert len(parsed) == 3
    parsed.clear()
    (folder / "xa.yaml").write_text(COMMUNE.replace("title", "title") + "    title: kế hoạch của xã\n",
                                    encoding="utf-8")
    registry = load_registry_any(folder, jobs=1)
    assert parsed == [str(folder / "xa.yaml")]
    assert registry.resolve("ubnd-xa-a/2023/3-kh-ubnd").title == "kế hoạch của xã"
    # the same content at another path is the same entry, its problems placed in the new file
    (folder / "xa.yaml").rename(folder / "xa-2.yaml")
    parsed.clear()
    assert load_registry_any(folder, jobs=1).resolve("ubnd-xa-a/2023/3-kh-ubnd").file == str(folder / "xa-2.yaml")
    assert parsed == []


@pytest.mark.parametrize("damage", ["garbage", "foreign", "truncated", "entry", "older"])
def test_a_corrupt_or_foreign_cache_is_ignored_and_rebuilt(damage: str, layouts: tuple[Path, Path], cache_dir: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    folder = layouts[1]
    reference = load_registry_any(folder, lenient_references=True, jobs=1)
    path = cache_dir / "parts.sqlite"
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    if damage == "garbage":
        path.write_bytes(os.urandom(5000))
    elif damage == "truncated":
        path.write_bytes(path.read_bytes()[:3000])
    elif damage == "foreign":
        path.unlink()
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE parts (digest TEXT, payload TEXT)")
            other.execute("INSERT INTO parts VALUES ('x', 'y')")
    elif damage == "older":
        with sqlite3.connect(path) as ours:
            ours.execute("PRAGMA user_version = 0")
    else:  # one byte of every stored part changed: checksums no longer match
        with sqlite3.connect(path) as ours:
            rows = ours.execute("SELECT rowid, payload FROM parts").fetchall()
            for rowid, blob in rows:
                changed = bytearray(blob)
                changed[-1] ^= 0xFF
                ours.execute("UPDATE parts SET payload = ? WHERE rowid = ?", (bytes(changed), rowid))
    parsed = _count_parses(monkeypatch)
    again = load_registry_any(folder, lenient_references=True, jobs=1)
    assert parsed  # the damaged cache gave nothing: everything was parsed
    _same(reference, again)
    with sqlite3.connect(path) as rebuilt:  # and the cache is a good one again
        assert rebuilt.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert rebuilt.execute("SELECT count(*) FROM parts").fetchone()[0] == len(again.files)
    parsed.clear()
    load_registry_any(folder, lenient_references=True, jobs=1)
    assert parsed == []


def test_the_cache_can_be_off_or_unusable(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")
    assert len(load_registry_any(REAL)) == 50
    assert not (tmp_path / "c").exists()
    monkeypatch.delenv("VANBAN_NO_CACHE")
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("VANBAN_CACHE_DIR", str(blocker / "sub"))
    assert PartCache.open() is None
    assert len(load_registry_any(REAL)) == 50  # no cache: parsed, same result
    monkeypatch.delenv("VANBAN_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_module.cache_path() == tmp_path / "xdg" / "vanban" / "parts.sqlite"


def test_a_part_survives_its_encoding() -> None:
    text = REAL.read_text(encoding="utf-8")
    part = read_part(text, str(REAL))
    assert Part.from_bytes(part.to_bytes(), str(REAL)) == part
    broken = read_part(text.replace("date: 2023-02-20", "date: 2023-02-30").replace("level: xã", "level: x", 1), "x.yaml")
    assert broken.problems and Part.from_bytes(broken.to_bytes(), "x.yaml") == broken
    moved = Part.from_bytes(broken.to_bytes(), "y.yaml")
    assert {p.file for p in moved.problems} == {"y.yaml"}
    with pytest.raises(ValueError):
        Part.from_bytes(b"\x00not marshal", "x")


# --- workers, and the collector ------------------------------------------------------------------------------------
def test_files_parsed_in_workers_give_the_same_registry(layouts: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder_module, "PARALLEL_MIN_BYTES", 0)
    here = load_registry_any(layouts[1], lenient_references=True, cache=False, jobs=1)
    there = load_registry_any(layouts[1], lenient_references=True, cache=False, jobs=2)
    _same(here, there)
    assert [(d.id, d.line, d.file) for d in here.documents] == [(d.id, d.line, d.file) for d in there.documents]


def test_the_collector_is_kept_out_and_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[bool] = []
    real = folder_module.assemble

    def watching(*args: Any, **kwargs: Any) -> Registry:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_module, "assemble", watching)
    assert gc.isenabled()
    load_registry_any(REAL, cache=False)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        load_registry_any(REAL, cache=False)
        assert not gc.isenabled()  # a caller's choice is kept
    finally:
        gc.enable()
    with pytest.raises(RegistryError):
        load_registry_any(REAL.parent / "missing.yaml")
    assert gc.isenabled()


# --- reading a code once per shape ------------------------------------------------------------------------------
def _symbols() -> list[str]:
    texts = [REAL.read_text(encoding="utf-8"), *(p.read_text(encoding="utf-8") for p in (ROOT / "examples").rglob("*.yaml"))]
    rests = set()
    for text in texts:
        for line in text.splitlines():
            stripped = line.strip().removeprefix("- ").strip()
            if stripped.startswith("code:"):
                code = stripped.split(":", 1)[1].split("#")[0].strip().strip("'\"")
                rests.add(code.lstrip("0123456789"))
    return sorted(r for r in rests if r) + ["/2023/NQ-HĐND", "-CT/HU", "/UBND", "/KHH-UBND", "/SLĐTBXH-BTXH", "/QĐ-"]


@settings(max_examples=300)
@given(number=st.integers(0, 120_000), zeros=st.integers(0, 2), rest=st.sampled_from(_symbols()))
def test_a_code_read_by_its_shape_is_read_as_the_finder_reads_it(number: int, zeros: int, rest: str) -> None:
    from vanban.registry.parts import _PartReader, _read_code

    text = "0" * zeros + str(number) + rest
    reader = _PartReader("x.yaml", RegistryError)
    reader._code("0" * zeros + "3" * len(str(number)) + rest)  # another number of the same shape, read first
    direct = _read_code(text)
    shaped = reader._code(text)
    assert (shaped[:4] if shaped else None) == direct
    if shaped is not None:  # and the tail of its ID is the slug of its number and symbol
        assert shaped[4] == slug(f"{shaped[0]}-{shaped[1]}")


# --- look-ups in long lists: grouped and read in full give the same answers -----------------------------------
def test_grouped_look_ups_answer_as_the_full_lists(generated: Any, layouts: tuple[Path, Path],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt
    import random

    from vanban.cite.citation import Citation
    from vanban.registry import core

    registry = load_registry_any(layouts[0], lenient_references=True, cache=False)
    docs = list(registry.documents)
    names = sorted({i.display_name for i in registry.issuers.values()}) + ["UBND xã Không Có"]
    rng = random.Random(7)
    cases = []
    for _ in range(3000):
        doc = rng.choice(docs)
        number = doc.number if rng.random() < 0.8 else str(rng.randint(1, 400))
        date = rng.choice([doc.date, None, doc.date + dt.timedelta(days=rng.choice([-400, 1, 400]))] if doc.date
                          else [None])
        issuer = rng.choice([registry.issuers[doc.issuer].display_name, rng.choice(names), None])
        citation = Citation(number=number, symbol=doc.symbol, kind=rng.choice([doc.kind, None]), year=doc.year,
                            date=date, issuer=issuer)
        cases.append((citation, rng.choice([doc.issuer, None, None]), rng.choice([doc.date, None])))

    def answers() -> list[tuple[Any, ...]]:
        fresh = load_registry_any(layouts[0], lenient_references=True, cache=False)
        out = []
        for citation, issuer, on in cases:
            found = fresh.match(citation, issuer=issuer, on=on)
            out.append((found.kind, found.document, found.candidates, found.differs, found.score))
        return out

    monkeypatch.setattr(core, "GROUP_MIN", 0)  # every list grouped
    grouped = answers()
    monkeypatch.setattr(core, "GROUP_MIN", 10**9)  # every list read in full
    assert grouped == answers()
    assert {kind for kind, *_ in grouped} >= {"exact", "none"}


def test_a_command_run_inside_a_registry_folder_reads_the_whole_folder(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from vanban.registry.locate import find_registry

    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa__an-phu.yaml": COMMUNE})
    monkeypatch.delenv("VANBAN_REGISTRY", raising=False)
    monkeypatch.chdir(folder / "xa")
    assert find_registry() == Path("..")  # the folder, not its vanban.yaml alone
    result = CliRunner().invoke(main, ["--lang", "en", "validate"])
    assert result.exit_code == 0 and "2 documents" in result.output
    # a single file with other, unrelated YAML beside it stays a single file
    single = tmp_path / "single"
    single.mkdir()
    (single / "vanban.yaml").write_text((folder / "vanban.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    (single / "docker-compose.yml").write_text("services: {}\n", encoding="utf-8")
    monkeypatch.chdir(single)
    assert find_registry() == Path("vanban.yaml")


class _Recorder:
    """A Progress that writes down what it is told."""

    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def start(self, label: Message, total: int | None) -> None:
        self.events.append(("start", (label.id, total)))

    def advance(self, steps: int = 1) -> None:
        self.events.append(("advance", steps))

    def finish(self) -> None:
        self.events.append(("finish", None))


def test_reading_a_folder_reports_progress_file_by_file(tmp_path: Path, cache_dir: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    cold = _Recorder()
    load_registry_any(folder, jobs=1, progress=cold)
    assert cold.events[0] == ("start", ("progress.load", 3)) and cold.events[-1] == ("finish", None)
    assert sum(n for what, n in cold.events if what == "advance") == 3  # type: ignore[misc]
    warm = _Recorder()  # every file from the cache: counted at once
    load_registry_any(folder, jobs=1, progress=warm)
    assert warm.events == [("start", ("progress.load", 3)), ("advance", 3), ("finish", None)]
    broken = _Recorder()  # a failing load still clears the line
    (folder / "xa.yaml").write_text("documents: [", encoding="utf-8")
    with pytest.raises(RegistryError):
        load_registry_any(folder, jobs=1, progress=broken)
    assert broken.events[-1] == ("finish", None)


def test_the_command_draws_the_reading_on_a_terminal(tmp_path: Path, cache_dir: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    import vanban.cli as cli
    from vanban.cli.progress import TerminalProgress

    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    terminal = io.StringIO()  # what progress_for gives when stderr is a terminal (tested in test_province)
    monkeypatch.setattr(cli, "progress_for", lambda lang, stream=None: TerminalProgress(terminal, lang))
    result = CliRunner().invoke(main, ["--lang", "en", "validate", "--registry", str(folder)])
    assert result.exit_code == 0, result.output
    assert "Reading the registry [....................] 0/3" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r")  # the line cleared at the end
    assert "Reading" not in result.output  # stdout stays clean


# --- the findings of an unchanged registry, read back ----------------------------------------------------------
def _check(path: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--lang", "en", "check", "--registry", str(path), "--as-of", "2024-06-01",
                                       "--format", "json", "--exit-zero", *extra])
    return result.exit_code, result.output


def _rules_run(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A count of the times the rules are run (a CheckContext is made only to run them)."""
    from vanban.check import analysis as analysis_module

    runs: list[int] = []
    real = analysis_module.CheckContext

    def counting(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_module, "CheckContext", counting)
    return runs


def _registry_reads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """A count of the times a registry is read (every command reads it through load_registry_any)."""
    real = folder_module.load_registry_any
    reads: list[int] = []

    def counting(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(folder_module, "load_registry_any", counting)
    return reads


def test_an_unchanged_registry_is_not_checked_again(tmp_path: Path, cache_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa__an-phu.yaml": COMMUNE})
    runs = _rules_run(monkeypatch)
    first = _check(folder)
    assert first[0] == 0 and len(runs) == 1
    assert _check(folder) == first and len(runs) == 1  # read back: the same output, no rule run
    assert _check(folder, "--select", "VB1") != first and len(runs) == 2  # other settings: another entry
    # one file changed: checked again, and the change shows
    (folder / "xa" / "an-phu.yaml").write_text(COMMUNE.replace("3/KH-UBND", "3/KHH-UBND"), encoding="utf-8")
    changed = _check(folder)
    assert len(runs) == 3 and "KHH" in changed[1]
    assert _check(folder) == changed and len(runs) == 3
    # a file added to the folder (even one that is not yet a part): checked again
    (folder / "xa" / "an-hoa.yaml").write_text(COMMUNE.replace("3/KH-UBND", "4/KH-UBND"), encoding="utf-8")
    added = _check(folder)
    assert len(runs) == 4
    # a damaged entry is a miss: checked again, the same output
    for entry in (cache_dir / "reports").iterdir():
        entry.write_bytes(b"vanban-data-1" + b"\x00garbage")
    assert _check(folder) == added and len(runs) == 5
    # the cache off: every check runs its rules
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")
    assert _check(folder) == added and len(runs) == 6
    assert _check(folder) == added and len(runs) == 7


def test_a_locality_program_file_is_a_dependency(tmp_path: Path, cache_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from vanban.base.datafiles import data_path

    program = data_path("programs", "giam-ngheo-2021-2025.yaml").read_text(encoding="utf-8")
    folder = tmp_path / "so"
    folder.mkdir()
    (tmp_path / "ct.yaml").write_text(program, encoding="utf-8")
    (folder / "vanban.yaml").write_text(LOCALITY.replace("programs: [giam-ngheo-2021-2025]", "programs: [../ct.yaml]")
                                        + "\n" + ISSUERS.replace("vanban: 1\n", ""), encoding="utf-8")
    runs = _rules_run(monkeypatch)
    first = _check(folder / "vanban.yaml")
    assert first[0] == 0 and _check(folder / "vanban.yaml") == first and len(runs) == 1
    (tmp_path / "ct.yaml").write_text(program + "\n# sửa\n", encoding="utf-8")
    assert _check(folder / "vanban.yaml") == first and len(runs) == 2  # the program changed: checked again


def test_a_registry_with_problems_is_never_kept(tmp_path: Path, cache_dir: Path) -> None:
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS,
                                  "xa.yaml": COMMUNE.replace("2023-02-20", "2023-02-30")})
    assert _check(folder)[0] == 2 and _check(folder)[0] == 2
    assert not (cache_dir / "reports").exists() or not list((cache_dir / "reports").iterdir())


def test_report_shares_the_findings_kept_by_check(tmp_path: Path, cache_dir: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """`report` of an unchanged registry takes the findings an earlier `check` or `report` kept (the
    same registry, day, period and window, all rules): the same page, without running the rules."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS,
                                  "xa.yaml": COMMUNE.replace("3/KH-UBND", "3/KHH-UBND")})
    runs = _rules_run(monkeypatch)

    def report(name: str) -> str:
        out = tmp_path / name
        result = CliRunner().invoke(main, ["report", "--registry", str(folder), "--as-of", "2024-06-01", "-o", str(out)])
        assert result.exit_code == 0, result.output
        return out.read_text(encoding="utf-8")

    first = report("a.html")
    assert len(runs) == 1 and "KHH" in first
    assert report("b.html") == first and len(runs) == 1  # the kept findings: no rule run
    assert _check(folder)[0] == 0 and len(runs) == 1  # and check reads the same entry
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")
    assert report("c.html") == first and len(runs) == 2


def test_an_analysis_adopts_only_findings_of_its_own_day() -> None:
    import datetime as dt

    from vanban.base.safety import ArgumentError

    registry = load_registry(REAL, lenient_references=True)
    earlier = analyse(registry, as_of=dt.date(2023, 11, 17)).check()
    later = analyse(registry, as_of=dt.date(2023, 11, 18))
    with pytest.raises(ArgumentError):
        later.adopt(earlier)
    same = analyse(registry, as_of=dt.date(2023, 11, 17))
    same.adopt(earlier)
    assert same.check() is earlier


def test_a_file_changed_while_it_is_checked_is_checked_again(tmp_path: Path, cache_dir: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The findings are kept with the digests the load took, not the files as they are once the rules
    have run: a file saved meanwhile is not taken for the one the findings came from."""
    from vanban.check import analysis as analysis_module

    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    real = analysis_module.CheckContext
    runs: list[int] = []

    def editing(*args: Any, **kwargs: Any) -> Any:
        runs.append(1)
        if len(runs) == 1:  # a clerk saves the commune's file while the first check runs
            (folder / "xa.yaml").write_text(COMMUNE.replace("3/KH-UBND", "3/KHH-UBND"), encoding="utf-8")
        return real(*args, **kwargs)

    monkeypatch.setattr(analysis_module, "CheckContext", editing)
    first = _check(folder)
    assert "KHH" not in first[1]
    second = _check(folder)
    assert len(runs) == 2 and "KHH" in second[1]  # not the findings of the file as it was


def test_the_findings_are_kept_for_a_path_written_with_dot_slash(tmp_path: Path, cache_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copyfile(REAL, tmp_path / "vanban.yaml")
    monkeypatch.chdir(tmp_path)
    runs = _rules_run(monkeypatch)
    args = ["check", "--registry", "./vanban.yaml", "--as-of", "2024-06-01", "--exit-zero"]
    first = CliRunner().invoke(main, args).output
    assert CliRunner().invoke(main, args).output == first and len(runs) == 1


@pytest.mark.skipif(sys.platform == "win32", reason="FIFOs")
def test_a_kept_entry_is_checked_against_files_read_with_the_bounded_reader(tmp_path: Path, cache_dir: Path) -> None:
    """A file replaced by a FIFO after its findings were kept is not waited on: a miss, then the
    load's own message and exit 2."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    assert _check(folder)[0] == 0
    (folder / "xa.yaml").unlink()
    os.mkfifo(folder / "xa.yaml")
    code, output = _check(folder)
    assert code == 2 and "xa.yaml" in output and "Traceback" not in output


def test_a_kept_entry_prints_each_format_and_language_and_keeps_each_exit(tmp_path: Path, cache_dir: Path,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The text printed from kept findings is kept beside them: another format or language is printed
    from the findings without running the rules, and each --fail-level's exit status is the one a
    computed check gives."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS,
                                  "xa.yaml": COMMUNE.replace("3/KH-UBND", "3/KHH-UBND")})
    runs = _rules_run(monkeypatch)

    def run(*extra: str) -> tuple[int, str]:
        result = CliRunner().invoke(main, ["check", "--registry", str(folder), "--as-of", "2024-06-01", *extra])
        return result.exit_code, result.output

    computed = {args: run(*args) for args in [(), ("--lang", "en"), ("--format", "json"), ("--fail-level", "warning"),
                                               ("--fail-level", "never"), ("--by", "commune"),
                                               ("--by", "commune", "--format", "json", "--lang", "en")]}
    assert len(runs) == 1 and "KHH" in computed[()][1] and "KHH" in computed[("--format", "json")][1]
    assert computed[()][1] != computed[("--lang", "en")][1]  # each language its own text
    assert computed[("--fail-level", "warning")][0] == 1 and computed[("--fail-level", "never")][0] == 0
    assert json.loads(computed[("--by", "commune", "--format", "json", "--lang", "en")][1])["summary"]["warning"]
    for args, expected in computed.items():
        assert run(*args) == expected
    assert len(runs) == 1
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")  # and every one is what the rules give
    for args, expected in computed.items():
        assert run(*args) == expected
    assert len(runs) == 1 + len(computed)


def _check_in_a_new_python(folder: Path, as_of: str, cache_dir: Path,
                           watched: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """`vanban check` of *folder* as of *as_of*, in a Python of its own (nothing imported before it):
    the lines it printed, and which of the *watched* modules it imported."""
    import ast
    import subprocess

    program = (
        "import sys\n"
        "from vanban.cli import main\n"
        "try:\n"
        "    main(['check', '--registry', sys.argv[1], '--as-of', sys.argv[2]], standalone_mode=True)\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(repr([m for m in sys.argv[3:] if m in sys.modules]))\n"
    )
    env = {**os.environ, "VANBAN_CACHE_DIR": str(cache_dir)}
    done = subprocess.run([sys.executable, "-c", program, str(folder), as_of, *watched], capture_output=True,
                          text=True, env=env, check=True)
    *printed, loaded = done.stdout.splitlines()
    return printed, ast.literal_eval(loaded)


def test_a_check_read_back_loads_neither_the_reader_nor_the_rules(tmp_path: Path, cache_dir: Path) -> None:
    """`vanban check` of an unchanged registry prints the kept text: no module of the registry's
    reader, the rules or the finder is imported (docs/performance.md, "Start-up")."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    heavy = ("vanban.registry.core", "vanban.registry.assemble", "vanban.check.analysis", "vanban.cite.find",
             "vanban.check.rules.format", "ruamel.yaml")
    first, first_loaded = _check_in_a_new_python(folder, "2024-06-01", cache_dir, heavy)
    second, second_loaded = _check_in_a_new_python(folder, "2024-06-01", cache_dir, heavy)
    assert first_loaded[:1] == ["vanban.registry.core"]  # computed: the reader was needed
    assert second_loaded == []
    assert second == first  # the same text


def test_a_computed_check_of_cached_files_imports_no_yaml_parser(tmp_path: Path, cache_dir: Path) -> None:
    """A check that computes its findings (another day) from files whose parts are cached reads no
    YAML: ruamel.yaml and its C reader are not imported, nor tempfile for the entry it writes, nor
    calendar, hashlib or json, which it does not need (docs/performance.md, "Start-up"); the first
    run, which parsed, did import the reader."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    watched = ("ruamel.yaml", "tempfile", "dateutil.rrule", "calendar", "hashlib", "json", "vanban.check.analysis")
    _, first_loaded = _check_in_a_new_python(folder, "2024-06-01", cache_dir, watched)
    other_day, other_loaded = _check_in_a_new_python(folder, "2024-07-01", cache_dir, watched)
    assert first_loaded == ["ruamel.yaml", "vanban.check.analysis"]  # parsed
    assert other_loaded == ["vanban.check.analysis"]  # computed, from the cached parts
    assert any("01/07/2024" in line for line in other_day)


@pytest.mark.parametrize("shape", ["old", "exits", "text", "findings", "uncompressed"])
def test_a_kept_entry_of_another_shape_is_a_miss(shape: str, tmp_path: Path, cache_dir: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """An entry that unpickles but is not what this code writes (an older layout, an exit status or a
    text of the wrong type, findings that are not a report, bytes that do not decompress) is a miss:
    the check runs, with the same output."""
    import pickle
    import zlib

    from vanban.base.cachedir import read_pickle, write_pickle

    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})
    runs = _rules_run(monkeypatch)
    first = _check(folder)
    (entry_path,) = (cache_dir / "reports").iterdir()
    listing, sources, findings, exits, outputs = read_pickle(entry_path)
    damaged = {
        "old": lambda: (listing, sources, pickle.loads(zlib.decompress(findings))),
        "exits": lambda: (listing, sources, findings, {**exits, "error": "1"}, outputs),
        "text": lambda: (listing, sources, findings, exits, {key: 42 for key in outputs}),
        "findings": lambda: (listing, sources, zlib.compress(pickle.dumps(["not", "a", "report"])), exits, {}),
        "uncompressed": lambda: (listing, sources, b"not zlib", exits, {key: b"not zlib" for key in outputs}),
    }[shape]()
    assert write_pickle(entry_path, damaged)
    assert _check(folder) == first and len(runs) == 2


# Any shape a registry file may take, written as JSON (which is YAML): the fields the reader knows, with
# values of every kind where it expects others.
_FIELD_NAMES = st.sampled_from(["vanban", "locality", "issuers", "documents", "name", "level", "key", "code", "date",
                                "issuer", "title", "kind", "implements", "based_on", "subprojects", "deadlines",
                                "programs", "valid_from", "valid_until", "successors", "silence", "requires", "x"])
_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 3000) | st.sampled_from(
        ["1", "2", "36/KH-UBND", "2023-02-30", "2023-02-20", "UBND huyện Bình Sơn", "ubnd-xa", "xã", "tỉnh", ""]),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_FIELD_NAMES, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(_FIELD_NAMES, _VALUES, max_size=5))
def test_any_shape_of_a_file_is_read_and_its_part_survives_the_cache(shape: dict[str, Any]) -> None:
    """Whatever a file holds, reading it gives a part (with its problems) that the cache can keep and
    give back unchanged: a problem never carries a node or another value the part encoding refuses
    (`vanban: [...]` once did, and crashed the load with a traceback)."""
    text = json.dumps(shape, ensure_ascii=False)
    part = read_part(text, "x.yaml")
    assert Part.from_bytes(part.to_bytes(), "x.yaml") == part


def test_the_page_of_an_unchanged_registry_is_written_again_without_reading_it(
        tmp_path: Path, cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`report` keeps its page beside the findings: the same page again, the registry not even read;
    in another language, or once a file has changed, it is made again."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})

    def report(name: str, *extra: str) -> str:
        out = tmp_path / name
        result = CliRunner().invoke(main, ["report", "--registry", str(folder), "--as-of", "2024-06-01", "-o", str(out),
                                           *extra])
        assert result.exit_code == 0, result.output
        return out.read_text(encoding="utf-8")

    first = report("a.html")
    reads = _registry_reads(monkeypatch)
    assert report("b.html") == first and reads == []
    english = report("c.html", "--lang", "en")
    assert english != first and len(reads) == 1
    assert report("d.html", "--lang", "en") == english and len(reads) == 1
    (folder / "xa.yaml").write_text(COMMUNE.replace("3/KH-UBND", "3/KHH-UBND"), encoding="utf-8")
    changed = report("e.html")
    assert "KHH" in changed and len(reads) == 2


def test_coverage_is_printed_again_from_the_entry_a_check_kept(tmp_path: Path, cache_dir: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """`coverage` (and `coverage --by commune`) keeps what it printed beside the findings a `check` of
    the same day kept: printed again without reading the registry, the same text; nothing kept
    without such an entry; a changed file prints it afresh."""
    folder = _folder(tmp_path, **{"vanban.yaml": LOCALITY, "issuers.yaml": ISSUERS, "xa.yaml": COMMUNE})

    def coverage(*extra: str) -> str:
        result = CliRunner().invoke(main, ["coverage", "--registry", str(folder), "--as-of", "2024-06-01", *extra])
        assert result.exit_code == 0, result.output
        return result.output

    reads = _registry_reads(monkeypatch)
    variants = [(), ("--format", "json"), ("--by", "commune"), ("--by", "commune", "--format", "json")]
    before = {v: coverage(*v) for v in variants}  # no entry yet: each read the registry
    assert len(reads) == 4 and not (cache_dir / "reports").exists()
    assert _check(folder)[0] == 0 and len(reads) == 5  # (the check's own read: the entry is made)
    assert {v: coverage(*v) for v in variants} == before and len(reads) == 9  # made again, kept
    assert {v: coverage(*v) for v in variants} == before and len(reads) == 9  # printed from the entry
    (folder / "xa.yaml").write_text(COMMUNE + "# sửa\n", encoding="utf-8")
    assert coverage() == before[()] and len(reads) == 10  # read again (the file changed), the same matrix
