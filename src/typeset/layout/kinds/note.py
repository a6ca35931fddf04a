"""编者按 (editor's note): the label run in bold, the text in its own style, in
``columns`` balanced columns inside a ruled box on the grid (half a line of air above
and below). Lines that do not fit the block are reported as ``overflow``."""

from __future__ import annotations

from ...spec.copy import Run
from ...spec.model import ArticleBlock
from ..context import BlockOut, LayoutContext
from ..display import BLACK, Box
from ..fitting import line_runs, measure_check, report_overflow
from ..grid import Rect, baseline, split_columns


def note(ctx: LayoutContext, block: ArticleBlock, rect: Rect, row: int, rows_left: int, out: BlockOut) -> int:
    """Set the note at ``row`` of the block; returns the body lines it takes (its box and
    one empty line under it)."""
    n = block.note
    assert n is not None
    g = ctx.g
    style = ctx.style(n.style)
    where = ctx.span(block.id, "note", "text")
    columns = split_columns(rect.inset(g.body), n.columns, g.gutter)
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
                        para.line_text(lost[0]), where, Rect(rect.x, rect.y + (row + depth) * g.pitch, rect.w,
                                                             g.pitch))
    if depth <= 0:
        return 0
    top = rect.y + row * g.pitch
    for i, (column, line_row) in enumerate(_places(min(total, depth * n.columns), n.columns, depth)):
        cell = top + (line_row + 0.5) * g.pitch
        out.items += line_runs(ctx, block.id, para, i, columns[column].x, baseline(cell, g.pitch, style.size),
                               style, columns[column].w, where, pitch=g.pitch)
    measure_check(ctx, block.id, "the 编者按", columns[0].w / style.size, ctx.page.spec.max_measure.display, where)
    rows = depth + 1
    if n.frame:
        out.items.append(Box(rect.x, top + g.pitch * 0.25, rect.w, rows * g.pitch - g.pitch * 0.5,
                             stroke=BLACK, stroke_width=0.5))
    return min(rows + 1, rows_left)


def _places(lines: int, columns: int, depth: int) -> list[tuple[int, int]]:
    """(column, row) of each line: balanced, the first columns ``depth`` deep and the
    later ones one line fewer, so that no column stands empty beside full ones."""
    full = lines - columns * (depth - 1)  # columns that are ``depth`` deep
    places = []
    for column in range(columns):
        rows = depth if column < full else depth - 1
        places += [(column, r) for r in range(rows)]
    return places[:lines]
