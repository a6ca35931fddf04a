"""The warm path of `paiban serve`: pages kept built while none of their files changed
(pipeline.build in a resident process), remote commands' answers kept by their inputs'
stamps (serve/answers.py) — never stale, even before the watcher has seen a save — and
the same bytes, messages and exit status as a cold in-process render."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

PAIBAN = Path(sys.executable).with_name("paiban")


@pytest.fixture
def page(guanxin_copy) -> Path:
    return guanxin_copy


@pytest.fixture
def builds(monkeypatch) -> list:
    """The pages really built (not given back from what was kept)."""
    from typeset import pipeline

    made, real = [], pipeline._build
    monkeypatch.setattr(pipeline, "_build", lambda *a: made.append(a[0]) or real(*a))
    return made


def _same_size_edit(path: Path, old: str, new: str) -> None:
    """Change ``path`` without changing its size or its modification time: only its bytes
    (and its inode's change time) tell."""
    st = path.stat()
    text = path.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert path.stat().st_size == st.st_size and path.stat().st_mtime_ns == st.st_mtime_ns


def test_stamp_sees_a_change_of_bytes_that_keeps_size_and_mtime(page):
    from typeset.pipeline import stamp

    letter = page.parent / "letter.md"
    before = stamp([letter])
    assert stamp([letter]) == before
    _same_size_edit(letter, "新春佳节", "元宵佳节")
    assert stamp([letter]) != before
    assert stamp([page.parent / "gone.md"]) == {str(page.parent / "gone.md"): None}


def test_an_unchanged_page_is_given_back_and_an_edited_one_built_again(page, warm, builds):
    from typeset import pipeline

    first = pipeline.build(page)
    again = pipeline.build(page)
    assert len(builds) <= 2 and (again is first or len(builds) == 2)  # first read: its files are new
    third = pipeline.build(page)
    assert third is again and len(builds) <= 2
    builds.clear()
    _same_size_edit(page.parent / "letter.md", "新春佳节", "元宵佳节")
    edited = pipeline.build(page)
    assert builds == [page] and edited is not third
    assert "元宵佳节" in "".join(r.text for r in edited.page.items if hasattr(r, "text"))
    pipeline.keep_warm(None)
    cold = pipeline.build(page)
    assert cold.page.items == edited.page.items and cold.page.diagnostics == edited.page.diagnostics


def test_a_file_changed_while_it_is_read_is_not_trusted(page, warm, monkeypatch):
    """The stamp taken after a build must match the one taken before it: a save in the
    middle of a build leaves nothing kept, so the next build reads the files again."""
    from typeset import pipeline

    pipeline.build(page)
    pipeline.build(page)  # its files are known now
    letter = page.parent / "letter.md"
    real = pipeline._build
    calls = []

    def saved_meanwhile(*a):
        built = real(*a)
        if not calls:
            letter.write_text(letter.read_text(encoding="utf-8").replace("新春佳节", "元宵佳节", 1), encoding="utf-8")
        calls.append(1)
        return built
    monkeypatch.setattr(pipeline, "_build", saved_meanwhile)
    letter.write_text(letter.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    stale = pipeline.build(page)  # read before the save in the middle
    assert "元宵佳节" not in "".join(r.text for r in stale.page.items if hasattr(r, "text"))
    fresh = pipeline.build(page)
    assert len(calls) == 2 and "元宵佳节" in "".join(r.text for r in fresh.page.items if hasattr(r, "text"))


def _render_cold(page: Path, out: Path) -> tuple[int, str, str, bytes]:
    env = {**os.environ, "TYPESET_NO_SERVER": "1"}
    proc = subprocess.run([str(PAIBAN), "render", str(page), "-o", str(out)], cwd=page.parent, env=env,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr, out.read_bytes()


def test_a_kept_answer_is_given_while_nothing_changed_and_never_once_a_file_did(page, builds):
    """No watcher runs here: the answer is right because every input is stamped."""
    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    engine = Engine(page)
    try:
        argv, cwd = ["render", "page.yaml", "-o", "out/p.pdf"], str(page.parent)
        header, blobs = run_command(engine, argv, cwd)
        assert header["code"] == 0 and blobs
        run_command(engine, argv, cwd)  # its files are known and steady now
        builds.clear()
        kept = run_command(engine, argv, cwd)
        assert builds == [] and kept[1] == run_command(engine, argv, cwd)[1]
        assert engine.commands == 4
        cold = _render_cold(page, page.parent / "cold.pdf")
        assert (kept[0]["code"], kept[0]["stdout"]) == cold[:2] and kept[1][0] == cold[3]
        assert kept[0]["stderr"] == cold[2].replace("cold.pdf", "out/p.pdf")

        _same_size_edit(page.parent / "letter.md", "新春佳节", "元宵佳节")
        edited = run_command(engine, argv, cwd)
        assert builds == [page.resolve()] or len(builds) == 1
        assert edited[1][0] != kept[1][0]
        assert edited[1][0] == _render_cold(page, page.parent / "cold.pdf")[3]
    finally:
        keep_warm(None)


def test_a_kept_answer_is_not_given_when_its_output_may_no_longer_be_written(page):
    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    engine = Engine(page)
    try:
        argv, cwd = ["render", "page.yaml", "-o", "out.pdf"], str(page.parent)
        for _ in range(3):
            assert run_command(engine, argv, cwd)[0]["code"] == 0
        (page.parent / "out.pdf").symlink_to(page.parent / "letter.md")
        header, blobs = run_command(engine, argv, cwd)
        assert header["code"] == 2 and not blobs and "it is the page's article file" in header["stderr"]
        (page.parent / "out.pdf").unlink()
        (page.parent / "out.pdf").mkdir()
        assert "fallback" in run_command(engine, argv, cwd)[0]  # a folder: in-process says what to do
    finally:
        keep_warm(None)


def test_input_errors_are_never_kept(page):
    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    engine = Engine(page)
    letter = page.parent / "letter.md"
    text = letter.read_text(encoding="utf-8")
    try:
        argv, cwd = ["check", "page.yaml"], str(page.parent)
        letter.unlink()
        for _ in range(2):
            header, _ = run_command(engine, argv, cwd)
            assert header["code"] == 2 and "letter.md" in header["stderr"] + header["stdout"]
        letter.write_text(text, encoding="utf-8")
        assert run_command(engine, argv, cwd)[0]["code"] == 0
    finally:
        keep_warm(None)


# -- the proof's page images -----------------------------------------------------------------

def test_a_proof_with_a_picture_apart_is_drawn_from_a_kept_picture_layer(tmp_path, monkeypatch, warm):
    """劳动者之窗's photo stands apart: the page image is the page without it with the
    photo's layer pasted in, the same pixels as pdfium's drawing of the whole proof but
    at the frame's edge (one pixel), and the layer is drawn once for many builds."""
    import pypdfium2 as pdfium
    from PIL import ImageChops

    from typeset.render import render_pdf
    from typeset.serve import raster
    from typeset.serve.engine import Engine
    from typeset.serve.pictures import screen_pictures

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(EXAMPLES / "laodongzhe", tmp_path / "l")
    engine = Engine(tmp_path / "l/page.yaml")
    engine.rebuild()
    proof = engine.proofs[engine.pages[0]]
    assert proof.layer is not None and len(proof.pictures) == 1
    width = 700
    shown = engine._rasters.image(proof, width)
    whole = pdfium.PdfDocument(render_pdf([screen_pictures(proof.built.page)]))
    expected, scale = raster._draw(whole[0], proof.built.page.bleed, width)
    whole.close()
    assert shown.size == expected.size
    diff = ImageChops.difference(shown, expected)
    p = proof.pictures[0]
    x0, y0, x1, y1 = p.x * scale, p.y * scale, (p.x + p.w) * scale, (p.y + p.h) * scale
    for x, y in [(x, y) for x in range(0, shown.width, 3) for y in range(0, shown.height, 3)]:
        on_edge = (x0 - 1 <= x <= x1 + 1 and y0 - 1 <= y <= y1 + 1) and not (x0 + 1 <= x <= x1 - 1 and y0 + 1 <= y <= y1 - 1)
        if not on_edge:
            assert diff.getpixel((x, y)) == (0, 0, 0), (x, y)
    inside = shown.getpixel((int((x0 + x1) / 2), int((y0 + y1) / 2)))
    assert inside != (255, 255, 255)  # the photo is there

    lead = tmp_path / "l/lead.md"
    lead.write_text(lead.read_text(encoding="utf-8").replace("2022年", "2023年", 1), encoding="utf-8")
    engine.rebuild({str(lead.resolve())})
    again = engine.proofs[engine.pages[0]]
    assert again.serial != proof.serial and again.layer is proof.layer  # the same layer, not drawn again


def test_a_picture_with_ink_near_or_over_it_is_drawn_with_the_page():
    import dataclasses

    from typeset.layout.display import Box, Picture, Rule, TextRun
    from typeset.serve.raster import split

    @dataclasses.dataclass(frozen=True)
    class Page:  # only what split reads
        items: tuple

    from typeset.spec.images import ImageInfo

    picture = Picture(10, 10, 100, 100, ImageInfo(Path("photo.jpg"), 1000, 1000, "RGB", "JPEG"))
    assert split(Page((Picture(10, 10, 100, 100, None),)), {})[1] is None  # a placeholder stays with the page
    advances = {"song": {ord("字"): 1.0}}
    apart = Page((picture, TextRun(10, 130, "图下文字", "song", 10), Rule(0, 115, 200, 115, 0.5)))
    text, pictures = split(apart, advances)
    assert text.items == apart.items[1:] and pictures.items == (picture,)
    for near in (TextRun(50, 60, "图上文字", "song", 10),       # over it
                 TextRun(10, 119, "字", "song", 10),            # its ink reaches up into the frame
                 TextRun(96, 50, "字", "song", 10),             # from the left, across the frame's edge
                 TextRun(0, 50, "字字", "other", 10),           # a face of unknown advances: room to spare
                 TextRun(15, 125, "竖排", "song", 10, angle=-90.0),  # turned up into it
                 Box(0, 0, 200, 200, fill=(0, 0, 0, 10)),       # a tint under it
                 Rule(0, 110.2, 200, 110.2, 1.0)):              # a rule on its edge
        page = Page((picture, near))
        assert split(page, advances) == (page, None), near


def test_a_render_through_the_server_reads_fonts_from_its_font_dir(tmp_path, monkeypatch):
    """--font-dir reaches the page's build through the server as in-process (it was
    dropped: such a page failed through the server and rendered without one)."""
    from conftest import SMALL_PAGE
    from testfont import build_test_font

    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    (tmp_path / "fonts").mkdir()
    build_test_font(tmp_path / "fonts/test.ttf")
    (tmp_path / "page").mkdir()
    page = tmp_path / "page/page.yaml"
    page.write_text(SMALL_PAGE + "fonts:\n  song: {file: ../fonts/test.ttf}\n", encoding="utf-8")
    engine = Engine(page)
    try:
        argv = ["render", "page.yaml", "-o", "out.pdf", "--font-dir", "../fonts"]
        header, blobs = run_command(engine, argv, str(page.parent))
        assert header["code"] == 0, header["stderr"]
        cold = subprocess.run([str(PAIBAN), *argv], cwd=page.parent, capture_output=True, text=True, timeout=120,
                              env={**os.environ, "TYPESET_NO_SERVER": "1"})
        assert cold.returncode == 0 and (page.parent / "out.pdf").read_bytes() == blobs[0]
    finally:
        keep_warm(None)


@pytest.mark.parametrize("where", ["layouts", "../layouts"])
def test_a_layout_put_where_the_page_looks_first_is_read_at_once(page, where):
    """`extends: broadsheet` looks in the page's layouts/, then the one above, then the
    bundled layouts: a project layout created there while the server runs takes over at
    the next command, though none of the files the page read has changed."""
    from typeset.pipeline import keep_warm
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    engine = Engine(page)
    try:
        argv, cwd = ["render", "page.yaml", "-o", "out/p.pdf"], str(page.parent)
        for _ in range(3):  # built, then kept: its files are steady
            header, blobs = run_command(engine, argv, cwd)
            assert header["code"] == 0
        bundled = (Path(__file__).resolve().parent.parent / "layouts" / "broadsheet.yaml").read_text(encoding="utf-8")
        assert "正文: {font: song, size: 小五, indent: 2," in bundled
        shadow = page.parent / where / "broadsheet.yaml"
        shadow.parent.mkdir(exist_ok=True)
        shadow.write_text(bundled.replace("正文: {font: song, size: 小五, indent: 2,", "正文: {font: song, size: 小五, indent: 1,"),
                          encoding="utf-8")
        header, answer = run_command(engine, argv, cwd)
        cold = _render_cold(page, page.parent / "cold.pdf")
        assert header["code"] == cold[0] == 0
        assert answer[0] != blobs[0], "the answer from before the layout was made"
        assert answer[0] == cold[3]
    finally:
        keep_warm(None)


def test_a_render_arriving_during_a_rebuild_is_answered_before_the_proof_is_drawn(page, monkeypatch):
    """The render right after a save: the engine has built the page; the command goes
    first and finds that page, then the proof is drawn."""
    import threading
    import time

    from typeset import pipeline
    from typeset.pipeline import keep_warm
    from typeset.serve import raster
    from typeset.serve.engine import Engine
    from typeset.serve.remote import run_command

    engine = Engine(page)
    try:
        engine.rebuild()
        argv, cwd = ["render", str(page), "-o", str(page.parent / "out.pdf")], os.getcwd()
        events, answers = [], []
        real_build, real_split = pipeline.build, raster.split

        def build_then_ask(*a, **k):
            built = real_build(*a, **k)
            if threading.current_thread() is main and not events:
                events.append("built")
                threading.Thread(target=lambda: answers.append(run_command(engine, argv, cwd))).start()
                deadline = time.monotonic() + 10
                while not engine.waiting and time.monotonic() < deadline:
                    time.sleep(0.001)
            return built
        main = threading.current_thread()
        monkeypatch.setattr(pipeline, "build", build_then_ask)
        monkeypatch.setattr(raster, "split", lambda *a: events.append("drawn" if answers else "drawn first")
                            or real_split(*a))
        letter = page.parent / "letter.md"
        letter.write_text(letter.read_text(encoding="utf-8").replace("新春佳节", "元宵佳节", 1), encoding="utf-8")
        engine.rebuild({str(letter.resolve())})
        assert events == ["built", "drawn"] and answers[0][0]["code"] == 0
        monkeypatch.setattr(pipeline, "build", real_build)
        assert answers[0][1][0] == _render_cold(page, page.parent / "cold.pdf")[3]
    finally:
        keep_warm(None)


def test_a_server_whose_code_changed_on_disk_hands_commands_back(page, tmp_path, monkeypatch):
    """A server runs the code it started with: once a module of the package changes on
    disk (an edit of an editable install, an upgrade), its answers could be the old
    code's, so the client runs the command itself."""
    from typeset.pipeline import keep_warm
    from typeset.serve import remote
    from typeset.serve.engine import Engine

    tree = tmp_path / "pkg"
    (tree / "sub").mkdir(parents=True)
    (tree / "a.py").write_text("x = 1\n")
    (tree / "sub" / "b.py").write_text("y = 1\n")
    before = remote.code_stamp(tree)
    assert remote.code_stamp(tree) == before
    st = (tree / "sub" / "b.py").stat()
    os.utime(tree / "sub" / "b.py", ns=(st.st_atime_ns, st.st_mtime_ns + 10**9))
    assert remote.code_stamp(tree) != before
    engine = Engine(page)
    try:
        argv, cwd = ["check", "page.yaml"], str(page.parent)
        assert remote.run_command(engine, argv, cwd)[0]["code"] == 0
        monkeypatch.setattr(remote, "_CODE", before)  # as if it had started with other code
        header, blobs = remote.run_command(engine, argv, cwd)
        assert "fallback" in header and "restart" in header["fallback"] and not blobs
    finally:
        keep_warm(None)
