"""Articles: label, headline, 编者按 and figure at the head, then the body composed to
its column measure and flowed through its regions (``regions``, ``flow``), with the
copy fit of the block: capacity and lines used, overset (超版) in lines and 字 from the
copy line where it starts, the empty band under the text (缺行), widows (孤行),
sub-heads left at a column foot (``keep-with-next``), overfull and forced lines."""

from __future__ import annotations

from dataclasses import dataclass

from ...spec.copy import Para, Run
from ...spec.model import ArticleBlock
from ...spec.validate import ResolvedStyle
from ...text import Paragraph
from ..context import BlockOut, LayoutContext, block_kind, decorate, padding
from ..copyfit import chars_to_add, cuts, overset_hint, paragraph_ends, short_hint
from ..display import Fit, SetLine
from ..fitting import excerpt, line_runs, measure_check, report_overflow
from ..flow import FlowLine, FlowResult, Region, fit
from ..grid import Rect, area_rect, baseline
from ..jumps import STYLE as JUMP_STYLE
from ..jumps import Jump, foot_line, head_line, reserve, rest_of_copy
from ..regions import body_regions, clear_top, figure_covers, figure_rect
from ..textset import line_edges
from .headline import headline, label
from .image import figure
from .note import note, note_beside

SHORT_BAND_LINES = 2  # an empty band under the level feet this deep is worth a warning


@block_kind("article")
def article(ctx: LayoutContext, block: ArticleBlock) -> BlockOut:
    g = ctx.g
    rect = area_rect(g, block.area)
    pad = padding(ctx, block)
    head = rect.inset(pad)
    out = BlockOut()
    row = 0  # body lines used from the top of the block
    if block.label:
        row += label(ctx, block, head, block.area.rows - row, out)
    if block.headline:
        row += headline(ctx, block, head, row, block.area.rows - row, out)
    if block.note and block.note.cols is None:
        row += note(ctx, block, head, row, block.area.rows - row, out)
    body = Rect(rect.x, rect.y + row * g.pitch, rect.w, rect.h - row * g.pitch)
    columns, regions = body_regions(g, block, body, row, pad)
    if block.note and block.note.cols is not None:
        regions = clear_top(regions, *note_beside(ctx, block, columns, body, _beside_rows(block, len(columns),
                                                                                          block.area.rows - row), out))
    if block.figure:
        _figure(ctx, block, columns, block.area.rows - row, body, out)
    out.fit = body_text(ctx, block, columns, regions, body, out)
    return decorate(block, rect, out)


def _beside_rows(block: ArticleBlock, n: int, rows: int) -> int:
    """The body lines a note beside the body may take: above a figure at the foot of any
    of its columns, with a line of air, else all ``rows``."""
    fig = block.figure
    if fig is not None and fig.position.startswith("bottom") and \
            any(figure_covers(fig, ci, n) for ci in range(min(block.note.cols, n))):
        return max(0, rows - fig.rows - 1)
    return rows


def _figure(ctx: LayoutContext, block: ArticleBlock, columns: list[Rect], rows: int, body: Rect,
            out: BlockOut) -> None:
    fig = block.figure
    rect = figure_rect(fig, columns, body, rows, ctx.g.pitch)
    if fig.rows > rows:
        ctx.sink.error("overflow", block.id, f"the figure is {fig.rows} lines tall but only {max(rows, 0)} "
                       "are left under the head of the story", ctx.span(block.id, "figure", "rows"),
                       "make the figure shorter or the block taller", where=rect.as_tuple(),
                       lines=fig.rows - max(rows, 0), chars=0)
    if rect.h > 0:
        figure(ctx, block.id, out, rect, ctx.page.images.get(block.id), fig.caption, fig.caption_style,
               ("figure", "caption"), ("figure", "file"))


@dataclass(frozen=True, slots=True)
class BodyLine:
    para: Paragraph
    index: int
    style: ResolvedStyle
    source: Para
    number: int  # the paragraph's index among the block's paragraphs as set (the byline last)


def body_text(ctx: LayoutContext, block: ArticleBlock, columns: list[Rect], regions: list[Region], body: Rect,
              out: BlockOut) -> Fit:
    """Compose the copy to the column measure, flow it through the regions, report the fit.
    A part of a story that jumps (转版) gives a line to each jump line and sends on what
    does not fit (``jumps``)."""
    g = ctx.g
    incoming = ctx.incoming.get(block.id) if block.continued else None
    lines = compose_body(ctx, block, columns[0].w if columns else 0.0, incoming)
    flow_lines = [FlowLine(s.para.lines[s.index].end - s.para.lines[s.index].start,
                           s.index == len(s.para.lines) - 1, s.index == 0, _keeps(s),
                           s.source.kind == "head" and s.index == 0) for s in lines]
    whole = regions
    regions = reserve(whole, head=incoming is not None, foot=False)
    result = _fit(ctx, flow_lines, regions, block.balance)
    jump = None
    if block.continues is not None and result.overset_lines:
        regions = reserve(whole, head=incoming is not None, foot=True)
        result = _fit(ctx, flow_lines, regions, block.balance)
        jump = _jump(ctx, block, lines, result)
        out.jumps.append(jump)
    _jump_lines(ctx, block, columns, whole, body, out, incoming, jump)
    for p in result.placements:
        region = regions[p.region]
        col = columns[region.column]
        s = lines[p.line]
        cell_top = body.y + (region.row + p.row + p.offset) * g.pitch
        out.items += line_runs(ctx, block.id, s.para, s.index, col.x, baseline(cell_top, g.pitch, s.style.size),
                               s.style, col.w, _span(ctx, block, s), pitch=g.pitch)
        if ctx.record_lines:
            line = s.para.lines[s.index]
            out.lines.append(SetLine(block.id, "body", s.number, line.start, line.end,
                                     line_edges(s.para, s.index, col.x), cell_top, g.pitch))
    _line_findings(ctx, block, lines)
    waiting = block.continued and incoming is None  # set when the issue is
    if jump is None and not waiting:
        _flow_findings(ctx, block, lines, result, columns, regions, body)
    capacity = sum(r.rows for r in regions)
    per_line = round(columns[0].w / g.body) if columns else 0
    short = 0 if result.overset_lines or waiting else capacity - len(result.placements) - len(result.spaced)
    over = (0, 0) if jump else (result.overset_lines, result.overset_chars)  # the rest goes on (转版)
    return Fit(capacity, len(result.placements), *over, short, chars_to_add(short, per_line))


def _fit(ctx: LayoutContext, lines: list[FlowLine], regions: list[Region], balance: bool) -> FlowResult:
    """:func:`~typeset.layout.flow.fit`, remembered in a resident process (an edit that
    keeps every paragraph's line count flows the same lines into the same regions)."""
    if ctx.setter.memo is None:
        return fit(lines, regions, balance)
    kept = ctx.setter.memo.setdefault(_FITS, {})
    key = (tuple(lines), tuple(regions), balance)
    result = kept.get(key)
    if result is None:
        if len(kept) >= 256:
            kept.clear()
        result = kept[key] = fit(lines, regions, balance)
    return result


_FITS = ("flows",)  # key of the remembered flows in the paragraph memo


def compose_body(ctx: LayoutContext, block: ArticleBlock, measure: float, incoming: Jump | None = None
                 ) -> list[BodyLine]:
    paras: list[Para] = list(incoming.paras if incoming else ctx.page.copy.get(block.id, []))
    if block.continued and incoming is None:
        ctx.sink.warn("continued", block.id, "this block takes the rest of a story from another page of the "
                      "issue, and none came: the page is set on its own, or the story fits where it starts",
                      ctx.span(block.id, "continued"),
                      "batch the issue (paiban batch) to see the whole story; if it fits, remove the block")
    if block.byline:
        paras.append(Para("right", (Run(block.byline),), 0))
    lines = []
    for number, para in enumerate(paras):
        ctx.check_time(block.id)
        style = _para_style(ctx, block, para)
        where = ctx.page.copy_span(block.id, para) if para.line else ctx.span(block.id, "byline")
        composed = ctx.setter.compose_para(para, style, measure, block.id, where)
        lines += [BodyLine(composed, i, style, para, number) for i in range(len(composed.lines))]
    if lines:
        measure_check(ctx, block.id, "the body", measure / ctx.style(block.style).size,
                      ctx.page.spec.max_measure.body, ctx.span(block.id, "columns"))
    return lines


def _keeps(s: BodyLine) -> bool:
    keep = s.style.keep_with_next
    return s.source.kind == "head" if keep is None else keep


def _span(ctx: LayoutContext, block: ArticleBlock, s: BodyLine):
    return ctx.page.copy_span(block.id, s.source) if s.source.line else ctx.span(block.id, "byline")


def _line_findings(ctx: LayoutContext, block: ArticleBlock, lines: list[BodyLine]) -> None:
    """Lines broken against the prohibitions (forced) are a warning."""
    for s in lines:
        if s.para.lines[s.index].reason == "forced":
            ctx.sink.warn("forced", block.id, f"a line is broken against the line-start/line-end rules: "
                          f"{excerpt(s.para.line_text(s.index), 24)!r}", _span(ctx, block, s),
                          "reword the sentence or change the column width")


def _flow_findings(ctx: LayoutContext, block: ArticleBlock, lines: list[BodyLine], result: FlowResult,
                   columns: list[Rect], regions: list[Region], body: Rect) -> None:
    g = ctx.g
    per_line = round(columns[0].w / g.body) if columns else 0
    if result.overset_lines:
        first = lines[len(result.placements)]
        report_overflow(ctx, block.id, "the copy", result.overset_lines, result.overset_chars,
                        first.para.line_text(first.index), _span(ctx, block, first),
                        Rect(body.x, body.bottom - g.pitch, body.w, g.pitch), code="overset",
                        hint=_cut_hint(ctx, block, lines, result.overset_lines, per_line))
    elif result.short_lines >= SHORT_BAND_LINES and block.balance and regions:
        # 缺行: the empty band under the level feet, across the columns that reach the foot
        deepest = max(r.row + r.rows for r in regions)
        cols = [columns[r.column] for r in regions if r.row + r.rows == deepest]
        x0, x1 = min(c.x for c in cols), max(c.right for c in cols)
        band = result.short_lines * g.pitch
        empty = sum(r.rows for r in regions) - len(result.placements)
        chars = chars_to_add(empty, per_line)
        ctx.sink.warn("short", block.id, f"缺行: the copy leaves {empty} lines empty (≈{chars} 字), "
                      f"{result.short_lines} lines under the level feet", ctx.span(block.id),
                      short_hint(empty, per_line, result.short_lines),
                      where=(x0, body.y + deepest * g.pitch - band, x1 - x0, band),
                      lines=empty, chars=chars, band=result.short_lines)
    def cell(line: int) -> tuple[int, tuple[float, float, float, float]]:
        """The text column (1-based) a placed line is in, and its line cell (x, y, w, h)."""
        place = next(p for p in result.placements if p.line == line)
        region = regions[place.region]
        col = columns[region.column]
        return region.column + 1, (col.x, body.y + (region.row + place.row) * g.pitch, col.w, g.pitch)

    for line in result.widows:
        s = lines[line]
        column, where = cell(line)
        ctx.sink.warn("widow", block.id, f"孤行 at the top of text column {column}: "
                      f"{excerpt(s.para.line_text(s.index))!r}", _span(ctx, block, s), "cut or add a line",
                      where=where, column=column)
    for line in result.stranded:
        s = lines[line]
        column, where = cell(line)
        ctx.sink.warn("keep-with-next", block.id, f"the sub-head {excerpt(s.para.text)!r} ends text column "
                      f"{column}: its text starts in the next column", _span(ctx, block, s),
                      "cut or add a line before it, so that it moves with its text",
                      where=where, column=column)


def _jump(ctx: LayoutContext, block: ArticleBlock, lines: list[BodyLine], result: FlowResult) -> Jump:
    """The copy that does not fit this part, sent to the next; a note says where it goes."""
    first = lines[len(result.placements)]
    paras = list(ctx.incoming[block.id].paras) if block.id in ctx.incoming else list(ctx.page.copy.get(block.id, []))
    if block.byline:
        paras.append(Para("right", (Run(block.byline),), 0))
    to = block.continues
    here = ctx.page.spec.meta.page
    jump = Jump(block.id, "" if here is None else str(here), to.page, to.block,
                rest_of_copy(paras, first.number, first.para.lines[first.index].start),
                result.overset_lines, result.overset_chars, ctx.span(block.id, "continues"))
    ctx.sink.warn("continues", block.id, f"转版: the story continues on page {to.page} (block {to.block!r}): "
                  f"{jump.lines} 行, {jump.chars} 字", ctx.span(block.id, "continues"),
                  "paiban batch sets the whole story across the issue's pages", lines=jump.lines,
                  chars=jump.chars, page=to.page)
    return jump


def _jump_lines(ctx: LayoutContext, block: ArticleBlock, columns: list[Rect], regions: list[Region], body: Rect,
                out: BlockOut, incoming: Jump | None, jump: Jump | None) -> None:
    """（上接第M版） on the first line of the first column, （下转第N版） on the last line of
    the last: each beside the text it belongs to."""
    if not regions:
        return
    style = ctx.style(JUMP_STYLE)
    g = ctx.g
    for text, region, row, align in ((head_line(incoming.from_page) if incoming else None, regions[0], 0, "start"),
                                     (foot_line(jump.to_page) if jump else None, regions[-1], -1, "end")):
        if text is None:
            continue
        col = columns[region.column]
        cell_top = body.y + (region.row + (region.rows - 1 if row < 0 else 0)) * g.pitch
        para = ctx.setter.compose_text(text, style, col.w, block.id, align=align)
        out.items += line_runs(ctx, block.id, para, 0, col.x, baseline(cell_top, g.pitch, style.size), style,
                               col.w, ctx.span(block.id, "continues" if row < 0 else "continued"), pitch=g.pitch)


def _cut_hint(ctx: LayoutContext, block: ArticleBlock, lines: list[BodyLine], save: int, per_line: int) -> str:
    """拼版提示 for overset copy: the paragraphs whose last line is shortest, a line each."""
    ends = paragraph_ends((s.number, s.para.lines[s.index].end - s.para.lines[s.index].start) for s in lines)
    kinds = {s.number: s.source.kind for s in lines}
    sources = {s.number: _span(ctx, block, s) for s in lines if s.index == 0}
    return overset_hint(cuts(ends, save, lambda n: kinds[n] == "body"), sources, per_line)


def _para_style(ctx: LayoutContext, block: ArticleBlock, para: Para) -> ResolvedStyle:
    styles = ctx.page.styles
    if para.kind == "head":
        return styles.get("小标题", styles[block.style])
    if para.kind == "right" and "署名" in styles:
        return styles["署名"]
    return styles[block.style]
