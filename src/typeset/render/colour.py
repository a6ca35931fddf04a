"""Colours as ReportLab writes them for press: opaque CMYK without alpha, the
registration colour of crop marks, and overprinting solid black."""

from __future__ import annotations

from reportlab.lib.colors import CMYKColor, CMYKColorSep
from reportlab.pdfgen import canvas


def cmyk(color, alpha: float = 1.0) -> CMYKColor:
    """An opaque colour carries no alpha, so that ReportLab writes no ``/ca`` and no
    ``/CA`` (transparency, banned in PDF/X-1a); only proof overlays are translucent."""
    c, m, y, k = (v / 100 for v in color)
    return CMYKColor(c, m, y, k, alpha=alpha if alpha < 1 else None)


# registration colour for crop marks: the Separation "All" prints on every plate and is
# not counted as ink coverage (a process 400 % would fail every ink-limit check)
REGISTRATION = CMYKColorSep(1, 1, 1, 1, spotName="All", alpha=None)


def set_overprint(c: canvas.Canvas, fill: bool = True) -> None:
    """Solid black text and rules print over what is under them (no white halo where
    the plates shift on the press: the prepress default); white and tints knock out."""
    if fill:
        c._setFillOverprint(True)
    else:
        c._setStrokeOverprint(True)
    c._setOverprintMask(True)
