"""The regions an article's body flows through: its text columns (破栏 inside a
rectangle, or one per grid column of an irregular story) and the runs of free body lines
in each, after a figure or the head of the story has taken its lines. The flow itself
(which line goes where) is :mod:`typeset.layout.flow`."""

from __future__ import annotations

from ..spec.model import ArticleBlock, Figure
from ..spec.validate import Geometry
from .flow import Region
from .grid import Rect, column_x, split_columns


def body_regions(g: Geometry, block: ArticleBlock, body: Rect, head_rows: int,
                 inset: float = 0.0) -> tuple[list[Rect], list[Region]]:
    """Text columns and regions of an article's body below its first ``head_rows`` lines."""
    if block.more:
        return shape_regions(g, block, head_rows)
    columns = split_columns(body.inset(inset), block.columns, g.gutter)
    return columns, figure_regions(block.figure, len(columns), block.area.rows - head_rows)


def shape_regions(g: Geometry, block: ArticleBlock, head_rows: int) -> tuple[list[Rect], list[Region]]:
    """Text columns and regions of an irregular article: the union of its ``area`` and
    ``more`` rectangles, one text column per grid column, each read top to bottom, the
    columns left to right (how a reader follows an L-shaped story). The top
    ``head_rows`` lines of the main area belong to its label, headline and note.
    Region rows are relative to the body top in the main area (an extra rectangle
    reaching higher gets negative rows)."""
    main = block.area
    areas = [main, *block.more]
    first = min(a.col for a in areas)
    last = max(a.col + a.cols for a in areas)
    body_top = main.row + head_rows
    columns, regions = [], []
    for col in range(first, last):
        rows = sorted({r for a in areas if a.col <= col < a.col + a.cols for r in range(a.row, a.row + a.rows)}
                      - ({*range(main.row, body_top)} if main.col <= col < main.col + main.cols else set()))
        if not rows:
            continue
        ci = len(columns)
        columns.append(Rect(column_x(g, col), 0.0, g.column, 0.0))
        start = prev = rows[0]
        for r in [*rows[1:], None]:
            if r is not None and r == prev + 1:
                prev = r
                continue
            regions.append(Region(ci, start - body_top, prev - start + 1))
            if r is not None:
                start = prev = r
    return columns, regions


def clear_top(regions: list[Region], columns: set[int], rows: int) -> list[Region]:
    """The regions less the first ``rows`` body lines of the text ``columns`` (a box at
    the top of the body, such as a narrow 编者按, and its line of air)."""
    out = []
    for r in regions:
        if r.column in columns and r.row < rows:
            r = Region(r.column, rows, r.row + r.rows - rows)
        if r.rows > 0:
            out.append(r)
    return out


def figure_regions(fig: Figure | None, n: int, rows: int) -> list[Region]:
    """One region a column, less the figure's lines (and one line of air) where it sits."""
    regions = []
    for ci in range(n):
        if fig is None or not figure_covers(fig, ci, n):
            regions.append(Region(ci, 0, rows))
        elif fig.position.startswith("top"):
            regions.append(Region(ci, fig.rows + 1, rows - fig.rows - 1))
        else:
            regions.append(Region(ci, 0, rows - fig.rows - 1))
    return [r for r in regions if r.rows > 0]


def figure_covers(fig: Figure, ci: int, n: int) -> bool:
    first = 0 if fig.position.endswith("left") else n - min(fig.cols, n)
    return first <= ci < first + fig.cols


def figure_rect(fig: Figure, columns: list[Rect], body: Rect, rows: int, pitch: float) -> Rect:
    """Where the figure sits: over the text columns it covers, at the top or the foot."""
    covered = [c for ci, c in enumerate(columns) if figure_covers(fig, ci, len(columns))]
    x, w = covered[0].x, covered[-1].right - covered[0].x
    height = min(fig.rows, max(rows, 0))
    top_row = 0 if fig.position.startswith("top") else max(rows, 0) - height
    return Rect(x, body.y + top_row * pitch, w, height * pitch)
