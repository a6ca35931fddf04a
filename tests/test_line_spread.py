"""How a line that must stretch shares its white (text/line.py, stage A then stage B).

Han–Latin glue stretches from ¼ to at most 5/12 em (between the ⅓ em of "many styles"
and clreq's ½ em, typography.md §4.2 rule 6 and §5); then the gaps between characters are
spread evenly, and a Han–Latin boundary joins them only once they are wider than its
5/12 em, so its white is max(5/12, s).
"""

from __future__ import annotations

import pytest

from typeset.text import Align, ParaConfig, RunStyle, Span, compose
from typeset.text.line import BOUNDARY_WHITE, spread_gaps

EM = 10.0
W = 5 / 12  # the white of a fully stretched Han–Latin boundary, em


def test_boundary_white_is_between_a_third_and_a_half_em():
    assert BOUNDARY_WHITE == pytest.approx(W)


@pytest.mark.parametrize(("rest", "gaps", "boundaries", "plain", "boundary"), [
    (1.0, 4, 1, 0.25, 0.0),             # the plain gaps stay under W: boundaries take nothing
    (5 / 3, 4, 3, W, 0.0),              # exactly W
    (2.0, 4, 2, 17 / 36, 1 / 18),       # past W: every gap reads the same, max(W, s)
    (1.0, 4, 0, 0.25, 0.0),             # no boundary on the line
    (9.0, 1, 2, 59 / 18, 103 / 36),     # one plain gap does not take it all
])
def test_spread_gaps_shares_rest_evenly_above_the_boundary_white(rest, gaps, boundaries, plain, boundary):
    s, b = spread_gaps(rest * EM, gaps, boundaries, EM)
    assert s / EM == pytest.approx(plain)
    assert b / EM == pytest.approx(boundary)
    assert (s * gaps + b * boundaries) / EM == pytest.approx(rest)


def _whites(metrics, measure_em):
    """White after 二 (Han–Han), after 五 (Han–Latin) and after AB (Latin–Han), in em."""
    config = ParaConfig(measure=measure_em * EM, indent_first=0, align=Align.DISTRIBUTE)
    para = compose([Span("一二三四五AB六七")], [RunStyle("song", EM)], config, metrics)
    assert len(para.lines) == 1
    x = {g.text: g.x / EM for g in para.lines[0].glyphs}
    assert para.lines[0].width == pytest.approx(measure_em * EM)
    return x["三"] - x["二"] - 1, x["AB"] - x["五"] - 1, x["六"] - x["AB"] - 1


# natural 8.5 em: 7 Han, AB (1 em), two ¼-em glues; 5 Han–Han gaps, 2 boundaries
@pytest.mark.parametrize(("measure", "han", "boundary"), [
    (8.5, 0.0, 0.25),               # natural
    (8.5 + 1 / 6, 0.0, 0.25 + 1 / 12),  # stage A: the glue widens first
    (8.5 + 1 / 3, 0.0, W),          # stage A spent: glue at W
    (9.5, 2 / 15, W),               # stage B: characters spread, the boundary stays at W
    (12.0, 4 / 7, 4 / 7),           # wider than W: the boundary follows the characters
])
def test_han_latin_boundary_white_is_bounded_then_even(metrics, measure, han, boundary):
    hh, hl, lh = _whites(metrics, measure)
    assert hh == pytest.approx(han, abs=1e-6)
    assert hl == pytest.approx(boundary, abs=1e-6)
    assert lh == pytest.approx(boundary, abs=1e-6)


def test_no_han_class_character_is_kept_off_a_line_edge():
    # atoms._mark_breaks and _add_glue skip Han–Han pairs without looking: that holds
    # only while no character classified HAN may not start or end a line
    from typeset.text.classes import NO_END, NO_START, Cls, classify

    assert [c for c in NO_START | NO_END if classify(c) is Cls.HAN] == []
