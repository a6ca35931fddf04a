"""The page-level geometry check after layout: every drawn item lies inside its block's
area, and no two blocks' items print over each other unless the page allows it
(``overlap: true`` on either block), nor any block its text over its own picture.
Findings: ``overflow`` (a block drawing outside its area, with how far) and
``collision`` (naming both blocks, or the one, marked where they meet).

Ink boxes: a glyph run's em box (its advance × its size; of a turned run, the box
around the turned em box; of a full-width mark, the half its blank does not take; of
a vertical form, its outline's bounds read from the font), a picture's frame, a rule's
stroke, a frame's stroke; a tint or panel counts for containment only (text of the
same block lies on it by design). Rules and frames may meet one another (a box standing
on a rule); text or a picture under anything of another block is a collision."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from ..errors import Sink
from ..spec.validate import ResolvedPage
from .display import BlockReport, Box, Item, Picture, Rule, TextRun
from ..text.vertical import VERTICAL_FORMS
from .grid import EM_BOX_BASELINE
from .kinds.rule import reach
from .textset import Setter

_FORMS = frozenset(VERTICAL_FORMS.values())
SLACK = 0.5    # pt an item may pass its area's edge (rounding, a frame's half stroke)
TOUCH = 0.05   # pt two boxes may share without printing over each other
CELL = 24.0    # pt: side of the buckets the collision search hashes boxes into


@dataclass(frozen=True, slots=True)
class Ink:
    x0: float
    y0: float
    x1: float
    y1: float


def ink_box(item: Item, setter: Setter) -> Ink | None:
    """Where an item puts ink (pt); None for an item of no extent."""
    if isinstance(item, TextRun):
        top = item.y - EM_BOX_BASELINE * item.size
        x0, x1 = setter.ink(item)
        if item.angle:
            return _turned(item, x1 - x0)
        if item.text in _FORMS:  # a vertical mark: its ink where the font draws it
            ink = setter.run_ink(item)
            if ink is not None:
                w = item.size * item.hscale
                return Ink(item.x + ink[0] * w, item.y - ink[3] * item.size, item.x + ink[2] * w,
                           item.y - ink[1] * item.size)
        return Ink(x0, top, x1, top + item.size)
    if isinstance(item, Rule):
        half = item.width / 2
        return Ink(min(item.x1, item.x2) - half, min(item.y1, item.y2) - half,
                   max(item.x1, item.x2) + half, max(item.y1, item.y2) + half)
    if isinstance(item, Picture | Box):
        half = item.stroke_width / 2 if isinstance(item, Box) and item.stroke else 0.0
        return Ink(item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half)
    return None


def _turned(run: TextRun, length: float) -> Ink:
    """The box around a run's em box (``length`` along its baseline) turned ``angle``
    degrees clockwise about its origin (page y runs down)."""
    cos, sin = math.cos(math.radians(run.angle)), math.sin(math.radians(run.angle))
    xs, ys = [], []
    for u in (0.0, length):
        for v in (-EM_BOX_BASELINE * run.size, (1 - EM_BOX_BASELINE) * run.size):  # em box top, bottom
            xs.append(run.x + u * cos - v * sin)
            ys.append(run.y + u * sin + v * cos)
    return Ink(min(xs), min(ys), max(xs), max(ys))


def check_geometry(page: ResolvedPage, items: list[Item], reports: list[BlockReport], setter: Setter,
                   sink: Sink) -> None:
    """Report items outside their block's area, then blocks that print over each other.
    Two blocks can only print over each other where the rectangles their items reach
    meet (their areas with the slack allowed, and the items found outside), so only the
    items of such pairs are compared."""
    blocks = {b.id: b for b in page.spec.blocks}
    inks: list[list[tuple[Ink, Item]]] = []
    reaches: list[list[Ink]] = []
    for r in reports:
        boxes = [(box, item) for item in items[r.items[0]:r.items[1]] if (box := ink_box(item, setter))]
        inks.append(boxes)
        slack = _slack(page, blocks[r.id], r)
        reach_of = [Ink(x - slack, y - slack, x + w + slack, y + h + slack) for x, y, w, h in r.areas]
        outside = _containment(page, blocks[r.id], r, boxes, slack, sink)
        reaches.append(reach_of + ([outside] if outside else []))
        _text_over_own_picture(page, r.id, boxes, sink)
    pairs = {(i, j) for i in range(len(reports)) for j in range(i + 1, len(reports))
             if any(_overlaps(a, b) for a in reaches[i] for b in reaches[j])}
    if pairs:
        _collisions(page, blocks, reports, inks, pairs, sink)


def _slack(page: ResolvedPage, block, report: BlockReport) -> float:
    """How far (pt) a block's items may pass its area: rules stand on an edge or in a gutter."""
    slack = SLACK + (page.geometry.gutter / 2 + reach(block.line) if block.kind == "rule" else 0.0)
    return slack + (page.geometry.bleed if report.bleed else 0.0)


def _containment(page: ResolvedPage, block, report: BlockReport, boxes: list[tuple[Ink, Item]], slack: float,
                 sink: Sink) -> Ink | None:
    """Report the block's items outside its area; returns the box around them, if any."""
    outside = [box for box, _ in boxes if not any(_inside(box, area, slack) for area in report.areas)]
    if not outside:
        return None
    x0, y0 = min(b.x0 for b in outside), min(b.y0 for b in outside)
    x1, y1 = max(b.x1 for b in outside), max(b.y1 for b in outside)
    sink.error("overflow", block.id, f"block {block.id!r} draws {len(outside)} items outside its area "
               f"(x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f} pt)", page.key_span(block.id, "area"),
               "give the block more room, or set less in it", where=(x0, y0, x1 - x0, y1 - y0),
               items=len(outside), lines=0, chars=0)
    return Ink(x0, y0, x1, y1)


def _text_over_own_picture(page: ResolvedPage, block_id: str, boxes: list[tuple[Ink, Item]], sink: Sink) -> None:
    """A block's text printed over its own picture (a 编者按 or body run into a figure):
    nothing of a block is laid out there by design."""
    pictures = [box for box, item in boxes if isinstance(item, Picture)]
    if not pictures:
        return
    for box, item in boxes:
        if isinstance(item, TextRun) and (hit := next((p for p in pictures if _overlaps(box, p)), None)):
            x0, y0 = max(box.x0, hit.x0), max(box.y0, hit.y0)
            sink.error("collision", block_id, f"block {block_id!r} prints text over its own picture at "
                       f"x {x0:.1f}, y {y0:.1f} pt: {item.text[:12]!r}", page.spans.get(block_id),
                       "give the text or the picture more room in the block",
                       where=(x0, y0, max(min(box.x1, hit.x1) - x0, 1.0), max(min(box.y1, hit.y1) - y0, 1.0)),
                       other=block_id)
            return


def _inside(box: Ink, area: tuple[float, float, float, float], slack: float) -> bool:
    x, y, w, h = area
    return box.x0 >= x - slack and box.y0 >= y - slack and box.x1 <= x + w + slack and box.y1 <= y + h + slack


def _collisions(page: ResolvedPage, blocks: dict, reports: list[BlockReport], inks: list[list[tuple[Ink, Item]]],
                pairs: set[tuple[int, int]], sink: Sink) -> None:
    """Hash the printing boxes of blocks that may meet into square buckets; report each
    pair of blocks once."""
    involved = {i for pair in pairs for i in pair}
    buckets: dict[tuple[int, int], list[tuple[int, Ink, bool]]] = defaultdict(list)
    reported: set[tuple[int, int]] = set()
    for bi, boxes in enumerate(inks):
        if bi not in involved:
            continue
        block = blocks[reports[bi].id]
        for box, item in boxes:
            if isinstance(item, Box) and item.fill is not None:
                continue  # a tint or panel: text of its block lies on it by design
            content = isinstance(item, TextRun | Picture)
            for cell in _cells(box):
                for bj, other, other_content in buckets[cell]:
                    pair = (bj, bi)
                    if bj == bi or pair in reported or pair not in pairs or not (content or other_content) \
                            or not _overlaps(box, other):
                        continue  # rules and frames may meet: a box standing on a rule
                    first = blocks[reports[bj].id]
                    if block.overlap or first.overlap:
                        continue
                    reported.add(pair)
                    _report(sink, first.id, block.id, box, other, page.spans.get(block.id))
                buckets[cell].append((bi, box, content))


def _cells(box: Ink):
    for cx in range(int(box.x0 // CELL), int(box.x1 // CELL) + 1):
        for cy in range(int(box.y0 // CELL), int(box.y1 // CELL) + 1):
            yield cx, cy


def _overlaps(a: Ink, b: Ink) -> bool:
    return a.x0 < b.x1 - TOUCH and b.x0 < a.x1 - TOUCH and a.y0 < b.y1 - TOUCH and b.y0 < a.y1 - TOUCH


def _report(sink: Sink, first: str, second: str, a: Ink, b: Ink, span) -> None:
    x0, y0, x1, y1 = max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)
    sink.error("collision", first, f"blocks {first!r} and {second!r} print over each other "
               f"at x {x0:.1f}, y {y0:.1f} pt", span,
               f"move or shrink one of them, or set `overlap: true` on {second!r} if it is meant to",
               where=(x0, y0, max(x1 - x0, 1.0), max(y1 - y0, 1.0)), other=second)
