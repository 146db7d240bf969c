"""Consistency checks for the corpus gold files (tests/data/corpus/*.gold.yaml).

For every <hash>.gold.yaml next to a <hash>.md this script checks that

* the header has the fields source, retrieved, province, issuer, note, citations;
* every citation has exactly the fields raw, start, number, symbol, year, kind, date, issuer, identity;
* ``raw`` is found at ``start`` in the NFC-normalised text (``text[start:start+len(raw)] == raw``);
* entries are in text order (strictly increasing ``start``) and their spans do not overlap;
* number, symbol and year agree with raw: raw with markdown ``**`` and all whitespace removed and en dashes
  read as "-" must be  number [/ - or nothing] [year / or -] symbol;
* the symbol is canonical (no whitespace, no ``**``, no en dash), the year is plausible (1945-2100) and
  a citation without year does not hide a normative year at the start of its symbol;
* ``date`` is null or a real calendar date written yyyy-mm-dd;
* ``kind`` and ``issuer`` are null or non-empty strings without line breaks or markdown;
* ``identity`` is a boolean;
* every <hash>.md has a gold file and every gold file has its text;
* if split.yaml exists: it lists every annotated text exactly once, in ``heldout`` or ``tuned``.

Standard library + ruamel.yaml only. Run:  python tests/data/corpus/check_gold.py [-v]
Exit status 0 when clean, 1 when a problem was found (each problem is printed).
"""

from __future__ import annotations

import datetime as _dt
import re
import sys
import unicodedata
from pathlib import Path

from ruamel.yaml import YAML

HERE = Path(__file__).resolve().parent
HEADER = ("source", "retrieved", "province", "issuer", "note", "citations")
FIELDS = ("raw", "start", "number", "symbol", "year", "kind", "date", "issuer", "identity")
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def squeeze(raw: str) -> str:
    """raw without markdown bold marks and whitespace, dashes as "-"."""
    s = raw.replace("**", "")
    s = "".join(s.split())
    for d in DASHES:
        s = s.replace(d, "-")
    return s


def check_entry(name: str, i: int, c: dict, text: str, problems: list[str]) -> None:
    where = f"{name} #{i}"
    if not isinstance(c, dict):
        problems.append(f"{where}: not a mapping")
        return
    keys = tuple(c.keys())
    if keys != FIELDS:
        problems.append(f"{where}: fields {keys} != {FIELDS}")
    raw, start = c.get("raw"), c.get("start")
    if not isinstance(raw, str) or not raw:
        problems.append(f"{where}: raw missing")
        return
    if not isinstance(start, int) or isinstance(start, bool):
        problems.append(f"{where}: start is not an integer")
        return
    if unicodedata.normalize("NFC", raw) != raw:
        problems.append(f"{where}: raw is not NFC")
    if text[start:start + len(raw)] != raw:
        problems.append(f"{where}: raw {raw!r} not at {start} (found {text[start:start + len(raw)]!r})")
    number, symbol, year = c.get("number"), c.get("symbol"), c.get("year")
    if not isinstance(number, str) or not re.fullmatch(r"\d+(?:\.\d+)?[a-z]?", number or ""):
        problems.append(f"{where}: bad number {number!r}")
        return
    if not isinstance(symbol, str) or not symbol or re.search(r"\s|\*", symbol) or any(d in symbol for d in DASHES):
        problems.append(f"{where}: symbol not canonical {symbol!r}")
        return
    if year is not None and (not isinstance(year, int) or not 1945 <= year <= 2100):
        problems.append(f"{where}: bad year {year!r}")
    if year is None and re.match(r"(?:19|20)\d\d[/-]", symbol):
        problems.append(f"{where}: year hidden in symbol {symbol!r}")
    pattern = re.escape(number) + r"[/-]?" + (re.escape(str(year)) + r"[/-]" if year is not None else "") + re.escape(symbol)
    if not re.fullmatch(pattern, squeeze(raw)):
        problems.append(f"{where}: number/year/symbol {number!r}/{year!r}/{symbol!r} do not agree with raw {raw!r}")
    date = c.get("date")
    if date is not None:
        if not isinstance(date, str) or not re.fullmatch(r"\d{4}-\d\d-\d\d", date):
            problems.append(f"{where}: date is not an ISO date {date!r}")
        else:
            try:
                _dt.date.fromisoformat(date)
            except ValueError:
                problems.append(f"{where}: not a real date {date!r}")
    for field in ("kind", "issuer"):
        v = c.get(field)
        if v is not None and (not isinstance(v, str) or not v.strip() or "\n" in v or "**" in v or v != v.strip()):
            problems.append(f"{where}: bad {field} {v!r}")
    if not isinstance(c.get("identity"), bool):
        problems.append(f"{where}: identity is not a boolean")


def load_yaml(path: Path):
    """YAML with dates kept as strings, so that an impossible date is reported, not a crash."""
    yaml = YAML(typ="safe", pure=True)
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
    return yaml.load(path.read_text(encoding="utf-8"))


def check_file(gold_path: Path, verbose: bool) -> tuple[list[str], int]:
    problems: list[str] = []
    name = gold_path.name
    text_path = gold_path.with_name(name[: -len(".gold.yaml")] + ".md")
    if not text_path.exists():
        return [f"{name}: no text {text_path.name}"], 0
    text = unicodedata.normalize("NFC", text_path.read_text(encoding="utf-8"))
    try:
        data = load_yaml(gold_path)
    except Exception as exc:  # a broken file is a problem to report
        return [f"{name}: cannot be read: {type(exc).__name__}: {exc}"], 0
    if not isinstance(data, dict) or tuple(data.keys()) != HEADER:
        problems.append(f"{name}: header fields {tuple(data.keys()) if isinstance(data, dict) else data!r} != {HEADER}")
        return problems, 0
    entries = data["citations"] or []
    prev_end = -1
    prev_start = -1
    for i, c in enumerate(entries):
        check_entry(name, i, c, text, problems)
        if isinstance(c, dict) and isinstance(c.get("start"), int) and isinstance(c.get("raw"), str):
            if c["start"] <= prev_start:
                problems.append(f"{name} #{i}: not in text order (start {c['start']} after {prev_start})")
            elif c["start"] < prev_end:
                problems.append(f"{name} #{i}: span overlaps the previous entry")
            prev_start, prev_end = c["start"], c["start"] + len(c["raw"])
    if verbose:
        ident = sum(1 for c in entries if isinstance(c, dict) and c.get("identity"))
        print(f"  {name}: {len(entries)} citations ({ident} identity)")
    return problems, len(entries)


def check_split(names: set[str], problems: list[str]) -> None:
    path = HERE / "split.yaml"
    if not path.exists():
        return
    data = load_yaml(path) or {}
    held, tuned = list(data.get("heldout") or []), list(data.get("tuned") or [])
    for label, items in (("heldout", held), ("tuned", tuned)):
        if len(set(items)) != len(items):
            problems.append(f"split.yaml: duplicates in {label}")
    both = set(held) & set(tuned)
    if both:
        problems.append(f"split.yaml: in both parts: {sorted(both)}")
    listed = set(held) | set(tuned)
    if listed != names:
        problems.append(f"split.yaml: missing {sorted(names - listed)}, unknown {sorted(listed - names)}")


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    problems: list[str] = []
    golds = sorted(HERE.glob("*.gold.yaml"))
    texts = {p.name for p in HERE.glob("*.md") if p.name != "README.md" and p.name != "BASELINE.md"}
    total = 0
    for gold in golds:
        file_problems, n = check_file(gold, verbose)
        problems.extend(file_problems)
        total += n
    with_gold = {g.name[: -len(".gold.yaml")] + ".md" for g in golds}
    for t in sorted(texts - with_gold):
        problems.append(f"{t}: text without gold file")
    check_split(with_gold, problems)
    for p in problems:
        print("!", p)
    print(f"{len(golds)} gold files, {total} citations, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
