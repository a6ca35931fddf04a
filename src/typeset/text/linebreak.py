"""Choose the line breaks of a paragraph.

:func:`break_lines` is the one entry point (a first-fit breaker); an optimal
(Knuth–Plass style) breaker can replace it behind the same signature.

Rules (clreq ``#prohibition_rules_for_line_start_end``, zh text: "先挤进，后推出"):
at each line the breaker knows two candidates, the furthest break whose line fits when
its punctuation is compressed (push-in, 挤进) and the furthest whose line fits at natural
width (push-out, 推出, the line is then spread). It takes push-in unless push-out changes
the spacing less. A paragraph whose last line would hold a single Han character (孤字,
clreq ``#adjustments_of_orphans_and_widows``) takes one more character from the line
before when that line can give one up.

Soft breaks (the spaces of a Latin phrase, see :mod:`.atoms`) are tried only when no
ordinary break fits or the best would leave the line less than half full; if nothing
fits at all, the line is forced (prohibitions ignored, reported as a problem).
Line widths come from prefix sums (:class:`Widths`), so a candidate costs O(1).
"""

from __future__ import annotations

from typing import NamedTuple

from .atoms import HAN_LATIN_SHRINK, WORD_SPACE_SHRINK, Atom
from .classes import Cls, is_han
from .model import ParaConfig, PunctStyle

EPS = 1e-6
LOOSE = 0.5  # a line filled less than this is too loose: soft breaks are tried too


class Fit(NamedTuple):
    """Widths of the candidate line atoms[start:end] (pt). A named tuple: one is made
    per break opportunity."""

    start: int
    end: int
    natural: float
    shrink: float
    gaps: int


class Widths:
    """Prefix sums over a paragraph's atoms, so that any candidate line's widths are
    found in constant time (the breaker tries every break opportunity of a line)."""

    __slots__ = ("atoms", "punct", "width", "glue", "blank", "glue_shrink", "space_shrink", "solid")

    def __init__(self, atoms: list[Atom], punct: PunctStyle) -> None:
        self.atoms = atoms
        self.punct = punct
        width = [0.0]
        glue = [0.0]
        blank = [0.0]
        glue_shrink = [0.0]
        space_shrink = [0.0]
        solid = []  # index of the last non-space atom at or before i (-1: none)
        w = g = b = gs = ss = 0.0
        last_solid = -1
        space = Cls.SPACE
        for i, a in enumerate(atoms):
            w += a.width
            g += a.glue
            b += a.blank_left + a.blank_right
            if a.glue:
                gs += HAN_LATIN_SHRINK * a.em
            if a.cls is space:
                ss += WORD_SPACE_SHRINK * a.em
            else:
                last_solid = i
            width.append(w)
            glue.append(g)
            blank.append(b)
            glue_shrink.append(gs)
            space_shrink.append(ss)
            solid.append(last_solid)
        self.width, self.glue, self.blank = width, glue, blank
        self.glue_shrink, self.space_shrink, self.solid = glue_shrink, space_shrink, solid

    def fit(self, start: int, end: int) -> Fit:
        """Natural width, total shrinkability and gap count of atoms[start:end] as a line.

        The line-end rules apply here: a trailing space takes no width, a closing mark at
        the end loses its blank half (GB/T 15834 §5.1.10) except in 全角 style, where it
        is only shrinkable, and the glue after the last atom is dropped."""
        last = self.solid[end - 1]
        if last < start:
            last = start
        stop = last + 1
        natural = (self.width[stop] - self.width[start]) + (self.glue[last] - self.glue[start])
        shrink = ((self.blank[stop] - self.blank[start])
                  + (self.glue_shrink[last] - self.glue_shrink[start])
                  + (self.space_shrink[stop] - self.space_shrink[start]))
        tail = self.atoms[last]
        if tail.blank_right and self.punct is not PunctStyle.QUANJIAO:
            natural -= tail.blank_right
            shrink -= tail.blank_right
        return Fit(start, end, natural, shrink, last - start)

    def punct_blanks(self, fit: Fit) -> float:
        """Blank halves of the marks in a line, less the line-end one (already gone)."""
        return self.blank[fit.end] - self.blank[fit.start] - self.atoms[fit.end - 1].blank_right


def break_lines(atoms: list[Atom], config: ParaConfig, em: float) -> list[tuple[Fit, str]]:
    """Return the lines as (fit, reason) in order."""
    lines: list[tuple[Fit, str]] = []
    widths = Widths(atoms, config.punct)
    start, n = 0, len(atoms)
    while start < n:
        measure = config.measure - em * (config.indent_first if not lines else config.indent_rest)
        fit, reason = _next_line(widths, start, measure)
        lines.append((fit, reason))
        start = fit.end
    if lines:
        lines[-1] = (lines[-1][0], "last")
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
        if not a.breakable and not (soft and a.soft):
            continue
        fit = widths.fit(start, end)
        if fit.natural <= measure + EPS:
            push_out = fit
            push_in = None
        elif fit.natural - fit.shrink <= measure + EPS:
            push_in = fit
        else:
            break
    if end >= n and push_out is not None and push_out.end == n:
        return push_out, "fit"
    if not soft and push_in is None and (push_out is None or push_out.natural < LOOSE * measure):
        return _next_line(widths, start, measure, soft=True)  # a Latin phrase longer than the line
    if push_in is None and push_out is None:
        return _forced(widths, start, measure)
    if push_in is None:
        assert push_out is not None
        return push_out, "fit" if abs(push_out.natural - measure) < EPS else "push-out"
    if push_out is None:
        return push_in, "push-in"
    # Taking up to the blank halves of marks is ordinary punctuation compression, so
    # push-in wins while it needs no more than that; when it must also squeeze
    # Han–Latin glue or word spaces, take whichever changes the spacing less.
    over = push_in.natural - measure
    blanks = widths.punct_blanks(push_in)
    if over <= blanks + EPS:
        return push_in, "push-in"
    squeeze = (over - blanks) / max(push_in.gaps, 1)
    spread = (measure - push_out.natural) / max(push_out.gaps, 1)
    return (push_in, "push-in") if squeeze <= spread + EPS else (push_out, "push-out")


def _forced(widths: Widths, start: int, measure: float) -> tuple[Fit, str]:
    """No legal break fits: take the longest run of atoms that fits, ignoring the
    prohibitions (reported), or a single atom wider than the measure (overfull)."""
    best = None
    for end in range(start + 1, len(widths.atoms) + 1):
        fit = widths.fit(start, end)
        if fit.natural - fit.shrink > measure + EPS:
            break
        best = fit
    if best is None:
        return widths.fit(start, start + 1), "overfull"
    return best, "forced"


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
        if not atoms[end - 1].breakable:
            continue
        fit = widths.fit(prev.start, end)
        if fit.natural > measure + EPS:
            continue
        rest = widths.fit(end, last.end)
        rest_measure = config.measure - em * config.indent_rest
        if rest.natural - rest.shrink <= rest_measure + EPS and (measure - fit.natural) <= em * 2 + EPS:
            lines[-2] = (fit, "push-out")
            lines[-1] = (rest, "last")
        return
