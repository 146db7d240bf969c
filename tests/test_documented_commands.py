"""The README's commands on the bundled registry, compared with recorded outputs.

Each command of README.md ("Using it") runs on data/registry.yaml with a fixed date, in
Vietnamese and in English, and its output is compared with ``tests/data/cli-golden/``. A
change of behaviour shows here as a diff; an intended one is recorded with

    python tests/test_documented_commands.py --update [NAME ...]

and reviewed in the commit like any other change.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "data" / "cli-golden"
SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
EDXML = ROOT / "tests" / "data" / "edxml" / "standard.xml"
REGISTER = GOLDEN / "so-van-ban-di.csv"
AS_OF = "2023-11-17"

#: name → arguments after "vanban [--lang L]"; {seed}, {docx}, {edxml}, {register}, {out} are filled in.
COMMANDS: dict[str, list[str]] = {
    "check": ["check", "--as-of", AS_OF],
    "check-json": ["check", "--as-of", AS_OF, "--select", "VB104,missing-unit", "--format", "json"],
    "check-md": ["check", "--as-of", AS_OF, "--format", "md"],
    "check-github": ["check", "--as-of", AS_OF, "--format", "github"],
    "coverage": ["coverage", "--as-of", AS_OF],
    "coverage-json": ["coverage", "--as-of", AS_OF, "--format", "json"],
    "due": ["due", "--as-of", AS_OF, "--within", "30"],
    "due-all": ["due", "--as-of", AS_OF, "--all"],
    "report": ["report", "-o", "{out}/bao-cao.html", "--as-of", AS_OF],
    "appendix": ["appendix", "--for", "733/BC-UBND", "--issuer", "UBND huyện Bình Sơn", "--issuer", "Huyện ủy Bình Sơn"],
    "appendix-docx": ["appendix", "--for", "733/BC-UBND", "--format", "docx", "--layout", "table", "--group-by", "year",
                      "-o", "{out}/phu-luc.docx"],
    "verify": ["verify", "{seed}", "--as-of", AS_OF],
    "verify-docx": ["verify", "{docx}", "--as-of", AS_OF],
    "extract-json": ["extract", "{docx}", "--format", "json"],
    "extract-explain": ["extract", "{seed}", "--explain"],
    "extract-merge": ["extract", "{seed}", "--merge", "--dry-run"],
    "register-import": ["register", "import", "{register}", "--dry-run"],
    "register-export": ["register", "export", "{out}/so-van-ban-di.csv"],
    "edxml-import": ["edxml", "import", "{edxml}", "--dry-run"],
    "add": ["add", "Kế hoạch số 200/KH-UBND ngày 01/12/2023", "--subproject", "DA6-TDA2", "--dry-run"],
    "validate": ["validate"],
    "list": ["list"],
    "tree": ["tree", "90/QĐ-TTg"],
    "show": ["show", "2332/QĐ-UBND", "--as-of", AS_OF],
    "issuers": ["issuers"],
    # the two registries of today's world (README, "Starting a registry"; docs/registry.md)
    "check-commune": ["check", "--registry", "examples/xa-van-tuong/vanban.yaml", "--as-of", "2026-12-01"],
    "check-province": ["check", "--registry", "examples/tinh-quang-ngai/vanban.yaml", "--as-of", "2025-11-30"],
    "coverage-commune": ["coverage", "--registry", "examples/xa-van-tuong/vanban.yaml", "--as-of", "2026-12-01"],
    "check-binh-son-2026": ["check", "--as-of", "2026-12-01"],
}
#: Files a command writes, whose content is part of its output.
WRITTEN = {"report": "bao-cao.html", "appendix-docx": "phu-luc.docx", "register-export": "so-van-ban-di.csv"}
LANGS = ("vi", "en")


def _docx_of(text: str, path: Path) -> Path:
    """The seed report as a .docx, one paragraph a line (what a clerk's Word file holds)."""
    from docx import Document

    doc = Document()
    for line in text.splitlines():
        doc.add_paragraph(line)
    doc.save(path)
    return path


def run(name: str, lang: str, tmp: Path) -> str:
    """The command's output (stdout, stderr, exit status, and any file it wrote), paths made relative."""
    from vanban.cli import main

    out = tmp / "out"
    out.mkdir(exist_ok=True)
    docx = tmp / "bao-cao.docx"
    if not docx.exists():
        _docx_of(SEED.read_text(encoding="utf-8"), docx)
    fill = {"seed": str(SEED.relative_to(ROOT)), "docx": str(docx), "edxml": str(EDXML.relative_to(ROOT)),
            "register": str(REGISTER.relative_to(ROOT)), "out": str(out)}
    args = ["--lang", lang] if lang != "vi" else []
    args += [a.format(**fill) for a in COMMANDS[name]]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    text = f"$ vanban {' '.join(args)}\n[exit {result.exit_code}]\n{result.stdout}"
    if result.stderr:
        text += f"[stderr]\n{result.stderr}"
    written = WRITTEN.get(name)
    if written:
        path = out / written
        if path.suffix == ".docx":
            from vanban.io.docx import read_docx_text

            content = read_docx_text(str(path))
        else:
            content = path.read_text(encoding="utf-8-sig")
        text += f"[file {written}]\n{content}\n"
    for real, shown in ((str(out), "<out>"), (str(tmp), "<tmp>")):
        text = text.replace(real, shown)
    return text


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)  # the README's commands run from the repository root
    monkeypatch.delenv("VANBAN_REGISTRY", raising=False)


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_documented_command_output_is_unchanged(name: str, lang: str, tmp_path: Path, in_root: None) -> None:
    expected = (GOLDEN / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    assert run(name, lang, tmp_path) == expected


def _update(only: list[str]) -> None:
    import os
    import tempfile

    os.chdir(ROOT)
    os.environ.pop("VANBAN_REGISTRY", None)
    GOLDEN.mkdir(parents=True, exist_ok=True)
    names = [name for name in sorted(COMMANDS) if not only or name in only]
    for name in names:
        for lang in LANGS:
            with tempfile.TemporaryDirectory() as tmp:
                (GOLDEN / f"{name}.{lang}.txt").write_text(run(name, lang, Path(tmp)), encoding="utf-8")
    print(f"recorded {len(names) * len(LANGS)} outputs in {GOLDEN.relative_to(ROOT)}")


if __name__ == "__main__":
    if "--update" in sys.argv:
        sys.path.insert(0, str(ROOT / "src"))
        _update([arg for arg in sys.argv[1:] if arg != "--update"])
    else:
        print(__doc__)
