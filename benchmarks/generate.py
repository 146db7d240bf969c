"""Realistic registries at any size, deterministic from a seed: provinces → communes, 2021-2026.

The country as it is since 01/7/2025 (two tiers: tỉnh and xã) and as it was before (tỉnh, huyện,
xã): the 34 provinces of 2025 with the provinces merged into them (Nghị quyết 202/2025/QH15),
former districts and communes that ended on 30/6/2025 with their successors, and new communes
from 01/7/2025. Names of provinces are real; names of districts and communes are made of real
place-name syllables; every document is illustrative.

Documents follow the real numbering rules (Nghị định 30/2020/NĐ-CP Điều 15): one series per
issuer, per year and per kind (numbers restart on 1 January), numbers rising with the date and
sized like a real body's (a commune issues some hundreds of decisions a year, a province some
thousands); normative numbers carry their year (12/2023/NQ-HĐND); a Huyện ủy numbers per
committee term (15-KH/HU). Relations: plans implement the plan above them (commune → district
→ province → central), reports answer requests, decisions rest on resolutions; sub-project links
for both programs (giam-ngheo-2021-2025: DA1..DA7-TDAn; the 2026-2035 program: HP1, HP2);
deadlines on monitoring decisions, met on time, late or not at all; `requires: from: communes`
on provincial and district plans. References are written as IDs or as citations with their date
and issuer, as clerks write them. A small, realistic share of mistakes: mistyped symbols (VB101),
numbers used twice (VB104), numbers out of order (VB105), plans with no sub-project link (VB302)
and references to documents that are not registered (VB201; none with --clean).

The size: about 300 documents per commune over the period (a million documents for the
country's 3,321 communes), so --documents sets the number of communes and provinces; every
count is exact once the structure's core documents (about 150 for the smallest) fit.

Output: one registry file (OUT/vanban.yaml), or with --folder a folder registry:

    OUT/vanban.yaml                     locality and the central documents
    OUT/issuers/trung-uong.yaml         central bodies
    OUT/issuers/<province>.yaml         a province's bodies: provinces, districts, communes (old and new)
    OUT/<province>/tinh.yaml            the province's documents (UBND, HĐND, sở; merged provinces too)
    OUT/<province>/huyen/<district>.yaml    a former district's documents (UBND huyện, Huyện ủy)
    OUT/<province>/xa/<commune>.yaml    a commune's documents, with those of the communes it replaced

Run:  python benchmarks/generate.py --documents 100000 --seed 1 --out DIR [--folder] [--clean]
Importable: ``generate(documents, seed) -> Generated``; ``Generated.write_file(path)``,
``Generated.write_folder(path)``.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import math
import random
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from vanban.base.text import key as text_key, slug
from vanban.registry.model import document_id

__all__ = ["generate", "Generated", "PER_COMMUNE", "AS_OF"]

#: documents per commune over 2021-2026, the province's and districts' included
PER_COMMUNE = 300
#: the day the generated registries are meant to be checked on (every document is before it)
AS_OF = _dt.date(2026, 12, 1)
REFORM = _dt.date(2025, 7, 1)
LAST_OLD = _dt.date(2025, 6, 30)
YEARS = range(2021, 2027)

# The 34 provinces since 01/7/2025 (NQ 202/2025/QH15): (name, centrally-run city, the provinces
# merged into it — the first gives its name — or None when it did not change). Quảng Ngãi first:
# it is the project's case (data/registry.yaml).
PROVINCES: list[tuple[str, bool, list[str] | None]] = [
    ("Quảng Ngãi", False, ["Quảng Ngãi", "Kon Tum"]),
    ("Hà Nội", True, None), ("Huế", True, None), ("Lai Châu", False, None), ("Điện Biên", False, None),
    ("Sơn La", False, None), ("Lạng Sơn", False, None), ("Quảng Ninh", False, None), ("Thanh Hóa", False, None),
    ("Nghệ An", False, None), ("Hà Tĩnh", False, None), ("Cao Bằng", False, None),
    ("Tuyên Quang", False, ["Tuyên Quang", "Hà Giang"]), ("Lào Cai", False, ["Lào Cai", "Yên Bái"]),
    ("Thái Nguyên", False, ["Thái Nguyên", "Bắc Kạn"]), ("Phú Thọ", False, ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    ("Bắc Ninh", False, ["Bắc Ninh", "Bắc Giang"]), ("Hưng Yên", False, ["Hưng Yên", "Thái Bình"]),
    ("Hải Phòng", True, ["Hải Phòng", "Hải Dương"]), ("Ninh Bình", False, ["Ninh Bình", "Hà Nam", "Nam Định"]),
    ("Quảng Trị", False, ["Quảng Trị", "Quảng Bình"]), ("Đà Nẵng", True, ["Đà Nẵng", "Quảng Nam"]),
    ("Gia Lai", False, ["Gia Lai", "Bình Định"]), ("Khánh Hòa", False, ["Khánh Hòa", "Ninh Thuận"]),
    ("Lâm Đồng", False, ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]), ("Đắk Lắk", False, ["Đắk Lắk", "Phú Yên"]),
    ("Hồ Chí Minh", True, ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]),
    ("Đồng Nai", False, ["Đồng Nai", "Bình Phước"]), ("Tây Ninh", False, ["Tây Ninh", "Long An"]),
    ("Cần Thơ", True, ["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    ("Vĩnh Long", False, ["Vĩnh Long", "Bến Tre", "Trà Vinh"]), ("Đồng Tháp", False, ["Đồng Tháp", "Tiền Giang"]),
    ("Cà Mau", False, ["Cà Mau", "Bạc Liêu"]), ("An Giang", False, ["An Giang", "Kiên Giang"]),
]
_CITIES_BEFORE = {"Hà Nội", "Hải Phòng", "Đà Nẵng", "Hồ Chí Minh", "Cần Thơ"}  # Huế became a city in 2025

SYLLABLES = (
    "An Bình Phú Tân Hòa Thạnh Long Đông Tây Nam Bắc Sơn Hải Minh Vạn Tường Phước Lộc Thuận Hưng Mỹ Trung "
    "Quang Đức Thành Xuân Thủy Lâm Hiệp Nghĩa Châu Khánh Thọ Hà Kim Ninh Vĩnh Lợi Hậu Điền Phong Hội Tiến "
    "Thắng Lạc Yên Cường Hồng Quý Tịnh Đại Cát Phổ Trà Chương Tịnh Hiệp Quế Sa Huỳnh Lý Ba Tơ Mộ Đức Thái "
    "Hoà Định Gia Nhơn Cẩm Liên Phong Thịnh Vinh Quảng Hương Tam Kỳ Hiếu Tín Ân Hữu Tú"
).split()

# Sub-projects named by plans: (code, the words a title uses for it)
SUBPROJECTS_2021 = [
    ("DA1-TDA1", "Tiểu dự án 1 “Hỗ trợ đầu tư phát triển hạ tầng kinh tế - xã hội các huyện nghèo, các xã đặc biệt "
                 "khó khăn vùng bãi ngang, ven biển và hải đảo” của Dự án 1"),
    ("DA2", "Dự án 2 “Đa dạng hóa sinh kế, phát triển mô hình giảm nghèo”"),
    ("DA3-TDA1", "Tiểu dự án 1 “Hỗ trợ phát triển sản xuất trong lĩnh vực nông nghiệp” của Dự án 3"),
    ("DA3-TDA2", "Tiểu dự án 2 “Cải thiện dinh dưỡng” của Dự án 3"),
    ("DA4-TDA1", "Tiểu dự án 1 “Phát triển giáo dục nghề nghiệp vùng nghèo, vùng khó khăn” của Dự án 4"),
    ("DA4-TDA3", "Tiểu dự án 3 “Hỗ trợ việc làm bền vững” của Dự án 4"),
    ("DA5", "Dự án 5 “Hỗ trợ nhà ở cho hộ nghèo, hộ cận nghèo trên địa bàn các huyện nghèo”"),
    ("DA6-TDA1", "Tiểu dự án 1 “Giảm nghèo về thông tin” của Dự án 6"),
    ("DA6-TDA2", "Tiểu dự án 2 “Truyền thông về giảm nghèo đa chiều” của Dự án 6"),
    ("DA7-TDA1", "Tiểu dự án 1 “Nâng cao năng lực thực hiện Chương trình” của Dự án 7"),
    ("DA7-TDA2", "Tiểu dự án 2 “Giám sát, đánh giá” của Dự án 7"),
]
SUBPROJECTS_2026 = [
    ("HP1", "Hợp phần 1 “Xây dựng nông thôn mới và giảm nghèo bền vững”"),
    ("HP2", "Hợp phần 2 “Phát triển kinh tế - xã hội vùng đồng bào dân tộc thiểu số và miền núi”"),
]
PROGRAM_2021 = "Chương trình mục tiêu quốc gia giảm nghèo bền vững"
PROGRAM_2026 = ("Chương trình mục tiêu quốc gia xây dựng nông thôn mới, giảm nghèo bền vững và phát triển kinh tế - "
                "xã hội vùng đồng bào dân tộc thiểu số và miền núi")

# Numbers a body gives in a year, by kind (how large its numbers grow by December).
ANNUAL = {
    "tinh": {"Quyết định": 3200, "Kế hoạch": 320, "Công văn": 6500, "Báo cáo": 450, "Thông báo": 600},
    "hdnd": {"Nghị quyết": 45},
    "so": {"Công văn": 2600, "Quyết định": 400, "Báo cáo": 200},
    "huyen": {"Quyết định": 2400, "Kế hoạch": 210, "Công văn": 4200, "Báo cáo": 320, "Thông báo": 400},
    "xa": {"Quyết định": 420, "Kế hoạch": 90, "Công văn": 650, "Báo cáo": 160, "Thông báo": 120},
}
#: Party numbering per committee term (2020-10-01 .. 2025-06-30): numbers a Huyện ủy gives per kind in a term
PARTY_TERM = {"Kế hoạch": 160, "Chỉ thị": 25, "Nghị quyết": 40}
TYPE_CODES = {"Quyết định": "QĐ", "Kế hoạch": "KH", "Báo cáo": "BC", "Thông báo": "TB", "Nghị quyết": "NQ",
              "Chỉ thị": "CT"}
#: mistyped symbol parts, as clerks mistype them (VB101)
TYPOS = {"KH": "KHH", "BC": "BCC", "QĐ": "QĐĐ", "TB": "TBB", "UBND": "UBNND"}

#: rates of mistakes (per document, or per reference for dangling ones)
RATES = {"typo": 0.003, "duplicate": 0.001, "out_of_order": 0.002, "unlinked": 0.01, "dangling": 0.0005}


class Body:
    __slots__ = ("key", "name", "short", "abbr", "level", "branch", "parent", "valid_from", "valid_until",
                 "successors", "units", "terms", "role", "place", "doc_file", "issuer_file", "aliases", "series")

    def __init__(self, key: str, name: str, short: str, abbr: list[str], level: str, role: str, *,
                 place: str = "", parent: str | None = None, branch: str | None = None,
                 valid_from: _dt.date | None = None, valid_until: _dt.date | None = None,
                 units: list[str] | None = None, terms: list[str] | None = None, aliases: list[str] | None = None,
                 doc_file: str = "vanban.yaml", issuer_file: str = "issuers/trung-uong.yaml"):
        self.key, self.name, self.short, self.abbr, self.level, self.role = key, name, short, abbr, level, role
        self.place, self.parent, self.branch = place, parent, branch
        self.valid_from, self.valid_until = valid_from, valid_until
        self.successors: list[str] = []
        self.units = units or []
        self.terms = terms or []
        self.aliases = aliases or []
        self.doc_file, self.issuer_file = doc_file, issuer_file
        self.series = "party" if branch == "đảng" else role

    def start(self, year: int) -> _dt.date:
        first = _dt.date(year, 1, 1)
        return max(first, self.valid_from) if self.valid_from else first

    def end(self, year: int) -> _dt.date:
        last = min(_dt.date(year, 12, 31), AS_OF - _dt.timedelta(days=1))
        return min(last, self.valid_until) if self.valid_until else last

    def alive_in(self, year: int) -> bool:
        return self.start(year) <= self.end(year)


class Doc:
    __slots__ = ("kind", "date", "issuer", "title", "period", "subprojects", "links", "deadlines", "requires",
                 "number", "symbol", "normative", "code", "id", "comment", "fixed_code", "series_key", "fulfils")

    def __init__(self, kind: str, date: _dt.date, issuer: Body, title: str, *, period: str | None = None,
                 subprojects: tuple[str, ...] = (), normative: bool = False, fixed_code: str | None = None):
        self.kind, self.date, self.issuer, self.title, self.period = kind, date, issuer, title, period
        self.subprojects = subprojects
        self.links: list[tuple[str, Doc | str]] = []  # (relation, target document or a written reference)
        self.deadlines: list[tuple[_dt.date, str, str, Doc | None]] = []  # (due, what, kind, fulfilled by)
        self.requires: list[tuple[str, int]] = []  # (kind, within days), from: communes
        self.number = 0
        self.symbol = ""
        self.normative = normative
        self.fixed_code = fixed_code
        self.code = fixed_code or ""
        self.id = ""
        self.comment: str | None = None
        self.series_key: tuple[object, ...] = ()

    def link(self, relation: str, target: "Doc | None") -> None:
        """A relation to *target*; a document dated before its target is moved after it (or not linked,
        when its issuer had ceased by then)."""
        if target is None:
            return
        if target.date > self.date:
            moved = target.date + _dt.timedelta(days=len(self.title) % 9)
            if target.date > self.issuer.end(self.date.year):
                return
            self.date = min(moved, self.issuer.end(self.date.year))
        self.links.append((relation, target))


class Generated:
    """A generated registry: its bodies and documents, written as one file or as a folder."""

    def __init__(self, seed: int, locality: Body, bodies: list[Body], docs: list[Doc], refs: dict[int, str],
                 note: str, mistakes: dict[str, int]):
        self.seed, self.locality, self.bodies, self.docs, self._refs, self.note = seed, locality, bodies, docs, refs, note
        #: how many of each mistake were made (typo, duplicate, out_of_order, unlinked, dangling)
        self.mistakes = mistakes

    # --- writing -----------------------------------------------------------------------------------
    def _header(self) -> str:
        return (f"# Sổ đăng ký sinh tự động (benchmarks/generate.py, seed {self.seed}): {len(self.docs):,} văn bản, "
                f"{len(self.bodies):,} cơ quan.\n# Tên tỉnh là thật; tên huyện, xã và mọi văn bản là GIẢ ĐỊNH, "
                "để đo tốc độ và kiểm thử.\n\nvanban: 1\n\n")

    def _locality(self) -> str:
        return ("locality:\n"
                f"  name: {self.note}\n"
                f"  issuer: {self.locality.key}\n"
                "  programs: [giam-ngheo-2021-2025, mtqg-nong-thon-giam-ngheo-dtts-2026-2035]\n\n")

    def write_file(self, path: str | Path) -> Path:
        """Everything in one registry file."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(path, "w", encoding="utf-8") as out:
            out.write(self._header())
            out.write(self._locality())
            out.write("issuers:\n")
            for body in self.bodies:
                out.write(_issuer_text(body))
            out.write("\ndocuments:\n")
            for doc in self.docs:
                out.write(self._doc_text(doc))
        return path

    def write_folder(self, folder: str | Path) -> Path:
        """A folder registry: shared issuer files, the locality's file, one file per commune, district
        and province (see the module's docstring)."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        issuer_files: dict[str, list[Body]] = defaultdict(list)
        for body in self.bodies:
            issuer_files[body.issuer_file].append(body)
        doc_files: dict[str, list[Doc]] = defaultdict(list)
        for doc in self.docs:
            doc_files[doc.issuer.doc_file].append(doc)
        for name, bodies in issuer_files.items():
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write("vanban: 1\n\nissuers:\n")
                for body in bodies:
                    out.write(_issuer_text(body))
        names = set(doc_files) | {"vanban.yaml"}
        for name in sorted(names):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8") as out:
                out.write(self._header() if name == "vanban.yaml" else "vanban: 1\n\n")
                if name == "vanban.yaml":
                    out.write(self._locality())
                out.write("documents:\n")
                for doc in doc_files.get(name, ()):
                    out.write(self._doc_text(doc))
        return folder

    def _doc_text(self, doc: Doc) -> str:
        lines = [f"  - code: {doc.code}" + (f"  # {doc.comment}" if doc.comment else ""),
                 f"    kind: {doc.kind}", f"    date: {doc.date.isoformat()}", f"    issuer: {doc.issuer.key}",
                 f"    title: {_quote(doc.title)}"]
        if doc.period:
            lines.append(f"    period: {doc.period}")
        if doc.subprojects:
            lines.append(f"    subprojects: [{', '.join(doc.subprojects)}]")
        by_relation: dict[str, list[str]] = defaultdict(list)
        for relation, target in doc.links:
            by_relation[relation].append(target if isinstance(target, str) else self._refs[id(target)])
        for relation, refs in by_relation.items():
            lines.append(f"    {relation}:")
            lines.extend(f"      - {_quote(ref)}" for ref in refs)
        if doc.requires:
            lines.append("    requires:")
            for kind, within in doc.requires:
                lines += ["      - from: communes", f"        kind: [{kind}]", f"        within: {within}"]
        if doc.deadlines:
            lines.append("    deadlines:")
            for due, what, kind, fulfilled in doc.deadlines:
                lines += [f"      - due: {due.isoformat()}", f"        what: {_quote(what)}", f"        kind: {kind}"]
                if fulfilled is not None:
                    lines.append(f"        fulfilled_by: [{self._refs[id(fulfilled)]}]")
        return "\n".join(lines) + "\n\n"


def _quote(text: str) -> str:
    """A YAML scalar for *text*: plain when it is safe, else single-quoted."""
    if (": " in text or " #" in text or text[:1] in "-?:,[]{}#&*!|>'\"%@`" or text.endswith(":")
            or text != text.strip()):
        return "'" + text.replace("'", "''") + "'"
    return text


def _issuer_text(body: Body) -> str:
    lines = [f"  {body.key}:", f"    name: {body.name}"]
    if body.short and body.short != body.name:
        lines.append(f"    short: {body.short}")
    if body.aliases:
        lines.append(f"    aliases: [{', '.join(body.aliases)}]")
    lines.append(f"    abbr: {body.abbr[0]}" if len(body.abbr) == 1 else f"    abbr: [{', '.join(body.abbr)}]")
    lines.append(f"    level: {body.level}")
    if body.branch:
        lines.append(f"    branch: {body.branch}")
    if body.parent:
        lines.append(f"    parent: {body.parent}")
    if body.valid_from:
        lines.append(f"    valid_from: {body.valid_from.isoformat()}")
    if body.valid_until:
        lines.append(f"    valid_until: {body.valid_until.isoformat()}")
    if len(body.successors) == 1:
        lines.append(f"    successor: {body.successors[0]}")
    elif body.successors:
        lines.append(f"    successors: [{', '.join(body.successors)}]")
    if body.units:
        lines.append(f"    units: [{', '.join(body.units)}]")
    if body.terms:
        lines.append(f"    terms: [{', '.join(body.terms)}]")
    return "\n".join(lines) + "\n\n"


# --- the structure ------------------------------------------------------------------------------------
class _Names:
    """Place names made of two syllables, unique within a scope."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: dict[str, set[str]] = defaultdict(set)

    def new(self, scope: str, avoid: str = "") -> str:
        """A name unused in *scope*, whose slug is unused too ("Thành Trung" and "Thạnh Trung" would
        make the same key)."""
        for _ in range(1000):
            a, b = self.rng.sample(SYLLABLES, 2)
            name = f"{a} {b}"
            if slug(name) not in self.used[scope] and slug(name) not in self.used[avoid]:
                self.used[scope].add(slug(name))
                return name
        raise RuntimeError("out of names")  # pragma: no cover - 120 syllables give 14,000 names


class _World:
    def __init__(self, documents: int, rng: random.Random):
        self.rng = rng
        self.bodies: list[Body] = []
        self.by_key: dict[str, Body] = {}
        self.communes = max(1, documents // PER_COMMUNE)
        self.provinces = min(len(PROVINCES), max(1, math.ceil(self.communes / 100)))
        names = _Names(rng)
        self.central = self._central()
        self.province_bodies: list[dict[str, object]] = []
        per_province = [self.communes // self.provinces + (1 if i < self.communes % self.provinces else 0)
                        for i in range(self.provinces)]
        for index in range(self.provinces):
            self.province_bodies.append(self._province(index, per_province[index], names))

    def add(self, body: Body) -> Body:
        assert body.key not in self.by_key, body.key
        self.bodies.append(body)
        self.by_key[body.key] = body
        return body

    def _central(self) -> dict[str, Body]:
        out = {}
        for key, name, abbr, until, since in (
            ("quoc-hoi", "Quốc hội", ["QH15"], None, None),
            ("chinh-phu", "Chính phủ", ["CP"], None, None),
            ("thu-tuong-chinh-phu", "Thủ tướng Chính phủ", ["TTg"], None, None),
            ("bo-ldtbxh", "Bộ Lao động - Thương binh và Xã hội", ["LĐTBXH", "BLĐTBXH"], _dt.date(2025, 2, 28), None),
            ("bo-nnmt", "Bộ Nông nghiệp và Môi trường", ["BNNMT"], None, _dt.date(2025, 3, 1)),
        ):
            out[key] = self.add(Body(key, name, name, abbr, "trung ương", "central", valid_until=until,
                                     valid_from=since))
        out["bo-ldtbxh"].successors = ["bo-nnmt"]
        return out

    def _province(self, index: int, communes: int, names: _Names) -> dict[str, object]:
        rng = self.rng
        name, city, merged = PROVINCES[index]
        pslug = slug(name)
        issuer_file = f"issuers/{pslug}.yaml"
        tinh_file = f"{pslug}/tinh.yaml"
        word = "thành phố" if city else "tỉnh"
        tk = "tp" if city else "tinh"

        def province_bodies(pname: str, *, since: _dt.date | None, until: _dt.date | None, suffix: str,
                            word: str, tk: str) -> tuple[Body, Body]:
            ps = slug(pname)
            ubnd = self.add(Body(f"ubnd-{tk}-{ps}{suffix}", f"Ủy ban nhân dân {word} {pname}", f"UBND {word} {pname}",
                                 ["UBND"], "tỉnh", "tinh", place=f"{word} {pname}", valid_from=since,
                                 valid_until=until, units=["KGVX", "KT", "NC"], doc_file=tinh_file,
                                 issuer_file=issuer_file))
            hdnd = self.add(Body(f"hdnd-{tk}-{ps}{suffix}", f"Hội đồng nhân dân {word} {pname}",
                                 f"HĐND {word} {pname}", ["HĐND"], "tỉnh", "hdnd", place=f"{word} {pname}",
                                 valid_from=since, valid_until=until, doc_file=tinh_file, issuer_file=issuer_file))
            return ubnd, hdnd

        if merged:
            new_ubnd, new_hdnd = province_bodies(name, since=REFORM, until=None, suffix="-2025", word=word, tk=tk)
            olds = []
            for old in merged:
                old_city = old in _CITIES_BEFORE
                ubnd, hdnd = province_bodies(old, since=None, until=LAST_OLD, suffix="",
                                             word="thành phố" if old_city else "tỉnh", tk="tp" if old_city else "tinh")
                ubnd.successors, hdnd.successors = [new_ubnd.key], [new_hdnd.key]
                olds.append((old, ubnd, hdnd))
        else:
            new_ubnd, new_hdnd = province_bodies(name, since=None, until=None, suffix="", word=word, tk=tk)
            olds = [(name, new_ubnd, new_hdnd)]
        so_nnmt = self.add(Body(f"so-nnmt-{pslug}", f"Sở Nông nghiệp và Môi trường {word} {name}",
                                f"Sở Nông nghiệp và Môi trường {word} {name}", ["SNNMT"], "tỉnh", "so",
                                parent=new_ubnd.key, valid_from=REFORM if merged else _dt.date(2025, 3, 1),
                                units=["KHTC", "PTNT"], doc_file=tinh_file, issuer_file=issuer_file))
        sos = []
        for old, ubnd, _ in olds:
            so = self.add(Body(f"so-ldtbxh-{slug(old)}", f"Sở Lao động - Thương binh và Xã hội tỉnh {old}",
                               f"Sở Lao động - Thương binh và Xã hội tỉnh {old}", ["SLĐTBXH"], "tỉnh", "so",
                               parent=ubnd.key, valid_until=_dt.date(2025, 2, 28), units=["BTXH", "LĐVL"],
                               doc_file=tinh_file, issuer_file=issuer_file))
            so.successors = [so_nnmt.key]
            sos.append(so)
        # former districts, spread over the former provinces; each gets the new communes that replaced it
        n_districts = max(1, round(communes / 4.5))
        districts = []
        for d in range(n_districts):
            old, old_ubnd, _ = olds[d % len(olds)]
            dname = names.new(f"district:{old}")
            dword, dk = ("thị xã", "thi-xa") if rng.random() < 0.1 else ("huyện", "huyen")
            dslug = f"{slug(dname)}-{slug(old)}"
            dfile = f"{pslug}/huyen/{slug(dname)}-{slug(old)}.yaml"
            ubnd = self.add(Body(f"ubnd-{dk}-{dslug}", f"Ủy ban nhân dân {dword} {dname}", f"UBND {dword} {dname}",
                                 ["UBND"], "huyện", "huyen", place=f"{dword} {dname}", parent=old_ubnd.key,
                                 valid_until=LAST_OLD, units=["VX", "TC", "NV"], doc_file=dfile,
                                 issuer_file=issuer_file))
            party_word = "Thị ủy" if dword == "thị xã" else "Huyện ủy"
            party = self.add(Body(f"{'thi' if dword == 'thị xã' else 'huyen'}-uy-{dslug}", f"{party_word} {dname}",
                                  f"{party_word} {dname}", ["TU" if dword == "thị xã" else "HU"], "huyện", "party",
                                  branch="đảng", valid_until=LAST_OLD, terms=["2020-10-01..2025-06-30"],
                                  doc_file=dfile, issuer_file=issuer_file))
            districts.append((old, ubnd, party))
        new_communes = []
        for c in range(communes):
            old, d_ubnd, _ = districts[c % len(districts)]
            ward = city and rng.random() < 0.5
            cword, ck = ("phường", "phuong") if ward else ("xã", "xa")
            predecessors = []
            for _ in range(rng.choice((2, 3, 3, 4))):
                oward = city and rng.random() < 0.5
                oword, ok = ("phường", "phuong") if oward else ("xã", "xa")
                oname = names.new(f"commune:{old}")
                while f"ubnd-{ok}-{slug(oname)}-{slug(old)}" in self.by_key:  # a new commune of that name
                    oname = names.new(f"commune:{old}")
                predecessors.append(self.add(Body(
                    f"ubnd-{ok}-{slug(oname)}-{slug(old)}", f"Ủy ban nhân dân {oword} {oname}", f"UBND {oword} {oname}",
                    ["UBND"], "xã", "xa", place=f"{oword} {oname}", parent=d_ubnd.key, valid_until=LAST_OLD,
                    issuer_file=issuer_file)))
            taken = " ".join(predecessors[0].name.split()[-2:])
            if rng.random() < 0.4 and slug(taken) not in names.used[f"new:{pslug}"]:  # the name of one it replaced
                cname = taken
                names.used[f"new:{pslug}"].add(slug(cname))
            else:
                cname = names.new(f"new:{pslug}")
            base = ckey = f"ubnd-{ck}-{slug(cname)}-{pslug}"
            suffix = 2025
            while ckey in self.by_key:  # a former commune of that name: the new one is "…-2025"
                ckey = f"{base}-{suffix}"
                suffix += 1
            cfile = f"{pslug}/xa/{ckey.removeprefix('ubnd-')}.yaml"
            commune = self.add(Body(ckey, f"Ủy ban nhân dân {cword} {cname}", f"UBND {cword} {cname}", ["UBND"], "xã",
                                    "xa", place=f"{cword} {cname}", parent=new_ubnd.key, valid_from=REFORM,
                                    doc_file=cfile, issuer_file=issuer_file))
            for body in predecessors:
                body.successors = [commune.key]
                body.doc_file = cfile
            if commune.key not in d_ubnd.successors:
                d_ubnd.successors.append(commune.key)
            new_communes.append((commune, predecessors, d_ubnd))
        return {"name": name, "word": word, "ubnd": new_ubnd, "hdnd": new_hdnd, "so_nnmt": so_nnmt, "olds": olds,
                "sos": sos, "districts": districts, "communes": new_communes}


# --- the documents --------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, world: _World, rng: random.Random):
        self.world, self.rng = world, rng
        self.docs: list[Doc] = []

    def day(self, body: Body, year: int, first: tuple[int, int] = (1, 1), last: tuple[int, int] = (12, 31)) -> _dt.date:
        start = max(body.start(year), _dt.date(year, *first))
        end = min(body.end(year), _dt.date(year, *last))
        if end < start:
            start, end = body.start(year), body.end(year)
        return _dt.date.fromordinal(self.rng.randint(start.toordinal(), end.toordinal()))

    def after(self, body: Body, year: int, above: Doc | None, first: tuple[int, int], last: tuple[int, int]) -> _dt.date:
        """A day some days to some weeks after *above* (most answer within the month), else in the window."""
        if above is not None:
            day = above.date + _dt.timedelta(days=int(self.rng.expovariate(1 / 10)) + 2)
            if body.start(year) <= day <= body.end(year):
                return day
        return self.day(body, year, first, last)

    def doc(self, kind: str, date: _dt.date, issuer: Body, title: str, **kw: object) -> Doc:
        doc = Doc(kind, date, issuer, title, **kw)  # type: ignore[arg-type]
        self.docs.append(doc)
        return doc


def _program(year: int) -> tuple[str, list[tuple[str, str]]]:
    return (PROGRAM_2021, SUBPROJECTS_2021) if year <= 2025 else (PROGRAM_2026, SUBPROJECTS_2026)


def _central_docs(w: _Writer) -> dict[str, Doc]:
    c = w.world.central
    fixed = {}
    for name, code, kind, day, issuer, title in (
        ("qh-2021", "24/2021/QH15", "Nghị quyết", (2021, 7, 28), "quoc-hoi",
         "phê duyệt chủ trương đầu tư Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025"),
        ("nd-07", "07/2021/NĐ-CP", "Nghị định", (2021, 1, 27), "chinh-phu",
         "quy định chuẩn nghèo đa chiều giai đoạn 2021 - 2025"),
        ("qd-24", "24/2021/QĐ-TTg", "Quyết định", (2021, 7, 16), "thu-tuong-chinh-phu",
         "quy định quy trình rà soát hộ nghèo, hộ cận nghèo hằng năm"),
        ("qd-90", "90/QĐ-TTg", "Quyết định", (2022, 1, 18), "thu-tuong-chinh-phu",
         "phê duyệt Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn 2021 - 2025"),
        ("tt-10", "10/2022/TT-BLĐTBXH", "Thông tư", (2022, 5, 31), "bo-ldtbxh",
         "hướng dẫn giám sát, đánh giá thực hiện Chương trình mục tiêu quốc gia giảm nghèo bền vững giai đoạn "
         "2021 - 2025"),
        ("qh-2025", "257/2025/QH15", "Nghị quyết", (2025, 12, 11), "quoc-hoi",
         f"phê duyệt chủ trương đầu tư {PROGRAM_2026} giai đoạn 2026-2035"),
        ("nq-424", "424/NQ-CP", "Nghị quyết", (2025, 12, 30), "chinh-phu",
         "Kế hoạch triển khai Nghị quyết số 257/2025/QH15 của Quốc hội"),
        ("nd-358", "358/2025/NĐ-CP", "Nghị định", (2025, 12, 31), "chinh-phu",
         "quy định cơ chế quản lý, tổ chức thực hiện các chương trình mục tiêu quốc gia"),
        ("qd-417", "417/QĐ-BNNMT", "Quyết định", (2026, 1, 31), "bo-nnmt",
         f"phê duyệt {PROGRAM_2026} giai đoạn 2026-2035, giai đoạn I: từ năm 2026 đến năm 2030"),
    ):
        fixed[name] = w.doc(kind, _dt.date(*day), c[issuer], title, fixed_code=code)
    fixed["qd-90"].link("based_on", fixed["qh-2021"])
    fixed["qd-417"].link("based_on", fixed["qh-2025"])
    fixed["nq-424"].link("implements", fixed["qh-2025"])
    return fixed


def _plan_title(what: str, year: int, place: str) -> str:
    return f"{what} năm {year} trên địa bàn {place}"


def _core_docs(w: _Writer, central: dict[str, Doc]) -> list[tuple[Body, int, dict[str, Doc | None]]]:
    """Plans, decisions and reports of provinces, districts and communes that carry the relations;
    returns each commune-year with the documents filler documents may point to."""
    rng = w.rng
    slots: list[tuple[Body, int, dict[str, Doc | None]]] = []
    for prov in w.world.province_bodies:
        olds: list[tuple[str, Body, Body]] = prov["olds"]  # type: ignore[assignment]
        new_ubnd: Body = prov["ubnd"]  # type: ignore[assignment]
        province_plans: dict[tuple[str, int], Doc] = {}
        province_requests: dict[tuple[str, int], list[Doc]] = defaultdict(list)
        ubnds = [u for _, u, _ in olds] + ([new_ubnd] if new_ubnd not in [u for _, u, _ in olds] else [])
        hdnds = [h for _, _, h in olds] + ([prov["hdnd"]] if prov["hdnd"] not in [h for _, _, h in olds] else [])
        for year in YEARS:
            program, subs = _program(year)
            for ubnd in ubnds:
                if not ubnd.alive_in(year) or (year == 2025 and ubnd.valid_from == REFORM):
                    continue
                place = ubnd.place
                plan = w.doc("Kế hoạch", w.day(ubnd, year, (1, 15), (3, 20)), ubnd,
                             _plan_title(f"thực hiện {program}", year, place), period=str(year))
                plan.link("implements", central["qd-90"] if year <= 2025 and year > 2021 else
                          central["qd-417"] if year == 2026 else central["nd-07"])
                plan.requires.append(("Kế hoạch", 30))
                province_plans[(ubnd.key, year)] = plan
                for code, words in rng.sample(subs, min(3, len(subs))):
                    sub = w.doc("Kế hoạch", w.day(ubnd, year, (3, 21), (6, 15)), ubnd,
                                _plan_title(f"thực hiện {words} thuộc {program}", year, place), period=str(year),
                                subprojects=(code,))
                    sub.link("implements", plan)
                for _ in range(2):
                    w.doc("Quyết định", w.day(ubnd, year, (2, 1), (11, 30)), ubnd,
                          f"phân bổ kinh phí sự nghiệp thực hiện {program} năm {year}", period=str(year)).link(
                        "implements", plan)
                for half in ("6 tháng đầu năm", "năm"):
                    request = w.doc("Công văn", w.day(ubnd, year, (5, 1) if half.startswith("6") else (10, 1),
                                                      (5, 31) if half.startswith("6") else (11, 15)), ubnd,
                                    f"về việc báo cáo kết quả thực hiện {program} {half} {year}")
                    province_requests[(ubnd.key, year)].append(request)
                if 2022 <= year <= 2025:
                    _monitoring(w, ubnd, year, program, plan, central["tt-10"])
            for hdnd in hdnds:
                if hdnd.alive_in(year) and not (year == 2025 and hdnd.valid_from == REFORM):
                    w.doc("Nghị quyết", w.day(hdnd, year, (3, 1), (12, 15)), hdnd,
                          f"quy định nguyên tắc, tiêu chí, định mức phân bổ vốn ngân sách nhà nước thực hiện {program} "
                          f"năm {year} trên địa bàn {hdnd.place}", normative=True).link(
                        "based_on", central["qh-2021"] if year == 2021 else
                        central["qd-90"] if year <= 2025 else central["qd-417"])
            for so in [*prov["sos"], prov["so_nnmt"]]:  # type: ignore[misc]
                if not so.alive_in(year):
                    continue
                above = province_plans.get((so.parent, year))
                for _ in range(2):
                    w.doc("Công văn", w.day(so, year, (3, 1), (12, 20)), so,
                          f"về việc hướng dẫn triển khai thực hiện {program} năm {year}").link("implements", above)
        # districts
        district_plans: dict[tuple[str, int], Doc] = {}
        district_requests: dict[tuple[str, int], list[Doc]] = defaultdict(list)
        for old, ubnd, party in prov["districts"]:  # type: ignore[attr-defined]
            for year in range(2021, 2026):
                program, subs = _program(year)
                above = province_plans.get((ubnd.parent, year))
                plan = w.doc("Kế hoạch", w.after(ubnd, year, above, (2, 1), (4, 10)), ubnd,
                             _plan_title(f"thực hiện {program}", year, ubnd.place), period=str(year))
                plan.link("implements", above)
                plan.requires.append(("Kế hoạch", 30))
                district_plans[(ubnd.key, year)] = plan
                for code, words in rng.sample(subs, 2):
                    sub = w.doc("Kế hoạch", w.day(ubnd, year, (4, 11), (7, 31)), ubnd,
                                _plan_title(f"thực hiện {words} thuộc {program}", year, ubnd.place),
                                period=str(year), subprojects=(code,))
                    sub.link("implements", plan)
                for request in province_requests.get((ubnd.parent, year), ()):
                    if request.date < ubnd.end(year) - _dt.timedelta(days=20):
                        report = w.doc("Báo cáo", min(request.date + _dt.timedelta(days=rng.randint(5, 25)),
                                                      ubnd.end(year)), ubnd,
                                       request.title.replace("về việc báo cáo ", ""))
                        report.link("responds_to", request)
                    district_requests[(ubnd.key, year)].append(request)
                if 2022 <= year <= 2024:
                    _monitoring(w, ubnd, year, program, plan, central["tt-10"])
                if rng.random() < 0.7:
                    kind = rng.choice(("Kế hoạch", "Chỉ thị", "Nghị quyết"))
                    w.doc(kind, w.day(party, year), party,
                          f"về lãnh đạo thực hiện {program} năm {year} trên địa bàn {ubnd.place}").link(
                        "implements", above)
        # communes: their yearly plans (core); everything else is filler, returned as slots
        for commune, predecessors, d_ubnd in prov["communes"]:  # type: ignore[attr-defined]
            for body in [*predecessors, commune]:
                for year in YEARS:
                    if not body.alive_in(year):
                        continue
                    program, subs = _program(year)
                    if body.valid_from == REFORM:
                        above = province_plans.get((new_ubnd.key, year)) or province_plans.get((olds[0][1].key, year))
                        requests = province_requests.get((new_ubnd.key, year), [])
                    else:
                        above = district_plans.get((body.parent, year))  # type: ignore[arg-type]
                        requests = district_requests.get((body.parent, year), [])  # type: ignore[arg-type]
                    first = (7, 1) if (year == 2025 and body.valid_from == REFORM) else (2, 15)
                    plan = w.doc("Kế hoạch", w.after(body, year, above, first, (4, 30) if first[0] < 7 else (8, 15)),
                                 body, _plan_title(f"thực hiện {program}", year, body.place), period=str(year))
                    plan.link("implements", above)
                    if body.valid_from != REFORM:  # a commune's plan names the province's plan too
                        plan.link("implements", province_plans.get((w.world.by_key[body.parent].parent, year)))
                    code, words = rng.choice(subs)
                    sub = w.doc("Kế hoạch", w.day(body, year, (plan.date.month, plan.date.day), (9, 30)), body,
                                _plan_title(f"thực hiện {words} thuộc {program}", year, body.place),
                                period=str(year), subprojects=(code,))
                    sub.link("implements", plan)
                    slots.append((body, year, {"plan": plan, "above": above,
                                               "request": rng.choice(requests) if requests else None}))
    return slots


def _monitoring(w: _Writer, body: Body, year: int, program: str, plan: Doc, basis: Doc) -> None:
    """A monitoring decision with a deadline for its report, met on time, late, or not at all."""
    rng = w.rng
    decision = w.doc("Quyết định", w.day(body, year, (5, 1), (9, 30)), body,
                     f"thành lập Đoàn giám sát thực hiện {program} năm {year} trên địa bàn {body.place}",
                     period=str(year), subprojects=("DA7-TDA2",))
    decision.link("implements", plan)
    decision.link("based_on", basis)
    due = decision.date + _dt.timedelta(days=45)
    roll = rng.random()
    report = None
    if roll < 0.95:
        late = roll > 0.8
        day = due + _dt.timedelta(days=rng.randint(3, 40)) if late else due - _dt.timedelta(days=rng.randint(0, 20))
        if day <= body.end(year) or (body.valid_until is None and day < AS_OF):
            report = w.doc("Báo cáo", day, body, f"kết quả giám sát thực hiện {program} năm {year}", period=str(year))
            report.link("responds_to", decision)
    decision.deadlines.append((due, f"Đoàn giám sát báo cáo kết quả giám sát Chương trình năm {year}", "Báo cáo",
                               report if report is not None and rng.random() < 0.5 else None))


_FILLER = (  # (weight, kind, title, relation to the plan / request)
    (0.30, "Báo cáo", "kết quả rà soát thường xuyên hộ nghèo, hộ cận nghèo tháng {month} năm {year}", None),
    (0.08, "Báo cáo", "{request}", "request"),
    (0.25, "Công văn", "về việc triển khai thực hiện {program} năm {year} trên địa bàn {place}", "plan"),
    (0.14, "Quyết định", "công nhận hộ thoát nghèo, hộ cận nghèo năm {year} trên địa bàn {place}", None),
    (0.13, "Quyết định", "phân bổ kinh phí thực hiện {program} năm {year}", "plan"),
    (0.10, "Thông báo", "kết luận của Chủ tịch UBND {place} về thực hiện {program} năm {year}", None),
)


def _filler(w: _Writer, slots: list[tuple[Body, int, dict[str, Doc | None]]], count: int) -> None:
    """*count* documents over the commune-years, in proportion to how much of the year each body lived."""
    if count <= 0 or not slots:
        return
    rng = w.rng
    weights = [(b.end(y) - b.start(y)).days + 1 for b, y, _ in slots]
    total = sum(weights)
    shares = [count * wt / total for wt in weights]
    counts = [int(s) for s in shares]
    rest = count - sum(counts)
    order = sorted(range(len(slots)), key=lambda i: (counts[i] - shares[i], i))
    for i in order[:rest]:
        counts[i] += 1
    cumulative = []
    acc = 0.0
    for weight, *_ in _FILLER:
        acc += weight
        cumulative.append(acc)
    for (body, year, linked), n in zip(slots, counts):
        program, _ = _program(year)
        for _ in range(n):
            roll = rng.random() * acc
            index = next(i for i, c in enumerate(cumulative) if roll <= c)
            _, kind, title, relation = _FILLER[index]
            request = linked.get("request")
            if relation == "request" and request is None:
                kind, title, relation = _FILLER[2][1], _FILLER[2][2], "plan"
            date = w.day(body, year)
            if relation == "request" and request is not None:
                date = max(date, request.date)
                if date > body.end(year):
                    kind, title, relation = _FILLER[2][1], _FILLER[2][2], "plan"
                    date = w.day(body, year)
            text = title.format(month=max(1, date.month - 1), year=year, program=program, place=body.place,
                                request=(request.title.replace("về việc báo cáo ", "") if request else ""))
            doc = w.doc(kind, date, body, text)
            if relation == "plan":
                doc.link("implements", linked.get("plan") if (linked["plan"] and linked["plan"].date <= date)
                         else linked.get("above"))
            elif relation == "request":
                doc.link("responds_to", request)


# --- numbers, mistakes, references ------------------------------------------------------------------------
def _series(doc: Doc) -> tuple[object, ...]:
    body = doc.issuer
    if body.branch == "đảng":
        return (body.key, "term", doc.kind)
    return (body.key, doc.date.year, doc.kind)


def _annual(doc: Doc) -> int:
    body = doc.issuer
    if body.branch == "đảng":
        return PARTY_TERM.get(doc.kind, 30)
    table = ANNUAL.get("xa" if body.role == "xa" else body.role, ANNUAL["xa"])
    return table.get(doc.kind, 100)


def _symbol(doc: Doc) -> str:
    body = doc.issuer
    abbr = body.abbr[0]
    if body.branch == "đảng":
        return f"{TYPE_CODES.get(doc.kind, 'KH')}/{abbr}"
    if doc.normative:
        return f"{doc.date.year}/{TYPE_CODES[doc.kind]}-{abbr}"
    if doc.kind == "Công văn":
        return f"{abbr}-{body.units[0]}" if body.units else abbr
    return f"{TYPE_CODES[doc.kind]}-{abbr}"


def _number(doc: Doc, previous: int) -> int:
    """Numbers rise through the year (or the Party term) at the body's pace; never below the last one + 1."""
    if doc.issuer.branch == "đảng":
        start = _dt.date(2020, 10, 1)
        elapsed = (doc.date - start).days / ((LAST_OLD - start).days + 1)
    else:
        elapsed = (doc.date.timetuple().tm_yday - 0.5) / 366
    return max(previous + 1, int(_annual(doc) * elapsed) + 1)


def _numbers(docs: list[Doc], rng: random.Random, clean: bool) -> dict[str, int]:
    """Number every document in its series; then the mistakes: typos, duplicates, numbers out of order."""
    made = Counter[str]()
    series: dict[tuple[object, ...], list[Doc]] = defaultdict(list)
    for doc in docs:
        if doc.fixed_code is None:
            doc.series_key = _series(doc)
            series[doc.series_key].append(doc)
    for members in series.values():
        members.sort(key=lambda d: d.date)
        last = 0
        used = set()
        for doc in members:
            doc.number = _number(doc, last)
            last = doc.number
            used.add(doc.number)
            doc.symbol = _symbol(doc)
        for i, doc in enumerate(members):
            roll = rng.random()
            if roll < RATES["duplicate"] and i > 0 and doc.kind == "Công văn":
                # the number of the one before, with a drafting unit typed after it (another ID, same series)
                doc.number = members[i - 1].number
                doc.symbol = doc.symbol + "-VP" if "-" not in doc.symbol else doc.symbol.rsplit("-", 1)[0]
                if doc.symbol == members[i - 1].symbol:
                    doc.symbol += "-TH"
                made["duplicate"] += 1
            elif roll < RATES["duplicate"] + RATES["out_of_order"] and 0 < i < len(members) - 1:
                wrong = doc.number * 10 + rng.randint(0, 9)  # a digit typed twice
                if wrong not in used:
                    used.add(wrong)
                    doc.number = wrong
                    made["out_of_order"] += 1
    for doc in docs:
        if doc.fixed_code is not None:
            continue
        if rng.random() < RATES["typo"]:
            head = doc.symbol.split("/", 1)[-1] if doc.normative else doc.symbol
            part = head.split("-")[0].split("/")[0]
            if part in TYPOS:
                doc.symbol = doc.symbol.replace(part, TYPOS[part], 1)
                doc.comment = "gõ nhầm ký hiệu"
                made["typo"] += 1
        sep = "-" if doc.issuer.branch == "đảng" else "/"
        doc.code = f"{doc.number}{sep}{doc.symbol}"
    for doc in docs:
        if doc.subprojects and rng.random() < RATES["unlinked"] and doc.kind == "Kế hoạch":
            doc.subprojects = ()
            made["unlinked"] += 1
    return dict(made)


def _ids(docs: list[Doc]) -> None:
    from vanban.cite.find import parse_citation

    for doc in docs:
        citation = parse_citation(doc.code)
        year = citation.year if citation.year is not None else doc.date.year
        doc.number, doc.symbol = citation.number, citation.symbol  # type: ignore[assignment]
        doc.id = document_id(doc.issuer.key, year, citation.number, citation.symbol)
    seen: dict[str, Doc] = {}
    for doc in docs:
        if doc.id in seen:  # a clerk would not register one document twice: give it the next free number
            raise AssertionError(f"generated twice: {doc.id}")
        seen[doc.id] = doc


def _references(docs: list[Doc], rng: random.Random, clean: bool) -> tuple[dict[int, str], int]:
    """How each document is referred to: by ID, or by citation with its date and issuer when that
    names it alone (a reference must never be ambiguous); a few point to nothing (unless *clean*)."""
    names = Counter((text_key(str(d.number).lstrip("0")), text_key(d.symbol), d.date.year, text_key(d.issuer.short))
                    for d in docs)
    refs: dict[int, str] = {}
    for doc in docs:
        unique = names[(text_key(str(doc.number).lstrip("0")), text_key(doc.symbol), doc.date.year,
                        text_key(doc.issuer.short))] == 1
        if unique and doc.comment is None and rng.random() < 0.45:
            refs[id(doc)] = f"{doc.code} ngày {doc.date.day:02d}/{doc.date.month:02d}/{doc.date.year} của {doc.issuer.short}"
        else:
            refs[id(doc)] = doc.id
    dangling = 0
    if not clean:
        for doc in docs:
            for i, (relation, target) in enumerate(doc.links):
                if isinstance(target, Doc) and rng.random() < RATES["dangling"]:
                    number = int(str(target.number)) + 7000
                    doc.links[i] = (relation, f"{number}/{target.symbol} ngày {target.date.day:02d}/"
                                              f"{target.date.month:02d}/{target.date.year} của {target.issuer.short}")
                    dangling += 1
    return refs, dangling


def generate(documents: int, seed: int = 1, *, clean: bool = False) -> Generated:
    """A registry of about *documents* documents (exactly, when the structure's core fits), the same
    for the same *seed*. *clean*: no reference to an unregistered document (the registry validates)."""
    rng = random.Random(seed)
    world = _World(documents, rng)
    w = _Writer(world, rng)
    central = _central_docs(w)
    slots = _core_docs(w, central)
    _filler(w, slots, documents - len(w.docs))
    docs = w.docs
    made = _numbers(docs, rng, clean)
    _ids(docs)
    refs, dangling = _references(docs, rng, clean)
    made["dangling"] = dangling
    if world.provinces == 1:
        first = world.province_bodies[0]
        locality: Body = first["ubnd"]  # type: ignore[assignment]
        note = f"{first['word']} {first['name']}"
    else:
        locality = world.central["bo-nnmt"]
        note = f"{world.provinces} tỉnh, thành phố"
    return Generated(seed, locality, world.bodies, docs, refs, note, made)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, required=True, help="folder to write into")
    parser.add_argument("--folder", action="store_true", help="a folder registry (else one file, OUT/vanban.yaml)")
    parser.add_argument("--clean", action="store_true", help="no reference to an unregistered document")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    generated = generate(args.documents, args.seed, clean=args.clean)
    if args.folder:
        target = generated.write_folder(args.out)
        files = sum(1 for _ in target.rglob("*.yaml"))
    else:
        target = generated.write_file(args.out / "vanban.yaml")
        files = 1
    size = sum(p.stat().st_size for p in ([target] if target.is_file() else target.rglob("*.yaml")))
    mistakes = ", ".join(f"{k} {v}" for k, v in sorted(generated.mistakes.items()))
    print(f"{len(generated.docs):,} documents, {len(generated.bodies):,} issuers, {files:,} file(s), "
          f"{size / 1e6:.1f} MB → {target} ({time.perf_counter() - start:.1f} s); mistakes: {mistakes}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
