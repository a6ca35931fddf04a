"""One candidate line: its widths, how it is adjusted to the measure, and what that costs.

This module owns the line-edge rules, for the breakers and for setting alike:
- a closing mark at the line end loses its blank half (GB/T 15834 §5.1.10), except in
  全角 style, where it is only compressible; trailing spaces take no width; the glue after
  the last atom is dropped; a break at a hyphenation point adds the hyphen;
- an opening mark at the start of a continuation line loses its blank half
  (clreq ``#h-compression_of_punctuation_marks_at_line_start``), on every such line.

Adjustment follows the clreq/jlreq order (``#procedures_for_inter-character_spacing_
reduction`` and ``..._expansion``). A line that is too long first compresses the
compressible blank halves of its mid-line marks and its word spaces (all occurrences by
the same fraction), then its Han–Latin glue from ¼ to ⅛ em; a line that is too short
first widens its Han–Latin glue (to ½ em) and word spaces, then spreads every remaining
gap between characters evenly (never inside a Latin word or number).

:func:`Widths.fit` is O(1) from prefix sums; :func:`adjust` gives the ratios of each
stage and the badness the optimal breaker minimises.
"""

from __future__ import annotations

from typing import NamedTuple

from .atoms import (
    HAN_LATIN_SHRINK, HAN_LATIN_STRETCH, WORD_SPACE_SHRINK, WORD_SPACE_STRETCH, Atom,
)
from .classes import Cls
from .model import PunctStyle

EPS = 1e-6
INFEASIBLE = float("inf")


class Fit(NamedTuple):
    """Widths of the candidate line atoms[start:end] (pt). A named tuple: one is made
    per candidate."""

    start: int
    end: int
    natural: float    # width at natural spacing, line-edge rules applied
    shrink: float     # stage 1: compressible mark blanks and word-space shrink
    shrink2: float    # stage 2: Han–Latin glue shrink
    stretch: float    # stage A: Han–Latin glue and word-space stretch
    gaps: int         # stage B: gaps that may be spread
    letters: int      # last resort, a line without gaps: gaps between the letters of a split run
    head: float       # blank removed from the opening mark at the line start
    tail: float       # blank removed from the closing mark at the line end


class Adjust(NamedTuple):
    """How a line is brought to the measure: fractions of each stage and the spread."""

    squeeze: float    # fraction of stage 1 taken
    squeeze2: float   # fraction of stage 2 taken
    widen: float      # fraction of stage A given
    spread: float     # pt added at each gap (stage B)
    badness: float


class Widths:
    """Prefix sums over a paragraph's atoms, so that any candidate line's widths are
    found in constant time. The line-edge rules are folded into the per-atom arrays
    ``end_*`` (the atom ends a line) and ``start_*`` (the atom starts one): a line
    atoms[i:j] whose last visible atom is ``l`` is ``end_x[l] - start_x[i]``."""

    __slots__ = ("atoms", "punct", "width", "solid", "end_natural", "start_natural",
                 "end_shrink", "start_shrink", "glue_shrink", "end_stretch", "start_stretch",
                 "gaps", "letters", "head", "tail", "hyphen")

    def __init__(self, atoms: list[Atom], punct: PunctStyle) -> None:
        self.atoms = atoms
        self.punct = punct
        edges = punct is not PunctStyle.QUANJIAO
        width, solid = [0.0], []
        end_nat, start_nat, end_shr, start_shr = [], [], [], []
        gshrink, end_str, start_str, gaps, head, tail, hyphen = [], [], [], [], [], [], []
        letters, nl = [], 0
        w = g = q = gs = gx = ss = sx = 0.0
        n = 0
        last_solid = -1
        space = Cls.SPACE
        for i, a in enumerate(atoms):
            h = a.blank_left if edges and i else 0.0
            head.append(h)
            start_nat.append(w + g + h)
            start_shr.append(q + ss + (a.squeeze_left if h else 0.0))
            start_str.append(gx + sx)
            gshrink.append(gs)
            gaps.append(n)
            letters.append(nl)
            w += a.width
            q += a.squeeze_left + a.squeeze_right
            if a.cls is space:
                ss += WORD_SPACE_SHRINK * a.em
                sx += WORD_SPACE_STRETCH * a.em
            else:
                last_solid = i
            t = a.blank_right if edges else 0.0
            tail.append(t)
            hyphen.append(a.hyphen)
            end_nat.append(w + g - t)  # glue after the last atom is not counted
            end_shr.append(q + ss - (a.squeeze_right if t else 0.0))
            end_str.append(gx + sx)
            if a.glue:
                g += a.glue
                gs += HAN_LATIN_SHRINK / 0.25 * a.glue
                gx += HAN_LATIN_STRETCH / 0.25 * a.glue
            if a.gap:
                n += 1
            nl += len(a.letters)
            width.append(w)
            solid.append(last_solid)
        self.width, self.solid, self.head, self.tail, self.hyphen = width, solid, head, tail, hyphen
        self.end_natural, self.start_natural = end_nat, start_nat
        self.end_shrink, self.start_shrink = end_shr, start_shr
        self.end_stretch, self.start_stretch = end_str, start_str
        self.glue_shrink, self.gaps, self.letters = gshrink, gaps, letters

    def fit(self, start: int, end: int) -> Fit:
        """Widths of atoms[start:end] as a line, the line-edge rules applied."""
        last = self.solid[end - 1]
        if last < start:
            last = start
        natural = self.end_natural[last] - self.start_natural[start]
        if end - 1 == last:
            natural += self.hyphen[last]
        return Fit(start, end, natural, self.end_shrink[last] - self.start_shrink[start],
                   self.glue_shrink[last] - self.glue_shrink[start],
                   self.end_stretch[last] - self.start_stretch[start],
                   self.gaps[last] - self.gaps[start], self._letters(start, last),
                   self.head[start], self.tail[last])

    def _letters(self, start: int, last: int) -> int:
        n = len(self.atoms[last].letters)
        return self.letters[last] - self.letters[start] + (n - 1 if n else 0)


def adjust(fit: Fit, measure: float, em: float, spread: bool = True) -> Adjust:
    """The adjustment that brings ``fit`` to ``measure`` and its badness (0 = natural).

    Badness, in em of change: compressing marks costs from the first hair (a line with a
    squeezed mark reads unevenly) and grows with the square of the fraction; spreading
    grows with the square of the spread per gap (⅛ em ≈ 10, ¼ em ≈ 40). ``spread`` False
    (the last line, ragged alignments): a short line costs nothing. A line that cannot
    be compressed enough has infinite badness."""
    delta = measure - fit.natural
    if delta >= -EPS:
        if not spread or delta <= EPS:
            return Adjust(0.0, 0.0, 0.0, 0.0, 0.0)
        if delta <= fit.stretch:
            widen = delta / fit.stretch
            return Adjust(0.0, 0.0, widen, 0.0, 4.0 * widen * widen)
        rest = delta - fit.stretch
        widen = 1.0 if fit.stretch else 0.0
        if not fit.gaps:
            if fit.letters:  # letter-spacing, the last resort (a line of a split URL)
                e = rest / fit.letters / em
                return Adjust(0.0, 0.0, widen, rest / fit.letters, LETTER_COST + 640.0 * e * e)
            return Adjust(0.0, 0.0, widen, 0.0, 4.0 * widen + 10_000.0 * rest / em)
        per = rest / fit.gaps
        e = per / em
        return Adjust(0.0, 0.0, widen, per, 4.0 * widen + 640.0 * e * e + 8.0 * e)
    need = -delta
    if need <= fit.shrink + EPS:
        r = min(1.0, need / fit.shrink) if fit.shrink else 0.0
        return Adjust(r, 0.0, 0.0, 0.0, SQUEEZE_COST + SQUEEZE_RATE * r * r)
    need -= fit.shrink
    if need <= fit.shrink2 + EPS:
        r2 = min(1.0, need / fit.shrink2)
        r = 1.0 if fit.shrink else 0.0
        return Adjust(r, r2, 0.0, 0.0, SQUEEZE_COST + SQUEEZE_RATE * r + 20.0 + 40.0 * r2 * r2)
    return Adjust(0.0, 0.0, 0.0, 0.0, INFEASIBLE)


LETTER_COST = 100.0  # a line that is letter-spaced
SQUEEZE_COST = 1.0
SQUEEZE_RATE = 3.0
