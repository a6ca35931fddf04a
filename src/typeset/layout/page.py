"""Lay out one page: grid proof marks → each block by its kind → the report of
overset, short blocks, missing glyphs and warnings, with the page's font table."""

from __future__ import annotations

import logging
import time

from ..spec.validate import ResolvedPage
from .blocks import LAYOUTS, Ctx
from .display import BlockReport, Page, ProofMark
from .grid import area_rect
from .textset import Setter

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 30.0  # seconds a page may take to lay out (a normal page: 50 ms)


def layout_page(page: ResolvedPage, time_limit: float | None = DEFAULT_TIME_LIMIT,
                record_lines: bool = False, memo: dict | None = None) -> Page:
    """Raises :class:`~typeset.errors.SpecError` if the page takes over ``time_limit`` s.
    ``record_lines`` keeps where each line of copy was set (``Page.lines``, for the
    proof diff; about 5 ms a broadsheet page, so only when asked for). ``memo`` keeps
    composed paragraphs between pages of one font set (``paiban serve``)."""
    if memo is not None:  # paragraphs composed with these fonts (a page may override roles)
        memo = memo.setdefault(tuple(sorted(page.fonts.roles.items())), {})
    setter = Setter(page.fonts, page.styles, memo=memo)
    body = page.fonts.primary(page.styles["正文"].font)
    setter.faces[body.name] = str(body.path)  # the PDF's base face, even on a page of pictures
    deadline = None if time_limit is None else time.monotonic() + time_limit
    ctx = Ctx(page, setter, deadline, time_limit, record_lines)
    items, proof, reports, lines = [], _grid_marks(page), [], []
    for block in page.spec.blocks:
        out = LAYOUTS[block.kind](ctx, block)
        ctx.check_time(block.id)
        items += out.items
        proof += out.proof
        lines += out.lines
        for area in (block.area, *getattr(block, "more", ())):
            rect = area_rect(page.geometry, area)
            proof.append(ProofMark("block", rect.x, rect.y, rect.w, rect.h, block.id))
        reports.append(out.report or BlockReport(block.id, block.kind))
    meta = page.spec.meta
    info = {k: str(v) for k, v in meta.model_dump().items() if v not in (None, "")}
    g = page.geometry
    missing = tuple(sorted(setter.missing.values(), key=lambda m: (m.block, m.codepoint)))
    proof += setter.marks
    return Page(g.width, g.height, g.bleed, meta.title, info, tuple(items), tuple(proof),
                tuple(reports), missing, str(page.source), dict(sorted(setter.faces.items())), tuple(lines),
                page.print)


def _grid_marks(page: ResolvedPage) -> list[ProofMark]:
    g = page.geometry
    marks = []
    for c in range(g.columns):
        x = g.left + c * (g.column + g.gutter)
        marks.append(ProofMark("grid-col", x, g.top, g.column, g.area_height))
    for r in range(g.lines + 1):
        marks.append(ProofMark("grid-line", g.left, g.top + r * g.pitch, g.area_width, 0, str(r + 1)))
    return marks
