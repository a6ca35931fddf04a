"""Text blocks: lines of display text (credits, slogans, labels), horizontal or 竖排
(vertical), optionally reversed (white on a solid panel). Fitted to the block's area
(inside its padding): what does not fit is reported as ``overflow``, not drawn."""

from __future__ import annotations

from dataclasses import replace

from ...spec.model import TextBlock
from ...spec.validate import ResolvedStyle
from ...text.vertical import vertical_form
from ..context import BlockOut, LayoutContext, block_kind, decorate, padding
from ..display import BLACK, WHITE, Box, TextRun
from ..fitting import EPS, report_overflow
from ..grid import EM_BOX_BASELINE, Rect, area_rect
from ..stack import StackLine, compose_stack, set_stack


@block_kind("text")
def text_block(ctx: LayoutContext, block: TextBlock) -> BlockOut:
    area = area_rect(ctx.g, block.area)
    rect = area.inset(padding(ctx, block), padding(ctx, block))
    style = ctx.style(block.style)
    out = BlockOut()
    if block.reverse:
        out.items.append(Box(area.x, area.y, area.w, area.h, fill=BLACK))
        style = replace(style, color=WHITE)
    if block.vertical:
        out.items += vertical_lines(ctx, block.id, block.lines, style, rect)
    else:
        align = block.align or style.align
        lines = [StackLine(t, style, align, ("lines", i)) for i, t in enumerate(block.lines)]
        out.items += set_stack(ctx, block.id, compose_stack(ctx, block.id, lines, rect.w), rect,
                               "the text").runs
    return decorate(block, area, out)


def vertical_lines(ctx: LayoutContext, block: str, lines: list[str], style: ResolvedStyle,
                   rect: Rect) -> list[TextRun]:
    """竖排: each line a column, right to left, characters top to bottom, punctuation in
    its vertical presentation form (clreq #writing_modes_in_chinese_composition). A
    column holds as many characters as the area is tall; columns as many as it is wide."""
    size, col_w = style.size, style.leading
    per_column = int((rect.h + EPS) // size)
    columns = min(len(lines), int((rect.w + EPS) // col_w))
    total_w = col_w * columns
    x_right = rect.x + (rect.w + total_w) / 2
    runs: list[TextRun] = []
    for k, line in enumerate(lines[:columns]):
        chars = [vertical_form(ch) for ch in line]
        where = ctx.span(block, "lines", k)
        ctx.setter.check("".join(chars), style.font, block, where)
        if len(chars) > per_column:
            report_overflow(ctx, block, f"vertical line {k + 1}", 1, len(chars) - per_column,
                            line[per_column:], where, Rect(x_right - (k + 1) * col_w, rect.y, col_w, rect.h))
            chars = chars[:per_column]
        y = rect.y + (rect.h - size * len(chars)) / 2
        x_col = x_right - (k + 1) * col_w + (col_w - size) / 2
        for ch in chars:
            adv = ctx.setter.fonts.advance(style.font, ch) * size
            runs += ctx.setter.place(ch, style.font, x_col + (size - adv) / 2, y + EM_BOX_BASELINE * size, style)
            y += size
    if columns < len(lines):
        lost = lines[columns:]
        report_overflow(ctx, block, "the vertical text", len(lost), sum(len(t) for t in lost), lost[0],
                        ctx.span(block, "lines", columns), Rect(rect.x, rect.y, min(col_w, rect.w), rect.h))
    return runs
