"""The bad-input corpus (tests/badinput/): every case gives its message, exit 2, no traceback,
in bounded time and memory.

The cases run in one child process (tests/badinput/runner.py) with an address-space limit, so a
case that crashes the interpreter or exhausts memory fails this test instead of the test run.
docs/reliability.md lists what the corpus covers.
"""

from __future__ import annotations

import collections
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "badinput"))
import generate  # noqa: E402

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="the runner limits memory with RLIMIT_AS (POSIX)")

#: every run must finish within this many seconds and grow the peak memory by at most this much
SECONDS = 20.0
MEMORY_MB = 600


def _fill(text: str, case: dict[str, Any], registry: str) -> str:
    file = case["file"] or ""
    return text.replace("{file_name}", Path(file).name).replace("{file}", file).replace("{registry}", registry)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[dict[str, Any]], dict[tuple[str, str], dict]]:
    folder = tmp_path_factory.mktemp("badinput")
    cases = generate.build(folder)
    (folder / "registries").mkdir()
    for index, case in enumerate(cases):
        registry = f"registries/{index}.yaml"
        shutil.copyfile(generate.REGISTRY, folder / registry)
        case["registry"] = registry
        case["args"] = [_fill(arg, case, registry) for arg in case["run"]]
    (folder / "cases.json").write_text(json.dumps(cases, ensure_ascii=False), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    done = subprocess.run([sys.executable, str(HERE / "badinput" / "runner.py"), "cases.json", "results.json"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=1800)
    current = folder / "results.json.current"
    assert done.returncode == 0, (
        f"the runner died ({done.returncode}) in {current.read_text() if current.exists() else '?'}:\n"
        f"{done.stderr[-3000:]}")
    results = json.loads((folder / "results.json").read_text(encoding="utf-8"))
    return cases, {(r["name"], r["lang"]): r for r in results}


def test_the_corpus_is_large_enough(corpus):
    cases, _ = corpus
    refused = [c for c in cases if c["exit"] == 2]
    assert len(refused) >= 60
    assert len({c["category"] for c in cases}) >= 10


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_case_gives_its_message(corpus, lang):
    cases, results = corpus
    failures = []
    for case in cases:
        result = results[(case["name"], lang)]
        problems = []
        if result["escaped"]:
            problems.append(f"escaped: {result['escaped']}")
        if "Traceback" in result["output"]:
            problems.append("a traceback")
        if result["exit"] != case["exit"]:
            problems.append(f"exit {result['exit']}, expected {case['exit']}")
        for fragment in case[lang]:  # a list: any one of its texts
            options = [_fill(f, case, case["registry"]) for f in (fragment if isinstance(fragment, list) else [fragment])]
            if not any(option in result["output"] for option in options):
                problems.append(f"missing {' or '.join(map(repr, options))}")
        if case["exit"] == 2 and not result["output"].strip():
            problems.append("no message")
        if result["seconds"] > SECONDS:
            problems.append(f"{result['seconds']} s")
        if result["memory_mb"] > MEMORY_MB:
            problems.append(f"{result['memory_mb']} MB")
        if problems:
            failures.append(f"{case['name']}: {'; '.join(problems)}\n    {result['output'][:400]!r}")
    assert not failures, "\n".join(failures)


def test_messages_are_in_the_language_of_the_run(corpus):
    cases, results = corpus
    for case in cases:
        vi, en = results[(case["name"], "vi")], results[(case["name"], "en")]
        if case["exit"] == 2 and vi["output"].strip():
            assert vi["output"] != en["output"], case["name"]


def summary(corpus) -> dict[str, int]:
    cases, _ = corpus
    return dict(collections.Counter(c["category"] for c in cases))
