"""Bounded cost: how adding to a large registry, verifying many unregistered citations, finding
citations and drawing a long chain grow with their input.

    python benchmarks/reliability_cost.py [--sizes 5000,10000,20000] [--citations 10000,20000,40000]

- **add**: registries of --sizes documents (data/registry.yaml's header and issuers, then
  generated plans with distinct numbers and days); ``load_registry``, then the change that adds
  one document (``propose``: intake, the append into the text, validating the result) and its
  ``save`` (lock, check, atomic write), in-process; and ``vanban add`` end to end (a new process:
  start-up, reading, the change, the write), without the cache of parsed files and with the
  registry's file in it (the second ``add`` to an unchanged file).
- **verify / extract**: a text of --citations citations no registry holds ("Kế hoạch số N/KH-UBND
  ngày …", one per line), verified against data/registry.yaml (``verify_text``) and searched
  (``find_citations``).
- **tree**: ``tree_lines`` of a chain of 1,000 … 4,000 documents (each implements the previous).

Each figure is the best of --repeat runs (time.perf_counter). "growth" is the time per item at
the largest size over the time per item at the smallest: about 1 for a linear cost, the ratio of
the sizes for a quadratic one. Writes benchmarks/out/reliability_cost.json.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from _common import OUT, best, environment  # noqa: E402

REGISTRY = ROOT / "data" / "registry.yaml"


def header() -> str:
    text = REGISTRY.read_text(encoding="utf-8")
    return text[: text.index("\ndocuments:")] + "\ndocuments:\n"


def generated_registry(path: Path, count: int) -> Path:
    day = _dt.date(2021, 1, 1)
    entries = []
    for n in range(1, count + 1):
        when = day + _dt.timedelta(days=n % 1500)
        entries.append(f"  - code: {n}/KH-UBND\n    kind: Kế hoạch\n    date: {when.isoformat()}\n"
                       f"    issuer: ubnd-binh-son\n    title: thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền "
                       f"vững, kế hoạch số {n}\n")
    path.write_text(header() + "".join(entries), encoding="utf-8")
    return path


def timed(fn: Callable[[], Any], repeat: int) -> float:
    return round(best(fn, repeat)[0], 3)


def add_figures(sizes: list[int], repeat: int, folder: Path) -> list[dict[str, Any]]:
    from vanban.registry import NewDocument, load_registry, propose

    rows = []
    for size in sizes:
        path = generated_registry(folder / f"registry-{size}.yaml", size)
        original = path.read_bytes()
        load = timed(lambda: load_registry(path), repeat)
        registry = load_registry(path)
        new = NewDocument(code="99999/KH-UBND", date=_dt.date(2025, 6, 1), issuer="ubnd-binh-son", kind="Kế hoạch")
        change_time = timed(lambda: propose(registry, [new]), repeat)

        def save() -> None:
            path.write_bytes(original)
            propose(load_registry(path), [new]).save()

        save_total = timed(save, repeat)
        path.write_bytes(original)
        command = [sys.executable, "-m", "vanban", "add", "Kế hoạch số 99998/KH-UBND ngày 02/06/2025",
                   "--registry", str(path)]

        def cli(**extra: str) -> Callable[[], None]:
            env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), VANBAN_CACHE_DIR=str(folder / "cache"), **extra)

            def once() -> None:
                path.write_bytes(original)
                subprocess.run(command, check=True, capture_output=True, env=env)
            return once

        cold = timed(cli(VANBAN_NO_CACHE="1"), repeat)
        warm = timed(cli(), repeat + 1)  # the first run fills the cache of parsed files
        rows.append({"documents": size, "MB": round(len(original) / 2**20, 1), "load_registry": load,
                     "propose": change_time, "load+propose+save": save_total, "vanban add (no cache)": cold,
                     "vanban add (file in the cache)": warm})
        print(rows[-1])
    return rows


def verify_figures(counts: list[int], repeat: int) -> list[dict[str, Any]]:
    from vanban import find_citations, load_registry, verify_text

    registry = load_registry(REGISTRY)
    rows = []
    for count in counts:
        text = "".join(f"Thực hiện Kế hoạch số {10000 + n}/KH-UBND ngày {1 + n % 28:02d}/{1 + n % 12:02d}/2024 "
                       f"của UBND huyện Bình Sơn.\n" for n in range(count))
        find = timed(lambda: find_citations(text), repeat)
        verify = timed(lambda: verify_text(registry, text, as_of=_dt.date(2024, 12, 31)), repeat)
        rows.append({"citations": count, "find_citations": find, "verify_text": verify})
        print(rows[-1])
    return rows


def tree_figures(lengths: list[int], repeat: int, folder: Path) -> list[dict[str, Any]]:
    from vanban.registry import load_registry
    from vanban.render.tree import tree_lines

    rows = []
    for length in lengths:
        entries = []
        for k in range(1, length + 1):
            link = f"\n    implements: [{k - 1}/KH-UBND]" if k > 1 else ""
            entries.append(f"  - code: {k}/KH-UBND\n    kind: Kế hoạch\n    date: 2023-01-01\n    issuer: ubnd-binh-son{link}\n")
        path = folder / f"chain-{length}.yaml"
        path.write_text(header() + "".join(entries), encoding="utf-8")
        registry = load_registry(path)
        start = registry.resolve("1/KH-UBND")
        seconds = timed(lambda: list(tree_lines(registry, start)), repeat)
        characters = sum(len(line) for line in tree_lines(registry, start))
        rows.append({"chain": length, "tree_lines": seconds, "characters_printed": characters})
        print(rows[-1])
    return rows


def growth(rows: list[dict[str, Any]], size_key: str, time_key: str) -> float:
    first, last = rows[0], rows[-1]
    return round((last[time_key] / last[size_key]) / max(first[time_key] / first[size_key], 1e-9), 2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="5000,10000,20000")
    parser.add_argument("--citations", default="10000,20000,40000")
    parser.add_argument("--chains", default="1000,2000,4000")
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    sizes = [int(s) for s in options.sizes.split(",")]
    counts = [int(s) for s in options.citations.split(",")]
    chains = [int(s) for s in options.chains.split(",")]
    with tempfile.TemporaryDirectory() as folder:
        adds = add_figures(sizes, options.repeat, Path(folder))
        verifies = verify_figures(counts, options.repeat)
        trees = tree_figures(chains, options.repeat, Path(folder))
    result = {
        "environment": environment(), "add": adds, "verify": verifies, "tree": trees,
        "growth": {
            "load+propose+save per document": growth(adds, "documents", "load+propose+save"),
            "verify_text per citation": growth(verifies, "citations", "verify_text"),
            "find_citations per citation": growth(verifies, "citations", "find_citations"),
            "tree_lines per document": growth(trees, "chain", "tree_lines"),
        },
    }
    OUT.mkdir(exist_ok=True)
    (OUT / "reliability_cost.json").write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(json.dumps(result["growth"], indent=2))


if __name__ == "__main__":
    main()
