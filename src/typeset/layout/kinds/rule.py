"""Rules (单线, 双线, 文武线 …) along one edge of their area: between two line cells at
the top or bottom, in the middle of the gutter at the left or right."""

from __future__ import annotations

from ...spec.model import RuleBlock
from ..context import BlockOut, LayoutContext, block_kind
from ..display import Rule
from ..grid import area_rect

# offset from the rule's centre line (pt) and stroke width (pt)
RULE_STYLES = {
    "single": [(0.0, 0.5)],
    "thick": [(0.0, 1.5)],
    "double": [(-1.0, 0.5), (1.0, 0.5)],
    "wenwu": [(-1.4, 0.4), (0.9, 1.6)],   # 文武线: thin over thick
    "wuwen": [(-0.9, 1.6), (1.4, 0.4)],   # 武文线: thick over thin
}


def reach(line: str) -> float:
    """How far (pt) a rule's strokes reach from its centre line."""
    return max(abs(offset) + width / 2 for offset, width in RULE_STYLES[line])


@block_kind("rule")
def rule_block(ctx: LayoutContext, block: RuleBlock) -> BlockOut:
    r = area_rect(ctx.g, block.area)
    half = ctx.g.gutter / 2
    if block.edge in ("top", "bottom"):
        y = r.y if block.edge == "top" else r.bottom  # between two line cells
        ends = (r.x, y, r.right, y)
        normal = (0.0, 1.0)
    else:
        x = r.x - half if block.edge == "left" else r.right + half
        ends = (x, r.y, x, r.bottom)
        normal = (1.0, 0.0)
    out = BlockOut()
    for offset, width in RULE_STYLES[block.line]:
        dx, dy = normal[0] * offset, normal[1] * offset
        out.items.append(Rule(ends[0] + dx, ends[1] + dy, ends[2] + dx, ends[3] + dy, width))
    return out
