"""Speed of `vanban check` on generated registries of 10k and 100k documents.

The registries are generated as in registry_speed.py (data/registry.yaml's document entries
repeated with new numbers, every reference rewritten to resolve). Timed separately, best of
--repeat runs, in the same process:

- load: load_registry(path, lenient_references=True) — what `vanban check` reads with;
- check: run_check(registry, as_of=2023-11-17) — all 16 rules;
- floor: one pass over the documents building a dict by (issuer, year, kind) and sorting each
  group — the cheapest thing an O(n log n) check could do, measured in the same run.

The ratio check / floor and the growth from 10k to 100k show whether any rule is quadratic.

Run:  python benchmarks/check_speed.py [--sizes 10000,100000] [--repeat 3]
Writes benchmarks/out/check_speed.json.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

from _common import OUT, best, environment
from registry_speed import generate

from vanban.check import run_check
from vanban.registry import load_registry

AS_OF = _dt.date(2023, 11, 17)


def floor(registry) -> int:
    groups: dict[tuple, list] = defaultdict(list)
    for doc in registry.documents:
        groups[(doc.issuer, doc.date.year if doc.date else None, doc.kind)].append(doc)
    for docs in groups.values():
        docs.sort(key=lambda d: (d.number, d.date))
    return len(groups)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            text, n_docs = generate(size)
            path = Path(tmp) / f"registry-{size}.yaml"
            path.write_text(text, encoding="utf-8")
            load_s, registry = best(lambda: load_registry(path, lenient_references=True), 1 if size > 20000 else args.repeat)
            check_s, report = best(lambda: run_check(registry, as_of=AS_OF), args.repeat)
            floor_s, _ = best(lambda: floor(registry), args.repeat)
            row = {
                "documents": n_docs,
                "load_s": round(load_s, 3),
                "check_s": round(check_s, 3),
                "floor_s": round(floor_s, 4),
                "check_per_doc_us": round(check_s / n_docs * 1e6, 1),
                "check_over_floor": round(check_s / floor_s, 1),
                "findings": len(report.findings),
            }
            rows.append(row)
            print(f"{n_docs:>7} docs  load {load_s:7.2f} s  check {check_s:6.2f} s "
                  f"({row['check_per_doc_us']} µs/doc, {row['check_over_floor']}× floor)  findings {row['findings']}")
            sys.stdout.flush()
    if len(rows) >= 2:
        growth = (rows[-1]["check_s"] / rows[0]["check_s"]) / (rows[-1]["documents"] / rows[0]["documents"])
        print(f"check time grows {growth:.2f}× per unit of data from {rows[0]['documents']} to {rows[-1]['documents']}"
              " documents (1.0 = linear; a quadratic rule would give about the size ratio)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "check_speed.json").write_text(
        json.dumps({"environment": environment(), "as_of": AS_OF.isoformat(), "rows": rows}, ensure_ascii=False, indent=2),
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
