"""Nothing lost, nothing broken: concurrent writers, what a write does to the file, safe display.

docs/reliability.md lists each defence and the test that shows it.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from vanban.base.atomic import WriteError, file_lock, guard_inputs, lock_path, note_input, write_atomic
from vanban.cli import main
from vanban.render.tree import MAX_INDENT
from vanban.registry import NewDocument, RegistryEditor, load_registry, propose
from vanban.registry.edit import ConcurrentEditError

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
import reliability_writers  # noqa: E402

POSIX = pytest.mark.skipif(sys.platform == "win32", reason="POSIX file semantics")


def run(*args: str, lang: str = "vi"):
    return CliRunner().invoke(main, ["--lang", lang, *args])


def doc(number: int, day: dt.date = dt.date(2024, 3, 1), kind: str = "Kế hoạch") -> NewDocument:
    return NewDocument(code=f"{number}/KH-UBND", date=day, issuer="ubnd-binh-son", kind=kind)


def listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# --- no lost update --------------------------------------------------------------------------------------
@POSIX
def test_concurrent_writers_of_every_kind_lose_nothing(tmp_path):
    """Eight processes — add, extract --merge, register import, edxml import, two of each — at once."""
    for number in range(2):
        folder = tmp_path / str(number)
        folder.mkdir()
        result = reliability_writers.round_of_writers(8, folder, offset=100 * number)
        assert result["lost"] == [] and result["silent"] == [] and result["tracebacks"] == [], result
        assert result["exit_0"] + len(result["refused"]) == 8
        assert result["documents_after"] == result["documents_before"] + result["exit_0"]
        assert not result["lock_file_left"] and not result["temporary_files_left"]


def test_a_change_made_on_an_older_file_is_made_again(reg_copy):
    registry = load_registry(reg_copy)
    first = propose(registry, [doc(801, dt.date(2024, 3, 1))])
    second = propose(registry, [doc(802, dt.date(2024, 4, 1))])  # both from the same read
    assert first.save() and second.save()
    ids = load_registry(reg_copy).by_id
    assert first.added[0] in ids and second.added[0] in ids


def test_a_document_registered_meanwhile_is_not_claimed(reg_copy):
    registry = load_registry(reg_copy)
    first = propose(registry, [doc(803)])
    second = propose(registry, [doc(803)])  # the same document, by two writers
    assert first.save()
    with pytest.raises(ConcurrentEditError) as caught:
        second.save()
    assert "ubnd-binh-son/2024/803-kh-ubnd" in caught.value.render("en")
    assert "nothing written" in caught.value.render("en")
    assert sum(d.id == first.added[0] for d in load_registry(reg_copy).documents) == 1


def test_a_file_edited_by_hand_meanwhile_is_kept(reg_copy):
    change = propose(load_registry(reg_copy), [doc(804)])
    edited = reg_copy.read_text(encoding="utf-8") + "# sửa tay trong lúc đó\n"
    reg_copy.write_text(edited, encoding="utf-8")
    assert change.save()
    text = reg_copy.read_text(encoding="utf-8")
    assert "# sửa tay trong lúc đó" in text and "804/KH-UBND" in text


def test_a_writer_that_cannot_get_the_lock_says_so(reg_copy, monkeypatch):
    monkeypatch.setattr("vanban.base.atomic.LOCK_TIMEOUT", 0.2)
    before = reg_copy.read_bytes()
    with file_lock(reg_copy):
        result = run("add", "Kế hoạch số 805/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "đang được một lệnh khác ghi" in result.output and "Traceback" not in result.output
    assert reg_copy.read_bytes() == before
    assert not lock_path(reg_copy).exists()


@POSIX
def test_a_writer_killed_at_any_moment_leaves_a_registry_that_reads(tmp_path):
    result = reliability_writers.kills(4, tmp_path)
    assert result["torn"] == 0
    assert result["add_afterwards_exit"] == 0 and result["add_afterwards_found"]


SLOW_SAVE = """
import os, sys, time
import vanban.base.atomic as atomic
real = os.fsync
def slow(fd):
    real(fd)
    time.sleep(60)  # inside the save: the temporary file is written, the lock held
atomic.os.fsync = slow
from vanban.cli import main
main(sys.argv[1:], prog_name="vanban")
"""


@POSIX
def test_a_writer_killed_inside_its_save_leaves_the_registry_as_it_was(reg_copy):
    before = reg_copy.read_bytes()
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.Popen([sys.executable, "-c", SLOW_SAVE, "add", "Kế hoạch số 820/KH-UBND ngày 01/03/2024",
                             "--registry", str(reg_copy)], env=env)
    deadline = time.monotonic() + 120
    while not list(reg_copy.parent.glob(".registry.yaml.*.tmp")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert list(reg_copy.parent.glob(".registry.yaml.*.tmp")), "the writer never reached its save"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert reg_copy.read_bytes() == before and len(load_registry(reg_copy)) == 50
    result = run("add", "Kế hoạch số 821/KH-UBND ngày 02/03/2024", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output  # the dead writer's lock is gone with it
    assert "ubnd-binh-son/2024/821-kh-ubnd" in load_registry(reg_copy).by_id
    assert not list(reg_copy.parent.glob(".registry.yaml.*")), "its temporary file is removed"


def test_the_lock_file_of_a_dead_writer_does_not_block(reg_copy):
    lock_path(reg_copy).write_text("", encoding="utf-8")  # left by a process that was killed
    result = run("add", "Kế hoạch số 806/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert not lock_path(reg_copy).exists()


# --- writes respect the file ------------------------------------------------------------------------------
@POSIX
def test_a_symlinked_registry_stays_a_symlink(tmp_path, reg_copy):
    link = tmp_path / "link.yaml"
    link.symlink_to(reg_copy)
    result = run("add", "Kế hoạch số 807/KH-UBND ngày 01/03/2024", "--registry", str(link))
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and link.resolve() == reg_copy.resolve()
    assert "ubnd-binh-son/2024/807-kh-ubnd" in load_registry(reg_copy).by_id


@POSIX
def test_a_read_only_registry_is_refused(reg_copy):
    reg_copy.chmod(0o444)
    before = reg_copy.read_bytes()
    result = run("add", "Kế hoạch số 808/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy))
    assert result.exit_code == 2
    assert "chỉ cho phép đọc" in result.output and "Traceback" not in result.output
    assert reg_copy.read_bytes() == before
    result = run("add", "Kế hoạch số 808/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy), lang="en")
    assert "is read-only: not overwritten" in result.output


@POSIX
def test_permissions_are_kept(reg_copy):
    reg_copy.chmod(0o640)
    assert run("add", "Kế hoạch số 809/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy)).exit_code == 0
    assert stat.S_IMODE(reg_copy.stat().st_mode) == 0o640


@POSIX
@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving a file away needs root")
def test_the_owner_is_kept(reg_copy):
    os.chown(reg_copy, 12345, 12345)
    assert run("add", "Kế hoạch số 810/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy)).exit_code == 0
    assert (reg_copy.stat().st_uid, reg_copy.stat().st_gid) == (12345, 12345)


@POSIX
def test_an_owner_that_cannot_be_kept_is_said(reg_copy, monkeypatch):
    real_stat = os.stat
    target = os.path.realpath(reg_copy)

    def other_owner(path, *args, **kwargs):
        result = real_stat(path, *args, **kwargs)
        if os.fspath(path) == target:
            values = list(result)
            values[stat.ST_UID] = result.st_uid + 1
            return os.stat_result(values)
        return result

    def refuse(*args, **kwargs):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "stat", other_owner)
    monkeypatch.setattr(os, "chown", refuse)
    result = run("add", "Kế hoạch số 811/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy))
    assert result.exit_code == 0, result.output
    assert "không giữ được chủ sở hữu" in result.stderr


@POSIX
def test_hard_links_are_said_to_be_broken(tmp_path, reg_copy):
    other = tmp_path / "other-name.yaml"
    os.link(reg_copy, other)
    result = run("add", "Kế hoạch số 812/KH-UBND ngày 01/03/2024", "--registry", str(reg_copy), lang="en")
    assert result.exit_code == 0, result.output
    assert "had 2 hard links" in result.stderr


@pytest.mark.parametrize("command", [
    ["report", "--registry", "{r}", "-o", "{r}"],
    ["appendix", "--registry", "{r}", "-o", "{r}"],
    ["appendix", "--registry", "{r}", "--format", "docx", "-o", "{r}"],
    ["edxml", "export", "--registry", "{r}", "733/BC-UBND", "-o", "{r}"],
])
def test_an_output_onto_the_registry_is_refused(reg_copy, command):
    before = reg_copy.read_bytes()
    result = run(*[a.replace("{r}", str(reg_copy)) for a in command])
    assert result.exit_code == 2, result.output
    assert "đây là tệp đầu vào của lệnh này" in result.output
    assert reg_copy.read_bytes() == before


@POSIX
def test_an_output_onto_the_registry_through_a_link_is_refused(tmp_path, reg_copy):
    link = tmp_path / "report.html"
    link.symlink_to(reg_copy)
    result = run("report", "--registry", str(reg_copy), "-o", str(link))
    assert result.exit_code == 2 and "đây là tệp đầu vào" in result.output


@POSIX
def test_an_output_to_a_device_or_a_pipe_is_written_to_it():
    done = subprocess.run([sys.executable, "-m", "vanban", "appendix", "--registry", str(ROOT / "data" / "registry.yaml"),
                           "--format", "text", "-o", "/dev/stdout"], capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert done.returncode == 0, done.stderr
    assert "Nghị quyết số 24/2021/QH15" in done.stdout
    assert run("appendix", "--registry", str(ROOT / "data" / "registry.yaml"), "-o", "/dev/null").exit_code == 0
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_an_output_onto_an_input_report_is_refused(tmp_path, reg_copy):
    report = tmp_path / "bao-cao.md"
    report.write_text("Kế hoạch số 36/KH-UBND ngày 20/02/2023\n", encoding="utf-8")
    with guard_inputs():
        note_input(report)
        with pytest.raises(WriteError):
            write_atomic(report, "x")
    write_atomic(report, "y")  # outside a command, the library writes where it is told
    assert report.read_text(encoding="utf-8") == "y"


def test_crlf_bom_anchors_and_a_trailing_comment_are_kept(tmp_path):
    text = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")
    text = text.replace("  programs: [giam-ngheo-2021-2025]", "  programs: &chuong-trinh [giam-ngheo-2021-2025]", 1)
    text += "# hết sổ\n"
    path = tmp_path / "registry.yaml"
    path.write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    result = run("add", "Kế hoạch số 813/KH-UBND ngày 01/03/2024", "--registry", str(path))
    assert result.exit_code == 0, result.output
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    assert b"\n" not in data.replace(b"\r\n", b"")  # every line still ends in CRLF
    new = data.decode("utf-8-sig")
    assert new.startswith(text.replace("\n", "\r\n")[: text.replace("\n", "\r\n").rindex("# hết sổ")])
    assert "&chuong-trinh" in new and new.endswith("# hết sổ\r\n")
    assert "ubnd-binh-son/2024/813-kh-ubnd" in load_registry(path).by_id


def test_a_round_trip_edit_keeps_crlf_and_anchors(tmp_path):
    text = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")
    text = text.replace("  programs: [giam-ngheo-2021-2025]", "  programs: &chuong-trinh [giam-ngheo-2021-2025]", 1)
    path = tmp_path / "registry.yaml"
    path.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    editor = RegistryEditor(path)
    assert editor.add_relation("1057/QĐ-UBND", "implements", "1566/QĐ-UBND") and editor.save()
    data = path.read_bytes()
    assert b"&chuong-trinh" in data and b"\n" not in data.replace(b"\r\n", b"")


@pytest.mark.parametrize("empty", ["documents: []\n", "documents:\n", "documents:  # chưa có\n", "documents: ~\n"])
def test_an_empty_documents_list_takes_an_add(tmp_path, empty):
    path = tmp_path / "registry.yaml"
    path.write_text("vanban: 1\nissuers:\n  ubnd-x: {name: Ủy ban nhân dân xã X, short: UBND xã X, level: xã}\n"
                    + empty, encoding="utf-8")
    result = run("add", "Kế hoạch số 1/KH-UBND ngày 01/03/2024", "--issuer", "ubnd-x", "--registry", str(path))
    assert result.exit_code == 0, result.output
    assert [d.id for d in load_registry(path).documents] == ["ubnd-x/2024/1-kh-ubnd"]


def test_a_layout_other_than_the_default_is_kept(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text("vanban: 1\nissuers:\n  ubnd-x: {name: UBND xã X, level: xã}\ndocuments:\n"
                    "- code: 1/KH-UBND\n  date: 2024-01-02\n  issuer: ubnd-x\n", encoding="utf-8")
    change = propose(load_registry(path), [NewDocument(code="2/KH-UBND", date=dt.date(2024, 1, 3), issuer="ubnd-x")])
    assert change.diff.splitlines()[-3:] == ["+- code: 2/KH-UBND", "+  date: 2024-01-03", "+  issuer: ubnd-x"]
    assert change.save() and len(load_registry(path)) == 2


def test_a_failed_write_leaves_no_temporary_or_lock_file(reg_copy, monkeypatch):
    before = reg_copy.read_bytes()
    names = listing(reg_copy.parent)
    change = propose(load_registry(reg_copy), [doc(814)])

    def fail(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError):
        change.save()
    assert reg_copy.read_bytes() == before and listing(reg_copy.parent) == names


def test_an_interrupted_write_leaves_no_temporary_file(tmp_path, monkeypatch):
    target = tmp_path / "out.txt"

    def interrupt(fd):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "fsync", interrupt)
    with pytest.raises(KeyboardInterrupt):
        write_atomic(target, "x")
    assert listing(tmp_path) == []


def test_the_round_trip_and_the_append_write_the_same_text(reg_copy):
    documents = [doc(815), NewDocument(code="816/QĐ-UBND", date=dt.date(2024, 3, 2), issuer="ubnd-binh-son",
                                       kind="Quyết định", title='phê duyệt: "Kế hoạch" #1', note="dòng 1\ndòng 2")]
    appended = propose(load_registry(reg_copy), documents, comment="thêm khi thử")
    editor = RegistryEditor(reg_copy)
    editor.apply(documents, comment="thêm khi thử")
    _ = editor.data  # the round trip
    assert appended.after == editor.dumps()


# --- crashes that stay fixed ------------------------------------------------------------------------------------
def _chain(tmp_path: Path, count: int, cycle: bool) -> Path:
    head = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")
    head = head[: head.index("\ndocuments:")] + "\ndocuments:\n"
    entries = []
    for k in range(1, count + 1):
        target = k - 1 if k > 1 else (count if cycle else None)
        link = f"\n    implements: [{target}/KH-UBND]" if target else ""
        entries.append(f"  - code: {k}/KH-UBND\n    kind: Kế hoạch\n    date: 2023-01-01\n    issuer: ubnd-binh-son{link}\n")
    path = tmp_path / f"chain-{count}-{cycle}.yaml"
    path.write_text(head + "".join(entries), encoding="utf-8")
    return path


@pytest.mark.parametrize("cycle", [False, True])
def test_tree_of_a_long_chain_or_cycle(tmp_path, cycle):
    path = _chain(tmp_path, 1200, cycle)
    result = run("tree", "--registry", str(path), "1/KH-UBND")
    assert result.exit_code == 0, result.output[-500:]
    assert "Traceback" not in result.output
    lines = result.output.splitlines()
    # every document once; indentation drawn to MAX_INDENT levels, deeper lines name their depth: the
    # output grows linearly with the chain, not with its square
    assert sum("KH-UBND" in line for line in lines) >= 1200
    assert max(len(line) for line in lines) < 4 * MAX_INDENT + 200
    assert any(line.startswith("…(1199) ") for line in lines)


@POSIX
def test_a_closed_pipe_is_not_an_error(tmp_path):
    done = subprocess.run(f"{sys.executable} -m vanban list --registry {ROOT / 'data' / 'registry.yaml'} | head -1",
                          shell=True, capture_output=True, text=True, timeout=120,
                          env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert len(done.stdout.splitlines()) == 1
    assert done.stderr == ""


def test_report_with_an_obligation_override_as_documented(tmp_path, reg_copy):
    text = reg_copy.read_text(encoding="utf-8").replace(
        "  programs: [giam-ngheo-2021-2025]\n",
        "  programs: [giam-ngheo-2021-2025]\n  obligations:\n    bao-cao-giam-sat-6-thang: {month: 7, day: 10, note: hạn của UBND tỉnh}\n",
        1)
    reg_copy.write_text(text, encoding="utf-8")
    result = run("report", "--registry", str(reg_copy), "-o", str(tmp_path / "r.html"), "--as-of", "2023-11-17")
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "1899-12-31"])
def test_an_as_of_out_of_range_is_a_message(value):
    result = run("due", "--registry", str(ROOT / "data" / "registry.yaml"), "--as-of", value)
    assert result.exit_code == 2 and "nằm ngoài khoảng" in result.output


# --- safe display ----------------------------------------------------------------------------------------------------
_BUNDLED = (ROOT / "data" / "registry.yaml").read_text(encoding="utf-8")
REGISTRY_HEADER = _BUNDLED[: _BUNDLED.index("\ndocuments:")] + "\n"
HOSTILE = '"Kế hoạch \\e]52;c;aGk=\\a số \\e]0;title\\x07\\x9b31m \\u202eabc\\r"'


@pytest.fixture
def hostile(reg_copy):
    text = reg_copy.read_text(encoding="utf-8")
    at = text.index("  - code: 36/KH-UBND")
    end = text.index("\n  - code:", at + 1)
    entry = text[at:end]
    title_line = next(line for line in entry.splitlines() if line.strip().startswith("title:"))
    reg_copy.write_text(text[:at] + entry.replace(title_line, f"    title: {HOSTILE}") + text[end:], encoding="utf-8")
    return reg_copy


@pytest.mark.parametrize("args", [
    ["show", "36/KH-UBND"], ["appendix"], ["appendix", "--format", "text"], ["appendix", "--format", "json"],
    ["tree"], ["check", "--as-of", "2023-11-17"], ["list", "--format", "json"], ["show", "36/KH-UBND", "--format", "json"],
])
def test_no_escape_sequence_reaches_the_terminal(hostile, args):
    result = run(*args, "--registry", str(hostile))
    assert result.exit_code in (0, 1), result.output
    assert "\x1b" not in result.output and "\x07" not in result.output and "\x9b" not in result.output
    assert "\u202e" not in result.output and "\r" not in result.output
    if args[0] in ("show", "appendix") and "json" not in args:
        assert "\\u001b]52;c;aGk=\\u0007" in result.output


def test_check_flags_unsafe_characters(hostile):
    result = run("check", "--registry", str(hostile), "--select", "VB107", "--as-of", "2023-11-17")
    assert result.exit_code == 1
    assert "VB107 unsafe-character" in result.output
    assert "title chứa ký tự U+001B (ESCAPE)" in result.output
    result = run("check", "--registry", str(hostile), "--select", "unsafe-character", "--as-of", "2023-11-17", lang="en")
    assert "title holds U+001B (ESCAPE)" in result.output


def test_check_is_quiet_on_a_clean_registry():
    result = run("check", "--registry", str(ROOT / "data" / "registry.yaml"), "--select", "VB107")
    assert "VB107" not in result.output


def test_error_messages_quoting_the_file_are_escaped(tmp_path):
    path = tmp_path / "registry.yaml"
    path.write_text('vanban: 1\nissuers: {}\ndocuments:\n  - code: "\\e]0;x\\a"\n    date: 2024-01-01\n', encoding="utf-8")
    result = run("validate", "--registry", str(path))
    assert result.exit_code == 2 and "\x1b" not in result.output and "\\u001b" in result.output


@pytest.mark.parametrize("title, plain", [
    ("kế hoạch năm 2024", True),
    ('"kế hoạch \\e[31m đỏ"', False),  # an escape a double-quoted scalar turns into ESC
    ('"ghi chú \\u202e đảo"', False),
    ("kế hoạch \u202e đảo", False),  # the character itself
    ("kế hoạch \u2066năm\u2069", False),  # a bidirectional isolate
])
@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_only_files_that_may_hold_an_unsafe_character_are_walked(tmp_path, title, plain, newline):
    """VB107 skips the documents of a file the reader found plain (no such character, no backslash):
    the same findings as walking every value, without the walk."""
    from vanban.check import analyse
    from vanban.registry import load_registry_any
    from vanban.registry.parts import read_part

    text = (REGISTRY_HEADER + "documents:\n  - code: 1/KH-UBND\n    kind: Kế hoạch\n    date: 2024-01-02\n"
            f"    issuer: ubnd-binh-son\n    title: {title}\n").replace("\n", newline)
    path = tmp_path / "vanban.yaml"
    path.write_bytes(text.encode("utf-8"))
    assert read_part(text, str(path)).plain is plain
    registry = load_registry_any(path)
    assert (None in registry.plain_text_files) is plain
    findings = analyse(registry, as_of=dt.date(2024, 6, 1)).check(["VB107"]).findings
    assert bool(findings) is not plain
    registry.plain_text_files = frozenset()  # walking every value finds the same
    assert analyse(registry, as_of=dt.date(2024, 6, 1)).check(["VB107"]).findings == findings


def test_a_temporary_file_is_new_private_and_never_an_existing_one(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """open_temporary does what tempfile.mkstemp does (without importing it): a file nobody had, mode
    0600, opened exclusively; a name already taken is drawn again, never opened."""
    import os
    import stat

    from vanban.base import atomic

    fd, name = atomic.open_temporary(tmp_path, ".x.", ".tmp")
    os.write(fd, b"data")
    os.close(fd)
    assert Path(name).parent == tmp_path and Path(name).name.startswith(".x.") and name.endswith(".tmp")
    assert stat.S_IMODE(os.stat(name).st_mode) == 0o600 and Path(name).read_bytes() == b"data"
    # the next draws: first the name just made (taken), then a new one
    draws = iter([bytes.fromhex(Path(name).name[3:-4]), b"\x01" * 6])
    monkeypatch.setattr(atomic.os, "urandom", lambda n: next(draws))
    fd2, second = atomic.open_temporary(tmp_path, ".x.", ".tmp")
    os.close(fd2)
    assert second != name and Path(second).name == ".x.010101010101.tmp"
    assert Path(name).read_bytes() == b"data"  # the taken one untouched
    # a folder where every name is taken: an error, not a loop
    monkeypatch.setattr(atomic.os, "urandom", lambda n: b"\x01" * 6)
    with pytest.raises(FileExistsError):
        atomic.open_temporary(tmp_path, ".x.", ".tmp")
