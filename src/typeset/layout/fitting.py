"""Fitting set lines to their area, and the findings when they do not fit.

Nothing is drawn outside a block's area: a composed line wider than its measure
(``overfull``: an unbreakable run) is reported as an error and drawn only as far as
its column reaches, the rest marked in the proof; lines that find no room are left
out and reported (``overflow``, ``overset``) in lines and 字, with their first
characters, at the key or copy line they come from."""

from __future__ import annotations

from ..errors import Span
from ..spec.validate import ResolvedStyle
from ..text import Paragraph
from .context import LayoutContext
from .display import TextRun
from .grid import EM_BOX_BASELINE, Rect

EPS = 0.01  # pt: rounding slack when comparing extents


def excerpt(text: str, n: int = 12) -> str:
    text = text.strip()
    return text if len(text) <= n else text[:n] + "…"


def tracked_width(para: Paragraph, i: int, style: ResolvedStyle, tracking: float) -> float:
    """Width of line ``i`` with ``tracking`` em added after every glyph but the last."""
    line = para.lines[i]
    return line.width + max(0, len(line.glyphs) - 1) * tracking * style.size


def tracking_shift(para: Paragraph, i: int, style: ResolvedStyle, align: str) -> float:
    """Tracking widens a line after composition: how far to move a centred or end-aligned
    line back (pt, negative) so that it stays centred or flush, never before its column."""
    line = para.lines[i]
    if not style.tracking or not line.glyphs:
        return 0.0
    extra = tracked_width(para, i, style, style.tracking) - line.width
    shift = extra / 2 if align == "center" else extra if align == "end" else 0.0
    return -min(shift, line.glyphs[0].x)


def line_runs(ctx: LayoutContext, block: str, para: Paragraph, i: int, x: float, y: float,
              style: ResolvedStyle, measure: float, span: Span | None, tracking: float = 0.0,
              pitch: float | None = None) -> list[TextRun]:
    """Display runs of composed line ``i`` at (x, baseline y) in a column ``measure`` wide.
    An overfull line is an error; only its glyphs that end inside the column are drawn."""
    runs = ctx.setter.runs(para, i, x, y, style, tracking)
    if para.lines[i].reason != "overfull" and tracked_width(para, i, style, tracking) <= measure + EPS:
        return runs
    right = x + measure + EPS
    inside = [r for r in runs if x - EPS <= ctx.setter.ink(r)[0] and ctx.setter.ink(r)[1] <= right]
    if len(inside) < len(runs) or para.lines[i].reason == "overfull":
        text = para.line_text(i)
        cell = pitch or style.leading
        top = y - (cell - style.size) / 2 - EM_BOX_BASELINE * style.size  # the line's cell
        ctx.sink.error("overfull", block,
                       f"a line is wider than its {measure / style.size:.1f}-字 column: {excerpt(text, 24)!r}",
                       span, "break the long run (a URL, an address, a long word) or widen the column",
                       where=(x, top, measure, cell), chars=len(text), width=round(tracked_width(
                           para, i, style, tracking), 2), measure=round(measure, 2))
    return inside


def report_overflow(ctx: LayoutContext, block: str, what: str, lines: int, chars: int, first: str,
                    span: Span | None, band: Rect, code: str = "overflow", hint: str | None = None) -> None:
    """``lines`` lines (``chars`` 字) of ``what`` found no room in the block's area;
    ``hint`` says what would fit it (``copyfit``), before the general advice."""
    advice = "cut the text, set it smaller, or give the block more lines or columns"
    ctx.sink.error(code, block, f"{what} does not fit its area: {chars} 字 in {lines} 行 left out, "
                   f"from {excerpt(first)!r}", span, f"{hint}; or {advice}" if hint else advice,
                   where=band.as_tuple(), lines=lines, chars=chars)


def measure_check(ctx: LayoutContext, block: str, what: str, chars: float, limit: float, where) -> None:
    """A line longer than the layout's readable measure is hard to follow: a warning."""
    if chars > limit + 0.5:
        ctx.sink.warn("measure", block, f"{what} is set {chars:.0f} 字 wide, over the readable measure "
                      f"of {limit:g} 字", where, "set it in more columns (`columns:`), or narrower",
                      chars=round(chars), limit=limit)
