"""Collect a paragraph into atoms: the units that are never split across lines.

An atom is one Han character, one punctuation mark, one —— or ……, one Latin word or
number with what sticks to it (``11.6%``, ``1,200``, ``￥100``, ``-12℃``, ``3+N+``,
``cooperation.``), one ASCII bracket, or one space. Each atom knows its natural width,
the blank halves of punctuation (removable at a line edge, compressible mid-line), the
Han–Latin glue after it and the penalty of a line break after it.

Rules implemented here:
- clreq ``#h-unbreakable_marks_punctuation``: —— and …… are one 2-em unit.
- clreq ``#h-adjustment_of_adjacent_punctuation_marks``: adjacent marks lose ½ em, and
  the half em a close+open pair keeps between its inks is not compressed further.
- clreq ``#prohibition_rules_for_line_start_end``: break opportunities.
- clreq ``#h-digits_and_their_prefix_and_suffix``: numbers keep sign, prefix and suffix.
- clreq ``#handling_western_text_in_chinese_text_using_proportional_western_fonts``:
  ¼ em between Han and Latin, never next to punctuation nor inside ASCII brackets.
- UAX #14: a Latin run wider than the measure, or an address wider than a third of
  it, is cut into pieces with penalised breaks between (:mod:`.words`).
"""

from __future__ import annotations

from dataclasses import dataclass

from .classes import (
    ALNUM_PREFIX, ALNUM_INNER, ALNUM_TRAILING, FULL_STOPS, LONG_MARKS, NO_END, NO_START,
    NUMBER_SIGNS, _CLASS_CACHE, Cls, classify,
)
from .model import Metrics, PunctStyle, RunStyle, Span
from .words import is_address, split_run

HAN_LATIN_GLUE = 0.25      # em, natural
HAN_LATIN_SHRINK = 0.125   # em it may lose (down to ⅛ em)
# em it may gain before characters are spread: to 5/12 em, between the ⅓ em "many
# styles" use and clreq's ½ em (typography.md §4.2 rule 6, §5; clreq
# #procedures_for_inter-character_space_expansion). It is not spread further until the
# characters are spread as wide (.line.spread_gaps), so a boundary never reads as a hole.
HAN_LATIN_STRETCH = 1 / 6
WORD_SPACE = 1 / 3         # em
WORD_SPACE_SHRINK = 1 / 12  # down to ¼ em
WORD_SPACE_STRETCH = 1 / 6  # up to ½ em
PUNCT_BLANK = 0.5          # em: the blank half of a full-width mark
IDEOGRAPHIC_SPACE = "\u3000"
NO_GLUE_AFTER = frozenset(".,:;!?+/")  # trailing marks of a Latin run: no Han–Latin space after

# Penalties of the discouraged breaks (in the breaker's demerit units, squared there).
PENALTY_PHRASE = 600.0     # at a space inside a Latin phrase (those inside runs: .words)


@dataclass(slots=True)
class Atom:
    text: str
    cls: Cls
    style: int
    start: int
    width: float             # natural advance, pt (after adjacent-mark compression)
    em: float                # font size of the atom, pt
    blank_left: float = 0.0  # blank on the left, removed at a continuation line's start
    blank_right: float = 0.0  # blank on the right, removed at a line's end
    squeeze_left: float = 0.0  # the part of blank_left a line may compress mid-line
    squeeze_right: float = 0.0
    shift: float = 0.0       # ink offset from the atom's origin, pt
    hscale: float = 1.0
    glue: float = 0.0        # Han–Latin glue after this atom, pt (natural)
    gap: bool = True         # may a line be spread after this atom?
    penalty: float | None = 0.0  # of a line break after this atom; None: no break
    hyphen: float = 0.0      # width of the hyphen shown when a line breaks here, pt
    letters: tuple[float, ...] = ()  # advance of each character (pieces of a split run only)


def collect(spans: list[Span], styles: list[RunStyle], metrics: Metrics,
            punct: PunctStyle, strict: bool, measure: float = float("inf"),
            ) -> tuple[str, list[Atom]]:
    """Split ``spans`` into atoms, measure them, then apply glue, compression, breaks.
    Latin runs wider than ``measure`` pt get break points inside them."""
    text = "".join(s.text for s in spans)
    atoms: list[Atom] = []
    pos = 0
    han, other, alnum = Cls.HAN, Cls.OTHER, Cls.ALNUM
    advances: dict[str, dict[str, float]] = {}  # role → character → advance in em
    append = atoms.append
    for span in spans:
        style = styles[span.style]
        em, role, index = style.size, style.role, span.style
        known = advances.setdefault(role, {})
        for piece, cls in _segment(span.text):
            if cls is han or cls is other:  # the common case: one character, no blanks
                adv = known.get(piece)
                if adv is None:
                    adv = known[piece] = metrics.advance(role, piece)
                append(Atom(piece, cls, index, pos, adv * em, em))
            else:
                atom = _measure(piece, cls, index, style, pos, metrics, punct)
                if cls is alnum and (atom.width > measure
                                     or (atom.width > measure / 3 and is_address(piece))):
                    atoms += _split_long(atom, style, metrics, measure)
                else:
                    atoms.append(atom)
            pos += len(piece)
    _add_glue(atoms)
    if punct is not PunctStyle.QUANJIAO:
        _compress_adjacent(atoms)
    _mark_breaks(atoms, strict)
    return text, atoms


def _segment(text: str):
    """Yield (piece, class) for the atoms of one span's text."""
    i, n = 0, len(text)
    alnum, han, close = Cls.ALNUM, Cls.HAN, Cls.CLOSE
    known = _CLASS_CACHE.get
    while i < n:
        ch = text[i]
        cls = known(ch) or classify(ch)
        if cls is han or cls is close:  # the common case: one character, an atom of its own
            yield ch, cls
            i += 1
        elif cls is Cls.CONNECTOR and ch == "—" and i + 1 < n and text[i + 1] == "—":
            yield text[i:i + 2], Cls.LONG
            i += 2
        elif cls is Cls.LONG and i + 1 < n and text[i + 1] == ch:
            yield text[i:i + 2], Cls.LONG
            i += 2
        elif cls is alnum or (ch in NUMBER_SIGNS and i + 1 < n and text[i + 1].isdigit()
                               and (i == 0 or classify(text[i - 1]) is not alnum)):
            j = i + 1
            while j < n and _word_continues(text, j):
                j += 1
                if text.startswith("//", j) and text[j - 1] == ":" and j + 2 < n \
                        and classify(text[j + 2]) is alnum:
                    j += 2  # https://www…: the scheme's slashes stay in the run
            yield text[i:j], alnum
            i = j
        else:
            yield ch, cls
            i += 1


def _word_continues(text: str, j: int) -> bool:
    ch = text[j]
    cls = classify(ch)
    if cls is Cls.ALNUM:
        return ch not in ALNUM_PREFIX
    if classify(text[j - 1]) is not Cls.ALNUM:
        return False
    after = classify(text[j + 1]) if j + 1 < len(text) else None
    if ch in ALNUM_INNER and after is Cls.ALNUM:
        return True  # 11.6, 1,200, e-mail, 3+N, www.example.com/a?b=c
    return ch in ALNUM_TRAILING and after is not Cls.ALNUM  # cooperation. 3+N+ 5km/


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
        atom.gap = False  # a word space is stretched as a space, not spread as a gap too
    elif cls in (Cls.OPEN, Cls.CLOSE):
        atom.width = metrics.advance(style.role, piece) * em
        half = min(PUNCT_BLANK * em, atom.width / 2)
        if cls is Cls.OPEN:
            atom.blank_left = atom.squeeze_left = half
        else:
            atom.blank_right = atom.squeeze_right = half
        if punct is PunctStyle.KAIMING and piece not in FULL_STOPS:
            _take(atom, left=atom.blank_left, right=atom.blank_right)
    else:
        atom.width = sum(metrics.advance(style.role, c) for c in piece) * em
    return atom


def _take(atom: Atom, left: float = 0.0, right: float = 0.0) -> None:
    """Remove blank space from a mark for good (compression before line breaking)."""
    atom.blank_left -= left
    atom.blank_right -= right
    atom.squeeze_left = min(atom.squeeze_left, atom.blank_left)
    atom.squeeze_right = min(atom.squeeze_right, atom.blank_right)
    atom.width -= left + right
    atom.shift -= left


def _split_long(word: Atom, style: RunStyle, metrics: Metrics, measure: float) -> list[Atom]:
    """The pieces of a long Latin run (:func:`.words.split_run`) as atoms. A justified
    line is never spread between them (that would read as a space in the URL); a line
    holding nothing else is letter-spaced evenly instead (:mod:`.line`)."""
    def advance(ch: str) -> float:
        return metrics.advance(style.role, ch) * word.em

    out, pos = [], word.start
    for text, penalty, hyphen in split_run(word.text, advance, measure):
        letters = tuple(advance(c) for c in text)
        out.append(Atom(text, Cls.ALNUM, word.style, pos, sum(letters), word.em,
                        gap=False, penalty=penalty, hyphen=hyphen, letters=letters))
        pos += len(text)
    out[-1].gap, out[-1].penalty, out[-1].hyphen = True, 0.0, 0.0
    return out


def _add_glue(atoms: list[Atom]) -> None:
    """¼ em between Han (or symbols) and Latin/digits, in either order; an ASCII bracket
    counts as Latin on its outer side and as nothing on its inner side, and a run that
    ends in punctuation or an operator (``cooperation.`` ``3+N+``) takes none after it."""
    alnum, han, other = Cls.ALNUM, Cls.HAN, Cls.OTHER
    lopen, lclose = Cls.LOPEN, Cls.LCLOSE
    for a, b in zip(atoms, atoms[1:]):
        x, y = a.cls, b.cls
        if x is han and y is han:
            continue  # the common case
        if a.text == IDEOGRAPHIC_SPACE or b.text == IDEOGRAPHIC_SPACE:
            continue  # a full-width space is spacing enough
        latin_a = x is lclose or (x is alnum and a.text[-1] not in NO_GLUE_AFTER)
        latin_b = y is alnum or y is lopen
        if (latin_a and (y is han or y is other)) or (latin_b and (x is han or x is other)):
            a.glue = HAN_LATIN_GLUE * max(a.em, b.em)


def _compress_adjacent(atoms: list[Atom]) -> None:
    """Two adjacent marks lose ½ em between them (typography.md §4.2 rule 1): the
    first's right blank first, then the second's left blank. What the pair keeps between
    its inks (the half em of ”“ 》《 ：“) is no longer compressible mid-line."""
    for a, b in zip(atoms, atoms[1:]):
        if not (a.blank_right or a.blank_left) or not (b.blank_left or b.blank_right):
            continue  # only marks (OPEN/CLOSE) carry blanks
        need = PUNCT_BLANK * min(a.em, b.em)
        if a.blank_right + b.blank_left < need:
            continue
        from_a = min(a.blank_right, need)
        _take(a, right=from_a)
        _take(b, left=need - from_a)
        a.squeeze_right = b.squeeze_left = 0.0


def _mark_breaks(atoms: list[Atom], strict: bool) -> None:
    """The penalty of a line break after atom i (None: none). Not before a no-start mark,
    not after a no-end mark, not inside a space run, and (strict) not before —— or …….
    A space between two Latin words is a discouraged break: a short phrase (New York)
    moves to the next line whole, a phrase longer than the line still breaks at its
    spaces. Breaks inside a split Latin run keep the penalty it was given."""
    space, alnum, long_, han = Cls.SPACE, Cls.ALNUM, Cls.LONG, Cls.HAN
    for i, a in enumerate(atoms[:-1]):
        b = atoms[i + 1]
        if a.cls is han and b.cls is han:
            continue  # the common case: no Han-class character is in NO_START or NO_END
        if a.penalty:
            continue  # inside a URL or a hyphenated word
        ok = True
        if b.text[0] in NO_START and b.cls is not long_:
            ok = False
        elif strict and b.cls is long_ and b.text[0] in LONG_MARKS:
            ok = False
        elif a.text[-1] in NO_END:
            ok = False
        elif a.cls is space and _before_space(atoms, i) in NO_END:
            ok = False  # “《 秋”: the space is dropped at the line end, the 《 would end the line
        elif b.cls is space:
            ok = False  # spaces stay at the end of the line they follow
        if not ok:
            a.penalty = None
        elif a.cls is space and b.cls is alnum and i and atoms[i - 1].cls is alnum:
            a.penalty = PENALTY_PHRASE
    if atoms:
        atoms[-1].penalty = 0.0


def _before_space(atoms: list[Atom], i: int) -> str:
    """The last visible character before the run of spaces ending at atom i."""
    while i >= 0 and atoms[i].cls is Cls.SPACE:
        i -= 1
    return atoms[i].text[-1] if i >= 0 else ""
