"""Choose the line breaks of a paragraph (after Typst's ``inline/linebreak.rs``).

:func:`linebreak_simple` is the first-fit breaker ("先挤进，后推出"), chosen per style;
:func:`.optimal.linebreak_optimized` (total fit) is the default, and
:func:`typeset.text.break_lines` hands a paragraph to the one its style asks for. Both
measure candidate lines with the one :class:`~.line.Widths.fit`, which owns the
line-edge rules (and :func:`.line.forced_line`, the line taken when no legal break fits).

The first-fit rules (clreq ``#prohibition_rules_for_line_start_end``, zh text): at each
line the breaker knows two candidates, the furthest break whose line fits when its
punctuation is compressed (push-in, 挤进) and the furthest whose line fits at natural
width (push-out, 推出, the line is then spread). It takes push-in unless push-out changes
the spacing less. A paragraph whose last line would hold a single Han character (孤字,
clreq ``#adjustments_of_orphans_and_widows``) takes one more character from the line
before when that line can give one up.

Discouraged breaks (the spaces of a Latin phrase, the break points inside a URL or a
word wider than the measure, see :mod:`.atoms`) are tried only when no ordinary break
fits or the best would leave the line less than half full; if nothing fits at all, the
line is forced (prohibitions ignored, reported as a problem).
"""

from __future__ import annotations

from .classes import Cls, is_han
from .line import EPS, Fit, Widths, forced_line
from .model import ParaConfig

LOOSE = 0.5  # a line filled less than this is too loose: soft breaks are tried too


def linebreak_simple(widths: Widths, config: ParaConfig, em: float) -> list[tuple[Fit, str]]:
    """First fit: each line as full as push-in allows, then the 孤字 fix."""
    lines: list[tuple[Fit, str]] = []
    start, n = 0, len(widths.atoms)
    while start < n:
        measure = config.measure - em * (config.indent_first if not lines else config.indent_rest)
        fit, reason = _next_line(widths, start, measure)
        lines.append((fit, reason))
        start = fit.end
    if lines:
        lines[-1] = (lines[-1][0], "last" if lines[-1][1] not in ("forced", "overfull") else lines[-1][1])
    if config.orphan_control and len(lines) >= 2:
        _fix_orphan(widths, lines, config, em)
    return lines


def _next_line(widths: Widths, start: int, measure: float, soft: bool = False) -> tuple[Fit, str]:
    """The next line from ``start``; ``soft`` also allows the soft breaks (between
    Latin words), which are tried only when no ordinary break fits."""
    atoms = widths.atoms
    n = len(atoms)
    push_in: Fit | None = None
    push_out: Fit | None = None
    running = 0.0
    end = start
    while end < n:
        a = atoms[end]
        running += a.width - a.blank_left - a.blank_right
        end += 1
        if running > measure + 2 * a.em:
            break  # past the measure even fully compressed: no later break can fit
        penalty = a.penalty
        if penalty is None or (penalty and not soft):
            continue
        fit = widths.fit(start, end)
        if fit.natural <= measure + EPS:
            push_out = fit
            push_in = None
        elif fit.natural - fit.shrink - fit.shrink2 <= measure + EPS:
            push_in = fit
        else:
            break
    if end >= n and push_out is not None and push_out.end == n:
        return push_out, "fit"
    if not soft and push_in is None and (push_out is None or push_out.natural < LOOSE * measure):
        return _next_line(widths, start, measure, soft=True)  # a Latin phrase longer than the line
    if push_in is None and push_out is None:
        return forced_line(widths, start, measure)
    if push_in is None:
        assert push_out is not None
        return push_out, "fit" if abs(push_out.natural - measure) < EPS else "push-out"
    if push_out is None:
        return push_in, "push-in"
    # Taking up to the blank halves of marks is ordinary punctuation compression, so
    # push-in wins while it needs no more than that; when it must also squeeze
    # Han–Latin glue or word spaces, take whichever changes the spacing less.
    over = push_in.natural - measure
    blanks = push_in.shrink
    if over <= blanks + EPS:
        return push_in, "push-in"
    squeeze = (over - blanks) / max(push_in.gaps, 1)
    spread = (measure - push_out.natural) / max(push_out.gaps, 1)
    return (push_in, "push-in") if squeeze <= spread + EPS else (push_out, "push-out")


def _fix_orphan(widths: Widths, lines: list[tuple[Fit, str]], config: ParaConfig, em: float) -> None:
    atoms = widths.atoms
    last, _ = lines[-1]
    han = sum(1 for a in atoms[last.start:last.end] if a.cls is Cls.HAN and is_han(a.text[0]))
    others = sum(1 for a in atoms[last.start:last.end] if a.cls not in (Cls.HAN, Cls.CLOSE, Cls.MIDDLE))
    if han != 1 or others:
        return
    prev, _ = lines[-2]
    indent = config.indent_first if len(lines) == 2 else config.indent_rest
    measure = config.measure - em * indent
    for end in range(last.start - 1, prev.start + 1, -1):
        if atoms[end - 1].penalty != 0.0:
            continue
        fit = widths.fit(prev.start, end)
        if fit.natural > measure + EPS:
            continue
        rest = widths.fit(end, last.end)
        rest_measure = config.measure - em * config.indent_rest
        if rest.natural - rest.shrink - rest.shrink2 <= rest_measure + EPS and (measure - fit.natural) <= em * 2 + EPS:
            lines[-2] = (fit, "push-out")
            lines[-1] = (rest, "last")
        return
