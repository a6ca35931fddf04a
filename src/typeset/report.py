"""The report of built pages, as text for the desk and as stable JSON for CI.

Both read the same records of each laid-out page (its block reports, missing glyphs)
and of pages that could not be read (their input diagnostics)."""

from __future__ import annotations

import sys
from pathlib import Path

from .errors import display_path
from .pipeline import Built


def report_dict(built: list[Built], failed: list[tuple[str, list]] = ()) -> dict:
    """The stable JSON report: per page its blocks, missing glyphs, and input errors."""
    pages = []
    for b in built:
        p = b.page
        pages.append({
            "spec": display_path(b.spec),
            "ok": p.ok,
            "blocks": [{"id": r.id, "kind": r.kind, "capacity": r.capacity, "used": r.used,
                        "overset_lines": r.overset_lines, "overset_chars": r.overset_chars,
                        "short_lines": r.short_lines, "problems": list(r.problems),
                        "warnings": list(r.warnings)} for r in p.blocks],
            "missing_glyphs": [{"char": m.char, "codepoint": m.codepoint, "role": m.role, "block": m.block}
                               for m in p.missing],
        })
    for spec, diagnostics in failed:
        pages.append({"spec": display_path(Path(spec)), "ok": False, "blocks": [], "missing_glyphs": [],
                      "errors": [d.format() for d in diagnostics]})
    return {"ok": all(p["ok"] for p in pages), "pages": pages}


def print_report(built: list[Built], out=None, quiet: bool = False) -> None:
    """Per page: ok or PROBLEMS, the table of article blocks (unless ``quiet`` and ok),
    problems, missing glyphs and warnings."""
    out = out or sys.stdout
    for b in built:
        p = b.page
        print(f"{display_path(b.spec)}: {'ok' if p.ok else 'PROBLEMS'}", file=out)
        if not (quiet and p.ok):
            print(f"  {'block':<16}{'capacity':>9}{'used':>6}{'overset':>18}{'short':>7}", file=out)
            for r in p.blocks:
                if r.kind != "article":
                    continue
                over = f"{r.overset_chars}字/{r.overset_lines}行" if r.overset_lines else "-"
                print(f"  {r.id:<16}{r.capacity:>9}{r.used:>6}{over:>18}{r.short_lines:>7}", file=out)
                for prob in r.problems:
                    print(f"    {prob}", file=out)
            for m in p.missing:
                print(f"  missing glyph {m.char!r} {m.codepoint} (role {m.role}) in block {m.block!r}", file=out)
        for r in p.blocks:
            for warning in r.warnings:
                print(f"  warning: {warning}", file=out)
