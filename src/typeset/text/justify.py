"""Set a chosen line: compress or spread it to the measure and position its glyphs.

clreq ``#reduction_and_expansion_of_inter-character_spacing`` ("先挤压、后拉伸"):
a line that is too long loses the blank halves of its punctuation (and shrinks its
Han–Latin glue and word spaces) evenly; a line that is too short is spread evenly
between its atoms, never inside a Latin word or number
(``#even_inter_character_spacing``). A paragraph's last line keeps natural spacing.
"""

from __future__ import annotations

from .atoms import HAN_LATIN_SHRINK, WORD_SPACE_SHRINK, Atom
from .classes import Cls
from .linebreak import EPS, Fit
from .model import Align, Glyph, Line, PunctStyle


def set_line(atoms: list[Atom], fit: Fit, reason: str, measure: float, indent: float,
             align: Align, punct: PunctStyle, last: bool) -> Line:
    """Position the glyphs of atoms[fit.start:fit.end] in a line of ``measure`` pt
    starting ``indent`` pt from the column's start."""
    squeeze = 0.0
    if fit.natural > measure + EPS and fit.shrink > EPS:
        squeeze = min(1.0, (fit.natural - measure) / fit.shrink)
    extra = 0.0
    if fit.natural < measure - EPS and fit.gaps and (
            align is Align.DISTRIBUTE or (align is Align.JUSTIFY and not last)):
        extra = (measure - fit.natural) / fit.gaps
    width = fit.natural - squeeze * fit.shrink + extra * fit.gaps
    x = indent + _offset(align, measure, width)
    glyphs = []
    line_atoms = atoms[fit.start:fit.end]
    space = Cls.SPACE
    visible = len(line_atoms)
    while visible > 1 and line_atoms[visible - 1].cls is space:
        visible -= 1
    glue_squeeze = HAN_LATIN_SHRINK * squeeze
    for k, a in enumerate(line_atoms):
        if a.blank_left or a.blank_right:
            left = a.blank_left * squeeze
            right = a.blank_right * squeeze
            if k == visible - 1 and a.blank_right and punct is not PunctStyle.QUANJIAO:
                right = a.blank_right  # the line-end mark's blank half is gone
        else:
            left = right = 0.0
        advance = a.width - left - right
        if a.cls is space:
            advance = 0.0 if k >= visible else advance - WORD_SPACE_SHRINK * a.em * squeeze
        else:
            glyphs.append(Glyph(a.text, x + a.shift - left, a.style, a.hscale))
        x += advance
        if k < visible - 1:
            x += (a.glue - glue_squeeze * a.em if a.glue else 0.0) + extra
    end = line_atoms[-1].start + len(line_atoms[-1].text)
    return Line(tuple(glyphs), line_atoms[0].start, end, width, reason, last)


def _offset(align: Align, measure: float, width: float) -> float:
    if align is Align.CENTER:
        return (measure - width) / 2
    if align is Align.END:
        return measure - width
    return 0.0
