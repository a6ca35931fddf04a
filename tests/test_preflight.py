"""Preflight judges any PDF: ours pass, another tool's RGB or transparent PDF fails,
naming what and on which page; thresholds come from the layout's ``print:`` section."""

from __future__ import annotations

import json
import os

import pytest
from reportlab.lib.colors import CMYKColor
from reportlab.pdfgen import canvas

from typeset.cli import main
from typeset.preflight import Limits, preflight

from conftest import EXAMPLES


def _foreign(path, draw_pages):
    """A PDF made with plain ReportLab, as another tool would make it (no PDF/X)."""
    c = canvas.Canvas(str(path), pagesize=(300, 300), invariant=1)
    for draw in draw_pages:
        draw(c)
        c.showPage()
    c.save()
    return path


def _cmyk_box(c):
    c.setFillColor(CMYKColor(0, 0, 0, 1))
    c.rect(10, 10, 100, 100, stroke=0, fill=1)


def _rgb_box(c):
    c.setFillColorRGB(1, 0, 0)
    c.rect(10, 10, 100, 100, stroke=0, fill=1)


def _codes(found, page=None):
    return {d.code for d in found if page is None or d.numbers.get("page") == page}


def test_examples_pass(rendered):
    for built, path in rendered.values():
        found = preflight(path)
        assert not [d for d in found if d.severity == "error"], [d.format() for d in found]


def test_an_rgb_pdf_fails_naming_the_page(tmp_path, capsys):
    path = _foreign(tmp_path / "rgb.pdf", [_cmyk_box, _rgb_box])
    found = preflight(path)
    assert "pdfx-version" in _codes(found)
    assert "rgb-colour" in _codes(found, page=2) and "rgb-colour" not in _codes(found, page=1)
    assert main(["preflight", str(path)]) == 1
    out = capsys.readouterr().out
    assert "page 2: colour in DeviceRGB (RGB)" in out and "fails preflight" in out


@pytest.mark.parametrize(("draw", "code", "limits"), [
    (lambda c: (c.setFillColor(CMYKColor(1, 1, 1, 0.5)), c.rect(0, 0, 9, 9, fill=1)), "ink-limit", {}),
    (lambda c: (c.setFillColor(CMYKColor(0.5, 0.5, 0.4, 0)), c.rect(0, 0, 9, 9, fill=1)), "ink-limit",
     {"ink_limit": 120}),
    (lambda c: (c.setFillAlpha(0.5), c.rect(0, 0, 9, 9, fill=1)), "transparency", {}),
    (lambda c: (c.setLineWidth(0.1), c.line(0, 0, 100, 0)), "thin-rule", {}),
    (lambda c: (c.setFillColor(CMYKColor(0.6, 0.4, 0.4, 1)), c.setFont("Helvetica", 9),
                c.drawString(10, 10, "rich black")), "rich-black-text", {}),
    (lambda c: (c.setFillColor(CMYKColor(0, 0, 0, 0)), c.setFont("Helvetica", 8),
                c.drawString(10, 10, "reversed")), "reversed-text", {}),
    (lambda c: (c.setFillColor(CMYKColor(1, 0.5, 0, 0)), c.setFont("Helvetica", 8),
                c.drawString(10, 10, "blue")), "colour-text", {}),
    (lambda c: (c.setFillColor(CMYKColor(0, 0, 0, 1)), c.setFont("Helvetica", 8),
                c.drawString(10, 10, "knocks out")), "black-overprint", {}),
    (lambda c: (c.setFont("Helvetica", 12), c.drawString(10, 10, "x")), "font-embedding", {}),
])
def test_each_rule_finds_its_problem(tmp_path, draw, code, limits):
    found = preflight(_foreign(tmp_path / "x.pdf", [draw]), Limits(**limits))
    assert code in _codes(found, page=1), [d.format() for d in found]


def test_a_plain_cmyk_page_has_only_the_document_findings(tmp_path):
    """No false alarms on content: plain ReportLab lacks only PDF/X keys, a TrimBox, and
    embeds no Helvetica (its initial font)."""
    found = preflight(_foreign(tmp_path / "x.pdf", [_cmyk_box]))
    assert _codes(found) == {"pdfx-version", "page-boxes", "font-embedding"}


def test_low_resolution_and_rgb_picture(tmp_path):
    from PIL import Image

    Image.new("RGB", (100, 100), (200, 30, 30)).save(tmp_path / "p.png")
    found = preflight(_foreign(tmp_path / "x.pdf", [lambda c: c.drawImage(str(tmp_path / "p.png"), 0, 0, 144, 144)]))
    assert {"image-resolution", "rgb-colour"} <= _codes(found, page=1)
    (res,) = [d for d in found if d.code == "image-resolution"]
    assert res.numbers["ppi"] == 50


def test_json_and_unreadable(tmp_path, capsys):
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 nothing else")
    assert main(["preflight", str(bad), "--json"]) == 2  # an input error, reported in the JSON too
    report = json.loads(capsys.readouterr().out)
    assert report[str(bad)][0]["code"] == "pdf-unreadable"
    assert main(["preflight", str(tmp_path / "missing.pdf")]) == 2


def test_render_fails_when_the_layout_limit_is_stricter(tmp_path, capsys):
    """The page's print: section sets the thresholds render's preflight applies."""
    text = (EXAMPLES / "laodongzhe" / "page.yaml").read_text(encoding="utf-8")
    spec = EXAMPLES / "laodongzhe" / "strict-test.yaml"
    try:
        spec.write_text(text.replace("meta:", "print: {min_ppi: 5000}\nmeta:", 1), encoding="utf-8")
        assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 1
        assert "under 5000 ppi" in capsys.readouterr().err
        assert (tmp_path / "out.pdf").is_file()  # written, then judged
    finally:
        spec.unlink()


def test_the_drawing_helper_preflights_as_a_render_in_process_does(tmp_path, capsys):
    """render's drawing helper preflights the bytes it wrote: the same findings, names and
    exit status as drawing in-process (``--debug``) and preflighting the file read back."""
    from typeset.render.helper import DrawingProcess

    text = (EXAMPLES / "laodongzhe" / "page.yaml").read_text(encoding="utf-8")
    spec = EXAMPLES / "laodongzhe" / "helper-test.yaml"
    try:
        spec.write_text(text.replace("meta:", "print: {min_ppi: 5000, min_rule: 3}\nmeta:", 1), encoding="utf-8")
        helper = DrawingProcess.start()
        assert helper is not None, "this test needs the forked helper (Linux)"
        helper.cancel()
        errors = {}
        for how, extra in (("helper", []), ("in-process", ["--debug"])):
            out = tmp_path / how / "page.pdf"
            assert main(["render", str(spec), "-o", str(out), "-q", *extra]) == 1
            errors[how] = capsys.readouterr().err
        assert "under 5000 ppi" in errors["helper"] and "line, under 3 pt" in errors["helper"]
        assert errors["helper"].replace("helper/", "in-process/") == errors["in-process"]
        assert (tmp_path / "helper" / "page.pdf").read_bytes() == (tmp_path / "in-process" / "page.pdf").read_bytes()
    finally:
        spec.unlink()


def test_a_pictures_ink_peak_is_measured_once_and_kept_on_disk(tmp_path, monkeypatch):
    """The peak ink of a picture is kept by the SHA-256 of its coded bytes: the second
    preflight (another process: the memory memo cleared) reads it from the cache and finds
    the same; a damaged entry is measured again."""
    from PIL import Image

    from typeset.preflight import pixels

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    Image.new("CMYK", (300, 300), (230, 200, 200, 150)).save(tmp_path / "p.jpg", quality=95)
    pdf = _foreign(tmp_path / "x.pdf", [lambda c: c.drawImage(str(tmp_path / "p.jpg"), 0, 0, 72, 72)])
    measured = []
    real = pixels._measure
    monkeypatch.setattr(pixels, "_measure", lambda image: measured.append(1) or real(image))

    def peak_finding():
        pixels._PEAKS.clear()
        (found,) = [d for d in preflight(pdf, Limits(ink_limit=50)) if d.code == "ink-limit"]
        return found.numbers["ink"]

    first = peak_finding()
    assert first > 51 and len(measured) == 1
    assert peak_finding() == first and len(measured) == 1  # from the disk
    (entry,) = (tmp_path / "cache" / "ink-peaks").iterdir()
    entry.write_bytes(entry.read_bytes()[:-3] + b"xyz")
    assert peak_finding() == first and len(measured) == 2  # damaged: measured again


@pytest.mark.parametrize("make, says", [(lambda p: None, "PDF file not found: "),
                                         (lambda p: p.mkdir(), "is a folder, not a file"),
                                         (lambda p: os.mkfifo(p), "is not a regular file")])
def test_a_pdf_that_is_missing_a_folder_or_a_fifo_is_named_as_such(tmp_path, monkeypatch, capsys, make, says):
    from typeset.cli import main

    monkeypatch.chdir(tmp_path)
    make(tmp_path / "x.pdf")
    assert main(["preflight", "x.pdf"]) == 2
    err = capsys.readouterr().err
    assert says in err and "x.pdf" in err and "Traceback" not in err


def _truncated(path):
    whole = _foreign(path, [_cmyk_box]).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])


@pytest.mark.parametrize("make, says", [
    (lambda p: p.write_text("hello, not a PDF\n", encoding="utf-8"), "x.pdf is not a PDF file"),
    (lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64)), "x.pdf is not a PDF file"),
    (lambda p: p.write_bytes(b""), "x.pdf is empty"),
    (_truncated, "x.pdf: error: the PDF is damaged or incomplete ("),
    (lambda p: None, "PDF file not found: x.pdf"),
    (lambda p: p.mkdir(), "x.pdf is a folder, not a file"),
])
def test_a_file_that_is_not_a_readable_pdf_is_an_input_error_naming_it(tmp_path, monkeypatch, capsys, make, says):
    monkeypatch.chdir(tmp_path)
    make(tmp_path / "x.pdf")
    _foreign(tmp_path / "good.pdf", [_cmyk_box])
    for argv in (["x.pdf"], ["good.pdf", "x.pdf"]):
        assert main(["preflight", *argv]) == 2
        out, err = capsys.readouterr()
        assert says in out + err and "Traceback" not in out + err, out + err


def test_render_and_batch_report_a_written_files_findings_through_one_function(capsys):
    """Errors always printed, warnings unless quiet; exit status 1 only for an error."""
    from typeset.errors import Diagnostic, Span
    from typeset.preflight import report_written

    warning = Diagnostic("warning", "page 1: a hairline", Span("x.pdf"), code="thin-rule")
    error = Diagnostic("error", "page 1: RGB colour", Span("x.pdf"), code="rgb-colour")
    assert report_written([warning], quiet=True) == 0 and capsys.readouterr().err == ""
    assert report_written([warning]) == 0 and "a hairline" in capsys.readouterr().err
    assert report_written([warning, error], quiet=True) == 1
    err = capsys.readouterr().err
    assert "RGB colour" in err and "hairline" not in err


def test_an_issue_checked_in_several_processes_has_the_same_findings(tmp_path, rendered):
    """A whole issue's pages are checked in parts at once (batch): the same findings,
    counts and order as one process checking them all; a file with a page that cannot
    be read in a part is unreadable as a whole, as checked in one process."""
    from typeset.render import render_pdf

    pages = [built.page for built, _ in rendered.values()] * 5  # 10 pages
    path = tmp_path / "issue.pdf"
    path.write_bytes(render_pdf(pages))
    strict = Limits(ink_limit=60, min_ppi=5000, min_rule=5, rich_black_min=400, colour_text_min=400)
    one = preflight(path, strict, jobs=1)
    assert len({d.numbers.get("page") for d in one}) >= 10  # findings on every page
    for jobs in (2, 3, 16):
        assert preflight(path, strict, jobs=jobs) == one
    plain = _foreign(tmp_path / "foreign.pdf", [_cmyk_box, _rgb_box] * 5)
    assert preflight(plain, jobs=3) == preflight(plain, jobs=1)
    assert "rgb-colour" in _codes(preflight(plain, jobs=3), page=10)
