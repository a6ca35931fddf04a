"""Check the picture files a page names: PNG or JPEG, readable, not a decompression bomb.

What is learnt (pixel size, colour mode) is kept in :class:`ImageInfo`, which layout
uses for the effective resolution on the page and render for the print conversion. A
file is decoded completely the first time it is seen, so a truncated or corrupt picture
is reported against the page file instead of failing half-way through a render; the
result is cached by file path, size and mtime, so a re-render does not decode it again.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..cache import entry_for, read_entry, write_entry
from ..errors import quote

MAX_IMAGE_PIXELS = 120_000_000  # 120 MP: a 40 × 30 cm photo at 1,000 dpi; more is a bomb
MAX_DECODED_BYTES = 256 << 20  # decoded size (width × height × bytes a pixel), known from the header
_VERSION = 2


@dataclass(frozen=True, slots=True)
class ImageInfo:
    path: Path
    width: int       # pixels
    height: int
    mode: str        # PIL mode: RGB, CMYK, L, RGBA, P …
    format: str      # PNG | JPEG


class ImageProblem(Exception):
    """A picture file cannot be used; the message says why and what to do."""


def inspect_image(path: Path) -> ImageInfo:
    entry = entry_for("images", path, _VERSION, MAX_IMAGE_PIXELS, MAX_DECODED_BYTES)
    cached = read_entry(entry)
    if isinstance(cached, tuple) and len(cached) == 4:
        return ImageInfo(path, *cached)
    info = _inspect(path)
    write_entry(entry, (info.width, info.height, info.mode, info.format))
    return info


def _inspect(path: Path) -> ImageInfo:
    from PIL import Image, UnidentifiedImageError

    with path.open("rb") as fh:
        head = fh.read(16)
    if not head.startswith((b"\x89PNG", b"\xff\xd8\xff")):
        raise ImageProblem("is not a PNG or JPEG image", "save the picture as JPEG (photos) or PNG (graphics)")
    scale = "scale the picture down before placing it (300 dpi at its printed size is plenty)"
    try:
        with open_picture(path) as im:  # reads the header only
            width, height, mode, fmt = im.width, im.height, im.mode, im.format
            pixels, decoded = width * height, width * height * _bytes_per_pixel(im)
            if pixels > MAX_IMAGE_PIXELS:
                raise ImageProblem(f"has {pixels:,} pixels, more than the limit of {MAX_IMAGE_PIXELS:,}", scale)
            if decoded > MAX_DECODED_BYTES:
                raise ImageProblem(f"would take {decoded / 2**20:,.0f} MiB to decode ({width:,} × {height:,} {mode}), "
                                   f"more than the limit of {MAX_DECODED_BYTES / 2**20:,.0f} MiB", scale)
            im.load()  # decode it all: a truncated or corrupt file fails here
    except ImageProblem:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        raise ImageProblem(f"is damaged or truncated ({quote(str(exc))[1:-1]})", "export the picture again") from None
    return ImageInfo(path, width, height, mode, fmt or "")


def _bytes_per_pixel(im) -> float:
    bits = {"1": 1, "L": 8, "P": 8, "LA": 16, "PA": 16, "I;16": 16, "I": 32, "F": 32}.get(im.mode, 8 * len(im.getbands()))
    return max(bits, 8) / 8


@contextmanager
def open_picture(path: Path):
    """``PIL.Image.open`` for a picture whose size this module checks itself: PIL's own
    decompression-bomb warning (raw text with a site-packages path) is never shown."""
    from PIL import Image

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", Image.DecompressionBombWarning)
        limit, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
        try:
            with Image.open(path) as im:
                yield im
        finally:
            Image.MAX_IMAGE_PIXELS = limit
