"""The CJK composer, table-driven from typography.md §9 and clreq, plus properties."""

from __future__ import annotations

import os

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from typeset.text import ParaConfig, PunctStyle, RunStyle, Span, compose
from typeset.text.atoms import collect
from typeset.text.classes import NO_END, NO_START, URL_BREAK_AFTER
from typeset.text.line import Widths
from typeset.text import break_lines
from typeset.text.optimal import paragraph_demerits

BREAKERS = ("optimal", "greedy")

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


HARD_RULES = [
    ("T1 comma never starts a line: push-out", "一二三四五六七八九十，一二三", 10, ["一二三四五六七八九", "十，一二三"]),
    ("T3 opening quote never ends a line", "一二三四五六七八九“十一”二", 10, ["一二三四五六七八九", "“十一”二"]),
    ("T4 dash pair never split", "一二三四五六七八九——十一", 10, ["一二三四五六七八九", "——十一"]),
    ("T5 ellipsis pair never split", "一二三四五六七八九……十一", 10, ["一二三四五六七八九", "……十一"]),
    ("T8 interpunct never starts a line", "一二三四五六七八九克·罗塞蒂", 10, ["一二三四五六七八九", "克·罗塞蒂"]),
    ("T11 Latin word moves whole", "一二三四五六七ReportLab一二", 10, ["一二三四五六七", "ReportLab一二"]),
    ("T12 number moves whole", "一二三四五六七八20221年", 10, ["一二三四五六七八", "20221年"]),
    ("T16 break allowed between closing and opening quote", "上一句话。”“下一句话", 5, ["上一句话。”", "“下一句话"]),
]


@pytest.mark.parametrize("breaker", BREAKERS)
@pytest.mark.parametrize(("case", "text", "measure", "expected"), HARD_RULES)
def test_breaks_follow_clreq(metrics, breaker, case, text, measure, expected):
    _, lines = lines_of(text, metrics, measure, breaker=breaker)
    assert lines == expected, case


@pytest.mark.parametrize(("case", "text", "measure", "expected"), [
    ("T2 push-in compresses two marks", "一二三四五，六七八九十。一二三", 11, ["一二三四五，六七八九十。", "一二三"]),
    ("T15 no single Han character on the last line", "一二三四五六七八九十一二三四五六七八九十字。", 10,
     ["一二三四五六七八九十", "一二三四五六七八九", "十字。"]),
])
def test_first_fit_pushes_in_first(metrics, case, text, measure, expected):
    _, lines = lines_of(text, metrics, measure, breaker="greedy")
    assert lines == expected, case


def test_optimal_breaker_avoids_the_orphan_and_pushes_in_a_stop(metrics):
    _, lines = lines_of("一二三四五六七八九十一二三四五六七八九十字。", metrics, 10)
    assert len(lines) == 3 and lines[-1] == "十字。"
    _, lines = lines_of("一二三四五，六七八九十。一二三", metrics, 11)
    assert lines == ["一二三四五，六七八九十。", "一二三"]  # half a comma beats spreading a character


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
])
@pytest.mark.parametrize("breaker", BREAKERS)
def test_line_start_and_phrase_rules(metrics, case, text, measure, kw, expected, breaker):
    para, lines = lines_of(text, metrics, measure, breaker=breaker, **kw)
    assert [line.rstrip(" ") for line in lines] == expected, case
    assert not para.problems, para.problems


@pytest.mark.parametrize(("breaker", "expected"), [
    ("greedy", ["一New York Times", "Magazine Sunday", "Edition二"]),
    ("optimal", None),
])
def test_a_phrase_longer_than_the_line_breaks_at_its_spaces(metrics, breaker, expected):
    text = "一New York Times Magazine Sunday Edition二"
    para, lines = lines_of(text, metrics, 10, breaker=breaker)
    assert not para.problems, para.problems
    assert all(a.endswith(" ") for a in lines[:-1]), lines  # every break at a space
    if expected:
        assert [line.rstrip(" ") for line in lines] == expected


def test_a_space_after_an_opening_mark_is_no_break(metrics):
    _, lines = lines_of("一二三四五六七八“《 秋二十春八北", metrics, 10)
    assert not any(line.rstrip(" ").endswith(("“", "《")) for line in lines[:-1]), lines


# -- ASCII and symbols (issue 15) -------------------------------------------------------

def atoms_of(text, metrics, measure=float("inf")):
    _, atoms = collect([Span(text)], [RunStyle("song", EM)], metrics, PunctStyle.NEWSPAPER, True, measure)
    return atoms


@pytest.mark.parametrize(("case", "text", "unit"), [
    ("a hyphen-minus before a digit belongs to the number", "气温为-12℃以下", "-12℃"),
    ("a minus sign U+2212 too", "增长−0.8%，", "−0.8%"),
    ("a sign after a number is an operator inside it", "共3-5人", "3-5"),
    ("+ inside and after an alphanumeric run joins it", "推进3+N+互联网", "3+N+"),
    ("a full stop after a Latin word attaches to it", "强调cooperation.”", "cooperation."),
    ("a comma after a Latin word attaches to it", "说Hello, world", "Hello,"),
    ("a colon inside a time", "于8:30开始", "8:30"),
    ("a slash inside a unit", "时速120km/h的", "120km/h"),
    ("per mille after a number", "下降5‰。", "5‰"),
    ("degrees Celsius after a number", "高达37℃，", "37℃"),
    ("a URL keeps its scheme", "详见https://www.qdxin.cn网页", "https://www.qdxin.cn"),
])
def test_symbols_join_their_alphanumeric_run(metrics, case, text, unit):
    assert unit in [a.text for a in atoms_of(text, metrics)], case


@pytest.mark.parametrize(("case", "text", "left", "right", "glue"), [
    ("no Han–Latin space inside an ASCII opening bracket", "(李鸿令)", "(", "李", 0.0),
    ("nor inside an ASCII closing bracket", "(李鸿令)", "令", ")", 0.0),
    ("a Han–Latin space outside an ASCII bracket", "增长(2023)", "长", "(", 0.25),
    ("and after the closing one", "(2023)年", ")", "年", 0.25),
    ("a sign-led number gets the Han–Latin space", "为-12℃", "为", "-12℃", 0.25),
    ("no space between a Latin word and its full stop", "cooperation.”", "cooperation.", "”", 0.0),
    ("no space after a run ending in an operator", "3+N+互联网", "3+N+", "互", 0.0),
    ("a space before such a run", "推进3+N+", "进", "3+N+", 0.25),
    ("a space after a unit", "增长11.6%的", "11.6%", "的", 0.25),
])
def test_ascii_brackets_and_han_latin_space(metrics, case, text, left, right, glue):
    atoms = atoms_of(text, metrics)
    texts = [a.text for a in atoms]
    k = texts.index(left)
    assert texts[k + 1] == right, texts
    assert atoms[k].glue == pytest.approx(glue * EM), case


@pytest.mark.parametrize("breaker", BREAKERS)
@pytest.mark.parametrize(("text", "never_after", "never_before"), [
    ("一二三四五六七八九(李鸿令)", "(", None),
    ("一二三四五六七八(李鸿令)二", "(", None),
    ("一二三四五六七八九十(注)", None, ")"),
    ("增长率一二三四五六七-0.8%", None, "0.8%"),
])
def test_ascii_brackets_and_signs_follow_line_edge_rules(metrics, breaker, text, never_after, never_before):
    for measure in range(4, 12):
        _, lines = lines_of(text, metrics, measure, breaker=breaker)
        assert "".join(lines) == text
        for a, b in zip(lines, lines[1:]):
            if never_after:
                assert not a.endswith(never_after), lines
            if never_before:
                assert not b.startswith(never_before), lines


# -- URLs and long words (issue 13 item 4) -----------------------------------------------

@pytest.mark.parametrize(("run", "parts"), [
    ("https://www.example.com/a/b", ["https://", "www.", "example.", "com/", "a/", "b"]),
    ("news@qingdaonews.com", ["news@", "qingdaonews.", "com"]),
    ("/usr/share/fonts", ["/usr/", "share/", "fonts"]),
    ("a?b=1&c=2", ["a?", "b=", "1&", "c=", "2"]),
    ("file_name-v2.pdf", ["file_", "name-", "v2.", "pdf"]),
    ("x--y", ["x--", "y"]),
    ("cooperation.%", ["cooperation.%"]),          # % may not start a line
    ("a.cn/rate.%/b", ["a.", "cn/", "rate.%/", "b"]),
])
def test_url_break_points_follow_uax14(run, parts):
    from typeset.text.words import url_parts

    assert url_parts(run) == parts


@pytest.mark.parametrize(("run", "address"), [
    ("www.qingdaonews.com", True), ("http://a.cn", True), ("ab@c.cn", True), ("/usr/share/x", True),
    ("km/h", False), ("11.6%", False), ("2020-2022", False), ("3+N+", False),
])
def test_what_counts_as_an_address(run, address):
    from typeset.text.words import is_address

    assert is_address(run) is address


@pytest.mark.parametrize("breaker", BREAKERS)
def test_url_wider_than_the_measure_breaks_after_its_punctuation(metrics, breaker):
    url = "www.example.com/news/2023/index.html?id=12345&page=2"
    para, lines = lines_of("详见" + url + "网页", metrics, 8, breaker=breaker)
    assert "".join(lines) == "详见" + url + "网页"
    assert not para.problems, para.problems
    inside = [line for line in lines[:-1] if line[-1].isascii()]
    assert inside and all(line[-1] in URL_BREAK_AFTER for line in inside), lines
    for k, line in enumerate(para.lines[:-1]):
        assert line.width == pytest.approx(8 * EM), lines[k]


@pytest.mark.parametrize("breaker", BREAKERS)
def test_email_address_breaks_after_at_and_dot(metrics, breaker):
    para, lines = lines_of("来信请寄qingdaoribao.laodongzhe@example.com谢谢", metrics, 7, breaker=breaker)
    assert not para.problems
    assert any(line.endswith(("@", ".")) for line in lines[:-1]), lines


@pytest.mark.parametrize("breaker", BREAKERS)
def test_word_wider_than_the_measure_is_hyphenated_from_the_dictionary(metrics, breaker):
    word = "internationalization"  # 10 em in SquareMetrics
    para, lines = lines_of("一" + word + "二", metrics, 6, breaker=breaker)
    assert not para.problems, para.problems
    assert "".join(lines) == "一" + word + "二"
    import pyphen
    points = set(pyphen.Pyphen(lang="en_US").positions(word))
    offset = 0
    for k, line in enumerate(para.lines[:-1]):
        text = para.line_text(k)
        letters = text.lstrip("一")
        offset += len(letters)
        if text[-1].isalpha() and offset < len(word):
            assert offset in points, (lines, offset)
            assert line.glyphs[-1].text.endswith("-")  # the hyphen is shown
            assert line.width <= 6 * EM + 1e-6


@pytest.mark.parametrize("breaker", BREAKERS)
def test_run_that_cannot_fit_is_overfull_and_reported(metrics, breaker):
    para, lines = lines_of("一" + "7" * 30 + "二", metrics, 5, breaker=breaker)
    assert "".join(lines) == "一" + "7" * 30 + "二"
    assert any(line.reason == "overfull" for line in para.lines)
    assert para.problems and "overfull" in para.problems[0]


# -- adjustment --------------------------------------------------------------------------

@pytest.mark.parametrize("breaker", BREAKERS)
@pytest.mark.parametrize("pair", ["”“", "》《", "）（", "。“", "，《", "：“"])
def test_close_open_pair_keeps_its_half_em_in_a_squeezed_line(metrics, breaker, pair):
    text = "一二三，四五" + pair + "六七，八九十一二三四五六"
    for measure in range(8, 14):
        para, lines = lines_of(text, metrics, measure, breaker=breaker)
        for k, line in enumerate(para.lines):
            xs = {g.text: g.x for g in line.glyphs}
            if pair[0] in xs and pair[1] in xs and lines[k].index(pair[1]) == lines[k].index(pair[0]) + 1:
                assert xs[pair[1]] - xs[pair[0]] >= 0.5 * EM - 1e-6, (lines[k], measure)


@pytest.mark.parametrize("breaker", BREAKERS)
def test_opening_mark_at_line_start_loses_half_an_em_on_every_line(metrics, breaker):
    text = "一二三四五六七八九十一二三四五六七八九十“一二三四五六七八九“十一二三四五，“六七八九十一二三四五”。"
    for measure in range(6, 14):
        para, lines = lines_of(text, metrics, measure, breaker=breaker)
        for k, line in enumerate(para.lines):
            if k and lines[k][0] in "“《（":
                assert line.glyphs[0].x == pytest.approx(-0.5 * EM), (lines, k)


@pytest.mark.parametrize("breaker", BREAKERS)
def test_squeeze_takes_mark_blanks_before_han_latin_glue(metrics, breaker):
    # 10 em of characters + two ¼-em glues, ¼ em too wide: the comma's blank goes first
    para, lines = lines_of("一二三，四五AB六七八", metrics, 10.25, breaker=breaker)
    assert lines == ["一二三，四五AB六七八"]
    xs = [g.x / EM for g in para.lines[0].glyphs]
    texts = [g.text for g in para.lines[0].glyphs]
    assert xs[texts.index("，")] - xs[texts.index("三")] == pytest.approx(1.0)
    assert xs[texts.index("四")] - xs[texts.index("，")] == pytest.approx(0.75)
    assert xs[texts.index("AB")] - xs[texts.index("五")] == pytest.approx(1.25)


# -- properties ----------------------------------------------------------------------

PROPERTY_ALPHABET = ALPHABET + ["(", ")", "-1", "3+", "www.a.cn/b?c=d", "cooperation.", "”“", "：“"]


@settings(max_examples=120, deadline=None)
@given(st.lists(st.sampled_from(PROPERTY_ALPHABET), min_size=1, max_size=120).map("".join),
       st.integers(min_value=4, max_value=30), st.sampled_from(BREAKERS))
def test_properties_of_both_breakers(text, measure_em, breaker):
    from conftest import SquareMetrics

    text = text.strip() or "青"
    config = ParaConfig(measure=measure_em * EM, indent_first=2, breaker=breaker)
    para = compose([Span(text)], [RunStyle("song", EM)], config, SquareMetrics())
    lines = [para.line_text(i) for i in range(len(para.lines))]
    assert "".join(lines) == text
    forced = any(l.reason in ("forced", "overfull") for l in para.lines)
    if forced:
        return
    for i, line in enumerate(lines):
        if i > 0:
            assert line[0] not in NO_START or line.startswith(("——", "……")), lines
        if i < len(lines) - 1:
            assert line.rstrip(" ")[-1] not in NO_END, lines
    for k, line in enumerate(para.lines[:-1]):
        if len(line.glyphs) > 1:
            indent = 2 * EM if k == 0 else 0
            assert line.width == pytest.approx(measure_em * EM - indent, abs=0.01)
            right = max(g.x for g in line.glyphs)
            assert right <= measure_em * EM + 0.01


@settings(max_examples=int(os.environ.get("TYPESET_EXAMPLES", "150")), deadline=None)
@given(st.lists(st.sampled_from(PROPERTY_ALPHABET), min_size=1, max_size=160).map("".join),
       st.integers(min_value=4, max_value=26))
@example("青青A青A青A青青", 10)  # a 孤字 whose fix lay outside the breaker's window
def test_optimal_is_never_worse_than_greedy_in_total_cost(text, measure_em):
    from conftest import SquareMetrics

    text = text.strip() or "青"
    costs = {}
    for breaker in BREAKERS:
        config = ParaConfig(measure=measure_em * EM, indent_first=2, breaker=breaker)
        _, atoms = collect([Span(text)], [RunStyle("song", EM)], SquareMetrics(), config.punct, config.strict,
                           config.measure - 2 * EM)
        chosen = break_lines(atoms, config, EM)
        if any(reason in ("forced", "overfull") for _, reason in chosen):
            return
        costs[breaker] = paragraph_demerits(Widths(atoms, config.punct), chosen, config, EM)
    assert costs["optimal"] <= costs["greedy"] + 1e-6, costs
