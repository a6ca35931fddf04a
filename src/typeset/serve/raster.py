"""The proof's page images: a built page drawn by pdfium at the width the browser asks.

pdfium spends most of a page's time on its pictures (劳动者之窗: 70 of 85 ms at 1152 px
for one photo, even at screen size), and a saved edit of copy does not change them. So
when nothing else on the page comes near a picture (:func:`split`), the proof is drawn
as two PDFs: the page without its pictures, drawn again after every edit, and a layer
of only the pictures, drawn once for each set of pictures and width and kept. The page
image is the first with the inside of each picture's frame copied from the second at
the same pixels (same scale, same origin), so it is what pdfium draws of the whole page
but at the frame's edge pixels, which keep the white of the first (at most one pixel).
JPEG at quality 90 without chroma subsampling: as sharp as PNG on text, 7× faster to
encode. Not thread-safe: the engine draws under its raster lock.
"""

from __future__ import annotations

import dataclasses
import io
import math

JPEG_QUALITY = 90
# how far (em) a run's ink can reach beyond its advances (before and after), above and
# below its baseline (the CJK faces' em box is 0.88 above and 0.12 below it, Latin
# ascenders and descenders within that); a face whose advances are not known: 1.5 em a character
EM_SIDE, EM_UP, EM_DOWN = 0.25, 1.0, 0.4
EM_UNKNOWN = 1.5
LAYERS = 8                              # picture layers kept (pictures, width)


def split(page, advances: dict | None = None):
    """(the page without its pictures, the page with only them) when no other item's
    ink can reach into a picture's frame; else (the page, None). Placeholders (no
    picture file) stay with the page. ``advances``: face name
    -> {code point: advance in em}, for the faces known (the bundled ones)."""
    from ..layout.display import Picture, TextRun

    pictures = tuple(i for i in page.items if isinstance(i, Picture) and i.image is not None)
    if not pictures:  # (a placeholder is two lines and a tint: nothing to keep)
        return page, None
    rest = tuple(i for i in page.items if not (isinstance(i, Picture) and i.image is not None))
    frames = [(p.x, p.y, p.x + p.w, p.y + p.h) for p in pictures]
    for item in rest:
        if type(item) is TextRun:  # most runs: plainly clear of every frame
            x, y, text, _, size, hscale, _, angle = item
            if not angle:
                top, bottom = y - EM_UP * size, y + EM_DOWN * size
                left = x - EM_SIDE * size
                right = x + (EM_UNKNOWN * len(text) * (hscale if hscale > 1.0 else 1.0) + EM_SIDE) * size
                for f0, f1, f2, f3 in frames:
                    if bottom > f1 and top < f3 and right > f0 and left < f2:
                        break
                else:
                    continue
        box = reach(item, advances or {})
        if box is None or any(_meet(box, f) for f in frames):
            return page, None
    return dataclasses.replace(page, items=rest), dataclasses.replace(page, items=pictures)


def reach(item, advances: dict) -> tuple[float, float, float, float] | None:
    """A box (pt) that holds all the ink ``item`` can put down, with room to spare; None
    for an item of a kind it does not know."""
    from ..layout.display import Box, Rule, TextRun

    if isinstance(item, TextRun):
        adv = advances.get(item.font)
        ems = sum(adv.get(ord(c), 1.0) for c in item.text) if adv is not None else EM_UNKNOWN * len(item.text)
        length = ems * item.size * max(item.hscale, 1.0)
        if item.angle:
            r = length + (EM_SIDE + EM_UP) * item.size
            return item.x - r, item.y - r, item.x + r, item.y + r
        return (item.x - EM_SIDE * item.size, item.y - EM_UP * item.size,
                item.x + length + EM_SIDE * item.size, item.y + EM_DOWN * item.size)
    if isinstance(item, Rule):
        half = item.width
        return min(item.x1, item.x2) - half, min(item.y1, item.y2) - half, \
            max(item.x1, item.x2) + half, max(item.y1, item.y2) + half
    if isinstance(item, Box):
        half = item.stroke_width if item.stroke else 0.0
        return item.x - half, item.y - half, item.x + item.w + half, item.y + item.h + half
    return None


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


class Rasteriser:
    """Page images of proofs (the engine's ``Proof``: ``pdf``, ``layer``, ``pictures``,
    ``serial``, ``built``)."""

    def __init__(self) -> None:
        self._docs: dict[int, object] = {}      # proof serial -> its open PdfDocument
        self._layers: dict[tuple, object] = {}  # (layer PDF, width) -> its PIL image

    def forget(self, keep: set[int]) -> None:
        """Close the documents of proofs other than ``keep`` (never while one is drawn)."""
        for serial in set(self._docs) - keep:
            del self._docs[serial]

    def jpeg(self, proof, width: int) -> bytes:
        buf = io.BytesIO()
        self.image(proof, width).save(buf, format="JPEG", quality=JPEG_QUALITY, subsampling=0)
        return buf.getvalue()

    def image(self, proof, width: int):
        """The proof's trimmed page ``width`` pixels wide, as an RGB PIL image."""
        import pypdfium2 as pdfium

        doc = self._docs.get(proof.serial)
        if doc is None:
            doc = self._docs[proof.serial] = pdfium.PdfDocument(proof.pdf)
        image, scale = _draw(doc[0], proof.built.page.bleed, width)
        if proof.layer is not None:
            layer = self._layer(proof.layer, proof.built.page.bleed, width)
            for p in proof.pictures:
                inside = (math.ceil(p.x * scale), math.ceil(p.y * scale),
                          math.floor((p.x + p.w) * scale), math.floor((p.y + p.h) * scale))
                if inside[2] > inside[0] and inside[3] > inside[1]:
                    image.paste(layer.crop(inside), inside[:2])
        return image

    def _layer(self, pdf: bytes, bleed: float, width: int):
        import pypdfium2 as pdfium

        key = (pdf, width)
        if key not in self._layers:
            while len(self._layers) >= LAYERS:
                self._layers.pop(next(iter(self._layers)))
            doc = pdfium.PdfDocument(pdf)
            try:
                self._layers[key] = _draw(doc[0], bleed, width)[0]
            finally:
                doc.close()
        return self._layers[key]


def _draw(page, bleed: float, width: int):
    """The trimmed page ``width`` pixels wide, as an RGB PIL image, and its pixels a pt."""
    scale = (width + 0.5) / (page.get_width() - 2 * bleed)  # pdfium rounds sizes down
    return page.render(scale=scale, crop=(bleed,) * 4).to_pil().convert("RGB"), scale
