"""Flow body lines through a block's regions, on the grid.

A region is a run of free body lines in one text column (an image may cut a column into
two regions). Lines fill the regions in order; when everything fits, the columns are
balanced (clreq ``#handling_of_spaces_before_new_rectos``: same line count, remainder
at the end of the last column). A paragraph's last line alone at the top of a column
(孤行, widow) is avoided by carrying one more line over when the layout can. When
the balanced columns still end unlevel, or leave a widow or a sub-head at a column
foot, the flow gives a sub-head one more line (½ line over and ½ under it; a heading
takes whole body lines, 占行, so the body after it stays on the grid — typography.md
§1.3 after clreq ``#using_type_area_for_composition_in_real_pages``; the half-line
give of the space round a 小标题 is newspaper practice, no stored source): at most
one in a column, where that ends every column level with no widow and no stranded
sub-head (:func:`_spaced`). Pure function: lines in, placements and overset out.
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
    keep: bool = False  # keep with the next line: never the last line of a column (a 小标题)
    room: bool = False  # a sub-head's first line: the flow may give it one more line (½ over, ½ under)


@dataclass(frozen=True, slots=True)
class Placement:
    line: int           # index into the flowed lines
    region: int         # index into regions
    row: int            # row within the region
    offset: float = 0.0  # lines below the row: −½ for a sub-head given one more line (the line above it)


@dataclass(frozen=True, slots=True)
class FlowResult:
    placements: tuple[Placement, ...]
    overset_lines: int
    overset_chars: int
    short_lines: int    # empty lines left at the end of the last region used
    widows: tuple[int, ...] = ()  # lines left alone at the top of a column (孤行)
    stranded: tuple[int, ...] = ()  # keep-with-next lines left at the foot of a column
    spaced: tuple[int, ...] = ()  # sub-heads given one more line to level the feet (their first lines)


def fit(lines: list[FlowLine], regions: list[Region], balance: bool = True) -> FlowResult:
    capacity = sum(r.rows for r in regions)
    n = len(lines)
    quotas = [r.rows for r in regions]
    if balance and 0 < n <= capacity:
        quotas = _level(n, regions)
    quotas, widows = _avoid_widows(lines, regions, quotas, balance and 0 < n <= capacity)
    quotas, stranded = _keep_with_next(lines, regions, quotas, balance and 0 < n <= capacity)
    if balance and 0 < n <= capacity and (widows or stranded or not _is_level(n, regions, quotas)):
        spaced = _spaced(lines, regions)
        if spaced is not None:
            return spaced
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
    return FlowResult(tuple(placements), len(over), sum(l.chars for l in over), 0 if over else short,
                      tuple(w for w in widows if w < i), tuple(s for s in stranded if s < i))


def _level(n: int, regions: list[Region]) -> list[int]:
    """Quotas that end every column on the same line (the highest that holds all ``n``
    lines): columns fill to that level in order, the remainder left at the foot of the
    last one. Equal columns get ⌈n / columns⌉ each; columns of different depth (under a
    picture, in an L-shaped story) end level with one another."""
    quotas, left = [], n
    for cap in _caps(regions, _lowest_level(n, regions)):
        quotas.append(min(cap, left))
        left -= quotas[-1]
    return quotas


def _above(region: Region, level: int) -> int:
    return max(0, min(region.row + region.rows, level) - region.row)


def _avoid_widows(lines: list[FlowLine], regions: list[Region], quotas: list[int],
                  balanced: bool) -> tuple[list[int], list[int]]:
    """Keep the last line of a multi-line paragraph from standing alone at the top of a
    column (孤行). Balanced columns take it back into the column before, or give that
    column's last line away, whichever keeps the column feet as level as before (the
    columns after are balanced again); columns filled in order end one line early.
    Returns the quotas and the lines still left as widows (reported, for the desk to
    cut or add a line), when no move keeps the page as tidy."""
    quotas = list(quotas)
    widows: list[int] = []
    start = 0
    for ri in range(len(quotas) - 1):
        end = start + quotas[ri]
        if _is_widow(lines, end):
            better = _rebalanced(lines, regions, quotas, ri, start) if balanced else \
                _ended_early(lines, regions, quotas, ri)
            if better is None:
                widows.append(end)
            else:
                quotas = better
                end = start + quotas[ri]
        start = end
    return quotas, widows


def _keep_with_next(lines: list[FlowLine], regions: list[Region], quotas: list[int],
                    balanced: bool) -> tuple[list[int], list[int]]:
    """A line to keep with the next (a sub-head) never ends a column when text follows:
    the column ends before it, and it opens the next one (the columns after balanced
    again), if the feet stay as level as they were. Returns the quotas and the lines
    still left at a column foot (reported, for the desk to cut or add a line)."""
    quotas = list(quotas)
    stranded: list[int] = []
    start = 0
    for ri in range(len(quotas) - 1):
        end = start + quotas[ri]
        k = 0
        while end - k - 1 >= start and end < len(lines) and lines[end - k - 1].keep:
            k += 1
        if k:
            q = quotas[ri] - k
            rest = len(lines) - start - q
            after = regions[ri + 1:]
            candidate = None
            if q > 0 and rest <= sum(r.rows for r in after):
                candidate = [*quotas[:ri], q, *(_level(rest, after) if balanced else [r.rows for r in after])]
                if balanced and _rises(regions, candidate) > _rises(regions, quotas):
                    candidate = None  # it would leave a column ending lower than the one before
            if candidate is None:
                stranded.append(end - 1)
            else:
                quotas = candidate
                end = start + q
        start = end
    return quotas, stranded


def _is_widow(lines: list[FlowLine], index: int) -> bool:
    return 0 < index < len(lines) and lines[index].para_end and not lines[index].para_start


def _rebalanced(lines, regions, quotas, ri, start) -> list[int] | None:
    for step in (1, -1):  # take the widow back, else give a companion line away
        q = quotas[ri] + step
        if q > regions[ri].rows or (step == -1 and q < 2):
            continue  # no room to take it back; or giving a line away would strand one
        rest = len(lines) - start - q
        after = regions[ri + 1:]
        if rest < 0 or rest > sum(r.rows for r in after):
            continue
        candidate = [*quotas[:ri], q, *(_level(rest, after) if rest else [0] * len(after))]
        if _is_widow(lines, start + q) or _rises(regions, candidate) > _rises(regions, quotas):
            continue
        return candidate
    return None


def _ended_early(lines, regions, quotas, ri) -> list[int] | None:
    if quotas[ri] <= 2:
        return None  # it would leave a lone line at the foot instead
    q = list(quotas)
    q[ri] -= 1
    start = sum(q[:ri + 1])
    if len(lines) - start > sum(r.rows for r in regions[ri + 1:]):
        return None
    return q


def _rises(regions: list[Region], quotas: list[int]) -> int:
    """How often a column's text ends lower than the column before it (ragged feet)."""
    feet = [r.row + q for r, q in zip(regions, quotas) if q > 0]
    return sum(1 for a, b in zip(feet, feet[1:]) if b > a)


def _is_level(n: int, regions: list[Region], quotas: list[int]) -> bool:
    """Every column ends on the level that holds the ``n`` lines (none short at its foot)."""
    return quotas == _caps(regions, _lowest_level(n, regions))


def _lowest_level(n: int, regions: list[Region]) -> int:
    """The highest line on which the columns, each filled to it, hold ``n`` lines."""
    level = min(r.row for r in regions)
    bottom = max(r.row + r.rows for r in regions)
    while level < bottom and sum(_above(r, level) for r in regions) < n:
        level += 1
    return level


def _caps(regions: list[Region], level: int) -> list[int]:
    return [_above(r, level) for r in regions]


def _spaced(lines: list[FlowLine], regions: list[Region]) -> FlowResult | None:
    """Level feet by the space of sub-heads: the lowest level at which every column is
    exactly full when some sub-heads (at most one a column, never one opening a column)
    take one more line, with no widow at a column top and no sub-head at a column foot.
    None when there is no such level with no more spaced sub-heads than columns."""
    n = len(lines)
    rooms = [i for i, line in enumerate(lines) if line.room]
    bottom = max(r.row + r.rows for r in regions)
    level = _lowest_level(n, regions)
    while level <= bottom:
        caps = _caps(regions, level)
        spare = sum(caps) - n
        if spare > min(len(regions), len(rooms)):
            return None
        plan = _fill_exactly(lines, caps, rooms, spare)
        if plan is not None:
            return _placed(lines, regions, plan)
        level += 1
    return None


def _fill_exactly(lines: list[FlowLine], caps: list[int], rooms: list[int], spare: int
                  ) -> list[tuple[int, int | None]] | None:
    """Each column's (last line + 1, the sub-head spaced in it or None) such that lines
    and spaces fill every column to its cap with ``spare`` spaces in all; found by
    dynamic programming over (column, first line) in reading order."""
    n = len(lines)
    # reach[(j, i, s)]: columns 0..j-1 hold lines 0..i-1 exactly with s spaces; the value
    # points back: (first line of column j-1, spaces before it, the sub-head spaced in it)
    reach: dict[tuple[int, int, int], tuple[int, int, int | None] | None] = {(0, 0, 0): None}
    frontier = [(0, 0)]
    for j, cap in enumerate(caps):
        nxt = []
        for i, s in frontier:
            for space in (0, 1):
                e = i + cap - space
                if e > n or s + space > spare or (space and cap == 0):
                    continue
                room = None
                if space:
                    room = next((t for t in reversed(rooms) if i < t < e), None)
                    if room is None:
                        continue
                if i < e < n and (lines[e - 1].keep or _is_widow(lines, e)):
                    continue  # a sub-head at the foot, or a widow atop the next column
                key = (j + 1, e, s + space)
                if key not in reach:
                    reach[key] = (i, s, room)
                    nxt.append((e, s + space))
        frontier = nxt
    end = (len(caps), n, spare)
    if end not in reach:
        return None
    plan = []
    j, e, s = end
    while j > 0:
        i, s_before, room = reach[(j, e, s)]
        plan.append((e, room))
        j, e, s = j - 1, i, s_before
    return plan[::-1]


def _placed(lines: list[FlowLine], regions: list[Region], plan: list[tuple[int, int | None]]) -> FlowResult:
    """The placements of a plan: a spaced sub-head's lines a row lower and ½ line back
    up, the line it was given split over and under it."""
    placements = []
    start = 0
    for ri, (end, room) in enumerate(plan):
        row = 0
        for i in range(start, end):
            row += i == room
            head = room is not None and room <= i and all(lines[k].keep for k in range(room, i + 1))
            placements.append(Placement(i, ri, row, -0.5 if head else 0.0))
            row += 1
        start = end
    spaced = tuple(room for _, room in plan if room is not None)
    return FlowResult(tuple(placements), 0, 0, 0, (), (), spaced)
