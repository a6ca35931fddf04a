"""Display text set as a stack of lines inside a rectangle: headlines (引题/主题/副题),
mastheads, text blocks, labels. Each line of copy may wrap to the rectangle's width;
tracking is allowed for in the measure; lines that find no room below are left out and
reported as ``overflow`` at the key they come from."""

from __future__ import annotations

import math
from dataclasses import dataclass

from ..spec.validate import ResolvedStyle
from ..text import Paragraph
from .context import LayoutContext
from .display import SetLine, TextRun
from .fitting import EPS, line_runs, report_overflow, tracked_width, tracking_shift
from .grid import Rect, baseline
from .textset import line_edges


@dataclass(frozen=True, slots=True)
class StackLine:
    """One line of display copy: its text, style, alignment and the key it is written at."""

    text: str
    style: ResolvedStyle
    align: str | None
    key: tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class StackedLine:
    para: Paragraph
    index: int
    source: StackLine


@dataclass(frozen=True, slots=True)
class Stack:
    runs: list[TextRun]
    height: float    # of the lines set
    lines: int       # lines set
    placed: list[SetLine]  # where each line of a headline (key ``headline``) was set


def compose_stack(ctx: LayoutContext, block: str, lines: list[StackLine], width: float) -> list[StackedLine]:
    """Compose each line of copy to ``width`` (less its tracking), wrapping where needed."""
    out = []
    for source in lines:
        para = _compose(ctx, block, source, width)
        out += [StackedLine(para, i, source) for i in range(len(para.lines))]
    return out


def _compose(ctx: LayoutContext, block: str, source: StackLine, width: float) -> Paragraph:
    style, measure = source.style, width
    where = ctx.span(block, *source.key)
    for _ in range(4):  # tracking widens a line after composition: narrow the measure until it fits
        para = ctx.setter.compose_text(source.text, style, measure, block, align=source.align, where=where)
        excess = max((tracked_width(para, i, style, style.tracking) for i in range(len(para.lines))),
                     default=0.0) - width
        if excess <= EPS or not style.tracking:
            return para
        measure = max(style.size, measure - excess)
    return para


def stack_height(set_lines: list[StackedLine]) -> float:
    return sum(s.source.style.leading for s in set_lines)


def set_stack(ctx: LayoutContext, block: str, set_lines: list[StackedLine], rect: Rect, what: str,
              valign: str = "center", hint: str | None = None) -> Stack:
    """Draw composed display lines one under another inside ``rect`` (centred in its height
    when they fit); the lines that do not fit under the first are reported, not drawn
    (with ``hint``, what would fit them)."""
    fits, height = 0, 0.0
    for s in set_lines:
        if height + s.source.style.leading > rect.h + EPS:
            break
        height += s.source.style.leading
        fits += 1
    if fits < len(set_lines):
        lost = set_lines[fits:]
        chars = sum(s.para.lines[s.index].end - s.para.lines[s.index].start for s in lost)
        first = lost[0]
        band_h = min(rect.h, first.source.style.leading)
        report_overflow(ctx, block, what, len(lost), chars, first.para.line_text(first.index),
                        ctx.span(block, *first.source.key), Rect(rect.x, rect.bottom - band_h, rect.w, band_h),
                        hint=hint)
        valign = "top"
    y = rect.y + (rect.h - height) / 2 if valign == "center" else rect.y
    runs: list[TextRun] = []
    placed: list[SetLine] = []
    for s in set_lines[:fits]:
        style = s.source.style
        x = rect.x + tracking_shift(s.para, s.index, style, s.source.align or style.align)
        runs += line_runs(ctx, block, s.para, s.index, x, baseline(y, style.leading, style.size), style,
                          rect.w - (x - rect.x), ctx.span(block, *s.source.key), style.tracking, style.leading)
        if ctx.record_lines and s.source.key[0] in ("headline", "lines"):
            line = s.para.lines[s.index]
            part, para = (str(s.source.key[1]), 0) if s.source.key[0] == "headline" else ("lines", s.source.key[1])
            placed.append(SetLine(block, part, para, line.start, line.end,
                                  line_edges(s.para, s.index, x, style.tracking * style.size), y, style.leading))
        y += style.leading
    return Stack(runs, height, fits, placed)


def rows_for(height: float, pitch: float) -> int:
    """Whole body lines that hold ``height`` pt of display text."""
    return max(1, math.ceil(height / pitch - 1e-6))
