"""Draw display lists with ReportLab: with render/faces.py the only modules that import it.

Deterministic (``invariant=1``: fixed dates, IDs and subset names), CMYK throughout
(text in K only), MediaBox = trim + bleed with TrimBox and BleedBox set, optional crop
marks and slug, optional proof overlay. y is flipped here and only here. The file is
written by :mod:`typeset.output` (a temporary name renamed at the end).
"""

from __future__ import annotations

import hashlib
import io
import math
import os
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.lib.rl_accel import escapePDF, fp_str
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfgen import canvas

from ..errors import error
from ..layout.display import BLACK, Box, Page, Picture, Rule, TextRun
from ..spec.printing import default_settings
from . import pdfx
from .faces import load_ttfont
from .images import print_jpeg

rl_config.useA85 = 0  # binary (Flate) image streams: smaller and faster than ASCII85

MARK_LEN = 8.5      # crop mark length, pt (3 mm)
MARK_GAP = 3.0      # gap between trim and crop mark
SLUG = 30.0         # extra margin for marks and slug when --marks
_registered: dict[str, tuple] = {}  # face name -> (file, size, mtime) registered


def _cmyk(color, alpha: float = 1.0) -> CMYKColor:
    """An opaque colour carries no alpha, so that ReportLab writes no ``/ca`` and no
    ``/CA`` (transparency, banned in PDF/X-1a); only proof overlays are translucent."""
    c, m, y, k = (v / 100 for v in color)
    return CMYKColor(c, m, y, k, alpha=alpha if alpha < 1 else None)


# registration colour for crop marks: the Separation "All" prints on every plate and is
# not counted as ink coverage (a process 400 % would fail every ink-limit check)
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", alpha=None)


def register(name: str, path: str) -> None:
    """Make the face ``name`` (TrueType file ``path``) known to ReportLab: once a process,
    again if the file has changed since (watch mode)."""
    stat = os.stat(path)
    version = (path, stat.st_size, stat.st_mtime_ns)
    if _registered.get(name) != version:
        pdfmetrics.registerFont(load_ttfont(name, Path(path)))
        _registered[name] = version


class PdfWriter:
    """A PDF built a page at a time (a batch draws each page as soon as it is laid out)."""

    def __init__(self, *, proof: bool = False, marks: bool = False, title: str | None = None,
                 pdfx: str = "1a") -> None:
        if pdfx not in pdfx_modes():
            raise error(f"--pdfx must be one of {', '.join(pdfx_modes())}, not {pdfx!r}")
        self.proof, self.marks, self.title, self.pdfx = proof, marks, title, pdfx
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
            c = self.canvas = canvas.Canvas(self.buf, invariant=1, pageCompression=1,
                                            initialFontName=next(iter(page.fonts), "Helvetica"),
                                            pagesize=(page.width, page.height))
            self.first = page
        else:
            _same_press(self.first, page, self.pdfx, self.proof)
        _page(c, page, self.proof, self.marks, _settings(self.first))
        self.digest.update("\n".join(c._code).encode("latin-1", "replace"))
        c.showPage()

    def finish(self) -> bytes:
        if self.canvas is None or self.first is None:
            raise ValueError("a PDF needs at least one page")
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
               title: str | None = None, pdfx: str = "1a") -> bytes:
    """The PDF of ``pages`` as bytes: PDF/X-1a (default), PDF/X-4 or plain (``pdfx``)."""
    writer = PdfWriter(proof=proof, marks=marks, title=title, pdfx=pdfx)
    for page in pages:
        writer.add(page)
    return writer.finish()


def _page(c: canvas.Canvas, page: Page, proof: bool, marks: bool, settings) -> None:
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
            _texts(c, items[i:j], margin, fy, overprint=black)
            i = j
            continue
        i += 1
        if isinstance(item, Rule):
            c.saveState()
            if item.color == BLACK:
                _overprint(c, fill=False)
            c.setStrokeColor(_cmyk(item.color))
            c.setLineWidth(item.width)
            c.line(margin + item.x1, fy(item.y1), margin + item.x2, fy(item.y2))
            c.restoreState()
        elif isinstance(item, Box):
            _box(c, item, margin, fy)
        elif isinstance(item, Picture):
            _picture(c, item, margin, fy, settings)
    if proof:
        _proof(c, page, margin, fy)
    if marks:
        _marks(c, page, margin, width, height)


def _overprint(c: canvas.Canvas, fill: bool = True) -> None:
    """Solid black text and rules print over what is under them (no white halo where
    the plates shift on the press: the prepress default); white and tints knock out."""
    if fill:
        c._setFillOverprint(True)
    else:
        c._setStrokeOverprint(True)
    c._setOverprintMask(True)


def _texts(c: canvas.Canvas, runs, margin: float, fy, overprint: bool = False) -> None:
    """One text object for consecutive glyph runs, written as PDF operators.

    Equivalent to a ReportLab ``PDFTextObject`` per run, without its per-call overhead
    (a broadsheet has thousands of runs). Runs on one baseline in one face, size and
    colour become one ``TJ`` whose numbers carry the composer's spacing (justification,
    compressed punctuation); font, colour and horizontal scale are set only when they
    change; the saved graphics state keeps the fill colour, overprint and ``Tz`` from
    leaking into what follows."""
    doc = c._doc
    c.saveState()
    if overprint:
        _overprint(c)
    out = ["BT"]
    state = {"font": None, "color": None, "hscale": 1.0}
    group: list[TextRun] = []
    last = None
    for run in runs:
        # one line, one face and size, left to right, unscaled: the same TJ
        if last is not None and not (run.y == last.y and run.font == last.font and run.size == last.size
                                     and run.color == last.color and run.x > last.x
                                     and run.hscale == 1.0 and last.hscale == 1.0
                                     and not run.angle and not last.angle):
            _show(out, group, doc, margin, fy, state)
            group = []
        group.append(run)
        last = run
    if group:
        _show(out, group, doc, margin, fy, state)
    out.append("ET")
    c.addLiteral("\n".join(out))
    c.restoreState()


_ESCAPED = [escapePDF(bytes((i,))) for i in range(256)]


def _show(out: list[str], group: list[TextRun], doc, margin: float, fy, state: dict) -> None:
    """Draw runs of one line, face and size with a single ``Tm`` and ``TJ`` per subset."""
    first = group[0]
    size = first.size
    if first.color != state["color"]:
        state["color"] = first.color
        out.append(f"{fp_str(*(v / 100 for v in first.color))} k")
    if first.hscale != state["hscale"]:
        state["hscale"] = first.hscale
        out.append(f"{fp_str(first.hscale * 100)} Tz")
    if first.angle:  # turned clockwise on the page: PDF space has y up
        cos, sin = round(math.cos(math.radians(first.angle)), 9), round(math.sin(math.radians(first.angle)), 9)
        out.append(f"{fp_str(cos, -sin, sin, cos, margin + first.x, fy(first.y))} Tm")
    else:
        out.append(f"1 0 0 1 {fp_str(margin + first.x)} {fp_str(fy(first.y))} Tm")
    font = pdfmetrics.getFont(first.font)
    widths, default = font.face.charWidths, font.face.defaultWidth
    # the gap before each character, in thousandths of an em (TJ numbers are subtracted)
    to_units = 1000 / size
    texts: list[str] = []
    gaps: list[float] = []
    pen = first.x
    for run in group:
        text = run.text
        texts.append(text)
        gaps.append((run.x - pen) * to_units)
        if len(text) > 1:
            gaps += [0.0] * (len(text) - 1)
        pen = run.x + sum(widths.get(ord(ch), default) for ch in text) * run.hscale / to_units
    k = 0
    for subset, chunk in font.splitString("".join(texts), doc):
        key = (first.font, subset, size)
        if key != state["font"]:
            state["font"] = key
            out.append(f"{font.getSubsetInternalName(subset, doc)} {fp_str(size)} Tf")
        parts = []
        for byte in chunk:
            gap = gaps[k]
            if k and (gap > 0.0005 or gap < -0.0005):
                parts.append(fp_str(-gap))
            parts.append(f"({_ESCAPED[byte]})")
            k += 1
        out.append(f"[{' '.join(parts)}] TJ")


def _box(c: canvas.Canvas, box: Box, margin: float, fy) -> None:
    if box.fill is not None:
        c.setFillColor(_cmyk(box.fill))
    if box.stroke is not None:
        c.setStrokeColor(_cmyk(box.stroke))
        c.setLineWidth(box.stroke_width)
    c.rect(margin + box.x, fy(box.y + box.h), box.w, box.h,
           stroke=int(box.stroke is not None), fill=int(box.fill is not None))


def _picture(c: canvas.Canvas, pic: Picture, margin: float, fy, settings) -> None:
    x, y = margin + pic.x, fy(pic.y + pic.h)
    if pic.image is None:
        c.setFillColor(_cmyk((0, 0, 0, 12)))
        c.rect(x, y, pic.w, pic.h, stroke=0, fill=1)
        c.setStrokeColor(_cmyk((0, 0, 0, 35)))
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
BANDS = {"overset": ((0, 100, 100, 0), 0.25, 8),   # 超 N 字 / M 行: red
         "short": ((60, 0, 0, 0), 0.18, 8),         # 缺 N 行: blue
         "widow": ((0, 50, 100, 0), 0.18, 6)}       # 孤行: orange
MAGENTA, RED = (0, 80, 0, 0), (0, 100, 100, 0)
# proof diff (typeset.diff): inserted text tinted, the old place of a moved block dashed,
# reflowed lines barred in the gutter, deleted text a caret with its note in the margin
DIFF = {"inserted": ((60, 0, 100, 0), 0.35), "moved": ((0, 60, 100, 0), 1.0), "reflow": ((100, 40, 0, 0), 0.8),
        "deleted": (RED, 1.0), "deleted-note": (RED, 1.0)}


def _proof(c: canvas.Canvas, page: Page, margin: float, fy) -> None:
    # labels are Chinese (超 N 字): draw them with a CJK face the page already embeds
    label_font = _label_font(page)
    for m in page.proof:  # the grid and the block outlines first, under everything else
        if m.kind == "grid-col":
            c.setFillColor(_cmyk((8, 0, 0, 0), alpha=0.5))
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=0, fill=1)
        elif m.kind == "grid-line":
            c.setStrokeColor(_cmyk((60, 0, 0, 0)))
            c.setLineWidth(0.1)
            c.line(margin + m.x, fy(m.y), margin + m.x + m.w, fy(m.y))
        elif m.kind == "block":
            c.setStrokeColor(_cmyk(MAGENTA))
            c.setLineWidth(0.6)
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=1, fill=0)
    for m in page.proof:
        if m.kind == "block":  # the block's id, top left inside its outline
            c.setFillColor(_cmyk(MAGENTA))
            c.setFont(label_font, 6)
            c.drawString(margin + m.x + 1.5, fy(m.y) - 6.5, m.label)
        elif m.kind in BANDS:  # a tinted band with its label at the bottom left
            color, alpha, size = BANDS[m.kind]
            c.setFillColor(_cmyk(color, alpha=alpha))
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=0, fill=1)
            c.setFillColor(_cmyk(color))
            c.setFont(label_font, size)
            c.drawString(margin + m.x + 2, fy(m.y + m.h) + 2, m.label)
            hint = m.note
            if hint:  # the copy-fit hint after the label, as far as the band reaches
                start = 2 + c.stringWidth(m.label, label_font, size) + 6
                room = m.w - start - 2
                while hint and c.stringWidth(hint, label_font, 5) > room:
                    hint = hint[:-2] + "…" if len(hint) > 2 else ""
                c.setFont(label_font, 5)
                c.drawString(margin + m.x + start, fy(m.y + m.h) + 2, hint)
        elif m.kind == "missing":  # a character no font has: boxed where it would stand
            c.setStrokeColor(_cmyk(RED))
            c.setLineWidth(0.8)
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=1, fill=0)
            c.setFillColor(_cmyk(RED))
            c.setFont(label_font, 4)
            c.drawString(margin + m.x, fy(m.y + m.h) - 4.5, m.label)
        elif m.kind in DIFF:
            _diff_mark(c, m, margin, fy, label_font)
    _watermark(c, page, margin, fy, label_font)


def _diff_mark(c: canvas.Canvas, m, margin: float, fy, font: str) -> None:
    color, alpha = DIFF[m.kind]
    x, bottom = margin + m.x, fy(m.y + m.h)
    c.saveState()
    c.setFillColor(_cmyk(color, alpha=alpha))
    c.setStrokeColor(_cmyk(color))
    if m.kind in ("inserted", "reflow"):
        c.rect(x, bottom, m.w, m.h, stroke=0, fill=1)
    elif m.kind == "moved":
        c.setLineWidth(0.8)
        c.setDash(3, 2)
        c.rect(x, bottom, m.w, m.h, stroke=1, fill=0)
        c.setFont(font, 6)
        c.drawString(x + 1.5, bottom + 2, m.label)
    elif m.kind == "deleted":  # a caret under the line where the text stood
        c.setLineWidth(0.6)
        c.line(x, bottom + m.h * 0.15, x, fy(m.y) - m.h * 0.1)
        path = c.beginPath()
        path.moveTo(x - 2, bottom)
        path.lineTo(x, bottom + 2.5)
        path.lineTo(x + 2, bottom)
        c.drawPath(path, stroke=1, fill=0)
    else:  # deleted-note: the deleted text, in the margin
        c.setFont(font, 5)
        c.drawString(x, bottom + (m.h - 5) / 2 + 1, m.label)
    c.restoreState()


def _watermark(c: canvas.Canvas, page: Page, margin: float, fy, font: str) -> None:
    """校样 (proof) across the page, as real text: it shows in the PDF's text too, so a
    proof is never mistaken for the print file."""
    c.saveState()
    c.setFillColor(_cmyk((0, 40, 0, 0), alpha=0.18))
    c.translate(margin + page.width / 2, fy(page.height / 2))
    c.rotate(45)
    size = min(page.width, page.height) / 4
    c.setFont(font, size)
    c.drawCentredString(0, -size / 3, "校样")
    c.restoreState()


def _marks(c: canvas.Canvas, page: Page, margin: float, width: float, height: float) -> None:
    c.setStrokeColor(REGISTRATION)
    c.setLineWidth(0.25)
    x0, y0, x1, y1 = margin, margin, margin + page.width, margin + page.height
    off = page.bleed + MARK_GAP
    for x in (x0, x1):
        for y, sign in ((y0, -1), (y1, 1)):
            c.line(x, y + sign * off, x, y + sign * (off + MARK_LEN))
    for y in (y0, y1):
        for x, sign in ((x0, -1), (x1, 1)):
            c.line(x + sign * off, y, x + sign * (off + MARK_LEN), y)
    for cx, cy in (((x0 + x1) / 2, y1 + off + MARK_LEN / 2 + 4), ((x0 + x1) / 2, y0 - off - MARK_LEN / 2 - 4)):
        c.circle(cx, cy, 4, stroke=1, fill=0)
        c.line(cx - 6, cy, cx + 6, cy)
        c.line(cx, cy - 6, cx, cy + 6)
    c.saveState()
    _overprint(c)
    c.setFillColor(_cmyk((0, 0, 0, 100)))
    c.setFont(_label_font(page), 6)
    source = Path(page.source)
    meta = page.meta
    where = " ".join(x for x in (meta.get("paper", ""), f"第{meta['page']}版" if meta.get("page") else "",
                                 meta.get("edition", "")) if x)
    slug = "   ".join(x for x in (f"{source.parent.name}/{source.name}", meta.get("date", ""), where,
                                  meta.get("title", "")) if x)
    c.drawString(x0, y0 - off - MARK_LEN - 8, slug)
    c.restoreState()


def _label_font(page: Page) -> str:
    """Proof labels and the slug are drawn in a face the page already embeds (a CJK face
    has Latin too), never in an unembedded base-14 font."""
    return next(iter(page.fonts), "Helvetica")
