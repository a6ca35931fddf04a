"""Pictures made ready for print: cropped to their frame, CMYK, at a sane resolution.

Each placed picture becomes a CMYK JPEG that ReportLab embeds as it is (``DCTDecode``,
no re-encoding), cached on disk by source file and frame shape, so a re-render costs a
file read:

- crop to the frame's proportions around the centre (a newspaper crops, never distorts);
- downsample when the effective resolution is over 450 dpi, to 300 dpi;
- convert to CMYK with grey-component replacement and a total ink limit of 240 %
  (newsprint, ISO 12647-3); greys become K only. This is a device-independent rule of
  thumb, not an ICC conversion: a newsroom with its press profile should separate
  pictures in its picture desk tools and place CMYK JPEGs, which are kept as they are
  when they already fit the frame;
- transparency is flattened onto white paper.
"""

from __future__ import annotations

import io

from ..cache import entry_for, read_blob, write_blob
from ..spec.images import ImageInfo, open_picture

MAX_DPI, TARGET_DPI = 450, 300
INK_LIMIT = 2.4          # total area coverage, 240 %
JPEG_QUALITY = 92
_VERSION = 1


def print_jpeg(image: ImageInfo, w: float, h: float, settings=None) -> bytes:
    """A CMYK JPEG of ``image`` cropped to a ``w`` × ``h`` pt frame, from the cache when
    it has been made before (a read-only cache only makes it slower)."""
    if _usable_as_is(image, w, h):
        return image.path.read_bytes()
    aspect = round(w / h, 4) if h > 0 else 1.0
    from PIL import __version__ as pil_version

    entry = entry_for("print-images", image.path, _VERSION, aspect, round(w, 2), round(h, 2), INK_LIMIT,
                      JPEG_QUALITY, MAX_DPI, TARGET_DPI, pil_version, suffix=".jpg")
    cached = read_blob(entry)  # checked: a truncated entry is made again, never embedded
    if cached is not None:
        return cached

    with open_picture(image.path) as im:  # its size was checked when the page was read
        out = _prepare(im, w, h)
    buf = io.BytesIO()
    out.save(buf, "JPEG", quality=JPEG_QUALITY, dpi=(TARGET_DPI, TARGET_DPI), optimize=True)
    data = buf.getvalue()
    write_blob(entry, data)
    return data


def _usable_as_is(image: ImageInfo, w: float, h: float) -> bool:
    if image.format != "JPEG" or image.mode != "CMYK" or h <= 0:
        return False
    frame, picture = w / h, image.width / image.height
    dpi = 72 * image.width / w if w > 0 else 0
    return abs(frame / picture - 1) < 0.005 and dpi <= MAX_DPI


def _prepare(im, w: float, h: float):
    from PIL import Image

    im.load()
    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        im = Image.alpha_composite(paper, rgba).convert("RGB")
    # crop to the frame's proportions, centred
    frame = w / h
    if im.width / im.height > frame:
        cw = round(im.height * frame)
        box = ((im.width - cw) // 2, 0, (im.width - cw) // 2 + cw, im.height)
    else:
        ch = round(im.width / frame)
        box = (0, (im.height - ch) // 2, im.width, (im.height - ch) // 2 + ch)
    im = im.crop(box)
    dpi = 72 * im.width / w
    if dpi > MAX_DPI:
        size = (max(1, round(w / 72 * TARGET_DPI)), max(1, round(h / 72 * TARGET_DPI)))
        im = im.resize(size, Image.Resampling.LANCZOS)
    if im.mode == "CMYK":
        return im
    if im.mode in ("L", "1", "I", "I;16", "F"):
        grey = im.convert("L")
        zero = Image.new("L", grey.size, 0)
        return Image.merge("CMYK", (zero, zero, zero, grey.point(lambda v: 255 - v)))
    return to_cmyk(im.convert("RGB"))


def separate(r: float, g: float, b: float) -> tuple[float, float, float, float]:
    """One RGB colour (0..1) as CMYK (0..1): full grey-component replacement, then C, M
    and Y scaled down so that C+M+Y+K stays within the ink limit."""
    c, m, y = 1 - r, 1 - g, 1 - b
    k = min(c, m, y)
    if k >= 1:
        return 0.0, 0.0, 0.0, 1.0
    c, m, y = ((v - k) / (1 - k) for v in (c, m, y))
    total = c + m + y
    if total + k > INK_LIMIT and total > 0:
        scale = (INK_LIMIT - k) / total
        c, m, y = c * scale, m * scale, y * scale
    return c, m, y, k


_LUT = None


def to_cmyk(rgb):
    """An RGB image separated to CMYK through a 33³ lookup table of :func:`separate`."""
    global _LUT
    from PIL import ImageFilter

    if _LUT is None:
        _LUT = ImageFilter.Color3DLUT.generate(33, separate, channels=4, target_mode="CMYK")
    return rgb.filter(_LUT)
