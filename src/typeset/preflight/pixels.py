"""Ink coverage of a CMYK picture's pixels, decoded as a RIP would (Decode array included).

A JPEG's own coding noise lifts a few pixels a point or two over what was separated, so
pixels are compared with the limit plus :data:`TOLERANCE` (industry preflight tools do
the same); a picture separated to a 300 % press is still far over a 240 % limit.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf

TOLERANCE = 2.0  # % total area coverage allowed over the limit for lossy-coded pixels


_PEAKS: dict[bytes, float | None] = {}  # picture -> its peak, for a resident process (paiban serve)
KEYS = ("/Filter", "/DecodeParms", "/Decode", "/Width", "/Height", "/BitsPerComponent")


def max_coverage(image: pikepdf.Object) -> float | None:
    """The highest C+M+Y+K of any pixel in %, or None when it cannot be decoded; the
    same picture (its coded bytes and how they are decoded) is measured once a process."""
    try:
        key = hashlib.sha256(image.read_raw_bytes() + repr([str(image.get(k)) for k in KEYS]).encode()).digest()
    except (pikepdf.PdfError, OSError, ValueError):
        return _measure(image)
    if key not in _PEAKS:
        if len(_PEAKS) > 64:
            _PEAKS.clear()
        _PEAKS[key] = _measure(image)
    return _PEAKS[key]


def _measure(image: pikepdf.Object) -> float | None:
    from PIL import Image, ImageMath

    try:
        decode = [float(v) for v in image.get("/Decode", [])]
        inverted = len(decode) >= 2 and decode[0] > decode[1]
        filters = image.get("/Filter")
        names = [str(x) for x in filters] if isinstance(filters, pikepdf.Array) else [str(filters or "")]
        if names == ["/DCTDecode"]:
            im = Image.open(io.BytesIO(image.read_raw_bytes()))
            im.load()
            # Pillow undoes Adobe's inversion of CMYK JPEG samples; the PDF's Decode array
            # is written for the raw samples
            raw_inverted = "adobe" in im.info
            inverted = inverted != raw_inverted
        else:
            im = pikepdf.PdfImage(image).as_pil_image()
    except (pikepdf.PdfError, OSError, ValueError, NotImplementedError):
        return None
    if im.mode != "CMYK":
        return None
    channels = im.split()
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"],
                                  c=channels[0], m=channels[1], y=channels[2], k=channels[3])
    low, high = total.getextrema()
    peak = 4 * 255 - low if inverted else high
    return peak / 255 * 100
