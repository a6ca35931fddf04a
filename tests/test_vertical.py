"""竖排 (vertical) text blocks, set in the test font (tests/testfont.py: Han and
full-width marks 1 em, ASCII ½ em) so every position is an exact multiple of the size:
columns broken by the composer to the block's height, right to left, tops on the
block's top; 禁则 at column ends; 纵中横 digits; turned Latin; compressed marks;
overflow; and the PDF read back with pdfplumber."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from testfont import FOOT_INK, HEAD_INK, build_test_font

from typeset.layout.display import TextRun
from typeset.layout.grid import EM_BOX_BASELINE
from typeset.layout.transcript import transcript
from typeset.pipeline import build
from typeset.render import render_pdf
from typeset.text.classes import NO_END, NO_START
from typeset.text.vertical import VERTICAL_FORMS, tate_chu_yoko

FONTS = "fonts:\n" + "".join(f"  {r}: {{file: test.ttf}}\n" for r in
                             ("song", "song-bold", "song-heavy", "hei", "hei-bold", "kai"))
SIZE, PITCH = 9.0, 13.5  # the tabloid's body: 4 rows of the grid are 6 em


@pytest.fixture(scope="module")
def font(tmp_path_factory) -> Path:
    return build_test_font(tmp_path_factory.mktemp("font") / "test.ttf")


def vertical(tmp_path: Path, font: Path, lines: list[str], rows: int = 4, cols: int = 2, align: str = "",
             style: str = ""):
    """Build a page with one vertical text block; return its runs, its area and the page."""
    (tmp_path / "test.ttf").write_bytes(font.read_bytes())
    quoted = ", ".join(f'"{t}"' for t in lines)
    (tmp_path / "page.yaml").write_text(
        f"extends: tabloid\n{FONTS}styles:\n  竖: {{font: song, size: {SIZE:g}pt, leading: {PITCH:g}pt{style}}}\n"
        f"blocks:\n  - id: v\n    kind: text\n    area: {{col: 1, cols: {cols}, row: 1, rows: {rows}}}\n"
        f"    style: 竖\n    vertical: true\n{align}    lines: [{quoted}]\n", encoding="utf-8")
    page = build(tmp_path / "page.yaml").page
    report = next(b for b in page.blocks if b.id == "v")
    runs = [r for r in page.items[report.items[0]:report.items[1]] if isinstance(r, TextRun)]
    return runs, report.areas[0], page


def columns(runs: list[TextRun]) -> list[list[TextRun]]:
    """Runs grouped by column (their em cell's left edge), right to left, each top to bottom."""
    cells: dict[int, list[TextRun]] = {}
    x0 = min(r.x for r in runs)
    for r in runs:  # a run stands at most ½ em into its cell
        cells.setdefault(round((r.x - x0) / PITCH), []).append(r)
    return [sorted(cells[k], key=lambda r: r.y) for k in sorted(cells, reverse=True)]


def top(r: TextRun) -> float:
    """Where a run starts down the column: an upright glyph's em box top, a turned run's origin."""
    return r.y if r.angle else r.y - EM_BOX_BASELINE * r.size


def text_of(col: list[TextRun]) -> str:
    return "".join(r.text for r in col)


def test_area_of_the_test_block(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一"])
    assert h >= 4 * SIZE and w >= 2 * PITCH, "the cases below assume a block at least 4 字 × 2 columns"


@pytest.mark.parametrize("n", [1, 5, 9, 14])
def test_a_line_breaks_into_as_many_columns_as_it_needs(tmp_path, font, n):
    text = ("一二三四五六七八九十" * 2)[:n]
    runs, (x, y, w, h), page = vertical(tmp_path, font, [text], rows=4, cols=6)
    per = int(h // SIZE)
    cols = columns(runs)
    assert len(cols) == -(-n // per)
    assert "".join(text_of(c) for c in cols) == text, "columns read right to left, top to bottom"
    assert [len(c) for c in cols[:-1]] == [per] * (len(cols) - 1)
    assert not page.diagnostics


def test_columns_right_to_left_one_leading_apart_tops_on_the_block_top(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二三四五六七八九十" * 2, "春夏"], rows=4, cols=6)
    cols = columns(runs)
    lefts = [c[0].x for c in cols]
    assert all(b - a == pytest.approx(-PITCH) for a, b in zip(lefts, lefts[1:]))
    assert {round(top(c[0]), 6) for c in cols} == {round(y, 6)}, "tops aligned, not centred"
    assert text_of(cols[-1]) == "春夏", "the second paragraph starts its own column"
    for c in cols:  # one em a character, top to bottom
        assert all(top(b) - top(a) == pytest.approx(SIZE) for a, b in zip(c, c[1:]))


@pytest.mark.parametrize("text", [
    "一二三四五六，七八九十",       # ， would start column 2
    "一二三四五六七八九十一二。三",  # 。 would start column 3
    "一二三四五“六七八九十”",       # “ would end column 1
    "一二三四五《六七八》九十",
    "一二三四五六“七八”",           # “ starts column 2, its blank half above the column
])
def test_kinsoku_at_column_start_and_end(tmp_path, font, text):
    runs, (x, y, w, h), page = vertical(tmp_path, font, [text], rows=4, cols=6)
    cols = columns(runs)
    assert len(cols) >= 2
    starts = {VERTICAL_FORMS.get(c, c) for c in NO_START}
    ends = {VERTICAL_FORMS.get(c, c) for c in NO_END}
    for c in cols:
        assert c[0].text[0] not in starts, f"{text_of(c)!r} starts with a mark"
        assert c[-1].text[-1] not in ends, f"{text_of(c)!r} ends with an opening mark"
    assert not page.diagnostics, "a mark's blank half may pass the block's edge, not its ink"


def test_marks_in_vertical_presentation_forms(tmp_path, font):
    runs, *_ = vertical(tmp_path, font, ["一，二。“三”"])
    assert text_of(columns(runs)[0]) == "一︐二︒﹁三﹂"


def test_adjacent_marks_are_compressed(tmp_path, font):
    runs, *_ = vertical(tmp_path, font, ["一。”二"])
    col = columns(runs)[0]
    assert text_of(col) == "一︒﹂二"
    gaps = [top(b) - top(a) for a, b in zip(col, col[1:])]
    assert gaps == pytest.approx([SIZE, SIZE / 2, SIZE]), "。” take 1½ em, not 2"


@pytest.mark.parametrize("text, runs_across", [
    ("第15年", ["15"]), ("第1年", ["1"]), ("iPhone 15", ["15"]), ("3.5%", []), ("2026年", []),
    ("A1", []), ("15%", []), ("第3、4版", ["3", "4"]), ("一二三", []),
])
def test_which_digits_are_set_across(text, runs_across):
    composed, runs = tate_chu_yoko(text)
    assert runs == runs_across
    assert len(composed) == len(text) - sum(len(r) - 1 for r in runs)


def test_two_digits_across_one_em_cell(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["第15年"])
    col = columns(runs)[0]
    assert [r.text for r in col] == ["第", "15", "年"]
    first, digits, last = col
    assert digits.angle == 0 and digits.hscale == pytest.approx(1.0)
    assert digits.x == pytest.approx(first.x), "two ½-em digits fill the cell across"
    assert top(digits) - top(first) == pytest.approx(SIZE) and top(last) - top(digits) == pytest.approx(SIZE)
    assert digits.y == pytest.approx(first.y + SIZE), "on the baseline of an upright character"


def test_one_digit_centred_in_its_cell(tmp_path, font):
    runs, *_ = vertical(tmp_path, font, ["第1年"])
    first, digit, _ = columns(runs)[0]
    assert digit.x == pytest.approx(first.x + SIZE / 4)


def test_latin_run_turned_along_the_column(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["新iPhone上"], rows=8)
    col = columns(runs)[0]
    assert [r.text for r in col] == ["新", "iPhone", "上"]
    han, latin, after = col
    assert latin.angle == 90
    assert latin.x == pytest.approx(han.x + (1 - EM_BOX_BASELINE) * SIZE), "em box centred across the column"
    glue = SIZE / 4
    assert latin.y == pytest.approx(top(han) + SIZE + glue), "¼ em Han–Latin glue before"
    assert top(after) == pytest.approx(latin.y + 6 * SIZE / 2 + glue), "6 letters of ½ em, then glue"
    assert not page.diagnostics, "the turned run's box lies inside the block"
    assert "angle=90" in transcript(page)


def test_columns_that_do_not_fit_are_overflow(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二三四五六七八九十" * 8], rows=4, cols=1)
    room = int((w + 0.01) // PITCH)
    assert len(columns(runs)) == room
    [d] = page.findings("overflow")
    per = int(h // SIZE)
    assert d.block == "v" and d.severity == "error" and d.span is not None
    assert room * per < 80, "the case overflows"
    assert d.numbers["chars"] == 80 - room * per and d.numbers["lines"] == -(-80 // per) - room


def test_distribute_fills_the_last_column(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["春夏"], align="    align: distribute\n")
    first, second = columns(runs)[0]
    assert top(first) == pytest.approx(y) and top(second) + SIZE == pytest.approx(y + h, abs=0.02)


def test_pdf_read_back(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二，iPhone 15"], rows=8)
    with pdfplumber.open(io.BytesIO(render_pdf([page]))) as pdf:
        chars = pdf.pages[0].chars
    text = "".join(c["text"] for c in chars)
    assert "一二︐" in text and "iPhone" in text and "15" in text and "，" not in text
    by = {c["text"]: c for c in chars}
    assert by["一"]["upright"] and by["1"]["upright"] and by["5"]["upright"]
    latin = [c for c in chars if c["text"] in "iPhone"]
    assert all(not c["upright"] for c in latin), "the Latin run is turned"
    a, b, c_, d, *_ = latin[0]["matrix"]
    assert (round(a, 6), round(b, 6), round(c_, 6), round(d, 6)) == (0, -1, 1, 0), "90° clockwise"
    tops = [c["top"] for c in latin]
    assert tops == sorted(tops), "read down the column"
    assert by["1"]["top"] == pytest.approx(by["5"]["top"]), "15 across one line"
    assert by["一"]["x0"] == pytest.approx(by["二"]["x0"]) and by["二"]["top"] > by["一"]["top"]


def test_tracking_spaces_each_column_and_is_allowed_for(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二三四五六七八"], rows=4, cols=6)
    assert [len(c) for c in columns(runs)] == [6, 2]  # 6 em of height, no tracking
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二三四五六七八"], rows=4, cols=6,
                                        style=", tracking: 0.5")
    first, last = columns(runs)
    # n characters tracked ½ em take n + ½ (n − 1) em: 4 a column; the first justified to the
    # height, the paragraph's last from the top, each ½ em apart and more
    assert [r.text for r in first + last] == list("一二三四五六七八")
    assert [top(r) - y for r in first] == pytest.approx([0, 15, 30, 45])
    assert top(first[-1]) + SIZE == pytest.approx(y + h)
    assert [top(r) - y for r in last] == pytest.approx([0, 13.5, 27, 40.5])
    assert not page.diagnostics


def test_negative_tracking_closes_the_column_up(tmp_path, font):
    runs, (x, y, w, h), page = vertical(tmp_path, font, ["一二三四五六七八"], rows=4, cols=6,
                                        style=", tracking: -0.25")
    first = columns(runs)[0]
    # n − ¼ (n − 1) em ≤ 6: 7 characters a column, justified to the height
    assert len(first) == 7 and top(first[-1]) + SIZE == pytest.approx(y + h)
    gaps = [top(b) - top(a) for a, b in zip(first, first[1:])]
    assert max(gaps) - min(gaps) == pytest.approx(0, abs=0.01) and gaps[0] < SIZE
    assert not page.diagnostics


@pytest.fixture(scope="module")
def low_dot_font(tmp_path_factory) -> Path:
    """A font whose ︒ inks the foot half of its cell and whose ﹁ inks the head half (the
    other way round from the bundled faces)."""
    return build_test_font(tmp_path_factory.mktemp("lowdot") / "test.ttf", ink={"︒": FOOT_INK, "﹁": HEAD_INK})


def ink_along(r: TextRun, ink: tuple[int, int]) -> tuple[float, float]:
    """Where a glyph drawn in the test fonts inks down the column (pt)."""
    return r.y - ink[1] / 1000 * r.size, r.y - ink[0] / 1000 * r.size


def test_a_compressed_mark_is_set_where_its_font_puts_the_ink(tmp_path, font, low_dot_font):
    runs, *_ = vertical(tmp_path, font, ["一。”二"])
    han, dot, *_ = columns(runs)[0]
    assert top(dot) == pytest.approx(top(han) + SIZE)  # ink in the head half: set as composed
    a, b = ink_along(dot, HEAD_INK)
    assert top(han) + SIZE <= a and b <= top(han) + 1.5 * SIZE
    runs, *_ = vertical(tmp_path, low_dot_font, ["一。”二"])
    han, dot, close, after = columns(runs)[0]
    # 。 keeps the head half of its cell (” follows ½ em on): this font inks ︒ in the foot
    # half, so it moves up until its ink ends where that half does; the others stay
    a, b = ink_along(dot, FOOT_INK)
    assert top(han) + SIZE - 0.01 <= a and b == pytest.approx(top(han) + 1.5 * SIZE)
    assert top(close) == pytest.approx(top(han) + 1.5 * SIZE) and top(after) == pytest.approx(top(han) + 2.5 * SIZE)


def test_an_opening_mark_atop_a_column_keeps_its_ink_inside_the_block(tmp_path, low_dot_font):
    # “ opens column 2 and loses the blank half above it; this font inks ﹁ in the head half,
    # which would stand above the block: the form moves down into the half it kept
    runs, (x, y, w, h), page = vertical(tmp_path, low_dot_font, ["一二三四五六“七八”"], rows=4, cols=6)
    quote = columns(runs)[1][0]
    assert quote.text == "﹁"
    a, b = ink_along(quote, HEAD_INK)
    assert y - 0.01 <= a and b <= y + SIZE / 2 + 0.01
    assert not page.diagnostics, "the geometry check reads the ink from the font: inside the block"


def test_glyph_ink_reads_the_outline_bounds(font):
    from typeset.fonts.ink import glyph_ink

    x0, y0, x1, y1 = glyph_ink(str(font), "︒")
    assert (y0, y1, x1 - x0) == pytest.approx((0.43, 0.83, 0.8))  # the head half, as the font draws it
    x0, y0, x1, y1 = glyph_ink(str(font), "一")
    assert (y0, y1, x1 - x0) == pytest.approx((-0.1, 0.78, 0.8))
    assert glyph_ink(str(font), " ") is None  # draws nothing
    assert glyph_ink(str(font), "\u4e58") is None  # not in the font
