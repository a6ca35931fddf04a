"""Blocks against the grid: unique ids, areas inside the 版心, no two blocks on the same
cell (unless ``overlap``), styles that exist, an article's copy given once, and the
numbers of each block within range (:mod:`.ranges`)."""

from __future__ import annotations

from .collect import Collector
from .files import suggest
from .model import ArticleBlock, Figure, PageSpec
from .ranges import check_block_numbers
from .resolved import Geometry, ResolvedStyle


def check_blocks(spec: PageSpec, c: Collector, g: Geometry, styles: dict[str, ResolvedStyle]) -> None:
    seen: dict[str, int] = {}
    cells: dict[tuple[int, int], int] = {}
    for i, block in enumerate(spec.blocks):
        path = ("blocks", i)
        if block.id in seen:
            c.error((*path, "id"), f"block id {block.id!r} is used twice (first by block {seen[block.id] + 1})")
        seen[block.id] = i
        areas = [(("area",), block.area)]
        if isinstance(block, ArticleBlock):
            areas += [(("more", k), extra) for k, extra in enumerate(block.more)]
        for where, a in areas:
            _check_area(c, (*path, *where), block.id, a, g)
        for name, style_path in _style_refs(block):
            if name not in styles:
                c.error((*path, *style_path), f"unknown style {name!r}", suggest(name, styles))
        if isinstance(block, ArticleBlock):
            _check_article(block, c, path)
        check_block_numbers(block, c, path, g, styles)
        if block.kind == "rule" or block.overlap:
            continue
        for where, a in areas:
            clash = next(((col, row) for col in range(a.col, min(a.col + a.cols, g.columns + 1))
                          for row in range(a.row, min(a.row + a.rows, g.lines + 1))
                          if cells.get((col, row), i) != i), None)
            if clash is not None:
                other = spec.blocks[cells[clash]].id
                c.error((*path, *where), f"block {block.id!r} overlaps block {other!r} at column {clash[0]}, "
                        f"line {clash[1]}", "move or shrink one of them, or set `overlap: true` if it is intended")
                continue
            for col in range(a.col, min(a.col + a.cols, g.columns + 1)):
                for row in range(a.row, min(a.row + a.rows, g.lines + 1)):
                    cells[(col, row)] = i


def _check_area(c: Collector, path: tuple, block_id: str, a, g: Geometry) -> None:
    if a.col + a.cols - 1 > g.columns:
        c.error((*path, "cols"),
                f"block {block_id!r} spans columns {a.col}–{a.col + a.cols - 1} but the grid has {g.columns} columns",
                f"reduce 'cols' to {max(1, g.columns - a.col + 1)} or move the block left")
    if a.row + a.rows - 1 > g.lines:
        c.error((*path, "rows"),
                f"block {block_id!r} spans lines {a.row}–{a.row + a.rows - 1} but the grid has {g.lines} lines",
                f"reduce 'rows' to {max(1, g.lines - a.row + 1)} or move the block up")


def _style_refs(block) -> list[tuple[str, tuple]]:
    refs = []
    for key in ("style", "caption_style", "title_style"):
        if hasattr(block, key):
            refs.append((getattr(block, key), (key,)))
    if isinstance(block, ArticleBlock):
        if block.headline:
            h = block.headline
            refs += [(h.kicker_style, ("headline", "kicker_style")), (h.title_style, ("headline", "title_style")),
                     (h.subtitle_style, ("headline", "subtitle_style"))]
        if block.note:
            refs.append((block.note.style, ("note", "style")))
        if block.figure:
            refs.append((block.figure.caption_style, ("figure", "caption_style")))
    return refs


def _check_article(block: ArticleBlock, c: Collector, path: tuple) -> None:
    if block.continued:
        for key in ("body", "text"):
            if getattr(block, key) is not None:
                c.error((*path, key), f"article {block.id!r} is `continued`: its copy comes from the page it "
                        f"continues from", f"remove `{key}`, or `continued: true`")
    elif (block.body is None) == (block.text is None):
        c.error(path, f"article {block.id!r} needs exactly one of 'body' (a file) or 'text' (inline copy)")
    if block.more:
        if "columns" in block.model_fields_set and block.columns != block.area.cols:
            c.error((*path, "columns"), f"an article with `more` areas sets one text column per grid column, "
                    f"so `columns` must be {block.area.cols} here", "remove `columns`")
        if block.figure is not None:
            c.error((*path, "figure"), "a figure inside an irregular (`more`) article is not supported",
                    "place the picture as its own image block beside the article")
    fig: Figure | None = block.figure
    if fig is not None:
        if fig.rows >= block.area.rows:
            c.error((*path, "figure", "rows"), f"the figure is {fig.rows} lines tall but the block has {block.area.rows}")
