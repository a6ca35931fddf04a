"""Copy-fit help (拼版提示): which paragraphs to cut, how much to add, which size fits;
and that following the hint on a real overset story removes the promised lines."""

from __future__ import annotations

import json
import re
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
    steps = size_steps(HAO_SIZES, 26.0)   # 一号: the steps start at 小一
    assert steps[0] == HAO_SIZES["小一"] and all(a > b for a, b in pairwise(steps))
    assert largest_fitting(steps, lambda size: size <= 16) == 16.0
    assert largest_fitting(steps, lambda size: False) is None


def test_hint_texts():
    found = Cuts((ParaEnd(2, 4, 1), ParaEnd(0, 3, 5)), 0)
    sources = [Span("lead.md", 3), Span("lead.md", 5), Span("lead.md", 9)]
    assert overset_hint(found, sources, 13) == \
        "cut the last line of these paragraphs, a line each: lead.md:9 (1 字), lead.md:3 (5 字)"
    assert overset_hint(Cuts((), 2), sources, 13) == "cut about 26 字 (2 lines)"
    assert short_hint(4, 13, 2) == "add about 52 字 of copy (4 lines of 13 字), or give the block 2 fewer lines"


def test_a_short_story_is_hinted_by_short_hint(tmp_path):
    """The 缺行 finding's hint is the one function's words, with the finding's numbers."""
    page = build(_page(tmp_path / "page", 40, _copy()[:3])).page
    (short,) = [d for d in page.diagnostics if d.code == "short"]
    per_line = short.numbers["chars"] // short.numbers["lines"]
    assert short.hint == short_hint(short.numbers["lines"], per_line, short.numbers["band"])


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


def _check(capsys, page) -> dict:
    main(["check", str(page), "--json"])
    return json.loads(capsys.readouterr().out)["pages"][0]


def _overset(capsys, page) -> tuple[int, str]:
    """Overset lines of the story and the hint of its overset finding."""
    report = _check(capsys, page)
    hint = next((d["hint"] for d in report["diagnostics"] if d["code"] == "overset"), "")
    return report["blocks"][0]["fit"]["overset_lines"], hint


@pytest.mark.parametrize("rows", [13, 12])
def test_cutting_the_named_last_lines_removes_the_overset_line_by_line(tmp_path, capsys, rows):
    paras = _copy()
    page = _page(tmp_path / "page", rows, paras)
    over, hint = _overset(capsys, page)
    named = [(int(line), int(k)) for line, k in re.findall(r"story\.md:(\d+) \((\d+) 字\)", hint)]
    assert over > 0 and len(named) == over, hint
    # the lines as the story sets them (in a block deep enough to hold them all)
    whole = build(_page(tmp_path / "whole", 72, paras), keep_spec=True).page
    for done, (line, k) in enumerate(named, 1):   # cut one named paragraph's last line at a time
        para = (line - 1) // 2                    # one source line a paragraph, blank lines between
        last = max((ln for ln in whole.lines if ln.part == "body" and ln.para == para), key=lambda ln: ln.start)
        assert last.end - last.start == k         # the hint's count is that line's length
        paras[para] = paras[para][:last.start]
        _page(tmp_path / "page", rows, paras)
        assert _overset(capsys, page)[0] == over - done


def test_a_headline_too_tall_for_its_block_is_given_the_largest_size_that_fits(tmp_path, capsys):
    page = _page(tmp_path / "page", 4, _copy()[:1])
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("    body: story.md", "    headline: {title: 基层工会规范化建设取得新进展职工技能提升}\n"
                                 "    body: story.md"), encoding="utf-8")
    report = _check(capsys, page)
    hint = next(d["hint"] for d in report["diagnostics"] if d["code"] == "overflow" and "headline" in d["message"])
    size = float(re.search(r"\(([\d.]+) pt\)", hint).group(1))
    styled = page.read_text(encoding="utf-8").replace("blocks:", f"styles:\n  主题: {{size: {size}pt}}\nblocks:")
    page.write_text(styled, encoding="utf-8")        # following the hint: the headline fits
    assert not [d for d in _check(capsys, page)["diagnostics"] if "headline" in d["message"]]
    larger = min(s for s in HAO_SIZES.values() if s > size)
    page.write_text(styled.replace(f"size: {size}pt", f"size: {larger}pt"), encoding="utf-8")
    assert [d for d in _check(capsys, page)["diagnostics"] if "headline" in d["message"]]  # and it is the largest
