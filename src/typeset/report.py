"""The report of built pages, as text for the desk and as stable JSON for CI.

Both read the same records of each laid-out page: its blocks' copy fit and the one
list of diagnostics (layout findings, each with severity, code, block and span), and
the input diagnostics of pages that could not be read."""

from __future__ import annotations

import sys
from dataclasses import asdict
from pathlib import Path

from .errors import Diagnostic, display_path
from .pipeline import Built


def diagnostic_dict(d: Diagnostic) -> dict:
    span = d.span
    return {"severity": d.severity, "code": d.code, "block": d.block,
            "file": span.file if span else None, "line": span.line if span else None,
            "column": span.col if span else None, "message": d.message, "hint": d.hint}


def report_dict(built: list[Built], failed: list[tuple[str, list]] = ()) -> dict:
    """The stable JSON report: per page its blocks (fit, diagnostics) and all diagnostics."""
    pages = []
    for b in built:
        p = b.page
        pages.append({
            "spec": display_path(b.spec),
            "ok": p.ok,
            "blocks": [{"id": r.id, "kind": r.kind, "fit": asdict(r.fit),
                        "diagnostics": [diagnostic_dict(d) for d in r.diagnostics]} for r in p.blocks],
            "diagnostics": [diagnostic_dict(d) for d in p.diagnostics],
        })
    for spec, diagnostics in failed:
        pages.append({"spec": display_path(Path(spec)), "ok": False, "blocks": [],
                      "diagnostics": [diagnostic_dict(d) for d in diagnostics]})
    return {"ok": all(p["ok"] for p in pages), "pages": pages}


def print_report(built: list[Built], out=None, quiet: bool = False) -> None:
    """Per page: ok or PROBLEMS, the copy-fit table of its articles (unless ``quiet`` and
    ok), then every diagnostic (``file:line:col: severity[code]: message``)."""
    out = out or sys.stdout
    for b in built:
        p = b.page
        print(f"{display_path(b.spec)}: {'ok' if p.ok else 'PROBLEMS'}", file=out)
        if not (quiet and p.ok):
            print(f"  {'block':<16}{'capacity':>9}{'used':>6}{'overset':>18}{'short':>14}", file=out)
            for r in p.blocks:
                if r.kind != "article":
                    continue
                f = r.fit
                over = f"{f.overset_chars}字/{f.overset_lines}行" if f.overset_lines else "-"
                short = f"{f.short_lines}行≈{f.short_chars}字" if f.short_lines else "-"
                print(f"  {r.id:<16}{f.capacity_lines:>9}{f.used_lines:>6}{over:>18}{short:>14}", file=out)
        for d in p.diagnostics:
            where = f"{d.span}: " if d.span else ""
            print(f"  {where}{d.severity}[{d.code}]: {d.message} (block {d.block})", file=out)
            if d.hint and not quiet:
                print(f"    hint: {d.hint}", file=out)
