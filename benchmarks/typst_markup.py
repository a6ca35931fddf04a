"""Typst markup of typeset's pieces, for ``make_typst``: a style's font settings (the
bundled families with the fallbacks of fonts/fonts.yaml), text as string literals (no
markup to escape), display lines in cells of their leading, and the prelude of Typst
functions every generated page starts with: ``at`` (a block at a place), ``dl`` (a
display line), ``room`` (a text column's lost lines as a spacer float), ``bal``
(balanced columns, measured), ``nopic`` (typeset's picture placeholder)."""

from __future__ import annotations

import json

from typeset.layout.grid import Rect
from typeset.layout.textset import BOLD_ROLE
from variants import is_han

FAMILY = {  # font role -> Typst families (the role's file, then its fallbacks: fonts/fonts.yaml), weight
    "song": (("Typeset Song", "Typeset Hei"), "regular"), "song-bold": (("Typeset Song",), "bold"),
    "song-heavy": (("Typeset Song",), "black"), "hei": (("Typeset Hei", "Typeset Song"), "regular"),
    "hei-bold": (("Typeset Hei",), "bold"), "kai": (("Typeset Kai", "Typeset Song"), "regular"),
    "fangsong": (("Typeset Kai", "Typeset Song"), "regular"),
}
ALIGN = {"center": "center", "end": "right", "start": "left", "justify": "left", "distribute": "left"}
PRELUDE = """\
#let at(x, y, w, h, ..args) = place(top + left, dx: x, dy: y, block(width: w, height: h, ..args))
#let dl(h, l, a, body) = block(width: 100%, inset: (y: h), spacing: 0pt, {
  set align(a); set par(justify: false, first-line-indent: 0pt, leading: l); body })
// a column's lost lines: a float of the full column height ("full", taller than half of
// it, so no two share a column) whose negative clearance gives back all but the top "t";
// then "b" at its foot
#let room(t, b, full) = {
  place(top, float: true, clearance: t - full, block(height: full))
  if b > 0pt { place(bottom, float: true, clearance: 0pt, block(height: b)) } }
#let nopic(w, h) = block(width: w, height: h, stroke: 0.5pt + luma(60%), {
  place(line(start: (0pt, 0pt), end: (w, h), stroke: 0.3pt + luma(60%)))
  place(line(start: (w, 0pt), end: (0pt, h), stroke: 0.3pt + luma(60%))) })
// balanced columns: the copy's own lines measured in one column, spread level
#let bal(y, rows, p, gap, n, gutter, w, body) = context {
  let lines = calc.round((measure(block(width: w, body)).height + gap) / p)
  let per = calc.max(1, calc.min(rows, calc.ceil(lines / n)))
  place(top + left, dy: y, block(height: per * p, inset: (top: gap / 2), columns(n, gutter: gutter, body))) }
"""


def s(text: str) -> str:
    """A Typst string literal (its text set as it is: no markup)."""
    return json.dumps(text, ensure_ascii=False)


def pt(v: float) -> str:
    return f"{v:.2f}pt"


def font(style, role: str | None = None, text: str = "") -> str:
    """Typst text settings of a style. Tracking goes after every glyph but the last, and
    typeset's glyph of Latin copy is a word or a space: a line without Han widens its
    word spaces by twice the tracking instead of spacing its letters."""
    families, weight = FAMILY[role or style.font]
    args = [f"font: ({', '.join(s(f) for f in families)},)", f'weight: "{weight}"', f"size: {pt(style.size)}"]
    if style.tracking and text and not any(is_han(ch) for ch in text):
        args.append(f"spacing: 100% + {2 * style.tracking:g}em")
    elif style.tracking:
        args.append(f"tracking: {style.tracking:g}em")
    return ", ".join(args)


def runs(style, para) -> str:
    """A paragraph's runs as Typst text calls, bold runs in the bold role (as typeset)."""
    bold = BOLD_ROLE.get(style.font, style.font)
    return "".join(f"#text({font(style, bold)}, {s(r.text)})" if r.bold else f"#{s(r.text)}"
                   for r in para.runs)


def dline(style, text: str, align: str | None) -> str:
    """One line of display text (wrapping if it must) in cells of its leading."""
    gap = style.leading - style.size
    a = ALIGN[align or style.align]
    return f"dl({pt(gap / 2)}, {pt(gap)}, {a}, text({font(style, text=text)}, {s(text)}))\n"


def at(r: Rect, bleed: float, body: str, extra: str = "") -> str:
    return f"#at({pt(r.x + bleed)}, {pt(r.y + bleed)}, {r.w:.3f}pt, {pt(r.h)}{extra})[\n{body}]\n"
