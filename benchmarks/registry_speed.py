"""Speed of reading a registry: the fast path against libyaml and against ruamel's round trip.

Registries of 1k and 10k documents (100k with --big) are generated from data/registry.yaml:
its header and issuers are kept as they are, and its document entries (comments, quoting and
layout included) are repeated with new numbers. Every field keeps its shape; each code gets a
number from a counter per symbol (and year), zero-padded where the original is ("02/HD-BTV"), so every code
and every document ID is unique; each reference (implements, based_on, responds_to, …, and a
deadline's fulfilled_by) is rewritten to the new code of its target in the same copy, so every
reference resolves.

Timed per registry, best of --repeat runs (fewer when one run takes longer than --budget
seconds), time.perf_counter, all in the same process on the same file:

- floor: bare libyaml, ``ruamel.yaml.cyaml.CBaseLoader(text).get_single_data()`` — parse and
  build plain dicts, lists and strings, nothing else;
- load_registry(path): the fast path (read, NFC, libyaml node composition, validation, IDs,
  reference resolution) — what every command that only reads the registry pays;
- round trip: ``ruamel.yaml.YAML().load(text)`` — the editing path (comments, order, quotes);
- part: ``vanban.base.yamlread.compose(text)`` — the node composition load_registry starts with.

Run:  python benchmarks/registry_speed.py [--big] [--repeat 3] [--keep DIR]
      python benchmarks/registry_speed.py --sizes 1000,5000
Writes benchmarks/out/registry_speed.json. The 100k round trip is skipped unless
--round-trip-big is given (it takes minutes and several GB).
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

import ruamel.yaml
from ruamel.yaml import YAML
from ruamel.yaml.cyaml import CBaseLoader

from _common import environment
from vanban.registry.model import RelationType
from vanban.registry import load_registry
from vanban.base import yamlparse as _libyaml, yamlread as _nodes  # composing with libyaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SOURCE = ROOT / "data" / "registry.yaml"

_ENTRY = re.compile(r"^  - code: *(?P<code>.+?) *$")
# Fields whose values are references to documents: the relations, and a deadline's fulfilled_by.
_REF_KEYS = "|".join(re.escape(k) for k in (*(t.value for t in RelationType), "fulfilled_by"))
_REF_FIELD = re.compile(rf"^(?P<head>(?P<indent> *)(?:- +)?(?:{_REF_KEYS}): *)(?P<value>[^#]*?)(?P<tail> *(?:#.*)?)$")
_LIST_ITEM = re.compile(r"^(?P<head>(?P<indent> *)- +)(?P<ref>[^#\s][^#]*?)(?P<tail> *(?:#.*)?)$")
_CODE = re.compile(r"^(?P<num>\d+)(?P<rest>\D.*)$")


def split_registry(text: str) -> tuple[str, list[str]]:
    """(everything before the first document entry, the entries as text blocks)."""
    lines = text.splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if _ENTRY.match(line.rstrip("\n"))]
    if not starts:
        raise ValueError(f"no document entries in {SOURCE}")
    head = "".join(lines[: starts[0]])
    blocks = ["".join(lines[a:b]) for a, b in zip(starts, starts[1:] + [len(lines)])]
    if not blocks[-1].endswith("\n"):
        blocks[-1] += "\n"
    return head, blocks


def _code_of(block: str) -> str:
    match = _ENTRY.match(block.split("\n", 1)[0])
    assert match is not None
    return match.group("code").strip().strip("'\"")


def generate(n_docs: int, source: Path = SOURCE) -> tuple[str, int]:
    """Registry YAML text with about *n_docs* documents (whole copies of the source entries)."""
    head, blocks = split_registry(source.read_text(encoding="utf-8"))
    codes = [_code_of(b) for b in blocks]
    parsed = []
    for code in codes:
        m = _CODE.match(code.replace(" ", ""))
        if m is None:
            raise ValueError(f"cannot renumber code {code!r}")
        parsed.append((m.group("num"), m.group("rest")))
    counters: dict[str, int] = {}
    copies = max(1, -(-n_docs // len(blocks)))
    out = [head]
    for _ in range(copies):
        mapping: dict[str, str] = {}
        for code, (num, rest) in zip(codes, parsed):
            counters[rest] = counters.get(rest, 0) + 1
            width = len(num) if num.startswith("0") else 1  # "02/HD-BTV" keeps its leading zero
            new = f"{counters[rest]:0{width}d}{rest}"
            if len(str(counters[rest])) > 5:
                raise ValueError("more than 99999 documents per symbol: numbers would not parse")
            mapping[code] = new
        for block, code in zip(blocks, codes):
            out.append(_rewrite(block, code, mapping))
    return "".join(out), copies * len(blocks)


def _rewrite(block: str, code: str, mapping: dict[str, str]) -> str:
    """The entry with its new code and every reference (relations, fulfilled_by) renumbered."""
    lines = block.split("\n")
    first = _ENTRY.match(lines[0])
    assert first is not None
    lines[0] = lines[0][: first.start("code")] + lines[0][first.start("code"):].replace(code, mapping[code], 1)
    block_indent: int | None = None  # indentation of a reference field whose items follow
    for i in range(1, len(lines)):
        line = lines[i]
        if block_indent is not None:
            item = _LIST_ITEM.match(line)
            if item and len(item.group("indent")) >= block_indent:
                lines[i] = item.group("head") + mapping[item.group("ref").strip()] + item.group("tail")
                continue
            if line.strip() == "" or line.lstrip().startswith("#"):
                continue
            block_indent = None
        field = _REF_FIELD.match(line)
        if field is None:
            continue
        value = field.group("value").strip()
        if not value:
            block_indent = len(field.group("indent"))
        elif value.startswith("["):
            items = [mapping[item.strip()] for item in value.strip("[]").split(",") if item.strip()]
            lines[i] = field.group("head") + "[" + ", ".join(items) + "]" + field.group("tail")
        else:
            lines[i] = field.group("head") + mapping[value.strip("'\"")] + field.group("tail")
    return "\n".join(lines)


def timed(fn: Callable[[], object], repeat: int, budget: float) -> tuple[list[float], list[float]]:
    """Wall-clock (time.perf_counter) and CPU (time.process_time) seconds of each run."""
    walls: list[float] = []
    cpus: list[float] = []
    for _ in range(repeat):
        gc.collect()
        c0, t0 = time.process_time(), time.perf_counter()
        result = fn()
        t1, c1 = time.perf_counter(), time.process_time()
        walls.append(t1 - t0)
        cpus.append(c1 - c0)
        del result
        if walls[-1] > budget:
            break
    return walls, cpus


def fmt_per_doc(seconds: float, n: int) -> str:
    us = seconds / n * 1e6
    return f"{us:8.1f} µs" if us < 1000 else f"{us / 1000:8.2f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--big", action="store_true", help="also 100k documents")
    parser.add_argument("--sizes", help="comma-separated document counts (overrides the defaults)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--budget", type=float, default=15.0, help="stop repeating a measurement after a run this long (s)")
    parser.add_argument("--round-trip-big", action="store_true", help="also time the round trip at 100k documents")
    parser.add_argument("--keep", type=Path, help="write the generated registries here instead of a temp dir")
    args = parser.parse_args(argv)

    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [1_000, 10_000] + ([100_000] if args.big else [])
    print(f"machine: {os.cpu_count()} CPUs, Python {platform.python_version()} ({platform.python_implementation()}), "
          f"ruamel.yaml {ruamel.yaml.__version__}, libyaml fast path: {_libyaml.FAST}")
    print(f"source: {SOURCE.relative_to(ROOT)}; best of {args.repeat} (fewer when a run exceeds {args.budget:g} s)\n")

    results = []
    with tempfile.TemporaryDirectory(prefix="vanban-bench-") as tmp:
        folder = args.keep or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        for size in sizes:
            text, n = generate(size)
            path = folder / f"registry-{n}.yaml"
            path.write_text(text, encoding="utf-8")
            mb = len(text.encode("utf-8")) / 1e6
            print(f"{n:,} documents, {mb:.1f} MB ({path.name})")
            checked: dict[str, int] = {}

            def floor() -> object:
                loader = CBaseLoader(text)
                try:
                    return loader.get_single_data()
                finally:
                    loader.dispose()

            def compose() -> object:
                return _nodes.compose(text, str(path))

            def fast() -> object:
                registry = load_registry(path)
                if not checked:  # the generated file must load with every document and relation
                    checked["documents"] = len(registry.documents)
                    checked["relations"] = sum(len(d.relations) for d in registry.documents)
                return registry

            def round_trip() -> object:
                return YAML().load(text)

            measures = [
                ("floor", "floor: CBaseLoader.get_single_data", floor),
                ("compose", "part: yamlread.compose (libyaml nodes)", compose),
                ("load_registry", "load_registry(path)", fast),
            ]
            if size < 100_000 or args.round_trip_big:
                measures.append(("round_trip", "round trip: YAML().load", round_trip))
            row: dict[str, object] = {"documents": n, "mb": mb}
            floor_best = None
            wall_total = cpu_total = 0.0
            print(f"  {'measurement':<40} {'best s':>8} {'per doc':>11} {'× floor':>8}  runs (s)")
            for name, label, fn in measures:
                times, cpus = timed(fn, args.repeat, args.budget)
                best = min(times)
                wall_total += sum(times)
                cpu_total += sum(cpus)
                if floor_best is None:
                    floor_best = best
                runs = " ".join(f"{t:.2f}" for t in times)
                print(f"  {label:<40} {best:>8.3f} {fmt_per_doc(best, n):>11} {best / floor_best:>8.2f}  {runs}")
                row[name] = {
                    "label": label, "best_s": best, "runs_s": times, "cpu_s": cpus, "per_doc_us": best / n * 1e6,
                    "per_doc_us_cpu": min(cpus) / n * 1e6,
                    "ratio_to_floor": best / floor_best,
                }
            busy = wall_total / max(cpu_total, 1e-9)
            row["wall_over_cpu"] = busy
            print(f"  wall/CPU over these runs: {busy:.2f}"
                  + ("  (machine busy: wall-clock figures are pessimistic)" if busy > 1.15 else ""))
            assert checked.get("documents") == n, (checked, n)
            row["relations"] = checked["relations"]
            print(f"  load_registry read {checked['documents']:,} documents and resolved {checked['relations']:,} relations")
            if "round_trip" not in row:
                print("  round trip: skipped at this size (use --round-trip-big)")
            else:
                rt = row["round_trip"]["best_s"]  # type: ignore[index]
                fp = row["load_registry"]["best_s"]  # type: ignore[index]
                print(f"  round trip / load_registry: {rt / fp:.1f}×")
            print()
            results.append(row)
            del text

    OUT.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "registry_speed",
        **environment(),
        "ruamel_yaml": ruamel.yaml.__version__,
        "libyaml": _libyaml.FAST,
        "repeat": args.repeat,
        "results": results,
    }
    (OUT / "registry_speed.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"wrote {(OUT / 'registry_speed.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
