"""The page geometry check (``layout.geometry_check``) against a plain reference written
here: every item's ink box made one at a time from ``Setter.ink``/``Setter.run_ink``,
every item of a block tested against every area, every item of every block against
every item of every other block. Both must give the same diagnostics (code, block,
message, hint, where, numbers, in order) on random small pages of every item type,
and on both examples as laid out and with one block moved over its neighbours."""

from __future__ import annotations

import dataclasses
import math
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.errors import Sink
from typeset.layout import geometry_check
from typeset.layout.display import BlockReport, Box, Picture, Rule, TextRun
from typeset.layout.grid import EM_BOX_BASELINE
from typeset.layout.kinds.rule import reach
from typeset.text.vertical import VERTICAL_FORMS

from conftest import EXAMPLES

SLACK, TOUCH, CELL = geometry_check.SLACK, geometry_check.TOUCH, geometry_check.CELL


# -- the reference ----------------------------------------------------------------------

def ink(item, setter):
    """x0, y0, x1, y1 where an item puts ink, as the check's module docstring defines it."""
    if isinstance(item, TextRun):
        x0, x1 = setter.ink(item)
        if item.angle:
            cos, sin = math.cos(math.radians(item.angle)), math.sin(math.radians(item.angle))
            corners = [(item.x + u * cos - v * sin, item.y + u * sin + v * cos) for u in (0.0, x1 - x0)
                       for v in (-EM_BOX_BASELINE * item.size, (1 - EM_BOX_BASELINE) * item.size)]
            return (min(c[0] for c in corners), min(c[1] for c in corners),
                    max(c[0] for c in corners), max(c[1] for c in corners))
        if item.text in VERTICAL_FORMS.values() and (bounds := setter.run_ink(item)) is not None:
            w = item.size * item.hscale
            return (item.x + bounds[0] * w, item.y - bounds[3] * item.size, item.x + bounds[2] * w,
                    item.y - bounds[1] * item.size)
        top = item.y - EM_BOX_BASELINE * item.size
        return x0, top, x1, top + item.size
    if isinstance(item, Rule):
        h = item.width / 2
        return min(item.x1, item.x2) - h, min(item.y1, item.y2) - h, max(item.x1, item.x2) + h, max(item.y1, item.y2) + h
    h = item.stroke_width / 2 if isinstance(item, Box) and item.stroke else 0.0
    return item.x - h, item.y - h, item.x + item.w + h, item.y + item.h + h


def overlaps(a, b) -> bool:
    return a[0] < b[2] - TOUCH and b[0] < a[2] - TOUCH and a[1] < b[3] - TOUCH and b[1] < a[3] - TOUCH


def cells(box) -> set[tuple[int, int]]:
    return {(cx, cy) for cx in range(int(box[0] // CELL), int(box[2] // CELL) + 1)
            for cy in range(int(box[1] // CELL), int(box[3] // CELL) + 1)}


def reference(page, items, reports, setter) -> list:
    """The findings, in the order the check reports them: per block its overflow, then
    its first run over its own picture; then per pair of blocks (ordered by the later
    block, its first item over the earlier block, the first bucket of CELL pt the two
    items share, by column then row, and the earlier block) their first collision."""
    blocks = {b.id: b for b in page.spec.blocks}
    sink = Sink()
    laid = []
    for r in reports:
        block = blocks[r.id]
        its = items[r.items[0]:r.items[1]]
        boxes = [ink(item, setter) for item in its]
        laid.append(list(zip(boxes, its)))
        slack = SLACK + (page.geometry.gutter / 2 + reach(block.line) if block.kind == "rule" else 0.0)
        slack = slack + (page.geometry.bleed if r.bleed else 0.0)
        outside = [b for b in boxes if not any(b[0] >= x - slack and b[1] >= y - slack and b[2] <= x + w + slack
                                               and b[3] <= y + h + slack for x, y, w, h in r.areas)]
        if outside:
            x0, y0 = min(b[0] for b in outside), min(b[1] for b in outside)
            x1, y1 = max(b[2] for b in outside), max(b[3] for b in outside)
            sink.error("overflow", r.id, f"block {r.id!r} draws {len(outside)} items outside its area "
                       f"(x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f} pt)", page.key_span(r.id, "area"),
                       "give the block more room, or set less in it", where=(x0, y0, x1 - x0, y1 - y0),
                       items=len(outside), lines=0, chars=0)
        pictures = [b for b, item in zip(boxes, its) if isinstance(item, Picture)]
        for b, item in zip(boxes, its):
            hits = [p for p in pictures if overlaps(b, p)] if isinstance(item, TextRun) else []
            if hits:
                p = hits[0]
                x0, y0 = max(b[0], p[0]), max(b[1], p[1])
                sink.error("collision", r.id, f"block {r.id!r} prints text over its own picture at "
                           f"x {x0:.1f}, y {y0:.1f} pt: {item.text[:12]!r}", page.spans.get(r.id),
                           "give the text or the picture more room in the block",
                           where=(x0, y0, max(min(b[2], p[2]) - x0, 1.0), max(min(b[3], p[3]) - y0, 1.0)),
                           other=r.id)
                break
    found = []
    for i in range(len(reports)):
        for j in range(i + 1, len(reports)):
            if blocks[reports[i].id].overlap or blocks[reports[j].id].overlap:
                continue
            printing = [[(k, b, isinstance(item, TextRun | Picture)) for k, (b, item) in enumerate(laid[n])
                         if not (isinstance(item, Box) and item.fill is not None)] for n in (i, j)]
            for k, b, b_content in printing[1]:
                x1, y1 = b[2] - TOUCH, b[3] - TOUCH
                hits = [(*min(cells(a) & cells(b)), ka, a) for ka, a, a_content in printing[0]
                        if a[0] < x1 and b[0] < a[2] - TOUCH and a[1] < y1 and b[1] < a[3] - TOUCH  # overlaps(a, b)
                        and (a_content or b_content) and cells(a) & cells(b)]
                if hits:
                    cx, cy, _, a = min(hits)
                    found.append((j, k, cx, cy, i, b, a))
                    break
    for j, _, _, _, i, b, a in sorted(found, key=lambda f: f[:5]):
        first, second = reports[i].id, reports[j].id
        x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
        sink.error("collision", first, f"blocks {first!r} and {second!r} print over each other "
                   f"at x {x0:.1f}, y {y0:.1f} pt", page.spans.get(second),
                   f"move or shrink one of them, or set `overlap: true` on {second!r} if it is meant to",
                   where=(x0, y0, max(x1 - x0, 1.0), max(y1 - y0, 1.0)), other=second)
    return _plain(sink)


def _plain(sink: Sink) -> list:
    return [(d.severity, d.code, d.block, d.message, d.span, d.hint, d.where, d.numbers) for d in sink.diagnostics]


def checked(page, items, reports, setter, brute: int | None = None) -> list:
    """What check_geometry reports (items compared one by one up to ``brute`` pairs)."""
    before = geometry_check.BRUTE
    geometry_check.BRUTE = before if brute is None else brute
    try:
        sink = Sink()
        geometry_check.check_geometry(page, items, reports, setter, sink)
    finally:
        geometry_check.BRUTE = before
    return _plain(sink)


# -- random small pages -------------------------------------------------------------------

@dataclasses.dataclass
class Block:
    id: str
    kind: str
    line: str = "single"
    overlap: bool = False


class FakePage:
    """What the check reads of a resolved page."""

    def __init__(self, blocks: list[Block], gutter: float = 9.0, bleed: float = 8.5):
        self.spec = SimpleNamespace(blocks=blocks)
        self.geometry = SimpleNamespace(gutter=gutter, bleed=bleed)
        self.spans = {b.id: f"page.yaml:{n + 1}" for n, b in enumerate(blocks)}

    def key_span(self, block: str, *keys):
        return f"{self.spans[block]}:{'.'.join(map(str, keys))}"


@pytest.fixture(scope="module")
def setter():
    from typeset.fonts import FontSet
    from typeset.layout.textset import Setter

    fonts = FontSet.bundled()
    out = Setter(fonts, {})
    for role in ("song", "hei", "kai"):
        out.use(fonts.primary(role))
    return out


TEXTS = [*"一永国，。、；“”（）《》·！", "ab", "GDP", "——", "一二", "︵", "︶", "︒", "︙", "\uffff"]
COORD = st.integers(-40, 480).map(lambda n: n / 4)  # quarter points, to meet edges exactly as often as not


@st.composite
def random_page(draw, faces: tuple[str, ...]):
    blocks, reports, items = [], [], []
    for n in range(draw(st.integers(1, 5))):
        areas = draw(st.lists(st.tuples(*(st.integers(0, 8).map(lambda v: v * 20.0),) * 2,
                                        *(st.integers(1, 6).map(lambda v: v * 20.0 - 0.25),) * 2),
                              min_size=1, max_size=2))
        start = len(items)
        for _ in range(draw(st.integers(0, 20))):
            x, y, w, h = draw(st.sampled_from(areas))
            px = draw(st.one_of(COORD, st.floats(x - 12, x + w + 12)))
            py = draw(st.one_of(COORD, st.floats(y - 12, y + h + 12)))
            kind = draw(st.sampled_from("tttttrbp"))
            if kind == "t":
                items.append(TextRun(px, py, draw(st.sampled_from(TEXTS)), draw(st.sampled_from(faces)),
                                     draw(st.sampled_from([9.0, 10.5, 13.5])), draw(st.sampled_from([1.0, 0.9, 0.75])),
                                     angle=draw(st.sampled_from([0.0, 0.0, 0.0, 90.0, 30.0]))))
            elif kind == "r":
                items.append(Rule(px, py, draw(COORD), py if draw(st.booleans()) else draw(COORD),
                                  draw(st.sampled_from([0.5, 1.5, 3.0]))))
            else:
                size = draw(st.tuples(COORD, COORD))
                if kind == "b":
                    items.append(Box(px, py, *size, fill=draw(st.sampled_from([None, (0.0, 0.0, 0.0, 10.0)])),
                                     stroke=draw(st.sampled_from([None, (0.0, 0.0, 0.0, 100.0)])),
                                     stroke_width=draw(st.sampled_from([0.5, 2.0]))))
                else:
                    items.append(Picture(px, py, *size, None))
        kind = draw(st.sampled_from(["article", "text", "rule", "image"]))
        blocks.append(Block(f"b{n}", kind, draw(st.sampled_from(["single", "double", "wenwu", "thick"])),
                            draw(st.sampled_from([False, False, False, True]))))
        reports.append(BlockReport(f"b{n}", kind, areas=tuple(areas), items=(start, len(items)),
                                   bleed=draw(st.booleans())))
    return FakePage(blocks), items, reports


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_the_check_finds_what_the_reference_finds_on_random_pages(setter, data):
    page, items, reports = data.draw(random_page(tuple(setter.faces)))
    expected = reference(page, items, reports, setter)
    assert checked(page, items, reports, setter) == expected
    assert checked(page, items, reports, setter, brute=0) == expected  # the buckets, not one by one


# -- the examples ------------------------------------------------------------------------

@pytest.fixture(scope="module")
def examples():
    """(page, items, reports, setter) as layout gave them to the check, per example."""
    from typeset.layout import page as layout_page
    from typeset.pipeline import build

    out, real = {}, layout_page.check_geometry
    for name in ("laodongzhe", "guanxin"):
        calls = []
        layout_page.check_geometry = lambda *args: (calls.append(args), real(*args))
        try:
            build(EXAMPLES / name / "page.yaml")
        finally:
            layout_page.check_geometry = real
        out[name] = calls[-1][:4]
    return out


def moved(item, dx: float, dy: float):
    if isinstance(item, TextRun):
        return item._replace(x=item.x + dx, y=item.y + dy)
    if isinstance(item, Rule):
        return dataclasses.replace(item, x1=item.x1 + dx, y1=item.y1 + dy, x2=item.x2 + dx, y2=item.y2 + dy)
    return dataclasses.replace(item, x=item.x + dx, y=item.y + dy)


@pytest.mark.parametrize("name", ["laodongzhe", "guanxin"])
def test_the_examples_are_clean_by_both(examples, name):
    page, items, reports, setter = examples[name]
    assert checked(page, items, reports, setter) == reference(page, items, reports, setter) == []


@pytest.mark.parametrize("name", ["laodongzhe", "guanxin"])
@pytest.mark.parametrize("shift", [(-200.0, 100.0), (0.0, -40.0)])
def test_the_examples_with_a_block_moved_over_others(examples, name, shift):
    """Each block in turn moved: overflow and collisions, the same from both."""
    page, items, reports, setter = examples[name]
    codes = []
    for r in reports:
        start, end = r.items
        shifted = [*items[:start], *(moved(it, *shift) for it in items[start:end]), *items[end:]]
        expected = reference(page, shifted, reports, setter)
        assert checked(page, shifted, reports, setter) == expected, r.id
        codes += [d[1] for d in expected]
    assert codes.count("overflow") >= len(reports) / 2 and codes.count("collision") >= 3, codes
