"""Transform a resolved page into a display list and a report; draws nothing.

``layout_page`` reads as its steps: grid proof marks → each block by its kind (article
bodies composed with the CJK composer and flowed through their columns) → report of
overset, short blocks and missing glyphs.
"""

from __future__ import annotations

import logging

from ..spec.validate import ResolvedPage
from .blocks import LAYOUTS, Ctx
from .display import BlockReport, Page, ProofMark
from .grid import area_rect
from .textset import Setter

log = logging.getLogger(__name__)

__all__ = ["Page", "layout_page"]


def layout_page(page: ResolvedPage) -> Page:
    setter = Setter(page.fonts, page.styles)
    ctx = Ctx(page, setter)
    items, proof, reports = [], _grid_marks(page), []
    for block in page.spec.blocks:
        out = LAYOUTS[block.kind](ctx, block)
        items += out.items
        proof += out.proof
        rect = area_rect(page.geometry, block.area)
        proof.append(ProofMark("block", rect.x, rect.y, rect.w, rect.h, block.id))
        reports.append(out.report or BlockReport(block.id, block.kind))
    meta = page.spec.meta
    info = {k: str(v) for k, v in meta.model_dump().items() if v not in (None, "")}
    g = page.geometry
    missing = tuple(sorted(setter.missing.values(), key=lambda m: (m.block, m.codepoint)))
    return Page(g.width, g.height, g.bleed, meta.title, info, tuple(items), tuple(proof),
                tuple(reports), missing, str(page.source), dict(sorted(setter.faces.items())))


def _grid_marks(page: ResolvedPage) -> list[ProofMark]:
    g = page.geometry
    marks = []
    for c in range(g.columns):
        x = g.left + c * (g.column + g.gutter)
        marks.append(ProofMark("grid-col", x, g.top, g.column, g.area_height))
    for r in range(g.lines + 1):
        marks.append(ProofMark("grid-line", g.left, g.top + r * g.pitch, g.area_width, 0, str(r + 1)))
    return marks
