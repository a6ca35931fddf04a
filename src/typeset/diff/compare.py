"""Compare two built pages block by block: copy changes, moved and resized blocks,
reflowed lines, fit before and after, and whether anything else drawn differs.

Blocks are matched by id. A block's place is its outlines in the display list (the
``block`` proof marks: one rectangle an area, several for an irregular story); a line
*reflowed* when it holds the same characters of the copy as before, unchanged, but
starts or ends at a different one (a change earlier in the paragraph, a new measure);
a line that was overset before counts as reflowed too.
"""

from __future__ import annotations

import dataclasses

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ..layout.display import Page, Picture, SetLine
from .texts import Change, CopyDiff, Place, block_copy, diff_copy

Rect = tuple[float, float, float, float]  # x, y, w, h in pt, as the proof marks give it


@dataclass(frozen=True, slots=True)
class Side:
    """One page of the comparison: the built page and how its files are named."""

    page: Page
    resolved: object      # spec.ResolvedPage
    name: object          # str -> str: a file as the report names it
    inputs: dict          # the files it was made from (pipeline.Built.inputs)


@dataclass
class BlockDiff:
    id: str
    kind: str
    status: str                       # same | changed | added | removed
    changes: list[Change] = field(default_factory=list)
    old_rects: tuple[Rect, ...] = ()
    new_rects: tuple[Rect, ...] = ()
    old_area: list[dict] | None = None   # grid units, as in the page file
    new_area: list[dict] | None = None
    reflowed: list[SetLine] = field(default_factory=list)  # new lines that reflowed
    fit_before: dict | None = None
    fit_after: dict | None = None

    @property
    def moved(self) -> bool:
        return bool(self.old_rects and self.new_rects) and self.old_rects != self.new_rects and not self.resized

    @property
    def resized(self) -> bool:
        return bool(self.old_rects and self.new_rects) and _sizes(self.old_rects) != _sizes(self.new_rects)


@dataclass
class PageDiff:
    blocks: list[BlockDiff]
    drawn_differs: bool  # the pages draw differently (also a style, a rule, a picture, the folio …)

    @property
    def differs(self) -> bool:
        return self.drawn_differs or any(b.status != "same" for b in self.blocks)


def compare(old: Side, new: Side) -> PageDiff:
    """Steps: match blocks by id → per block: copy diff, places, reflow, fit →
    compare what else is drawn."""
    old_blocks = {b.id: b for b in old.resolved.spec.blocks}
    new_blocks = {b.id: b for b in new.resolved.spec.blocks}
    order = [*new_blocks, *(i for i in old_blocks if i not in new_blocks)]
    diffs = [_block(old, new, old_blocks.get(i), new_blocks.get(i)) for i in order]
    return PageDiff(diffs, _drawn(old.page) != _drawn(new.page))


def _block(old: Side, new: Side, ob, nb) -> BlockDiff:
    block = nb or ob
    old_copy = block_copy(old.resolved, ob, old.name) if ob else []
    new_copy = block_copy(new.resolved, nb, new.name) if nb else []
    copy = diff_copy(old_copy, new_copy)
    d = BlockDiff(block.id, block.kind, "same", copy.changes,
                  _rects(old.page, block.id) if ob else (), _rects(new.page, block.id) if nb else (),
                  _areas(ob), _areas(nb), fit_before=_fit(old.page, block.id), fit_after=_fit(new.page, block.id))
    if nb is not None and ob is not None:
        d.reflowed = _reflowed(old.page, new.page, block.id, copy)
    if ob is None or nb is None:
        d.status = "added" if ob is None else "removed"
    elif d.changes or d.moved or d.resized or d.reflowed or d.fit_before != d.fit_after:
        d.status = "changed"
    return d


def _rects(page: Page, block: str) -> tuple[Rect, ...]:
    return tuple((round(m.x, 2), round(m.y, 2), round(m.w, 2), round(m.h, 2))
                 for m in page.proof if m.kind == "block" and m.label == block)


def _sizes(rects: tuple[Rect, ...]) -> list[tuple[float, float]]:
    return sorted((r[2], r[3]) for r in rects)


def _areas(block) -> list[dict] | None:
    if block is None:
        return None
    return [{"col": a.col, "cols": a.cols, "row": a.row, "rows": a.rows}
            for a in (block.area, *getattr(block, "more", ()))]


def _fit(page: Page, block: str) -> dict | None:
    r = next((r for r in page.blocks if r.id == block), None)
    if r is None or r.kind != "article":
        return None
    return dataclasses.asdict(r.fit)


def _reflowed(old: Page, new: Page, block: str, copy: CopyDiff) -> list[SetLine]:
    """New lines of ``block`` whose characters are all old, unchanged and in one run,
    but which no old line held exactly."""
    before = {(line.part, line.para, line.start, line.end) for line in old.lines if line.block == block}
    out = []
    for line in new.lines:
        if line.block != block or line.end <= line.start:
            continue
        origin = copy.origin.get((line.part, line.para))
        if origin is None:
            continue
        places = origin[line.start:line.end]
        if _one_run(places):
            first, last = places[0], places[-1]
            if (first.part, first.para, first.offset, last.offset + 1) not in before:
                out.append(line)
    return out


def _one_run(places: list[Place | None]) -> bool:
    if not places or any(p is None for p in places):
        return False
    first = places[0]
    return all(p.para == first.para and p.offset == first.offset + k for k, p in enumerate(places))


def _drawn(page: Page) -> tuple:
    """What a page draws, comparable across two folders: pictures by their bytes."""
    return (page.width, page.height, page.bleed, tuple(_comparable(i) for i in page.items),
            tuple(sorted(page.meta.items())))


def _comparable(item):
    if isinstance(item, Picture):
        digest = hashlib.sha256(Path(item.image.path).read_bytes()).hexdigest() if item.image else None
        return ("picture", item.x, item.y, item.w, item.h, digest, item.label)
    return item
