"""CFF (PostScript) outlines to TrueType (quadratic) outlines, subsetting and renaming.

ReportLab embeds only fonts with ``glyf`` outlines ("postscript outlines are not
supported"), while most CJK fonts (Noto CJK, Source Han, many 方正 OTFs) have CFF
outlines. This module turns such a font into an equivalent TrueType-outline font with
fontTools: each cubic curve is approximated by quadratic splines (``Cu2QuPen``, maximum
error 1 font unit, under 0.01 pt at body size), advances and vertical metrics are kept.

Used by the bundled-font build script (``tools/build_fonts.py``) and by the font
registry for CFF fonts a newsroom supplies (converted once, cached by content hash).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from fontTools import subset as ft_subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont, newTable

log = logging.getLogger(__name__)

MAX_ERR_UNITS = 1.0


def is_cff(font: TTFont) -> bool:
    """True when the font carries PostScript (CFF or CFF2) outlines."""
    return "CFF " in font or "CFF2" in font


def cff_to_truetype(font: TTFont) -> None:
    """Replace the CFF outlines of ``font`` with TrueType outlines, in place."""
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(None)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERR_UNITS, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    _fix_tables_for_glyf(font)
    font.sfntVersion = "\x00\x01\x00\x00"


def _fix_tables_for_glyf(font: TTFont) -> None:
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in (
        "maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs",
        "maxInstructionDefs", "maxStackElements", "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    maxp.maxComponentDepth = 0
    post = font["post"]
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = None
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 1


def subset_font(font: TTFont, codepoints: Iterable[int]) -> None:
    """Keep only the glyphs for ``codepoints`` (and .notdef); drop OpenType layout.

    Layout features are dropped because typeset positions every glyph itself and
    ReportLab applies none; vertical forms come from the presentation-form code
    points (U+FE10–FE19, U+FE30–FE4F), which stay in the cmap.
    """
    options = ft_subset.Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.hinting = False
    options.desubroutinize = True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "DSIG", "meta"]
    subsetter = ft_subset.Subsetter(options)
    cmap = font.getBestCmap()
    subsetter.populate(unicodes=[cp for cp in codepoints if cp in cmap])
    subsetter.subset(font)


def rename_font(font: TTFont, family: str, style: str, postscript: str) -> None:
    """Give a derived font its own names (OFL: derived fonts must not keep the
    original's names; ReportLab also aliases fonts with equal PostScript names)."""
    name = font["name"]
    full = f"{family} {style}" if style != "Regular" else family
    keep = {0, 7, 8, 9, 11, 12, 13, 14}
    name.names = [rec for rec in name.names if rec.nameID in keep]
    for name_id, value in ((1, family), (2, style), (3, f"typeset:{postscript}"),
                           (4, full), (6, postscript), (16, family), (17, style)):
        name.setName(value, name_id, 3, 1, 0x409)
        name.setName(value, name_id, 1, 0, 0)
    if "CFF " in font:
        cff = font["CFF "].cff
        cff.fontNames = [postscript]


def load_face(path: Path, face: int | str | None = None) -> TTFont:
    """Open a TTF/OTF, or one face of a TTC/OTC chosen by index or by name."""
    path = Path(path)
    if path.suffix.lower() not in (".ttc", ".otc"):
        return TTFont(path, lazy=False)
    from fontTools.ttLib import TTCollection

    collection = TTCollection(path, lazy=True)
    names = [_face_name(f) for f in collection.fonts]
    if face is None:
        index = 0
    elif isinstance(face, int):
        if not 0 <= face < len(names):
            raise ValueError(f"{path.name} has {len(names)} faces; index {face} is out of range")
        index = face
    else:
        matches = [i for i, n in enumerate(names) if face.lower() in n.lower()]
        if not matches:
            raise ValueError(f"{path.name} has no face named like {face!r} (faces: {', '.join(names)})")
        index = matches[0]
    return TTFont(path, fontNumber=index, lazy=False)


def _face_name(font: TTFont) -> str:
    return font["name"].getDebugName(4) or font["name"].getDebugName(1) or "?"
