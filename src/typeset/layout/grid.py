"""Page geometry on the grid: 栏 (columns) and 行 (body lines) to pt rectangles and
baselines. The one place for the column x and span width formulas. One body line is a
cell of ``pitch`` pt; text of size ``s`` sits with its em box centred in the cell, so
rules and boxes between lines fall midway."""

from __future__ import annotations

from dataclasses import dataclass

from ..spec.model import Area
from ..spec.validate import Geometry

EM_BOX_BASELINE = 0.88  # ideographic em box: baseline 0.88 em below its top (Noto CJK)


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def inset(self, dx: float, dy: float = 0.0) -> Rect:
        """The rectangle ``dx`` pt in from the left and right, ``dy`` from top and bottom."""
        return Rect(self.x + dx, self.y + dy, max(0.0, self.w - 2 * dx), max(0.0, self.h - 2 * dy))

    def as_tuple(self) -> tuple[float, float, float, float]:
        return (self.x, self.y, self.w, self.h)


def column_x(g: Geometry, col: int) -> float:
    """Left edge of grid column ``col`` (1-based)."""
    return g.left + (col - 1) * (g.column + g.gutter)


def span_width(g: Geometry, cols: int) -> float:
    """Width of ``cols`` grid columns with the gutters between them."""
    return cols * g.column + (cols - 1) * g.gutter


def area_rect(g: Geometry, area: Area) -> Rect:
    return Rect(column_x(g, area.col), g.top + (area.row - 1) * g.pitch, span_width(g, area.cols),
                area.rows * g.pitch)


def baseline(cell_top: float, pitch: float, size: float) -> float:
    """Baseline of text of ``size`` in a line cell of ``pitch`` starting at ``cell_top``."""
    return cell_top + (pitch - size) / 2 + EM_BOX_BASELINE * size


def split_columns(rect: Rect, n: int, gutter: float) -> list[Rect]:
    """破栏: ``n`` equal text columns with fixed gutters (FounderFX 自由 mode)."""
    w = (rect.w - (n - 1) * gutter) / n
    return [Rect(rect.x + i * (w + gutter), rect.y, w, rect.h) for i in range(n)]
