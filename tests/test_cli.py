"""The command line: help with examples, batch with a bad page, watch mode."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from conftest import EXAMPLES
from pypdf import PdfReader

from typeset.cli import COMMANDS, main


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_examples(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        main([command, "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert "examples:" in out and f"paiban {command}" in out


def test_batch_reports_a_bad_page_and_keeps_going_with_the_others(tmp_path, capsys):
    bad = tmp_path / "bad" / "page.yaml"
    bad.parent.mkdir()
    bad.write_text("extends: broadsheet\nblocks:\n  - id: a\n    kind: artcle\n", encoding="utf-8")
    issue = tmp_path / "issue.yaml"
    issue.write_text(f"pages:\n  - {EXAMPLES / 'guanxin' / 'page.yaml'}\n  - bad/page.yaml\n"
                     f"  - {EXAMPLES / 'laodongzhe' / 'page.yaml'}\n", encoding="utf-8")
    out = tmp_path / "issue.pdf"
    code = main(["batch", str(issue), "-o", str(out), "--jobs", "2", "--keep-going"])
    captured = capsys.readouterr()
    assert code == 2 and not out.exists()                       # never a partial issue under the issue's name
    assert len(PdfReader(tmp_path / "issue.partial.pdf").pages) == 3  # the good pages, a blank in the bad one's place
    assert "2 of 3 pages" in captured.out
    assert "bad/page.yaml failed" in captured.err and "page.yaml:4:5" in captured.err


def test_watch_renders_again_after_the_copy_changes(tmp_path):
    work = tmp_path / "guanxin"
    shutil.copytree(EXAMPLES / "guanxin", work)
    out = work / "page.pdf"
    messages: list[str] = []
    stop = threading.Event()

    from typeset.watch import watch_loop

    thread = threading.Thread(target=watch_loop, args=(work / "page.yaml", out, None, False, None, stop,
                                                       messages.append), daemon=True)
    thread.start()
    try:
        _wait(lambda: any(m.startswith("rendered") for m in messages))
        first = out.read_bytes()
        copy = work / "letter.md"
        copy.write_text(copy.read_text(encoding="utf-8").replace("大家好", "各位好", 1), encoding="utf-8")
        _wait(lambda: sum(m.startswith("rendered") for m in messages) >= 2)
        assert out.read_bytes() != first
        (work / "page.yaml").write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
        _wait(lambda: any("YAML syntax error" in m for m in messages))  # reported, still watching
        assert thread.is_alive()
    finally:
        stop.set()
        thread.join(timeout=10)
    assert sum(m.startswith("rendered") for m in messages) == 2  # its own output did not retrigger


def _wait(condition, timeout: float = 20.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.05)


def test_render_to_a_folder_skips_a_bad_page_and_writes_the_others(tmp_path, capsys):
    bad = tmp_path / "bad" / "page.yaml"
    bad.parent.mkdir()
    bad.write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(["render", str(EXAMPLES / "guanxin" / "page.yaml"), str(bad), "-o", str(out) + "/", "-q"])
    assert code == 2
    assert sorted(p.name for p in out.iterdir()) == ["guanxin.pdf"]
    assert "YAML syntax error" in capsys.readouterr().err


def test_json_report_names_a_page_that_could_not_be_read(tmp_path, capsys):
    import json

    bad = tmp_path / "page.yaml"
    bad.write_text("extends: broadshet\n", encoding="utf-8")
    assert main(["check", str(EXAMPLES / "guanxin" / "page.yaml"), str(bad), "--json"]) == 2
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is False and report["pages"][0]["ok"] is True
    (error,) = report["pages"][1]["diagnostics"]
    assert "layout 'broadshet' not found" in error["message"] and error["severity"] == "error"
    assert error["code"] == "input" and error["file"].endswith("page.yaml") and error["line"] == 1


def _no_children_left() -> bool:
    """No drawing process still running or left unreaped (other helpers of the test
    process, such as multiprocessing's resource tracker, do not count)."""
    import os

    mine = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        if ppid == os.getpid() and b"resource_tracker" not in cmdline and b"forkserver" not in cmdline:
            mine.append(entry.name)
    return not mine


def test_drawing_helper_gives_the_same_pdf_as_drawing_in_process(tmp_path):
    page = str(EXAMPLES / "laodongzhe" / "page.yaml")
    assert main(["render", page, "-o", str(tmp_path / "helper.pdf"), "-q"]) == 0
    assert main(["render", page, "-o", str(tmp_path / "inline.pdf"), "-q", "--debug"]) == 0  # no helper
    assert (tmp_path / "helper.pdf").read_bytes() == (tmp_path / "inline.pdf").read_bytes()
    assert _no_children_left()


def test_drawing_helper_reports_a_write_error(tmp_path, capsys):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    code = main(["render", str(EXAMPLES / "guanxin" / "page.yaml"), "-o", str(blocked / "out.pdf")])
    assert code == 2 and "error:" in capsys.readouterr().err
    assert _no_children_left()


def test_drawing_helper_is_let_go_when_the_page_has_errors(tmp_path, capsys):
    page = tmp_path / "page.yaml"
    page.write_text("extends: broadsheet\nblocks: [\n", encoding="utf-8")
    assert main(["render", str(page), "-o", str(tmp_path / "out.pdf")]) == 2
    assert not (tmp_path / "out.pdf").exists() and _no_children_left()


def test_batch_with_spawned_workers_gives_the_same_issue(tmp_path, monkeypatch):
    """Where there is no fork (macOS, Windows) workers are spawned: same pages, same bytes."""
    import multiprocessing

    import typeset.batch

    issue = str(EXAMPLES / "issue.yaml")
    assert main(["batch", issue, "-o", str(tmp_path / "fork.pdf"), "--jobs", "2", "-q"]) == 0
    monkeypatch.setattr(typeset.batch, "_context", lambda: multiprocessing.get_context("spawn"))
    assert main(["batch", issue, "-o", str(tmp_path / "spawn.pdf"), "--jobs", "2", "-q"]) == 0
    assert (tmp_path / "fork.pdf").read_bytes() == (tmp_path / "spawn.pdf").read_bytes()


@pytest.mark.parametrize("exc", [ValueError("a print-ready picture is not a JPEG stream"), KeyError("x"),
                                 AssertionError("bug")])
def test_an_internal_failure_is_not_blamed_on_the_input(exc, monkeypatch, capsys):
    """A bug exits 3 with one readable line saying so, never 2 ("invalid input") and never a traceback."""
    import typeset.cli as cli

    def broken(args):
        raise exc

    monkeypatch.setitem(cli.COMMAND_FUNCTIONS, "check", broken)
    assert main(["check", str(EXAMPLES / "laodongzhe" / "page.yaml")]) == 3
    err = capsys.readouterr().err
    assert "paiban failed unexpectedly" in err and type(exc).__name__ in err
    assert "--debug" in err and "Traceback" not in err


def test_an_unknown_pdfx_mode_is_an_input_error():
    from typeset.errors import SpecError
    from typeset.render.pdf import PdfWriter

    with pytest.raises(SpecError, match="--pdfx must be one of"):
        PdfWriter(pdfx="x9")


@pytest.mark.parametrize("cwd, name", [(".", "pages/g/page.yaml"), ("pages", "g/page.yaml"), ("pages/g", "page.yaml")])
def test_a_layout_beside_the_pages_folder_is_found_from_any_working_folder(tmp_path, monkeypatch, cwd, name):
    """`extends: broadsheet` reads layouts/ in the folder above the page's whether the
    page is named from there, from above or from its own folder (`page.yaml`)."""
    from typeset.spec import load_spec

    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "pages/g")
    (tmp_path / "pages/layouts").mkdir()
    bundled = (EXAMPLES.parent / "layouts/broadsheet.yaml").read_text(encoding="utf-8")
    (tmp_path / "pages/layouts/broadsheet.yaml").write_text(bundled.replace("indent: 2,", "indent: 1,", 1),
                                                             encoding="utf-8")
    monkeypatch.chdir(tmp_path / cwd)
    resolved = load_spec(Path(name))
    assert [p.resolve() for p in resolved.located.files[1:]] == [(tmp_path / "pages/layouts/broadsheet.yaml").resolve()]
    assert resolved.styles["正文"].indent == 1
