"""Glyph runs as PDF text operators: one text object for consecutive runs, one ``TJ``
per line, face, size and subset.

Equivalent to a ReportLab ``PDFTextObject`` per run, without its per-call overhead (a
broadsheet has thousands of runs, most of them one character): the characters' codes in
each face's 256-glyph subsets come from ReportLab's own assignment for the document
(``TTFont.splitString`` is asked only for a character it has not yet placed), the TJ
numbers are formatted by one ``fp_str`` call a line, and each code's string operand is
made once a process. For a page drawn again (a resident process drawing an edited page:
most of its lines have not moved), a line drawn before is written as it was, once its
characters are seen to have the same codes in this PDF's subsets (:data:`MAX_LINES`
lines kept).
"""

from __future__ import annotations

import math

from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfmetrics

from .colour import set_overprint

_OPERAND = [f"({escapePDF(bytes((i,)))})" for i in range(256)]  # a code as a one-byte PDF string
_NBSP, _NBSP_AS_SPACE = 0xA0, 32  # ReportLab draws a no-break space as the space (TTFont.splitString)
MAX_LINES = 12_000  # lines kept as drawn (a broadsheet page has about 300)
_lines: dict = {}   # (runs, place, state before, face's PDF name) -> (operators, state after, characters, codes)


def draw_runs(c, runs, margin: float, fy, overprint: bool = False, keep: bool = False) -> None:
    """Draw ``runs`` (TextRun, in display order) in one text object. Runs on one
    baseline in one face, size and colour become one ``TJ`` whose numbers carry the
    composer's spacing (justification, compressed punctuation); font, colour and
    horizontal scale are set only when they change; the saved graphics state keeps the
    fill colour, overprint and ``Tz`` from leaking into what follows. ``keep`` writes
    lines kept from an earlier drawing of the same page in this process, and keeps
    these (the same bytes as a fresh drawing)."""
    doc = c._doc
    show = _kept if keep else _show
    c.saveState()
    if overprint:
        set_overprint(c)
    out = ["BT"]
    state = {"font": None, "color": None, "hscale": 1.0}
    fonts: dict = {}  # face name -> (TTFont, its widths, its default width, its codes in this PDF)
    group: list = []
    ly = lfont = lsize = lcolor = lx = None
    plain = False  # the last run unscaled and upright
    for run in runs:
        x, y, _, font, size, hscale, color, angle = run
        # one line, one face and size, left to right, unscaled: the same TJ
        if not (plain and y == ly and font == lfont and size == lsize and color == lcolor and x > lx
                and hscale == 1.0 and not angle) and group:
            show(out, group, doc, margin, fy, state, fonts)
            group = []
        group.append(run)
        ly, lfont, lsize, lcolor, lx = y, font, size, color, x
        plain = hscale == 1.0 and not angle
    if group:
        show(out, group, doc, margin, fy, state, fonts)
    out.append("ET")
    c.addLiteral("\n".join(out))
    c.restoreState()


def _face(name: str, doc, fonts: dict):
    known = fonts.get(name)
    if known is None:
        font = pdfmetrics.getFont(name)
        font.splitString("", doc)  # makes the font's state for this document
        known = fonts[name] = (font, font.face.charWidths, font.face.defaultWidth,
                               font.state[doc].assignments, {})
    return known


def _kept(out: list[str], group: list, doc, margin: float, fy, state: dict, fonts: dict) -> None:
    """:func:`_show`, or what it wrote for the same runs at the same place in the same
    state when every character has the code it had then (codes are given in order of
    first use in a PDF, so an edit that brings in a character moves the codes of those
    first used after it). Not for the first line of a face in a PDF: that line names it."""
    first = group[0]
    font, _, _, assigned, _ = _face(first[3], doc, fonts)
    internal = font.state[doc].internalName
    if internal is None:
        _show(out, group, doc, margin, fy, state, fonts)
        return
    key = (tuple(group), margin, fy(first[1]), state["font"], state["color"], state["hscale"], internal)
    kept = _lines.get(key)
    if kept is not None:
        operators, after, codes, placed = kept
        same = tuple(map(assigned.get, codes)) == placed
        if not same:  # characters first used here are placed as _show would place them
            font.splitString("".join(run[2] for run in group), doc)
            same = tuple(map(assigned.get, codes)) == placed
        if same:
            out += operators
            state["font"], state["color"], state["hscale"] = after
            return
    start = len(out)
    _show(out, group, doc, margin, fy, state, fonts)
    codes = tuple(_NBSP_AS_SPACE if c == _NBSP else c for run in group for c in map(ord, run[2]))
    if len(_lines) >= MAX_LINES:
        _lines.clear()
    _lines[key] = (tuple(out[start:]), (state["font"], state["color"], state["hscale"]), codes,
                   tuple(map(assigned.get, codes)))


def _show(out: list[str], group: list, doc, margin: float, fy, state: dict, fonts: dict) -> None:
    """Draw runs of one line, face and size with a single ``Tm`` and ``TJ`` per subset."""
    x0, y0, _, name, size, hscale, color, angle = group[0]
    if color != state["color"]:
        state["color"] = color
        out.append(f"{fp_str(*(v / 100 for v in color))} k")
    if hscale != state["hscale"]:
        state["hscale"] = hscale
        out.append(f"{fp_str(hscale * 100)} Tz")
    if angle:  # turned clockwise on the page: PDF space has y up
        cos, sin = round(math.cos(math.radians(angle)), 9), round(math.sin(math.radians(angle)), 9)
        out.append(f"{fp_str(cos, -sin, sin, cos, margin + x0, fy(y0))} Tm")
    else:
        out.append(f"1 0 0 1 {fp_str(margin + x0)} {fp_str(fy(y0))} Tm")
    font, widths, default, assigned, names = _face(name, doc, fonts)
    # the gap before each character, in thousandths of an em (TJ numbers are subtracted)
    to_units = 1000 / size
    pen = x0
    subset, parts, held = -1, [], []  # the TJ being made; the gaps it shows, formatted at once
    for i, (x, _, text, _, _, hs, _, _) in enumerate(group):
        gap = (x - pen) * to_units
        if len(text) == 1:  # the common case: one character
            pen = x + widths.get(ord(text), default) * hs / to_units
        else:
            pen = x + sum(widths.get(ord(ch), default) for ch in text) * hs / to_units
        for ch in text:
            code = ord(ch)
            n = assigned.get(code)
            if n is None:
                n = _place(font, doc, group, i, code, assigned)
            if n >> 8 != subset:
                subset = n >> 8
                if parts:
                    out.append(_tj(parts, held))
                    parts, held = [], []
                _use(out, state, (name, subset, size), font, doc, names)
            if gap > 0.0005 or gap < -0.0005:  # (never before the first: its gap is 0)
                held.append(len(parts))
                parts.append(-gap)
            gap = 0.0
            parts.append(_OPERAND[n & 0xFF])
    if parts:
        out.append(_tj(parts, held))


def _place(font, doc, group: list, i: int, code: int, assigned: dict) -> int:
    """The code of a character not yet in a subset of this PDF: ReportLab places the
    rest of the line's characters, in its order (0: not in the face)."""
    font.splitString("".join(run[2] for run in group[i:]), doc)
    return assigned.get(_NBSP_AS_SPACE if code == _NBSP else code, 0)


def _use(out: list[str], state: dict, key: tuple, font, doc, names: dict) -> None:
    """Select the subset ``key`` (face name, subset, size) unless it is selected."""
    if key != state["font"]:
        state["font"] = key
        internal = names.get(key[1])
        if internal is None:
            internal = names[key[1]] = font.getSubsetInternalName(key[1], doc)
        out.append(f"{internal} {fp_str(key[2])} Tf")


def _tj(parts: list, held: list[int]) -> str:
    """``[...] TJ`` of ``parts``: operands, and at the places ``held`` the numbers to format."""
    if held:
        for k, number in zip(held, fp_str(*(parts[k] for k in held)).split(" ")):
            parts[k] = number
    return f"[{' '.join(parts)}] TJ"
