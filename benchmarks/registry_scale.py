"""A province's view at national scale: `vanban check` on a folder registry of 100k (and 1M) documents.

The registry is made by benchmarks/generate.py (seed 1, a folder: one file per commune, district and
province, shared issuer files). Measured in ONE run, on the same files:

- floor: a bare PyYAML ``yaml.load(text, Loader=yaml.CSafeLoader)`` of every file, one after the
  other, in this process (at the first size, --repeat times interleaved with the cold check, the
  fastest of each kept) (the collector on, as Python starts; and with it off, for reference).
  PyYAML is not a dependency of vanban: ``pip install pyyaml`` for this script. Without
  ``yaml.CSafeLoader``, ruamel's ``CBaseLoader`` is the floor (the output says which);
- cold check: ``vanban check --registry DIR --as-of 2026-12-01 --format json`` run as a command
  (a fresh Python process, the command's own output written to /dev/null) with an empty cache;
- warm check: the same command again (the cache filled by the cold run: nothing has changed, so
  the findings are read back — check/reportcache.py);
- one file changed: a comment appended to the largest commune file, the same command again (that
  file parsed, the others' parts from the cache, the rules run), then the file restored;
- in this process, the parts: a cold load with files parsed in one process (``VANBAN_JOBS=1``) and
  in worker processes (the default), without the cache; a cold load that fills the cache and a warm
  load that reads it; and the rules (``Analysis.check``) on the loaded registry.

Wall time (time.perf_counter) and CPU time (the command's and its workers'), the peak resident
memory of the command's process (ru_maxrss) and of its largest worker. Ratios: cold / floor,
warm / cold, and the growth from 100k to 1M documents (with --million).

Run:  python benchmarks/registry_scale.py [--documents 100000] [--million] [--keep DIR]
Writes benchmarks/out/registry_scale.json. Exits 0.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import OUT, environment
from generate import AS_OF, generate

RUNNER = r"""
import json, os, resource, sys, time
t0 = time.perf_counter(); c0 = time.process_time()
from vanban.base.collector import for_a_command
for_a_command()  # as the `vanban` script does (vanban/__main__.py)
from vanban.cli import main
code = 0
try:
    main(sys.argv[1:], standalone_mode=True)
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else 0
wall = time.perf_counter() - t0
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
report = {"wall_s": wall, "cpu_s": me.ru_utime + me.ru_stime, "workers_cpu_s": kids.ru_utime + kids.ru_stime,
          "peak_rss_mb": me.ru_maxrss / 1024, "worker_peak_rss_mb": kids.ru_maxrss / 1024, "exit": code}
with open(os.environ["VANBAN_BENCH_REPORT"], "w") as out:
    json.dump(report, out)
"""


def ensure_folder(documents: int, keep: Path | None) -> tuple[Path, dict[str, object]]:
    """The generated folder registry (made again unless --keep already holds it)."""
    base = keep if keep is not None else Path(tempfile.mkdtemp(prefix="vanban-scale-"))
    folder = base / f"registry-{documents}"
    stamp = folder / ".generated.json"
    if stamp.exists():
        return folder, json.loads(stamp.read_text())
    start = time.perf_counter()
    generated = generate(documents, seed=1)
    generated.write_folder(folder)
    info = {"documents": len(generated.docs), "issuers": len(generated.bodies), "mistakes": generated.mistakes,
            "generate_s": round(time.perf_counter() - start, 1)}
    del generated
    gc.collect()
    files = [p for p in folder.rglob("*.yaml")]
    info["files"] = len(files)
    info["mb"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
    stamp.write_text(json.dumps(info))
    return folder, info


def floor(files: list[Path], collector: bool) -> dict[str, object]:
    try:
        import yaml

        loader = getattr(yaml, "CSafeLoader", None)
    except ImportError:  # pragma: no cover - PyYAML not installed
        yaml, loader = None, None
    name = "PyYAML CSafeLoader"
    if loader is None:
        from ruamel.yaml.cyaml import CBaseLoader

        name = "ruamel CBaseLoader (PyYAML's CSafeLoader unavailable)"

        def load(text: str) -> object:
            parser = CBaseLoader(text)
            try:
                return parser.get_single_data()
            finally:
                parser.dispose()
    else:
        def load(text: str) -> object:
            return yaml.load(text, Loader=loader)  # type: ignore[union-attr]
    gc.collect()
    was = gc.isenabled()
    (gc.enable if collector else gc.disable)()
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        for path in files:
            with open(path, encoding="utf-8") as handle:
                load(handle.read())
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
    finally:
        (gc.enable if was else gc.disable)()
    return {"loader": name, "collector": collector, "wall_s": wall, "cpu_s": cpu}


def command(folder: Path, cache: Path, *extra: str) -> dict[str, object]:
    with tempfile.NamedTemporaryFile(suffix=".json", delete=False) as report:
        target = report.name
    env = {**os.environ, "VANBAN_CACHE_DIR": str(cache), "VANBAN_BENCH_REPORT": target}
    env.pop("VANBAN_NO_CACHE", None)
    args = [sys.executable, "-c", RUNNER, "check", "--registry", str(folder), "--as-of", AS_OF.isoformat(),
            "--format", "json", "--exit-zero", *extra]
    t0 = time.perf_counter()
    with open(os.devnull, "w") as sink:
        subprocess.run(args, env=env, stdout=sink, check=False)
    outside = time.perf_counter() - t0
    result = json.loads(Path(target).read_text())
    os.unlink(target)
    result["process_wall_s"] = outside  # with the interpreter's own start-up
    return result


def in_process(folder: Path) -> dict[str, object]:
    """The parts of a cold load, in this process: serial and parallel parsing, and the rules."""
    from vanban.check import analyse
    from vanban.registry import load_registry_any

    out: dict[str, object] = {}
    for label, jobs in (("load_serial", 1), ("load_parallel", None)):
        gc.collect()
        t0, c0 = time.perf_counter(), time.process_time()
        registry = load_registry_any(folder, lenient_references=True, cache=False, jobs=jobs)
        out[label] = {"wall_s": time.perf_counter() - t0, "cpu_s_main": time.process_time() - c0}
        del registry
    with tempfile.TemporaryDirectory(prefix="vanban-cache-") as cache:
        os.environ["VANBAN_CACHE_DIR"] = cache
        for label in ("load_cold_cached", "load_warm"):  # the first fills the cache, the second reads it
            gc.collect()
            t0, c0 = time.perf_counter(), time.process_time()
            registry = load_registry_any(folder, lenient_references=True)
            out[label] = {"wall_s": time.perf_counter() - t0, "cpu_s_main": time.process_time() - c0}
        os.environ.pop("VANBAN_CACHE_DIR")
    gc.collect()
    t0, c0 = time.perf_counter(), time.process_time()
    report = analyse(registry, as_of=AS_OF).check(None, None)
    out["rules"] = {"wall_s": time.perf_counter() - t0, "cpu_s": time.process_time() - c0,
                    "findings": len(report.findings)}
    return out


def measure(documents: int, keep: Path | None, parts: bool, repeat: int = 1) -> dict[str, object]:
    folder, info = ensure_folder(documents, keep)
    files = sorted(folder.rglob("*.yaml"))
    print(f"{info['documents']:,} documents, {info['files']} files, {info['mb']} MB ({folder})", flush=True)
    row: dict[str, object] = {"registry": info}
    # The floor and the cold check, one after the other, *repeat* times (each cold check with an empty
    # cache of its own): the fastest of each is kept, so a busy moment of the shared machine that
    # falls on one of them alone does not make the ratio.
    floors, colds = [], []
    for _ in range(repeat - 1):
        floors.append(floor(files, collector=True))
        with tempfile.TemporaryDirectory(prefix="vanban-cache-") as cache:
            colds.append(command(folder, Path(cache)))
    floors.append(floor(files, collector=True))
    row["floor"] = min(floors, key=lambda r: r["wall_s"])  # type: ignore[arg-type,return-value]
    row["floor_runs_s"] = [r["wall_s"] for r in floors]
    print(f"  floor ({row['floor']['loader']}, collector on): {row['floor']['wall_s']:.2f} s"  # type: ignore[index]
          + (f" (runs {', '.join(f'{r:.2f}' for r in row['floor_runs_s'])})" if repeat > 1 else ""),  # type: ignore[attr-defined]
          flush=True)
    with tempfile.TemporaryDirectory(prefix="vanban-cache-") as cache:
        colds.append(command(folder, Path(cache)))  # the last one's cache serves the warm runs below
        row["cold"] = min(colds, key=lambda r: r["wall_s"])  # type: ignore[arg-type,return-value]
        row["cold_runs_s"] = [r["wall_s"] for r in colds]
        print(f"  cold check: {row['cold']['wall_s']:.2f} s, peak {row['cold']['peak_rss_mb']:.0f} MB"  # type: ignore[index]
              + (f" (runs {', '.join(f'{r:.2f}' for r in row['cold_runs_s'])})" if repeat > 1 else ""),  # type: ignore[attr-defined]
              flush=True)
        row["warm"] = command(folder, Path(cache))
        print(f"  warm check (nothing changed): {row['warm']['wall_s']:.2f} s", flush=True)  # type: ignore[index]
        commune = max((f for f in files if "/xa/" in f.as_posix()), key=lambda f: f.stat().st_size)
        original = commune.read_bytes()
        try:
            commune.write_bytes(original + "\n# một dòng ghi chú\n".encode("utf-8"))
            row["one_changed"] = command(folder, Path(cache))
        finally:
            commune.write_bytes(original)
        print(f"  one file changed: {row['one_changed']['wall_s']:.2f} s", flush=True)  # type: ignore[index]
    row["floor_gc_off"] = floor(files, collector=False)
    f, c, w = row["floor"]["wall_s"], row["cold"]["wall_s"], row["warm"]["wall_s"]  # type: ignore[index]
    row["cold_over_floor"] = c / f
    row["warm_over_cold"] = w / c
    row["one_changed_over_cold"] = row["one_changed"]["wall_s"] / c  # type: ignore[index]
    row["cold_over_floor_gc_off"] = c / row["floor_gc_off"]["wall_s"]  # type: ignore[index]
    if parts:
        row["parts"] = in_process(folder)
    return row


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="also 1,000,000 documents (minutes, several GB of disk)")
    parser.add_argument("--keep", type=Path, help="keep the generated folders here (and reuse them)")
    parser.add_argument("--no-parts", action="store_true", help="skip the in-process parts")
    parser.add_argument("--repeat", type=int, default=3,
                        help="floor and cold check of the first size, interleaved, the fastest of each kept "
                             "(default 3; 1M documents run once: minutes each)")
    args = parser.parse_args(argv)
    print(f"machine: {os.cpu_count()} CPUs, {os.sysconf('SC_PHYS_PAGES') * os.sysconf('SC_PAGE_SIZE') / 2**30:.0f} GiB, "
          f"Python {platform.python_version()}; load average {os.getloadavg()[0]:.1f}", flush=True)
    rows = [measure(args.documents, args.keep, not args.no_parts, max(1, args.repeat))]
    if args.million:
        rows.append(measure(1_000_000, args.keep, False))
    result: dict[str, object] = {"benchmark": "registry_scale", **environment(), "as_of": AS_OF.isoformat(),
                                 "memory_gib": os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") / 2**30,
                                 "load_average_end": os.getloadavg(), "rows": rows}
    for row in rows:
        docs = row["registry"]["documents"]  # type: ignore[index]
        print(f"{docs:>9,} docs: cold {row['cold']['wall_s']:.2f} s = {row['cold_over_floor']:.2f}× floor "  # type: ignore[index]
              f"({row['cold_over_floor_gc_off']:.2f}× the floor with the collector off); "
              f"warm {row['warm']['wall_s']:.2f} s = {row['warm_over_cold']:.2f}× cold; "  # type: ignore[index]
              f"one file changed {row['one_changed']['wall_s']:.2f} s = {row['one_changed_over_cold']:.2f}× cold; "  # type: ignore[index]
              f"peak {row['cold']['peak_rss_mb']:.0f} MB (largest worker {row['cold']['worker_peak_rss_mb']:.0f} MB)")  # type: ignore[index]
    if len(rows) == 2:
        growth = rows[1]["cold"]["wall_s"] / rows[0]["cold"]["wall_s"]  # type: ignore[index]
        result["growth_100k_to_1m"] = growth
        print(f"100k → 1M: cold check time × {growth:.2f} (target ≤ 11)")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "registry_scale.json").write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str),
                                             encoding="utf-8")
    print(f"wrote {OUT / 'registry_scale.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
