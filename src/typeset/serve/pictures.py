"""Pictures at screen size for the proof's page images.

pdfium decodes every picture again for each new PDF it opens, and a press photo (2,300 ×
2,500 CMYK pixels on 劳动者之窗) takes it 0.6 s: every saved edit would wait for that.
The proof PDF (never the print file) therefore names a copy of each large picture made
once, at most :data:`SIDE` pixels on its long side, in the cache (``proof-pictures``,
keyed by the original's path, size and mtime). Without a cache the originals are used.
"""

from __future__ import annotations

import dataclasses
import os
import tempfile
from pathlib import Path

SIDE = 1200        # px: sharper than the proof shows a picture at full-window zoom
_VERSION = 1


def screen_pictures(page):
    """``page`` with its large pictures replaced by screen-size copies."""
    from ..layout.display import Picture

    items, changed = [], False
    for item in page.items:
        if isinstance(item, Picture) and item.image is not None and max(item.image.width, item.image.height) > SIDE:
            small = _small(item.image)
            if small is not None:
                item, changed = dataclasses.replace(item, image=small), True
        items.append(item)
    return dataclasses.replace(page, items=tuple(items)) if changed else page


def _small(info):
    from PIL import Image

    from ..cache import entry_for
    from ..spec.images import ImageInfo

    try:
        entry = entry_for("proof-pictures", Path(info.path), _VERSION, SIDE, suffix=".jpg")
    except OSError:
        return None
    if entry is None:
        return None
    try:
        if not entry.is_file():
            with Image.open(info.path) as im:
                im.draft("RGB", (SIDE, SIDE))  # a JPEG decodes at a fraction of its size: fast
                im = im.convert("RGB")
                im.thumbnail((SIDE, SIDE))
                entry.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(dir=entry.parent, suffix=".tmp")
                with os.fdopen(fd, "wb") as fh:
                    im.save(fh, format="JPEG", quality=90)
                os.replace(tmp, entry)
        with Image.open(entry) as im:
            return ImageInfo(entry, im.width, im.height, "RGB", "JPEG")
    except OSError:
        return None
