"""Lay out one page: grid proof marks → each block by its kind (``kinds``) → the
page-level geometry check → the report: per block its copy fit, its findings and the
display items it drew; every finding a diagnostic in the page's one list, from which
the proof marks of trouble spots are drawn."""

from __future__ import annotations

import logging
import time

from ..errors import Diagnostic, Sink
from ..spec.validate import ResolvedPage
from .context import LayoutContext
from .display import BlockReport, Page, ProofMark
from .geometry_check import check_geometry
from .grid import area_rect, column_x
from .kinds import KINDS
from .textset import Setter

log = logging.getLogger(__name__)

DEFAULT_TIME_LIMIT = 30.0  # seconds a page may take to lay out (a normal page: 50 ms)
MAX_MEMO = 50_000          # composed paragraphs a resident process keeps per font set (a page has a few hundred)
BLEED_KINDS = ("image",)   # kinds whose pictures and tints may run into the bleed


def layout_page(page: ResolvedPage, time_limit: float | None = DEFAULT_TIME_LIMIT,
                record_lines: bool = False, memo: dict | None = None, incoming: dict | None = None) -> Page:
    """Raises :class:`~typeset.errors.SpecError` if the page takes over ``time_limit`` s.
    ``record_lines`` keeps where each line of copy was set (``Page.lines``, for the
    proof diff; about 5 ms a broadsheet page, so only when asked for). ``memo`` keeps
    composed paragraphs between pages of one font set (``paiban serve``). ``incoming``
    gives continued blocks the rest of their story (block id -> ``jumps.Jump``, batch)."""
    if memo is not None:  # paragraphs composed with these fonts (a page may override roles)
        memo = memo.setdefault(tuple(sorted(page.fonts.roles.items())), {})
        if len(memo) > MAX_MEMO:  # a night of edits: start again rather than grow without end
            memo.clear()
    sink = Sink()
    setter = Setter(page.fonts, page.styles, sink, dict(page.spans), memo=memo)
    body = page.fonts.primary(page.styles["正文"].font)
    setter.use(body)  # the PDF's base face, even on a page of pictures
    deadline = None if time_limit is None else time.monotonic() + time_limit
    ctx = LayoutContext(page, setter, sink, deadline, time_limit, record_lines, incoming or {})
    items, proof, laid, lines, jumps = [], _grid_marks(page), [], [], []
    for block in page.spec.blocks:
        out = KINDS[block.kind](ctx, block)
        ctx.check_time(block.id)
        start = len(items)
        items += out.items
        proof += out.proof
        lines += out.lines
        jumps += out.jumps
        areas = tuple(area_rect(page.geometry, a).as_tuple() for a in (block.area, *getattr(block, "more", ())))
        proof += [ProofMark("block", *a, block.id) for a in areas]
        laid.append((block, out.fit, areas, (start, len(items))))
    reports = [BlockReport(b.id, b.kind, fit, (), areas, span, b.kind in BLEED_KINDS)
               for b, fit, areas, span in laid]
    check_geometry(page, items, reports, setter, sink)
    diagnostics = tuple(sink.diagnostics)
    reports = [BlockReport(r.id, r.kind, r.fit, tuple(d for d in diagnostics if d.block == r.id), r.areas,
                           r.items, r.bleed) for r in reports]
    proof += [m for d in diagnostics if (m := trouble_mark(d)) is not None]
    proof += setter.marks
    meta = page.spec.meta
    info = {k: str(v) for k, v in meta.model_dump().items() if v not in (None, "")}
    g = page.geometry
    return Page(g.width, g.height, g.bleed, meta.title, info, tuple(items), tuple(proof), tuple(reports),
                diagnostics, str(page.source), dict(sorted(setter.faces.items())), tuple(lines), page.print,
                tuple(jumps))


MARK_KINDS = {"short": "short", "widow": "widow", "keep-with-next": "widow"}  # else red (overset)


def trouble_mark(d: Diagnostic) -> ProofMark | None:
    """The proof band of a finding that has a place on the page, labelled for the desk."""
    if d.where is None:
        return None
    n = d.numbers
    label = {"overset": f"超 {n.get('chars', 0)} 字 / {n.get('lines', 0)} 行",
             "overflow": f"超 {n.get('chars', 0)} 字 / {n.get('lines', 0)} 行",
             "lost-text": f"{n.get('chars', 0)} 字未排",
             "overfull": "超宽",
             "collision": f"压 {n.get('other', '')}",
             "short": f"缺 {n.get('band', 0)} 行 ≈{n.get('chars', 0)} 字",
             "widow": "孤行",
             "keep-with-next": "背题"}.get(d.code)
    if label is None:
        return None
    note = d.hint if d.code in ("overset", "overflow", "short") else ""  # the copy-fit hint, as the live proof
    return ProofMark(MARK_KINDS.get(d.code, "overset"), *d.where, label, note or "")


def _grid_marks(page: ResolvedPage) -> list[ProofMark]:
    g = page.geometry
    marks = []
    for c in range(g.columns):
        marks.append(ProofMark("grid-col", column_x(g, c + 1), g.top, g.column, g.area_height))
    for r in range(g.lines + 1):
        marks.append(ProofMark("grid-line", g.left, g.top + r * g.pitch, g.area_width, 0, str(r + 1)))
    return marks
