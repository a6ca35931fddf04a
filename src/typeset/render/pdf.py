"""Draw display lists with ReportLab (render/ is the only package that imports it).

Deterministic (``invariant=1``: fixed dates, IDs and subset names), CMYK throughout
(text in K only), MediaBox = trim + bleed with TrimBox and BleedBox set; crop marks,
slug and the proof overlay are drawn by :mod:`.overlay`, colours made by :mod:`.colour`.
y is flipped here (``fy``, handed to the overlay) and only here. The file is written by
:mod:`typeset.output` (a temporary name renamed at the end).
"""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas

from ..errors import error
from ..layout.display import BLACK, Box, Page, Picture, Rule, TextRun
from ..spec.printing import default_settings
from . import pdfx
from .faces import load_ttfont
from .glyphs import draw_runs
from .colour import cmyk, set_overprint
from .images import print_jpeg
from .overlay import crop_marks, proof_overlay
from .streams import keep_subsets

rl_config.useA85 = 0  # binary (Flate) image streams: smaller and faster than ASCII85

SLUG = 30.0         # extra margin for marks and slug when --marks
_registered: dict[str, tuple] = {}  # face name -> (file, size, mtime) registered
_drawn: set[str] = set()  # page files drawn by this process
MAX_DRAWN = 1024


def register(name: str, path: str) -> None:
    """Make the face ``name`` (TrueType file ``path``) known to ReportLab: once a process,
    again if the file has changed since (watch mode)."""
    stat = os.stat(path)
    version = (path, stat.st_size, stat.st_mtime_ns)
    if _registered.get(name) != version:
        font = load_ttfont(name, Path(path))
        keep_subsets(font, version)  # an edited page embeds the same subsets again
        pdfmetrics.registerFont(font)
        _registered[name] = version


class PdfWriter:
    """A PDF built a page at a time (a batch draws each page as soon as it is laid out)."""

    def __init__(self, *, proof: bool = False, marks: bool = False, title: str | None = None,
                 pdfx: str = "1a", compress: bool = True, kept=None) -> None:
        if pdfx not in pdfx_modes():
            raise error(f"--pdfx must be one of {', '.join(pdfx_modes())}, not {pdfx!r}")
        self.proof, self.marks, self.title, self.pdfx = proof, marks, title, pdfx
        self.compress = compress  # deflate page content and font streams (not for a screen-only proof)
        self.kept = kept  # a resident.KeptDrawing: the codes and names of the last proof
        self.buf = io.BytesIO()
        self.canvas: canvas.Canvas | None = None
        self.first: Page | None = None
        self.digest = hashlib.sha256()

    def add(self, page: Page) -> None:
        for name, path in page.fonts.items():
            register(name, path)
        c = self.canvas
        if c is None:
            # the first page's first face is the canvas's initial font, so that no
            # unembedded base-14 font (Helvetica) is ever referenced
            c = self.canvas = canvas.Canvas(self.buf, invariant=1, pageCompression=int(self.compress),
                                            initialFontName=next(iter(page.fonts), "Helvetica"),
                                            pagesize=(page.width, page.height))
            self.first = page
            if self.kept is not None:
                self.kept.start(c._doc)
        else:
            _same_press(self.first, page, self.pdfx, self.proof)
        _page(c, page, self.proof, self.marks, _settings(self.first), _drawn_before(page))
        self.digest.update("\n".join(c._code).encode("latin-1", "replace"))
        c.showPage()

    def finish(self) -> bytes:
        if self.canvas is None or self.first is None:
            raise ValueError("a PDF needs at least one page")
        if self.kept is not None:
            self.kept.end(self.canvas._doc)
        _finish_document(self.canvas, self.first, self.title, self.pdfx, self.proof, self.digest.digest())
        self.canvas.save()
        return self.buf.getvalue()


def pdfx_modes() -> tuple[str, ...]:
    return pdfx.MODES


def _settings(page: Page):
    return page.print or default_settings()


def _same_press(first: Page, page: Page, mode: str, proof: bool) -> None:
    """A PDF/X file has one output intent: every page must claim the same press."""
    one, other = _settings(first), _settings(page)
    if mode != "none" and not proof and (one.profile_sha, one.condition) != (other.profile_sha, other.condition):
        raise error(f"{page.source} prints for {other.condition!r}, the first page of the file for "
                         f"{one.condition!r}: a PDF/X file has one printing condition (give the pages the "
                         "same print: section, or render them separately)")


def _finish_document(c: canvas.Canvas, page: Page, title: str | None, mode: str, proof: bool,
                     digest: bytes) -> None:
    """Info, version, output intent and XMP of the whole document (render/pdfx.py); the
    first page's print settings speak for the document (one OutputIntent per file)."""
    meta = page.meta
    title = title or page.title or meta.get("paper") or Path(page.source).stem or "untitled"
    pdfx.finish_document(c._doc, mode=mode, proof=proof, settings=_settings(page), meta=meta, title=title,
                         author=meta.get("author") or "", subject=meta.get("subject") or meta.get("paper") or "",
                         content_digest=digest)


def render_pdf(pages: list[Page], *, proof: bool = False, marks: bool = False,
               title: str | None = None, pdfx: str = "1a", compress: bool = True, kept=None) -> bytes:
    """The PDF of ``pages`` as bytes: PDF/X-1a (default), PDF/X-4 or plain (``pdfx``);
    ``compress=False`` leaves page content and font programs undeflated (larger, drawn
    sooner: for a PDF only read on this machine, such as the server's proof). ``kept``
    (a :class:`.resident.KeptDrawing`, the server's proof only) draws with the character
    codes and font names of the proof before it."""
    writer = PdfWriter(proof=proof, marks=marks, title=title, pdfx=pdfx, compress=compress, kept=kept)
    for page in pages:
        writer.add(page)
    return writer.finish()


def _drawn_before(page: Page) -> bool:
    """Whether this process has drawn a page from ``page``'s file before (a resident
    process, or a page twice in an issue): then its lines are kept as drawn, to be written
    again the next time (render/glyphs.py); keeping them costs a fresh process ~40 %."""
    if page.source in _drawn:
        return True
    if len(_drawn) >= MAX_DRAWN:
        _drawn.clear()
    _drawn.add(page.source)
    return False


def _page(c: canvas.Canvas, page: Page, proof: bool, marks: bool, settings, keep: bool = False) -> None:
    margin = page.bleed + (SLUG if marks else 0.0)
    width, height = page.width + 2 * margin, page.height + 2 * margin
    c.setPageSize((width, height))
    c.setTrimBox((margin, margin, margin + page.width, margin + page.height))
    bleed = margin - page.bleed
    c.setBleedBox((bleed, bleed, width - bleed, height - bleed))

    def fy(y: float) -> float:  # page y (down from trim top) to PDF y (up from media bottom)
        return height - margin - y

    items = page.items
    i, n = 0, len(items)
    while i < n:
        item = items[i]
        if isinstance(item, TextRun):
            # consecutive runs in one overprint state make one text object
            black = item.color == BLACK
            j = i + 1
            while j < n and isinstance(items[j], TextRun) and (items[j].color == BLACK) == black:
                j += 1
            draw_runs(c, items[i:j], margin, fy, overprint=black, keep=keep)
            i = j
            continue
        i += 1
        if isinstance(item, Rule):
            c.saveState()
            if item.color == BLACK:
                set_overprint(c, fill=False)
            c.setStrokeColor(cmyk(item.color))
            c.setLineWidth(item.width)
            c.line(margin + item.x1, fy(item.y1), margin + item.x2, fy(item.y2))
            c.restoreState()
        elif isinstance(item, Box):
            _box(c, item, margin, fy)
        elif isinstance(item, Picture):
            _picture(c, item, margin, fy, settings)
    if proof:
        proof_overlay(c, page, margin, fy)
    if marks:
        crop_marks(c, page, margin, width, height)


def _box(c: canvas.Canvas, box: Box, margin: float, fy) -> None:
    if box.fill is not None:
        c.setFillColor(cmyk(box.fill))
    if box.stroke is not None:
        c.setStrokeColor(cmyk(box.stroke))
        c.setLineWidth(box.stroke_width)
    c.rect(margin + box.x, fy(box.y + box.h), box.w, box.h,
           stroke=int(box.stroke is not None), fill=int(box.fill is not None))


def _picture(c: canvas.Canvas, pic: Picture, margin: float, fy, settings) -> None:
    x, y = margin + pic.x, fy(pic.y + pic.h)
    if pic.image is None:
        c.setFillColor(cmyk((0, 0, 0, 12)))
        c.rect(x, y, pic.w, pic.h, stroke=0, fill=1)
        c.setStrokeColor(cmyk((0, 0, 0, 35)))
        c.setLineWidth(0.5)
        c.line(x, y, x + pic.w, y + pic.h)
        c.line(x, y + pic.h, x + pic.w, y)
        return
    _draw_jpeg(c, print_jpeg(pic.image, pic.w, pic.h, settings), x, y, pic.w, pic.h)


def _draw_jpeg(c: canvas.Canvas, data: bytes, x: float, y: float, w: float, h: float) -> None:
    """``Canvas.drawImage`` for a print-ready JPEG, but named by its content: ReportLab
    names an image by its file name, and the cached file's path differs from machine to
    machine, which would make the same page give different PDF bytes."""
    name = "img" + hashlib.sha256(data).hexdigest()[:32]
    c._currentPageHasImages = 1  # as drawImage does
    doc = c._doc
    reg = doc.getXObjectName(name)
    if doc.idToObject.get(reg) is None:
        image = pdfdoc.PDFImageXObject(name)
        if not image.loadImageFromJPEG(io.BytesIO(data)):
            raise ValueError("a print-ready picture is not a JPEG stream")
        image.name = name
        c._setXObjects(image)
        doc.Reference(image, reg)
        doc.addForm(name, image)
    c.saveState()
    c.translate(x, y)
    c.scale(w, h)
    c.addLiteral(f"/{reg} Do")
    c.restoreState()
    c._formsinuse.append(name)  # as drawImage does: the page's resources list the image


# proof bands: colour (CMYK %), fill opacity, label size
