"""Precision and recall of ``vanban.find_citations`` against the gold citation files.

Gold sets, scored as separate parts:

* ``seed``    tests/data/seed/*.gold.yaml (the seed report, Báo cáo 733/BC-UBND);
* ``reports`` tests/data/reports/*.gold.yaml (ten excerpts of real reports; see their README.md);
* ``tuned`` and ``heldout``: tests/data/corpus/*.gold.yaml (44 full real texts; see that README.md),
  split by tests/data/corpus/split.yaml. Nobody tunes the finder on the held-out part.

Alignment.
  seed/reports (no offsets in their gold) keep the original method: found citations are aligned with
  the gold entries in order of appearance on their normalised code (spaces removed, en dashes → "-"),
  longest common subsequence. corpus: every gold entry has its character offset, so a found citation is
  matched with a gold entry when its span [start, end) overlaps the gold ``raw`` span and its identity
  (number + symbol + year, symbol with spaces and ``**`` removed and dashes read as "-") equals the
  gold's; one-to-one, in text order. An overlapping found citation with another identity is a false
  positive (listed as "code mismatch"), the gold entry a false negative.

Scores per part, on the matches:
  date    found date == gold date (both null counts as correct);
  issuer  found issuer == gold issuer after folding: NFC, ``**`` removed, whitespace collapsed, casefold.
          Nothing else: "UBND tỉnh" and "Ủy ban nhân dân tỉnh" are different texts and count as a mismatch,
          and so do "Uỷ"/"Ủy" spellings; both null counts as correct (corpus only: the old gold has no issuer);
  kind    only where the gold has a written kind, compared through the kinds table (so "QĐ" = "Quyết
          định"; the English type words of the corpus' site translations, "Decree", "Circular", "Decision",
          "Resolution", "Law", "Directive", are read as the Vietnamese kind they translate); the finder's kind
          for a bare "Số: …" is inferred and not scored;
  identity flag (corpus only)  gold ``identity: true`` marks the document's own number. If the Citation
          objects carry no flag for it, every identity:true gold entry the finder returns (a match) is
          counted as an "identity reported as reference" error; if they carry one (attribute ``identity``,
          ``is_identity`` or ``own``), the flag is compared on every match.
  refs-only P/R/F1 (corpus only): the same alignment with the identity:true gold entries and the found
          citations overlapping them left out.

Run:  python benchmarks/accuracy.py [--part {all,tuned,heldout,reports,seed}] [--quiet]
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

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
SEED_DIR = ROOT / "tests" / "data" / "seed"
REPORTS_DIR = ROOT / "tests" / "data" / "reports"
CORPUS_DIR = ROOT / "tests" / "data" / "corpus"
GOLD_DIRS = (SEED_DIR, REPORTS_DIR)
PARTS = ("seed", "reports", "tuned", "heldout")
CONTEXT = 40
DASHES = ("\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2212")
IDENTITY_ATTRS = ("identity", "is_identity", "own")

find_citations = None  # bound in main(), so that an import failure is reported and the exit status stays 0
default_kinds = None


def norm_code(code: str) -> str:
    code = unicodedata.normalize("NFC", code).replace("**", "")
    code = "".join(code.split())
    for d in DASHES:
        code = code.replace(d, "-")
    return code


def fold(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(unicodedata.normalize("NFC", text).replace("**", "").split()).casefold()


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


# English type words of the site translations in the corpus gold, read as the Vietnamese kind they translate.
ENGLISH_KINDS = {"decree": "Nghị định", "circular": "Thông tư", "decision": "Quyết định", "resolution": "Nghị quyết",
                 "law": "Luật", "directive": "Chỉ thị", "official dispatch": "Công văn"}


def kind_key(kind: str | None) -> str | None:
    if kind is None:
        return None
    kind = ENGLISH_KINDS.get(" ".join(kind.split()).casefold(), kind)
    found = default_kinds().by_name(kind)
    name = found.name if found else kind
    return unicodedata.normalize("NFC", " ".join(name.split())).casefold()


def iso(d) -> str | None:
    if d is None:
        return None
    return d.isoformat() if hasattr(d, "isoformat") else str(d)


def gold_date(value) -> _dt.date | None:
    if value is None or isinstance(value, _dt.date):
        return value
    return _dt.date.fromisoformat(str(value))


def load_gold(path: Path) -> dict:
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))


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


def prf(tp: int, fp: int, fn: int) -> dict:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": p, "recall": r, "f1": f}


def pct(x: float | None) -> str:
    return "    - " if x is None else f"{100 * x:5.1f}%"


# --- seed / reports: the original order-based alignment ------------------------------------------
def evaluate_lcs(gold_path: Path, part: str) -> dict:
    gold = load_gold(gold_path)
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

    result = blank_result(text_path, part, len(entries), len(found))
    for a, b in pairs:
        score_pair(result, text, found[a], entries[b], with_issuer=False, with_identity=False)
    result["false_positives"] = [
        {"code": found[a].code, "raw": found[a].raw, "context": context(text, found[a].start, found[a].end)}
        for a in range(len(found)) if a not in matched_found
    ]
    result["false_negatives"] = [
        {"raw": entries[b]["raw"], "kind": entries[b].get("kind"),
         "context": context(text, *spans[b]) if spans[b][0] >= 0 else "(raw not found in text)"}
        for b in range(len(entries)) if b not in matched_gold
    ]
    return finish(result, len(pairs))


# --- corpus: span-overlap + identity alignment ----------------------------------------------------
def gold_key(e: dict) -> tuple:
    return (str(e["number"]), e.get("year"), norm_code(e["symbol"]))


def found_key(c) -> tuple:
    return (norm_code(str(c.number)), c.year, norm_code(c.symbol))


def key_text(key: tuple) -> str:
    number, year, symbol = key
    return f"{number}/{year}/{symbol}" if year is not None else f"{number}/{symbol}"


def align_spans(entries: list[dict], found: list, skip_gold=frozenset(), skip_found=frozenset()):
    """One-to-one matches (found index, gold index) by span overlap and equal identity, in text order."""
    used: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for b, e in enumerate(entries):
        if b in skip_gold:
            continue
        s, t = e["start"], e["start"] + len(e["raw"])
        key = gold_key(e)
        for a, c in enumerate(found):
            if a in used or a in skip_found or not (c.start < t and s < c.end):
                continue
            if found_key(c) == key:
                pairs.append((a, b))
                used.add(a)
                break
    return pairs


def identity_flag(c):
    for attr in IDENTITY_ATTRS:
        if hasattr(c, attr):
            value = getattr(c, attr)
            return bool(value() if callable(value) else value)
    return None


def evaluate_span(gold_path: Path, part: str) -> dict:
    gold = load_gold(gold_path)
    entries = gold.get("citations") or []
    text_path = text_for(gold_path)
    text = unicodedata.normalize("NFC", text_path.read_text(encoding="utf-8"))
    found = find_citations(text)
    pairs = align_spans(entries, found)
    matched_found = {a for a, _ in pairs}
    matched_gold = {b for _, b in pairs}

    result = blank_result(text_path, part, len(entries), len(found))
    for a, b in pairs:
        score_pair(result, text, found[a], entries[b], with_issuer=True, with_identity=True)

    def overlapping_gold(c) -> list[int]:
        return [b for b, e in enumerate(entries) if c.start < e["start"] + len(e["raw"]) and e["start"] < c.end]

    fps = []
    for a, c in enumerate(found):
        if a in matched_found:
            continue
        over = overlapping_gold(c)
        item = {"code": c.code, "raw": c.raw, "context": context(text, c.start, c.end)}
        if over:
            item["code_mismatch_with"] = [entries[b]["raw"] for b in over]
        fps.append(item)
    result["false_positives"] = fps
    result["code_mismatches"] = sum(1 for x in fps if "code_mismatch_with" in x)
    result["false_negatives"] = [
        {"raw": e["raw"], "code": key_text(gold_key(e)), "kind": e.get("kind"), "identity": e.get("identity"),
         "context": context(text, e["start"], e["start"] + len(e["raw"]))}
        for b, e in enumerate(entries) if b not in matched_gold
    ]

    # references only: identity:true gold entries and the found citations overlapping them are left out
    ident = {b for b, e in enumerate(entries) if e.get("identity")}
    ident_found = {a for a, c in enumerate(found) if any(b in ident for b in overlapping_gold(c))}
    ref_pairs = align_spans(entries, found, skip_gold=ident, skip_found=ident_found)
    ref_gold = len(entries) - len(ident)
    ref_found = len(found) - len(ident_found)
    result["refs"] = {"gold": ref_gold, "found": ref_found, "tp": len(ref_pairs),
                      "fp": ref_found - len(ref_pairs), "fn": ref_gold - len(ref_pairs)}
    result["identity_gold"] = len(ident)
    return finish(result, len(pairs))


# --- shared --------------------------------------------------------------------------------------
def blank_result(text_path: Path, part: str, n_gold: int, n_found: int) -> dict:
    return {
        "file": str(text_path.relative_to(ROOT)), "part": part, "gold": n_gold, "found": n_found,
        "date_ok": 0, "kind_ok": 0, "kind_scored": 0, "issuer_ok": 0, "issuer_scored": 0,
        "identity_as_reference": 0, "identity_flag_ok": 0, "identity_flag_scored": 0, "identity_gold": 0,
        "date_errors": [], "kind_errors": [], "issuer_errors": [], "identity_errors": [],
    }


def score_pair(result: dict, text: str, c, g: dict, *, with_issuer: bool, with_identity: bool) -> None:
    ctx = context(text, c.start, c.end)
    gdate = gold_date(g.get("date"))
    if c.date == gdate:
        result["date_ok"] += 1
    else:
        result["date_errors"].append({"code": c.code, "found": iso(c.date), "gold": iso(gdate), "context": ctx})
    if g.get("kind") is not None:
        result["kind_scored"] += 1
        if kind_key(c.kind) == kind_key(g["kind"]):
            result["kind_ok"] += 1
        else:
            result["kind_errors"].append({"code": c.code, "found": c.kind, "gold": g["kind"], "context": ctx})
    if with_issuer:
        result["issuer_scored"] += 1
        if fold(c.issuer) == fold(g.get("issuer")):
            result["issuer_ok"] += 1
        else:
            result["issuer_errors"].append({"code": c.code, "found": c.issuer, "gold": g.get("issuer"), "context": ctx})
    if with_identity:
        flag = identity_flag(c)
        if flag is None:
            if g.get("identity"):
                result["identity_as_reference"] += 1
                result["identity_errors"].append({"code": c.code, "found": "ordinary citation",
                                                  "gold": "identity", "context": ctx})
        else:
            result["identity_flag_scored"] += 1
            if flag == bool(g.get("identity")):
                result["identity_flag_ok"] += 1
            else:
                result["identity_errors"].append({"code": c.code, "found": flag, "gold": bool(g.get("identity")),
                                                  "context": ctx})


def finish(result: dict, tp: int) -> dict:
    result["tp"] = tp
    result["fp"] = len(result["false_positives"])
    result["fn"] = len(result["false_negatives"])
    result.update(prf(tp, result["fp"], result["fn"]))
    return result


def corpus_split() -> dict[str, str]:
    """file name → "tuned" / "heldout" (texts missing from split.yaml count as tuned)."""
    path = CORPUS_DIR / "split.yaml"
    data = YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")) if path.exists() else {}
    data = data or {}
    where = {name: "heldout" for name in data.get("heldout") or []}
    where.update({name: "tuned" for name in data.get("tuned") or []})
    return where


def gold_files(part: str) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    if part in ("all", "seed"):
        files += [(p, "seed") for p in sorted(SEED_DIR.glob("*.gold.yaml"))]
    if part in ("all", "reports"):
        files += [(p, "reports") for p in sorted(REPORTS_DIR.glob("*.gold.yaml"))]
    if part in ("all", "tuned", "heldout"):
        split = corpus_split()
        for p in sorted(CORPUS_DIR.glob("*.gold.yaml")):
            which = split.get(p.name[: -len(".gold.yaml")] + ".md", "tuned")
            if part in ("all", which):
                files.append((p, which))
    return files


SUM_KEYS = ("gold", "found", "tp", "fp", "fn", "date_ok", "kind_ok", "kind_scored", "issuer_ok", "issuer_scored",
            "identity_as_reference", "identity_flag_ok", "identity_flag_scored", "identity_gold")


def summarise(rs: list[dict]) -> dict:
    t = {k: sum(r.get(k, 0) for r in rs) for k in SUM_KEYS}
    t["files"] = len(rs)
    t.update(prf(t["tp"], t["fp"], t["fn"]))
    t["date_accuracy"] = t["date_ok"] / t["tp"] if t["tp"] else None
    t["kind_accuracy"] = t["kind_ok"] / t["kind_scored"] if t["kind_scored"] else None
    t["issuer_accuracy"] = t["issuer_ok"] / t["issuer_scored"] if t["issuer_scored"] else None
    t["identity_flag_accuracy"] = (t["identity_flag_ok"] / t["identity_flag_scored"]
                                   if t["identity_flag_scored"] else None)
    t["code_mismatches"] = sum(r.get("code_mismatches", 0) for r in rs)
    refs = [r["refs"] for r in rs if "refs" in r]
    if refs:
        ref = {k: sum(x[k] for x in refs) for k in ("gold", "found", "tp", "fp", "fn")}
        ref.update(prf(ref["tp"], ref["fp"], ref["fn"]))
        t["refs"] = ref
    return t


def print_files(results: list[dict]) -> None:
    head = (f"{'part':<8} {'file':<42} {'gold':>4} {'found':>5} {'TP':>4} {'FP':>4} {'FN':>4} {'P':>6} {'R':>6} "
            f"{'F1':>6} {'date':>9} {'issuer':>9} {'kind':>9} {'id→ref':>6}")
    print(head)
    print("-" * len(head))
    for r in results:
        d = f"{r['date_ok']}/{r['tp']}"
        i = f"{r['issuer_ok']}/{r['issuer_scored']}" if r["issuer_scored"] else "-"
        k = f"{r['kind_ok']}/{r['kind_scored']}"
        idr = str(r["identity_as_reference"]) if r["part"] in ("tuned", "heldout") else "-"
        print(f"{r['part']:<8} {Path(r['file']).name:<42} {r['gold']:>4} {r['found']:>5} {r['tp']:>4} {r['fp']:>4} "
              f"{r['fn']:>4} {pct(r['precision'])} {pct(r['recall'])} {pct(r['f1'])} {d:>9} {i:>9} {k:>9} {idr:>6}")


def print_summary(summary: dict[str, dict], identity_flag_present: bool | None) -> None:
    parts = [p for p in PARTS + ("corpus",) if p in summary]
    width = 17
    print("\nSummary per part" + " " * 4 + "".join(f"{p:>{width}}" for p in parts))

    def row(label: str, cell) -> None:
        print(f"{label:<20}" + "".join(f"{cell(summary[p]):>{width}}" for p in parts))

    def ratio(ok: str, n: str):
        return lambda t: (f"{t[ok]}/{t[n]} {pct(t[ok] / t[n]).strip()}" if t[n] else "-")

    row("files", lambda t: str(t["files"]))
    row("gold citations", lambda t: str(t["gold"]))
    row("found", lambda t: str(t["found"]))
    row("TP / FP / FN", lambda t: f"{t['tp']}/{t['fp']}/{t['fn']}")
    row("precision", lambda t: pct(t["precision"]).strip())
    row("recall", lambda t: pct(t["recall"]).strip())
    row("F1", lambda t: pct(t["f1"]).strip())
    row("date on matches", ratio("date_ok", "tp"))
    row("issuer on matches", ratio("issuer_ok", "issuer_scored"))
    row("kind (gold written)", ratio("kind_ok", "kind_scored"))
    row("code mismatches", lambda t: str(t["code_mismatches"]) if "refs" in t else "-")
    row("identity gold", lambda t: str(t["identity_gold"]) if "refs" in t else "-")
    if identity_flag_present:
        row("identity flag", ratio("identity_flag_ok", "identity_flag_scored"))
    else:
        row("id. as reference", lambda t: str(t["identity_as_reference"]) if "refs" in t else "-")
    row("refs-only P", lambda t: pct(t["refs"]["precision"]).strip() if "refs" in t else "-")
    row("refs-only R", lambda t: pct(t["refs"]["recall"]).strip() if "refs" in t else "-")
    row("refs-only F1", lambda t: pct(t["refs"]["f1"]).strip() if "refs" in t else "-")
    if identity_flag_present is False:
        print("(Citation has no identity flag: \"id. as reference\" counts identity:true gold entries the finder "
              "returned as ordinary citations.)")


def main(argv: list[str] | None = None) -> int:
    global find_citations, default_kinds
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quiet", action="store_true", help="only the tables")
    parser.add_argument("--part", choices=("all", "tuned", "heldout", "reports", "seed"), default="all",
                        help="which gold set to score (default: all)")
    args = parser.parse_args(argv)

    from vanban import default_kinds as _kinds, find_citations as _find  # noqa: PLC0415 (reported, not fatal)
    find_citations, default_kinds = _find, _kinds
    from _common import environment  # noqa: PLC0415

    results = []
    for path, part in gold_files(args.part):
        try:
            evaluate = evaluate_span if part in ("tuned", "heldout") else evaluate_lcs
            results.append(evaluate(path, part))
        except Exception as exc:  # a broken gold file is reported, never fatal
            print(f"! {path.relative_to(ROOT)}: {type(exc).__name__}: {exc}", file=sys.stderr)

    print_files(results)
    summary = {p: summarise([r for r in results if r["part"] == p]) for p in PARTS
               if any(r["part"] == p for r in results)}
    if {"seed", "reports"} <= summary.keys():
        summary["seed+reports"] = summarise([r for r in results if r["part"] in ("seed", "reports")])
    if {"tuned", "heldout"} <= summary.keys():
        summary["corpus"] = summarise([r for r in results if r["part"] in ("tuned", "heldout")])
    flags = [r["identity_flag_scored"] > 0 for r in results if r["part"] in ("tuned", "heldout")]
    identity_flag_present = (any(flags) if flags else None)
    print_summary(summary, identity_flag_present)

    if not args.quiet:
        for title, key in (("False positives", "false_positives"), ("False negatives", "false_negatives"),
                           ("Date mismatches (matched citations)", "date_errors"),
                           ("Issuer mismatches (matched citations, corpus)", "issuer_errors"),
                           ("Kind mismatches (matched citations)", "kind_errors"),
                           ("Identity errors (matched citations, corpus)", "identity_errors")):
            rows = [(r, item) for r in results for item in r[key]]
            print(f"\n{title}: {len(rows)}")
            for r, item in rows:
                extra = ""
                if "gold" in item and "found" in item:
                    extra = f" found={item['found']!r} gold={item['gold']!r}"
                if "code_mismatch_with" in item:
                    extra += f" (overlaps gold {', '.join(item['code_mismatch_with'])})"
                label = item.get("code") or item.get("raw")
                print(f"  [{r['part']}] {Path(r['file']).name}: {label}{extra}\n      … {item['context']} …")

    OUT.mkdir(parents=True, exist_ok=True)
    payload = {
        "benchmark": "accuracy",
        **environment(),
        "part": args.part,
        "identity_flag_present": identity_flag_present,
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
