"""What a proof adds to a page and what a press sheet adds around it: the proof overlay
(overset/short bands, 超宽 marks, block labels, the diff's marks, the watermark) and crop
marks with the slug. Drawn after the page's own items, in :func:`typeset.render.pdf._page`."""

from __future__ import annotations

from pathlib import Path

from reportlab.pdfgen import canvas

from ..layout.display import Page
from .colour import REGISTRATION, cmyk, set_overprint

MARK_LEN = 8.5      # crop mark length, pt (3 mm)
MARK_GAP = 3.0      # gap between trim and crop mark

BANDS = {"overset": ((0, 100, 100, 0), 0.25, 8),   # 超 N 字 / M 行: red
         "short": ((60, 0, 0, 0), 0.18, 8),         # 缺 N 行: blue
         "widow": ((0, 50, 100, 0), 0.18, 6)}       # 孤行: orange
MAGENTA, RED = (0, 80, 0, 0), (0, 100, 100, 0)
# proof diff (typeset.diff): inserted text tinted, the old place of a moved block dashed,
# reflowed lines barred in the gutter, deleted text a caret with its note in the margin
DIFF = {"inserted": ((60, 0, 100, 0), 0.35), "moved": ((0, 60, 100, 0), 1.0), "reflow": ((100, 40, 0, 0), 0.8),
        "deleted": (RED, 1.0), "deleted-note": (RED, 1.0)}


def proof_overlay(c: canvas.Canvas, page: Page, margin: float, fy) -> None:
    # labels are Chinese (超 N 字): draw them with a CJK face the page already embeds
    label_font = _label_font(page)
    for m in page.proof:  # the grid and the block outlines first, under everything else
        if m.kind == "grid-col":
            c.setFillColor(cmyk((8, 0, 0, 0), alpha=0.5))
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=0, fill=1)
        elif m.kind == "grid-line":
            c.setStrokeColor(cmyk((60, 0, 0, 0)))
            c.setLineWidth(0.1)
            c.line(margin + m.x, fy(m.y), margin + m.x + m.w, fy(m.y))
        elif m.kind == "block":
            c.setStrokeColor(cmyk(MAGENTA))
            c.setLineWidth(0.6)
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=1, fill=0)
    for m in page.proof:
        if m.kind == "block":  # the block's id, top left inside its outline
            c.setFillColor(cmyk(MAGENTA))
            c.setFont(label_font, 6)
            c.drawString(margin + m.x + 1.5, fy(m.y) - 6.5, m.label)
        elif m.kind in BANDS:  # a tinted band with its label at the bottom left
            color, alpha, size = BANDS[m.kind]
            c.setFillColor(cmyk(color, alpha=alpha))
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=0, fill=1)
            c.setFillColor(cmyk(color))
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
            c.setStrokeColor(cmyk(RED))
            c.setLineWidth(0.8)
            c.rect(margin + m.x, fy(m.y + m.h), m.w, m.h, stroke=1, fill=0)
            c.setFillColor(cmyk(RED))
            c.setFont(label_font, 4)
            c.drawString(margin + m.x, fy(m.y + m.h) - 4.5, m.label)
        elif m.kind in DIFF:
            _diff_mark(c, m, margin, fy, label_font)
    _watermark(c, page, margin, fy, label_font)


def _diff_mark(c: canvas.Canvas, m, margin: float, fy, font: str) -> None:
    color, alpha = DIFF[m.kind]
    x, bottom = margin + m.x, fy(m.y + m.h)
    c.saveState()
    c.setFillColor(cmyk(color, alpha=alpha))
    c.setStrokeColor(cmyk(color))
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
    c.setFillColor(cmyk((0, 40, 0, 0), alpha=0.18))
    c.translate(margin + page.width / 2, fy(page.height / 2))
    c.rotate(45)
    size = min(page.width, page.height) / 4
    c.setFont(font, size)
    c.drawCentredString(0, -size / 3, "校样")
    c.restoreState()


def crop_marks(c: canvas.Canvas, page: Page, margin: float, width: float, height: float) -> None:
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
    set_overprint(c)
    c.setFillColor(cmyk((0, 0, 0, 100)))
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
