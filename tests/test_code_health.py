"""The code base stays one house: no block of six lines written twice in src/."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "vanban"
WINDOW = 6
#: lines that carry no logic of their own: a window made only of these is not a duplicate
TRIVIAL = {"", ")", "]", "}", "),", "],", "},", "pass", "else:", "try:", "continue", "break", "return", '"""'}


def _lines(path: Path) -> list[tuple[int, str]]:
    """(line number, line without indentation), leaving out blank lines and comments."""
    out = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            out.append((number, stripped))
    return out


def duplicate_blocks(root: Path = SRC, window: int = WINDOW) -> list[list[str]]:
    """Places where the same *window* lines stand twice or more (file:line of each)."""
    seen: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        lines = _lines(path)
        for i in range(len(lines) - window + 1):
            block = tuple(text for _, text in lines[i : i + window])
            if all(text in TRIVIAL or len(text) < 4 or text.startswith(("import ", "from ")) for text in block):
                continue  # imports say what a module uses: two modules may well use the same
            seen[block].append(f"{path.relative_to(root.parent)}:{lines[i][0]}")
    return [places for places in seen.values() if len(places) > 1]


def test_no_block_of_six_lines_is_written_twice():
    assert duplicate_blocks() == []


def test_the_check_finds_a_copy(tmp_path: Path):
    body = "\n".join(f"    value_{i} = compute({i})" for i in range(6))
    (tmp_path / "a.py").write_text(f"def f():\n{body}\n", encoding="utf-8")
    (tmp_path / "b.py").write_text(f"def g():\n{body}\n", encoding="utf-8")
    assert len(duplicate_blocks(tmp_path)) == 1


# --- the packages' lazy names (base/lazyexports.py) ---------------------------------------------------------------
def test_every_lazily_exported_name_is_there_and_nothing_else() -> None:
    """Each name a package lists in __all__ is importable from it, is the object of the module its
    map names, and appears in dir(); any other name is an AttributeError."""
    import importlib

    import pytest

    for name in ("vanban", "vanban.registry", "vanban.check"):
        package = importlib.import_module(name)
        where = package._WHERE
        assert sorted(package.__all__) == sorted(where), name
        for exported in package.__all__:
            value = getattr(package, exported)
            module = importlib.import_module(f"{name}.{where[exported]}" if name != "vanban" else
                                             f"vanban.{where[exported]}")
            assert value is getattr(module, exported), (name, exported)
            assert exported in dir(package)
        with pytest.raises(AttributeError):
            getattr(package, "no_such_name")
