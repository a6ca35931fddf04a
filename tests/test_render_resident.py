"""The server's proof drawn with codes, names and lines kept from the proofs before it
(render/resident.py): after every edit it is the page a fresh drawing makes — the same
bytes as a drawing with the same codes that reuses no line, the same pixels (pdfium) as
the print file — and what it keeps is bounded."""

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


@pytest.mark.parametrize("name, article", [("laodongzhe", "lead.md"), ("guanxin", "letter.md")])
def test_every_proof_after_an_edit_is_what_a_fresh_drawing_makes(pages, name, article):
    from typeset import pipeline
    from typeset.render import kept_drawing, render_pdf

    page, copy = pages / name / "page.yaml", pages / name / article
    original = copy.read_text(encoding="utf-8")
    kept, codes_only = kept_drawing(), kept_drawing()
    reused = []
    for edit in EDITS:
        copy.write_text(edit(original), encoding="utf-8")
        built = pipeline.build(page)
        proof = render_pdf([built.page], pdfx="none", compress=False, kept=kept)
        reused.append(kept.hits)
        codes_only.lines.clear()  # the same codes and names, every line drawn afresh
        fresh = render_pdf([built.page], pdfx="none", compress=False, kept=codes_only)
        assert codes_only.hits == 0 and proof == fresh
        assert _pixels(proof) == _pixels(render_pdf([built.page], pdfx="none"))
    assert reused[0] == 0 and min(reused[1:]) > 0  # lines were given back after the first
    assert kept.hits > 4 * kept.misses  # back as it was: nearly every line given back


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
    assert kept.codes and kept.lines
    monkeypatch.setattr(resident, "MAX_SUBSETS", 1)  # the page needs more than one subset of its body face
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    assert not kept.codes and not kept.lines and not kept.order
    monkeypatch.setattr(resident, "MAX_LINES", 10)
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    assert len(kept.lines) <= 10


def test_a_line_that_starts_with_the_same_run_but_goes_on_otherwise_is_drawn_again(pages):
    """Lines are kept by their first run and checked whole: a line whose first run is
    the very one drawn before but whose other runs differ is drawn afresh."""
    import dataclasses

    from typeset import pipeline
    from typeset.layout.display import TextRun
    from typeset.render import kept_drawing, render_pdf

    built = pipeline.build(pages / "guanxin/page.yaml")
    items = list(built.page.items)
    k = next(i for i in range(len(items) - 1) if type(items[i]) is TextRun and type(items[i + 1]) is TextRun
             and items[i].y == items[i + 1].y and items[i].font == items[i + 1].font and len(items[i + 1].text) == 1)
    other = items[k + 1]._replace(text="鳜" if items[k + 1].text != "鳜" else "鲥")
    changed = dataclasses.replace(built.page, items=tuple(items[: k + 1] + [other] + items[k + 2:]))
    kept = kept_drawing()
    render_pdf([built.page], pdfx="none", compress=False, kept=kept)
    again = render_pdf([changed], pdfx="none", compress=False, kept=kept)
    kept.lines.clear()
    assert again == render_pdf([changed], pdfx="none", compress=False, kept=kept)
