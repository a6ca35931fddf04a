"""Page geometry on the grid: 栏 (columns) and 行 (body lines) to pt rectangles and
baselines. One body line is a cell of ``pitch`` pt; text of size ``s`` sits with its
em box centred in the cell, so rules and boxes between lines fall midway."""

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


def area_rect(g: Geometry, area: Area) -> Rect:
    x = g.left + (area.col - 1) * (g.column + g.gutter)
    w = area.cols * g.column + (area.cols - 1) * g.gutter
    y = g.top + (area.row - 1) * g.pitch
    return Rect(x, y, w, area.rows * g.pitch)


def baseline(cell_top: float, pitch: float, size: float) -> float:
    """Baseline of text of ``size`` in a line cell of ``pitch`` starting at ``cell_top``."""
    return cell_top + (pitch - size) / 2 + EM_BOX_BASELINE * size


def split_columns(rect: Rect, n: int, gutter: float) -> list[Rect]:
    """破栏: ``n`` equal text columns with fixed gutters (FounderFX 自由 mode)."""
    w = (rect.w - (n - 1) * gutter) / n
    return [Rect(rect.x + i * (w + gutter), rect.y, w, rect.h) for i in range(n)]
