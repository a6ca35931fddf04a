"""The proof diff drawn on the new page: proof marks placed from the lines layout set.

- ``inserted``: a tint over each inserted character (``SetLine.edges`` give its box);
- ``deleted``: a caret where deleted text stood, and a ``deleted-note`` in the page
  margin beside it with the text (删 …), notes stacked so that none covers another;
- ``moved``: the old outline of a block that moved, changed size or was removed;
- ``reflow``: a bar in the gutter left of each line that reflowed without a text change.
Text that stands in overset (not on the page) is in the report only. A 竖排 column
(``SetLine.vertical``) is marked the same way turned: its inserted characters tinted down
the column, a caret beside it where text was deleted, a reflow bar over it.
"""

from __future__ import annotations

from collections import defaultdict

from ..layout.display import Page, ProofMark, SetLine
from .compare import PageDiff
from .texts import BREAK

NOTE_SIZE = 5.0     # pt, the margin notes' type size (pdf.py draws them at this size)
NOTE_GAP = 3.0      # pt between a margin note and the 版心 or the trim
BAR = 1.5           # pt, width of a reflow bar


def diff_marks(diff: PageDiff, page: Page) -> list[ProofMark]:
    lines: dict[tuple[str, str, int], list[SetLine]] = defaultdict(list)
    for line in page.lines:
        lines[(line.block, line.part, line.para)].append(line)
    columns = sorted((m.x, m.x + m.w) for m in page.proof if m.kind == "grid-col") or [(0.0, page.width)]
    notes = _Margins(page, columns[0][0], columns[-1][1])
    marks: list[ProofMark] = []
    for b in diff.blocks:
        for change in b.changes:
            if change.at is None or change.text == BREAK:
                continue
            para = lines.get((b.id, change.at.part, change.at.para), [])
            if change.kind == "inserted":
                marks += _highlight(para, change.at.offset, change.at.offset + len(change.text))
            else:
                marks += _caret(para, change.at.offset, change.text, notes)
        if b.moved or b.resized or b.status == "removed":
            label = f"{b.id} 原位" if b.status != "removed" else f"{b.id} 已删"
            marks += [ProofMark("moved", *rect, label) for rect in b.old_rects]
        for line in b.reflowed:
            if line.vertical:
                marks.append(ProofMark("reflow", line.top, line.edges[0] - 2 * BAR, line.height, BAR))
                continue
            left = max((a for a, _ in columns if a <= line.edges[0] + 0.01), default=line.edges[0])
            marks.append(ProofMark("reflow", left - 2 * BAR, line.top, BAR, line.height))
    return marks


def _box(line: SetLine, a: float, b: float) -> tuple[float, float, float, float]:
    """The rectangle from edge ``a`` to edge ``b`` of a line (across it: its cell)."""
    if line.vertical:
        return line.top, a, line.height, b - a
    return a, line.top, b - a, line.height


def _highlight(para: list[SetLine], start: int, end: int) -> list[ProofMark]:
    out = []
    for line in para:
        a, b = max(start, line.start), min(end, line.end)
        if a < b:
            out.append(ProofMark("inserted", *_box(line, line.edges[a - line.start], line.edges[b - line.start])))
    return out


def _caret(para: list[SetLine], offset: int, text: str, notes: _Margins) -> list[ProofMark]:
    line = next((ln for ln in para if ln.start <= offset < ln.end), None) or \
        next((ln for ln in para if ln.end == offset), None)
    if line is None:
        return []  # it stood in overset
    at = line.edges[offset - line.start]
    shown = text.replace(BREAK, "¶")
    if line.vertical:  # a caret beside the column, level with where the text stood
        x, y = line.top + line.height + 1.0, at - line.height / 2
        return [ProofMark("deleted", x, y, 0.0, line.height, shown), notes.place(x, y, line.height, "删 " + shown)]
    return [ProofMark("deleted", at, line.top, 0.0, line.height, shown),
            notes.place(at, line.top, line.height, "删 " + shown)]


class _Margins:
    """Places margin notes beside the 版心, each below the one before on its side."""

    def __init__(self, page: Page, left: float, right: float):
        self.page, self.left, self.right = page, left, right
        self.low = {"left": 0.0, "right": 0.0}   # lowest y used on each side

    def place(self, x: float, top: float, height: float, label: str) -> ProofMark:
        side = "left" if x < self.page.width / 2 else "right"
        if side == "left":
            x0, x1 = NOTE_GAP, self.left - NOTE_GAP
        else:
            x0, x1 = self.right + NOTE_GAP, self.page.width - NOTE_GAP
        fits = max(1, int((x1 - x0) / NOTE_SIZE))
        if len(label) > fits:
            label = label[:max(1, fits - 1)] + "…"
        y = max(top, self.low[side])
        self.low[side] = y + max(height, NOTE_SIZE * 1.2)
        return ProofMark("deleted-note", x0, y, x1 - x0, height, label)
