"""The compact cached form of ReportLab faces (render/faces.py): a face restored from it
holds exactly what parsing the TTF gives and draws the same PDF bytes; an entry that is
damaged, short or of another form is parsed again and rewritten, never trusted."""

from __future__ import annotations

import marshal
import os
import subprocess
import sys
from pathlib import Path

import pytest
from reportlab.pdfbase.ttfonts import TTFontFace

from conftest import EXAMPLES
from typeset.cache import entry_for, read_blob, write_blob
from typeset.fonts import FontSet
from typeset.render import faces
from typeset.render.faces import CachedFace, load_ttfont

TABLES = ("charToGlyph", "charWidths", "hmetrics", "glyphPos", "glyphToChar")


@pytest.fixture
def cache(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    return tmp_path / "cache"


def _song() -> Path:
    return Path(FontSet.bundled().chain("song")[0].path)


def _entry(path: Path) -> Path:
    return entry_for("reportlab", path, faces._VERSION, suffix=".face")


def test_a_restored_face_holds_what_parsing_the_file_gives(cache):
    path = _song()
    parsed = load_ttfont("T", path)  # nothing cached: parsed, and the entry written
    assert type(parsed.face) is TTFontFace and _entry(path).is_file()
    restored = load_ttfont("T", path)
    assert type(restored.face) is CachedFace
    with open(path, "rb") as fh:
        fresh = TTFontFace(fh)
    for name in TABLES:  # each table unpacked on first use, equal in value and type
        value = getattr(restored.face, name)
        assert value == getattr(fresh, name) and type(value) is type(getattr(fresh, name)), name
    assert restored.face._ttf_data == path.read_bytes()
    for name, value in vars(fresh).items():
        if name not in (*TABLES, "_ttf_data", "_pdfScale"):
            assert getattr(restored.face, name) == value and type(getattr(restored.face, name)) is type(value), name
    assert restored.face._pdfScale(500) == fresh._pdfScale(500)
    assert restored.face.name.ustr == fresh.name.ustr


@pytest.mark.parametrize("damage", ["truncated", "empty", "another form", "missing table", "not marshal"])
def test_a_damaged_entry_is_parsed_again_and_rewritten(cache, damage):
    path = _song()
    load_ttfont("T", path)
    entry = _entry(path)
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "empty":
        entry.write_bytes(b"")
    elif damage == "another form":  # a sound frame around something else
        write_blob(entry, marshal.dumps(["not", "a", "face"]))
    elif damage == "missing table":
        small, names, tables = marshal.loads(read_blob(entry))
        del tables["glyphPos"]
        write_blob(entry, marshal.dumps((small, names, tables)))
    else:
        write_blob(entry, b"\x00garbage" * 100)
    font = load_ttfont("T", path)
    assert type(font.face) is TTFontFace  # parsed, not restored from the damaged entry
    assert font.face.charToGlyph
    assert type(load_ttfont("T", path).face) is CachedFace  # and the entry written again


def test_the_font_bytes_are_refused_if_the_file_changed_since_the_face_was_loaded(cache, tmp_path):
    copy = tmp_path / "face.ttf"
    copy.write_bytes(_song().read_bytes())
    load_ttfont("T", copy)
    font = load_ttfont("T", copy)
    assert type(font.face) is CachedFace
    os.utime(copy, ns=(1, 1))  # another file now (as watch mode might see)
    with pytest.raises(OSError, match="changed"):
        font.face._ttf_data


@pytest.mark.parametrize("page", ["laodongzhe", "guanxin"])
def test_a_page_drawn_with_restored_faces_is_byte_for_byte_the_one_drawn_with_parsed_faces(tmp_path, page):
    env = dict(os.environ, TYPESET_NO_SERVER="1", TYPESET_CACHE=str(tmp_path / "cache"))
    outs = []
    for i in range(2):  # the first run parses every face (and writes the entries), the second restores them
        out = tmp_path / f"{i}.pdf"
        subprocess.run([sys.executable, "-m", "typeset", "render", str(EXAMPLES / page / "page.yaml"), "-o", str(out),
                        "-q"], env=env, check=True, capture_output=True)
        outs.append(out.read_bytes())
        if i == 0:
            assert list((tmp_path / "cache" / "reportlab").glob("*.face"))
    assert outs[0] == outs[1]
