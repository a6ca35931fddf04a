"""Set a chosen line: bring it to the measure and position its glyphs.

clreq ``#reduction_and_expansion_of_inter-character_spacing`` ("先挤压、后拉伸"), in
the order of :func:`.line.adjust`: a line that is too long compresses the blank halves
of its mid-line marks and its word spaces (each by the same fraction), then its
Han–Latin glue; a line that is too short widens its Han–Latin glue and word spaces,
then spreads every gap between atoms evenly, never inside a Latin word or number
(``#even_inter_character_spacing``). A paragraph's last line keeps natural spacing. The
line-edge rules (blank halves removed at the start and end) come from :class:`.line.Fit`.
"""

from __future__ import annotations

from .atoms import HAN_LATIN_GLUE, HAN_LATIN_SHRINK, HAN_LATIN_STRETCH, WORD_SPACE_SHRINK, WORD_SPACE_STRETCH, Atom
from .classes import Cls
from .line import Fit, adjust
from .model import Align, Glyph, Line


def set_line(atoms: list[Atom], fit: Fit, reason: str, measure: float, indent: float,
             align: Align, last: bool) -> Line:
    """Position the glyphs of atoms[fit.start:fit.end] in a line of ``measure`` pt
    starting ``indent`` pt from the column's start."""
    spread = align is Align.DISTRIBUTE or (align is Align.JUSTIFY and not last)
    em = atoms[fit.start].em
    adj = adjust(fit, measure, em, spread)
    if adj.badness == float("inf"):  # forced or overfull: compress all there is
        adj = adj._replace(squeeze=1.0 if fit.shrink else 0.0, squeeze2=1.0 if fit.shrink2 else 0.0)
    q, q2, w, extra, boundary = adj.squeeze, adj.squeeze2, adj.widen, adj.spread, adj.boundary
    letter_spacing = extra > 0 and not fit.gaps and not fit.loose
    width = (fit.natural - q * fit.shrink - q2 * fit.shrink2 + w * fit.stretch
             + (extra * fit.letters if letter_spacing else extra * fit.gaps + boundary * (fit.loose - fit.gaps)))
    x = indent + _offset(align, measure, width)
    glyphs = []
    line_atoms = atoms[fit.start:fit.end]
    space = Cls.SPACE
    visible = len(line_atoms)
    while visible > 1 and line_atoms[visible - 1].cls is space:
        visible -= 1
    glue_change = (w * HAN_LATIN_STRETCH - q2 * HAN_LATIN_SHRINK) / HAN_LATIN_GLUE
    space_change = w * WORD_SPACE_STRETCH - q * WORD_SPACE_SHRINK
    glue_factor = 1 + glue_change
    boundaries = fit.loose - fit.gaps  # gaps at Han–Latin glue or beside a word space
    final = visible - 1
    append = glyphs.append
    han, other = Cls.HAN, Cls.OTHER
    make = tuple.__new__
    for k, a in enumerate(line_atoms):
        cls = a.cls
        if (cls is han or cls is other) and 0 < k < final:  # the common case: no blanks
            append(make(Glyph, (a.text, x, a.style, a.hscale)))  # Glyph(...) without its frame
            x += a.width
            glue = a.glue
            if glue:
                x += glue * glue_factor + boundary
            elif boundaries and line_atoms[k + 1].cls is space:
                x += boundary
            else:
                x += extra
            continue
        sl, sr = a.squeeze_left, a.squeeze_right
        left = sl * q if sl else 0.0
        right = sr * q if sr else 0.0
        if k == final:
            if fit.tail:
                right = fit.tail
            if not k and fit.head:
                left = fit.head
        elif not k and fit.head:
            left = fit.head
        advance = a.width - left - right
        if cls is space:
            advance = 0.0 if k > final else advance + space_change * a.em
        elif letter_spacing and a.letters:
            for ch, adv in zip(a.text, a.letters):
                append(Glyph(ch, x, a.style, a.hscale))
                x += adv + extra
            x -= extra if k == final else 0.0
            advance = 0.0
            if a.hyphen and k == final:
                append(Glyph("-", x, a.style, a.hscale))
        elif a.hyphen and k == final:
            append(Glyph(a.text + "-", x + a.shift - left, a.style, a.hscale))
        else:
            append(Glyph(a.text, x + a.shift - left, a.style, a.hscale))
        x += advance
        if k < final:
            glue = a.glue
            if glue:
                x += glue * glue_factor
            if a.gap and not letter_spacing:
                if boundaries and (glue or line_atoms[k + 1].cls is space):
                    x += boundary
                else:
                    x += extra
    end = line_atoms[-1].start + len(line_atoms[-1].text)
    return Line(tuple(glyphs), line_atoms[0].start, end, width, reason, last)


def _offset(align: Align, measure: float, width: float) -> float:
    if align is Align.CENTER:
        return (measure - width) / 2
    if align is Align.END:
        return measure - width
    return 0.0
