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
first widens its Han–Latin glue (to 5/12 em) and word spaces (to ½ em), then spreads the
remaining gaps between characters evenly (never inside a Latin word or number): a
Han–Latin boundary or word space joins them only once they are wider than its 5/12 em
(:func:`spread_gaps`), so no boundary reads as a hole. A line with no other gap spreads
those alone ("loose" gaps).

:func:`Widths.fit` reads prefix sums (only the letters of split runs are counted along the
line); :func:`adjust` gives the ratios of each stage and the badness the optimal breaker
minimises.
"""

from __future__ import annotations

from typing import NamedTuple

from .atoms import (
    HAN_LATIN_GLUE, HAN_LATIN_SHRINK, HAN_LATIN_STRETCH, WORD_SPACE_SHRINK, WORD_SPACE_STRETCH, Atom,
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
    loose: int        # stage B when gaps is 0: the gaps at Han–Latin boundaries and word spaces
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
    boundary: float = 0.0  # pt added at each Han–Latin boundary and word space (stage B)


class Widths:
    """Prefix sums over a paragraph's atoms, so that any candidate line's widths are
    found in constant time. The line-edge rules are folded into the per-atom arrays
    ``end_*`` (the atom ends a line) and ``start_*`` (the atom starts one): a line
    atoms[i:j] whose last visible atom is ``l`` is ``end_x[l] - start_x[i]``."""

    __slots__ = ("atoms", "punct", "edges", "width", "glue", "solid", "end_natural", "start_natural",
                 "end_shrink", "start_shrink", "glue_shrink", "end_stretch", "start_stretch",
                 "gaps", "loose")

    def __init__(self, atoms: list[Atom], punct: PunctStyle) -> None:
        self.atoms = atoms
        self.punct = punct
        self.edges = edges = punct is not PunctStyle.QUANJIAO
        space = Cls.SPACE
        g_shrink, g_stretch = HAN_LATIN_SHRINK / HAN_LATIN_GLUE, HAN_LATIN_STRETCH / HAN_LATIN_GLUE
        s_shrink, s_stretch = WORD_SPACE_SHRINK, WORD_SPACE_STRETCH
        # one pass; w, gl, sq, sp, lo, ga are the running sums before the atom (width,
        # Han–Latin glue, compressible blanks, em of word spaces, loose and plain gaps)
        width, glue, gaps, loose, solid = [], [], [], [], []
        start_natural, end_natural, start_shrink, end_shrink = [], [], [], []
        start_stretch, end_stretch = [], []
        add_width, add_glue, add_gaps, add_loose, add_solid = (
            width.append, glue.append, gaps.append, loose.append, solid.append)
        add_sn, add_en, add_ss, add_es, add_sx, add_ex = (
            start_natural.append, end_natural.append, start_shrink.append, end_shrink.append,
            start_stretch.append, end_stretch.append)
        w = gl = sq = sp = 0.0
        lo = ga = 0
        last_solid = -1
        n = len(atoms)
        for i, a in enumerate(atoms):
            h = a.blank_left if edges and i else 0.0
            t = a.blank_right if edges else 0.0
            add_width(w)
            add_glue(gl)
            add_gaps(ga)
            add_loose(lo)
            add_sn(w + gl + h)
            add_ss(sq + s_shrink * sp + (a.squeeze_left if h else 0.0))
            add_sx(g_stretch * gl + s_stretch * sp)
            w += a.width
            sq += a.squeeze_left + a.squeeze_right
            if a.cls is space:
                sp += a.em
            else:
                last_solid = i
            add_solid(last_solid)
            add_en(w + gl - t)  # no glue after the last
            add_es(sq + s_shrink * sp - (a.squeeze_right if t else 0.0))
            add_ex(g_stretch * gl + s_stretch * sp)
            if a.gap:
                lo += 1
                # a plain gap is neither Han–Latin glue nor next to a word space
                if not a.glue and (i + 1 == n or atoms[i + 1].cls is not space):
                    ga += 1
            gl += a.glue
        add_width(w)
        add_glue(gl)
        add_gaps(ga)
        add_loose(lo)
        self.width, self.glue, self.solid, self.gaps, self.loose = width, glue, solid, gaps, loose
        self.glue_shrink = [g_shrink * x for x in glue]
        self.start_natural, self.end_natural = start_natural, end_natural
        self.start_shrink, self.end_shrink = start_shrink, end_shrink
        self.start_stretch, self.end_stretch = start_stretch, end_stretch

    def fit(self, start: int, end: int) -> Fit:
        """Widths of atoms[start:end] as a line, the line-edge rules applied."""
        atoms = self.atoms
        last = self.solid[end - 1]
        if last < start:
            last = start
        natural = self.end_natural[last] - self.start_natural[start]
        if end - 1 == last:
            natural += atoms[last].hyphen
        head = atoms[start].blank_left if self.edges and start else 0.0
        tail = atoms[last].blank_right if self.edges else 0.0
        letters = sum(len(a.letters) for a in atoms[start:last])
        if atoms[last].letters:
            letters += len(atoms[last].letters) - 1
        return Fit(start, end, natural, self.end_shrink[last] - self.start_shrink[start],
                   self.glue_shrink[last] - self.glue_shrink[start],
                   self.end_stretch[last] - self.start_stretch[start],
                   self.gaps[last] - self.gaps[start], self.loose[last] - self.loose[start],
                   letters, head, tail)


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
        gaps = fit.gaps
        if not gaps:
            if fit.loose:  # only boundaries to spread: they take it all
                per = rest / fit.loose
                e = per / em
                return Adjust(0.0, 0.0, widen, per, 4.0 * widen + 640.0 * e * e + 8.0 * e, per)
            if fit.letters:  # letter-spacing, the last resort (a line of a split URL)
                e = rest / fit.letters / em
                return Adjust(0.0, 0.0, widen, rest / fit.letters, LETTER_COST + 640.0 * e * e)
            return Adjust(0.0, 0.0, widen, 0.0, 4.0 * widen + 10_000.0 * rest / em)
        per, boundary = spread_gaps(rest, gaps, fit.loose - gaps, em)
        e = per / em
        return Adjust(0.0, 0.0, widen, per, 4.0 * widen + 640.0 * e * e + 8.0 * e, boundary)
    need = -delta
    if need <= fit.shrink + EPS:
        r = min(1.0, need / fit.shrink) if fit.shrink else 0.0
        return Adjust(r, 0.0, 0.0, 0.0, SQUEEZE_COST + SQUEEZE_RATE * r * r)
    need -= fit.shrink
    if need <= fit.shrink2 + EPS:
        r2 = min(1.0, need / fit.shrink2)
        r = 1.0 if fit.shrink else 0.0
        return Adjust(r, r2, 0.0, 0.0, SQUEEZE_COST + SQUEEZE_RATE * r + GLUE_COST + GLUE_RATE * r2 * r2)
    return Adjust(0.0, 0.0, 0.0, 0.0, INFEASIBLE)


def spread_gaps(rest: float, gaps: int, boundaries: int, em: float) -> tuple[float, float]:
    """Stage B: ``rest`` pt over ``gaps`` plain gaps and ``boundaries`` Han–Latin
    boundaries and word spaces, so that the white reads even: a plain gap gets ``s``; a
    boundary, whose glue already stands at BOUNDARY_WHITE, gets nothing until ``s`` passes
    that and then follows the plain gaps (its white is max(BOUNDARY_WHITE, s)). Returns
    (s, a boundary's share)."""
    per = rest / gaps
    cap = BOUNDARY_WHITE * em
    if per <= cap or not boundaries:
        return per, 0.0
    s = (rest + boundaries * cap) / (gaps + boundaries)
    return s, s - cap


# The white of a Han–Latin boundary once its glue has stretched (5/12 em, see
# atoms.HAN_LATIN_STRETCH): a boundary is never a hole beside evenly spread characters,
# nor is one Han gap left to take what the boundaries refuse. (A word space, stretched to
# ½ em, follows the same rule: it is spread only past this white.)
BOUNDARY_WHITE = HAN_LATIN_GLUE + HAN_LATIN_STRETCH
LETTER_COST = 100.0  # a line that is letter-spaced
SQUEEZE_COST = 1.25  # a squeezed mid-line mark: 1.25 keeps the examples at or under the peers' share (h)
SQUEEZE_RATE = 3.0
GLUE_COST = 2.0      # any Han–Latin glue squeezed (after every mark blank)
GLUE_RATE = 6.0      # glue squeezed from ¼ to ⅛ em, on top

def forced_line(widths: Widths, start: int, measure: float) -> tuple[Fit, str]:
    """No legal break fits: take the longest run of atoms that fits, ignoring the
    prohibitions (reported), or a single atom wider than the measure (overfull)."""
    best = None
    for end in range(start + 1, len(widths.atoms) + 1):
        fit = widths.fit(start, end)
        if fit.natural - fit.shrink - fit.shrink2 > measure + EPS:
            break
        best = fit
    if best is None:
        return widths.fit(start, start + 1), "overfull"
    return best, "forced"
