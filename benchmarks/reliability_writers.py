"""Many writers at once on one registry: every kind of change vanban makes, as real processes.

    python benchmarks/reliability_writers.py [--writers 20] [--rounds 10] [--kill 10]

Each round copies data/registry.yaml to a fresh folder and starts ``--writers`` processes at
the same moment (``python -m vanban``), in turn of the four kinds that write a registry:

- ``add`` of one citation;
- ``extract --merge`` of a text citing one new document;
- ``register import`` of a CSV register with one new row;
- ``edxml import`` of an edXML message (tests/data/edxml/standard.xml with a new number and day).

Every writer adds a document no other writer adds (its own number and day). When all have
finished, the registry is read: every writer that exited 0 must have its document in the file
("lost" counts those that do not), every other must have printed a message (no traceback). The
lock file must be gone. ``--kill`` then starts that many ``add`` processes and kills each
(SIGKILL) at a random moment of its run: the registry must still read, hold the old documents,
and take a new ``add`` afterwards.

Writes benchmarks/out/reliability_writers.json. The test suite runs a smaller version
(tests/test_reliability.py); the figures in docs/reliability.md come from this script.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
EDXML = ROOT / "tests" / "data" / "edxml" / "standard.xml"
KINDS = ("add", "merge", "register", "edxml")
OUT = ROOT / "benchmarks" / "out"


def _env() -> dict[str, str]:
    paths = [str(ROOT / "src")] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return dict(os.environ, PYTHONPATH=os.pathsep.join(paths), VANBAN_LOCK_TIMEOUT="120")


def writer(kind: str, index: int, folder: Path, registry: Path) -> tuple[list[str], str]:
    """The command line of writer *index* of *kind*, and the ID of the document it adds."""
    number = 7000 + index
    day = _dt.date(2024, 1, 1) + _dt.timedelta(days=index)
    dmy = f"{day.day:02d}/{day.month:02d}/{day.year}"
    base = [sys.executable, "-m", "vanban", "--lang", "en"]
    if kind == "add":
        return (base + ["add", f"Kế hoạch số {number}/KH-UBND ngày {dmy}", "--registry", str(registry)],
                f"ubnd-binh-son/{day.year}/{number}-kh-ubnd")
    if kind == "merge":
        text = folder / f"report-{index}.md"
        text.write_text(f"Thực hiện Quyết định số {number}/QĐ-UBND ngày {dmy} của UBND huyện Bình Sơn về việc "
                        f"phê duyệt kế hoạch.\n", encoding="utf-8")
        return (base + ["extract", str(text), "--merge", "--registry", str(registry)],
                f"ubnd-binh-son/{day.year}/{number}-qd-ubnd")
    if kind == "register":
        csv = folder / f"register-{index}.csv"
        csv.write_text('"Số, ký hiệu văn bản",Ngày tháng văn bản,Tên loại và trích yếu nội dung văn bản\n'
                       f"{number}/TB-UBND,{dmy},Thông báo kết quả rà soát hộ nghèo số {index}\n", encoding="utf-8")
        return (base + ["register", "import", str(csv), "--registry", str(registry)],
                f"ubnd-binh-son/{day.year}/{number}-tb-ubnd")
    if kind == "edxml":
        message = folder / f"message-{index}.xml"
        text = EDXML.read_text(encoding="utf-8")
        text = text.replace("5102", str(number)).replace("05/12/2023", dmy).replace("2023/12/05", day.strftime("%Y/%m/%d"))
        message.write_text(text, encoding="utf-8")
        return (base + ["edxml", "import", str(message), "--registry", str(registry)],
                f"ubnd-tinh-quang-ngai/{day.year}/{number}-ubnd-kgvx")
    raise ValueError(kind)


def round_of_writers(writers: int, folder: Path, *, offset: int = 0) -> dict[str, Any]:
    """One round: *writers* processes at once on a fresh copy of the registry; what happened."""
    sys.path.insert(0, str(ROOT / "src"))
    from vanban.registry import load_registry

    registry = folder / "registry.yaml"
    shutil.copyfile(REGISTRY, registry)
    before = len(load_registry(registry))
    plans = [writer(KINDS[i % len(KINDS)], offset + i, folder, registry) for i in range(writers)]
    start = time.perf_counter()
    procs = [subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env())
             for args, _ in plans]
    outcomes = [(p.wait(timeout=600), p.stdout.read() if p.stdout else "", p.stderr.read() if p.stderr else "")
                for p in procs]
    seconds = time.perf_counter() - start
    final = load_registry(registry)
    lost, silent, tracebacks, refused = [], [], [], []
    for (args, doc_id), (code, out, err) in zip(plans, outcomes):
        if "Traceback" in out + err:
            tracebacks.append({"args": args[3:], "stderr": err[-1000:]})
        if code == 0:
            if doc_id not in final.by_id:
                lost.append(doc_id)
        else:
            refused.append({"args": args[4:6], "exit": code, "message": (err or out).strip()[:300]})
            if not (err or out).strip():
                silent.append(args[4:6])
    return {
        "writers": writers, "exit_0": sum(1 for c, _, _ in outcomes if c == 0), "lost": lost, "refused": refused,
        "silent": silent, "tracebacks": tracebacks, "documents_before": before, "documents_after": len(final),
        "lock_file_left": (folder / ".registry.yaml.lock").exists(),
        "temporary_files_left": sorted(p.name for p in folder.glob(".registry.yaml.*.tmp")),
        "seconds": round(seconds, 2),
    }


def kills(count: int, folder: Path) -> dict[str, Any]:
    """*count* ``add`` processes, each killed (SIGKILL) at a random moment of its run — from its
    start to just after the time a whole ``add`` takes — and the registry read after each."""
    sys.path.insert(0, str(ROOT / "src"))
    from vanban.registry import load_registry

    registry = folder / "registry.yaml"
    shutil.copyfile(REGISTRY, registry)
    before = {d.id for d in load_registry(registry).documents}
    args, _ = writer("add", 8999, folder, registry)
    start = time.perf_counter()
    subprocess.run(args, capture_output=True, env=_env(), timeout=600, check=True)
    whole = time.perf_counter() - start  # one add, start to end
    before.add(f"ubnd-binh-son/{(_dt.date(2024, 1, 1) + _dt.timedelta(days=8999)).year}/{7000 + 8999}-kh-ubnd")
    rng = random.Random(20231117)
    torn, added, killed = 0, 0, 0
    for index in range(count):
        args, doc_id = writer("add", 9000 + index, folder, registry)
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=_env())
        time.sleep(rng.uniform(0.2, 1.2) * whole)
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait()
        try:
            ids = {d.id for d in load_registry(registry).documents}
        except Exception:  # noqa: BLE001 - a torn file is what is counted
            torn += 1
            continue
        if not before <= ids:
            torn += 1
        if doc_id in ids:
            added += 1
            before.add(doc_id)
    args, doc_id = writer("add", 9999, folder, registry)
    after = subprocess.run(args, capture_output=True, text=True, env=_env(), timeout=600)
    return {"runs": count, "killed": killed, "torn": torn, "completed": added, "one_add_seconds": round(whole, 2),
            "add_afterwards_exit": after.returncode, "add_afterwards_found": doc_id in load_registry(registry).by_id,
            "temporary_files_left": sorted(p.name for p in folder.glob(".registry.yaml.*.tmp")),
            "lock_file_left": (folder / ".registry.yaml.lock").exists()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--writers", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--kill", type=int, default=10)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from _common import environment

    rounds = []
    for number in range(options.rounds):
        with tempfile.TemporaryDirectory() as folder:
            result = round_of_writers(options.writers, Path(folder))
        rounds.append(result)
        print(f"round {number + 1}: {result['exit_0']}/{result['writers']} exit 0, lost {len(result['lost'])}, "
              f"refused {len(result['refused'])}, tracebacks {len(result['tracebacks'])}, "
              f"{result['documents_before']} → {result['documents_after']} documents, {result['seconds']} s")
    with tempfile.TemporaryDirectory() as folder:
        killing = kills(options.kill, Path(folder))
    print(f"kills: {killing}")
    OUT.mkdir(exist_ok=True)
    summary = {
        "environment": environment(), "writers": options.writers, "rounds": rounds, "kills": killing,
        "total": {"runs": options.writers * options.rounds, "exit_0": sum(r["exit_0"] for r in rounds),
                  "lost": sum(len(r["lost"]) for r in rounds), "tracebacks": sum(len(r["tracebacks"]) for r in rounds),
                  "silent": sum(len(r["silent"]) for r in rounds)},
    }
    (OUT / "reliability_writers.json").write_text(json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(summary["total"]))


if __name__ == "__main__":
    main()
