"""What a resident process (``paiban serve``, ``watch``) reuses between builds of an
edited page — the page file read and checked while it and its layouts stay as they
were, composed paragraphs, lines made into runs — and that a page built from what was
kept is the page a cold build makes: the same display list, findings and PDF bytes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from conftest import EXAMPLES


@pytest.fixture
def pages(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path / "examples"


def _cold(page: Path):
    """A build in a process that keeps nothing (the warm state set aside meanwhile)."""
    from typeset import pipeline

    kept, pipeline._warm = pipeline._warm, None
    try:
        return pipeline.build(page)
    finally:
        pipeline._warm = kept


def _save(path: Path, text: str, tick: list[int] = [0]) -> None:  # noqa: B006 - a counter on purpose
    """Write ``text`` with a modification time of its own, so every save is seen."""
    tick[0] += 1
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(10**18 + tick[0], 10**18 + tick[0]))


EDITS = {  # each edit of the article's copy, in turn, then back to the original
    "a mark changed": lambda t: t.replace("。", "，", 3),
    "a sentence added mid-story": lambda t: t[: len(t) // 2] + "新增一句话，让后面的行都挪动。" + t[len(t) // 2:],
    "a paragraph added": lambda t: t + "\n\n补充一段：劳动者之窗，关心下一代。\n",
    "a paragraph cut": lambda t: "\n\n".join(t.split("\n\n")[1:]),
    "back as it was": lambda t: t,
}


@pytest.mark.parametrize("name, article", [("laodongzhe", "lead.md"), ("guanxin", "letter.md")])
def test_each_edit_built_warm_is_the_page_a_cold_build_makes(pages, warm, name, article):
    from typeset.render import render_pdf

    page, copy = pages / name / "page.yaml", pages / name / article
    original = copy.read_text(encoding="utf-8")
    warm.build(page)
    for what, edit in EDITS.items():
        _save(copy, edit(original))
        kept, cold = warm.build(page), _cold(page)
        assert kept.page.items == cold.page.items, what
        assert kept.page.diagnostics == cold.page.diagnostics, what
        assert kept.page.fonts == cold.page.fonts, what
        assert render_pdf([kept.page]) == render_pdf([cold.page]), what


def test_the_page_file_is_read_again_only_when_it_or_a_layout_changes(pages, warm, monkeypatch):
    from typeset.spec import load

    reads = []
    real = load.read_page
    monkeypatch.setattr(load, "read_page", lambda *a: reads.append(a[0]) or real(*a))
    page, copy = pages / "guanxin/page.yaml", pages / "guanxin/letter.md"
    warm.build(page)
    warm.build(page)  # its files are known now: kept from here on
    reads.clear()
    for n in range(3):
        _save(copy, copy.read_text(encoding="utf-8") + f"\n\n又一段{n}。\n")
        warm.build(page)
    assert reads == []  # the copy alone was read again
    _save(page, page.read_text(encoding="utf-8") + "\n# a comment\n")
    warm.build(page)
    assert len(reads) == 1
    shadow = pages / "guanxin/layouts"  # a layout where the page looks first takes over
    shadow.mkdir()
    text = page.read_text(encoding="utf-8")
    name = next(line.split(":", 1)[1].strip() for line in text.splitlines() if line.startswith("extends:"))
    shutil.copy(load.bundled_layouts_dir() / f"{name}.yaml", shadow / f"{name}.yaml")
    warm.build(page)
    assert len(reads) == 2


def test_a_page_file_saved_while_it_is_read_is_read_again(pages, warm, monkeypatch):
    from typeset.spec import load

    page = pages / "guanxin/page.yaml"
    warm.build(page)
    real, calls = load.read_page, []

    def saved_meanwhile(*a):
        got = real(*a)
        if not calls:
            _save(page, page.read_text(encoding="utf-8").replace("title:", "title:", 1) + "\n# saved\n")
        calls.append(1)
        return got
    monkeypatch.setattr(load, "read_page", saved_meanwhile)
    _save(page, page.read_text(encoding="utf-8") + "\n# first\n")
    warm.build(page)
    warm.build(page)
    assert len(calls) == 2  # what was read during the save was not trusted


def test_a_line_with_a_character_no_font_has_is_marked_on_every_build(pages, warm):
    page, copy = pages / "guanxin/page.yaml", pages / "guanxin/letter.md"
    text = copy.read_text(encoding="utf-8")
    _save(copy, text.replace("新春佳节", "新春\U000f0001佳节", 1))  # a private-use plane character
    for n in range(3):
        if n:
            _save(copy, copy.read_text(encoding="utf-8") + f"\n\n再一段{n}。\n")
        built = warm.build(page)
        assert [d.code for d in built.page.diagnostics].count("missing-glyph") == 1
        assert sum(m.kind == "missing" for m in built.page.proof) == 1


def test_the_kept_paragraphs_do_not_grow_without_end(pages, warm, monkeypatch):
    from typeset.layout import page as layout_page

    page, copy = pages / "guanxin/page.yaml", pages / "guanxin/letter.md"
    text = copy.read_text(encoding="utf-8")
    warm.build(page)
    (memo,) = warm._warm.memo.values()
    one_page = len(memo)
    monkeypatch.setattr(layout_page, "MAX_MEMO", one_page)
    for n in range(4):  # every paragraph changed each time: without a bound, four pages' worth
        _save(copy, text.replace("\n\n", f"{n}\n\n"))
        warm.build(page)
    assert len(memo) <= one_page + 1
