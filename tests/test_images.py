"""Pictures: checked when the spec is read, separated to CMYK, cropped, resolution warned."""

from __future__ import annotations

import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image
from pypdf import PdfReader

from typeset.cli import main
from typeset.render.images import INK_LIMIT, separate

PAGE = """\
extends: broadsheet
blocks:
  - id: pic
    kind: image
    area: {col: 1, cols: 2, row: 1, rows: 10}
    file: picture.png
"""


@pytest.mark.parametrize(("rgb", "cmyk"), [
    ((1, 1, 1), (0, 0, 0, 0)),          # paper
    ((0, 0, 0), (0, 0, 0, 1)),          # black: K only, not rich black
    ((0.5, 0.5, 0.5), (0, 0, 0, 0.5)),  # greys: K only (grey balance on newsprint)
    ((1, 0, 0), (0, 1, 1, 0)),
    ((0, 0, 1), (1, 1, 0, 0)),
])
def test_separation_table(rgb, cmyk):
    assert separate(*rgb) == pytest.approx(cmyk)


@given(st.floats(0, 1), st.floats(0, 1), st.floats(0, 1))
def test_separation_stays_in_gamut_and_ink_limit(r, g, b):
    c, m, y, k = separate(r, g, b)
    assert all(-1e-9 <= v <= 1 + 1e-9 for v in (c, m, y, k))
    assert c + m + y + k <= INK_LIMIT + 1e-9
    assert min(c, m, y) <= 1e-9  # grey component fully replaced by K


def _page(tmp_path: Path, size: tuple[int, int]) -> Path:
    Image.new("RGB", size, (200, 40, 40)).save(tmp_path / "picture.png")
    spec = tmp_path / "page.yaml"
    spec.write_text(PAGE, encoding="utf-8")
    return spec


def test_picture_is_cmyk_jpeg_cropped_to_the_frame(tmp_path):
    spec = _page(tmp_path, (3000, 900))  # much wider than the 2-column frame
    assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 0
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    (image,) = [o.get_object() for o in page["/Resources"]["/XObject"].values()]
    assert image["/ColorSpace"] == "/DeviceCMYK"
    assert image["/Filter"] in ("/DCTDecode", ["/DCTDecode"])
    frame_w = 2 * 117 + 9      # two 13-character 小五 columns and a gutter
    frame_h = 10 * 13.5
    assert image["/Width"] / image["/Height"] == pytest.approx(frame_w / frame_h, rel=0.01)


def test_text_is_black_only(tmp_path):
    spec = _page(tmp_path, (800, 500))
    spec.write_text(PAGE + "  - id: t\n    kind: text\n    area: {col: 3, cols: 2, row: 1, rows: 2}\n"
                    "    lines: [正文一行]\n", encoding="utf-8")
    assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 0
    content = PdfReader(tmp_path / "out.pdf").pages[0].get_contents().get_data().decode("latin-1")
    assert "0 0 0 1 k" in content
    assert " rg" not in content and " RG" not in content  # nothing in RGB


def test_low_resolution_picture_is_a_warning(tmp_path, capsys):
    spec = _page(tmp_path, (300, 170))  # 243 pt wide at 300 px: 89 dpi
    assert main(["check", str(spec), "--json"]) == 0  # a warning does not fail the page
    report = json.loads(capsys.readouterr().out)
    (block,) = report["pages"][0]["blocks"]
    assert any("dpi" in w and "under 200" in w for w in block["warnings"]), block


def _damaged_png(path: Path) -> None:
    Image.new("RGB", (400, 400), (10, 200, 10)).save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _bomb_png(path: Path, width: int = 40_000, height: int = 40_000, colour_type: int = 2) -> None:
    """A tiny file whose header claims 40,000 × 40,000 pixels."""
    ihdr = struct.pack(">IIBBBBB", width, height, 8, colour_type, 0, 0, 0)
    chunk = lambda tag, body: (struct.pack(">I", len(body)) + tag + body  # noqa: E731
                               + struct.pack(">I", zlib.crc32(tag + body)))
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0" * 10))
                     + chunk(b"IEND", b""))


@pytest.mark.parametrize(("make", "message"), [
    (_damaged_png, "is damaged or truncated"),
    (_bomb_png, "has 1,600,000,000 pixels, more than the limit of 120,000,000"),
    # 90 MP is under the pixel limit, but 4 bytes a pixel (RGBA) is 343 MiB decoded
    (lambda p: _bomb_png(p, 10_000, 9_000, 6), "would take 343 MiB to decode (10,000 × 9,000 RGBA), more than"),
    (lambda p: p.write_text("not a picture", encoding="utf-8"), "is not a PNG or JPEG image"),
])
def test_bad_picture_is_an_input_error(tmp_path, monkeypatch, capsys, make, message):
    monkeypatch.chdir(tmp_path)
    _page(tmp_path, (10, 10))
    make(tmp_path / "picture.png")
    (tmp_path / "out.pdf").write_bytes(b"previous")
    assert main(["render", "page.yaml", "-o", "out.pdf"]) == 2
    err = capsys.readouterr().err
    assert "page.yaml:6:5:" in err and message in err, err
    assert "Traceback" not in err and "DecompressionBomb" not in err and "site-packages" not in err
    assert (tmp_path / "out.pdf").read_bytes() == b"previous"  # the previous output is untouched


def test_black_text_overprints_and_white_text_knocks_out(tmp_path, capsys):
    spec = _page(tmp_path, (800, 500))
    spec.write_text(PAGE + "  - id: t\n    kind: text\n    area: {col: 3, cols: 2, row: 1, rows: 2}\n"
                    "    lines: [正文一行]\n  - id: r\n    kind: text\n    area: {col: 5, cols: 2, row: 1, rows: 2}\n"
                    "    reverse: true\n    lines: [反白]\n", encoding="utf-8")
    # the PDF is written; preflight then fails it (exit 1): 反白 at body size is under 10 pt
    assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 1
    assert "reversed (white) text, under 10 pt" in capsys.readouterr().err
    page = PdfReader(tmp_path / "out.pdf").pages[0]
    states = {name: dict(ref.get_object()) for name, ref in page["/Resources"]["/ExtGState"].items()}
    op_on = {n for n, st in states.items() if bool(st.get("/op"))}
    content = page.get_contents().get_data().decode("latin-1")
    objects = content.split("BT")[1:]                     # what precedes each text object
    before = content.split("BT")[:-1]
    black = [b[b.rindex("q"):] for b, o in zip(before, objects) if "0 0 0 1 k" in o.split("ET")[0]]
    white = [b[b.rindex("q"):] for b, o in zip(before, objects) if "0 0 0 0 k" in o.split("ET")[0]]
    assert black and all(any(f"{n} gs" in b for n in op_on) for b in black)
    assert white and all(" gs" not in w for w in white)
