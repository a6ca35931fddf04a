"""Flow body lines through a block's regions, on the grid.

A region is a run of free body lines in one text column (an image may cut a column into
two regions). Lines fill the regions in order; when everything fits, the columns are
balanced (clreq ``#handling_of_spaces_before_new_rectos``: same line count, remainder
at the end of the last column). A paragraph's last line alone at the top of a column
(孤行, widow) is avoided by carrying one more line over when the layout can.
Pure function: lines in, placements and overset out.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Region:
    column: int     # text column index
    row: int        # first body line of the region, relative to the block's body top
    rows: int       # capacity in lines


@dataclass(frozen=True, slots=True)
class FlowLine:
    chars: int          # characters on the line (for overset counts)
    para_end: bool      # last line of its paragraph
    para_start: bool


@dataclass(frozen=True, slots=True)
class Placement:
    line: int           # index into the flowed lines
    region: int         # index into regions
    row: int            # row within the region


@dataclass(frozen=True, slots=True)
class FlowResult:
    placements: tuple[Placement, ...]
    overset_lines: int
    overset_chars: int
    short_lines: int    # empty lines left at the end of the last region used


def fit(lines: list[FlowLine], regions: list[Region], balance: bool = True) -> FlowResult:
    capacity = sum(r.rows for r in regions)
    n = len(lines)
    quotas = [r.rows for r in regions]
    if balance and 0 < n <= capacity:
        quotas = _level(n, regions)
    quotas = _avoid_widows(lines, regions, quotas)
    placements = []
    i = 0
    for ri, quota in enumerate(quotas):
        for row in range(quota):
            if i >= n:
                break
            placements.append(Placement(i, ri, row))
            i += 1
    over = lines[i:]
    if balance:
        # 缺行: empty lines under the text, at the foot of the deepest column
        deepest = max((r.row + r.rows for r in regions), default=0)
        used = max((regions[p.region].row + p.row + 1 for p in placements), default=min(
            (r.row for r in regions), default=0))
        short = deepest - used
    else:
        last = placements[-1].region if placements else -1
        used_last = sum(1 for p in placements if p.region == last)
        short = (regions[last].rows - used_last if last >= 0 else 0) + sum(r.rows for r in regions[last + 1:])
    return FlowResult(tuple(placements), len(over), sum(l.chars for l in over), 0 if over else short)


def _level(n: int, regions: list[Region]) -> list[int]:
    """Quotas that end every column on the same line (the highest that holds all ``n``
    lines): columns fill to that level in order, the remainder left at the foot of the
    last one. Equal columns get ⌈n / columns⌉ each; columns of different depth (under a
    picture, in an L-shaped story) end level with one another."""
    top = min(r.row for r in regions)
    bottom = max(r.row + r.rows for r in regions)
    level = top
    while level < bottom and sum(_above(r, level) for r in regions) < n:
        level += 1
    quotas, left = [], n
    for r in regions:
        q = min(_above(r, level), left)
        quotas.append(q)
        left -= q
    return quotas


def _above(region: Region, level: int) -> int:
    return max(0, min(region.row + region.rows, level) - region.row)


def _avoid_widows(lines: list[FlowLine], regions: list[Region], quotas: list[int]) -> list[int]:
    """If a region would open with the last line of a multi-line paragraph (孤行), take
    that line back into the region before when it has room and stays no longer than
    the column before it (balanced columns: longer first, the remainder at the foot of
    the last); else end that region one line early so the line keeps its paragraph
    company; else take it back anyway."""
    quotas = list(quotas)
    start = 0
    for ri in range(len(quotas) - 1):
        end = start + quotas[ri]
        if 0 < end < len(lines) and lines[end].para_end and not lines[end].para_start:
            longer_first = ri == 0 or quotas[ri] < quotas[ri - 1]
            can_take = quotas[ri] < regions[ri].rows
            if can_take and longer_first:
                quotas[ri] += 1
                end += 1
            elif quotas[ri] > 2 and _room_after(quotas, regions, ri + 1, len(lines) - end + 1):
                quotas[ri] -= 1
                end -= 1
            elif can_take:
                quotas[ri] += 1
                end += 1
        start = end
    return quotas


def _room_after(quotas: list[int], regions: list[Region], first: int, need: int) -> bool:
    room = sum(regions[k].rows for k in range(first, len(regions)))
    if room < need:
        return False
    # take the line into the next quota if balancing had limited it
    extra = need - sum(quotas[first:])
    if extra > 0:
        for k in range(first, len(regions)):
            add = min(extra, regions[k].rows - quotas[k])
            quotas[k] += add
            extra -= add
    return True


