"""Check the picture files a page names: PNG or JPEG, readable, not a decompression bomb.

What is learnt (pixel size, colour mode) is kept in :class:`ImageInfo`, which layout
uses for the effective resolution on the page and render for the print conversion. A
file is decoded completely the first time it is seen, so a truncated or corrupt picture
is reported against the page file instead of failing half-way through a render; the
result is cached by file path, size and mtime, so a re-render does not decode it again.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from pathlib import Path

from ..cache import entry_for, read_entry, write_entry

MAX_IMAGE_PIXELS = 120_000_000  # 120 MP: a 40 × 30 cm photo at 1,000 dpi; more is a bomb
_VERSION = 1


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
    entry = entry_for("images", path, _VERSION, MAX_IMAGE_PIXELS)
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
    too_big = ImageProblem(f"has more pixels than the limit of {MAX_IMAGE_PIXELS:,}",
                           "scale the picture down before placing it (300 dpi at its printed size is plenty)")
    try:
        with warnings.catch_warnings():
            # PIL warns past its MAX_IMAGE_PIXELS and refuses past twice that: both are ours
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS
            with Image.open(path) as im:
                width, height, mode, fmt = im.width, im.height, im.mode, im.format
                im.load()  # decode it all: a truncated or corrupt file fails here
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise too_big from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ImageProblem(f"is damaged or truncated ({exc})", "export the picture again") from None
    return ImageInfo(path, width, height, mode, fmt or "")
