"""Bounded cost on any input: inputs that made the finder and `extract` quadratic, timed against a floor.

1. **One line holding N citations** (default 16,000): "Quyết định số N/QĐ-UBND ngày 15/8/2022 của UBND tỉnh
   về việc …; " repeated on a single line, a list bullet first (so every title could run to the end of
   the line). Measured: `find_citations` wall and CPU time and its peak memory (tracemalloc, in a run of
   its own), against the bare ``\\d+\\s*[/-]`` scan of the same text; and the same at N/4, N/2 to show how
   the time grows (linear: ×2 per doubling).
2. **`vanban extract` of a .docx of P paragraphs** (default 200,000): a Word document (its XML written
   directly), one citation every fourth paragraph, read by the `extract` command (text output) in
   this process; the time of each step: building the file (not counted), reading its text, finding,
   placing every citation (LineIndex), and the whole command.

Run:  python benchmarks/scale.py [--citations 16000] [--paragraphs 200000]
Writes benchmarks/out/scale.json. Exits 0.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import io
import json
import re
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path
from typing import Callable

from _common import OUT, environment

FLOOR = re.compile(r"\d+\s*[/-]")
ITEM = "Quyết định số {n}/QĐ-UBND ngày 15/8/2022 của UBND tỉnh về việc phân khai kinh phí sự nghiệp năm 2022; "


def one_line(count: int) -> str:
    return "- " + "".join(ITEM.format(n=n) for n in range(1, count + 1))


def timed(fn: Callable[[], object]) -> tuple[float, float, object]:
    gc.collect()
    c0, t0 = time.process_time(), time.perf_counter()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def floor_scan(text: str) -> int:
    return sum(1 for _ in FLOOR.finditer(text))


def peak_memory(fn: Callable[[], object]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def line_case(count: int, repeat: int) -> dict:
    from vanban import find_citations

    rows = []
    for n in (count // 4, count // 2, count):
        text = one_line(n)
        floor = min(timed(lambda: floor_scan(text))[0] for _ in range(repeat))
        runs = [timed(lambda: find_citations(text)) for _ in range(repeat)]
        wall = min(r[0] for r in runs)
        cpu = min(r[1] for r in runs)
        found = len(runs[0][2])  # type: ignore[arg-type]
        rows.append({"citations_in_text": n, "characters": len(text), "found": found, "floor_s": floor,
                     "find_s": wall, "find_cpu_s": cpu, "ratio_to_floor": wall / floor})
    text = one_line(count)
    peak = peak_memory(lambda: find_citations(text))
    return {"rows": rows, "peak_bytes": peak, "text_bytes_utf8": len(text.encode("utf-8"))}


def write_docx(path: Path, paragraphs: int) -> None:
    """A minimal .docx (the parts Word needs), one citation every fourth paragraph; written directly,
    because python-docx takes minutes to add 200,000 paragraphs."""
    body = []
    for i in range(paragraphs):
        if i % 4 == 0:
            line = (f"Thực hiện Kế hoạch số {i // 4 + 1}/KH-UBND ngày 20/02/2023 của UBND huyện về việc triển khai "
                    f"Chương trình mục tiêu quốc gia giảm nghèo bền vững;")
        else:
            line = f"Đoạn {i}: UBND huyện đã tổ chức thực hiện các nội dung của Chương trình."
        body.append(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>'
                + "".join(body) + "</w:body></w:document>")
    content_types = (
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", content_types)
        zf.writestr("_rels/.rels", rels)
        zf.writestr("word/document.xml", document)


def docx_case(paragraphs: int) -> dict:
    from vanban.cli import main
    from vanban.cite.explain import LineIndex
    from vanban import find_citations
    from vanban.io.docx import read_docx_text

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "dai.docx"
        t0 = time.perf_counter()
        write_docx(path, paragraphs)
        build_s = time.perf_counter() - t0
        read_s, _, text = timed(lambda: read_docx_text(path))
        find_s, _, found = timed(lambda: find_citations(text))  # type: ignore[arg-type]
        def place() -> list[tuple[int, int]]:
            index = LineIndex(text)  # type: ignore[arg-type]
            return [index.line_and_column(c.start) for c in found]  # type: ignore[attr-defined, union-attr]

        place_s, _, _ = timed(place)
        out = io.StringIO()

        def command() -> None:
            with contextlib.redirect_stdout(out):
                try:
                    main(["extract", str(path)], standalone_mode=False)
                except SystemExit:
                    pass

        command_s, command_cpu, _ = timed(command)
        lines = out.getvalue().count("\n")
    return {"paragraphs": paragraphs, "docx_build_s": build_s, "characters": len(text), "read_s": read_s,  # type: ignore[arg-type]
            "find_s": find_s, "citations": len(found), "place_s": place_s,  # type: ignore[arg-type]
            "extract_command_s": command_s, "extract_command_cpu_s": command_cpu, "lines_printed": lines}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--citations", type=int, default=16000)
    parser.add_argument("--paragraphs", type=int, default=200000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    line = line_case(args.citations, args.repeat)
    print(f"One line, citations in it: time of find_citations (best of {args.repeat}) against the bare scan")
    print(f"{'citations':>10} {'characters':>11} {'found':>7} {'floor s':>8} {'find s':>8} {'find CPU s':>10} {'× floor':>8}")
    for r in line["rows"]:
        print(f"{r['citations_in_text']:>10,} {r['characters']:>11,} {r['found']:>7,} {r['floor_s']:>8.3f} "
              f"{r['find_s']:>8.3f} {r['find_cpu_s']:>10.3f} {r['ratio_to_floor']:>8.2f}")
    print(f"peak memory of find_citations on the {args.citations:,}-citation line: {line['peak_bytes'] / 1e6:.1f} MB "
          f"(text {line['text_bytes_utf8'] / 1e6:.2f} MB UTF-8)\n")

    docx = docx_case(args.paragraphs)
    print(f"`vanban extract` of a .docx of {docx['paragraphs']:,} paragraphs ({docx['characters']:,} characters, "
          f"{docx['citations']:,} citations; building it took {docx['docx_build_s']:.1f} s):")
    print(f"  read {docx['read_s']:.2f} s, find {docx['find_s']:.2f} s, place (LineIndex) {docx['place_s']:.2f} s; "
          f"whole command {docx['extract_command_s']:.2f} s (CPU {docx['extract_command_cpu_s']:.2f} s), "
          f"{docx['lines_printed']:,} lines printed")

    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "scale.json").write_text(json.dumps({"benchmark": "scale", **environment(), "one_line": line,
                                               "docx": docx}, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"\nwrote {(OUT / 'scale.json').relative_to(OUT.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
