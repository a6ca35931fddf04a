"""A laid-out page as the proof page reads it: block areas (pt), fit figures, where each
block is defined, and the page's findings, all plain JSON-ready data.

Block areas are the page's ``ProofMark("block", …)`` items; fit figures are its block
reports' ``fit``; findings are the page's one list of diagnostics.
"""

from __future__ import annotations

import dataclasses

from pathlib import Path

from ..errors import Diagnostic, Span, display_path


MARKS = ("overset", "short", "widow", "missing")  # the proof's trouble spots, drawn over the page


def page_dict(index: int, spec: Path, built, serial: int) -> dict:
    entry = {"index": index, "spec": display_path(spec), "serial": serial, "blocks": [], "diagnostics": []}
    if built is None:
        return entry
    page = built.page
    rects: dict[str, list] = {}
    for mark in page.proof:
        if mark.kind == "block":
            rects.setdefault(mark.label, []).append([round(v, 2) for v in (mark.x, mark.y, mark.w, mark.h)])
    blocks = []
    for report in page.blocks:
        span, copy = built.sources.get(report.id, (None, None))
        fit = fit_of(report, page, rects.get(report.id, []))
        blocks.append({"id": report.id, "kind": report.kind, "rects": rects.get(report.id, []), "fit": fit,
                       "summary": fit_text(report.kind, fit),
                       "defined": f"{span.file}:{span.line}" if span and span.line else (span.file if span else ""),
                       "copy": display_path(Path(copy)) if copy else None})
    marks = [{"kind": m.kind, "rect": [round(v, 2) for v in (m.x, m.y, m.w, m.h)], "label": m.label}
             for m in page.proof if m.kind in MARKS]
    entry.update(title=page.title, width=page.width, height=page.height, ok=page.ok, blocks=blocks, marks=marks,
                 diagnostics=[diagnostic_dict(d) for d in findings(page, built.sources)])
    return entry


def fit_of(report, page, rects: list) -> dict:
    """capacity/used/overset/short of a block, in lines and 字 (the block report's fit)."""
    return dataclasses.asdict(report.fit)


def fit_text(kind: str, fit: dict) -> str:
    if kind != "article" and not fit.get("capacity_lines"):
        return ""
    text = f"容量 {fit.get('capacity_lines', 0)} 行 / 已用 {fit.get('used_lines', 0)} 行"
    if fit.get("overset_lines"):
        text += f"，超 {fit.get('overset_chars', 0)} 字（{fit['overset_lines']} 行）"
    elif fit.get("short_lines"):
        text += f"，缺 {fit['short_lines']} 行"
        if fit.get("short_chars"):
            text += f" ≈ {fit['short_chars']} 字"
    return text


def findings(page, sources: dict) -> list[Diagnostic]:
    """The page's findings: layout's one list of diagnostics."""
    return list(page.diagnostics)


def diagnostic_dict(d: Diagnostic, page: str | None = None) -> dict:
    from ..diagnostics import render

    span: Span | None = d.span
    return {"severity": d.severity, "code": d.code, "block": d.block, "message": d.message, "hint": d.hint,
            "where": str(span) if span else "", "text": render(d), "page": page}
