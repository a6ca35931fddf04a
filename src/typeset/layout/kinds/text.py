"""Text blocks: lines of display text (credits, slogans, labels), horizontal or 竖排
(vertical), optionally reversed (white on a solid panel). Fitted to the block's area
(inside its padding): what does not fit is reported as ``overflow``, not drawn."""

from __future__ import annotations

from dataclasses import replace

from ...spec.model import TextBlock
from ..context import BlockOut, LayoutContext, block_kind, decorate, padding
from ..display import BLACK, WHITE, Box
from ..grid import area_rect
from ..stack import StackLine, compose_stack, set_stack
from .vertical import vertical_lines


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
        out.items += vertical_lines(ctx, block.id, block.lines, style, rect, block.align, out.lines)
    else:
        align = block.align or style.align
        lines = [StackLine(t, style, align, ("lines", i)) for i, t in enumerate(block.lines)]
        stack = set_stack(ctx, block.id, compose_stack(ctx, block.id, lines, rect.w), rect, "the text")
        out.items += stack.runs
        out.lines += stack.placed
    return decorate(block, area, out)

