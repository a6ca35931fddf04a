"""Ink coverage of a CMYK picture, decoded as a RIP would (Decode array included).

Coverage is judged per cell of 2 × 2 pixels, their mean (0.23 mm at 220 ppi, finer than
a 100 lpi halftone cell, the smallest area a plate prints): a JPEG's coding noise rings
single pixels 10 % or more over what was separated, but not the cell means, which stay
within 1 %. A JPEG is decoded at half size by the decoder itself (DCT scaling), other
pictures are reduced 2 × 2. The limit is allowed :data:`TOLERANCE` more for decoders
that round differently. A picture separated for a 300 % press is still far over a
240 % limit.

The peak is a function of the picture's coded bytes and of how they are decoded, so it
is kept by their SHA-256: in memory (a resident process) and in the on-disk cache
(:mod:`typeset.cache`, framed and checked like every entry), so that rendering the same
picture again does not decode it again (a cold render of 劳动者之窗: about 50 ms).
"""

from __future__ import annotations

import hashlib
import io

import pikepdf

TOLERANCE = 1.0  # % total area coverage over the limit allowed (decoder rounding)


_PEAKS: dict[bytes, float | None] = {}  # picture -> its peak, for a resident process (paiban serve)
KEYS = ("/Filter", "/DecodeParms", "/Decode", "/Width", "/Height", "/BitsPerComponent")
VERSION = b"peak-1"  # bump when the measure changes (cells, decoding, tolerance)


def max_coverage(image: pikepdf.Object) -> float | None:
    """The highest C+M+Y+K of any 2 × 2 pixel cell in %, or None when it cannot be
    decoded; the same picture (its coded bytes and how they are decoded) is measured once."""
    try:
        key = hashlib.sha256(VERSION + image.read_raw_bytes() + repr([str(image.get(k)) for k in KEYS]).encode()
                             ).digest()
    except (pikepdf.PdfError, OSError, ValueError):
        return _measure(image)
    if key not in _PEAKS:
        if len(_PEAKS) > 64:
            _PEAKS.clear()
        _PEAKS[key] = _stored(key, image)
    return _PEAKS[key]


def _stored(key: bytes, image: pikepdf.Object) -> float | None:
    """The peak from the on-disk cache, else measured and stored there."""
    from ..cache import cache_dir, read_entry, write_entry

    folder = cache_dir()
    entry = None if folder is None else folder / "ink-peaks" / f"{key.hex()[:40]}.pickle"
    found = read_entry(entry)
    if isinstance(found, tuple) and len(found) == 2 and found[0] == key:
        return found[1]
    peak = _measure(image)
    write_entry(entry, (key, peak))
    return peak


def _measure(image: pikepdf.Object) -> float | None:
    from PIL import Image, ImageMath, ImageOps

    try:
        decode = [float(v) for v in image.get("/Decode", [])]
        inverted = len(decode) >= 2 and decode[0] > decode[1]
        filters = image.get("/Filter")
        names = [str(x) for x in filters] if isinstance(filters, pikepdf.Array) else [str(filters or "")]
        if names == ["/DCTDecode"]:
            im = Image.open(io.BytesIO(image.read_raw_bytes()))
            im.draft("CMYK", (max(1, im.width // 2), max(1, im.height // 2)))  # 2 × 2 means
            im.load()
            # Pillow undoes Adobe's inversion of CMYK JPEG samples; the PDF's Decode array
            # is written for the raw samples
            raw_inverted = "adobe" in im.info
            inverted = inverted != raw_inverted
        else:
            im = pikepdf.PdfImage(image).as_pil_image()
            im = im.reduce(2) if im.mode == "CMYK" and min(im.size) >= 2 else im
    except (pikepdf.PdfError, OSError, ValueError, NotImplementedError):
        return None
    if im.mode != "CMYK":
        return None
    planes = [ImageOps.invert(p) if inverted else p for p in im.split()]
    total = ImageMath.lambda_eval(lambda a: a["c"] + a["m"] + a["y"] + a["k"], **dict(zip("cmyk", planes)))
    return total.getextrema()[1] / 255 * 100
