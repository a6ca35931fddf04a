"""The proof diff's reports: stable JSON for tools and CI, and a short text for the desk."""

from __future__ import annotations

import sys

from . import DiffResult
from .compare import BlockDiff
from .texts import BREAK


def diff_dict(result: DiffResult) -> dict:
    """Per block: status, inserted and deleted characters with their copy file:line,
    moved/resized (old and new areas in grid units), reflowed lines, fit before and after."""
    return {"old": result.old, "new": result.new, "differs": result.diff.differs,
            "drawn_differs": result.diff.drawn_differs,
            "blocks": [_block(b) for b in result.diff.blocks]}


def _block(b: BlockDiff) -> dict:
    def changes(kind: str) -> list[dict]:
        return [{"text": c.text, "file": c.file, "line": c.line, "part": c.at.part if c.at else None}
                for c in b.changes if c.kind == kind]

    return {"id": b.id, "kind": b.kind, "status": b.status,
            "inserted_chars": _count(b, "inserted"), "deleted_chars": _count(b, "deleted"),
            "inserted": changes("inserted"), "deleted": changes("deleted"),
            "moved": b.moved, "resized": b.resized, "area_before": b.old_area, "area_after": b.new_area,
            "reflowed_lines": len(b.reflowed),
            "fit": {"before": b.fit_before, "after": b.fit_after}}


def _count(b: BlockDiff, kind: str) -> int:
    """Characters, not counting paragraph breaks."""
    return sum(len(c.text.replace(BREAK, "")) for c in b.changes if c.kind == kind)


def print_diff(result: DiffResult, out=None) -> None:
    out = out or sys.stdout
    changed = [b for b in result.diff.blocks if b.status != "same"]
    print(f"{result.old} → {result.new}: {f'{len(changed)} block(s) changed' if changed else 'no block changed'}",
          file=out)
    for b in changed:
        print(f"  {b.id}: {_summary(b)}", file=out)
        for c in b.changes:
            sign = "+" if c.kind == "inserted" else "−"
            print(f"    {sign} {c.file}:{c.line}  {_quote(c.text)}", file=out)
    if result.diff.drawn_differs and not changed:
        print("  the pages draw differently (a style, rule, picture or the folio changed)", file=out)


def _summary(b: BlockDiff) -> str:
    if b.status in ("added", "removed"):
        return "new block" if b.status == "added" else "block removed"
    parts = []
    ins, dels = _count(b, "inserted"), _count(b, "deleted")
    if ins or dels:
        parts.append(f"+{ins} 字 −{dels} 字")
    if b.moved or b.resized:
        parts.append(("moved" if b.moved else "resized") + f" ({_area(b.old_area)} → {_area(b.new_area)})")
    if b.reflowed:
        parts.append(f"{len(b.reflowed)} line(s) reflowed")
    if b.fit_before != b.fit_after and b.fit_before and b.fit_after:
        parts.append(f"fit {_fit(b.fit_before)} → {_fit(b.fit_after)}")
    return ", ".join(parts) or "changed"


def _area(areas: list[dict] | None) -> str:
    if not areas:
        return "-"
    a = areas[0]
    return f"栏 {a['col']}+{a['cols']} 行 {a['row']}+{a['rows']}" + (f" and {len(areas) - 1} more" if len(areas) > 1 else "")


def _fit(f: dict) -> str:
    text = f"{f['used_lines']}/{f['capacity_lines']} 行"
    if f["overset_lines"]:
        text += f" 超 {f['overset_chars']} 字/{f['overset_lines']} 行"
    elif f["short_lines"]:
        text += f" 缺 {f['short_lines']} 行"
    return text


def _quote(text: str, limit: int = 40) -> str:
    shown = text.replace(BREAK, "¶")
    return f"“{shown if len(shown) <= limit else shown[:limit - 1] + '…'}”"
