"""Level feet (issue 15): when balanced columns would end unlevel, or leave a widow or a
sub-head at a column foot, the flow gives a sub-head one more line (½ over, ½ under) — at
most one a column — where that ends every column on one line; otherwise it reports.
Fit figures on purpose-built flows and on the 劳动者之窗 example."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.layout.flow import FlowLine, Region, fit

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "laodongzhe" / "page.yaml"


def para(n: int) -> list[FlowLine]:
    return [FlowLine(11, i == n - 1, i == 0) for i in range(n)]


def head(n: int = 1) -> list[FlowLine]:
    return [FlowLine(8, i == n - 1, i == 0, keep=True, room=i == 0) for i in range(n)]


def feet(result, regions) -> list[int]:
    """The line under the last line set in each region (its foot), spaces counted."""
    last = {}
    for p in result.placements:
        last[p.region] = max(last.get(p.region, 0), p.row + 1)
    return [regions[ri].row + last.get(ri, 0) for ri in range(len(regions))]


def test_a_sub_head_given_a_line_levels_the_feet():
    # 9 lines in 2 × 5: balanced they end 5 and 4; the sub-head in column 1 takes one more
    # line (½ over, ½ under it), and both columns end on line 5
    lines = para(2) + head() + para(6)
    regions = [Region(0, 0, 5), Region(1, 0, 5)]
    result = fit(lines, regions)
    assert result.spaced == (2,) and feet(result, regions) == [5, 5]
    rows = {p.line: (p.region, p.row, p.offset) for p in result.placements}
    assert rows[1] == (0, 1, 0.0) and rows[2] == (0, 3, -0.5) and rows[3] == (0, 4, 0.0)
    assert [rows[i][:2] for i in range(4, 9)] == [(1, r) for r in range(5)]
    assert (result.overset_lines, result.short_lines, result.widows, result.stranded) == (0, 0, (), ())


def test_an_l_shaped_story_ends_level_in_every_column():
    # columns 1–2 run 10 lines, column 3 only the foot (lines 7–10): 23 lines end 10, 10, 9
    # balanced; a sub-head given a line ends all three on line 10
    lines = para(3) + head() + para(6) + head() + para(5) + head() + para(6)
    regions = [Region(0, 0, 10), Region(1, 0, 10), Region(2, 6, 4)]
    fixed = [FlowLine(l.chars, l.para_end, l.para_start, l.keep) for l in lines]
    assert feet(fit(fixed, regions), regions) == [10, 10, 9]
    result = fit(lines, regions)
    assert feet(result, regions) == [10, 10, 10] and len(result.spaced) == 1
    assert (result.widows, result.stranded, result.short_lines) == ((), (), 0)


def test_level_copy_is_left_as_it_is():
    lines = para(2) + head() + para(7)
    regions = [Region(0, 0, 5), Region(1, 0, 5)]
    result = fit(lines, regions)
    assert result.spaced == () and feet(result, regions) == [5, 5]
    assert all(p.offset == 0 for p in result.placements)


def test_a_stranded_sub_head_moves_to_the_next_column_on_the_space_of_another():
    # 11 lines in 2 × 6: balanced 6 + 5, the second sub-head (line 5) ends column 1, and
    # moving it alone would end column 2 lower; the first sub-head takes one more line, so
    # column 1 ends before the second, which opens column 2: both end on line 6
    lines = para(2) + head() + para(2) + head() + para(5)
    regions = [Region(0, 0, 6), Region(1, 0, 6)]
    fixed = [FlowLine(l.chars, l.para_end, l.para_start, l.keep) for l in lines]  # no space to give
    assert fit(fixed, regions).stranded == (5,)
    result = fit(lines, regions)
    assert feet(result, regions) == [6, 6] and result.stranded == () and result.widows == ()
    assert result.spaced == (2,) and [p.region for p in result.placements].count(0) == 5


def test_no_arrangement_is_reported():
    # 2 × 4 exactly full, the sub-head at the foot of column 1, no room to give it a line
    lines = para(3) + head() + para(4)
    regions = [Region(0, 0, 4), Region(1, 0, 4)]
    result = fit(lines, regions)
    assert result.spaced == () and result.stranded == (3,)


def test_a_head_that_no_space_can_move_is_still_reported():
    # 8 lines in 2 × 5: level 4 strands the sub-head (line 3) at the foot of column 1; level 5
    # has 2 lines to spare but column 2 has no sub-head to take one, and a column takes one at most
    lines = para(1) + head() + para(1) + head() + para(1) + para(3)
    regions = [Region(0, 0, 5), Region(1, 0, 5)]
    result = fit(lines, regions)
    assert result.spaced == () and result.stranded == (3,)


@st.composite
def copy(draw):
    lines: list[FlowLine] = []
    for _ in range(draw(st.integers(1, 8))):
        if draw(st.booleans()):
            lines += head(draw(st.integers(1, 2)))
        lines += para(draw(st.integers(1, 6)))
    return lines


@settings(max_examples=300, deadline=None)
@given(copy(), st.integers(1, 4), st.integers(3, 12), st.integers(0, 4))
def test_spaced_flows_are_level_with_no_widow_and_no_stranded_head(lines, columns, rows, cut):
    # the first column may start lower (a picture or a note over it)
    regions = [Region(c, cut if c == 0 else 0, rows - (cut if c == 0 else 0)) for c in range(columns)]
    regions = [r for r in regions if r.rows > 0]
    result = fit(lines, regions)
    if not result.spaced:
        return
    assert [p.line for p in result.placements] == list(range(len(lines)))
    level = max(feet(result, regions))
    assert all(f == min(level, r.row + r.rows) for f, r in zip(feet(result, regions), regions))
    by_region: dict[int, list] = {}
    for p in result.placements:
        by_region.setdefault(p.region, []).append(p)
    for ri, placed in by_region.items():
        rows_used = [p.row for p in placed]
        assert len(set(rows_used)) == len(rows_used) and max(rows_used) < regions[ri].rows
        assert sum(1 for p in placed if p.line in result.spaced) <= 1
        assert placed[0].line not in result.spaced  # never a space over a column's first line
        last = placed[-1].line
        assert last == len(lines) - 1 or not lines[last].keep  # no sub-head at a column foot
        assert placed[0].line == 0 or not (lines[placed[0].line].para_end and not lines[placed[0].line].para_start)
    assert all(lines[i].room for i in result.spaced)


def test_the_example_ends_level_under_the_photo_with_no_finding():
    from typeset.pipeline import build

    page = build(EXAMPLE).page
    assert not page.diagnostics
    block = next(b for b in page.blocks if b.id == "lead")
    f = block.fit
    # 8 columns of 76 body lines: the 编者按 box takes 7 lines of columns 1–2, the photo 63 of
    # 3–8 (216 lines left); 215 lines of copy and 1 sub-head given a line fill them level
    assert (f.capacity_lines, f.used_lines, f.overset_lines, f.short_lines) == (216, 215, 0, 0)
    x0 = block.areas[0][0]
    pitch = 117 + 9  # broadsheet: a column of 13 小五 characters and its 1-character gutter
    body = [r for r in page.items if type(r).__name__ == "TextRun" and r.size == 9 and r.y > 500]
    last = {}
    for r in body:
        column = int((r.x - x0 + 4.5) // pitch)  # a line-start “ sets ½ em out (its blank)
        last[column] = max(last.get(column, 0), r.y)
    assert len(last) == 8 and max(last.values()) - min(last.values()) == pytest.approx(0, abs=0.01)
