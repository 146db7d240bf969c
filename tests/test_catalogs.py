"""The catalogs every other part relies on: messages (vi + en), rules, the docs generated from them,
and the package's data files read by the one typed reader."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from vanban.base.datafiles import read_data_file
from vanban.base.errors import DataFileError
from vanban.base.messages import LANGS, has_message, message_ids, text
from vanban.base.rulecatalog import rule_catalog
from vanban.check.catalog import RULES, select_rules
from vanban.check.docs import render_rules, update_page
from vanban.cli.speak import CLICK_MESSAGES

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src" / "vanban"
# A literal message id in the code: "check.overdue", "cli.note", "help.opt.as-of" …
_ID = re.compile(r"^[a-z]+(?:\.[a-z0-9-]*[a-z0-9])+$")  # not a prefix ending in "-" or "."
SECTIONS = {i.split(".", 1)[0] for i in message_ids()}


def _is_module(dotted: str) -> bool:
    base = SRC.joinpath(*dotted.split("."))
    return base.with_suffix(".py").is_file() or (base / "__init__.py").is_file()


def _ids_in_code() -> set[str]:
    """Every string literal in src/ that has the shape of a catalog id of a known section."""
    found: set[str] = set()
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and _ID.match(node.value):
                if node.value.split(".", 1)[0] in SECTIONS and not node.value.endswith((".yaml", ".md", ".py")):
                    if not _is_module(node.value):  # the lazy imports of __init__ name modules
                        found.add(node.value)
    return found


def test_every_message_id_used_in_the_code_has_both_languages():
    used = _ids_in_code()
    assert len(used) > 100
    missing = sorted(i for i in used if not has_message(i))
    assert missing == []
    for msg_id in used:
        for lang in LANGS:
            assert text(msg_id, lang).strip() or msg_id.endswith((".hint", "date-unverified")), (msg_id, lang)


def test_every_message_renders_in_both_languages():
    """Given the placeholders either language uses, both texts render (no stray brace, no typo)."""
    for msg_id in message_ids():
        if msg_id.startswith("click."):
            continue  # click fills these itself (tested below)
        names = {n for lang in LANGS for n in re.findall(r"\{(\w+)", text(msg_id, lang))}
        for lang in LANGS:
            assert text(msg_id, lang, **{n: "x" for n in names}), (msg_id, lang)


def test_every_rule_message_is_in_the_catalog_and_every_rule_has_docs():
    catalog = rule_catalog()
    assert [r.code for r in catalog.rules] == sorted(r.code for r in catalog.rules)
    for rule in catalog.rules:
        assert rule.messages, rule.code
        for msg_id in rule.messages:
            assert has_message(msg_id), (rule.code, msg_id)
        assert has_message(f"rule.{rule.slug}")
        assert rule.what and rule.why and rule.example and rule.fix


def test_check_rules_have_functions_and_verify_rules_do_not():
    for rule in RULES.values():
        assert (rule.func is None) == (rule.group == "verify"), rule.code
    assert {r.code[:3] for r in RULES.values()} == {"VB1", "VB2", "VB3", "VB4", "VB5"}
    assert all(r.func is not None for r in select_rules())


def test_docs_rules_is_generated_from_the_catalog_and_current():
    page = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert update_page(page) == page, "stale: run python -m vanban.check.docs --write docs/rules.md"
    generated = render_rules()
    for rule in RULES.values():
        assert f"### {rule.code} {rule.slug}" in generated
    assert "/work/" not in page and not re.search(r"(?<![\w.])/(?:home|root|tmp|Users)/", page)


def test_click_messages_are_in_the_catalog():
    for english, msg_id in CLICK_MESSAGES.items():
        assert has_message(msg_id), english
        assert text(msg_id, "en") == english
        assert set(re.findall(r"\{[^}]*\}|%\(\w+\)s", text(msg_id, "vi"))) == set(
            re.findall(r"\{[^}]*\}|%\(\w+\)s", english)), msg_id


@pytest.mark.parametrize("name", ["kinds.yaml", "abbreviations.yaml", "requirements.yaml", "rules.yaml",
                                  "messages.yaml", "programs/giam-ngheo-2021-2025.yaml"])
def test_package_data_files_are_read_by_the_typed_reader(name):
    root, reader = read_data_file(*name.split("/"))
    assert root is not None and reader.file.endswith(name)


def test_a_broken_data_file_is_placed_like_a_broken_registry(monkeypatch):
    from vanban.base import datafiles
    from vanban.check import requirements

    broken = "defaults:\n  - when: {level: [tỉnh]}\n    kind: [Kế hoạch]\n    within: mười\n"
    monkeypatch.setattr(datafiles, "data_path", lambda *parts: _Text(broken))
    requirements._tables.cache_clear()
    try:
        with pytest.raises(DataFileError) as info:
            requirements.default_requirements()
    finally:
        monkeypatch.undo()
        requirements._tables.cache_clear()
    [problem] = info.value.problems
    assert (problem.line, problem.column, problem.field) == (4, 13, "defaults[0].within")
    assert "requirements.yaml:4:13" in info.value.render("en")


class _Text:
    def __init__(self, content: str) -> None:
        self.content = content

    def read_text(self, encoding: str = "utf-8") -> str:
        return self.content

    def read_bytes(self) -> bytes:
        return self.content.encode("utf-8")


# --- the cache of parsed package data (start-up): never the truth --------------------------------------------
def test_package_data_is_parsed_once_then_read_from_the_cache(tmp_path, monkeypatch):
    from vanban.base import datafiles

    monkeypatch.setenv("VANBAN_CACHE_DIR", str(tmp_path))
    built: list[int] = []

    def build():
        built.append(1)
        return {"kinds": ["Kế hoạch", "Quyết định"]}

    first = datafiles.cached_data("kinds.yaml", build)
    second = datafiles.cached_data("kinds.yaml", build)
    assert first == second == {"kinds": ["Kế hoạch", "Quyết định"]}
    assert len(built) == 1
    [entry] = (tmp_path / "data").iterdir()
    # a damaged entry is rebuilt, never trusted
    entry.write_bytes(b"vanban-data-1garbage")
    assert datafiles.cached_data("kinds.yaml", build) == first and len(built) == 2
    # an entry made by other code (another version, an edited module) is never read: a pickled class
    # whose fields changed would load wrong
    monkeypatch.setattr(datafiles, "code_fingerprint", lambda: "other-code")
    assert datafiles.cached_data("kinds.yaml", build) == first and len(built) == 3
    # and with the cache off, nothing is read or written
    monkeypatch.setenv("VANBAN_NO_CACHE", "1")
    assert datafiles.cached_data("kinds.yaml", build) == first and len(built) == 4


def test_the_code_fingerprint_follows_the_package_files(tmp_path, monkeypatch):
    from vanban.base import cachedir

    package = tmp_path / "vanban"
    (package / "base").mkdir(parents=True)
    (package / "base" / "cachedir.py").write_text("x = 1\n", encoding="utf-8")
    (package / "data").mkdir()
    (package / "data" / "kinds.yaml").write_text("kinds: []\n", encoding="utf-8")
    monkeypatch.setattr(cachedir, "__file__", str(package / "base" / "cachedir.py"))
    cachedir.code_fingerprint.cache_clear()
    try:
        before = cachedir.code_fingerprint()
        (package / "data" / "kinds.yaml").write_text("kinds: [1]\n", encoding="utf-8")
        cachedir.code_fingerprint.cache_clear()
        assert cachedir.code_fingerprint() != before
    finally:
        cachedir.code_fingerprint.cache_clear()
