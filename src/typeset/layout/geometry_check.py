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
on a rule); text or a picture under anything of another block is a collision.

It runs on every build, so it does little per item: one pass makes each block's ink
boxes (plain tuples; a run's advance looked up once per face and text) and the box
around them, and items are compared one by one only where that box says they may
matter: against the areas when it is not inside one, against another block's only
where the boxes around the two blocks' items meet."""

from __future__ import annotations

import math

from ..errors import Sink
from ..spec.validate import ResolvedPage
from ..text.classes import CLOSING, MIDDLE_DOTS, OPENING
from ..text.vertical import VERTICAL_FORMS
from .display import BlockReport, Box, Item, Picture, Rule, TextRun
from .grid import EM_BOX_BASELINE
from .kinds.rule import reach
from .textset import Setter

_FORMS = frozenset(VERTICAL_FORMS.values())
SLACK = 0.5    # pt an item may pass its area's edge (rounding, a frame's half stroke)
TOUCH = 0.05   # pt two boxes may share without printing over each other
CELL = 24.0    # pt: side of the buckets the collision search hashes boxes into
BRUTE = 4096   # item pairs of two blocks compared one by one; more are hashed into buckets

Ink = tuple[float, float, float, float]  # x0, y0, x1, y1 pt, y down
CLOSE, OPEN, DOT = 1, 2, 3  # a one-character full-width mark: which part of its advance it inks


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
                return (item.x + ink[0] * w, item.y - ink[3] * item.size, item.x + ink[2] * w,
                        item.y - ink[1] * item.size)
        return x0, top, x1, top + item.size
    if isinstance(item, Rule):
        half = item.width / 2
        return (min(item.x1, item.x2) - half, min(item.y1, item.y2) - half,
                max(item.x1, item.x2) + half, max(item.y1, item.y2) + half)
    if isinstance(item, Picture | Box):
        half = item.stroke_width / 2 if isinstance(item, Box) and item.stroke else 0.0
        return item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half
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
    return min(xs), min(ys), max(xs), max(ys)


def _shape(setter: Setter, font: str, text: str) -> tuple[float, int, tuple | None]:
    """What :meth:`Setter.ink` and :meth:`Setter.run_ink` read of a run, by face and text:
    its advance (em, summed as ``ink`` sums it), which mark it is, a vertical form's ink."""
    adv = setter.advances.get(font, {})
    if len(text) != 1:
        return sum(adv.get(ord(c), 1.0) for c in text), 0, None
    form = setter.run_ink(TextRun(0.0, 0.0, text, font, 1.0)) if text in _FORMS else None
    return adv.get(ord(text), 1.0), _MARKS.get(text, 0), form


_MARKS = {**dict.fromkeys(MIDDLE_DOTS, DOT), **dict.fromkeys(OPENING, OPEN), **dict.fromkeys(CLOSING, CLOSE)}


def _inks(its: list[Item], setter: Setter, shapes: dict) -> tuple[list[Ink], list[Item], list[int]]:
    """The ink boxes of a block's items, as :func:`ink_box` makes them (the common glyph
    run inline); the items that have one; where its pictures are among them. ``shapes``
    keeps :func:`_shape` by face, then text."""
    boxes: list[Ink] = []
    add = boxes.append
    pictures: list[int] = []
    base = EM_BOX_BASELINE
    for item in its:
        if type(item) is TextRun:
            x, y, text, font, size, hscale, _, angle = item
            of_face = shapes.get(font)
            if of_face is None:
                of_face = shapes[font] = {}
            shape = of_face.get(text)
            if shape is None:
                shape = of_face[text] = _shape(setter, font, text)
            advance, mark, form = shape
            width = advance * size * hscale  # as Setter.ink
            x0, x1 = x, x + width
            if mark and width >= 0.9 * size:
                half = width / 2
                if mark == CLOSE:
                    x1 = x + half
                elif mark == OPEN:
                    x0 = x + half
                else:
                    x0, x1 = x + half / 2, x + width - half / 2
            if angle:
                add(_turned(item, x1 - x0))
            elif form is not None:
                w = size * hscale
                add((x + form[0] * w, y - form[3] * size, x + form[2] * w, y - form[1] * size))
            else:
                top = y - base * size
                add((x0, top, x1, top + size))
            continue
        box = ink_box(item, setter)
        if box is None:
            its = [it for it in its if ink_box(it, setter) is not None]
            return _inks(its, setter, shapes)
        if isinstance(item, Picture):
            pictures.append(len(boxes))
        add(box)
    return boxes, its, pictures


def check_geometry(page: ResolvedPage, items: list[Item], reports: list[BlockReport], setter: Setter,
                   sink: Sink) -> None:
    """Report items outside their block's area, then blocks that print over each other.
    Two blocks' items can only meet where the boxes around each block's items meet,
    and there only the items of one that reach into the box around those of the other
    that reach into its own box, so only those are compared."""
    blocks = {b.id: b for b in page.spec.blocks}
    shapes: dict = {}
    laid: list[tuple[list[Ink], list[Item], Ink | None]] = []
    for r in reports:
        boxes, its, pictures = _inks(items[r.items[0]:r.items[1]], setter, shapes)
        around = _around(boxes)
        laid.append((boxes, its, around))
        if around is not None:
            _containment(page, blocks[r.id], r, boxes, around, sink)
        if pictures:
            _text_over_own_picture(page, r.id, boxes, its, pictures, sink)
    found = []
    for i, (_, _, a) in enumerate(laid):
        for j in range(i + 1, len(laid)):
            b = laid[j][2]
            if a is not None and b is not None and _overlaps(a, b) \
                    and not (blocks[reports[i].id].overlap or blocks[reports[j].id].overlap):
                hit = _first_collision(laid[i], laid[j])
                if hit is not None:
                    found.append((j, hit[0], hit[1], hit[2], i, hit[3], hit[4]))
    # in the order a sweep of every item through the buckets meets them: by the later
    # block, its item, the first bucket the two items share, the earlier block
    for j, _, _, _, i, box, other in sorted(found, key=lambda f: f[:5]):
        _report(sink, reports[i].id, reports[j].id, box, other, page.spans.get(reports[j].id))


def _around(boxes: list[Ink]) -> Ink | None:
    """The box around boxes (None around none)."""
    if not boxes:
        return None
    x0s, y0s, x1s, y1s = zip(*boxes)
    return min(x0s), min(y0s), max(x1s), max(y1s)


def _slack(page: ResolvedPage, block, report: BlockReport) -> float:
    """How far (pt) a block's items may pass its area: rules stand on an edge or in a gutter."""
    slack = SLACK + (page.geometry.gutter / 2 + reach(block.line) if block.kind == "rule" else 0.0)
    return slack + (page.geometry.bleed if report.bleed else 0.0)


def _containment(page: ResolvedPage, block, report: BlockReport, boxes: list[Ink], around: Ink,
                 sink: Sink) -> None:
    """Report the block's items outside its area (``around``: the box around them all).
    Each item is looked at only if that box is inside no area."""
    slack = _slack(page, block, report)
    if any(_inside(around, area, slack) for area in report.areas):
        return
    outside = [box for box in boxes if not any(_inside(box, area, slack) for area in report.areas)]
    if not outside:
        return
    x0, y0, x1, y1 = _around(outside)
    sink.error("overflow", block.id, f"block {block.id!r} draws {len(outside)} items outside its area "
               f"(x {x0:.1f}–{x1:.1f}, y {y0:.1f}–{y1:.1f} pt)", page.key_span(block.id, "area"),
               "give the block more room, or set less in it", where=(x0, y0, x1 - x0, y1 - y0),
               items=len(outside), lines=0, chars=0)


def _text_over_own_picture(page: ResolvedPage, block_id: str, boxes: list[Ink], its: list[Item],
                           pictures: list[int], sink: Sink) -> None:
    """A block's text printed over its own picture (a 编者按 or body run into a figure):
    nothing of a block is laid out there by design. Reports the first run that does."""
    frames = [boxes[k] for k in pictures]
    near = _around(frames)
    for k in (k for k, box in enumerate(boxes) if _overlaps(box, near)):
        box, item = boxes[k], its[k]
        if isinstance(item, TextRun) and (hit := next((p for p in frames if _overlaps(box, p)), None)):
            x0, y0 = max(box[0], hit[0]), max(box[1], hit[1])
            sink.error("collision", block_id, f"block {block_id!r} prints text over its own picture at "
                       f"x {x0:.1f}, y {y0:.1f} pt: {item.text[:12]!r}", page.spans.get(block_id),
                       "give the text or the picture more room in the block",
                       where=(x0, y0, max(min(box[2], hit[2]) - x0, 1.0), max(min(box[3], hit[3]) - y0, 1.0)),
                       other=block_id)
            return


def _inside(box: Ink, area: tuple[float, float, float, float], slack: float) -> bool:
    x, y, w, h = area
    return box[0] >= x - slack and box[1] >= y - slack and box[2] <= x + w + slack and box[3] <= y + h + slack


def _near(boxes: list[Ink], its: list[Item], rect: Ink) -> list[tuple[int, Ink, bool]]:
    """(position, box, content) of the items that print (not a tint or panel) and reach
    into ``rect`` (as :func:`_overlaps`): only those can meet an item inside it."""
    rx0, ry0, rx1, ry1 = rect[0], rect[1], rect[2] - TOUCH, rect[3] - TOUCH
    out = []
    for k in [k for k, (x0, y0, x1, y1) in enumerate(boxes)
              if x0 < rx1 and y0 < ry1 and rx0 < x1 - TOUCH and ry0 < y1 - TOUCH]:
        item = its[k]
        if not (isinstance(item, Box) and item.fill is not None):
            out.append((k, boxes[k], isinstance(item, TextRun | Picture)))
    return out


def _first_collision(first: tuple[list[Ink], list[Item], Ink], second: tuple[list[Ink], list[Item], Ink]):
    """Where the second block prints over the first: its first item (in drawing order)
    over an item of the first, and of those items the one met first in the order of
    the buckets the two share (a grid of CELL pt, by column then row), then in drawing
    order. Returns (position, bucket column, bucket row, its box, the other's box) or
    None. Text or a picture over anything counts; rules and frames may meet."""
    small, big = (first, second) if len(first[0]) <= len(second[0]) else (second, first)
    near_small = _near(small[0], small[1], big[2])  # the few items of the smaller block by the other
    near_big = _near(big[0], big[1], _around([box for _, box, _ in near_small])) if near_small else None
    if not near_big:
        return None
    mine, theirs = (near_small, near_big) if small is first else (near_big, near_small)
    if len(mine) * len(theirs) <= BRUTE:
        def candidates(box):
            return mine
    else:
        buckets: dict[tuple[int, int], list] = {}
        for entry in mine:
            for cell in _cells(entry[1]):
                buckets.setdefault(cell, []).append(entry)

        def candidates(box):
            return {entry for cell in _cells(box) for entry in buckets.get(cell, ())}
    for k, box, content in theirs:
        best = None
        cx0, cy0, cx1, cy1 = _span(box)
        for ka, other, other_content in candidates(box):
            if (content or other_content) and _overlaps(box, other):
                ox0, oy0, ox1, oy1 = _span(other)
                if max(cx0, ox0) <= min(cx1, ox1) and max(cy0, oy0) <= min(cy1, oy1):  # a bucket in common
                    key = (max(cx0, ox0), max(cy0, oy0), ka)
                    if best is None or key < best[0]:
                        best = key, other
        if best is not None:
            return k, best[0][0], best[0][1], box, best[1]
    return None


def _span(box: Ink) -> tuple[int, int, int, int]:
    """The first and last bucket column and row a box is in."""
    return int(box[0] // CELL), int(box[1] // CELL), int(box[2] // CELL), int(box[3] // CELL)


def _cells(box: Ink):
    cx0, cy0, cx1, cy1 = _span(box)
    for cx in range(cx0, cx1 + 1):
        for cy in range(cy0, cy1 + 1):
            yield cx, cy


def _overlaps(a: Ink, b: Ink) -> bool:
    return a[0] < b[2] - TOUCH and b[0] < a[2] - TOUCH and a[1] < b[3] - TOUCH and b[1] < a[3] - TOUCH


def _report(sink: Sink, first: str, second: str, a: Ink, b: Ink, span) -> None:
    x0, y0, x1, y1 = max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])
    sink.error("collision", first, f"blocks {first!r} and {second!r} print over each other "
               f"at x {x0:.1f}, y {y0:.1f} pt", span,
               f"move or shrink one of them, or set `overlap: true` on {second!r} if it is meant to",
               where=(x0, y0, max(x1 - x0, 1.0), max(y1 - y0, 1.0)), other=second)
