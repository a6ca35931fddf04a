"""Display list → PDF (ReportLab, ``pdf``) and PDF → PNG preview (pypdfium2, ``preview``)."""

from __future__ import annotations

from pathlib import Path


def render_pdf(pages, **kwargs) -> bytes:
    from .pdf import render_pdf as _render

    return _render(pages, **kwargs)


def kept_drawing():
    """What a resident process keeps to draw its next proof sooner (:mod:`.resident`)."""
    from .resident import KeptDrawing

    return KeptDrawing()


def write_atomic(target: Path, data: bytes, **checks) -> Path:
    """:func:`typeset.output.write_atomic` (kept here for callers that draw and write)."""
    from ..output import write_atomic as _write

    return _write(target, data, **checks)


def preview_png(pdf: bytes, out: Path, dpi: int = 100, page: int = 0, inputs=None) -> None:
    """Rasterise one page of ``pdf`` to a PNG file (atomically)."""
    write_atomic(out, png_bytes(pdf, dpi, page), inputs=inputs)


def png_bytes(pdf: bytes, dpi: int = 100, page: int = 0) -> bytes:
    """One page of ``pdf`` as PNG data."""
    import io

    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(pdf)
    try:
        bitmap = doc[page].render(scale=dpi / 72)
        image = bitmap.to_pil()
        buf = io.BytesIO()
        image.save(buf, format="PNG", compress_level=1)
    finally:
        doc.close()
    return buf.getvalue()
