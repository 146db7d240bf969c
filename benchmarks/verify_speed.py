"""Time to verify a 100-page report against the registry (`vanban verify`, issue 4).

A page of an A4 report in Times New Roman 14 pt holds about 3,000 characters; the seed report
(Báo cáo 733/BC-UBND, 11 pages in its original) is repeated until the text reaches --pages ×
3,000 characters, so every page carries the seed's density of citations. Timed, best of
--repeat runs, in the same process: the floor (find_citations alone on the same text) and
verify_text (finding, matching each citation to the registry, the registry's own format
checks, the appendix comparison).

Run:  python benchmarks/verify_speed.py [--pages 100] [--repeat 3]
Writes benchmarks/out/verify_speed.json.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json

from _common import OUT, ROOT, best, environment

from vanban import find_citations, load_registry
from vanban.check.verify import verify_text

SEED = ROOT / "tests" / "data" / "seed" / "bao-cao-733-BC-UBND-binh-son-2023-11-17.md"
CHARS_PER_PAGE = 3000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    seed = SEED.read_text(encoding="utf-8")
    copies = -(-args.pages * CHARS_PER_PAGE // len(seed))
    text = "\n\n".join([seed] * copies)
    registry = load_registry(ROOT / "data" / "registry.yaml")
    as_of = _dt.date(2023, 11, 17)
    floor_s, citations = best(lambda: find_citations(text), args.repeat)
    verify_s, report = best(lambda: verify_text(registry, text, as_of=as_of), args.repeat)
    pages = len(text) / CHARS_PER_PAGE
    row = {
        "pages": round(pages), "characters": len(text), "citations": len(citations),  # type: ignore[arg-type]
        "find_s": round(floor_s, 3), "verify_s": round(verify_s, 3),
        "verify_over_find": round(verify_s / floor_s, 2), "findings": len(report.findings),  # type: ignore[attr-defined]
    }
    print(f"{row['pages']} pages, {row['citations']} citations: find_citations {floor_s:.3f} s, "
          f"verify_text {verify_s:.3f} s ({row['verify_over_find']}× finding alone), {row['findings']} findings")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "verify_speed.json").write_text(
        json.dumps({"environment": environment(), "row": row}, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
