"""Pictures: the image block, and the figure of an article (a picture over its caption
lines on the grid). A picture is cropped to its frame, never distorted; one that would
print under ``MIN_DPI`` is a ``low-resolution`` warning; a caption taller than its
frame leaves the picture no room and is reported as ``overflow``."""

from __future__ import annotations

from ...errors import Span
from ...spec.images import ImageInfo
from ...spec.model import ImageBlock
from ..context import BlockOut, LayoutContext, block_kind, decorate
from ..display import Picture
from ..fitting import line_runs, report_overflow
from ..grid import Rect, area_rect, baseline

MIN_DPI = 200  # effective resolution below which a picture prints soft (issue 5)


@block_kind("image")
def image_block(ctx: LayoutContext, block: ImageBlock) -> BlockOut:
    rect = area_rect(ctx.g, block.area)
    out = BlockOut()
    figure(ctx, block.id, out, rect, ctx.page.images.get(block.id), block.caption, block.caption_style,
           ("caption",), ("file",))
    return decorate(block, rect, out)


def figure(ctx: LayoutContext, block: str, out: BlockOut, rect: Rect, image: ImageInfo | None,
           caption: str | None, caption_style: str, caption_key: tuple, file_key: tuple) -> None:
    """A picture filling ``rect`` above its caption lines (on the grid, at least one line
    of picture left above them)."""
    pitch = ctx.g.pitch
    lines = []
    style = ctx.style(caption_style)
    where = ctx.span(block, *caption_key)
    if caption:
        para = ctx.setter.compose_text(caption, style, rect.w, block, kind="flush", where=where)
        lines = list(range(len(para.lines)))
        room = max(0, int(rect.h / pitch + 1e-6) - 1)
        if len(lines) > room:
            lost = lines[room:]
            report_overflow(ctx, block, "the caption", len(lost),
                            sum(para.lines[i].end - para.lines[i].start for i in lost),
                            para.line_text(lost[0]), where, Rect(rect.x, rect.bottom - pitch, rect.w, pitch))
            lines = lines[:room]
    pic_h = rect.h - len(lines) * pitch
    picture(ctx, block, out, Rect(rect.x, rect.y, rect.w, pic_h), image, caption or "", ctx.span(block, *file_key))
    y = rect.y + pic_h
    for i in lines:
        out.items += line_runs(ctx, block, para, i, rect.x, baseline(y, pitch, style.size), style, rect.w, where,
                               pitch=pitch)
        y += pitch


def picture(ctx: LayoutContext, block: str, out: BlockOut, rect: Rect, image: ImageInfo | None, label: str,
            where: Span | None) -> None:
    """Place a picture (or a placeholder) and warn when it would print soft."""
    out.items.append(Picture(rect.x, rect.y, rect.w, rect.h, image, label))
    if image is not None:
        dpi = effective_dpi(image, rect.w, rect.h)
        if dpi < MIN_DPI:
            ctx.sink.warn("low-resolution", block, f"picture {image.path.name} prints at {dpi:.0f} dpi "
                          f"(under {MIN_DPI})", where, "use a larger original", dpi=round(dpi))


def effective_dpi(image: ImageInfo, w: float, h: float) -> float:
    """Pixels per inch on paper when the picture fills a w × h pt frame, cropped to fit."""
    scale = max(w / image.width, h / image.height)  # pt per pixel (cover)
    return 72 / scale if scale > 0 else float("inf")
