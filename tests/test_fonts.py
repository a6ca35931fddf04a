"""Font registry: coverage, missing characters, CFF conversion cached, overrides."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from conftest import ROOT

from typeset.fonts import FontSet, RoleSpec

SEED = ROOT.parent / "shared" / "seeds" / "000_16700bad3a99e105.txt"


def test_bundled_fonts_cover_the_seed_text():
    fonts = FontSet.bundled()
    text = "".join((ROOT / "examples").rglob("*.md").__next__().read_text(encoding="utf-8"))
    if SEED.is_file():
        text += SEED.read_text(encoding="utf-8")
    for role in ("song", "song-heavy", "hei", "hei-bold", "kai"):
        assert fonts.missing(role, text) == set(), role


def test_missing_character_is_reported_with_codepoint(tmp_path, monkeypatch, capsys):
    from typeset.cli import main
    page = ("extends: broadsheet\nblocks:\n  - id: a\n    kind: article\n"
            "    area: {col: 1, cols: 2, row: 1, rows: 10}\n    text: 古文\U0002A6A5字\n")
    (tmp_path / "page.yaml").write_text(page, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "page.yaml"]) == 1
    out = capsys.readouterr().out
    assert "U+2A6A5" in out and "error[missing-glyph]" in out and "(block a)" in out
    assert "page.yaml:6:" in out  # the line of the copy that has it


def _cff_font(path: Path) -> None:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    fb = FontBuilder(1000, isTTF=False)
    glyphs = [".notdef", "uni4E00"]
    fb.setupGlyphOrder(glyphs)
    fb.setupCharacterMap({0x4E00: "uni4E00"})
    charstrings = {}
    for g in glyphs:
        pen = T2CharStringPen(1000, None)
        pen.moveTo((50, 380)); pen.curveTo((300, 420), (700, 420), (950, 380))
        pen.lineTo((950, 440)); pen.lineTo((50, 440)); pen.closePath()
        charstrings[g] = pen.getCharString()
    fb.setupCFF("TestCFF-Regular", {"FullName": "Test CFF"}, charstrings, {})
    fb.setupHorizontalMetrics({g: (1000, 50) for g in glyphs})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": "Test CFF", "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, sTypoDescender=-120)
    fb.setupPost()
    fb.save(str(path))


def test_cff_font_is_converted_once_and_cached(tmp_path, monkeypatch):
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    otf = tmp_path / "test.otf"
    _cff_font(otf)
    fonts = FontSet.bundled().with_overrides({"song": RoleSpec("song", otf, None, ("hei",))})
    face = fonts.primary("song")
    assert face.path != otf and face.path.suffix == ".ttf"
    from fontTools.ttLib import TTFont
    assert "glyf" in TTFont(face.path)
    converted = list((tmp_path / "cache" / "converted").glob("*.ttf"))
    assert len(converted) == 1
    mtime = converted[0].stat().st_mtime_ns
    t0 = time.perf_counter()
    again = FontSet.bundled().with_overrides({"song": RoleSpec("song", otf, None, ())}).primary("song")
    assert time.perf_counter() - t0 < 1.0
    assert again.path == face.path and converted[0].stat().st_mtime_ns == mtime
    assert fonts.advance("song", "一") == pytest.approx(1.0)


def test_override_points_a_role_at_another_file():
    fonts = FontSet.bundled()
    kai = fonts.roles["kai"].file
    over = fonts.with_overrides({"song": RoleSpec("song", kai, None, ())})
    assert over.primary("song").source == kai
    assert fonts.primary("song").source != kai


@pytest.mark.parametrize("role", ["song", "song-bold", "song-heavy", "hei", "hei-bold", "kai"])
def test_chinese_quotes_are_full_width_in_every_bundled_face(role):
    fonts = FontSet.bundled()
    for mark in "“”‘’":
        assert fonts.advance(role, mark) == pytest.approx(1.0), (role, mark)


# Chinese forms (issue 15): 破折号, 省略号 and 间隔号 take one em each, as GB/T 15834 sets them.
BUNDLED = sorted((ROOT / "fonts").glob("Typeset*.ttf"))


def _ink(font, cp):
    from fontTools.pens.boundsPen import BoundsPen

    name = font.getBestCmap()[cp]
    pen = BoundsPen(font.getGlyphSet())
    font.getGlyphSet()[name].draw(pen)
    return font["hmtx"][name][0], pen.bounds


@pytest.mark.parametrize("path", BUNDLED, ids=lambda p: p.stem)
def test_dash_ellipsis_and_interpunct_are_full_width_chinese_forms(path):
    from fontTools.ttLib import TTFont

    font = TTFont(path)
    upm = font["head"].unitsPerEm
    for cp in (0x2014, 0x2026, 0x00B7):
        advance, (x0, y0, x1, y1) = _ink(font, cp)
        assert advance == upm, f"U+{cp:04X} advance {advance} of {upm}"
        if cp == 0x2014:  # the rule runs edge to edge: —— is one unbroken line
            assert x0 <= 0.005 * upm and x1 >= 0.995 * upm, (x0, x1)
        else:  # the dots sit centred in the em
            assert abs((x0 + x1) / 2 - upm / 2) <= 0.03 * upm, (cp, x0, x1)
        assert 0.2 * upm <= (y0 + y1) / 2 <= 0.55 * upm, f"U+{cp:04X} is not at mid-height: {y0}..{y1}"
