"""The HTML report (`vanban report`) and the province view at a province's scale.

A registry of N documents is made in memory from the bundled one (its 50 documents copied with
new numbers, each copy's relations pointing into it: the same links, deadlines and findings at
any size). Timed in one run, time.perf_counter, best of --repeat:

- floor: one pass over the findings and documents writing a line of text each (the least a page
  that shows everything would cost);
- analysis: `analyse(...).check()` (shared by every output, timed apart);
- report: `render_dashboard(analysis)` (findings listed up to a cap and counted per rule beyond,
  per-month circles on the timeline beyond 600 documents, the hierarchy's documents shared out);
- province view: `province_view(analysis)` (the commune × directive matrix);
- page size in bytes; and, where Chromium is installed, the seconds a headless browser takes
  to open the page and paint a screenshot.

Run:  python benchmarks/report_speed.py [--sizes 10000,100000] [--repeat 1]
Writes benchmarks/out/report_speed.json.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


from _common import OUT, ROOT, best, bundled_copies, environment

from vanban.check import analyse
from vanban.check.province import province_view
from vanban.render.html import render_dashboard

AS_OF = _dt.date(2023, 11, 17)


def browser_seconds(page: str) -> float | None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "page.html"
        path.write_text(page, encoding="utf-8")
        start = time.perf_counter()
        subprocess.run([chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                        f"--user-data-dir={Path(tmp) / 'p'}", f"--screenshot={Path(tmp) / 'p.png'}",
                        "--window-size=1400,2000", path.as_uri()], capture_output=True, timeout=600, check=False)
        return round(time.perf_counter() - start, 2)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        registry = bundled_copies(n)
        analysis = analyse(registry, as_of=AS_OF)
        t_check, report = best(analysis.check, 1)

        def floor() -> int:
            return sum(len(f"{f.code} {f.document} {f.line}\n") for f in report.findings) + sum(
                len(f"{d.id} {d.title}\n") for d in registry.documents)

        t_floor, _ = best(floor, args.repeat)
        t_report, page = best(lambda: render_dashboard(analysis), args.repeat)
        t_view, view = best(lambda: province_view(analysis), args.repeat)
        row = {"documents": n, "findings": len(report.findings), "check_s": round(t_check, 2),
               "floor_s": round(t_floor, 3), "report_s": round(t_report, 2), "report_vs_floor": round(t_report / t_floor, 1),
               "province_view_s": round(t_view, 3), "communes": len(view.rows), "page_bytes": len(page.encode("utf-8")),
               "browser_s": browser_seconds(page)}
        print(json.dumps(row, ensure_ascii=False))
        results.append(row)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "report_speed.json").write_text(json.dumps({"benchmark": "report_speed", **environment(),
                                                       "results": results}, indent=2, ensure_ascii=False), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
