"""The head of an article: the 栏目 label (a reversed panel over the story) and the
headline stack (引题 / 主题 / 副题). Display text may take any height but is given whole
body lines, so the body after it starts on the grid; both are fitted to the lines the
block has left and report ``overflow`` at their key when they do not fit."""

from __future__ import annotations

from dataclasses import replace

from ...spec.model import ArticleBlock
from ...units import HAO_SIZES
from ..context import BlockOut, LayoutContext
from ..copyfit import headline_hint, largest_fitting, size_steps
from ..display import BLACK, WHITE, Box
from ..grid import Rect, span_width
from ..stack import StackLine, compose_stack, rows_for, set_stack, stack_height

LABEL_ROWS = 2  # a one-line 栏目 label takes two body lines


def label(ctx: LayoutContext, block: ArticleBlock, rect: Rect, rows_left: int, out: BlockOut) -> int:
    """栏目: a reversed label over the story, set in full (every line of it)."""
    style = replace(ctx.style("栏目"), color=WHITE)
    pitch = ctx.g.pitch
    pad = style.size / 2
    lines = compose_stack(ctx, block.id, [StackLine(block.label, style, "start", ("label",))], rect.w - 2 * pad)
    rows = max(LABEL_ROWS, rows_for(stack_height(lines) + pitch * 0.5, pitch))
    rows = min(rows, rows_left)
    if rows <= 0:
        return 0
    width = min(rect.w, max((s.para.lines[s.index].width for s in lines), default=0) + 2 * pad)
    panel = Rect(rect.x, rect.y + pitch * 0.25, width, rows * pitch - pitch * 0.5)
    out.items.append(Box(panel.x, panel.y, panel.w, panel.h, fill=BLACK))
    out.items += set_stack(ctx, block.id, lines, Rect(rect.x + pad, rect.y, width - 2 * pad, rows * pitch),
                           "the 栏目 label").runs
    return rows


def headline(ctx: LayoutContext, block: ArticleBlock, rect: Rect, row: int, rows_left: int,
             out: BlockOut) -> int:
    """The headline stack over ``cols`` grid columns (the block's width at most), centred
    in whole body lines, then ``space_after`` empty lines."""
    h = block.headline
    assert h is not None
    g = ctx.g
    width = min(rect.w, span_width(g, h.cols)) if h.cols else rect.w
    parts = []
    for key, text, style, align in (("kicker", h.kicker, h.kicker_style, h.kicker_align),
                                    ("title", h.title, h.title_style, h.title_align),
                                    ("subtitle", h.subtitle, h.subtitle_style, h.subtitle_align)):
        if text:
            parts.append(StackLine(text, ctx.style(style), align or h.align, ("headline", key)))
    lines = compose_stack(ctx, block.id, parts, width)
    needed = rows_for(stack_height(lines) + g.pitch * 0.5, g.pitch)
    rows = min(needed, rows_left)
    if rows <= 0:
        return 0
    area = Rect(rect.x, rect.y + row * g.pitch, width, rows * g.pitch)
    hint = _size_hint(ctx, block.id, parts, width, rows) if needed > rows else None
    stack = set_stack(ctx, block.id, lines, area, "the headline", hint=hint)
    out.items += stack.runs
    out.lines += stack.placed
    return min(rows + h.space_after, rows_left)


def _size_hint(ctx: LayoutContext, block: str, parts: list[StackLine], width: float, rows: int) -> str | None:
    """拼版提示 for a headline stack taller than its ``rows``: the largest size of the 主题's
    steps (the page's 号 sizes under its own) at which the stack fits, its leading kept
    (what changing the style's ``size`` alone does; a leading that follows the size only
    makes the stack shorter)."""
    title = next((p for p in parts if p.key == ("headline", "title")), None)
    if title is None:
        return None
    pitch = ctx.g.pitch
    style = title.style

    def fits(size: float) -> bool:
        scaled = replace(style, size=size)
        trial = [replace(p, style=scaled) if p is title else p for p in parts]
        return rows_for(stack_height(compose_stack(ctx, block, trial, width)) + pitch * 0.5, pitch) <= rows

    sizes = {**HAO_SIZES, **ctx.page.spec.sizes}
    steps = size_steps(sizes, style.size)
    if steps and len(title.text) * min(steps) ** 2 > width * rows * pitch:
        steps = []  # not even the smallest size has room for its characters: no need to try
    return headline_hint(largest_fitting(steps, fits), sizes)
