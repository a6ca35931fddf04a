"""render/glyphs.py writes the text operators a plain per-line drawing writes (the
reference below: ReportLab's ``splitString`` over each line, one ``fp_str`` a number),
for the example pages and for made-up runs: several faces, subsets, scaled, turned,
coloured, multi-character, missing and no-break-space runs."""

from __future__ import annotations

import io
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas

from conftest import EXAMPLES
from typeset.layout.display import BLACK, TextRun
from typeset.render.glyphs import draw_runs


def _reference(c, runs, margin, fy) -> None:
    """The text object of ``runs``: a TJ a line, face, size and subset."""
    doc = c._doc
    c.saveState()
    out, state, group = ["BT"], {"font": None, "color": None, "hscale": 1.0}, []
    for run in runs:
        last = group[-1] if group else None
        if last is not None and not (run.y == last.y and run.font == last.font and run.size == last.size
                                     and run.color == last.color and run.x > last.x and run.hscale == 1.0
                                     and last.hscale == 1.0 and not run.angle and not last.angle):
            _line(out, group, doc, margin, fy, state)
            group = []
        group.append(run)
    if group:
        _line(out, group, doc, margin, fy, state)
    out.append("ET")
    c.addLiteral("\n".join(out))
    c.restoreState()


def _line(out, group, doc, margin, fy, state) -> None:
    first = group[0]
    if first.color != state["color"]:
        state["color"] = first.color
        out.append(f"{fp_str(*(v / 100 for v in first.color))} k")
    if first.hscale != state["hscale"]:
        state["hscale"] = first.hscale
        out.append(f"{fp_str(first.hscale * 100)} Tz")
    if first.angle:
        cos, sin = round(math.cos(math.radians(first.angle)), 9), round(math.sin(math.radians(first.angle)), 9)
        out.append(f"{fp_str(cos, -sin, sin, cos, margin + first.x, fy(first.y))} Tm")
    else:
        out.append(f"1 0 0 1 {fp_str(margin + first.x)} {fp_str(fy(first.y))} Tm")
    font = pdfmetrics.getFont(first.font)
    widths, default = font.face.charWidths, font.face.defaultWidth
    to_units = 1000 / first.size
    gaps, pen = [], first.x
    for run in group:
        gaps.append((run.x - pen) * to_units)
        gaps += [0.0] * (len(run.text) - 1)
        pen = run.x + sum(widths.get(ord(ch), default) for ch in run.text) * run.hscale / to_units
    k = 0
    for subset, chunk in font.splitString("".join(r.text for r in group), doc):
        key = (first.font, subset, first.size)
        if key != state["font"]:
            state["font"] = key
            out.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(first.size)} Tf")
        parts = []
        for byte in chunk:
            if k and abs(gaps[k]) > 0.0005:
                parts.append(fp_str(-gaps[k]))
            parts.append(f"({escapePDF(bytes((byte,)))})")
            k += 1
        out.append(f"[{' '.join(parts)}] TJ")


@pytest.fixture(scope="module")
def example():
    from typeset.pipeline import build
    from typeset.render import render_pdf

    page = build(EXAMPLES / "guanxin" / "page.yaml").page
    render_pdf([page])  # registers its faces
    return page


def _drawn(draw, runs, first_font, **keep) -> str:
    c = canvas.Canvas(io.BytesIO(), invariant=1, initialFontName=first_font)
    draw(c, runs, 8.5, lambda y: 1500.0 - y, **keep)
    return "\n".join(c._code)


@pytest.mark.parametrize("keep", [False, True, True])
def test_the_example_page_is_drawn_as_by_the_reference(example, keep):
    runs = [i for i in example.items if isinstance(i, TextRun)]
    first = next(iter(example.fonts))
    assert _drawn(draw_runs, runs, first, keep=keep) == _drawn(_reference, runs, first)


CHARS = "一二三四五六七八九十，。“”《》孩子们的国家abcXYZ12\u00a0\U0002A6A5"


@settings(max_examples=60, deadline=None)
@given(data=st.data(), keep=st.booleans())
def test_made_up_runs_are_drawn_as_by_the_reference(example, data, keep):
    faces = sorted(example.fonts)
    runs, x, y = [], 0.0, 10.0
    for _ in range(data.draw(st.integers(1, 60))):
        if data.draw(st.booleans()) and runs:  # a new line, or more of this one
            y += data.draw(st.sampled_from([0.0, 12.0, 13.5]))
            x = data.draw(st.floats(0, 300, allow_nan=False))
        text = data.draw(st.text(CHARS, min_size=1, max_size=data.draw(st.sampled_from([1, 1, 1, 4]))))
        runs.append(TextRun(x, y, text, data.draw(st.sampled_from(faces)), data.draw(st.sampled_from([9.0, 9.0, 14.0])),
                            data.draw(st.sampled_from([1.0, 1.0, 1.0, 0.9])),
                            data.draw(st.sampled_from([BLACK, BLACK, (0.0, 100.0, 100.0, 0.0)])),
                            data.draw(st.sampled_from([0.0, 0.0, 0.0, 90.0]))))
        x += data.draw(st.sampled_from([9.0, 9.0, 8.6, 4.5, 9.3, -3.0, 0.0]))
    first = faces[0]
    assert _drawn(draw_runs, runs, first, keep=keep) == _drawn(_reference, runs, first)
    assert _drawn(draw_runs, runs, first, keep=keep) == _drawn(_reference, runs, first)  # again: kept


@pytest.mark.parametrize("numbers", [[], [0], [500, 1000, 250], list(range(10)), list(range(11)), [1000] * 23,
                                     list(range(256)), [333.3333333, 0.5, 1e-7, 12, -4.25]])
@pytest.mark.parametrize("multiline", [0, 1])
def test_a_widths_array_is_formatted_as_reportlab_does(numbers, multiline, monkeypatch):
    from reportlab import rl_config

    from typeset.render.streams import _Numbers

    monkeypatch.setattr(rl_config, "pdfMultiLine", multiline)
    doc = pdfdoc.PDFDocument()
    assert _Numbers(numbers).format(doc) == pdfdoc.PDFArray(numbers).format(doc)


def test_a_line_drawn_before_is_written_again_only_with_the_same_codes(example, monkeypatch):
    """The same lines drawn into PDFs whose subsets were filled in other orders: a new
    character first (every later code moves), the lines' faces named in another order,
    the same lines again: always what the reference draws for that PDF."""
    from typeset.render import glyphs

    monkeypatch.setattr(glyphs, "_lines", {})
    runs = [i for i in example.items if isinstance(i, TextRun)][:400]
    faces = sorted(example.fonts)
    first = faces[0]
    newcomer = [TextRun(5.0, 3.0, "孩", runs[0].font, runs[0].size), TextRun(5.0, 3.0, "㐀", faces[-1], 9.0)]
    for drawn in (runs, newcomer + runs, runs[::-1], runs, list(reversed(newcomer)) + runs):
        assert _drawn(draw_runs, drawn, first, keep=True) == _drawn(_reference, drawn, first)
    assert glyphs._lines  # lines were kept, and written again where their codes held


def test_the_lines_kept_are_bounded(example, monkeypatch):
    from typeset.render import glyphs

    monkeypatch.setattr(glyphs, "_lines", {})
    monkeypatch.setattr(glyphs, "MAX_LINES", 5)
    runs = [i for i in example.items if isinstance(i, TextRun)]
    first = next(iter(example.fonts))
    assert _drawn(draw_runs, runs, first, keep=True) == _drawn(_reference, runs, first)
    assert 0 < len(glyphs._lines) <= 5
