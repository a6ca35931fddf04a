"""``paiban query``: a laid-out page as JSON for a newsroom system.

Per block: its id and kind, its area on the grid (栏, 行) and in points on the trimmed
page (y down from the top edge), the file, line and column where it is defined, its fit
figures and its diagnostics. The fit figures and diagnostics are read from the page's
block reports by :func:`block_findings` alone, so a change of those records touches one
function. Field by field in the README ("paiban query").
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from .errors import Diagnostic, Span, display_path
from .layout.grid import area_rect
from .pipeline import Built

VERSION = 2  # bumped when a field changes meaning or goes away (new fields may be added)


def page_query(built: Built) -> dict:
    """The JSON of a page built with ``keep_spec=True``."""
    resolved, page = built.resolved, built.page
    g = resolved.geometry
    reports = {r.id: r for r in page.blocks}
    blocks = []
    for block in resolved.spec.blocks:
        fit, diagnostics = block_findings(reports[block.id])
        areas = [block.area, *getattr(block, "more", ())]
        blocks.append({
            "id": block.id,
            "kind": block.kind,
            "defined": _span(resolved.spans[block.id]),
            "area": _area(g, areas[0]),
            "more": [_area(g, a) for a in areas[1:]],
            "fit": fit,
            "diagnostics": diagnostics,
        })
    return {
        "version": VERSION,
        "spec": display_path(built.spec),
        "ok": page.ok,
        "meta": dict(page.meta),
        "page": {"width": _pt(g.width), "height": _pt(g.height), "bleed": _pt(g.bleed)},
        "grid": {"columns": g.columns, "lines": g.lines, "left": _pt(g.left), "top": _pt(g.top),
                 "column": _pt(g.column), "gutter": _pt(g.gutter), "line_pitch": _pt(g.pitch),
                 "body_size": _pt(g.body)},
        "blocks": blocks,
        "missing_glyphs": [{"char": d.numbers["char"], "codepoint": d.numbers["codepoint"],
                            "role": d.numbers["role"], "block": d.block} for d in page.findings("missing-glyph")],
    }


def failed_query(spec: Path, diagnostics: list[Diagnostic]) -> dict:
    """The JSON of a page that could not be read: its input errors, no blocks."""
    return {"version": VERSION, "spec": display_path(Path(spec)), "ok": False, "blocks": [],
            "errors": [diagnostic_dict(d) for d in diagnostics]}


def block_findings(report) -> tuple[dict, list[dict]]:
    """Fit figures and diagnostics of a block report."""
    return dataclasses.asdict(report.fit), [diagnostic_dict(d) for d in report.diagnostics]


def diagnostic_dict(d: Diagnostic) -> dict:
    out = {"severity": d.severity, "code": d.code, "message": d.message}
    if d.span is not None:
        out["span"] = _span(d.span)
    if d.hint:
        out["hint"] = d.hint
    if d.numbers:
        out["numbers"] = dict(d.numbers)
    return out


def _area(g, area) -> dict:
    rect = area_rect(g, area)
    return {"grid": {"col": area.col, "cols": area.cols, "row": area.row, "rows": area.rows},
            "pt": {"x": _pt(rect.x), "y": _pt(rect.y), "w": _pt(rect.w), "h": _pt(rect.h)}}


def _span(span: Span) -> dict:
    return {"file": span.file, "line": span.line, "col": span.col}


def _pt(value: float) -> float:
    return round(value, 2)
