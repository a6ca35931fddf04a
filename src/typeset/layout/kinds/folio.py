"""报眉 (folio): left, centre and right parts on one line, centred in the block's height.
Each part is set in full on that line or refused: a part that would wrap, or run into
a part already placed (left first, then right, then centre), is not drawn and is a
``lost-text`` error naming the key."""

from __future__ import annotations

from ...spec.model import FolioBlock
from ...spec.validate import folio_text
from ..context import BlockOut, LayoutContext, block_kind, decorate, padding
from ..fitting import EPS, excerpt, line_runs, tracked_width, tracking_shift
from ..grid import area_rect, baseline

PARTS = (("left", "start"), ("right", "end"), ("center", "center"))


@block_kind("folio")
def folio(ctx: LayoutContext, block: FolioBlock) -> BlockOut:
    area = area_rect(ctx.g, block.area)
    rect = area.inset(padding(ctx, block))
    style = ctx.style(block.style)
    out = BlockOut()
    if style.leading > rect.h + EPS:
        ctx.sink.error("overflow", block.id, f"the 报眉 line ({style.leading:g} pt) is taller than its "
                       f"area ({rect.h:g} pt)", ctx.span(block.id, "area"), "give the block more lines",
                       where=area.as_tuple(), lines=1, chars=0)
        return decorate(block, area, out)
    y = baseline(rect.y + (rect.h - style.leading) / 2, style.leading, style.size)
    taken: list[tuple[float, float]] = []  # x extents of the parts placed
    gap = style.size  # at least one character between two parts
    for key, align in PARTS:
        text = folio_text(getattr(block, key), ctx.page.spec.meta)
        if not text:
            continue
        where = ctx.span(block.id, key)
        para = ctx.setter.compose_text(text, style, rect.w, block.id, align=align, where=where)
        if not para.lines:
            continue
        line = para.lines[0]
        shift = tracking_shift(para, 0, style, align)
        x0 = rect.x + shift + (line.glyphs[0].x if line.glyphs else 0.0)
        x1 = x0 + tracked_width(para, 0, style, style.tracking)
        clash = len(para.lines) > 1 or any(x0 < b + gap and a < x1 + gap for a, b in taken)
        if clash:
            why = "is longer than the line" if len(para.lines) > 1 else "runs into another part of the line"
            ctx.sink.error("lost-text", block.id, f"the 报眉 {key} part {why}: {excerpt(text, 20)!r} "
                           f"({len(text)} 字) is not set", where,
                           "shorten the parts, or give the folio more columns",
                           where=area.as_tuple(), chars=len(text), lines=len(para.lines))
            continue
        taken.append((x0, x1))
        out.items += line_runs(ctx, block.id, para, 0, rect.x + shift, y, style, rect.w - shift, where,
                               style.tracking)
    return decorate(block, area, out)
