"""The server's proof drawn with the codes and names of the proofs before it
(render/resident.py), its unmoved lines written as they were drawn (render/glyphs.py):
after every edit it is the page a fresh drawing makes — the same bytes as a drawing with
the same codes that reuses no line, the same pixels (pdfium) as the print file — an
edit that brings in characters does not redraw the lines after it, and what it keeps is
bounded."""

from __future__ import annotations

import shutil

import pypdfium2 as pdfium
import pytest

from conftest import EXAMPLES

EDITS = [lambda t: t, lambda t: t.replace("。", "，", 2), lambda t: t[: len(t) // 3] + "插入新的一句话。" + t[len(t) // 3:],
         lambda t: t + "\n\n新的一段，用了几个新字：鳜鲥鲟鳇。\n", lambda t: t]


@pytest.fixture
def pages(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(EXAMPLES, tmp_path / "examples")
    monkeypatch.chdir(tmp_path)
    from typeset import pipeline
    from typeset.fonts import FontSet
    from typeset.render import pdf

    fonts = FontSet.bundled()
    for role in fonts.roles:
        for face in fonts.chain(role):
            pdf.register(face.name, str(face.path))
    pipeline.keep_warm(fonts)
    yield tmp_path / "examples"
    pipeline.keep_warm(None)


def _pixels(data: bytes) -> bytes:
    doc = pdfium.PdfDocument(data)
    try:
        return doc[0].render(scale=0.5).to_pil().tobytes()
    finally:
        doc.close()


@pytest.fixture
def fresh_lines(monkeypatch) -> list:
    """Lines drawn afresh (not written as kept), one entry each."""
    from typeset.render import glyphs

    drawn, real = [], glyphs._show
    monkeypatch.setattr(glyphs, "_show", lambda *a: drawn.append(1) or real(*a))
    return drawn


@pytest.mark.parametrize("name, article", [("laodongzhe", "lead.md"), ("guanxin", "letter.md")])
def test_every_proof_after_an_edit_is_what_a_fresh_drawing_makes(pages, fresh_lines, name, article):
    import copy as copying

    from typeset import pipeline
    from typeset.render import glyphs, kept_drawing, render_pdf

    page, copy = pages / name / "page.yaml", pages / name / article
    original = copy.read_text(encoding="utf-8")
    kept = kept_drawing()
    drawn = []
    for edit in EDITS:
        copy.write_text(edit(original), encoding="utf-8")
        built = pipeline.build(page)
        before = copying.deepcopy(kept)
        fresh_lines.clear()
        proof = render_pdf([built.page], pdfx="none", compress=False, kept=kept)
        drawn.append(len(fresh_lines))
        glyphs._lines.clear()  # the same codes and names, every line drawn afresh
        fresh_lines.clear()
        assert proof == render_pdf([built.page], pdfx="none", compress=False, kept=before)
        every = len(fresh_lines)
        assert _pixels(proof) == _pixels(render_pdf([built.page], pdfx="none"))
    assert drawn[0] == every and all(d < every for d in drawn[1:])  # after the first: the lines the edit moved
    assert drawn[1] < every / 10  # marks changed in place: about their lines alone


def test_new_characters_early_on_the_page_do_not_move_the_codes_of_the_lines_after(pages, fresh_lines):
    """Drawn with its own first-use codes (the print file), a page whose edit brings in
    characters near its top draws nearly every line after it afresh; the proof, whose
    codes are kept, draws about the edited lines."""
    from typeset import pipeline
    from typeset.render import kept_drawing, render_pdf

    page, copy = pages / "guanxin/page.yaml", pages / "guanxin/letter.md"
    text = copy.read_text(encoding="utf-8")
    kept = kept_drawing()
    built = pipeline.build(page)
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    render_pdf([built.page], pdfx="none", compress=False)
    cut = text.index("\n") + 1
    copy.write_text(text[:cut] + "鳜鲥鲟鳇鲶鳐。\n\n" + text[cut:], encoding="utf-8")
    built = pipeline.build(page)
    fresh_lines.clear()
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    proof = len(fresh_lines)
    fresh_lines.clear()
    render_pdf([built.page], pdfx="none", compress=False)
    assert proof * 3 < len(fresh_lines)


def test_the_print_file_is_never_drawn_with_kept_codes(pages):
    from typeset import pipeline
    from typeset.render import kept_drawing, render_pdf

    page = pages / "guanxin/page.yaml"
    built = pipeline.build(page)
    kept = kept_drawing()
    render_pdf([pipeline.build(pages / "laodongzhe/page.yaml").page], pdfx="none", compress=False, kept=kept)
    with_other_codes = render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    plain = render_pdf([built.page], pdfx="none", compress=False)
    assert with_other_codes != plain  # another page's characters came first: other codes
    assert render_pdf([built.page]) == render_pdf([built.page])  # the print file: its own, every time


def test_what_is_kept_starts_again_past_its_bounds(pages, monkeypatch):
    from typeset import pipeline
    from typeset.render import kept_drawing, render_pdf, resident

    built = pipeline.build(pages / "laodongzhe/page.yaml")
    kept = kept_drawing()
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    assert kept.codes and kept.order
    monkeypatch.setattr(resident, "MAX_SUBSETS", 1)  # the page needs more than one subset of its body face
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    assert not kept.codes and not kept.order


def test_a_line_that_starts_with_the_same_run_but_goes_on_otherwise_is_drawn_again(pages):
    """A line whose first run is the very one drawn before but whose other runs differ
    is drawn afresh, not written as kept."""
    import dataclasses

    from typeset import pipeline
    from typeset.layout.display import TextRun
    from typeset.render import glyphs, kept_drawing, render_pdf

    built = pipeline.build(pages / "guanxin/page.yaml")
    items = list(built.page.items)
    k = next(i for i in range(len(items) - 1) if type(items[i]) is TextRun and type(items[i + 1]) is TextRun
             and items[i].y == items[i + 1].y and items[i].font == items[i + 1].font and len(items[i + 1].text) == 1)
    other = items[k + 1]._replace(text="鳜" if items[k + 1].text != "鳜" else "鲥")
    changed = dataclasses.replace(built.page, items=tuple(items[: k + 1] + [other] + items[k + 2:]))
    kept = kept_drawing()
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    again = render_pdf([changed], pdfx="none", compress=False, kept=kept)
    glyphs._lines.clear()
    assert again == render_pdf([changed], pdfx="none", compress=False, kept=kept)
