"""Start-up: `vanban check` on the bundled registry against `python -c pass`, in one run.

Each command is run --repeat times as a child process (with bytecode caching on, as an installed
package has it: PYTHONDONTWRITEBYTECODE is removed from the children's environment) and the least
CPU time (user + system, from resource.getrusage) is kept; the caches are warmed by one run first.
Also measured: importing only vanban's required third-party libraries (attrs, click, ruamel.yaml,
dateutil, sqlite3) — the part of the start-up no change to vanban's own code can remove — and
`vanban --version` (the import of the command line alone). The check is timed twice: run again on
the unchanged registry (its findings read back from the cache, as a clerk's second run is), and
with its findings computed: the kept findings are deleted before each of those runs (the parsed
registry and the package's data stay cached, as after an edit of another file). The runs use a
cache folder of their own, so neither an earlier run of this benchmark nor the user's cache answers.

Run:  python benchmarks/startup.py [--repeat 15]
Writes benchmarks/out/startup.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from _common import OUT, ROOT, environment

VENV_BIN = Path(sys.executable).parent
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "import attrs, click, ruamel.yaml, dateutil, sqlite3": [
        sys.executable, "-c", "import attrs, click, ruamel.yaml, dateutil.rrule, sqlite3"],
    "vanban --version": [str(VENV_BIN / "vanban"), "--version"],
    "vanban check --as-of 2023-11-17": [str(VENV_BIN / "vanban"), "check", "--as-of", "2023-11-17", "--exit-zero"],
}
#: the same check with its findings computed, not read back: the kept findings are deleted before
#: each run (the registry's parsed part still comes from the cache, as after an edit of another file)
COMPUTED = "vanban check, findings computed (kept findings deleted before each run)"
CHECK = [str(VENV_BIN / "vanban"), "check", "--as-of", "2023-11-17", "--exit-zero"]


def cpu_seconds(argv: list[str], env: dict[str, str], forget_findings: Path | None = None) -> float:
    if forget_findings is not None:
        shutil.rmtree(forget_findings, ignore_errors=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(argv, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args(argv)
    cache = Path(tempfile.mkdtemp(prefix="vanban-startup-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["VANBAN_CACHE_DIR"] = str(cache)
    results = {}
    try:
        for name, command in COMMANDS.items():
            cpu_seconds(command, env)  # warm: bytecode and vanban's caches
            results[name] = round(min(cpu_seconds(command, env) for _ in range(args.repeat)) * 1000, 1)
        findings = cache / "reports"  # where check/reportcache.py keeps findings
        results[COMPUTED] = round(min(cpu_seconds(CHECK, env, findings) for _ in range(args.repeat)) * 1000, 1)
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    floor = results["python -c pass"]
    for name, ms in results.items():
        print(f"{name:<60} {ms:7.1f} ms CPU  {ms / floor:5.1f}× python -c pass")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "startup.json").write_text(json.dumps({"benchmark": "startup", **environment(), "cpu_ms": results},
                                                 indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
