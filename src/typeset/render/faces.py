"""ReportLab TrueType fonts, loaded through the font cache.

``TTFont`` parses the whole ``cmap`` and ``hmtx`` in Python on every process start
(about 40 ms for each bundled 10,000-glyph face, so a fifth of a cold render). What the
parse produces is cached with the font metrics (:mod:`typeset.cache`); the font
bytes themselves are read from the file again, since subsetting at save time needs them.
"""

from __future__ import annotations

from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFont, TTFontFace

from ..cache import entry_for, read_entry, write_entry

_VERSION = f"reportlab-{reportlab.Version}-1"
_UNPICKLABLE = ("_ttf_data", "_pdfScale")  # the file bytes, and a closure over unitsPerEm


class _Scale:
    """Font units to PDF glyph space (1000 units an em), as ReportLab's ``_pdfScale``."""

    def __init__(self, units_per_em: int) -> None:
        self.factor = 1000 / units_per_em

    def __call__(self, value: float) -> float:
        return value * self.factor


def load_ttfont(name: str, path: Path) -> TTFont:
    """A ReportLab ``TTFont`` named ``name`` for the TrueType file ``path``."""
    entry = entry_for("reportlab", path, _VERSION)
    state = read_entry(entry)
    if not isinstance(state, dict) or "charToGlyph" not in state:
        with open(path, "rb") as fh:  # not the name: ReportLab's opener turns any exception, Ctrl-C too, into TTFError
            font = TTFont(name, fh)
        write_entry(entry, {k: v for k, v in vars(font.face).items() if k not in _UNPICKLABLE})
        return font
    face = TTFontFace.__new__(TTFontFace)
    vars(face).update(state)
    face._ttf_data = path.read_bytes()
    face._pdfScale = _Scale(face.unitsPerEm)
    # what TTFont.__init__ does after parsing the face
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    return font
