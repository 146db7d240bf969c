"""Run every case of the bad-input corpus in one process under a memory limit; write the results.

    python tests/badinput/runner.py CASES.json RESULTS.json      (in the folder the cases live in)

Each case runs the ``vanban`` command in-process (click's CliRunner) in Vietnamese and in
English. The process has an address-space limit (``RLIMIT_AS``, :data:`MEMORY_LIMIT`) and each
run an alarm (:data:`TIME_LIMIT` seconds): a case that needs more memory fails with MemoryError
instead of taking the machine, one that loops is stopped. The name of the case being run is
written to ``RESULTS.json.current`` first, so a crash of the whole process (a segmentation
fault) names its case. For each run the result records the exit code, the output (stdout and
stderr), an exception that escaped (a traceback), the time and the growth of the peak memory.
"""

from __future__ import annotations

import json
import os
import resource
import signal
import sys
import time
from typing import Any

MEMORY_LIMIT = 2 << 30  # bytes of address space for the whole process
TIME_LIMIT = 60  # seconds a run may take


class _Timeout(Exception):
    pass


def _alarm(signum: int, frame: Any) -> None:
    raise _Timeout()


def run(cases: list[dict[str, Any]], out: str) -> list[dict[str, Any]]:
    from click.testing import CliRunner

    from vanban.cli import main

    results = []
    signal.signal(signal.SIGALRM, _alarm)
    for case in cases:
        for lang in ("vi", "en"):
            with open(out + ".current", "w", encoding="utf-8") as handle:
                handle.write(f"{case['name']} [{lang}]")
            before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            start = time.perf_counter()
            signal.alarm(TIME_LIMIT)
            escaped = None
            try:
                result = CliRunner().invoke(main, ["--lang", lang, *case["args"]], catch_exceptions=True)
                code = result.exit_code
                output = result.output
                if result.exception is not None and not isinstance(result.exception, SystemExit):
                    escaped = f"{type(result.exception).__name__}: {result.exception}"
            except _Timeout:
                code, output, escaped = -1, "", f"no result within {TIME_LIMIT} s"
            finally:
                signal.alarm(0)
            results.append({
                "name": case["name"], "lang": lang, "exit": code, "output": output, "escaped": escaped,
                "seconds": round(time.perf_counter() - start, 3),
                "memory_mb": round(max(0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024, 1),
            })
    return results


def main() -> None:
    cases_file, out = sys.argv[1], sys.argv[2]
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    os.environ.setdefault("VANBAN_LOCK_TIMEOUT", "10")
    with open(cases_file, encoding="utf-8") as handle:
        cases = json.load(handle)
    results = run(cases, out)
    with open(out, "w", encoding="utf-8") as handle:
        json.dump(results, handle, ensure_ascii=False, indent=1)
    os.unlink(out + ".current")


if __name__ == "__main__":
    main()
