"""Tests for `vanban tree`, `vanban show` and `vanban issuers` (issue 5, "Terminal")."""

from __future__ import annotations

import datetime as _dt
import json
import re
import threading
from pathlib import Path
from typing import Any, Callable

import pytest
from click.testing import CliRunner

from vanban.cli import main
from vanban.registry import load_registry
from vanban.base.text import sort_key as vi_sort_key
from vanban.check import analyse
from vanban.render.tree import document_facts, roots, sorted_issuers, tree_lines

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = ROOT / "data" / "registry.yaml"
BRANCH = re.compile(r"^((?:│   |    )*)(├── |└── )(.*)$")


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def bounded(fn: Callable[[], Any], seconds: float = 20.0) -> Any:
    """Run *fn* in a thread; fail (instead of hanging) when it does not finish in time."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # pragma: no cover - reported below
            box["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "did not finish: loops forever?"
    if "error" in box:
        raise box["error"]
    return box["value"]


@pytest.fixture(scope="module")
def registry():
    return load_registry(REGISTRY)


def depth_of(line: str) -> int:
    """0 for a top line, else 1 + the number of indentation steps before the branch."""
    match = BRANCH.match(line)
    if match is None:
        return 0
    return len(match.group(1)) // 4 + 1


def find_line(lines: list[str], needle: str) -> int:
    hits = [i for i, line in enumerate(lines) if needle in line and "(xem ở trên)" not in line]
    assert len(hits) == 1, (needle, hits)
    return hits[0]


# --- tree -------------------------------------------------------------------------------------------------
def test_tree_from_90_qd_ttg():
    result = run("tree", "90/QĐ-TTg", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    heading, blank, *lines = result.stdout.splitlines()
    # the heading names the locality's real chain: a district of 2023 under its province, over communes
    assert heading == "Cây thực hiện — huyện Bình Sơn, tỉnh Quảng Ngãi (tỉnh → huyện → xã)" and blank == ""
    assert lines[0].startswith("Quyết định số 90/QĐ-TTg ngày 18/01/2022")
    assert "Thủ tướng Chính phủ" in lines[0]
    i1566 = find_line(lines, "1566/QĐ-UBND")
    i116 = find_line(lines, "116/KHH-UBND")
    assert depth_of(lines[i1566]) == 1
    assert lines[i1566].startswith(("└── ", "├── "))
    assert depth_of(lines[i116]) == 2
    assert i116 > i1566
    # 116/KHH-UBND is under 1566: no line of depth ≤ 1 between them
    assert all(depth_of(line) >= 2 for line in lines[i1566 + 1 : i116])
    # and its own children (125/KH-UBND …) are under it
    i125 = find_line(lines, "125/KH-UBND")
    assert depth_of(lines[i125]) == 3 and i125 > i116
    assert "│   " in lines[i125]
    # dates and issuers on every line
    assert "ngày 15/08/2022" in lines[i1566] and "UBND huyện Bình Sơn" in lines[i1566]
    assert "ngày 07/09/2022" in lines[i116]


def test_tree_lines_are_well_formed():
    lines = run("tree", "90/QĐ-TTg", "--registry", str(REGISTRY)).stdout.splitlines()[2:]
    assert all(depth_of(line) >= 1 for line in lines[1:])
    for line in lines[1:]:
        assert BRANCH.match(line), line
    # last child of a parent uses └──, earlier ones ├──
    assert lines[-1].lstrip("│ ").startswith("└── ")


def test_tree_documents_under_1566(registry):
    from vanban.registry.model import RelationType

    top = registry.resolve("1566/QĐ-UBND")
    expected = set()
    stack = [top]
    while stack:
        doc = stack.pop()
        for child in registry.inverse(doc, RelationType.IMPLEMENTS):
            if child.id not in expected:
                expected.add(child.id)
                stack.append(child)
    lines = tree_lines(registry, top)
    assert lines[0].startswith("Quyết định số 1566/QĐ-UBND")
    assert len(lines) == 1 + len(expected) == 21
    for doc_id in expected:
        code = registry.by_id[doc_id].code
        assert sum(f"số {code} " in line for line in lines) == 1, code


def test_tree_without_argument_starts_at_roots(registry):
    result = run("tree", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[2:]  # after the heading
    top = [line for line in lines if depth_of(line) == 0]
    assert lines[0] == top[0]
    assert any(line.startswith("Quyết định số 90/QĐ-TTg") for line in top)
    assert any(line.startswith("Quyết định số 1085/QĐ-UBND") for line in top)
    assert any(line.startswith("Công văn số 2101/SNV-TĐKT") for line in top)
    assert not any("1566/QĐ-UBND" in line for line in top)
    assert not any("116/KHH-UBND" in line for line in top)
    # the top lines are exactly the roots
    assert len(top) == len(roots(registry))
    # the report answering 2101/SNV-TĐKT is marked as an answer
    assert any("[trả lời] Báo cáo số 733/BC-UBND" in line for line in lines)


def test_roots_have_no_registered_parent(registry):
    for doc in roots(registry):
        assert not [r for r in doc.relations if r.type.value in {"implements", "responds_to"} and r.target in registry.by_id]


def test_tree_of_unknown_document_exits_2():
    result = run("tree", "9999/QĐ-UBND", "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_tree_with_cycle_terminates(build):
    path = build.write([
        build.doc("1/KH-UBND", "Kế hoạch", "2023-01-02", implements=["2/KH-UBND"]),
        build.doc("2/KH-UBND", "Kế hoạch", "2023-01-03", implements=["1/KH-UBND"]),
    ])
    result = bounded(lambda: run("tree", "1/KH-UBND", "--registry", str(path)))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()[2:]
    assert len(lines) == 3
    assert lines[0].startswith("Kế hoạch số 1/KH-UBND")
    assert "2/KH-UBND" in lines[1]
    assert "1/KH-UBND" in lines[2] and "(xem ở trên)" in lines[2]
    bare = bounded(lambda: run("tree", "--registry", str(path)))
    assert bare.exit_code == 0, bare.output


def test_tree_cycle_below_a_root(build):
    registry = build.load([
        build.doc("5/QĐ-UBND", "Quyết định", "2023-01-01"),
        build.doc("1/KH-UBND", "Kế hoạch", "2023-01-02", implements=["5/QĐ-UBND", "2/KH-UBND"]),
        build.doc("2/KH-UBND", "Kế hoạch", "2023-01-03", implements=["1/KH-UBND"]),
    ])
    lines = bounded(lambda: tree_lines(registry))
    assert lines[0].startswith("Quyết định số 5/QĐ-UBND")
    assert [depth_of(line) for line in lines] == [0, 1, 2, 3]
    assert "(xem ở trên)" in lines[-1]


def test_tree_without_argument_shows_documents_of_a_cycle(build):
    # Two documents that implement each other have no "top"; `vanban tree` must still show them.
    path = build.write([
        build.doc("1/KH-UBND", "Kế hoạch", "2023-01-02", implements=["2/KH-UBND"]),
        build.doc("2/KH-UBND", "Kế hoạch", "2023-01-03", implements=["1/KH-UBND"]),
    ])
    result = bounded(lambda: run("tree", "--registry", str(path)))
    assert result.exit_code == 0
    assert "1/KH-UBND" in result.stdout and "2/KH-UBND" in result.stdout


# --- show -------------------------------------------------------------------------------------------------
def test_show_2332_text():
    result = run("show", "2332/QĐ-UBND", "--as-of", "2023-11-17", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    out = result.stdout
    lines = out.splitlines()
    assert lines[0].startswith("Quyết định số 2332/QĐ-UBND ngày 02/12/2022 của UBND huyện Bình Sơn")
    assert "ubnd-binh-son/2022/2332-qd-ubnd" in out
    up = [line for line in lines if "↑" in line]
    assert len(up) == 1 and "implements" in up[0] and "130/KH-UBND" in up[0]
    assert "DA7-TDA2" in out
    deadline = [line for line in lines if "2022-12-15" in line]
    assert len(deadline) == 1 and "quá hạn" in deadline[0]


def test_show_deadline_state_follows_as_of():
    before = run("show", "2332/QĐ-UBND", "--as-of", "2022-12-10", "--registry", str(REGISTRY))
    assert before.exit_code == 0
    line = [l for l in before.stdout.splitlines() if "2022-12-15" in l][0]
    assert "chưa đến hạn" in line and "quá hạn" not in line


def test_show_json_keys():
    result = run("show", "2332/QĐ-UBND", "--as-of", "2023-11-17", "--format", "json", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"id", "citation", "up", "down", "subprojects", "deadlines"} <= set(data)
    assert data["id"] == "ubnd-binh-son/2022/2332-qd-ubnd"
    assert data["citation"].startswith("Quyết định số 2332/QĐ-UBND")
    assert data["up"] == [{"relation": "implements", "id": "ubnd-binh-son/2022/130-kh-ubnd",
                           "citation": "Kế hoạch số 130/KH-UBND ngày 10/10/2022 của UBND huyện Bình Sơn"}]
    assert data["down"] == []
    assert [u["code"] for u in data["subprojects"]] == ["DA7-TDA2"]
    assert data["deadlines"] == [{"due": "2022-12-15", "what": "Đoàn giám sát báo cáo kết quả giám sát Chương trình năm 2022",
                                  "state": "overdue", "fulfilled_by": None}]


def test_show_1085_lists_2017_as_implemented_by():
    result = run("show", "1085/QĐ-UBND", "--format", "json", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["issuer"]["key"] == "ubnd-tinh-quang-ngai"
    assert {"relation": "implemented_by", "id": "ubnd-binh-son/2022/2017-qd-ubnd",
            "citation": "Quyết định số 2017/QĐ-UBND ngày 03/10/2022 của UBND huyện Bình Sơn"} in data["down"]
    text = run("show", "1085/QĐ-UBND", "--registry", str(REGISTRY)).stdout
    down = [line for line in text.splitlines() if "↓" in line]
    assert any("implemented_by" in line and "2017/QĐ-UBND" in line for line in down)


def test_document_facts_down_of_1566(registry):
    facts = document_facts(registry, registry.resolve("1566/QĐ-UBND"), due=analyse(registry, as_of=_dt.date(2023, 11, 17)).due)
    assert facts["up"][0]["id"] == "thu-tuong-chinh-phu/2022/90-qd-ttg"
    down_ids = {d["id"] for d in facts["down"]}
    assert "ubnd-binh-son/2022/116-khh-ubnd" in down_ids
    assert "ubnd-binh-son/2023/36-kh-ubnd" in down_ids


def test_show_unknown_document_exits_2():
    result = run("show", "9999/QĐ-UBND", "--registry", str(REGISTRY))
    assert result.exit_code == 2
    assert isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "9999/QĐ-UBND" in result.output


# --- issuers ----------------------------------------------------------------------------------------------
LEVELS = ["trung ương", "tỉnh", "huyện", "xã"]


def test_issuers_by_level():
    result = run("issuers", "--registry", str(REGISTRY))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    registry = load_registry(REGISTRY)
    assert len(lines) == len(registry.issuers)
    levels = []
    for line in lines:
        key = line.split()[0]
        levels.append(registry.issuers[key].level)
    ranks = [LEVELS.index(level) for level in levels]
    assert ranks == sorted(ranks)
    assert set(levels) == set(LEVELS)


def test_issuers_communes_in_vietnamese_order():
    lines = run("issuers", "--registry", str(REGISTRY)).stdout.splitlines()
    # the former communes (with their end date): 21 xã; the 5 new ones, 2 of them of the same names
    communes = [line.split(None, 2)[2] for line in lines if line.split()[1] == "xã"]
    names = [shown[len("UBND xã "):].split(" (")[0] for shown in communes if shown.startswith("UBND xã ") and "(đến" in shown]
    assert len(names) == 21
    # the new ones, from 01/7/2025, each after its own name
    assert sum("(từ 01/07/2025)" in line for line in communes) == 5

    def pos(name: str) -> int:
        return names.index(name)

    assert pos("Bình Dương") < pos("Bình Đông")
    assert pos("Bình Thanh") < pos("Bình Thạnh")
    assert pos("Bình Chánh") < pos("Bình Châu") < pos("Bình Chương")
    assert pos("Bình Đông") < pos("Bình Hải")
    assert pos("Bình Tân Phú") < pos("Bình Thanh")
    assert pos("Bình Trị") < pos("Bình Trung")
    assert names == sorted(names, key=vi_sort_key)


def test_issuers_order_is_not_code_point_order(build):
    communes = ["Bình Giang", "Bình Đông", "Bình Ơn", "Bình Phú", "Bình Dương", "Bình Bắc", "Bình Ân",
                "Bình Thạnh", "Bình Thanh", "Bình Châu", "Bình Chánh"]
    extra = {
        f"xa-{i}": {"name": f"Ủy ban nhân dân xã {name}", "short": f"UBND xã {name}", "abbr": "UBND", "level": "xã",
                    "parent": "ubnd-huyen"}
        for i, name in enumerate(communes)
    }
    path = build.write([], issuers={"ubnd-xa-an": None, "ubnd-xa-chau": None, **extra})
    result = run("issuers", "--registry", str(path))
    assert result.exit_code == 0, result.output
    got = [line.split("UBND xã ", 1)[1].strip() for line in result.stdout.splitlines() if "UBND xã " in line]
    assert got == ["Bình Ân", "Bình Bắc", "Bình Chánh", "Bình Châu", "Bình Dương", "Bình Đông", "Bình Giang",
                   "Bình Ơn", "Bình Phú", "Bình Thanh", "Bình Thạnh"]
    # level order holds in the small registry too: tỉnh, then huyện, then xã
    keys = [line.split()[0] for line in result.stdout.splitlines()]
    assert keys[0] == "ubnd-tinh"
    assert keys.index("ubnd-huyen") < keys.index("xa-0")
    assert keys.index("huyen-uy") < keys.index("xa-0")


def test_sorted_issuers_library(registry):
    issuers = sorted_issuers(registry)
    assert [i.key for i in issuers][:2] == ["quoc-hoi", "thu-tuong-chinh-phu"]
    assert issuers[-1].level == "xã"
