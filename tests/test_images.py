"""Pictures: checked when the spec is read, separated to CMYK, cropped, resolution warned."""

from __future__ import annotations

import io
import json
import math
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
import pikepdf
from PIL import Image, ImageCms, ImageDraw
from pypdf import PdfReader

from typeset.cli import main

from conftest import ROOT
from typeset.render import images
from typeset.spec.printing import default_settings

PAGE = """\
extends: broadsheet
blocks:
  - id: pic
    kind: image
    area: {col: 1, cols: 2, row: 1, rows: 10}
    file: picture.png
"""


def _lab(cmyk_image, profile):
    """CMYK pixels → Lab through the press profile (LittleCMS, absolute of nothing of ours)."""
    to_lab = ImageCms.buildTransform(ImageCms.getOpenProfile(profile), ImageCms.createProfile("LAB", 5000),
                                     "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    data = ImageCms.applyTransform(cmyk_image, to_lab).tobytes()
    # Pillow's 8-bit LAB: L 0..255 for 0..100, a and b offset by 128 (signed bytes)
    return [(data[i] / 2.55, ((data[i + 1] + 128) % 256) - 128, ((data[i + 2] + 128) % 256) - 128)
            for i in range(0, len(data), 3)]


def _patches():
    """A known sRGB patch set: a 6×6×6 cube and a 16-step grey ramp."""
    levels = [0, 51, 102, 153, 204, 255]
    colours = [(r, g, b) for r in levels for g in levels for b in levels] + [(v, v, v) for v in range(0, 256, 17)]
    im = Image.new("RGB", (len(colours), 1))
    im.frombytes(bytes(v for c in colours for v in c))
    return im


def test_pictures_are_separated_by_littlecms_through_the_bundled_profile():
    """Our separation of the patch set matches LittleCMS's own sRGB → press transform
    (relative colorimetric, black point compensation) within ΔE 1, and no pixel is over
    the ink limit."""
    settings = default_settings()
    patches = _patches()
    ours = images.separate(patches, None, settings)
    theirs = ImageCms.profileToProfile(patches, ImageCms.createProfile("sRGB"), settings.profile,
                                       renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC, outputMode="CMYK",
                                       flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)
    worst = max(math.dist(a, b) for a, b in zip(_lab(ours, settings.profile), _lab(theirs, settings.profile)))
    assert worst <= 1.0
    data = ours.tobytes()
    coverage = [sum(data[i:i + 4]) / 2.55 for i in range(0, len(data), 4)]
    assert max(coverage) <= settings.ink_limit


def test_greys_go_to_k_only_along_the_press_curve():
    ramp = Image.new("L", (256, 1))
    ramp.frombytes(bytes(range(256)))
    c, m, y, k = (list(ch.tobytes()) for ch in images.separate(ramp, None, default_settings()).split())
    assert not any(c) and not any(m) and not any(y)
    assert k[0] == 255 and k[255] == 0 and all(a >= b for a, b in zip(k, k[1:]))  # solid to paper, monotone


@pytest.mark.parametrize("limit", [240, 200])
def test_every_pixel_of_the_placed_jpeg_holds_the_ink_limit(tmp_path, limit):
    """Dark saturated colours with hard edges, where JPEG noise lifts the ink, decoded
    from the PDF: every 2 × 2 pixel cell (finer than a halftone cell) holds the limit."""
    im = Image.new("RGB", (600, 400))
    im.frombytes(bytes(v for yy in range(400) for x in range(600) for v in (x * 255 // 599, yy * 90 // 399, 40)))
    draw = ImageDraw.Draw(im)
    draw.rectangle((200, 100, 400, 300), fill=(20, 0, 60))
    draw.ellipse((50, 50, 150, 150), fill=(250, 250, 250))
    im.save(tmp_path / "picture.png")
    (tmp_path / "page.yaml").write_text(PAGE.replace("blocks:", f"print: {{ink_limit: {limit}}}\nblocks:"),
                                        encoding="utf-8")
    assert main(["render", str(tmp_path / "page.yaml"), "-o", str(tmp_path / "out.pdf"), "-q"]) == 0
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        (xobject,) = pdf.pages[0].Resources.XObject.values()
        back = Image.open(io.BytesIO(xobject.read_raw_bytes()))
        assert back.mode == "CMYK" and "adobe" in back.info  # Pillow undoes Adobe's inversion
    cells = [p.tobytes() for p in back.reduce(2).split()]  # the mean of each 2 × 2 pixels
    assert max(sum(v) for v in zip(*cells)) / 2.55 <= limit


def test_a_cmyk_jpeg_for_this_press_is_placed_as_it_is(tmp_path):
    cmyk = Image.new("CMYK", (676, 338), (40, 10, 0, 30))  # 200 ppi in the 243 × 121.5 pt frame
    cmyk.save(tmp_path / "picture.jpg", quality=90,
              icc_profile=(ROOT / "profiles" / "TypesetNewsprint-TR002.icc").read_bytes())
    (tmp_path / "page.yaml").write_text(PAGE.replace("picture.png", "picture.jpg").replace("rows: 10", "rows: 9"),
                                        encoding="utf-8")
    assert main(["render", str(tmp_path / "page.yaml"), "-o", str(tmp_path / "out.pdf"), "-q"]) == 0
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        (xobject,) = pdf.pages[0].Resources.XObject.values()
        assert xobject.read_raw_bytes() == (tmp_path / "picture.jpg").read_bytes()


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
    (warning,) = block["diagnostics"]
    assert warning["severity"] == "warning" and warning["code"] == "low-resolution", block
    assert "89 dpi" in warning["message"] and "under 200" in warning["message"]


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
