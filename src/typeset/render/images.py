"""Pictures made ready for print: cropped to their frame, separated for the press through
its ICC profile, at a sane resolution, as CMYK JPEGs ReportLab embeds as they are.

Each placed picture is made once and cached on disk (keyed by the source file, the frame,
the output profile's hash, the ink limit, the JPEG quality and the converter's version),
so a re-render costs a file read:

- crop to the frame's proportions around the centre (a newspaper crops, never distorts);
- downsample when the effective resolution is over :data:`MAX_DPI`, to :data:`TARGET_DPI`
  (coldset newsprint is screened at 85–120 lpi: about 2× the screen ruling is all a
  plate can carry, and plants ask for 170–200 ppi);
- RGB (and indexed) pictures are converted with LittleCMS (Pillow's ImageCms) from their
  embedded ICC profile, sRGB when they have none, to the output profile: relative
  colorimetric with black point compensation. A CMYK picture with another embedded
  profile is converted CMYK → CMYK the same way; one with the output profile (or none:
  separated for this press already) is kept, and placed as it is when it fits the frame;
- greyscale pictures go to K only, through the profile's own K tone curve (the lightness
  of each grey is matched on the press's K-only ramp, black point compensated);
- every pixel then holds the ink limit: C, M and Y are scaled down where C+M+Y+K is over
  it (K kept); the JPEG is checked decoded, cell by cell (:func:`encode_within`);
- transparency is flattened onto white paper.

JPEG: quality :data:`JPEG_QUALITY`, no subsampling (a CMYK JPEG has no chroma channels to
subsample: all four plates carry detail, K most of all). Measured on the example photo
(benchmarks/print_size.py, ΔE*ab of the decoded JPEG against its separation, through the
press profile): quality 92 → 75 at 220 ppi halves the picture (888 → 513 KB) for a mean
ΔE of 0.10 and a 99th percentile of 1.6, far under newsprint's own press-to-press ΔE 4–5;
at quality 70 the mean doubles.
"""

from __future__ import annotations

import io
from functools import lru_cache

from ..cache import entry_for, read_blob, write_blob
from ..spec.images import ImageInfo, open_picture

MAX_DPI, TARGET_DPI = 240, 220   # downsample over 240 ppi, to 220 (plants ask 170–200)
JPEG_QUALITY = 75                # mean ΔE 0.1, 99th percentile 1.6 (benchmarks/print_size.py)
NOISE_MARGINS = (1.0, 2.0, 4.0, 8.0)  # % under the limit tried until the decoded JPEG holds it
_VERSION = 2             # of the print-ready picture (bump when the recipe changes)


def print_jpeg(image: ImageInfo, w: float, h: float, settings=None) -> bytes:
    """A CMYK JPEG of ``image`` cropped to a ``w`` × ``h`` pt frame, separated for
    ``settings`` (the page's :class:`~typeset.spec.printing.PrintSettings`), from the
    cache when it has been made before (a read-only cache only makes it slower)."""
    import PIL
    from PIL import ImageCms

    if settings is None:
        from ..spec.printing import default_settings

        settings = default_settings()
    with open_picture(image.path) as im:  # its size was checked when the page was read
        source_profile = im.info.get("icc_profile")
        if _usable_as_is(image, w, h, source_profile, settings):
            return image.path.read_bytes()
        aspect = round(w / h, 4) if h > 0 else 1.0
        entry = entry_for("print-images", image.path, _VERSION, aspect, round(w, 2), round(h, 2),
                          settings.profile_sha, settings.ink_limit, JPEG_QUALITY, MAX_DPI, TARGET_DPI,
                          ImageCms.core.littlecms_version, PIL.__version__, suffix=".jpg")
        cached = read_blob(entry)  # checked: a truncated entry is made again, never embedded
        if cached is not None:
            return cached
        out = prepare(im, w, h, settings)
    data = encode_within(out, settings.ink_limit, JPEG_QUALITY)
    write_blob(entry, data)
    return data


def encode(cmyk, quality: int) -> bytes:
    buf = io.BytesIO()
    cmyk.save(buf, "JPEG", quality=quality, subsampling=0, dpi=(TARGET_DPI, TARGET_DPI), optimize=True)
    return buf.getvalue()


def encode_within(cmyk, limit: float, quality: int) -> bytes:
    """The JPEG of ``cmyk`` whose decoded ink holds the limit in every 2 × 2 pixel cell.

    JPEG's coding noise rings around edges: single decoded pixels of a picture separated
    to 231 % reach 245 % at quality 80, but the mean of each 2 × 2 pixels (0.23 mm at
    220 ppi, finer than a 100 lpi halftone cell, the smallest area a plate prints) stays
    within 1 % of the separation. While a cell is over the limit, the colour inks are
    held a little further under it and the picture is encoded again."""
    data = encode(cmyk, quality)
    for margin in NOISE_MARGINS:
        if jpeg_cell_coverage(data) <= limit:
            break
        data = encode(ink_limit(cmyk, limit - margin), quality)
    return data


def jpeg_cell_coverage(data: bytes) -> float:
    """The highest mean C+M+Y+K (%) of a 2 × 2 pixel cell of a CMYK JPEG, decoded at half
    size by the JPEG decoder itself (DCT scaling: fast, and the cell mean)."""
    from PIL import Image

    with Image.open(io.BytesIO(data)) as im:
        im.draft("CMYK", (max(1, im.width // 2), max(1, im.height // 2)))
        return max_coverage(im)


def max_coverage(cmyk) -> float:
    """The highest C+M+Y+K of any pixel, in %."""
    from PIL import ImageMath

    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], **dict(zip("cmyk", cmyk.split())))
    return total.getextrema()[1] / 255 * 100


def _same_profile(embedded: bytes | None, settings) -> bool:
    import hashlib

    return embedded is None or hashlib.sha256(embedded).hexdigest() == settings.profile_sha


def _usable_as_is(image: ImageInfo, w: float, h: float, embedded: bytes | None, settings) -> bool:
    if image.format != "JPEG" or image.mode != "CMYK" or h <= 0 or not _same_profile(embedded, settings):
        return False
    frame, picture = w / h, image.width / image.height
    dpi = 72 * image.width / w if w > 0 else 0
    return abs(frame / picture - 1) < 0.005 and dpi <= MAX_DPI


def prepare(im, w: float, h: float, settings):
    """``im`` cropped, resized and separated: a CMYK image within the ink limit."""
    im.load()
    embedded = im.info.get("icc_profile")
    im = _flatten(im)
    frame = w / h
    if im.width / im.height > frame:
        cw = round(im.height * frame)
        box = ((im.width - cw) // 2, 0, (im.width - cw) // 2 + cw, im.height)
    else:
        ch = round(im.width / frame)
        box = (0, (im.height - ch) // 2, im.width, (im.height - ch) // 2 + ch)
    im = im.crop(box)
    if 72 * im.width / w > MAX_DPI:
        from PIL import Image

        size = (max(1, round(w / 72 * TARGET_DPI)), max(1, round(h / 72 * TARGET_DPI)))
        im = im.resize(size, Image.Resampling.LANCZOS)
    return separate(im, embedded, settings)


def _flatten(im):
    from PIL import Image

    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("RGB")
    if im.mode in ("1", "I", "I;16", "F"):
        return im.convert("L")
    if im.mode not in ("RGB", "L", "CMYK"):
        return im.convert("RGB")
    return im


def separate(im, embedded: bytes | None, settings):
    """An RGB, grey or CMYK image as CMYK for the press of ``settings``."""
    from PIL import ImageCms

    if im.mode == "L":
        return grey_to_k(im, settings)
    if im.mode == "CMYK" and _same_profile(embedded, settings):
        return ink_limit(im, settings.ink_limit)
    transform = _transform(embedded or None, im.mode, settings.profile)
    return ink_limit(ImageCms.applyTransform(im, transform), settings.ink_limit)


@lru_cache(maxsize=16)
def _transform(source: bytes | None, mode: str, output: str):
    """LittleCMS transform from ``source`` (ICC bytes; sRGB when None) to the press."""
    from PIL import ImageCms

    src = ImageCms.ImageCmsProfile(io.BytesIO(source)) if source else ImageCms.createProfile("sRGB")
    dst = ImageCms.getOpenProfile(output)
    return ImageCms.buildTransform(src, dst, mode, "CMYK",
                                   renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC,
                                   flags=ImageCms.Flags.BLACKPOINTCOMPENSATION)


def ink_limit(cmyk, limit):
    """``cmyk`` with C, M and Y scaled down wherever C+M+Y+K exceeds ``limit`` (%, or an
    "F" image of per-pixel caps in 0..255 units); K is kept (it carries the detail and
    the neutrals)."""
    from PIL import Image, ImageMath

    cap = limit / 100 * 255 if isinstance(limit, (int, float)) else limit
    c, m, y, k = (ch.convert("F") for ch in cmyk.split())
    scale = ImageMath.lambda_eval(
        lambda a: a["min"](a["max"](a["cap"] - a["k"], 0.0) / a["max"](a["c"] + a["m"] + a["y"], 0.001), 1.0),
        c=c, m=m, y=y, k=k, cap=cap)
    if scale.getextrema()[0] >= 1.0:
        return cmyk
    scaled = [ImageMath.lambda_eval(lambda a: a["v"] * a["s"], v=v, s=scale).convert("L") for v in (c, m, y)]
    return Image.merge("CMYK", (*scaled, cmyk.split()[3]))


def grey_to_k(grey, settings):
    """A greyscale picture on the K plate alone, tone by tone through the profile."""
    from PIL import Image

    zero = Image.new("L", grey.size, 0)
    return Image.merge("CMYK", (zero, zero, zero, grey.point(list(k_curve(settings.profile)))))


@lru_cache(maxsize=8)
def k_curve(output: str) -> tuple[int, ...]:
    """For each grey 0..255 (sRGB-encoded) the K (0..255) with the same relative lightness
    on the press, black point compensated: grey 0 is the press's solid K, 255 paper."""
    from PIL import Image, ImageCms

    press = ImageCms.getOpenProfile(output)
    lab = ImageCms.createProfile("LAB", 5000)
    to_lab = ImageCms.buildTransform(press, lab, "CMYK", "LAB", renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    ramp = Image.frombytes("CMYK", (256, 1), bytes(v for k in range(256) for v in (0, 0, 0, k)))
    k_lightness = [v / 255 * 100 for v in ImageCms.applyTransform(ramp, to_lab).tobytes()[0::3]]
    srgb_to_lab = ImageCms.buildTransform(ImageCms.createProfile("sRGB"), lab, "RGB", "LAB",
                                          renderingIntent=ImageCms.Intent.RELATIVE_COLORIMETRIC)
    greys = Image.frombytes("RGB", (256, 1), bytes(v for g in range(256) for v in (g, g, g)))
    grey_lightness = [v / 255 * 100 for v in ImageCms.applyTransform(greys, srgb_to_lab).tobytes()[0::3]]
    black, paper = min(k_lightness), k_lightness[0]
    curve = []
    for lightness in grey_lightness:
        target = black + (paper - black) * lightness / 100
        curve.append(_k_for(target, k_lightness))
    return tuple(curve)


def _k_for(target: float, k_lightness: list[float]) -> int:
    """The K whose lightness on the press is nearest ``target``."""
    return min(range(256), key=lambda k: abs(k_lightness[k] - target))
