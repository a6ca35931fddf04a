"""Collect a paragraph into atoms: the units that are never split across lines.

An atom is one Han character, one punctuation mark, one —— or ……, one Latin word or
number with what sticks to it (``11.6%``, ``1,200``, ``￥100``), or one space. Each atom
knows its natural width, the blank halves of punctuation that may be compressed, the
Han–Latin glue after it and whether a line may break after it.

Rules implemented here:
- clreq ``#h-unbreakable_marks_punctuation``: —— and …… are one 2-em unit.
- clreq ``#h-adjustment_of_adjacent_punctuation_marks``: adjacent marks lose ½ em.
- clreq ``#prohibition_rules_for_line_start_end``: break opportunities.
- clreq ``#h-digits_and_their_prefix_and_suffix``: numbers keep prefix and suffix.
- clreq ``#handling_western_text_in_chinese_text_using_proportional_western_fonts``:
  ¼ em between Han and Latin, never next to punctuation.
"""

from __future__ import annotations

from dataclasses import dataclass

from .classes import (
    ALNUM_PREFIX, FULL_STOPS, LONG_MARKS, NO_END, NO_START, Cls, classify,
)
from .model import Metrics, PunctStyle, RunStyle, Span

HAN_LATIN_GLUE = 0.25      # em, natural
HAN_LATIN_SHRINK = 0.125   # em it may lose
WORD_SPACE = 1 / 3         # em
WORD_SPACE_SHRINK = 1 / 12  # down to ¼ em
PUNCT_BLANK = 0.5          # em: the blank half of a full-width mark
IDEOGRAPHIC_SPACE = "\u3000"


@dataclass(slots=True)
class Atom:
    text: str
    cls: Cls
    style: int
    start: int
    width: float             # natural advance, pt (after adjacent-mark compression)
    em: float                # font size of the atom, pt
    blank_left: float = 0.0  # compressible blank on the left, pt
    blank_right: float = 0.0
    shift: float = 0.0       # ink offset from the atom's origin, pt
    hscale: float = 1.0
    glue: float = 0.0        # Han–Latin glue after this atom, pt (natural)
    breakable: bool = True   # may a line break after this atom?
    soft: bool = False       # a break here only when no other break fits the line


def collect(spans: list[Span], styles: list[RunStyle], metrics: Metrics,
            punct: PunctStyle, strict: bool) -> tuple[str, list[Atom]]:
    """Split ``spans`` into atoms, measure them, then apply glue, compression, breaks."""
    text = "".join(s.text for s in spans)
    atoms: list[Atom] = []
    pos = 0
    han, other = Cls.HAN, Cls.OTHER
    for span in spans:
        style = styles[span.style]
        em, role, index = style.size, style.role, span.style
        for piece, cls in _segment(span.text):
            if cls is han or cls is other:  # the common case: one character, no blanks
                atoms.append(Atom(piece, cls, index, pos, metrics.advance(role, piece) * em, em))
            else:
                atoms.append(_measure(piece, cls, index, style, pos, metrics, punct))
            pos += len(piece)
    _add_glue(atoms)
    if punct is not PunctStyle.QUANJIAO:
        _compress_adjacent(atoms)
    _mark_breaks(atoms, strict)
    return text, atoms


def _segment(text: str):
    """Yield (piece, class) for the atoms of one span's text."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        cls = classify(ch)
        if cls is Cls.CONNECTOR and ch == "—" and i + 1 < n and text[i + 1] == "—":
            yield text[i:i + 2], Cls.LONG
            i += 2
        elif cls is Cls.LONG and i + 1 < n and text[i + 1] == ch:
            yield text[i:i + 2], Cls.LONG
            i += 2
        elif cls is Cls.ALNUM:
            j = i + 1
            while j < n and _word_continues(text, j):
                j += 1
            yield text[i:j], Cls.ALNUM
            i = j
        else:
            yield ch, cls
            i += 1


def _word_continues(text: str, j: int) -> bool:
    ch = text[j]
    cls = classify(ch)
    if cls is Cls.ALNUM:
        return ch not in ALNUM_PREFIX
    if ch in ".,:'’-/_@&+" and j + 1 < len(text):
        # inner punctuation sticks only between two word characters: 11.6, 1,200, e-mail
        return classify(text[j + 1]) is Cls.ALNUM and classify(text[j - 1]) is Cls.ALNUM
    return False


def _measure(piece: str, cls: Cls, style_index: int, style: RunStyle, start: int,
             metrics: Metrics, punct: PunctStyle) -> Atom:
    em = style.size
    atom = Atom(piece, cls, style_index, start, 0.0, em)
    if cls is Cls.LONG:
        natural = sum(metrics.advance(style.role, c) for c in piece)
        atom.width = em * len(piece)  # each half of —— / …… takes 1 em
        atom.hscale = atom.width / (natural * em) if natural else 1.0
    elif cls is Cls.MIDDLE:
        adv = metrics.advance(style.role, piece) * em
        atom.width = PUNCT_BLANK * em
        atom.shift = (atom.width - adv) / 2
    elif cls is Cls.SPACE:
        atom.width = WORD_SPACE * em
    elif cls in (Cls.OPEN, Cls.CLOSE):
        atom.width = metrics.advance(style.role, piece) * em
        half = min(PUNCT_BLANK * em, atom.width / 2)
        if cls is Cls.OPEN:
            atom.blank_left = half
        else:
            atom.blank_right = half
        if punct is PunctStyle.KAIMING and piece not in FULL_STOPS:
            _take(atom, left=atom.blank_left, right=atom.blank_right)
    else:
        atom.width = sum(metrics.advance(style.role, c) for c in piece) * em
    return atom


def _take(atom: Atom, left: float = 0.0, right: float = 0.0) -> None:
    """Remove blank space from a mark for good (compression before line breaking)."""
    atom.blank_left -= left
    atom.blank_right -= right
    atom.width -= left + right
    atom.shift -= left


def _add_glue(atoms: list[Atom]) -> None:
    """¼ em between Han (or symbols) and Latin/digits, in either order."""
    alnum, han, other = Cls.ALNUM, Cls.HAN, Cls.OTHER
    for a, b in zip(atoms, atoms[1:]):
        x, y = a.cls, b.cls
        if a.text == IDEOGRAPHIC_SPACE or b.text == IDEOGRAPHIC_SPACE:
            continue  # a full-width space is spacing enough
        if (x is alnum and (y is han or y is other)) or (y is alnum and (x is han or x is other)):
            a.glue = HAN_LATIN_GLUE * max(a.em, b.em)


def _compress_adjacent(atoms: list[Atom]) -> None:
    """Two adjacent marks lose ½ em between them (typography.md §4.2 rule 1):
    the first's right blank first, then the second's left blank."""
    for a, b in zip(atoms, atoms[1:]):
        if not (a.blank_right or a.blank_left) or not (b.blank_left or b.blank_right):
            continue  # only marks (OPEN/CLOSE) carry blanks
        need = PUNCT_BLANK * min(a.em, b.em)
        if a.blank_right + b.blank_left < need:
            continue
        from_a = min(a.blank_right, need)
        _take(a, right=from_a)
        _take(b, left=need - from_a)


def _mark_breaks(atoms: list[Atom], strict: bool) -> None:
    """May a line break after atom i? Not before a no-start mark, not after a
    no-end mark, not inside a space run, and (strict) not before —— or …….
    A space between two Latin words is a *soft* break: a short phrase (New York) moves
    to the next line whole, a phrase longer than the line still breaks at its spaces."""
    for i, a in enumerate(atoms[:-1]):
        b = atoms[i + 1]
        ok = True
        if b.text[0] in NO_START and b.cls is not Cls.LONG:
            ok = False
        elif strict and b.cls is Cls.LONG and b.text[0] in LONG_MARKS:
            ok = False
        elif a.text[-1] in NO_END:
            ok = False
        elif a.cls is Cls.SPACE and _before_space(atoms, i) in NO_END:
            ok = False  # “《 秋”: the space is dropped at the line end, the 《 would end the line
        elif b.cls is Cls.SPACE:
            ok = False  # spaces stay at the end of the line they follow
        a.breakable = ok
        if ok and a.cls is Cls.SPACE and b.cls is Cls.ALNUM and i and atoms[i - 1].cls is Cls.ALNUM:
            a.breakable, a.soft = False, True
    if atoms:
        atoms[-1].breakable = True


def _before_space(atoms: list[Atom], i: int) -> str:
    """The last visible character before the run of spaces ending at atom i."""
    while i >= 0 and atoms[i].cls is Cls.SPACE:
        i -= 1
    return atoms[i].text[-1] if i >= 0 else ""
