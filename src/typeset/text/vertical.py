"""Vertical composition (竖排) helpers: punctuation in its vertical presentation form,
and which runs of Latin and digits are set across (纵中横) or turned along the column.

clreq ``#writing_modes_in_chinese_composition``: in vertical text 点号 sit in the upper
right, quotes become 「」『』 (rotated brackets), —— and …… are turned. The forms are
substituted at render time from the Unicode presentation forms U+FE10–FE19 and
U+FE30–FE4F, which the bundled fonts map (ReportLab applies no ``vert`` feature). The
composer sets the horizontal marks (their classes drive 禁则 and compression); the
vertical form is drawn in their place, its ink where the horizontal mark's is along
the line (a closing mark's ink at the head of its cell, an opening mark's at the foot).

clreq ``#mixed_text_composition_in_vertical_writing_mode``: a number of one or two
digits is set across the column in one em cell (纵中横, :data:`TCY` stands for it while
composing, an em wide like Han); longer Latin and digit runs are turned 90° clockwise
and set along the column at their natural length.
"""

from __future__ import annotations

import re

from .classes import ALNUM_INNER, ALNUM_TRAILING, Cls, classify

VERTICAL_FORMS = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼",
    "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄", "—": "︱", "…": "︙", "～": "≀",
}

TCY = "\ue000"  # a private-use character standing for one 纵中横 run while composing
LATIN = (Cls.ALNUM, Cls.LOPEN, Cls.LCLOSE)
_ATTACHED = ALNUM_INNER | ALNUM_TRAILING


def vertical_form(ch: str) -> str:
    """The character to draw for ``ch`` in vertical text."""
    return VERTICAL_FORMS.get(ch, ch)


def _latin(ch: str) -> bool:
    return classify(ch) in LATIN or ch in _ATTACHED


_DIGITS = re.compile(r"[0-9]+")


def tate_chu_yoko(text: str) -> tuple[str, list[str]]:
    """``text`` with each run of one or two digits that stands alone (no Latin letter,
    digit or attached sign either side) replaced by :data:`TCY`, and the runs replaced,
    in order: ``"第15届"`` → ``("第\\ue000届", ["15"])``; ``"3.5%"`` and ``"2026"`` stay."""
    out, runs, pos = [], [], 0
    for m in _DIGITS.finditer(text):
        a, b = m.span()
        if b - a > 2 or (a and _latin(text[a - 1])) or (b < len(text) and _latin(text[b])):
            continue
        out += [text[pos:a], TCY]
        runs.append(m.group())
        pos = b
    out.append(text[pos:])
    return "".join(out), runs


def turned(text: str) -> bool:
    """A composed glyph run set along the column, turned 90° clockwise: Latin or digits."""
    return bool(text) and text[0] != TCY and classify(text[0]) in LATIN
