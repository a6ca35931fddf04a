"""Render both example pages and inspect the PDFs: text, fonts, boxes, determinism."""

from __future__ import annotations

import re

import pdfplumber
import pytest
from pypdf import PdfReader

from conftest import EXAMPLES

from typeset.cli import main
from typeset.pipeline import build
from typeset.render import render_pdf


def paragraphs(name: str) -> list[str]:
    out = []
    for md in sorted((EXAMPLES / name).glob("*.md")):
        for block in md.read_text(encoding="utf-8").split("\n\n"):
            text = re.sub(r"^(## |>> |\| )", "", block.strip()).replace("**", "")
            if text:
                out.append(text)
    return out


@pytest.mark.parametrize("name", ["laodongzhe", "guanxin"])
def test_every_paragraph_of_the_copy_is_in_the_pdf(rendered, name):
    _, path = rendered[name]
    from collections import Counter
    with pdfplumber.open(path) as pdf:
        chars = pdf.pages[0].chars
        text = re.sub(r"\s+", "", pdf.pages[0].extract_text() or "")
    # each paragraph's opening stands on one line of one column (8 characters fit after the indent)
    missing = [p[:20] for p in paragraphs(name) if re.sub(r"\s+", "", p)[:8] not in text]
    assert not missing
    # and every character of the copy is on the page, as often as in the copy
    copy = Counter(c for p in paragraphs(name) for c in p if not c.isspace())
    page = Counter(c["text"] for c in chars)
    assert not {c: n for c, n in copy.items() if page[c] < n}


@pytest.mark.parametrize("name", ["laodongzhe", "guanxin"])
def test_examples_are_clean(rendered, name):
    built, _ = rendered[name]
    page = built.page
    assert page.ok
    assert not page.diagnostics, [d.format() for d in page.diagnostics]
    for block in page.blocks:
        assert block.fit.overset_lines == 0, block


def test_fonts_embedded_and_page_boxes(rendered):
    _, path = rendered["laodongzhe"]
    reader = PdfReader(str(path))
    page = reader.pages[0]
    mm = 72 / 25.4
    trim = page.trimbox
    assert float(trim.width) == pytest.approx(390 * mm, abs=0.1)
    assert float(trim.height) == pytest.approx(550 * mm, abs=0.1)
    assert float(page.mediabox.width) == pytest.approx((390 + 6) * mm, abs=0.1)
    fonts = page["/Resources"]["/Font"]
    for ref in fonts.values():
        font = ref.get_object()
        desc = font.get("/FontDescriptor")
        if desc is None:  # Type0 font: the descriptor is on the descendant
            desc = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
        desc = desc.get_object()
        assert any(k in desc for k in ("/FontFile2", "/FontFile3", "/FontFile")), font


def test_render_is_byte_identical():
    built = build(EXAMPLES / "guanxin" / "page.yaml")
    assert render_pdf([built.page]) == render_pdf([built.page])


def test_proof_overlay_only_in_proof_mode():
    import io

    built = build(EXAMPLES / "laodongzhe" / "page.yaml")
    plain, proof = render_pdf([built.page]), render_pdf([built.page], proof=True)
    text = {}
    for name, pdf in (("plain", plain), ("proof", proof)):
        with pdfplumber.open(io.BytesIO(pdf)) as doc:
            text[name] = "".join(c["text"] for c in doc.pages[0].chars)
    assert "校样" in text["proof"] and "flag" in text["proof"]      # watermark and block ids, as text
    assert "校样" not in text["plain"] and "flag" not in text["plain"]


def test_missing_character_is_reported_and_boxed_in_the_proof(tmp_path, capsys):
    page = tmp_path / "page.yaml"
    page.write_text("extends: broadsheet\nblocks:\n  - id: t\n    kind: text\n"
                    "    area: {col: 1, cols: 2, row: 1, rows: 2}\n    lines: [甲\U0002A6A5乙]\n", encoding="utf-8")
    assert main(["check", str(page)]) == 1
    assert "U+2A6A5" in capsys.readouterr().out
    built = build(page)
    (mark,) = [m for m in built.page.proof if m.kind == "missing"]
    runs = [r for r in built.page.items if r.text in "甲乙"]
    assert mark.label == "U+2A6A5" and runs[0].x < mark.x < runs[1].x  # where the character would stand
    assert mark.w == pytest.approx(9.0) and mark.h == pytest.approx(9.0)


def test_interrupted_render_leaves_no_file(tmp_path, monkeypatch):
    from typeset.render import pdf as pdf_module

    out = tmp_path / "out.pdf"

    def interrupted(self):
        raise KeyboardInterrupt

    monkeypatch.setattr(pdf_module.PdfWriter, "finish", interrupted)
    assert main(["render", str(EXAMPLES / "guanxin" / "page.yaml"), "-o", str(out)]) == 130
    assert list(tmp_path.iterdir()) == []

    # a failed write: see tests/test_output.py (the previous file stays, no temporary file)


def test_batch_issue_makes_two_pages(tmp_path):
    out = tmp_path / "issue.pdf"
    assert main(["batch", str(EXAMPLES / "issue.yaml"), "-o", str(out), "--jobs", "2", "-q"]) == 0
    assert len(PdfReader(str(out)).pages) == 2


def test_check_json_report(capsys):
    import json
    assert main(["check", str(EXAMPLES / "guanxin" / "page.yaml"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["ok"] is True
    ids = [b["id"] for b in report["pages"][0]["blocks"]]
    assert "letter" in ids and "innovation" in ids
    assert report["pages"][0]["diagnostics"] == []
    letter = next(b for b in report["pages"][0]["blocks"] if b["id"] == "letter")
    assert set(letter["fit"]) == {"capacity_lines", "used_lines", "overset_lines", "overset_chars",
                                  "short_lines", "short_chars"}
    assert letter["fit"]["used_lines"] + letter["fit"]["short_lines"] == letter["fit"]["capacity_lines"]


def test_marks_add_slug_outside_the_trim_and_metadata_comes_from_meta(tmp_path):
    out = tmp_path / "print.pdf"
    assert main(["render", str(EXAMPLES / "guanxin" / "page.yaml"), "-o", str(out), "--marks", "-q"]) == 0
    reader = PdfReader(str(out))
    page = reader.pages[0]
    mm = 72 / 25.4
    trim, bleed, media = page.trimbox, page.bleedbox, page.mediabox
    assert float(trim.width) == pytest.approx(390 * mm, abs=0.1)
    assert float(bleed.width) == pytest.approx(396 * mm, abs=0.1)
    assert float(media.width) > float(bleed.width) + 40          # room for marks and slug
    assert float(trim.left) - float(media.left) == pytest.approx(float(media.top) - float(trim.top), abs=0.01)
    with pdfplumber.open(str(out)) as pdf:
        chars = pdf.pages[0].chars
        slug = "".join(c["text"] for c in chars if c["top"] > float(media.top) - float(trim.bottom))
    assert "page.yaml" in slug and "2023-01-13" in slug
    for ref in page["/Resources"]["/Font"].values():                # the slug's face is embedded too
        assert "/Helvetica" not in str(ref.get_object().get("/BaseFont"))
    meta = reader.metadata
    assert meta.title == "关心下一代" and meta.subject == "青岛日报"


def test_same_page_same_bytes_whatever_the_cache(tmp_path, monkeypatch):
    """CI machines differ in where (and whether) typeset has cached fonts and pictures."""
    outputs = []
    for name in ("cache-a", "cache-b"):
        monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / name))
        built = build(EXAMPLES / "laodongzhe" / "page.yaml")  # has a picture
        outputs.append(render_pdf([built.page]))
    assert outputs[0] == outputs[1]
