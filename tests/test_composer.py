"""The CJK composer, table-driven from typography.md §9 and clreq, plus properties."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.text import ParaConfig, PunctStyle, RunStyle, Span, compose
from typeset.text.classes import NO_END, NO_START

EM = 10.0


def lines_of(text, metrics, measure_em, **kw):
    kw.setdefault("indent_first", 0)
    config = ParaConfig(measure=measure_em * EM, **kw)
    para = compose([Span(text)], [RunStyle("song", EM)], config, metrics)
    return para, [para.line_text(i) for i in range(len(para.lines))]


def advances(para, i):
    """Advance of each glyph in line i, in em (from successive x positions)."""
    g = para.lines[i].glyphs
    xs = [x.x for x in g]
    return [round((b - a) / EM, 3) for a, b in zip(xs, xs[1:])]


@pytest.mark.parametrize(("case", "text", "measure", "expected"), [
    ("T1 comma never starts a line: push-out", "一二三四五六七八九十，一二三", 10, ["一二三四五六七八九", "十，一二三"]),
    ("T2 push-in compresses two marks", "一二三四五，六七八九十。一二三", 11, ["一二三四五，六七八九十。", "一二三"]),
    ("T3 opening quote never ends a line", "一二三四五六七八九“十一”二", 10, ["一二三四五六七八九", "“十一”二"]),
    ("T4 dash pair never split", "一二三四五六七八九——十一", 10, ["一二三四五六七八九", "——十一"]),
    ("T5 ellipsis pair never split", "一二三四五六七八九……十一", 10, ["一二三四五六七八九", "……十一"]),
    ("T8 interpunct never starts a line", "一二三四五六七八九克·罗塞蒂", 10, ["一二三四五六七八九", "克·罗塞蒂"]),
    ("T11 Latin word moves whole", "一二三四五六七ReportLab一二", 10, ["一二三四五六七", "ReportLab一二"]),
    ("T12 number moves whole", "一二三四五六七八20221年", 10, ["一二三四五六七八", "20221年"]),
    ("T15 no single Han character on the last line", "一二三四五六七八九十一二三四五六七八九十字。", 10,
     ["一二三四五六七八九十", "一二三四五六七八九", "十字。"]),
    ("T16 break allowed between closing and opening quote", "上一句话。”“下一句话", 5, ["上一句话。”", "“下一句话"]),
])
def test_breaks_follow_clreq(metrics, case, text, measure, expected):
    _, lines = lines_of(text, metrics, measure)
    assert lines == expected, case


def test_t4_strict_level_keeps_dash_off_line_start(metrics):
    _, lines = lines_of("一二三四五六七八九——十一", metrics, 10, strict=True)
    assert lines == ["一二三四五六七八", "九——十一"]


def test_t6_colon_quote_and_stop_quote_compress_to_one_and_a_half_em(metrics):
    para, _ = lines_of("他说：“好。”来了", metrics, 100)
    assert advances(para, 0) == [1, 1, 0.5, 1, 1, 0.5, 1, 1]


def test_t7_three_mark_run_is_two_em(metrics):
    para, _ = lines_of("《青岛》、《红色》", metrics, 100)
    adv = advances(para, 0)
    assert adv[3] + adv[4] + adv[5] == pytest.approx(2.0)  # 》、《 then 红


def test_t9_han_latin_space_is_a_quarter_em(metrics):
    para, _ = lines_of("使用ReportLab排版", metrics, 100)
    xs = {g.text: g.x / EM for g in para.lines[0].glyphs}
    assert xs["ReportLab"] - xs["用"] == pytest.approx(1.25)
    assert xs["排"] - xs["ReportLab"] == pytest.approx(4.5 + 0.25)


def test_t10_no_han_latin_space_next_to_punctuation(metrics):
    para, _ = lines_of("“6020”现代", metrics, 100)
    xs = [g.x / EM for g in para.lines[0].glyphs]
    assert xs[1] - xs[0] == pytest.approx(1.0)
    assert xs[2] - xs[1] == pytest.approx(2.0)


def test_t13_percent_and_semicolon_never_start_a_line(metrics):
    for measure in range(4, 12):
        _, lines = lines_of("累计降低11.6%；全年增长", metrics, measure)
        assert all(line[0] not in "%；" for line in lines[1:])
        assert "11.6%" in "".join(lines) and any("11.6%" in line for line in lines)


def test_t14_single_dash_connector_never_starts_a_line(metrics):
    for measure in range(3, 14):
        _, lines = lines_of("组建团队—签订协议—开展体检", metrics, measure)
        assert all(not line.startswith("—") for line in lines[1:])


def test_t18_first_line_indent_two_em(metrics):
    config = ParaConfig(measure=12 * EM)
    para = compose([Span("二〇二二年，全市各级工会组织坚持顶格谋划、试点先行。")], [RunStyle("song", EM)], config, metrics)
    assert para.lines[0].glyphs[0].x == pytest.approx(2 * EM)
    assert para.lines[1].glyphs[0].x == pytest.approx(0)


def test_line_end_mark_takes_half_em_and_line_is_flush(metrics):
    para, lines = lines_of("一二三四五六七八九十一二，三四", metrics, 13)
    assert lines[0].endswith("，")
    first = para.lines[0]
    assert first.width == pytest.approx(13 * EM)
    assert first.glyphs[-1].x == pytest.approx(12.5 * EM)


def test_quanjiao_style_keeps_adjacent_marks_full_width(metrics):
    para, _ = lines_of("他说：“好”", metrics, 100, punct=PunctStyle.QUANJIAO)
    assert advances(para, 0) == [1, 1, 1, 1, 1]


def test_kaiming_style_halves_pause_marks_keeps_stops(metrics):
    para, _ = lines_of("一，二。三", metrics, 100, punct=PunctStyle.KAIMING)
    assert advances(para, 0) == [1, 0.5, 1, 1]


def test_overlong_word_is_split_and_reported(metrics):
    para, lines = lines_of("一" + "A" * 30 + "二", metrics, 5)
    assert "".join(lines) == "一" + "A" * 30 + "二"
    assert para.problems


# -- properties ----------------------------------------------------------------------

ALPHABET = list("青岛市总工会发布年十大创新亮点工作") + list("，。、；：？！“”‘’《》（）·") + \
    ["——", "……"] + list("AbcXyz0123456789 ") + [".5", "%"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(ALPHABET), min_size=1, max_size=120).map("".join),
       st.integers(min_value=6, max_value=30))
def test_properties_of_every_paragraph(text, measure_em):
    from conftest import SquareMetrics

    text = text.strip() or "青"
    config = ParaConfig(measure=measure_em * EM, indent_first=2)
    para = compose([Span(text)], [RunStyle("song", EM)], config, SquareMetrics())
    lines = [para.line_text(i) for i in range(len(para.lines))]
    assert "".join(lines) == text  # concatenating the lines gives the input back
    forced = any(l.reason in ("forced", "overfull") for l in para.lines)
    for i, line in enumerate(lines):
        if not forced and i > 0:
            assert line[0] not in NO_START or line.startswith(("——", "……")), lines
        if not forced and i < len(lines) - 1:
            assert line.rstrip(" ")[-1] not in NO_END, lines
    for a, b in zip(lines, lines[1:]):
        if not forced:
            assert not (a.endswith("—") and b.startswith("—") and not a.endswith("——"))
            assert not (a[-1:].isdigit() and b[:1].isdigit())
    for k, line in enumerate(para.lines[:-1]):
        if not forced and len(line.glyphs) > 1:
            indent = 2 * EM if k == 0 else 0
            assert line.width == pytest.approx(measure_em * EM - indent, abs=0.01)


def test_no_han_latin_glue_next_to_an_ideographic_space(metrics):
    para = compose([Span("日报\u30002023年")], [RunStyle("song", 10.0)], ParaConfig(measure=200, indent_first=0),
                   metrics)
    xs = {g.text: g.x for g in para.lines[0].glyphs}
    assert xs["2023"] == pytest.approx(30.0)          # 日 报 and the space: 3 em, no ¼ em glue
    assert xs["年"] == pytest.approx(30.0 + 20.0 + 2.5)  # four digits of ½ em, then ¼ em glue


@pytest.mark.parametrize(("case", "text", "measure", "kw", "expected"), [
    ("strict: —— does not start a continuation line", "一二三四五六七八九——十", 10, {"strict": True},
     ["一二三四五六七八", "九——十"]),
    ("strict: …… neither", "一二三四五六七八九……十", 10, {"strict": True}, ["一二三四五六七八", "九……十"]),
    ("basic: —— may start a line", "一二三四五六七八九——十", 10, {}, ["一二三四五六七八九", "——十"]),
    ("interpunct never ends a line", "一二三四五六七八克·罗塞蒂", 10, {}, ["一二三四五六七八", "克·罗塞蒂"]),
    ("a short Latin phrase moves to the next line whole", "一二三四五六七New York一二", 10, {},
     ["一二三四五六七", "New York一二"]),
    ("a phrase longer than the line breaks at its spaces", "一New York Times Magazine Sunday Edition二", 10, {},
     ["一New York Times", "Magazine Sunday", "Edition二"]),
])
def test_line_start_and_phrase_rules(metrics, case, text, measure, kw, expected):
    para, lines = lines_of(text, metrics, measure, **kw)
    assert [line.rstrip(" ") for line in lines] == expected, case
    assert not para.problems, para.problems


def test_a_space_after_an_opening_mark_is_no_break(metrics):
    _, lines = lines_of("一二三四五六七八“《 秋二十春八北", metrics, 10)
    assert not any(line.rstrip(" ").endswith(("“", "《")) for line in lines[:-1]), lines
