"""Precision and recall of ``vanban.find_citations`` against the gold citation files.

Gold files: tests/data/seed/*.gold.yaml (the seed report, Báo cáo 733/BC-UBND) and
tests/data/reports/*.gold.yaml (ten excerpts of real reports; see their README.md).

Found citations are aligned with the gold entries in order of appearance on their normalised
code (spaces removed, en dashes → "-"): a found citation and a gold entry with the same code,
at the same place in the sequence, are a match (longest common subsequence). Unmatched found
citations are false positives, unmatched gold entries false negatives. For the matches the
script also scores the date (found date == gold date, both null counts) and the kind (only
where the gold has a written kind; the finder's kind for a bare "Số: …" is inferred and not
scored).

Run:  python benchmarks/accuracy.py [--quiet]
Writes benchmarks/out/accuracy.json. Always exits 0: this is a measurement, not a test.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import difflib
import json
import sys
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML

from _common import environment
from vanban import default_kinds, find_citations

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
GOLD_DIRS = (ROOT / "tests" / "data" / "seed", ROOT / "tests" / "data" / "reports")
CONTEXT = 40


def norm_code(code: str) -> str:
    code = unicodedata.normalize("NFC", code)
    return "".join(code.split()).replace("\u2013", "-").replace("\u2010", "-").replace("\u2011", "-")


def text_for(gold_path: Path) -> Path:
    """The text a gold file describes: <slug>.txt, or the seed's .md."""
    stem = gold_path.name[: -len(".gold.yaml")]
    for candidate in (gold_path.with_name(stem + ".txt"), gold_path.with_name(stem + ".md")):
        if candidate.exists():
            return candidate
    matches = sorted(gold_path.parent.glob(stem + "*.md")) + sorted(gold_path.parent.glob(stem + "*.txt"))
    if len(matches) == 1:
        return matches[0]
    raise FileNotFoundError(f"no text for {gold_path}")


def context(text: str, start: int, end: int) -> str:
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    snippet = f"{before}[[{text[start:end]}]]{after}"
    return " ".join(snippet.split())


def kind_key(kind: str | None) -> str | None:
    if kind is None:
        return None
    found = default_kinds().by_name(kind)
    name = found.name if found else kind
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def gold_positions(text: str, entries: list[dict]) -> list[tuple[int, int]]:
    """Where each gold raw is, searching forward in order (raws are listed in order)."""
    spans = []
    pos = 0
    for entry in entries:
        raw = unicodedata.normalize("NFC", entry["raw"])
        i = text.find(raw, pos)
        if i < 0:
            i = text.find(raw)  # should not happen; the gold files are checked
        spans.append((i, i + len(raw)) if i >= 0 else (-1, -1))
        if i >= 0:
            pos = i + len(raw)
    return spans


def evaluate(gold_path: Path) -> dict:
    yaml = YAML(typ="safe", pure=True)
    gold = yaml.load(gold_path.read_text(encoding="utf-8"))
    entries = gold.get("citations") or []
    text_path = text_for(gold_path)
    text = unicodedata.normalize("NFC", text_path.read_text(encoding="utf-8"))
    found = find_citations(text)

    gold_codes = [norm_code(e["raw"]) for e in entries]
    found_codes = [norm_code(c.code) for c in found]
    matcher = difflib.SequenceMatcher(a=found_codes, b=gold_codes, autojunk=False)
    pairs: list[tuple[int, int]] = []
    for block in matcher.get_matching_blocks():
        pairs.extend((block.a + k, block.b + k) for k in range(block.size))
    matched_found = {a for a, _ in pairs}
    matched_gold = {b for _, b in pairs}
    spans = gold_positions(text, entries)

    date_ok = kind_ok = kind_scored = 0
    date_errors, kind_errors = [], []
    for a, b in pairs:
        c, g = found[a], entries[b]
        gdate = g.get("date")
        if isinstance(gdate, str):
            gdate = _dt.date.fromisoformat(gdate)
        if c.date == gdate:
            date_ok += 1
        else:
            date_errors.append({
                "code": c.code, "found": c.date.isoformat() if c.date else None,
                "gold": gdate.isoformat() if gdate else None, "context": context(text, c.start, c.end),
            })
        if g.get("kind") is not None:
            kind_scored += 1
            if kind_key(c.kind) == kind_key(g["kind"]):
                kind_ok += 1
            else:
                kind_errors.append({
                    "code": c.code, "found": c.kind, "gold": g["kind"], "context": context(text, c.start, c.end),
                })

    false_pos = [
        {"code": found[a].code, "raw": found[a].raw, "context": context(text, found[a].start, found[a].end)}
        for a in range(len(found)) if a not in matched_found
    ]
    false_neg = [
        {"raw": entries[b]["raw"], "kind": entries[b].get("kind"),
         "context": context(text, *spans[b]) if spans[b][0] >= 0 else "(raw not found in text)"}
        for b in range(len(entries)) if b not in matched_gold
    ]
    tp = len(pairs)
    return {
        "file": str(text_path.relative_to(ROOT)),
        "gold": len(entries), "found": len(found), "tp": tp, "fp": len(false_pos), "fn": len(false_neg),
        **prf(tp, len(false_pos), len(false_neg)),
        "date_ok": date_ok, "kind_ok": kind_ok, "kind_scored": kind_scored,
        "false_positives": false_pos, "false_negatives": false_neg,
        "date_errors": date_errors, "kind_errors": kind_errors,
    }


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def pct(x: float) -> str:
    return f"{100 * x:5.1f}%"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="only the table")
    args = parser.parse_args(argv)

    gold_files = [p for d in GOLD_DIRS for p in sorted(d.glob("*.gold.yaml"))]
    results = []
    for path in gold_files:
        try:
            results.append(evaluate(path))
        except Exception as exc:  # a broken gold file is reported, never fatal
            print(f"! {path.relative_to(ROOT)}: {type(exc).__name__}: {exc}", file=sys.stderr)

    head = f"{'file':<58} {'gold':>4} {'found':>5} {'TP':>3} {'FP':>3} {'FN':>3} {'P':>6} {'R':>6} {'F1':>6} {'date':>7} {'kind':>7}"
    print(head)
    print("-" * len(head))
    for r in results:
        d = f"{r['date_ok']}/{r['tp']}"
        k = f"{r['kind_ok']}/{r['kind_scored']}"
        print(f"{Path(r['file']).name:<58} {r['gold']:>4} {r['found']:>5} {r['tp']:>3} {r['fp']:>3} {r['fn']:>3} "
              f"{pct(r['precision'])} {pct(r['recall'])} {pct(r['f1'])} {d:>7} {k:>7}")
    seed = [r for r in results if "/seed/" in r["file"]]
    reports = [r for r in results if "/reports/" in r["file"]]
    groups = {"all": results, "seed": seed, "reports": reports}
    summary = {}
    for name, rs in groups.items():
        t = {k: sum(r[k] for r in rs) for k in ("gold", "found", "tp", "fp", "fn", "date_ok", "kind_ok", "kind_scored")}
        t.update(prf(t["tp"], t["fp"], t["fn"]))
        t["date_accuracy"] = t["date_ok"] / t["tp"] if t["tp"] else None
        t["kind_accuracy"] = t["kind_ok"] / t["kind_scored"] if t["kind_scored"] else None
        summary[name] = t
    print("-" * len(head))
    for name in ("reports", "all"):
        t = summary[name]
        label = "TOTAL (10 report excerpts)" if name == "reports" else "TOTAL (seed + reports)"
        print(f"{label:<58} {t['gold']:>4} {t['found']:>5} {t['tp']:>3} {t['fp']:>3} {t['fn']:>3} "
              f"{pct(t['precision'])} {pct(t['recall'])} {pct(t['f1'])} {str(t['date_ok']) + '/' + str(t['tp']):>7} "
              f"{str(t['kind_ok']) + '/' + str(t['kind_scored']):>7}")
    t = summary["all"]
    print(f"\ndate accuracy on matches: {t['date_ok']}/{t['tp']}"
          f" = {pct(t['date_accuracy'] or 0)}; kind accuracy (gold kind written): {t['kind_ok']}/{t['kind_scored']}"
          f" = {pct(t['kind_accuracy'] or 0)}")

    if not args.quiet:
        for title, key in (("False positives", "false_positives"), ("False negatives", "false_negatives"),
                           ("Date mismatches (matched citations)", "date_errors"),
                           ("Kind mismatches (matched citations)", "kind_errors")):
            rows = [(r["file"], item) for r in results for item in r[key]]
            print(f"\n{title}: {len(rows)}")
            for file, item in rows:
                extra = ""
                if "gold" in item:
                    extra = f" found={item['found']!r} gold={item['gold']!r}"
                label = item.get("code") or item.get("raw")
                print(f"  {Path(file).name}: {label}{extra}\n      … {item['context']} …")

    OUT.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "accuracy",
        **environment(),
        "summary": summary,
        "files": results,
    }
    (OUT / "accuracy.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2, default=str), encoding="utf-8")
    print(f"\nwrote {(OUT / 'accuracy.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # always exit 0, but say what went wrong
        print(f"accuracy benchmark failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(0)
