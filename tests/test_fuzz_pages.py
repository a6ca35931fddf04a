"""Random valid pages (every block kind, random copy with marks, Latin and digits, random
areas, columns, notes, frames) always lay out and draw, proof overlay included; and
check's promise holds on them: what it does not report (an overflow, overfull line,
overset or collision) is not on the page, read from the display list with the fonts'
own advances and from the PDF with pdfplumber."""

from __future__ import annotations

import math

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.pipeline import build
from typeset.errors import SpecError
from typeset.render import render_pdf

COPY = st.text(alphabet=st.sampled_from(list("一二三四五六七八九十春夏秋冬，。、；：？！“”‘’（）《》——……·abc123 \u3000")),
               min_size=1, max_size=300)
SHORT = st.text(alphabet=st.sampled_from(list("一二三春夏，。“”《》ab1 ")), min_size=1, max_size=15)


def area(i: int):
    return st.fixed_dictionaries({"col": st.integers(1, 6), "cols": st.integers(1, 3), "row": st.just(1 + i * 25),
                                  "rows": st.integers(2, 24)})


def block(i: int):
    base = {"id": st.just(f"b{i}"), "area": area(i)}
    return st.one_of(
        st.fixed_dictionaries({**base, "kind": st.just("article"), "text": COPY}, optional={
            "columns": st.integers(1, 3), "label": SHORT, "byline": SHORT, "balance": st.booleans(),
            "headline": st.fixed_dictionaries({"title": SHORT}, optional={"kicker": SHORT, "subtitle": SHORT}),
            "note": st.fixed_dictionaries({"text": COPY}, optional={"columns": st.integers(1, 3)}),
            "frame": st.booleans(), "tint": st.integers(0, 30)}),
        st.fixed_dictionaries({**base, "kind": st.just("text"), "lines": st.lists(SHORT, min_size=1, max_size=3)},
                              optional={"vertical": st.booleans(), "reverse": st.booleans(), "frame": st.booleans()}),
        st.fixed_dictionaries({**base, "kind": st.just("folio")}, optional={"left": SHORT, "right": SHORT}),
        st.fixed_dictionaries({**base, "kind": st.just("masthead"), "title": SHORT}, optional={"sponsor": SHORT}),
        st.fixed_dictionaries({**base, "kind": st.just("rule")}, optional={
            "edge": st.sampled_from(["top", "bottom", "left", "right"]),
            "line": st.sampled_from(["single", "double", "wenwu", "wuwen", "thick"])}),
        st.fixed_dictionaries({**base, "kind": st.just("image")}, optional={"caption": SHORT}),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.tuples(*[block(i) for i in range(4)]))
def test_random_pages_lay_out_and_draw(tmp_path, blocks):
    page = tmp_path / "page.yaml"
    page.write_text(yaml.safe_dump({"extends": "broadsheet", "blocks": list(blocks)}, allow_unicode=True),
                    encoding="utf-8")
    try:
        built = build(page)
    except SpecError as exc:  # only for a reason a person would understand
        assert all(d.message for d in exc.diagnostics)
        return
    pdf = render_pdf([built.page], proof=True)
    assert pdf.startswith(b"%PDF") and built.page.blocks


# -- check's promise: what it does not report is not there --------------------------------

PRINT_STOPPERS = {"overflow", "overfull", "collision", "overset"}
SLACK = 0.6  # pt: rounding, half a frame's stroke


def _advances(path: str) -> dict[int, float]:
    """Advance widths in em read from the font file itself (fontTools), not through typeset."""
    cached = _ADVANCES.get(path)
    if cached is None:
        from fontTools.ttLib import TTFont

        font = TTFont(path, lazy=True)
        upm = font["head"].unitsPerEm
        hmtx, cmap = font["hmtx"], font.getBestCmap()
        cached = _ADVANCES[path] = {cp: hmtx[name][0] / upm for cp, name in cmap.items()}
    return cached


_ADVANCES: dict[str, dict[int, float]] = {}


def _glyph_box(run, page) -> tuple[float, float, float, float]:
    """x0, y0, x1, y1 of a glyph run's em boxes; a full-width mark only the half its ink
    is in (punctuation compression takes the blank half away): by its Unicode category,
    an opening mark inks its right half, a middle dot the centre, other marks the left."""
    import unicodedata

    adv = _advances(page.fonts[run.font])
    width = sum(adv.get(ord(c), 1.0) for c in run.text) * run.size * run.hscale
    top = run.y - 0.88 * run.size
    x0, x1 = run.x, run.x + width
    category = unicodedata.category(run.text) if len(run.text) == 1 else ""
    if run.angle:  # 竖排 Latin turned clockwise about its origin: along the column, tops right
        turn = math.radians(run.angle)
        xs, ys = [], []
        for u in (0.0, width):
            for v in (-0.88 * run.size, 0.12 * run.size):
                xs.append(run.x + u * math.cos(turn) - v * math.sin(turn))
                ys.append(run.y + u * math.sin(turn) + v * math.cos(turn))
        return min(xs), min(ys), max(xs), max(ys)
    name = unicodedata.name(run.text, "") if len(run.text) == 1 else ""
    if "VERTICAL" in name and "ELLIPSIS" not in name and category in ("Ps", "Pe", "Po"):
        # a vertical presentation form inks the half of its cell down the column
        return (x0, top + run.size / 2, x1, top + run.size) if category == "Ps" else (x0, top, x1, top + run.size / 2)
    if category.startswith("P") and width >= 0.9 * run.size:
        if category in ("Ps", "Pi"):
            x0 += width / 2
        elif run.text in "·・‧":
            x0, x1 = x0 + width / 4, x1 - width / 4
        elif category != "Pd":  # a dash inks its whole width
            x1 -= width / 2
    return x0, top, x1, top + run.size


def _inside(box, areas, slack=SLACK) -> bool:
    return any(box[0] >= x - slack and box[1] >= y - slack and box[2] <= x + w + slack and box[3] <= y + h + slack
               for x, y, w, h in areas)


def _page(tmp_path, blocks):
    page = tmp_path / "page.yaml"
    page.write_text(yaml.safe_dump({"extends": "broadsheet", "blocks": list(blocks)}, allow_unicode=True),
                    encoding="utf-8")
    try:
        return build(page).page
    except SpecError:
        return None


def _reported(page) -> bool:
    return any(d.severity == "error" and d.code in PRINT_STOPPERS for d in page.diagnostics)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.tuples(*[block(i) for i in range(4)]))
def test_check_reports_it_or_every_glyph_is_inside_its_block(tmp_path, blocks):
    """Either check reports an overflow, overfull line, overset or collision, or no drawn
    glyph lies outside its block's area and no two blocks' glyphs overlap (display list)."""
    from typeset.layout.display import TextRun

    page = _page(tmp_path, blocks)
    if page is None or _reported(page):
        return
    boxes = []
    for report in page.blocks:
        for item in page.items[report.items[0]:report.items[1]]:
            if isinstance(item, TextRun):
                box = _glyph_box(item, page)
                assert _inside(box, report.areas), (report.id, item)
                boxes.append((report.id, box))
    boxes.sort(key=lambda b: b[1][0])
    for i, (block, a) in enumerate(boxes):  # sweep along x
        for other, b in boxes[i + 1:]:
            if b[0] >= a[2] - SLACK:
                break
            if other != block:
                assert not (a[1] < b[3] - SLACK and b[1] < a[3] - SLACK), (block, other, a, b)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                HealthCheck.too_slow])
@given(st.tuples(*[block(i) for i in range(4)]))
def test_pdf_characters_lie_in_their_blocks(tmp_path, blocks):
    """The same promise read back from the PDF with pdfplumber: every character's centre
    lies in the area of a block (a sample of pages)."""
    import io

    import pdfplumber

    page = _page(tmp_path, blocks)
    if page is None or _reported(page):
        return
    areas = [a for r in page.blocks for a in r.areas]
    with pdfplumber.open(io.BytesIO(render_pdf([page]))) as pdf:
        sheet = pdf.pages[0]
        margin = (sheet.width - page.width) / 2  # the bleed around the trimmed page
        for ch in sheet.chars:
            centre = ((ch["x0"] + ch["x1"]) / 2 - margin, (ch["top"] + ch["bottom"]) / 2 - margin)
            assert _inside((*centre, *centre), areas, slack=1.0), ch["text"]
