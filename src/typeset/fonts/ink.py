"""Where a glyph puts its ink: the bounds of its outline, read with fontTools, in em of
its face (y up from the baseline). Layout asks it of the marks whose ink it cannot know
from their class, such as the vertical presentation forms (U+FE10–FE4F), which fonts
draw in the head, the foot or the middle of their em cell as their designers chose.

Read on demand, a few glyphs a page, from the TrueType-outline file a :class:`Face`
names; fonts are opened lazily and kept open (a handful per process), and fontTools is
imported only then (a page without such marks does not pay its ~15 ms)."""

from __future__ import annotations

import os
from functools import lru_cache

Bounds = tuple[float, float, float, float]  # x0, y0, x1, y1 in em


def glyph_ink(path: str, ch: str) -> Bounds | None:
    """(x0, y0, x1, y1) of the outline of ``ch`` in the face at ``path``, in em, y up
    from the baseline; None when the face has no glyph for it or the glyph draws nothing.
    Kept per file version (a font replaced in place is read again)."""
    st = os.stat(path)
    return _ink(path, st.st_mtime_ns, st.st_size, ch)


@lru_cache(maxsize=8)
def _open(path: str, mtime: int, size: int):
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    return font.getBestCmap() or {}, font["head"].unitsPerEm, font.getGlyphSet()


@lru_cache(maxsize=4096)
def _ink(path: str, mtime: int, size: int, ch: str) -> Bounds | None:
    from fontTools.pens.boundsPen import BoundsPen

    cmap, upm, glyphs = _open(path, mtime, size)
    name = cmap.get(ord(ch))
    if name is None:
        return None
    pen = BoundsPen(glyphs)
    glyphs[name].draw(pen)
    if pen.bounds is None:
        return None
    x0, y0, x1, y1 = pen.bounds
    return x0 / upm, y0 / upm, x1 / upm, y1 / upm
