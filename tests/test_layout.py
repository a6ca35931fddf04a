"""Layout numbers on purpose-built pages in the test font (tests/testfont.py): capacity,
lines used, 超版 (overset lines and characters), 缺行 (short lines), widows, shapes."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from testfont import build_test_font

from typeset.pipeline import build
from typeset.layout.flow import FlowLine, Region, fit

FONTS = "fonts:\n" + "".join(f"  {r}: {{file: test.ttf}}\n" for r in
                             ("song", "song-bold", "song-heavy", "hei", "hei-bold", "kai"))


@pytest.fixture(scope="module")
def font(tmp_path_factory) -> Path:
    return build_test_font(tmp_path_factory.mktemp("font") / "test.ttf")


def report(tmp_path: Path, font: Path, area: str, copy: str, extra: str = ""):
    (tmp_path / "test.ttf").write_bytes(font.read_bytes())
    (tmp_path / "a.md").write_text(copy, encoding="utf-8")
    (tmp_path / "page.yaml").write_text(
        f"extends: tabloid\n{FONTS}blocks:\n  - id: a\n    kind: article\n    area: {area}\n"
        f"    body: a.md\n{extra}", encoding="utf-8")
    page = build(tmp_path / "page.yaml").page
    block = next(b for b in page.blocks if b.id == "a")
    return block, page


HAN = "一二三四五六七八九十"


def han(n: int) -> str:
    return (HAN * (n // 10 + 1))[:n]


# a tabloid column holds 11 body characters; a paragraph's first line 9 (2-em indent)
CASES = [
    # area, copy, columns, (capacity, used, overset lines, overset chars, short)
    ("{col: 1, cols: 1, row: 1, rows: 5}", han(9), 1, (5, 1, 0, 0, 4)),
    ("{col: 1, cols: 1, row: 1, rows: 5}", han(9 + 11 * 4), 1, (5, 5, 0, 0, 0)),
    # one character over: 孤字 control takes one more onto the overset line, so 1 line of 2
    ("{col: 1, cols: 1, row: 1, rows: 5}", han(9 + 11 * 4 + 1), 1, (5, 5, 1, 2, 0)),
    ("{col: 1, cols: 2, row: 1, rows: 5}", han(9 + 11 * 12), 2, (10, 10, 3, 33, 0)),
    # short: every empty line of the block, all columns (the band under level feet and the rest)
    ("{col: 1, cols: 2, row: 1, rows: 5}", han(9 + 11 * 5), 2, (10, 6, 0, 0, 4)),   # balanced 3 + 3
    ("{col: 1, cols: 3, row: 1, rows: 5}", han(9 + 11 * 6), 3, (15, 7, 0, 0, 8)),   # 3 + 3 + 1
    ("{col: 1, cols: 2, row: 1, rows: 5}", han(9) + "\n\n" + han(9), 2, (10, 2, 0, 0, 8)),
]


@pytest.mark.parametrize(("area", "copy", "columns", "expected"), CASES)
def test_overset_and_short_counts(tmp_path, font, area, copy, columns, expected):
    block, _ = report(tmp_path, font, area, copy, f"    columns: {columns}\n")
    f = block.fit
    assert (f.capacity_lines, f.used_lines, f.overset_lines, f.overset_chars, f.short_lines) == expected
    assert f.short_chars == f.short_lines * 11  # ≈ characters: 11 a tabloid column line


def test_unbalanced_block_fills_columns_in_order(tmp_path, font):
    block, page = report(tmp_path, font, "{col: 1, cols: 2, row: 1, rows: 5}", han(9 + 11 * 5),
                         "    columns: 2\n    balance: false\n")
    # 5 + 1 would leave the paragraph's last line alone atop column 2 (a widow): 4 + 2
    assert (block.fit.used_lines, block.fit.short_lines) == (6, 4)
    tops = sorted({r.y for r in page.items if r.x > 170})
    assert len(tops) == 2


@settings(max_examples=300, deadline=None)
@given(st.lists(st.integers(1, 9), min_size=1, max_size=8), st.integers(2, 4), st.integers(3, 12),
       st.booleans())
def test_widows_are_avoided_or_reported(paragraphs, columns, rows, balance):
    lines = [FlowLine(11, i == n - 1, i == 0) for n in paragraphs for i in range(n)]
    regions = [Region(c, 0, rows) for c in range(columns)]
    result = fit(lines, regions, balance)
    placed = [p.line for p in result.placements]
    assert placed == list(range(len(placed)))                      # reading order kept
    if len(lines) <= columns * rows:
        assert result.overset_lines == 0
    firsts = {}
    for p in result.placements:
        firsts.setdefault(p.region, p.line)
    at_top = {line for region, line in firsts.items()
              if region and lines[line].para_end and not lines[line].para_start}
    assert at_top == set(result.widows)                             # none left unreported


def per_column(result, columns: int) -> list[int]:
    return [sum(1 for p in result.placements if p.region == c) for c in range(columns)]


def test_balanced_columns_stay_level_rather_than_move_a_widow():
    # 3 columns × 6, 16 lines: 6 + 6 + 4 puts the 2nd paragraph's last line atop column 2;
    # moving it (5 + 6 + 5) would leave column 2 lower than column 1: kept, and reported
    lines = [FlowLine(11, i == n - 1, i == 0) for n in (5, 2, 9) for i in range(n)]
    result = fit(lines, [Region(c, 0, 6) for c in range(3)])
    assert per_column(result, 3) == [6, 6, 4] and result.widows == (6,)


def test_balanced_widow_taken_back_when_the_feet_stay_tidy():
    # 2 columns × 6, 6 lines (4 + 2): 3 + 3 opens column 2 with a last line; 4 + 2 is tidy
    lines = [FlowLine(11, i == n - 1, i == 0) for n in (4, 2) for i in range(n)]
    result = fit(lines, [Region(c, 0, 6) for c in range(2)])
    assert per_column(result, 2) == [4, 2] and result.widows == ()


def test_l_shaped_article_counts_every_rectangle(tmp_path, font):
    extra = "    more:\n      - {col: 1, cols: 1, row: 6, rows: 5}\n"
    block, page = report(tmp_path, font, "{col: 1, cols: 2, row: 1, rows: 5}", han(9 + 11 * 20), extra)
    # column 1 runs 10 lines (both rectangles), column 2 five: 15 lines for 21
    f = block.fit
    assert (f.capacity_lines, f.used_lines, f.overset_lines, f.overset_chars) == (15, 15, 6, 66)


def test_note_in_columns_inside_its_box(tmp_path, font):
    note = "    note: {label: 甲乙, columns: 2, text: " + han(40) + "}\n    columns: 2\n"
    block, page = report(tmp_path, font, "{col: 1, cols: 4, row: 1, rows: 12}", han(20), note)
    # inside the 423 pt box, 9 pt padding: two columns of 198 pt (22 characters), 9 pt apart;
    # label, ideographic space and 19 characters fill the first, the other 21 the second
    first_line = sorted((r.x, r.text) for r in page.items if abs(r.y - 83.68) < 0.01)
    assert first_line[0] == (pytest.approx(79.26, abs=0.01), "甲")
    column2 = [x for x, _ in first_line if x > 280]
    assert column2[0] == pytest.approx(79.26 + 198 + 9, abs=0.01) and len(column2) == 21
    box = next(r for r in page.items if type(r).__name__ == "Box")
    assert box.h == pytest.approx(1.5 * 13.5)  # one line a column and half a line of air


def test_a_sub_head_never_ends_a_column_when_it_can_move():
    # columns of 4, filled in order: the head (line 3) would end column 1; it opens column 2
    lines = [FlowLine(11, i == 2, i == 0) for i in range(3)] + [FlowLine(5, True, True, keep=True)] + \
            [FlowLine(11, i == 2, i == 0) for i in range(3)]
    result = fit(lines, [Region(c, 0, 4) for c in range(2)], balance=False)
    assert per_column(result, 2) == [3, 4] and result.stranded == ()


def test_a_sub_head_that_cannot_move_is_reported():
    # 2 × 4 full: moving the head would push a line out of the block
    lines = [FlowLine(11, i == 2, i == 0) for i in range(3)] + [FlowLine(5, True, True, keep=True)] + \
            [FlowLine(11, i == 3, i == 0) for i in range(4)]
    result = fit(lines, [Region(c, 0, 4) for c in range(2)], balance=False)
    assert per_column(result, 2) == [4, 4] and result.stranded == (3,)


@pytest.mark.parametrize(("lines", "columns", "expected"), [
    (4, 3, [2, 1, 1]), (6, 4, [2, 2, 1, 1]), (4, 4, [1, 1, 1, 1]), (9, 3, [3, 3, 3]), (2, 3, [1, 1, 0])])
def test_note_columns_are_balanced_none_left_empty_beside_full_ones(lines, columns, expected):
    from typeset.layout.kinds.note import _places

    places = _places(lines, columns, -(-lines // columns))
    assert [sum(1 for c, _ in places if c == k) for k in range(columns)] == expected
    assert places == sorted(places)  # reading order: down each column, then the next


def test_padding_keeps_text_off_the_frame(tmp_path, font):
    (tmp_path / "test.ttf").write_bytes(font.read_bytes())
    page = tmp_path / "page.yaml"
    for padding, inset in (("", 4.5), ("    padding: 1字\n", 9.0)):  # default ½字 when framed
        page.write_text(f"extends: tabloid\n{FONTS}blocks:\n  - id: t\n    kind: text\n"
                        f"    area: {{col: 1, cols: 1, row: 1, rows: 4}}\n    frame: true\n    align: start\n"
                        f"    lines: [一二三四五六七八九十一二三]\n{padding}", encoding="utf-8")
        built = build(page).page
        (report,) = built.blocks
        x, y, w, h = report.areas[0]
        runs = [r for r in built.items if type(r).__name__ == "TextRun"]
        assert min(r.x for r in runs) == pytest.approx(x + inset)
        assert max(r.x for r in runs) + 9 <= x + w - inset + 0.01  # wrapped inside the padding


def test_a_line_longer_than_the_readable_measure_is_a_warning(tmp_path, font):
    block, page = report(tmp_path, font, "{col: 1, cols: 6, row: 1, rows: 5}", han(40))
    (finding,) = [d for d in page.diagnostics if d.code == "measure"]
    assert finding.severity == "warning" and finding.block == "a" and page.ok
    assert finding.numbers["limit"] == 28 and finding.numbers["chars"] > 28


def test_a_narrow_note_sits_at_the_top_left_and_the_body_runs_beside_and_under_it(tmp_path, font):
    note = "    note: {label: 甲乙, cols: 2, text: " + han(40) + "}\n    columns: 4\n"
    block, page = report(tmp_path, font, "{col: 1, cols: 4, row: 1, rows: 12}", han(9 + 11 * 40), note)
    box = next(r for r in page.items if type(r).__name__ == "Box")
    runs = [r for r in page.items if type(r).__name__ == "TextRun"]
    top = box.y
    # two text columns of 11 characters and their gutter: 207 pt; text 1字 inside: 21 a line,
    # label, ideographic space and 40 characters in 3 lines; the box 3 lines and half a line of
    # air above and below; one empty line under it
    assert box.w == pytest.approx(2 * 99 + 9) and box.h == pytest.approx(4 * 13.5)
    note_lines = sorted({round(r.y, 2) for r in runs if r.x < box.x + box.w and r.y < top + box.h})
    assert len(note_lines) == 3
    body_left = sorted({round(r.y, 2) for r in runs if r.x < box.x + box.w and r.y > top + box.h})
    body_right = sorted({round(r.y, 2) for r in runs if r.x > box.x + box.w + 9})
    assert body_left[0] - body_right[0] == pytest.approx(5 * 13.5)  # under the box and its line of air
    assert len(body_left) == 12 - 5 and len(body_right) == 12
    f = block.fit
    assert (f.capacity_lines, f.used_lines) == (4 * 12 - 2 * 5, 4 * 12 - 2 * 5)
    assert [d.code for d in page.diagnostics] == ["overset"]  # the copy is longer than the block



@pytest.mark.parametrize("position, fig_cols", [("bottom-left", 2), ("bottom-left", 1), ("bottom-right", 3)])
def test_a_narrow_note_never_runs_into_a_figure_at_the_foot_of_its_columns(tmp_path, font, position, fig_cols):
    """A note beside the body that is too long to stand above a figure at the foot of the
    same columns is overflow (an error at its text), its box ending a line above the
    picture: never printed under it (it was, with `paiban check` ok)."""
    note = (f"    note: {{cols: 2, text: {han(300)}}}\n    columns: 4\n"
            f"    figure: {{cols: {fig_cols}, rows: 8, position: {position}}}\n")
    block, page = report(tmp_path, font, "{col: 1, cols: 4, row: 1, rows: 14}", han(60), note)
    box = next(r for r in page.items if type(r).__name__ == "Box" and r.stroke)
    picture = next(r for r in page.items if type(r).__name__ in ("Picture", "Box") and r is not box
                   and r.h == pytest.approx(8 * 13.5, abs=14))
    assert box.y + box.h <= picture.y - 13.5 + 0.01  # a line of air over the picture
    runs = [r for r in page.items if type(r).__name__ == "TextRun" and box.x <= r.x < box.x + box.w]
    assert all(r.y < picture.y for r in runs if r.x < picture.x + picture.w and r.x >= picture.x - 1)
    assert any(d.code == "overflow" and d.severity == "error" and "编者按" in d.message for d in page.diagnostics)

def test_text_over_its_own_blocks_picture_is_a_collision(tmp_path, font, monkeypatch):
    """The geometry check's net under layout: a block whose text lands on its own picture
    (here the note laid out as before the fix above, down over the figure) is an error,
    so `paiban check` cannot pass such a page."""
    from typeset.layout.kinds import article

    monkeypatch.setattr(article, "_beside_rows", lambda block, n, rows: rows)
    note = (f"    note: {{cols: 2, text: {han(300)}}}\n    columns: 4\n"
            f"    figure: {{cols: 2, rows: 8, position: bottom-left}}\n")
    _, page = report(tmp_path, font, "{col: 1, cols: 4, row: 1, rows: 14}", han(60), note)
    found = [d for d in page.diagnostics if d.code == "collision"]
    assert len(found) == 1 and found[0].severity == "error" and "over its own picture" in found[0].message
    assert not page.ok
