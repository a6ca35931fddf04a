"""编者按 (editor's note): the label run in bold, the text in its own style, in
``columns`` balanced columns inside a ruled box on the grid (half a line of air above
and below, one empty line under the box). Across the story it heads the body
(:func:`note`); with ``cols`` it is a box narrower than its story at the top left of the
body (:func:`note_beside`), a few short lines as the printed page sets it, and the body
runs beside and under it. Lines that do not fit the block are reported as ``overflow``."""

from __future__ import annotations

from ...spec.copy import Run
from ...spec.model import ArticleBlock
from ..context import BlockOut, LayoutContext
from ..display import BLACK, Box
from ..fitting import line_runs, measure_check, report_overflow
from ..grid import Rect, baseline, split_columns

EPS = 0.01  # pt


def note(ctx: LayoutContext, block: ArticleBlock, rect: Rect, row: int, rows_left: int, out: BlockOut) -> int:
    """Set a note across the story at ``row`` of the block; returns the body lines it
    takes (its box and one empty line under it)."""
    rows = _set_box(ctx, block, Rect(rect.x, rect.y + row * ctx.g.pitch, rect.w, 0.0), rows_left, out, 0.25)
    return min(rows + 1, rows_left) if rows else 0


def note_beside(ctx: LayoutContext, block: ArticleBlock, columns: list[Rect], body: Rect, rows_left: int,
                out: BlockOut) -> tuple[set[int], int]:
    """Set a note of ``cols`` text columns at the top left of the body: returns the text
    columns it covers and the body lines it takes at their top (box and one empty line)."""
    n = block.note
    assert n is not None and n.cols is not None
    covered = [ci for ci, c in enumerate(columns) if c.x >= body.x - EPS][:n.cols]
    if not covered:
        return set(), 0
    left, right = columns[covered[0]], columns[covered[-1]]
    rows = _set_box(ctx, block, Rect(left.x, body.y, right.right - left.x, 0.0), rows_left, out, 0.0)
    return set(covered), min(rows + 1, rows_left) if rows else 0


def _set_box(ctx: LayoutContext, block: ArticleBlock, box: Rect, rows_left: int, out: BlockOut,
             air: float) -> int:
    """The note in its box ``box.w`` wide from ``box.y`` down, text 1字 in from the frame:
    returns the body lines of the box (its lines and half a line of air above and below).
    The frame stands ``air`` lines inside those (¼ between a headline and the body; 0
    beside the body, where its top is level with a picture's and its text sits about 1字
    in from it on every side)."""
    n = block.note
    assert n is not None
    g = ctx.g
    style = ctx.style(n.style)
    where = ctx.span(block.id, "note", "text")
    columns = split_columns(box.inset(g.body), n.columns, g.gutter)
    para = ctx.setter.compose(
        [Run(n.label + "\u3000", bold=True), Run(n.text)], style,
        ctx.setter.config(style, columns[0].w, "flush"), block.id, where)
    total = len(para.lines)
    depth = -(-total // n.columns)  # lines in the first columns; the later ones one fewer
    room = max(0, rows_left - 1)  # the box's half lines of air take one line
    if depth > room:
        depth = room
        lost = range(depth * n.columns, total)
        report_overflow(ctx, block.id, "the 编者按", len(lost), sum(para.lines[i].end - para.lines[i].start
                                                                for i in lost),
                        para.line_text(lost[0]), where, Rect(box.x, box.y + depth * g.pitch, box.w, g.pitch))
    if depth <= 0:
        return 0
    for i, (column, line_row) in enumerate(_places(min(total, depth * n.columns), n.columns, depth)):
        cell = box.y + (line_row + 0.5) * g.pitch
        out.items += line_runs(ctx, block.id, para, i, columns[column].x, baseline(cell, g.pitch, style.size),
                               style, columns[column].w, where, pitch=g.pitch)
    measure_check(ctx, block.id, "the 编者按", columns[0].w / style.size, ctx.page.spec.max_measure.display, where)
    rows = depth + 1
    if n.frame:
        out.items.append(Box(box.x, box.y + g.pitch * air, box.w, (rows - 2 * air) * g.pitch,
                             stroke=BLACK, stroke_width=0.5))
    return rows


def _places(lines: int, columns: int, depth: int) -> list[tuple[int, int]]:
    """(column, row) of each line: balanced, the first columns ``depth`` deep and the
    later ones one line fewer, so that no column stands empty beside full ones."""
    full = lines - columns * (depth - 1)  # columns that are ``depth`` deep
    places = []
    for column in range(columns):
        rows = depth if column < full else depth - 1
        places += [(column, r) for r in range(rows)]
    return places[:lines]
