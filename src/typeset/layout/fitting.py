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
MAX_KEPT = 100_000     # lines kept as runs
_RUNS = ("line runs",)  # key, in a resident process's paragraph memo, of the memo of lines made into runs


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
    runs = _runs(ctx, para, i, x, y, style, tracking)
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


def _runs(ctx: LayoutContext, para: Paragraph, i: int, x: float, y: float, style: ResolvedStyle,
          tracking: float) -> list[TextRun]:
    """``Setter.runs``, remembered in a resident process: a paragraph the memo gave back
    unchanged, set at the same place, gives the same runs (an edit re-places only the
    lines it moved). The faces the runs use are recorded for the page as a new call
    would; a line with characters no font has (which adds proof marks) is not kept."""
    setter = ctx.setter
    if setter.memo is None:
        return setter.runs(para, i, x, y, style, tracking)
    kept = setter.memo.setdefault(_RUNS, {})
    if len(kept) > MAX_KEPT:
        kept.clear()
    key = (id(para), i, x, y, style.font, style.size, style.color, tracking)
    hit = kept.get(key)
    if hit is not None and hit[0] is para:  # the very paragraph (an id can be reused)
        for name, path, advances in hit[2]:
            if name not in setter.faces:
                setter.faces[name] = path
                setter.advances[name] = advances
        return list(hit[1])
    marks = len(setter.marks)
    runs = setter.runs(para, i, x, y, style, tracking)
    if len(setter.marks) == marks:
        faces = tuple((name, setter.faces[name], setter.advances[name]) for name in {r.font for r in runs})
        kept[key] = (para, tuple(runs), faces)
    return runs


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
