"""竖排 (vertical) text blocks: each line of copy is a paragraph composed by the one
composer (:func:`typeset.text.compose`, the same 禁则 and punctuation compression as
horizontal text) to the block's height as its measure, and broken into as many columns
as it needs. Columns run right to left, one leading apart, their tops on the block's
top; the group of columns is centred in the block's width. Columns that find no room
across the block are reported as ``overflow``, not drawn.

Glyphs: Han and marks upright, one em cell each, marks in their vertical presentation
form; a number of one or two digits across its cell (纵中横); longer Latin and digit
runs turned 90° clockwise along the column (clreq
``#mixed_text_composition_in_vertical_writing_mode``). The style's ``tracking`` is added
after every glyph of a column but the last, as across, and allowed for in the measure.
A vertical form is set where its outline's ink (read from the font, :mod:`typeset.fonts.ink`)
falls inside the part of its cell the composer kept: a compressed mark keeps half a
cell, and the font, not the mark's class, says which half its ink is in."""

from __future__ import annotations

from dataclasses import replace

from ...spec.validate import ResolvedStyle
from ...text import Align, Paragraph, RunStyle, Span, compose
from ...text.vertical import TCY, tate_chu_yoko, turned, vertical_form
from ..context import LayoutContext
from ..display import SetLine, TextRun
from ..fitting import EPS, excerpt, report_overflow, tracked_width
from ..grid import EM_BOX_BASELINE, Rect
from ..textset import BOLD_ROLE, line_edges

TURNED = 90.0  # degrees clockwise: a Latin run reads down the column, its tops to the right


class _VerticalMetrics:
    """The fonts' advances, with a 纵中横 stand-in one em long down the column."""

    def __init__(self, fonts) -> None:
        self.fonts = fonts

    def advance(self, role: str, ch: str) -> float:
        return 1.0 if ch == TCY else self.fonts.advance(role, ch)


def vertical_lines(ctx: LayoutContext, block: str, lines: list[str], style: ResolvedStyle,
                   rect: Rect, align: str | None = None, placed: list[SetLine] | None = None) -> list[TextRun]:
    """Compose ``lines`` as vertical paragraphs in ``rect`` and return their runs. Each
    column but a paragraph's last is justified to the height; ``distribute`` (均排)
    spreads every column, the last too, to the full height. Where each column's copy was
    set goes to ``placed`` when the page records it (the proof diff)."""
    size, pitch = style.size, style.leading
    metrics = _VerticalMetrics(ctx.setter.fonts)
    styles = [RunStyle(style.font, size), RunStyle(BOLD_ROLE.get(style.font, style.font), size)]
    config = ctx.setter.config(style, rect.h, "flush", align)
    if config.align is not Align.DISTRIBUTE:  # 均排 fills each column; else tops on the block's top
        config = replace(config, align=Align.JUSTIFY, last_align=Align.START)
    columns: list[tuple[Paragraph, int, int, list[str]]] = []  # para, line, copy line, 纵中横 runs
    for k, line in enumerate(lines):
        ctx.setter.check("".join(vertical_form(ch) for ch in line), style.font, block,
                         ctx.span(block, "lines", k))
        text, runs = tate_chu_yoko(line)
        para = _compose(text, styles, config, metrics, rect.h, style)
        columns += [(para, i, k, runs) for i in range(len(para.lines))]
    room = min(len(columns), int((rect.w + EPS) // pitch))
    x_right = rect.x + (rect.w + pitch * room) / 2
    out: list[TextRun] = []
    for j, (para, i, k, runs) in enumerate(columns[:room]):
        x_cell = x_right - (j + 1) * pitch + (pitch - size) / 2
        out += _column(ctx, block, para, i, runs, x_cell, rect, style, k)
        if ctx.record_lines and placed is not None:
            placed.append(_set_line(block, k, para, i, runs, rect.y, style, x_cell))
    if room < len(columns):
        lost = columns[room:]
        chars = sum(p.lines[i].end - p.lines[i].start for p, i, _, _ in lost)
        para, i, k, runs = lost[0]
        report_overflow(ctx, block, "the vertical text", len(lost), chars, _copy(para, i, runs),
                        ctx.span(block, "lines", k), Rect(rect.x, rect.y, min(pitch, rect.w), rect.h))
    return out


def _compose(text: str, styles: list[RunStyle], config, metrics, height: float, style: ResolvedStyle
             ) -> Paragraph:
    """Compose ``text`` into columns that, tracked, fit ``height``. Tracking adds after
    every glyph of a column but the last, so a column of n glyphs is composed to
    ``height − (n − 1) × tracking``: n is first what 1-em glyphs allow, then the most
    glyphs a column took, until every column fits."""
    step = style.tracking * style.size
    if not step:
        return compose([Span(text)], styles, replace(config, measure=height), metrics)
    n = max(1, int((height + step) // (style.size + step)))
    for _ in range(6):
        para = compose([Span(text)], styles, replace(config, measure=max(style.size, height - (n - 1) * step)),
                       metrics)
        if max(tracked_width(para, i, style, style.tracking) for i in range(len(para.lines))) <= height + EPS:
            break
        most = max(len(line.glyphs) for line in para.lines)
        n = most if most > n else n + 1
    return para


def _copy(para: Paragraph, i: int, runs: list[str]) -> str:
    """The copy of line ``i`` as written (纵中横 runs put back)."""
    line = para.lines[i]
    taken = iter(runs[para.text.count(TCY, 0, line.start):])
    return "".join(next(taken) if ch == TCY else ch for ch in para.text[line.start:line.end])


def _column(ctx: LayoutContext, block: str, para: Paragraph, i: int, runs: list[str], x_cell: float,
            rect: Rect, style: ResolvedStyle, k: int) -> list[TextRun]:
    """The runs of composed line ``i`` set down one column whose em cells start at x_cell."""
    size, fonts = style.size, ctx.setter.fonts
    line = para.lines[i]
    if line.reason == "overfull":
        ctx.sink.error("overfull", block, f"a column is longer than the block's {rect.h / size:.1f}-字 "
                       f"height: {excerpt(_copy(para, i, runs), 24)!r}", ctx.span(block, "lines", k),
                       "break the long run (a URL, a long word) or give the block more height",
                       where=(x_cell, rect.y, size, rect.h), chars=line.end - line.start)
    taken = iter(runs[para.text.count(TCY, 0, line.start):])
    role_of = (style.font, BOLD_ROLE.get(style.font, style.font))
    step = style.tracking * size
    kept = _kept(line, fonts, role_of, size, step)
    out: list[TextRun] = []
    for k, g in enumerate(line.glyphs):
        role, y = role_of[g.style], rect.y + g.x + k * step
        if turned(g.text):
            for r in ctx.setter.place(g.text, role, 0.0, 0.0, style, g.hscale):
                out.append(r._replace(x=x_cell + (1 - EM_BOX_BASELINE) * size, y=y + r.x, angle=TURNED))
            continue
        for ch in g.text:
            if ch == TCY:
                digits = next(taken)
                width = sum(fonts.advance(role, c) for c in digits) * size
                scale = min(1.0, size / width) if width else 1.0
                out += ctx.setter.place(digits, role, x_cell + (size - width * scale) / 2,
                                        y + EM_BOX_BASELINE * size, style, scale)
                y += size
                continue
            form = vertical_form(ch)
            across = fonts.advance(role, form) * size
            if form != ch and len(g.text) == 1:
                y += _ink_shift(ctx.setter.glyph_ink(role, form), y, rect.y + kept[k][0], rect.y + kept[k][1], size)
            out += ctx.setter.place(form, role, x_cell + (size - across) / 2, y + EM_BOX_BASELINE * size, style)
            y += fonts.advance(role, ch) * size
    return out


def _set_line(block: str, k: int, para: Paragraph, i: int, runs: list[str], top: float, style: ResolvedStyle,
              x_cell: float) -> SetLine:
    """Where column ``i`` of copy line ``k`` was set, counted in the copy's own characters
    (the digits of a 纵中横 run share its cell): page y down the column, its em cell across."""
    line = para.lines[i]
    edges = line_edges(para, i, top, style.tracking * style.size)
    before = para.text.count(TCY, 0, line.start)
    taken = iter(runs[before:])
    start = line.start + sum(len(r) - 1 for r in runs[:before])
    out: list[float] = []
    for j, ch in enumerate(para.text[line.start:line.end]):
        if ch == TCY:
            digits = next(taken)
            out += [edges[j] + (edges[j + 1] - edges[j]) * m / len(digits) for m in range(len(digits))]
        else:
            out.append(edges[j])
    out.append(edges[-1])
    return SetLine(block, "lines", k, start, start + len(out) - 1, tuple(out), x_cell, style.size, vertical=True)


def _kept(line, fonts, role_of, size: float, step: float) -> list[tuple[float, float]]:
    """The part of the column each glyph of ``line`` was given (pt from its top): from
    where the glyph or the previous one's part ends, to where its advance or the next
    glyph begins (a compressed mark keeps half its cell; the line's width ends the last)."""
    starts = [g.x + k * step for k, g in enumerate(line.glyphs)]
    bounds = [*starts[1:], line.width + max(0, len(starts) - 1) * step]
    out, end = [], 0.0
    for g, x, nxt in zip(line.glyphs, starts, bounds):
        length = sum(fonts.advance(role_of[g.style], c) for c in g.text) * size * g.hscale
        start, end = max(x, end), max(max(x, end), min(x + length, nxt))
        out.append((start, end))
    return out


def _ink_shift(ink, top: float, start: float, end: float, size: float) -> float:
    """How far to move a glyph whose em box starts at ``top`` down the column so that its
    ink (the font's outline bounds, em, y up from the baseline) lies in [start, end]:
    not at all when it does, or when it is longer (a font not drawn for compression); else
    the least move that puts it there."""
    if ink is None:
        return 0.0
    ink_top = top + (EM_BOX_BASELINE - ink[3]) * size
    ink_bottom = top + (EM_BOX_BASELINE - ink[1]) * size
    if ink_bottom - ink_top > end - start + EPS:
        return 0.0
    if ink_top < start - EPS:
        return start - ink_top
    if ink_bottom > end + EPS:
        return end - ink_bottom
    return 0.0
