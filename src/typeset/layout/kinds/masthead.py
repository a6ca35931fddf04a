"""版头 (masthead): the page's title (set, or a picture of its lettering) over pinyin,
sponsor, slogan and issue lines, centred in the block and fitted to it."""

from __future__ import annotations

from ...spec.model import MastheadBlock
from ..context import BlockOut, LayoutContext, block_kind, decorate, padding
from ..grid import Rect, area_rect
from ..stack import StackLine, compose_stack, set_stack, stack_height
from .image import picture

EXTRA_LINES = (("pinyin", "版头拼音"), ("sponsor", "主办"), ("slogan", "口号"), ("issue", "期号"))


@block_kind("masthead")
def masthead(ctx: LayoutContext, block: MastheadBlock) -> BlockOut:
    area = area_rect(ctx.g, block.area)
    rect = area.inset(padding(ctx, block), padding(ctx, block))
    out = BlockOut()
    title = StackLine(block.title, ctx.style(block.title_style), "center", ("title",))
    extra = [StackLine(getattr(block, key), ctx.style(style), "center", (key,))
             for key, style in EXTRA_LINES if getattr(block, key)]
    image = ctx.page.images.get(block.id)
    if image is None:
        out.items += set_stack(ctx, block.id, compose_stack(ctx, block.id, [title, *extra], rect.w), rect,
                               "the masthead").runs
        return decorate(block, area, out)
    # the title is a picture: it keeps the title's place (its leading in height), the lines below
    h = min(title.style.leading, rect.h)
    w = min(rect.w, h * image.width / image.height)
    lines = compose_stack(ctx, block.id, extra, rect.w)
    height = min(stack_height(lines), rect.h - h)
    top = rect.y + (rect.h - height - h) / 2
    picture(ctx, block.id, out, Rect(rect.x + (rect.w - w) / 2, top, w, h), image, block.title,
            ctx.span(block.id, "title_image"))
    out.items += set_stack(ctx, block.id, lines, Rect(rect.x, top + h, rect.w, max(height, 0.0)),
                           "the masthead").runs
    return decorate(block, area, out)
