"""Differential check: a permissive scan against ``vanban.find_citations`` on the development corpus.

Over every text in /work/shared/corpus/texts (read in place, NFC), a permissive scan looks for anything shaped
like a document number: a number (digits, optionally with inner dots "66.7" and a lower-case letter "30a"),
"/" or "-", optionally a year and "/" or "-", then capitals, with spaces around "/" and "-", markdown ``**``
and one soft line break allowed inside.  Each scan hit is compared with the finder's citations:

* agree    a finder citation overlaps the hit and has the same number + year + symbol (spaces, ``**`` and
           line breaks removed, dashes read as "-");
* diff     a finder citation overlaps the hit but reads another number / year / symbol;
* missed   no finder citation overlaps the hit.

Every disagreement (diff or missed) is then tested against named classes of non-citations (each a small
predicate on the hit and its context, defined in CLASSES below; the first that applies wins).  What no class
explains is reported as "unexplained", grouped by a short pattern signature (status, shape of the hit with
digit runs → 9, capitalised words → A, spaces → "_", a line break → "⏎", ``**`` → "*"),
with counts and three examples each (file:line and ±60 characters of context).  Finder citations that no scan
hit overlaps are counted too ("finder only").

Run:  python benchmarks/differential.py [--corpus DIR] [--examples N]
Prints a text summary; writes benchmarks/out/differential.json (summary, classes and signatures with examples,
and every disagreement with its file:line, context, status, class and signature). Always exits 0.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import unicodedata
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "out"
CORPUS = Path("/work/shared/corpus/texts")
CONTEXT = 60

# --- the permissive scan -------------------------------------------------------------------------
_SEP = r"(?:[ \t]|\*\*|\n(?!\s*\n))*"  # spaces, bold marks, at most one soft line break in a row
_DASH = r"[/\-\u2010\u2011\u2013\u2014]"
_UP = r"[A-ZĐ]"
SCAN = re.compile(
    r"(?<![\w/.,\-])(?P<number>\d+(?:\.\d+)*[a-z]?)" + _SEP + _DASH + _SEP
    + r"(?:(?P<year>(?:19|20)\d\d)" + _SEP + _DASH + _SEP + r")?"
    + r"(?P<symbol>" + _UP + r"[\w&]*(?:" + _SEP + _DASH + _SEP + _UP + r"[\w&]*)*)"
)
DASHES = "\u2010\u2011\u2012\u2013\u2014\u2212"


def squeeze(s: str) -> str:
    s = s.replace("**", "")
    s = "".join(s.split())
    for d in DASHES:
        s = s.replace(d, "-")
    return s


def scan_key(m: re.Match) -> tuple[str, int | None, str]:
    year = int(m.group("year")) if m.group("year") else None
    return (m.group("number"), year, squeeze(m.group("symbol")))


def finder_key(c) -> tuple[str, int | None, str]:
    return (squeeze(str(c.number)), c.year, squeeze(c.symbol))


def key_text(key: tuple) -> str:
    number, year, symbol = key
    return f"{number}/{year}/{symbol}" if year is not None else f"{number}/{symbol}"


# --- named classes of non-citations --------------------------------------------------------------
class Hit:
    """A scan hit with the text around it, for the class predicates."""

    def __init__(self, text: str, m: re.Match):
        self.text = text
        self.m = m
        self.raw = m.group(0)
        self.number = m.group("number")
        self.year = m.group("year")
        self.symbol = squeeze(m.group("symbol"))
        self.first_word = re.split(r"[-/]", self.symbol)[0]
        # the text before and after, markdown and line breaks folded, for word tests
        self.before = " ".join(text[max(0, m.start() - 80) : m.start()].replace("*", " ").split())
        self.after = " ".join(text[m.end() : m.end() + 60].replace("*", " ").split())
        self.line_start = text.rfind("\n", 0, m.start()) + 1
        self.sep = re.search(r"[/\-\u2010\u2011\u2013\u2014]", self.raw[len(self.number):]).group(0)


def _before(pattern: str) -> Callable[[Hit], bool]:
    rx = re.compile(pattern + r"\s*$", re.I)
    return lambda h: bool(rx.search(h.before))


def phone(h: Hit) -> bool:
    """Phone or fax numbers: "ĐT: 0235-…", "Fax 024-…", "Tel.", "Hotline", or a number shaped like one
    ("0906.229966", "(028) 3930.3279"): a leading 0 and nine or more digits."""
    digits = h.number.replace(".", "")
    if digits.startswith("0") and len(digits) >= 9:
        return True
    return bool(re.search(r"(?:điện thoại|đt|tel|fax|hotline|sđt|hỗ trợ)\W{0,3}[\d\s.()+_-]*$", h.before, re.I))


def money(h: Hit) -> bool:
    """Amounts: "200.000 đồng/Bản", "…VNĐ/", "triệu đồng/…", a per-unit rate after a currency word."""
    return (bool(re.search(r"(?:đồng|vnđ|vnd|usd|triệu|tỷ|nghìn|ngàn)\s*$", h.before, re.I))
            or bool(re.match(r"(?:đồng|VNĐ|VND|USD)\b", h.first_word))
            or bool(re.fullmatch(r"\d{1,3}(?:\.\d{3})+", h.number)))


def year_range_or_date(h: Hit) -> bool:
    """A year followed by a dash and a capitalised word ("2021 - 2025 - Dự án", "năm 2025 - Phòng"),
    month/year ("tháng 3/2023 …"), a day/month date, "giai đoạn 2021-2025"."""
    if re.fullmatch(r"(?:19|20)\d\d", h.number) and h.sep != "/":
        return True
    return bool(re.search(r"(?:tháng|ngày|năm|giai đoạn|quý|từ|đến)\s*$", h.before, re.I))


def form_or_appendix(h: Hit) -> bool:
    """Form and appendix numbers: "Mẫu số 02 - Phụ lục", "Biểu số 1 - …", "Phụ lục 2 - …", "Mẫu 01/TK…"."""
    return bool(re.search(r"(?:mẫu(?: số)?|biểu(?: mẫu)?(?: số)?|phụ lục(?: số)?|bm|form)\s*$", h.before, re.I))


def article_or_item(h: Hit) -> bool:
    """Article, clause and programme-item numbers: "Điều 4 - …", "khoản 2 - …", "Dự án 2 - Đa dạng",
    "Tiểu dự án 1 - …", "Nội dung 3 - …", "Chương II - …", "Mục 1 - …", "Tiêu chí 5 - …"."""
    return bool(re.search(r"(?:điều|khoản|điểm|chương|mục|phần|tiết|dự án|tiểu dự án|nội dung(?: thành phần)?|"
                          r"tiêu chí|nhiệm vụ|bước|giai đoạn|hợp phần|chương trình|đợt|lần|kỳ|khóa|khoá|"
                          r"nhóm|loại|hạng|cấp|bậc|vùng|khu vực|tổ|đội|ấp|thôn|xóm|bản|buôn|làng|khu phố|"
                          r"tổ dân phố|lô|thửa|tờ bản đồ|tờ|số thứ tự|stt)\s*$", h.before, re.I))


def numbered_name_range(h: Hit) -> bool:
    """A numbered place, facility or line between two names: "Sơn La 1 - Sơn Tây", "Hòa Bình 2-Tây Hà Nội",
    "Trạm 500 kV Bình Dương 1 - Chơn Thành", "Quảng Trị 2 - …": a capitalised word right before the number
    and a separator "-" (not "/")."""
    return h.sep != "/" and bool(re.search(r"[A-ZĐÀ-Ỹ][\wÀ-ỹ]*\s*$", h.before)) and len(h.number) <= 3


def postal_product_code(h: Hit) -> bool:
    """Postal codes, product, HS, tax and procedure codes, models: "mã số 7106…", "Mã TTHC 1.004…", "model",
    "Part #", "mã bưu chính", "mã hồ sơ", "số seri"."""
    return bool(re.search(r"(?:mã(?: số)?(?: thuế| bưu chính| hồ sơ| tthc| hs)?|model|part\s*#?|serial|số seri|"
                          r"code|ký hiệu|kí hiệu|mã vạch|sku)\W{0,3}$", h.before, re.I))


def doi_or_url(h: Hit) -> bool:
    """Bibliographic identifiers and web addresses: "doi:10.1016/S0304…", "https://…/2023/Page", "ISBN"."""
    return bool(re.search(r"(?:doi:?|https?://\S*|www\.\S*|isbn|issn|arxiv:?|pmid)\s*$", h.before, re.I))


def title_dash(h: Hit) -> bool:
    """A number, a spaced dash and an ordinary capitalised word, as in headings, titles and foreign text:
    "Dự án 2 – Đa dạng", "1650 – Pionniers", "148 – European" (the word is not an abbreviation)."""
    return h.sep != "/" and bool(re.search(r"\s[\-\u2013\u2014]\s", h.raw)) and bool(
        re.fullmatch(r"[A-ZĐ][a-zà-ỹđ]{2,}", h.first_word))


def address(h: Hit) -> bool:
    """Street addresses: "số 12/4 Lê Lợi", "12/3 Đường …", "Ngõ 5/2 …", "Km 12 - QL1A"."""
    return (bool(re.search(r"(?:số nhà|ngõ|ngách|hẻm|kiệt|kiệt số|đường|phố|km)\s*$", h.before, re.I))
            or bool(re.match(r"(?:Đường|Phố|Ngõ|Ngách|Hẻm|Kiệt|Lê|Nguyễn|Trần|Phạm|Lý|Hai|Ba|QL|ĐT|TL)$", h.first_word)))


def measurement(h: Hit) -> bool:
    """Measurements and ratios written with a slash and a capitalised unit: "220/110 kV", "50 MVA/…",
    "1000 người/Km2", "2x250 MVA"."""
    return bool(re.match(r"(?:kV|KV|MW|MVA|MWh|Km|KM|Km2|M3|Ha|HA|T|Tấn|Kg|KG)$", h.first_word))


def list_numbering(h: Hit) -> bool:
    """Item numbering at the start of a line or table cell: "1 - Hỗ trợ …", "2- Kiểm tra …"."""
    head = h.text[h.line_start : h.m.start()]
    return h.sep != "/" and head.strip(" \t*|-+") == ""


def bare_time_or_score(h: Hit) -> bool:
    """Scores, ratios and counts like "23/23 Hội Phụ nữ", "10/10 Xã", "3/5 Tổ": the symbol is one
    capitalised ordinary word, not an abbreviation (lower-case letters after the first)."""
    return bool(re.fullmatch(r"[A-ZĐ][a-zà-ỹđ]+", h.symbol)) and h.sep == "/"


def scan_stops_at_a_dot(h: Hit) -> bool:
    """The scan misreads, the finder is right: a unit with dots between capitals ("545/CCTKV.VIII-CNTK",
    "838/CCTKV.XII-NVDTPC.HUE"); the scan's symbol stops at the first dot. Counted only where the finder's
    reading is the scan's followed by "." and capitals."""
    finder = getattr(h, "finder_keys", ())
    return any(f[0] == h.number and f[2].startswith(h.symbol + ".") for f in finder)


def scan_reads_a_glued_word(h: Hit) -> bool:
    """The scan misreads, the finder is right: a word typed without a space after the symbol
    ("35/2025/QĐ-TTgcủa"); the scan takes the word into the symbol. Counted only where the finder's symbol is
    the scan's without a trailing run of small letters."""
    finder = getattr(h, "finder_keys", ())
    return any(f[0] == h.number and h.symbol.startswith(f[2]) and h.symbol[len(f[2]):].isalpha()
               and h.symbol[len(f[2]):].islower() for f in finder)


CLASSES: list[tuple[str, Callable[[Hit], bool]]] = [
    ("scan misreading: dots inside a unit (finder right)", scan_stops_at_a_dot),
    ("scan misreading: word glued to the symbol (finder right)", scan_reads_a_glued_word),
    ("phone number", phone),
    ("money / amount", money),
    ("date, year or year range", year_range_or_date),
    ("form / appendix number", form_or_appendix),
    ("article, clause or item number", article_or_item),
    ("postal, product, HS or procedure code", postal_product_code),
    ("DOI, URL or catalogue identifier", doi_or_url),
    ("street address", address),
    ("measurement / unit", measurement),
    ("list numbering at line start", list_numbering),
    ("numbered name range (A 1 - B)", numbered_name_range),
    ("heading or title dash (N – Word)", title_dash),
    ("count or ratio with a plain word", bare_time_or_score),
]


def classify(h: Hit) -> str | None:
    for name, predicate in CLASSES:
        if predicate(h):
            return name
    return None


def signature(status: str, raw: str) -> str:
    """status + shape of the hit: digit runs → 9, capitalised words → A, a run of spaces → "_", a line
    break → "⏎", bold marks → "*"; dashes read as "-". "diff:9/A-_A" is "1234/QĐ- UBND" read otherwise."""
    s = raw
    for d in DASHES:
        s = s.replace(d, "-")
    s = s.replace("**", "*")
    s = re.sub(r"[A-ZĐ][\w&]*", "A", s)
    s = re.sub(r"\d+(?:\.\d+)*[a-z]?", "9", s)
    s = re.sub(r"[ \t]*\n[ \t]*", "⏎", s)
    s = re.sub(r"[ \t]+", "_", s)
    return f"{status}:{s}"


def where(name: str, text: str, start: int, end: int) -> dict:
    line = text.count("\n", 0, start) + 1
    before = text[max(0, start - CONTEXT) : start]
    after = text[end : end + CONTEXT]
    ctx = (before + "[[" + text[start:end] + "]]" + after).replace("\n", "⏎")
    return {"at": f"{name}:{line}", "context": ctx}


def heldout_names() -> set[str]:
    """The held-out texts of the gold set (tests/data/corpus/split.yaml), left out while tuning."""
    split = ROOT / "tests" / "data" / "corpus" / "split.yaml"
    names: set[str] = set()
    in_heldout = False
    for line in split.read_text(encoding="utf-8").splitlines():
        if not line.startswith(" ") and line.endswith(":"):
            in_heldout = line == "heldout:"
        elif in_heldout and line.strip().startswith("- "):
            names.add(line.strip()[2:].strip())
    return names


def run(corpus: Path, find_citations, n_examples: int, skip: frozenset[str] = frozenset()) -> dict:
    files = sorted(p for p in corpus.glob("*.md") if p.name not in skip)
    totals = collections.Counter()
    by_class: dict[str, list] = collections.defaultdict(list)
    unexplained: dict[str, list] = collections.defaultdict(list)
    finder_only: dict[str, list] = collections.defaultdict(list)
    everything: list[dict] = []  # every disagreement, in corpus order
    errors = []
    for path in files:
        text = unicodedata.normalize("NFC", path.read_text(encoding="utf-8"))
        try:
            found = find_citations(text)
        except Exception as exc:  # the finder must not raise; record it and go on
            errors.append({"file": path.name, "error": f"{type(exc).__name__}: {exc}"})
            continue
        totals["files"] += 1
        totals["finder citations"] += len(found)
        covered = set()
        for m in SCAN.finditer(text):
            totals["scan hits"] += 1
            key = scan_key(m)
            over = [i for i, c in enumerate(found) if c.start < m.end() and m.start() < c.end]
            covered.update(over)
            if any(finder_key(found[i]) == key for i in over):
                totals["agree"] += 1
                continue
            status = "diff" if over else "missed"
            totals[status] += 1
            item = where(path.name, text, m.start(), m.end())
            item.update({"status": status, "scan": key_text(key), "raw": m.group(0)})
            if over:
                item["finder"] = [key_text(finder_key(found[i])) for i in over]
            hit = Hit(text, m)
            hit.finder_keys = [finder_key(found[i]) for i in over]  # type: ignore[attr-defined]
            cls = classify(hit)
            item["class"] = cls or "unexplained"
            item["signature"] = signature(status, m.group(0))
            everything.append(item)
            if cls:
                totals["explained"] += 1
                by_class[cls].append(item)
            else:
                totals["unexplained"] += 1
                unexplained[signature(status, m.group(0))].append(item)
        for i, c in enumerate(found):
            if i not in covered:
                totals["finder only"] += 1
                item = where(path.name, text, c.start, c.end)
                item["finder"] = c.code
                finder_only[signature("finder-only", c.code)].append(item)

    def grouped(groups: dict[str, list]) -> list[dict]:
        rows = [{"name": k, "count": len(v), "examples": v[:n_examples]} for k, v in groups.items()]
        return sorted(rows, key=lambda r: (-r["count"], r["name"]))

    return {
        "corpus": str(corpus),
        "totals": dict(totals),
        "errors": errors,
        "classes": [{"name": name, "doc": " ".join((pred.__doc__ or "").split()),
                     "count": len(by_class.get(name, [])), "examples": by_class.get(name, [])[:n_examples]}
                    for name, pred in CLASSES],
        "unexplained": grouped(unexplained),
        "finder_only": grouped(finder_only),
        "disagreements": everything,
    }


def print_summary(result: dict, n_top: int) -> None:
    t = result["totals"]
    print(f"Differential check over {t.get('files', 0)} texts in {result['corpus']}")
    print(f"  scan hits {t.get('scan hits', 0)}; finder citations {t.get('finder citations', 0)}")
    print(f"  agree {t.get('agree', 0)}; disagreements {t.get('diff', 0) + t.get('missed', 0)} "
          f"(finder reads another number/symbol: {t.get('diff', 0)}, not reported: {t.get('missed', 0)})")
    print(f"  explained by a class {t.get('explained', 0)}; unexplained {t.get('unexplained', 0)}; "
          f"finder citations no scan hit overlaps: {t.get('finder only', 0)}")
    if result["errors"]:
        print(f"  finder raised on {len(result['errors'])} text(s):")
        for e in result["errors"]:
            print(f"    {e['file']}: {e['error']}")
    print("\nDisagreements per class of non-citation:")
    for c in result["classes"]:
        print(f"  {c['count']:>5}  {c['name']}")
    print(f"\nUnexplained disagreements by signature ({len(result['unexplained'])} signatures; top {n_top}):")
    for row in result["unexplained"][:n_top]:
        print(f"  {row['count']:>5}  {row['name']}")
        for ex in row["examples"]:
            extra = f"  finder: {', '.join(ex['finder'])}" if ex.get("finder") else ""
            print(f"           {ex['at']}: …{ex['context']}…{extra}")
    if result["finder_only"]:
        print(f"\nFinder citations with no scan hit ({len(result['finder_only'])} signatures; top 5):")
        for row in result["finder_only"][:5]:
            print(f"  {row['count']:>5}  {row['name']}")
            for ex in row["examples"][:1]:
                print(f"           {ex['at']}: …{ex['context']}…")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of .md texts (default: %(default)s)")
    parser.add_argument("--examples", type=int, default=3, help="examples kept per group (default: 3)")
    parser.add_argument("--top", type=int, default=25, help="unexplained signatures printed (default: 25)")
    parser.add_argument("--skip-heldout", action="store_true",
                        help="leave out the held-out texts of tests/data/corpus/split.yaml (use while tuning)")
    args = parser.parse_args(argv)

    from vanban import find_citations  # noqa: PLC0415 (an import failure is reported, exit status stays 0)
    from _common import environment  # noqa: PLC0415

    skip = frozenset(heldout_names()) if args.skip_heldout else frozenset()
    result = run(args.corpus, find_citations, args.examples, skip)
    result["skipped_heldout"] = sorted(skip)
    print_summary(result, args.top)
    OUT.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": "differential", **environment(), **result}
    (OUT / "differential.json").write_text(json.dumps(payload, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {(OUT / 'differential.json').relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    try:
        main()
    except Exception as exc:  # always exit 0, but say what went wrong
        print(f"differential check failed: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(0)
