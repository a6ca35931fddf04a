"""A laid-out page as the proof page reads it: block areas (pt), fit figures, where each
block is defined, and the page's findings, all plain JSON-ready data.

Block areas are the page's ``ProofMark("block", …)`` items; fit figures come from its
block reports (:func:`fit_of` reads a report's ``fit`` dict where layout keeps one, else
its fields); findings are the page's diagnostics where layout keeps them as such, else
they are made here from the reports, as :class:`~typeset.errors.Diagnostic` records.
"""

from __future__ import annotations

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
    """capacity/used/overset/short of a block, in lines and 字."""
    fit = getattr(report, "fit", None)
    if isinstance(fit, dict):
        return dict(fit)
    fit = {"capacity_lines": report.capacity, "used_lines": report.used, "overset_lines": report.overset_lines,
           "overset_chars": report.overset_chars, "short_lines": report.short_lines}
    if report.short_lines:
        fit["short_chars"] = report.short_lines * chars_per_line(page, rects)
    return fit


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


def chars_per_line(page, rects: list) -> int:
    """The commonest count of characters in a text-column line of the block's body type
    inside its areas (an estimate of a full line, for 缺 N 行 ≈ N 字): runs on one baseline
    split where the gap between them is wider than half a character (a gutter)."""
    from collections import Counter

    lines: dict[float, list] = {}
    for item in page.items:
        if getattr(item, "text", None) and any(x <= item.x < x + w and y <= item.y <= y + h for x, y, w, h in rects):
            lines.setdefault(round(item.y, 1), []).append(item)
    sizes = Counter(r.size for runs in lines.values() for r in runs)
    if not sizes:
        return 0
    body = sizes.most_common(1)[0][0]
    counts: Counter = Counter()
    for runs in lines.values():
        count, end = 0, None
        for r in sorted((r for r in runs if r.size == body), key=lambda r: r.x):
            if end is not None and r.x - end > 0.5 * r.size:
                counts[count] += 1
                count = 0
            count += len(r.text)
            end = r.x + len(r.text) * r.size * r.hscale
        counts[count] += 1
    counts.pop(0, None)
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0] if counts else 0


def findings(page, sources: dict) -> list[Diagnostic]:
    """The page's findings: its own diagnostics where layout keeps them, else made here
    from the block reports and missing glyphs."""
    own = getattr(page, "diagnostics", None)
    if own is not None:
        return list(own)
    out = []
    for r in page.blocks:
        span = sources.get(r.id, (None, None))[0]
        if r.overset_lines:
            out.append(Diagnostic("error", f"{r.id}: 超 {r.overset_chars} 字（{r.overset_lines} 行）", span,
                                  "cut the copy or give the block more lines", "overset", r.id,
                                  {"lines": r.overset_lines, "chars": r.overset_chars}))
        elif r.short_lines and r.kind == "article":
            out.append(Diagnostic("warning", f"{r.id}: 缺 {r.short_lines} 行", span, "add copy or shorten the block",
                                  "short", r.id, {"lines": r.short_lines}))
        out += [Diagnostic("error", p, span, None, "problem", r.id) for p in r.problems]
        out += [Diagnostic("warning", w, span, None, "warning", r.id) for w in r.warnings]
    for m in page.missing:
        out.append(Diagnostic("error", f"{m.block}: no font has {m.char!r} ({m.codepoint}, role {m.role})",
                              sources.get(m.block, (None, None))[0], "add the character to a font or rewrite it",
                              "missing-glyph", m.block))
    return out


def diagnostic_dict(d: Diagnostic, page: str | None = None) -> dict:
    from ..diagnostics import render

    span: Span | None = d.span
    return {"severity": d.severity, "code": d.code, "block": d.block, "message": d.message, "hint": d.hint,
            "where": str(span) if span else "", "text": render(d), "page": page}
