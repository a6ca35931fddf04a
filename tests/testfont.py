"""A TrueType font built in code for layout tests: every glyph a plain box, Han and
full-width marks exactly 1 em wide, ASCII exactly ½ em, so positions in a transcript are
exact multiples of the body size and a golden file does not change when the bundled
fonts are rebuilt. The vertical forms ink half their cell down the column, as the
bundled fonts draw them: a closing mark's or 点号's form the head half, an opening
mark's the foot half (``ink`` moves any glyph's ink to other heights, in font units)."""

from __future__ import annotations

from pathlib import Path

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

UPM = 1000
HAN = ("一二三四五六七八九十百千万上下左右天地人大小中文字报纸版面头条新闻标题正栏行甲乙丙丁年月星期测试第"
       "春夏秋冬东南西北工会职青岛市日")
MARKS = "，。、；：？！“”‘’（）《》〈〉「」『』【】—…·～■"
VERTICAL = "︐︑︒︓︔︕︖︙︱︵︶︷︸︹︺︻︼︽︾︿﹀﹁﹂﹃﹄"  # presentation forms for 竖排
HEAD_INK = (430, 830)   # font units up from the baseline: the head half of the em box (−120 to 880)
FOOT_INK = (-70, 330)
INK = {**{c: HEAD_INK for c in "︐︑︒︓︔︕︖︶︸︺︼︾﹀﹂﹄"}, **{c: FOOT_INK for c in "︵︷︹︻︽︿﹁﹃"}}
ASCII = "".join(chr(c) for c in range(0x21, 0x7F))


def build_test_font(path: Path, family: str = "Typeset Test", ink: dict[str, tuple[int, int]] | None = None
                    ) -> Path:
    chars = HAN + MARKS + VERTICAL + ASCII
    names = [".notdef", "space", *(f"u{ord(c):04X}" for c in chars)]
    fb = FontBuilder(UPM, isTTF=True)
    fb.setupGlyphOrder(names)
    cmap = {0x20: "space"}
    cmap.update({ord(c): f"u{ord(c):04X}" for c in chars})
    fb.setupCharacterMap(cmap)
    glyphs, metrics = {}, {}
    for name in names:
        ch = chr(int(name[1:], 16)) if name.startswith("u") else None
        width = UPM // 2 if (name == "space" or (ch and ch.isascii())) else UPM
        pen = TTGlyphPen(None)
        if name != "space":
            inset = width // 10
            low, high = {**INK, **(ink or {})}.get(ch, (-100, 780))
            pen.moveTo((inset, low))
            pen.lineTo((inset, high))
            pen.lineTo((width - inset, high))
            pen.lineTo((width - inset, low))
            pen.closePath()
        glyphs[name] = pen.glyph()
        metrics[name] = (width, 0)
    fb.setupGlyf(glyphs)
    fb.setupHorizontalMetrics(metrics)
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path
