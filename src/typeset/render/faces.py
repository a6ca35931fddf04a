"""ReportLab TrueType fonts, loaded through the font cache in a compact, lazy form.

``TTFont`` parses the whole ``cmap`` and ``hmtx`` in Python on every process start
(about 40 ms for each bundled 10,000-glyph face, so a fifth of a cold render). What the
parse produces is cached (:mod:`typeset.cache`): the small attributes in one
``marshal`` record, each big table (``charToGlyph``, ``charWidths``, ``hmetrics``,
``glyphPos``) as its own ``marshal`` blob, turned back into the very dict or list
ReportLab built only when drawing first reads it. ``glyphToChar`` (9,700 small lists,
most of what unpickling a whole face cost) is not cached: drawing without shaping never
reads it, and anything that does gets it from the file, parsed again. The font bytes
are read from the file when subsetting first needs them, and refused if the file has
changed since the face was loaded.

An entry that is damaged, short, of another form or that does not hold every table is
never trusted: the font is parsed again and the entry rewritten.
"""

from __future__ import annotations

import marshal
import os
import sys
from pathlib import Path
from weakref import WeakKeyDictionary

import reportlab
from reportlab import rl_config
from reportlab.pdfbase.ttfonts import TTEncoding, TTFNameBytes, TTFont, TTFontFace

from ..cache import entry_for, read_blob, write_blob

# the form of an entry: marshal's version, and the byte order (a cache folder may be shared)
_VERSION = f"reportlab-{reportlab.Version}-marshal{marshal.version}-{sys.byteorder}-2"
_TABLES = ("charToGlyph", "charWidths", "hmetrics", "glyphPos")  # kept apart, loaded on first use
_NOT_CACHED = ("_ttf_data", "_pdfScale", "glyphToChar")  # the file bytes, a closure over unitsPerEm, the
# reverse map (read only by shaping: parsed again from the file when asked for)


class _Scale:
    """Font units to PDF glyph space (1000 units an em), as ReportLab's ``_pdfScale``."""

    def __init__(self, units_per_em: int) -> None:
        self.factor = 1000 / units_per_em

    def __call__(self, value: float) -> float:
        return value * self.factor


class CachedFace(TTFontFace):
    """A ``TTFontFace`` restored from the cache: a table becomes the dict or list the
    parser made when it is first read, the font bytes when subsetting first reads them."""

    _packed: dict[str, bytes]
    _stat: tuple[int, int]

    def __getattr__(self, name: str):  # only for attributes not set yet
        packed = self.__dict__.get("_packed")
        if packed is not None and name in packed:
            value = marshal.loads(packed.pop(name))
        elif name == "_ttf_data" and "_stat" in self.__dict__:
            value = _font_bytes(Path(self.filename), self._stat)
        elif name == "glyphToChar" and "_stat" in self.__dict__:
            with open(self.filename, "rb") as fh:
                value = TTFontFace(fh).glyphToChar
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value


def _font_bytes(path: Path, stat: tuple[int, int]) -> bytes:
    with open(path, "rb") as fh:
        st = os.fstat(fh.fileno())
        if (st.st_size, st.st_mtime_ns) != stat:
            raise OSError(f"the font file {path} changed while the page was being drawn")
        return fh.read()


def load_ttfont(name: str, path: Path) -> TTFont:
    """A ReportLab ``TTFont`` named ``name`` for the TrueType file ``path``."""
    entry = entry_for("reportlab", path, _VERSION, suffix=".face")
    face = _restore(read_blob(entry), path)
    if face is None:
        with open(path, "rb") as fh:  # not the name: ReportLab's opener turns any exception, Ctrl-C too, into TTFError
            font = TTFont(name, fh)
        packed = pack(font.face)
        if packed is not None:
            write_blob(entry, packed)
        return font
    # what TTFont.__init__ does after parsing the face
    font = TTFont.__new__(TTFont)
    font.fontName = name
    font.face = face
    font.encoding = TTEncoding()
    font.state = WeakKeyDictionary()
    font._asciiReadable = rl_config.ttfAsciiReadable
    font.shapable = False
    return font


def pack(face: TTFontFace) -> bytes | None:
    """The cache entry of a parsed face; None when it holds something marshal cannot
    store exactly (then it is not cached)."""
    state = {k: v for k, v in vars(face).items() if k not in _NOT_CACHED}
    if not all(t in state for t in _TABLES):
        return None
    names = sorted(k for k, v in state.items() if type(v) is TTFNameBytes)
    small = {k: (bytes(v) if k in names else v) for k, v in state.items() if k not in _TABLES}
    try:
        tables = {t: marshal.dumps(state[t]) for t in _TABLES}
        return marshal.dumps((small, names, tables))
    except ValueError:  # an object marshal does not know
        return None


def _restore(payload: bytes | None, path: Path) -> CachedFace | None:
    """The face in a cache entry, or None when it is not one this version wrote whole."""
    if payload is None:
        return None
    try:
        small, names, tables = marshal.loads(payload)
        if not (isinstance(small, dict) and isinstance(names, list) and isinstance(tables, dict)
                and sorted(tables) == sorted(_TABLES) and all(type(b) is bytes for b in tables.values())
                and isinstance(small.get("unitsPerEm"), int) and small["unitsPerEm"] > 0
                and all(type(small.get(n)) is bytes for n in names)):
            return None
        st = path.stat()
    except (ValueError, EOFError, TypeError, OSError):  # damaged beyond the frame's check, or gone
        return None
    face = CachedFace.__new__(CachedFace)
    vars(face).update(small)
    for n in names:
        setattr(face, n, TTFNameBytes(small[n]))
    face._packed = dict(tables)
    face._stat = (st.st_size, st.st_mtime_ns)
    face._pdfScale = _Scale(face.unitsPerEm)
    return face


def unpack(font: TTFont) -> None:
    """Turn now the tables drawing and subsetting read back into ReportLab's dicts and
    lists, and read the font bytes (the drawing helper does it while the page is still
    being laid out)."""
    for name in (*_TABLES, "_ttf_data"):
        getattr(font.face, name)
