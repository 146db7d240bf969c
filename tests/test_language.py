"""One language per run: the README's commands (and every --help) say nothing in the other language.

Every text a person reads comes from the message catalog, so the test looks for the catalog's
texts themselves: no piece of a Vietnamese message in the output of ``--lang en``, no piece of an
English message in the default (Vietnamese) output. Document content — titles, names, citations,
the registry's own words — is not a message and is not looked at.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from click.testing import CliRunner

from test_documented_commands import COMMANDS, run
from vanban.base.messages import message_ids, text
from vanban.cli import main

# Pieces shorter than this (a word, a unit) can legitimately appear in either language.
MIN_PIECE = 12
# Catalog sections whose texts are document content written into files or outputs in Vietnamese
# whatever the language of the run (registry comments), not messages of the run.
CONTENT_SECTIONS = ("comment.",)
#: The document's own vocabulary, the same in both languages of a message (kind and level names,
#: a Vietnamese term of art kept in an English message): not evidence of a mix.
SHARED = re.compile(r"(?i:sổ đăng ký|danh mục|trích yếu|phụ lục|nghị định|kế hoạch|quyết định|công văn|chương trình"
                    r"|cơ quan ban hành|ký hiệu văn bản|văn bản chỉ đạo)")


@lru_cache(maxsize=None)
def pieces(lang: str) -> tuple[str, ...]:
    """Literal pieces of the catalog's texts in *lang* that the other language does not share."""
    other = "en" if lang == "vi" else "vi"
    out: set[str] = set()
    for msg_id in message_ids():
        if msg_id.startswith(CONTENT_SECTIONS):
            continue
        mine, theirs = text(msg_id, lang), text(msg_id, other)
        for piece in re.split(r"\{[^}]*\}|%\(\w+\)s|[\"“”'‘’()\[\]:;,.—–…→|]", mine):
            piece = " ".join(piece.split())
            if len(piece) >= MIN_PIECE and piece not in theirs and not SHARED.search(piece) and " " in piece:
                out.add(piece)
    return tuple(sorted(out, key=len, reverse=True))


def other_language_in(output: str, lang: str) -> list[str]:
    """Pieces of messages of the other language found in *output* (written in *lang*)."""
    other = "en" if lang == "vi" else "vi"
    return [p for p in pieces(other) if p in output]


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    monkeypatch.delenv("VANBAN_REGISTRY", raising=False)


def test_the_pieces_are_real():
    assert len(pieces("vi")) > 200 and len(pieces("en")) > 200
    assert other_language_in("vanban: không tìm thấy tệp sổ đăng ký", "en") == ["không tìm thấy tệp"]
    assert other_language_in("Usage: vanban check", "vi") == []  # too short a piece to judge
    assert other_language_in("Show this message and exit.", "vi") == ["Show this message and exit"]


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_documented_command_speaks_one_language(name: str, lang: str, tmp_path: Path, in_root: None) -> None:
    output = run(name, lang, tmp_path)
    assert other_language_in(output, lang) == []


def _commands(group=main, prefix=()):
    for name, command in sorted(group.commands.items()):
        yield (*prefix, name)
        if hasattr(command, "commands"):
            yield from _commands(command, (*prefix, name))


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("command", [(), *_commands()], ids=lambda c: " ".join(c) or "vanban")
def test_help_speaks_one_language(command: tuple[str, ...], lang: str) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, *command, "--help"])
    assert result.exit_code == 0, result.output
    assert other_language_in(result.output, lang) == []
    heading = "Cách dùng:" if lang == "vi" else "Usage:"
    assert result.output.startswith(heading)


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("args", [
    ["check", "--as-of", "30/02/2023"],
    ["check", "--period", "2025-2021"],
    ["check", "--format", "xml"],
    ["check", "--no-such-option"],
    ["no-such-command"],
    ["show"],
    ["check", "--within", "-1"],
    ["check", "--select", "VB999"],
    ["show", "999/QĐ-UBND"],
    ["appendix", "--issuer", "UBND huyện Không Có"],
])
def test_usage_errors_speak_one_language(args: list[str], lang: str, in_root: None) -> None:
    result = CliRunner().invoke(main, ["--lang", lang, *args])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert other_language_in(result.output, lang) == []
    if lang == "vi":
        assert not re.search(r"\b(Usage|Error|Invalid value|Missing argument|No such)\b", result.output), result.output


# --- what the YAML reader (libyaml) says, in the user's language -----------------------------------------------
def _libyaml_texts() -> set[str]:
    """Every problem and context text of the installed reader: libyaml's (read from the compiled
    library) and ruamel's composer's (which builds the nodes from libyaml's events)."""
    import _ruamel_yaml_clibz
    import ruamel.yaml.composer

    data = Path(_ruamel_yaml_clibz.__file__).read_bytes()
    pattern = rb"(?<=\x00)((?:found|did not find|could not find|while (?:parsing|scanning)|mapping (?:values|keys)"
    pattern += rb"|block sequence|control characters|input is too|invalid (?:leading|trailing|length|Unicode)"
    pattern += rb"|incomplete UTF|unexpected low|second occurrence)[ -~]*)(?=\x00)"
    texts = {m.decode() for m in re.findall(pattern, data)}
    composer = Path(ruamel.yaml.composer.__file__).read_text(encoding="utf-8")
    texts |= set(re.findall(r"'((?:expected a single|but found|found undefined|found duplicate)[^'{]*)'", composer))
    return {t.strip() for t in texts}


def test_every_problem_libyaml_has_is_translated() -> None:
    from vanban.base.yamlread import reader_says

    texts = _libyaml_texts()
    assert len(texts) > 60 and "did not find expected node content" in texts and "but found another document" in texts
    untranslated = sorted(t for t in texts if reader_says(t).id == "yaml-problem.other")
    assert untranslated == []
    for t in texts:  # the English is libyaml's own text; the Vietnamese says it in Vietnamese
        assert reader_says(t).render("en") == t
        assert reader_says(t).render("vi") != t
    assert reader_says("a text no reader has").render("vi").endswith("“a text no reader has”)")
    assert reader_says("found undefined alias 'x'") == reader_says("found undefined alias")  # ruamel names it


BROKEN_YAML = {
    "an unclosed list": "vanban: 1\nlocality: [a, b\n",
    "an unclosed quote": 'vanban: 1\nlocality:\n  name: "x\n  level: xã\n',
    "a colon in a value": "vanban: 1\nlocality:\n  name: thực hiện: Chương trình\n",
    "a tab": "vanban: 1\nlocality:\n\tname: x\n",
    "a bad indentation": "vanban: 1\n  locality: x\nissuers: []\n",
    "an undefined alias": "vanban: 1\nlocality: *x\n",
    "an unknown escape": 'vanban: 1\nlocality: "a\\qb"\n',
    "a value missing": "vanban: 1\nissuers:\n  - [\n",
    "a second document": "vanban: 1\n---\nvanban: 1\n",
    "a key with a question mark": "vanban: ? 1\n",
}


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("name", sorted(BROKEN_YAML))
def test_a_yaml_syntax_error_speaks_one_language(name: str, lang: str, tmp_path: Path) -> None:
    path = tmp_path / "vanban.yaml"
    path.write_text(BROKEN_YAML[name], encoding="utf-8")
    result = CliRunner().invoke(main, ["--lang", lang, "validate", "--registry", str(path)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output and f"{path}:" in result.output
    assert other_language_in(result.output, lang) == []
    if lang == "vi":  # none of libyaml's English
        assert not [t for t in _libyaml_texts() if t in result.output], result.output
    else:
        assert [t for t in _libyaml_texts() if t in result.output], result.output


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(list("ab: -[]{}\"'\n\t#&*!|>%@`,?\\") + ["---", "...", "\u2028", "\x85", "é",
                                                                            "\U0001F600"]), max_size=40).map("".join))
def test_no_broken_yaml_quotes_the_readers_english(text: str) -> None:
    """Whatever is broken in a registry, the Vietnamese message says it in Vietnamese."""
    from vanban.base.errors import ProblemsError
    from vanban.base.yamlread import compose

    try:
        compose(text, "x.yaml", ProblemsError)
    except ProblemsError as exc:
        for problem in exc.problems:
            assert "tiếng Anh" not in problem.render("vi"), problem.render("vi")
