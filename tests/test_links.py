"""Pages whose files are reached through symlinks, in a resident process (`paiban serve`,
`paiban watch`): a link re-pointed to another file, or a linked folder re-pointed to
another folder, is a change of the page even when the file it now leads to has the same
size, times and bytes' length as the old one."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def page(guanxin_copy) -> Path:
    return guanxin_copy


def _text(built) -> str:
    return "".join(r.text for r in built.page.items if hasattr(r, "text"))


def _twin(original: Path, twin: Path, old: str, new: str) -> None:
    """``twin``: ``original`` with ``old`` replaced by ``new`` (as many bytes), with the
    same modification time: only its path tells them apart."""
    text = original.read_text(encoding="utf-8")
    assert len(old.encode()) == len(new.encode()) and old in text
    twin.write_text(text.replace(old, new, 1), encoding="utf-8")
    st = original.stat()
    os.utime(twin, ns=(st.st_atime_ns, st.st_mtime_ns))


def _repoint(link: Path, target: str) -> None:
    """Replace the symlink ``link`` by one to ``target`` at once, as `ln -sfn` does."""
    tmp = link.with_name(link.name + ".new")
    tmp.symlink_to(target)
    os.replace(tmp, link)


def _steady(page: Path):
    from typeset import pipeline

    for _ in range(3):  # built, then kept: its files are steady
        built = pipeline.build(page)
    assert pipeline.build(page) is built
    return built


def test_a_copy_link_re_pointed_to_a_twin_file_is_built_again(page, warm):
    from typeset import pipeline

    folder = page.parent
    os.replace(folder / "letter.md", folder / "letter-a.md")
    _twin(folder / "letter-a.md", folder / "letter-b.md", "新春佳节", "元宵佳节")
    (folder / "letter.md").symlink_to("letter-a.md")
    before = _steady(page)
    assert "新春佳节" in _text(before)
    _repoint(folder / "letter.md", "letter-b.md")
    after = pipeline.build(page)
    assert after is not before and "元宵佳节" in _text(after)


def test_a_linked_folder_re_pointed_to_a_twin_folder_is_built_again(page, warm):
    from typeset import pipeline

    folder = page.parent
    (folder / "copy-a").mkdir()
    os.replace(folder / "letter.md", folder / "copy-a/letter.md")
    (folder / "copy-b").mkdir()
    _twin(folder / "copy-a/letter.md", folder / "copy-b/letter.md", "新春佳节", "元宵佳节")
    (folder / "copy").symlink_to("copy-a")
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("body: letter.md", "body: copy/letter.md"), encoding="utf-8")
    before = _steady(page)
    assert "新春佳节" in _text(before)
    _repoint(folder / "copy", "copy-b")
    after = pipeline.build(page)
    assert after is not before and "元宵佳节" in _text(after)


def test_a_page_file_link_re_pointed_is_built_again(page, warm):
    from typeset import pipeline

    folder = page.parent
    os.replace(page, folder / "page-a.yaml")
    _twin(folder / "page-a.yaml", folder / "page-b.yaml", "body: letter.md", "body: wulao.md ")
    page.symlink_to("page-a.yaml")
    before = _steady(page)
    _repoint(page, "page-b.yaml")
    after = pipeline.build(page)
    assert after is not before
    assert after.sources["letter"][1].endswith("wulao.md")


def test_a_layout_link_re_pointed_is_built_again(page, warm):
    from typeset import pipeline
    from typeset.spec.load import bundled_layouts_dir

    layouts = page.parent / "layouts"
    layouts.mkdir()
    bundled = (bundled_layouts_dir() / "broadsheet.yaml").read_text(encoding="utf-8")
    old = "正文: {font: song, size: 小五, indent: 2,"
    (layouts / "a.yaml").write_text(bundled, encoding="utf-8")
    _twin(layouts / "a.yaml", layouts / "b.yaml", old, old.replace("indent: 2", "indent: 1"))
    (layouts / "broadsheet.yaml").symlink_to("a.yaml")
    before = _steady(page)
    _repoint(layouts / "broadsheet.yaml", "b.yaml")
    after = pipeline.build(page)
    assert after is not before and after.page.items != before.page.items
    assert (layouts / "b.yaml").resolve() in after.inputs


def test_the_links_a_page_is_read_through_are_among_its_inputs(page):
    """So that the watchers follow them, and no output may replace them."""
    from typeset import pipeline

    folder = page.parent
    os.replace(folder / "letter.md", folder / "letter-a.md")
    (folder / "letter.md").symlink_to("letter-a.md")
    inputs = pipeline.build(page).inputs
    assert inputs[folder / "letter.md"] == inputs[(folder / "letter-a.md").resolve()] == "article file"


def test_stamp_of_a_link_is_where_it_leads(tmp_path):
    from typeset.pipeline import stamp

    (tmp_path / "a").write_text("x", encoding="utf-8")
    (tmp_path / "b").write_text("x", encoding="utf-8")
    link = tmp_path / "link"
    link.symlink_to("a")
    before = stamp([link])
    assert stamp([link]) == before
    _repoint(link, "b")
    assert stamp([link]) != before
    link.unlink()
    assert stamp([link]) == {str(link): None}


def test_watch_renders_again_when_a_copy_link_is_re_pointed(page):
    import threading
    import time

    from typeset.watch import watch_loop

    folder = page.parent
    os.replace(folder / "letter.md", folder / "letter-a.md")
    _twin(folder / "letter-a.md", folder / "letter-b.md", "新春佳节", "元宵佳节")
    (folder / "letter.md").symlink_to("letter-a.md")
    out, messages, stop = folder.parent / "page.pdf", [], threading.Event()
    thread = threading.Thread(target=watch_loop, args=(page, out, None, False, None, stop, messages.append),
                              daemon=True)
    thread.start()

    def renders() -> int:
        return sum(m.startswith("rendered") for m in messages)
    try:
        end = time.monotonic() + 30
        while renders() < 1:
            assert time.monotonic() < end
            time.sleep(0.05)
        first = out.read_bytes()
        time.sleep(0.3)
        _repoint(folder / "letter.md", "letter-b.md")
        while renders() < 2:
            assert time.monotonic() < end + 30, messages
            time.sleep(0.05)
        assert out.read_bytes() != first
    finally:
        stop.set()
        thread.join(timeout=10)
