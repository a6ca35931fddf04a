"""Lay out each kind of block into display items and a report (a registry by kind).

Display text (headlines, mastheads, labels) may take any height, but it is given whole
body lines, so the body text after it starts on the grid."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import error
from ..spec.copy import Para, Run
from ..spec.images import ImageInfo
from ..spec.model import ArticleBlock, FolioBlock, ImageBlock, MastheadBlock, RuleBlock, TextBlock
from ..spec.validate import Geometry, ResolvedPage, ResolvedStyle, folio_text
from ..text.vertical import vertical_form
from .display import BLACK, WHITE, BlockReport, Box, Item, Picture, ProofMark, Rule, SetLine, TextRun
from .flow import FlowLine, FlowResult, Region, fit
from .grid import Rect, area_rect, baseline, split_columns
from .textset import Setter, line_edges


MIN_DPI = 200  # effective resolution below which a picture prints soft (issue 5)


@dataclass
class Out:
    items: list[Item] = field(default_factory=list)
    proof: list[ProofMark] = field(default_factory=list)
    report: BlockReport | None = None
    warnings: list[str] = field(default_factory=list)
    lines: list[SetLine] = field(default_factory=list)  # where the copy was set


@dataclass(frozen=True, slots=True)
class Ctx:
    page: ResolvedPage
    setter: Setter
    deadline: float | None = None   # time.monotonic() by which the page must be laid out
    time_limit: float | None = None
    record_lines: bool = False      # keep where each copy line was set (Out.lines, for the proof diff)

    def check_time(self, block: str) -> None:
        """Stop a page that takes far too long (untrusted input in CI), naming the block."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise error(f"laying out the page took more than {self.time_limit:g} s (stopped in block {block!r})",
                        self.page.spans.get(block),
                        "the copy is far too long for its block, or the page is too complex; "
                        "raise the limit with --time-limit if this is expected")

    @property
    def g(self) -> Geometry:
        return self.page.geometry

    def style(self, name: str) -> ResolvedStyle:
        return self.page.styles[name]


LAYOUTS: dict[str, Callable[[Ctx, object], Out]] = {}


def block_layout(kind: str):
    def register(fn):
        assert kind not in LAYOUTS, f"block kind {kind} registered twice"
        LAYOUTS[kind] = fn
        return fn
    return register


def finish(block, rect: Rect, out: Out) -> Out:
    """Frame and tint, and the block's report (with any warnings) unless it has one."""
    decorate(block, rect, out)
    if out.report is None:
        out.report = BlockReport(block.id, block.kind, warnings=tuple(out.warnings))
    return out


def decorate(block, rect: Rect, out: Out) -> None:
    """Frame and tint common to all blocks, drawn under the block's content."""
    if block.tint:
        out.items.insert(0, Box(rect.x, rect.y, rect.w, rect.h, fill=(0, 0, 0, block.tint)))
    if block.frame:
        out.items.append(Box(rect.x, rect.y, rect.w, rect.h, stroke=BLACK, stroke_width=0.6))


# -- display text stacks -------------------------------------------------------------

def stack(ctx: Ctx, lines: list[tuple[str, ResolvedStyle, str]], rect: Rect, block: str,
          valign: str = "center", parts: tuple[str, ...] = (),
          record: list[SetLine] | None = None) -> tuple[list[TextRun], float]:
    """Set display lines (text, style, align) one under another inside ``rect``.
    Returns the runs and the stack height; long lines wrap at the rect's width. With
    ``record``, the lines of each text named in ``parts`` are recorded there."""
    composed = []
    for k, (text, style, align) in enumerate(lines):
        para = ctx.setter.compose_text(text, style, rect.w, block, align=align)
        for i in range(len(para.lines)):
            composed.append((para, i, style, parts[k] if k < len(parts) else None))
    height = sum(c[2].leading for c in composed)
    y = rect.y + (rect.h - height) / 2 if valign == "center" else rect.y
    runs: list[TextRun] = []
    for para, i, style, part in composed:
        runs += ctx.setter.runs(para, i, rect.x, baseline(y, style.leading, style.size), style,
                                style.tracking)
        if part is not None and record is not None:
            line = para.lines[i]
            record.append(SetLine(block, part, 0, line.start, line.end,
                                  line_edges(para, i, rect.x, style.tracking * style.size), y, style.leading))
        y += style.leading
    return runs, height


def rows_for(height: float, pitch: float) -> int:
    return max(1, math.ceil(height / pitch - 1e-6))


@block_layout("masthead")
def masthead(ctx: Ctx, block: MastheadBlock) -> Out:
    rect = area_rect(ctx.g, block.area)
    out = Out()
    spec = [(block.title, block.title_style)]
    for text, style in ((block.pinyin, "版头拼音"), (block.sponsor, "主办"), (block.slogan, "口号"),
                        (block.issue, "期号")):
        if text:
            spec.append((text, style if style in ctx.page.styles else "正文"))
    lines = [(t, ctx.style(s), "center") for t, s in spec]
    image = ctx.page.images.get(block.id)
    if image is None:
        runs, _ = stack(ctx, lines, rect, block.id)
        out.items += runs
    else:  # the title is a picture: the stack keeps its place, the picture fills it
        title = ctx.style(block.title_style)
        h = title.leading
        w = min(rect.w, h * image.width / image.height)
        _, height = stack(ctx, lines[1:], rect, block.id)
        top = rect.y + (rect.h - height - h) / 2
        picture(out, Rect(rect.x + (rect.w - w) / 2, top, w, h), image, block.title, block.id)
        runs, _ = stack(ctx, lines[1:], Rect(rect.x, top + h, rect.w, height), block.id)
        out.items += runs
    return finish(block, rect, out)


@block_layout("folio")
def folio(ctx: Ctx, block: FolioBlock) -> Out:
    """报眉: left, centre and right parts on one line, centred in the block's height."""
    rect = area_rect(ctx.g, block.area)
    style = ctx.style(block.style)
    out = Out()
    y = baseline(rect.y + (rect.h - style.leading) / 2, style.leading, style.size)
    for key, align in (("left", "start"), ("center", "center"), ("right", "end")):
        text = folio_text(getattr(block, key), ctx.page.spec.meta)
        if text:
            para = ctx.setter.compose_text(text, style, rect.w, block.id, align=align)
            out.items += ctx.setter.runs(para, 0, rect.x, y, style, style.tracking)
    return finish(block, rect, out)


@block_layout("text")
def text_block(ctx: Ctx, block: TextBlock) -> Out:
    rect = area_rect(ctx.g, block.area)
    style = ctx.style(block.style)
    out = Out()
    if block.reverse:
        out.items.append(Box(rect.x, rect.y, rect.w, rect.h, fill=BLACK))
        style = _recolor(style, WHITE)
    if block.vertical:
        out.items += vertical_lines(ctx, block.lines, style, rect, block.id)
    else:
        align = block.align or style.align
        runs, _ = stack(ctx, [(t, style, align) for t in block.lines], rect, block.id)
        out.items += runs
    return finish(block, rect, out)


def _recolor(style: ResolvedStyle, color) -> ResolvedStyle:
    from dataclasses import replace
    return replace(style, color=color)


def vertical_lines(ctx: Ctx, lines: list[str], style: ResolvedStyle, rect: Rect, block: str) -> list[TextRun]:
    """竖排: each line a column, right to left, characters top to bottom, punctuation in
    its vertical presentation form (clreq #writing_modes_in_chinese_composition)."""
    size = style.size
    col_w = style.leading
    total_w = col_w * len(lines)
    x_right = rect.x + (rect.w + total_w) / 2
    runs: list[TextRun] = []
    for k, line in enumerate(lines):
        chars = [vertical_form(ch) for ch in line]
        ctx.setter.check("".join(chars), style.font, block)
        height = size * len(chars)
        y = rect.y + (rect.h - height) / 2
        x_col = x_right - (k + 1) * col_w + (col_w - size) / 2
        for ch in chars:
            adv = ctx.setter.fonts.advance(style.font, ch) * size
            runs += ctx.setter.place(ch, style.font, x_col + (size - adv) / 2, y + 0.88 * size, style)
            y += size
    return runs


@block_layout("rule")
def rule_block(ctx: Ctx, block: RuleBlock) -> Out:
    r = area_rect(ctx.g, block.area)
    half = ctx.g.gutter / 2
    if block.edge in ("top", "bottom"):
        y = r.y if block.edge == "top" else r.bottom  # between two line cells
        ends = (r.x, y, r.right, y)
        normal = (0.0, 1.0)
    else:
        x = r.x - half if block.edge == "left" else r.right + half
        ends = (x, r.y, x, r.bottom)
        normal = (1.0, 0.0)
    out = Out()
    for offset, width in RULE_STYLES[block.line]:
        dx, dy = normal[0] * offset, normal[1] * offset
        out.items.append(Rule(ends[0] + dx, ends[1] + dy, ends[2] + dx, ends[3] + dy, width))
    out.report = BlockReport(block.id, block.kind)
    return out


# offset from the rule's centre line (pt) and stroke width (pt)
RULE_STYLES = {
    "single": [(0.0, 0.5)],
    "thick": [(0.0, 1.5)],
    "double": [(-1.0, 0.5), (1.0, 0.5)],
    "wenwu": [(-1.4, 0.4), (0.9, 1.6)],   # 文武线: thin over thick
    "wuwen": [(-0.9, 1.6), (1.4, 0.4)],   # 武文线: thick over thin
}


@block_layout("image")
def image_block(ctx: Ctx, block: ImageBlock) -> Out:
    rect = area_rect(ctx.g, block.area)
    out = Out()
    figure(ctx, rect, ctx.page.images.get(block.id), block.caption, block.caption_style, block.id, out)
    return finish(block, rect, out)


def figure(ctx: Ctx, rect: Rect, image: ImageInfo | None, caption: str | None, caption_style: str, block: str,
           out: Out) -> None:
    """A picture filling ``rect`` above its caption lines (on the grid). The picture is
    cropped to the frame, never distorted; its effective resolution is checked."""
    pitch = ctx.g.pitch
    cap_lines = []
    if caption:
        style = ctx.style(caption_style)
        para = ctx.setter.compose_text(caption, style, rect.w, block, kind="flush")
        cap_lines = [(para, i, style) for i in range(len(para.lines))]
    pic_h = rect.h - len(cap_lines) * pitch
    picture(out, Rect(rect.x, rect.y, rect.w, pic_h), image, caption or "", block)
    y = rect.y + pic_h
    for para, i, style in cap_lines:
        out.items += ctx.setter.runs(para, i, rect.x, baseline(y, pitch, style.size), style)
        y += pitch


def picture(out: Out, rect: Rect, image: ImageInfo | None, label: str, block: str) -> None:
    """Place a picture (or a placeholder) and warn when it would print soft."""
    out.items.append(Picture(rect.x, rect.y, rect.w, rect.h, image, label))
    if image is not None:
        dpi = effective_dpi(image, rect.w, rect.h)
        if dpi < MIN_DPI:
            out.warnings.append(f"{block}: picture {image.path.name} prints at {dpi:.0f} dpi "
                                f"(under {MIN_DPI}): use a larger original")


def effective_dpi(image: ImageInfo, w: float, h: float) -> float:
    """Pixels per inch on paper when the picture fills a w × h pt frame, cropped to fit."""
    scale = max(w / image.width, h / image.height)  # pt per pixel (cover)
    return 72 / scale if scale > 0 else float("inf")


@block_layout("article")
def article(ctx: Ctx, block: ArticleBlock) -> Out:
    g = ctx.g
    rect = area_rect(g, block.area)
    out = Out()
    row = 0  # body lines used from the top of the block
    if block.label:
        row += label(ctx, block, rect, out)
    if block.headline:
        row += headline(ctx, block, rect, row, out)
    if block.note:
        row += note(ctx, block, rect, row, out)
    body = Rect(rect.x, rect.y + row * g.pitch, rect.w, rect.h - row * g.pitch)
    body_rows = block.area.rows - row
    if block.more:
        columns, regions = shape_regions(g, block, row)
    else:
        columns = split_columns(body, block.columns, g.gutter)
        regions = _regions(block, columns, body_rows)
    if block.figure:
        _place_figure(ctx, block, columns, body_rows, body, out)
    flowed, problems = body_text(ctx, block, columns, regions, body, out)
    out.report = BlockReport(block.id, block.kind, capacity=sum(r.rows for r in regions),
                             used=len(flowed.placements), overset_lines=flowed.overset_lines,
                             overset_chars=flowed.overset_chars, short_lines=flowed.short_lines,
                             problems=tuple(problems), warnings=tuple(out.warnings))
    return finish(block, rect, out)


def label(ctx: Ctx, block: ArticleBlock, rect: Rect, out: Out) -> int:
    """栏目: a reversed label over the story, two body lines tall."""
    style = ctx.style("栏目") if "栏目" in ctx.page.styles else ctx.style("正文")
    pitch = ctx.g.pitch
    rows = 2
    para = ctx.setter.compose_text(block.label, style, rect.w, block.id, align="start")
    width = para.lines[0].width + style.size if para.lines else 0
    out.items.append(Box(rect.x, rect.y + pitch * 0.25, width, rows * pitch - pitch * 0.5, fill=BLACK))
    white = _recolor(style, WHITE)
    y = baseline(rect.y, rows * pitch, style.size)
    out.items += ctx.setter.runs(para, 0, rect.x + style.size / 2, y, white)
    return rows


def headline(ctx: Ctx, block: ArticleBlock, rect: Rect, row: int, out: Out) -> int:
    h = block.headline
    assert h is not None
    g = ctx.g
    width = rect.w if not h.cols else h.cols * g.column + (h.cols - 1) * g.gutter
    lines, parts = [], []
    for part, text, style, align in (("kicker", h.kicker, h.kicker_style, h.kicker_align),
                                     ("title", h.title, h.title_style, h.title_align),
                                     ("subtitle", h.subtitle, h.subtitle_style, h.subtitle_align)):
        if text:
            lines.append((text, ctx.style(style), align or h.align))
            parts.append(part)
    # measure first, then centre the stack in whole body lines
    probe = Rect(rect.x, 0, width, 0)
    _, height = stack(ctx, lines, probe, block.id, valign="top")
    rows = rows_for(height + g.pitch * 0.5, g.pitch)
    area = Rect(rect.x, rect.y + row * g.pitch, width, rows * g.pitch)
    runs, _ = stack(ctx, lines, area, block.id, parts=tuple(parts),
                    record=out.lines if ctx.record_lines else None)
    out.items += runs
    return rows + h.space_after


def note(ctx: Ctx, block: ArticleBlock, rect: Rect, row: int, out: Out) -> int:
    """编者按: label run in, text in its own style, in ``columns`` balanced columns inside
    a ruled box on the grid (half a line of air above and below)."""
    n = block.note
    assert n is not None
    g = ctx.g
    style = ctx.style(n.style)
    pad = g.body
    inner = Rect(rect.x + pad, rect.y, rect.w - 2 * pad, rect.h)
    columns = split_columns(inner, n.columns, g.gutter)
    para = ctx.setter.compose(
        [Run(n.label + "\u3000", bold=True), Run(n.text)], style,
        ctx.setter.config(style, columns[0].w, "flush"), block.id)
    depth = -(-len(para.lines) // n.columns)  # lines a column, the remainder in the last
    top = rect.y + row * g.pitch
    for i in range(len(para.lines)):
        column = columns[i // depth]
        cell = top + (i % depth + 0.5) * g.pitch
        out.items += ctx.setter.runs(para, i, column.x, baseline(cell, g.pitch, style.size), style)
    rows = depth + 1
    if n.frame:
        out.items.append(Box(rect.x, top + g.pitch * 0.25, rect.w, rows * g.pitch - g.pitch * 0.5,
                             stroke=BLACK, stroke_width=0.5))
    return rows + 1


def shape_regions(g: Geometry, block: ArticleBlock, head_rows: int) -> tuple[list[Rect], list[Region]]:
    """Text columns and regions of an irregular article: the union of its ``area`` and
    ``more`` rectangles, one text column per grid column, each read top to bottom, the
    columns left to right (how a reader follows an L-shaped story). The top
    ``head_rows`` lines of the main area belong to its label, headline and note.
    Region rows are relative to the body top in the main area (an extra rectangle
    reaching higher gets negative rows)."""
    main = block.area
    areas = [main, *block.more]
    first = min(a.col for a in areas)
    last = max(a.col + a.cols for a in areas)
    body_top = main.row + head_rows
    columns, regions = [], []
    for col in range(first, last):
        rows = sorted({r for a in areas if a.col <= col < a.col + a.cols for r in range(a.row, a.row + a.rows)}
                      - ({*range(main.row, body_top)} if main.col <= col < main.col + main.cols else set()))
        if not rows:
            continue
        ci = len(columns)
        columns.append(Rect(g.left + (col - 1) * (g.column + g.gutter), 0.0, g.column, 0.0))
        start = prev = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            regions.append(Region(ci, start - body_top, prev - start + 1))
            if r is not None:
                start = prev = r
    return columns, regions


def _regions(block: ArticleBlock, columns: list[Rect], rows: int) -> list[Region]:
    fig = block.figure
    regions = []
    for ci in range(len(columns)):
        if fig is None or not _fig_covers(fig, ci, len(columns)):
            regions.append(Region(ci, 0, rows))
        elif fig.position.startswith("top"):
            regions.append(Region(ci, fig.rows + 1, rows - fig.rows - 1))
        else:
            regions.append(Region(ci, 0, rows - fig.rows - 1))
    return [r for r in regions if r.rows > 0]


def _fig_covers(fig, ci: int, n: int) -> bool:
    first = 0 if fig.position.endswith("left") else n - fig.cols
    return first <= ci < first + fig.cols


def _place_figure(ctx: Ctx, block: ArticleBlock, columns: list[Rect], rows: int, body: Rect, out: Out) -> None:
    fig = block.figure
    g = ctx.g
    covered = [c for ci, c in enumerate(columns) if _fig_covers(fig, ci, len(columns))]
    x, w = covered[0].x, covered[-1].right - covered[0].x
    top_row = 0 if fig.position.startswith("top") else rows - fig.rows
    rect = Rect(x, body.y + top_row * g.pitch, w, fig.rows * g.pitch)
    figure(ctx, rect, ctx.page.images.get(block.id), fig.caption, fig.caption_style, block.id, out)


def body_text(ctx: Ctx, block: ArticleBlock, columns: list[Rect], regions: list[Region], body: Rect,
              out: Out) -> tuple[FlowResult, list[str]]:
    """Compose the copy to the column measure and flow it through the regions."""
    g = ctx.g
    paras: list[Para] = list(ctx.page.copy.get(block.id, []))
    if block.byline:
        paras.append(Para("right", (Run(block.byline),), 0))
    measure = columns[0].w
    flow_lines: list[FlowLine] = []
    setlines = []
    problems: list[str] = []
    for k, para in enumerate(paras):
        ctx.check_time(block.id)
        style = _para_style(ctx, block, para)
        composed = ctx.setter.compose_para(para, style, measure, block.id)
        problems += [f"{block.id}: {p}" for p in composed.problems]
        for i, line in enumerate(composed.lines):
            flow_lines.append(FlowLine(line.end - line.start, i == len(composed.lines) - 1, i == 0))
            setlines.append((composed, i, style, k))
    result = fit(flow_lines, regions, block.balance)
    for p in result.placements:
        region = regions[p.region]
        col = columns[region.column]
        para, i, style, k = setlines[p.line]
        cell_top = body.y + (region.row + p.row) * g.pitch
        out.items += ctx.setter.runs(para, i, col.x, baseline(cell_top, g.pitch, style.size), style)
        if ctx.record_lines:
            line = para.lines[i]
            out.lines.append(SetLine(block.id, "body", k, line.start, line.end, line_edges(para, i, col.x),
                                     cell_top, g.pitch))
    for widow in result.widows:
        para, i, _, _ = setlines[widow]
        column = next(p.region for p in result.placements if p.line == widow)
        out.warnings.append(f"{block.id}: 孤行 at the top of text column {regions[column].column + 1} "
                            f"({para.line_text(i)}): cut or add a line")
    if result.overset_lines:
        out.proof.append(ProofMark("overset", body.x, body.bottom - g.pitch, body.w, g.pitch,
                                   f"超 {result.overset_chars} 字 / {result.overset_lines} 行"))
    elif result.short_lines and block.balance:
        # 缺行: the empty band under the level feet, across the columns that reach the foot
        deepest = max(r.row + r.rows for r in regions)
        cols = [columns[r.column] for r in regions if r.row + r.rows == deepest]
        x0, x1 = min(c.x for c in cols), max(c.right for c in cols)
        band = result.short_lines * g.pitch
        out.proof.append(ProofMark("short", x0, body.y + deepest * g.pitch - band, x1 - x0, band,
                                   f"缺 {result.short_lines} 行"))
    for widow in result.widows:
        place = next(p for p in result.placements if p.line == widow)
        region = regions[place.region]
        col = columns[region.column]
        out.proof.append(ProofMark("widow", col.x, body.y + (region.row + place.row) * g.pitch, col.w, g.pitch,
                                   "孤行"))
    return result, problems


def _para_style(ctx: Ctx, block: ArticleBlock, para: Para) -> ResolvedStyle:
    styles = ctx.page.styles
    if para.kind == "head":
        return styles.get("小标题", styles[block.style])
    if para.kind == "right" and "署名" in styles:
        return styles["署名"]
    return styles[block.style]
