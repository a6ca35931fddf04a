"""Ink coverage of a CMYK picture, decoded as a RIP would (Decode array included).

Coverage is judged over halftone cells, the mean of 3 × 3 pixels (a 100 lpi cell at
240 ppi; no plate prints a smaller area): a JPEG's coding noise rings single pixels 10 %
or more over what was separated, but not the cell means, which stay within 1 %. The
limit is allowed :data:`TOLERANCE` more for decoders that round differently. A picture
separated for a 300 % press is still far over a 240 % limit.
"""

from __future__ import annotations

import hashlib
import io

import pikepdf

TOLERANCE = 1.0  # % total area coverage over the limit allowed (decoder rounding)


_PEAKS: dict[bytes, float | None] = {}  # picture -> its peak, for a resident process (paiban serve)
KEYS = ("/Filter", "/DecodeParms", "/Decode", "/Width", "/Height", "/BitsPerComponent")


def max_coverage(image: pikepdf.Object) -> float | None:
    """The highest C+M+Y+K of any 3 × 3 pixel cell in %, or None when it cannot be
    decoded; the same picture (its coded bytes and how they are decoded) is measured once
    a process."""
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
    from PIL import Image, ImageFilter, ImageMath, ImageOps

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
    planes = [ImageOps.invert(p) if inverted else p for p in im.split()]
    planes = [p.filter(ImageFilter.BoxBlur(1)) for p in planes]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], **dict(zip("cmyk", planes)))
    return total.getextrema()[1] / 255 * 100
