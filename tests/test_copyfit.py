"""Copy-fit help (拼版提示): which paragraphs to cut, how much to add, which size fits;
and that following the hint on a real overset story removes the promised lines."""

from __future__ import annotations

import json
from itertools import pairwise

import pytest
from hypothesis import given
from hypothesis import strategies as st

from typeset.cli import main
from typeset.errors import Span
from typeset.layout.copyfit import (
    Cuts,
    ParaEnd,
    chars_to_add,
    cuts,
    largest_fitting,
    overset_hint,
    paragraph_ends,
    short_hint,
    size_steps,
)
from typeset.pipeline import build
from typeset.units import HAO_SIZES


@pytest.mark.parametrize(("lines", "ends"), [
    ([], []),
    ([(0, 10)], [ParaEnd(0, 1, 10)]),
    ([(0, 10), (0, 10), (0, 3), (1, 10), (1, 7)], [ParaEnd(0, 3, 3), ParaEnd(1, 2, 7)]),
])
def test_paragraph_ends(lines, ends):
    assert paragraph_ends(lines) == ends


P = [ParaEnd(0, 3, 5), ParaEnd(1, 1, 2), ParaEnd(2, 4, 1), ParaEnd(3, 2, 5), ParaEnd(4, 5, 9)]


@pytest.mark.parametrize(("save", "cuttable", "chosen", "left"), [
    (0, None, [], 0),
    (1, None, [2], 0),                  # the shortest last line; the one-line paragraph 1 is never offered
    (3, None, [2, 0, 3], 0),            # shortest first, ties in copy order
    (6, None, [2, 0, 3, 4], 2),         # only four paragraphs to cut: two lines still to save
    (2, {0, 4}, [0, 4], 0),             # a sub-head or byline is not cuttable
])
def test_cuts(save, cuttable, chosen, left):
    found = cuts(P, save, (lambda i: i in cuttable) if cuttable else (lambda _: True))
    assert [p.para for p in found.paras] == chosen and found.lines_left == left


@given(st.lists(st.tuples(st.integers(1, 6), st.integers(1, 13)), max_size=20), st.integers(0, 25))
def test_cuts_are_the_shortest_last_lines(shape, save):
    paras = [ParaEnd(i, n, k) for i, (n, k) in enumerate(shape)]
    found = cuts(paras, save)
    eligible = [p for p in paras if p.lines >= 2]
    assert len(found.paras) == min(save, len(eligible))
    assert len(found.paras) + found.lines_left == save
    if found.paras:
        longest = max(p.last_chars for p in found.paras)
        assert all(p.last_chars >= longest for p in eligible if p not in found.paras)


def test_sizes_and_amounts():
    assert chars_to_add(3, 13) == 39 and chars_to_add(-1, 13) == 0
    steps = size_steps(HAO_SIZES, 26.0)
    assert steps[0] == 26.0 and all(a > b for a, b in pairwise(steps))
    assert largest_fitting(steps, lambda size: size <= 16) == 16.0
    assert largest_fitting(steps, lambda size: False) is None


def test_hint_texts():
    found = Cuts((ParaEnd(2, 4, 1), ParaEnd(0, 3, 5)), 0)
    sources = [Span("lead.md", 3), Span("lead.md", 5), Span("lead.md", 9)]
    assert overset_hint(found, sources, 13) == \
        "cut the last line of these paragraphs, a line each: lead.md:9 (1 字), lead.md:3 (5 字)"
    assert overset_hint(Cuts((), 2), sources, 13) == "cut about 26 字 (2 lines)"
    assert short_hint(4, 13) == "add about 52 字 (4 lines of 13 字) to fill the band"


# -- following the hint on a real page ---------------------------------------------------

SENTENCES = ["市总工会深入开展职工技能提升行动", "全年培训一线职工三万余人次", "各区市工会组织劳动竞赛百余场",
             "困难职工帮扶资金按时发放到位", "基层工会规范化建设取得新进展", "职工书屋覆盖全部街道"]


def _copy() -> list[str]:
    """Eight paragraphs of different lengths, one source line each."""
    return ["，".join(SENTENCES[(p + k) % len(SENTENCES)] for k in range(2 + p % 4)) + "。" for p in range(8)]


def _page(folder, rows: int, paras: list[str]):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "page.yaml").write_text(f"""extends: tabloid
meta: {{title: 测试版, date: 2024-01-01, page: 2}}
blocks:
  - id: story
    kind: article
    area: {{col: 1, cols: 3, row: 1, rows: {rows}}}
    columns: 3
    body: story.md
""", encoding="utf-8")
    (folder / "story.md").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return folder / "page.yaml"


def _overset(capsys, page) -> int:
    main(["check", str(page), "--json"])
    report = json.loads(capsys.readouterr().out)
    return report["pages"][0]["blocks"][0]["fit"]["overset_lines"]


@pytest.mark.parametrize("rows", [13, 12])
def test_cutting_the_named_last_lines_removes_the_overset_line_by_line(tmp_path, capsys, rows):
    paras = _copy()
    # the flowed lines, as the story sets them (in a block deep enough to hold them all)
    whole = build(_page(tmp_path / "whole", 72, paras), keep_spec=True).page
    flowed = [(line.para, line.end - line.start) for line in whole.lines if line.part == "body"]
    page = _page(tmp_path / "page", rows, paras)
    over = _overset(capsys, page)
    assert over > 0
    found = cuts(paragraph_ends(flowed), over)
    assert found.lines_left == 0 and len(found.paras) == over
    for k, p in enumerate(found.paras, 1):   # cut one named paragraph's last line at a time
        last = max((ln for ln in whole.lines if ln.part == "body" and ln.para == p.para), key=lambda ln: ln.start)
        assert last.end - last.start == p.last_chars
        paras[p.para] = paras[p.para][:last.start]
        _page(tmp_path / "page", rows, paras)
        assert _overset(capsys, page) == over - k
