"""The CJK composer: turn a styled paragraph into lines of positioned glyphs.

``compose`` reads as its steps (after Typst's ``layout_inline_impl``):
collect atoms (classify, measure, glue, adjacent-mark compression, break
opportunities) → choose breaks (total fit by default, first fit on request; see
:func:`break_lines`) → set each line (compress or spread, position glyphs). Pure Python: no ReportLab, no fontTools; font
metrics come in through the :class:`~typeset.text.model.Metrics` protocol.
"""

from __future__ import annotations

from .atoms import Atom, collect
from .justify import set_line
from .line import Fit, Widths
from .linebreak import linebreak_simple
from .optimal import linebreak_optimized
from .model import (
    Align, Glyph, Line, Metrics, ParaConfig, Paragraph, PunctStyle, RunStyle, Span,
)

__all__ = [
    "Align", "Glyph", "Line", "Metrics", "ParaConfig", "Paragraph", "PunctStyle",
    "RunStyle", "Span", "break_lines", "compose",
]


def compose(spans: list[Span], styles: list[RunStyle], config: ParaConfig,
            metrics: Metrics) -> Paragraph:
    """Compose one paragraph to ``config.measure`` pt."""
    em = styles[spans[0].style].size if spans else styles[0].size
    narrowest = config.measure - em * max(config.indent_first, config.indent_rest)
    text, atoms = collect(spans, styles, metrics, config.punct, config.strict, narrowest)
    if not atoms:
        return Paragraph(text, ())
    chosen = break_lines(atoms, config, em)
    lines = []
    problems = []
    for i, (fit, reason) in enumerate(chosen):
        indent = em * (config.indent_first if i == 0 else config.indent_rest)
        last = i == len(chosen) - 1
        align = config.last_align if last and config.align is Align.JUSTIFY else config.align
        line = set_line(atoms, fit, reason, config.measure - indent, indent, align, last)
        if reason in ("forced", "overfull"):
            problems.append(f"line {i + 1} {reason}: {text[line.start:line.end]!r}")
        lines.append(line)
    return Paragraph(text, tuple(lines), tuple(problems))


def break_lines(atoms: list[Atom], config: ParaConfig, em: float) -> list[tuple[Fit, str]]:
    """Return the lines as (fit, reason) in order, by the breaker of ``config``."""
    widths = Widths(atoms, config.punct)
    if config.breaker == "greedy":
        return linebreak_simple(widths, config, em)
    return linebreak_optimized(widths, config, em)
