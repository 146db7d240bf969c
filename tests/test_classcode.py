"""attrs' generated methods kept compiled between runs (base/classcode.py): a second start compiles
none of vanban's classes, the classes behave the same, a store that does not read is ignored, and
nothing else's classes are kept."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import pytest

from vanban.base import classcode

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"

#: a check of the bundled registry through the `vanban` script's entry (which writes the store), then
#: what the process compiled and took from the store, and a few facts about the classes it made
_PROGRAM = """
import sys
from vanban.cli import run
import vanban.base.classcode as classcode

def report():
    import datetime, attrs
    from vanban.registry.model import Period
    from vanban.base.dates import WrittenDate
    a = Period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    b = Period(datetime.date(2023, 1, 1), datetime.date(2023, 12, 31))
    facts = [a == b, hash(a) == hash(b), a != attrs.evolve(a, end=datetime.date(2024, 1, 1)), repr(a)]
    print("CLASSCODE", repr((classcode.stats(), facts)), file=sys.stderr)

real_save = classcode.save
classcode.save = lambda: (report(), real_save())
sys.argv = ["vanban", "check", "--registry", sys.argv[1], "--as-of", "2023-11-17", "--exit-zero"]
run()
"""


def _check(cache: Path | None) -> tuple[str, tuple[tuple[int, int], list[object]]]:
    """What the check printed, and (compiled, taken from the store) with the facts of _PROGRAM."""
    env = {key: value for key, value in os.environ.items() if key not in ("VANBAN_NO_CACHE", "VANBAN_CACHE_DIR")}
    if cache is None:
        env["VANBAN_NO_CACHE"] = "1"
    else:
        env["VANBAN_CACHE_DIR"] = str(cache)
        shutil.rmtree(cache / "reports", ignore_errors=True)  # findings computed, not read back: every class
    done = subprocess.run([sys.executable, "-c", _PROGRAM, str(REGISTRY)], capture_output=True, text=True,
                          env=env, check=True)
    (line,) = [line for line in done.stderr.splitlines() if line.startswith("CLASSCODE ")]
    return done.stdout, ast.literal_eval(line.removeprefix("CLASSCODE "))


def _store_file(cache: Path) -> Path:
    (path,) = (cache / "classcode").iterdir()
    return path


def test_a_second_start_compiles_none_of_vanbans_classes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first_output, ((first_compiled, first_kept), first_facts) = _check(cache)
    assert first_compiled >= 40 and first_kept == 0  # every class of a check compiled, then kept
    stored = _store_file(cache).read_bytes()
    second_output, ((second_compiled, second_kept), second_facts) = _check(cache)
    assert second_compiled == 0 and second_kept >= 40  # every one from the store
    assert _store_file(cache).read_bytes() == stored  # nothing new: not written again
    # the classes made from kept code behave as the compiled ones; the output is the same
    assert second_facts == first_facts and second_facts[:3] == [True, True, True]
    assert "Period(start=datetime.date(2023, 1, 1)" in str(second_facts[3])
    assert second_output == first_output


def test_with_the_cache_off_nothing_is_kept_and_nothing_changes(tmp_path: Path) -> None:
    cached_output, _ = _check(tmp_path / "cache")
    output, ((compiled, kept), facts) = _check(None)
    assert compiled >= 40 and kept == 0 and facts[:3] == [True, True, True]
    assert output == cached_output
    assert not (tmp_path / "cache" / "classcode").exists() or len(list((tmp_path / "cache" / "classcode").iterdir())) == 1


@pytest.mark.parametrize("damage", [b"", b"not marshal at all", b"\xfb\x00\x00", "list"])
def test_a_store_that_does_not_read_is_ignored_and_rewritten(tmp_path: Path, damage: bytes | str) -> None:
    import marshal

    cache = tmp_path / "cache"
    output, _ = _check(cache)
    store = _store_file(cache)
    store.write_bytes(marshal.dumps([1, 2, 3]) if damage == "list" else damage)  # type: ignore[arg-type]
    again, ((compiled, kept), facts) = _check(cache)
    assert again == output and compiled >= 40 and kept == 0 and facts[:3] == [True, True, True]
    third, ((compiled, kept), _) = _check(cache)  # rewritten whole by the run that found it damaged
    assert third == output and compiled == 0 and kept >= 40


def test_the_hook_answers_attrs_for_vanbans_classes_only() -> None:
    import attr._make

    import vanban  # noqa: F401 - installs the hook

    assert attr._make.compile is classcode._compile  # attrs still compiles through its module's name

    @attrs.frozen
    class NotOurs:  # a class of another package (here, the tests'): compiled by attrs, not kept
        x: int

    assert NotOurs(1) == NotOurs(1) and hash(NotOurs(1)) == hash(NotOurs(1))
    assert classcode._store is None or not any("NotOurs" in name for name, _ in classcode._store)


def test_the_key_ignores_only_the_per_process_hash_salt() -> None:
    name = "<attrs generated methods vanban.x.Y>"
    script = "def __hash__(self):\n        return hash((\n                {salt},\n                self.a,\n            ))"
    assert classcode._key(script.format(salt=123), name) == classcode._key(script.format(salt=-987654321), name)
    assert classcode._key(script.format(salt=1), name) != classcode._key(script.format(salt=1) + "\n", name)
    assert classcode._key(script.format(salt=1), name) != classcode._key(script.format(salt=1), name + "Z")


def test_the_key_replaces_a_number_only() -> None:
    # a hashed field in the salt's place (another attrs' layout) is part of the key, not replaced
    name = "<attrs generated methods vanban.x.Y>"
    script = "def __hash__(self):\n        return hash((\n                {first},\n                self.b,\n            ))"
    assert classcode._key(script.format(first="self.a"), name) != classcode._key(script.format(first="self.c"), name)


def test_the_script_sets_the_collector_for_a_command_before_the_command_line_is_imported(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The `vanban` script (pyproject's entry point) sets the collector's thresholds for a command,
    then runs the command line; a library caller's process keeps its own."""
    import gc
    import tomllib

    import vanban.__main__ as script
    import vanban.cli
    from vanban.base.collector import COMMAND_THRESHOLDS

    entry = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]["vanban"]
    assert entry == "vanban.__main__:run"
    seen: list[tuple[int, int, int]] = []
    monkeypatch.setattr(vanban.cli, "run", lambda: seen.append(gc.get_threshold()))
    before = gc.get_threshold()
    assert before != COMMAND_THRESHOLDS  # importing vanban changed nothing
    try:
        script.run()
    finally:
        gc.set_threshold(*before)
    assert seen == [COMMAND_THRESHOLDS]


def test_a_store_that_cannot_be_written_changes_nothing(tmp_path: Path) -> None:
    """The store's folder taken by a file (or not writable): nothing is kept, nothing fails."""
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "classcode").write_text("not a folder", encoding="utf-8")
    output, ((compiled, kept), facts) = _check(cache)
    again, ((compiled_again, kept_again), _) = _check(cache)
    assert compiled >= 40 and kept == 0 and facts[:3] == [True, True, True]
    assert compiled_again >= 40 and kept_again == 0  # compiled again: nothing was kept
    assert again == output and (cache / "classcode").read_text(encoding="utf-8") == "not a folder"


def test_two_starts_at_once_leave_a_store_that_reads(tmp_path: Path) -> None:
    """Two commands writing the store at the same moment: each write is whole (a temporary file
    renamed over it), so the next start takes every class from it."""
    from concurrent.futures import ThreadPoolExecutor

    cache = tmp_path / "cache"
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(lambda _: _check(cache), range(2)))
    assert runs[0][0] == runs[1][0]
    output, ((compiled, kept), _) = _check(cache)
    assert output == runs[0][0] and compiled == 0 and kept >= 40
    assert [path.name for path in (cache / "classcode").iterdir()] == [_store_file(cache).name]  # no temporary left
