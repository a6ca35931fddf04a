"""`paiban watch` follows exactly the files the page reads: its own log, PDF and PNG
written into the page folder never trigger a render; a change of the copy does."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from conftest import EXAMPLES

from typeset.pipeline import build
from typeset.watch import followed, watch_loop

QUIET = 3.0  # s to wait for a render that must not come (watchfiles gathers changes for 1.6 s)


def renders(log: Path) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count("rendered ")


def wait_for(condition, timeout: float = 30.0) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "timed out"
        time.sleep(0.1)


def test_watch_renders_once_despite_its_output_and_again_when_the_copy_changes(tmp_path):
    work = tmp_path / "guanxin"
    shutil.copytree(EXAMPLES / "guanxin", work)
    log = work / "watch.log"
    with log.open("wb") as fh:  # `paiban watch page.yaml > watch.log` inside the page folder
        proc = subprocess.Popen([sys.executable, "-m", "typeset", "watch", "page.yaml", "-o", "page.pdf",
                                 "--png", "page.png"], cwd=work, stdout=fh, stderr=subprocess.STDOUT)
    try:
        wait_for(lambda: renders(log) == 1)
        assert (work / "page.pdf").read_bytes().startswith(b"%PDF") and (work / "page.png").is_file()
        (work / "notes.txt").write_text("an editor's note beside the page", encoding="utf-8")
        (work / "page.yaml~").write_text("a backup", encoding="utf-8")
        time.sleep(QUIET)
        assert renders(log) == 1, log.read_text(encoding="utf-8")
        first = (work / "page.pdf").read_bytes()
        copy = work / "letter.md"
        copy.write_text(copy.read_text(encoding="utf-8").replace("大家好", "各位好", 1), encoding="utf-8")
        wait_for(lambda: renders(log) == 2)
        time.sleep(QUIET)
        assert renders(log) == 2, log.read_text(encoding="utf-8")
        assert (work / "page.pdf").read_bytes() != first
    finally:
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=20)
    assert proc.returncode == 130
    assert "Traceback" not in log.read_text(encoding="utf-8")


def test_watch_follows_the_page_its_layouts_copy_pictures_and_fonts():
    page = EXAMPLES / "laodongzhe" / "page.yaml"
    files = followed(build(page).inputs)
    kinds = {}
    for path, what in files.items():
        kinds.setdefault(what, set()).add(path.name)
    assert kinds["page file"] == {"page.yaml"}
    assert kinds["layout"] == {"broadsheet.yaml"}
    bodies = {b["body"] for b in yaml.safe_load(page.read_text(encoding="utf-8"))["blocks"] if "body" in b}
    assert kinds["article file"] == bodies == {"lead.md"}  # note.md lies beside it but is not named
    assert kinds["picture"] == {"photo.png"}
    assert kinds["font table"] == {"fonts.yaml"} and any(n.endswith(".ttf") for n in kinds["font"])
    assert all(p.is_absolute() for p in files)


def _shadow(page: Path, where: str) -> Path:
    """A copy of the bundled broadsheet layout, with the body indent of 1 字 instead of 2,
    made at ``where`` beside the page: `extends: broadsheet` reads it from then on."""
    from typeset.spec.load import bundled_layouts_dir

    bundled = (bundled_layouts_dir() / "broadsheet.yaml").read_text(encoding="utf-8")
    old = "正文: {font: song, size: 小五, indent: 2,"
    assert old in bundled
    shadow = page.parent / where / "broadsheet.yaml"
    shadow.parent.mkdir(exist_ok=True)
    shadow.write_text(bundled.replace(old, old.replace("indent: 2", "indent: 1")), encoding="utf-8")
    return shadow


@pytest.mark.parametrize("where", ["layouts", "../layouts"])
def test_watch_renders_again_when_a_layout_that_takes_over_appears(tmp_path, where):
    """`extends: broadsheet` looks in the page's layouts/, the one above, then the bundled
    layouts: one made in a folder looked in first (its folder new too) is a change."""
    import threading

    work = tmp_path / "guanxin"
    shutil.copytree(EXAMPLES / "guanxin", work)
    out, messages, stop = tmp_path / "page.pdf", [], threading.Event()
    thread = threading.Thread(target=watch_loop, args=(work / "page.yaml", out, None, False, None, stop,
                                                       messages.append), daemon=True)
    thread.start()
    try:
        wait_for(lambda: sum(m.startswith("rendered") for m in messages) == 1)
        first = out.read_bytes()
        shadow = _shadow(work / "page.yaml", where)
        wait_for(lambda: sum(m.startswith("rendered") for m in messages) == 2, timeout=20)
        assert out.read_bytes() != first
        assert shadow.resolve() in build(work / "page.yaml").inputs
    finally:
        stop.set()
        thread.join(timeout=10)


@pytest.mark.parametrize("where", ["layouts", "../layouts"])
def test_the_proof_is_built_again_when_a_layout_that_takes_over_appears(tmp_path, monkeypatch, where):
    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.watcher import Watcher

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "g")
    page = tmp_path / "g/page.yaml"
    engine = Engine(page)
    watcher = Watcher(engine)
    try:
        engine.rebuild()
        (proof,) = engine.proofs.values()
        watcher.start()
        assert watcher.ready.wait(10)
        time.sleep(0.3)  # watching
        shadow = _shadow(page, where)
        wait_for(lambda: next(iter(engine.proofs.values())).serial != proof.serial, timeout=20)
        (rebuilt,) = engine.proofs.values()
        assert shadow.resolve() in rebuilt.built.inputs and not engine.failed
    finally:
        watcher.stop.set()
        watcher.join(timeout=10)
        keep_warm(None)
