#!/usr/bin/env python3
"""Build the bundled default fonts in ``fonts/`` from open source fonts.

Sources (Debian bookworm packages; install them first):

    apt-get install fonts-noto-cjk fonts-noto-cjk-extra fonts-lxgw-wenkai unicode-data

- Noto Serif CJK SC and Noto Sans CJK SC 2.001 (fonts-noto-cjk 1:20220127), SIL OFL 1.1
- LXGW WenKai 1.250 (fonts-lxgw-wenkai), SIL OFL 1.1

Character set: every character of the 通用规范汉字表 (8,105, read from the Unihan
``kTGH`` field of Debian's unicode-data package), of GB 2312 (from Python's codec),
CJK symbols and punctuation, full-width forms, vertical presentation forms, ASCII,
Latin-1, general punctuation and the marks a newspaper uses (■●★※①…).

CFF outlines are converted to TrueType outlines (ReportLab embeds only those); U+2014,
U+2026 and U+00B7 are mapped to the full-width Chinese forms the source font gives them
under its ``locl`` (Simplified Chinese) and ``fwid`` features (``chinese_forms``; ReportLab
applies no OpenType features, so they are baked into the cmap), the em dash's rule is
drawn across its whole em so that —— is one unbroken line (``unbroken_dash``); quotes and
the middle dot drawn Western-width are widened to one em (``full_width_marks``), and each
derived font is renamed (OFL). Rerun with ``python tools/build_fonts.py``; it rewrites
``fonts/*.ttf`` and ``fonts/charset.txt``. About a minute per font on 2 cores.
"""

from __future__ import annotations

import argparse
import bz2
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from typeset.fonts.convert import (  # noqa: E402
    cff_to_truetype, is_cff, load_face, rename_font, subset_font,
)

NOTO = Path("/usr/share/fonts/opentype/noto")
WENKAI = Path("/usr/share/fonts/truetype/lxgw-wenkai")
UNIHAN = Path("/usr/share/unicode/Unihan_OtherMappings.txt.bz2")

# output file, source file, face, family, style
BUILDS = [
    ("TypesetSong-Regular.ttf", NOTO / "NotoSerifCJK-Regular.ttc", "SC", "Typeset Song", "Regular"),
    ("TypesetSong-Bold.ttf", NOTO / "NotoSerifCJK-Bold.ttc", "SC", "Typeset Song", "Bold"),
    ("TypesetSong-Black.ttf", NOTO / "NotoSerifCJK-Black.ttc", "SC", "Typeset Song", "Black"),
    ("TypesetHei-Regular.ttf", NOTO / "NotoSansCJK-Regular.ttc", "SC", "Typeset Hei", "Regular"),
    ("TypesetHei-Bold.ttf", NOTO / "NotoSansCJK-Bold.ttc", "SC", "Typeset Hei", "Bold"),
    ("TypesetKai-Regular.ttf", WENKAI / "LXGWWenKai-Regular.ttf", None, "Typeset Kai", "Regular"),
]

RANGES = [
    (0x0020, 0x007E), (0x00A0, 0x00FF),      # ASCII, Latin-1
    (0x2010, 0x2027), (0x2030, 0x205E),      # general punctuation
    (0x2100, 0x214F), (0x2150, 0x218F),      # letterlike (℃ №), number forms (Ⅰ)
    (0x2190, 0x21FF),                        # arrows
    (0x2460, 0x24FF),                        # enclosed alphanumerics ①
    (0x2500, 0x257F), (0x25A0, 0x25FF),      # box drawing, geometric shapes ■●◆
    (0x2600, 0x2613), (0x2E3A, 0x2E3B),      # ★☆, two/three-em dash
    (0x3000, 0x303F),                        # CJK symbols and punctuation
    (0x3200, 0x32FF),                        # enclosed CJK ㈠
    (0xFE10, 0xFE19), (0xFE30, 0xFE4F),      # vertical forms
    (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6),      # full-width forms
]
EXTRA = "※§¶†‡•…‥·—–―‖‘’“”〃〆〇"


def tgscc_chars() -> set[int]:
    """Code points of the 通用规范汉字表 (Unihan kTGH)."""
    chars: set[int] = set()
    with bz2.open(UNIHAN, "rt", encoding="utf-8") as fh:
        for line in fh:
            parts = line.split("\t")
            if len(parts) >= 2 and parts[1] == "kTGH":
                chars.add(int(parts[0][2:], 16))
    return chars


def gb2312_chars() -> set[int]:
    chars: set[int] = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes((hi, lo)).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def charset() -> set[int]:
    cps = tgscc_chars() | gb2312_chars() | {ord(c) for c in EXTRA}
    for lo, hi in RANGES:
        cps.update(range(lo, hi + 1))
    return cps


# Marks Chinese text sets full width whatever the font (GB/T 15834): opening quotes keep
# their ink in the right half of the em, closing quotes in the left, the 间隔号 centred.
FULL_WIDTH_MARKS = {0x2018: "right", 0x201C: "right", 0x2019: "left", 0x201D: "left", 0x00B7: "centre"}


def full_width_marks(font) -> list[str]:
    """Widen proportional (Western-width) quotes and middle dot to one em, moving the ink
    to where Chinese typesetting puts it. LXGW WenKai draws them ⅓ em wide."""
    upm = font["head"].unitsPerEm
    cmap, hmtx, glyf = font.getBestCmap(), font["hmtx"], font["glyf"]
    changed = []
    for cp, side in FULL_WIDTH_MARKS.items():
        name = cmap.get(cp)
        if name is None or hmtx[name][0] >= 0.9 * upm:
            continue
        advance, lsb = hmtx[name]
        dx = {"right": upm - advance, "left": 0, "centre": (upm - advance) // 2}[side]
        glyph = glyf[name]
        if glyph.numberOfContours > 0:
            glyph.coordinates.translate((dx, 0))
            glyph.recalcBounds(glyf)
        hmtx[name] = (upm, lsb + dx)
        changed.append(f"U+{cp:04X}")
    return changed


# Characters whose Chinese (GB/T 15834) form is full width and which the CJK fonts map to
# Western-width glyphs by default: 破折号 half, 省略号 half, 间隔号.
CHINESE_FORMS = (0x2014, 0x2026, 0x00B7)


def _single_substitutions(gsub, index: int) -> dict[str, str]:
    lookup = gsub.LookupList.Lookup[index]
    mapping: dict[str, str] = {}
    for sub in lookup.SubTable:
        if lookup.LookupType == 7:  # extension: the real subtable inside
            sub = sub.ExtSubTable
        mapping.update(getattr(sub, "mapping", None) or {})
    return mapping


def chinese_forms(font) -> list[str]:
    """Point the cmap of U+2014, U+2026 and U+00B7 at the glyph the font substitutes for
    them in Simplified Chinese text: its ``locl`` lookups for script hani, language ZHS,
    then its ``fwid`` lookups. Must run before subsetting (which drops GSUB)."""
    if "GSUB" not in font:
        return []
    gsub = font["GSUB"].table
    lookups: dict[str, list[int]] = {"locl": [], "fwid": []}
    for record in gsub.ScriptList.ScriptRecord:
        if record.ScriptTag != "hani":
            continue
        for lang in record.Script.LangSysRecord:
            if lang.LangSysTag.strip() != "ZHS":
                continue
            for k in lang.LangSys.FeatureIndex:
                feature = gsub.FeatureList.FeatureRecord[k]
                if feature.FeatureTag in lookups:
                    lookups[feature.FeatureTag] += feature.Feature.LookupListIndex
    maps = [_single_substitutions(gsub, i) for tag in ("locl", "fwid") for i in lookups[tag]]
    cmap = font.getBestCmap()
    changed = []
    for cp in CHINESE_FORMS:
        glyph = original = cmap.get(cp)
        if glyph is None:
            continue
        for mapping in maps:
            glyph = mapping.get(glyph, glyph)
        if glyph != original:
            for table in font["cmap"].tables:
                if table.isUnicode() and cp in table.cmap:
                    table.cmap[cp] = glyph
            changed.append(f"U+{cp:04X}")
    return changed


def unbroken_dash(font) -> bool:
    """Stretch the ink of the full-width em dash across its whole advance, so that two of
    them (——) draw one unbroken 2-em rule (GB/T 15834 §4.9: 破折号 占两个字的位置)."""
    upm = font["head"].unitsPerEm
    name = font.getBestCmap().get(0x2014)
    hmtx, glyf = font["hmtx"], font["glyf"]
    if name is None or hmtx[name][0] != upm:
        return False
    glyph = glyf[name]
    if glyph.numberOfContours <= 0:
        return False
    coords = glyph.coordinates
    lo, hi = min(x for x, _ in coords), max(x for x, _ in coords)
    if hi - lo >= upm or hi <= lo:
        return False
    scale = upm / (hi - lo)
    for k, (x, y) in enumerate(coords):
        coords[k] = (round((x - lo) * scale), y)
    glyph.recalcBounds(glyf)
    hmtx[name] = (upm, 0)
    return True


def build_one(job: tuple[str, Path, str | None, str, str], cps: list[int], out_dir: Path) -> str:
    out_name, src, face, family, style = job
    t0 = time.perf_counter()
    font = load_face(src, face)
    forms = chinese_forms(font)
    subset_font(font, cps)
    if is_cff(font):
        cff_to_truetype(font)
    widened = full_width_marks(font)
    if unbroken_dash(font):
        widened.append("U+2014 ink")
    postscript = family.replace(" ", "") + "-" + style
    rename_font(font, family, style, postscript)
    out = out_dir / out_name
    font.save(out)
    glyphs = len(font.getGlyphOrder())
    note = f", Chinese forms {' '.join(forms)}" if forms else ""
    note += f", widened {' '.join(widened)}" if widened else ""
    return f"{out_name}: {glyphs} glyphs, {out.stat().st_size / 1e6:.1f} MB{note}, {time.perf_counter() - t0:.0f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "fonts")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--only", nargs="*", help="output file names to build")
    args = parser.parse_args(argv)
    cps = sorted(charset())
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "charset.txt").write_text(
        "".join(chr(c) for c in cps if c > 0x2E80) + "\n", encoding="utf-8")
    jobs = [b for b in BUILDS if not args.only or b[0] in args.only]
    with ProcessPoolExecutor(args.jobs) as pool:
        for line in pool.map(build_one, jobs, [cps] * len(jobs), [args.out] * len(jobs)):
            print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
