"""Never lose or damage work: output targets, a killed render, collisions, the batch issue."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader
from unprivileged import paiban_bound_by_permissions

from typeset.cli import main
from typeset.output import OutputError, write_atomic

PREVIOUS = b"%PDF-1.4 the previous proof"
PATIENCE = 60.0  # seconds: a ceiling for waiting on a condition, never a fixed sleep; a loaded machine is slow


@pytest.fixture
def pages(tmp_path, monkeypatch):
    """Copies of the example pages in a scratch folder (the working directory)."""
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "examples"


@pytest.mark.parametrize(("command", "target", "what"), [
    ("render", "page.yaml", "page file"),
    ("render", "lead.md", "article file"),
    ("render", "photo.png", "picture"),
    ("preview", "photo.png", "picture"),
    ("preview", "lead.md", "article file"),
])
def test_an_input_of_the_page_is_never_an_output(pages, capsys, command, target, what):
    folder = pages / "laodongzhe"
    before = (folder / target).read_bytes()
    assert main([command, str(folder / "page.yaml"), "-o", str(folder / target)]) == 2
    err = capsys.readouterr().err
    assert f"it is the page's {what}" in err and "Traceback" not in err
    assert (folder / target).read_bytes() == before


def test_the_bundled_layout_and_fonts_are_inputs_too(pages, capsys):
    from typeset.fonts import bundled_fonts_dir
    from typeset.spec import bundled_layouts_dir

    for target, what in ((bundled_layouts_dir() / "broadsheet.yaml", "layout"),
                         (next(bundled_fonts_dir().glob("*.ttf")), "font")):
        before = target.read_bytes()
        assert main(["render", str(pages / "guanxin" / "page.yaml"), "-o", str(target), "--debug"]) == 2
        assert f"it is the page's {what}" in capsys.readouterr().err
        assert target.read_bytes() == before


@pytest.mark.parametrize("target", ["/dev/null", "/dev/stdout", "/proc/self/fd/1"])
def test_devices_and_streams_are_refused(pages, capsys, target):
    assert main(["render", str(pages / "guanxin" / "page.yaml"), "-o", target]) == 2
    err = capsys.readouterr().err
    assert f"cannot write {target}: it is a device" in err and "`-o -`" in err
    assert Path("/dev/null").is_char_device()


def test_a_fifo_and_a_symlink_to_a_device_are_refused_without_blocking(pages, capsys):
    os.mkfifo("fifo.pdf")
    os.symlink("/dev/null", "null.pdf")
    for name, reason in (("fifo.pdf", "it is not a regular file"), ("null.pdf", "it is a device")):
        assert main(["render", str(pages / "guanxin" / "page.yaml"), "-o", name]) == 2
        assert f"cannot write {name}: {reason}" in capsys.readouterr().err
    assert Path("null.pdf").is_symlink() and Path("fifo.pdf").is_fifo()


def test_a_symlink_to_a_file_is_followed_and_kept(pages):
    Path("real.pdf").write_bytes(PREVIOUS)
    os.symlink("real.pdf", "link.pdf")
    assert main(["render", str(pages / "guanxin" / "page.yaml"), "-o", "link.pdf", "-q"]) == 0
    assert Path("link.pdf").is_symlink() and Path("real.pdf").read_bytes().startswith(b"%PDF")
    assert Path("real.pdf").read_bytes() != PREVIOUS


def test_an_output_folder_that_is_a_file_is_named(pages, capsys):
    Path("file").write_text("x", encoding="utf-8")
    assert main(["render", str(pages / "guanxin" / "page.yaml"), "-o", "file/out.pdf"]) == 2
    err = capsys.readouterr().err
    assert "cannot write file/out.pdf: file is a file, not a folder" in err and "Errno" not in err


def test_a_read_only_folder_is_named_without_errno(pages):
    Path("ro").mkdir()
    Path("ro/out.pdf").write_bytes(PREVIOUS)
    os.chmod("ro", 0o555)
    try:
        done = paiban_bound_by_permissions("render", str(pages / "guanxin" / "page.yaml"), "-o", "ro/out.pdf",
                                           cwd=Path.cwd())
    finally:
        os.chmod("ro", 0o755)
    assert done.returncode == 2, done.stderr
    err = done.stderr
    assert "cannot write ro/out.pdf: the folder ro is not writable" in err
    assert "Errno" not in err and ".tmp" not in err
    assert Path("ro/out.pdf").read_bytes() == PREVIOUS


def test_write_errors_name_the_output_not_the_temporary_file(tmp_path, monkeypatch):
    out = tmp_path / "out.pdf"
    out.write_bytes(PREVIOUS)

    def disk_full(src, dst):
        raise OSError(28, "No space left on device", src)

    monkeypatch.setattr("typeset.output.os.replace", disk_full)
    with pytest.raises(OutputError) as exc:
        write_atomic(out, b"%PDF-new")
    text = str(exc.value)
    assert "the disk is full" in text and ".tmp" not in text and "Errno" not in text
    assert out.read_bytes() == PREVIOUS and sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_a_file_newer_than_the_writer_is_not_replaced(tmp_path):
    out = tmp_path / "out.pdf"
    started = time.time_ns()
    time.sleep(0.01)
    out.write_bytes(b"written by another render meanwhile")
    with pytest.raises(OutputError, match="another run wrote it after this one started"):
        write_atomic(out, b"%PDF-late", not_newer_than=started)
    with pytest.raises(OutputError, match="the run that asked for it has stopped"):
        write_atomic(out, b"%PDF-orphan", still_wanted=lambda: False)
    assert out.read_bytes() == b"written by another render meanwhile"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]
    write_atomic(out, b"%PDF-now", not_newer_than=time.time_ns())
    assert out.read_bytes() == b"%PDF-now"


# -- a killed render -------------------------------------------------------------------

def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state not in ("Z", "X")


def _until_gone(pids: list[int]) -> list[int]:
    """Wait until none of ``pids`` runs (at most PATIENCE); those still running."""
    deadline = time.monotonic() + PATIENCE
    while [pid for pid in pids if _alive(pid)] and time.monotonic() < deadline:
        time.sleep(0.05)
    return [pid for pid in pids if _alive(pid)]


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time a running process has used (0 when it is gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_counting_cpu(proc: subprocess.Popen) -> tuple[int, float]:
    """Reap ``proc`` (at most PATIENCE): its exit status and the CPU time it and the
    children it waited for used in all."""
    deadline = time.monotonic() + PATIENCE
    while time.monotonic() < deadline:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, usage.ru_utime + usage.ru_stime
        time.sleep(0.01)
    raise AssertionError(f"still running {PATIENCE:.0f} s later")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the drawing process is Linux only")
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_a_render_killed_while_drawing_never_writes(pages, tmp_path, sig):
    """The main process is killed while its drawing process draws (a fresh cache makes
    the picture conversion slow): the drawing process ends, and once it has, the previous
    PDF is byte-identical."""
    out = tmp_path / "out.pdf"
    out.write_bytes(PREVIOUS)
    env = dict(os.environ, TYPESET_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-c", "from typeset.cli import run; run()", "render",
                             str(pages / "laodongzhe" / "page.yaml"), "-o", str(out), "-v"],
                            stderr=subprocess.PIPE, env=env, text=True)
    helpers = []
    try:
        for line in proc.stderr:
            helpers = helpers or _children(proc.pid)
            if "laid out" in line:  # the job goes to the drawing process now
                break
        helpers = helpers or _children(proc.pid)
        time.sleep(0.1)
        assert proc.poll() is None, "the render finished before it could be killed"
        proc.send_signal(sig)
        proc.wait(PATIENCE)
    finally:
        proc.kill()
        proc.stderr.close()
    assert helpers, "no drawing process was started"
    assert not _until_gone(helpers)  # gone, so nothing can write the PDF after this
    assert out.read_bytes() == PREVIOUS
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "examples", "out.pdf"]


# -- output names ----------------------------------------------------------------------

def _two_pages_named_x(root: Path) -> list[str]:
    specs = []
    for side in ("a", "b"):
        folder = root / side / "x"
        shutil.copytree(EXAMPLES / "guanxin", folder)
        specs.append(f"{side}/x/page.yaml")
    return specs


def test_render_to_a_folder_refuses_two_pages_with_one_name_before_any_work(pages, capsys):
    specs = _two_pages_named_x(Path.cwd())
    assert main(["render", *specs, "-o", "out/"]) == 2
    err = capsys.readouterr().err
    assert "cannot write out/x.pdf: pages a/x/page.yaml and b/x/page.yaml would both be written to it" in err
    assert not Path("out").exists()


def test_batch_split_refuses_two_pages_with_one_name(pages, capsys):
    specs = _two_pages_named_x(Path.cwd())
    assert main(["batch", *specs, "-o", "issue.pdf", "--split", "split", "--jobs", "1"]) == 2
    assert "pages a/x/page.yaml and b/x/page.yaml would both be written" in capsys.readouterr().err
    assert not Path("issue.pdf").exists() and not Path("split").exists()


def test_batch_refuses_an_issue_named_like_a_split_page_or_the_issue_file(pages, capsys):
    issue = pages / "issue.yaml"
    before = issue.read_bytes()
    assert main(["batch", str(issue), "-o", "split/guanxin.pdf", "--split", "split"]) == 2
    assert ("cannot write split/guanxin.pdf: page examples/guanxin/page.yaml's PDF (--split) and the issue "
            "would both be written to it") in capsys.readouterr().err
    assert main(["batch", str(issue), "-o", str(issue)]) == 2
    assert "it is the page's issue file" in capsys.readouterr().err
    assert issue.read_bytes() == before and not Path("split").exists()


def test_a_page_rendered_into_a_folder_from_its_own_folder_is_named_after_it(pages, monkeypatch):
    monkeypatch.chdir(pages / "guanxin")
    Path("somedir").mkdir()
    assert main(["render", "page.yaml", "-o", "somedir", "-q"]) == 0
    assert sorted(p.name for p in Path("somedir").iterdir()) == ["guanxin.pdf"]


# -- batch: a partial issue never replaces a good one ------------------------------------

def _issue_with_a_bad_page(root: Path) -> Path:
    bad = root / "bad" / "page.yaml"
    bad.parent.mkdir()
    bad.write_text("extends: broadsheet\nblocks:\n  - id: a\n    kind: artcle\n", encoding="utf-8")
    issue = root / "issue.yaml"
    issue.write_text("pages: [examples/laodongzhe/page.yaml, bad/page.yaml, examples/guanxin/page.yaml]\n",
                     encoding="utf-8")
    return issue


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_batch_with_a_failed_page_leaves_the_previous_issue(pages, capsys, jobs):
    issue = _issue_with_a_bad_page(Path.cwd())
    Path("issue.pdf").write_bytes(PREVIOUS)
    assert main(["batch", str(issue), "-o", "issue.pdf", "--jobs", jobs]) == 2
    captured = capsys.readouterr()
    assert Path("issue.pdf").read_bytes() == PREVIOUS and not Path("issue.partial.pdf").exists()
    assert "page(s) 2 of 3 failed: issue.pdf is left as it was" in captured.err
    assert "bad/page.yaml" in captured.err and "nothing written" in captured.out


def test_batch_keep_going_writes_a_partial_issue_with_a_blank_page_in_place(pages, capsys):
    issue = _issue_with_a_bad_page(Path.cwd())
    Path("issue.pdf").write_bytes(PREVIOUS)
    assert main(["batch", str(issue), "-o", "issue.pdf", "--jobs", "2", "--keep-going"]) == 2
    assert "the pages that succeeded are in issue.partial.pdf" in capsys.readouterr().err
    assert Path("issue.pdf").read_bytes() == PREVIOUS
    reader = PdfReader("issue.partial.pdf")
    texts = [page.extract_text() for page in reader.pages]
    assert len(texts) == 3 and "劳动者" in texts[0] and texts[1].strip() == "" and "关心" in texts[2]
    assert reader.pages[1].mediabox == reader.pages[0].mediabox


def test_batch_keep_going_with_a_failed_first_page(pages):
    bad = Path("bad/page.yaml")
    bad.parent.mkdir()
    bad.write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
    assert main(["batch", "bad/page.yaml", str(pages / "guanxin" / "page.yaml"), "-o", "i.pdf",
                 "--keep-going", "--jobs", "1", "-q"]) == 2
    reader = PdfReader("i.partial.pdf")
    assert len(reader.pages) == 2 and reader.pages[0].extract_text().strip() == ""


def test_an_issue_without_pages_is_an_input_error(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("issue.yaml").write_text("pages: []\n", encoding="utf-8")
    assert main(["batch", "issue.yaml", "-o", "issue.pdf"]) == 2
    assert "issue.yaml:1:1: error: `pages` is empty" in capsys.readouterr().err
    assert not Path("issue.pdf").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals to a process group")
def test_ctrl_c_during_batch_exits_130_at_once_without_a_traceback(pages, tmp_path):
    pages_list = " ".join(["examples/laodongzhe/page.yaml", "examples/guanxin/page.yaml"] * 6)
    Path("issue.yaml").write_text(f"pages: [{', '.join(pages_list.split())}]\n", encoding="utf-8")
    Path("issue.pdf").write_bytes(PREVIOUS)
    env = dict(os.environ, TYPESET_CACHE=str(tmp_path / "cache"))
    proc = subprocess.Popen([sys.executable, "-c", "from typeset.cli import run; run()", "batch", "issue.yaml",
                             "-o", "issue.pdf", "--jobs", "2"], stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    try:
        for line in proc.stderr:
            if line.startswith("laid out"):  # the workers are busy
                break
        workers = _children(proc.pid)
        before = _cpu_seconds(proc.pid) + sum(_cpu_seconds(pid) for pid in workers)
        os.killpg(proc.pid, signal.SIGINT)  # what a terminal sends: the whole group
        code, cpu = _wait_counting_cpu(proc)
        err = proc.stderr.read()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.stderr.close()
    # "at once": not the other pages' work after Ctrl-C. Counted in CPU seconds, which a
    # loaded machine does not stretch as it stretches the clock: laying out the 11 other
    # pages takes ~2.2 s; stopping, 0.05-0.25 s (at most the two pages in flight, ~0.5 s)
    after = cpu - before
    assert code == 130 and after < 1.0, (code, after, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err
    assert Path("issue.pdf").read_bytes() == PREVIOUS
    assert workers and not _until_gone(workers)


def test_ctrl_c_while_a_font_is_read_stays_ctrl_c(tmp_path, monkeypatch):
    """ReportLab opens a font file by name under a bare ``except:`` and reports whatever
    happened, KeyboardInterrupt included, as "Can't open file" (TTFError: exit 3, "paiban
    failed unexpectedly", seen from Ctrl-C during a batch). The faces are read by typeset,
    so ReportLab's opener is never where a Ctrl-C lands."""
    import reportlab.lib.utils

    from typeset.fonts import FontSet
    from typeset.render.faces import load_ttfont

    def interrupted(*_a, **_k):
        raise KeyboardInterrupt
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))  # nothing cached: the file is parsed
    monkeypatch.setattr(reportlab.lib.utils, "open", interrupted, raising=False)
    face = FontSet.bundled().chain("song")[0]
    font = load_ttfont("T", Path(face.path))
    assert font.face.filename == str(face.path) and font.face.charToGlyph


def test_ctrl_c_while_the_command_line_is_imported_exits_130_without_a_traceback(tmp_path):
    """The console script imports the command line only when no server takes the command:
    a Ctrl-C during that import (a tenth of a second of every in-process command) is
    Ctrl-C, exit 130, not a KeyboardInterrupt traceback."""
    script = (
        "import sys\n"
        "class Interrupt:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'typeset.cli':\n"
        "            raise KeyboardInterrupt\n"
        "sys.meta_path.insert(0, Interrupt())\n"
        "sys.argv = ['paiban', 'check', 'page.yaml']\n"
        "from typeset.console import run\n"
        "run()\n")
    env = dict(os.environ, TYPESET_NO_SERVER="1", TYPESET_CACHE=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=60)
    assert proc.returncode == 130, proc.stderr
    assert "Traceback" not in proc.stderr and "KeyboardInterrupt" not in proc.stderr
