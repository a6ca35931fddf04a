"""layout.textset.Setter.runs (its one-glyph fast path) makes the runs, faces used and
missing-character marks that placing each glyph with ``Setter.place`` makes: bold and
regular, tracking, spaces, Latin words, characters no face has, several fallbacks."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from typeset.fonts import FontSet
from typeset.layout.textset import BOLD_ROLE, Setter
from typeset.spec.copy import Run
from typeset.spec.validate import ResolvedStyle

FONTS = FontSet.bundled()
CHARS = "一二三四五六七八九十，。“”《》孩子们的国家 abcXYZ12\u00a0\U0002A6A5㐀é"


def _style(font: str, size: float, tracking: float) -> ResolvedStyle:
    return ResolvedStyle("body", font, size, "justify", "start", 2.0, 0.0, size * 1.5, (0.0, 0.0, 0.0, 100.0),
                         "newspaper", tracking)


def _by_place(setter: Setter, para, i: int, x: float, y: float, style, tracking: float):
    """What Setter.runs made before its fast path: place() for every glyph."""
    out = []
    for k, g in enumerate(para.lines[i].glyphs):
        role = BOLD_ROLE.get(style.font, style.font) if g.style == 1 else style.font
        out += setter.place(g.text, role, x + g.x + k * tracking * style.size, y, style, g.hscale)
    return out


@settings(max_examples=40, deadline=None)
@given(runs=st.lists(st.tuples(st.text(CHARS, min_size=1, max_size=12), st.booleans()), min_size=1, max_size=6),
       font=st.sampled_from(["song", "hei", "kai"]), size=st.sampled_from([9.0, 10.5, 16.0]),
       tracking=st.sampled_from([0.0, 0.05, -0.02]), x=st.floats(0, 500, allow_nan=False))
def test_runs_are_what_placing_each_glyph_makes(runs, font, size, tracking, x):
    style = _style(font, size, tracking)
    copy = [Run(text, bold) for text, bold in runs]
    fast, plain = Setter(FONTS, {}), Setter(FONTS, {})
    para = fast.compose(copy, style, fast.config(style, 20 * size), "b")
    plain.compose(copy, style, plain.config(style, 20 * size), "b")
    for i in range(len(para.lines)):
        y = 30.0 + i * style.leading
        assert fast.runs(para, i, x, y, style, tracking) == _by_place(plain, para, i, x, y, style, tracking)
    assert list(fast.faces.items()) == list(plain.faces.items())  # the same faces, in the same order
    assert fast.marks == plain.marks and fast.sink.diagnostics == plain.sink.diagnostics


@settings(max_examples=60, deadline=None)
@given(glyphs=st.lists(st.tuples(st.one_of(st.sampled_from(CHARS), st.text(CHARS, min_size=1, max_size=3)),
                                 st.floats(0, 300, allow_nan=False), st.integers(0, 1), st.sampled_from([1.0, 0.9])),
                       min_size=1, max_size=20),
       font=st.sampled_from(["song", "hei"]), tracking=st.floats(-0.1, 0.2, allow_nan=False),
       size=st.floats(6, 40, allow_nan=False), x=st.floats(0, 500, allow_nan=False))
def test_runs_of_any_glyphs_are_what_placing_each_makes(glyphs, font, tracking, size, x):
    """Glyphs made here, not by the composer: spaces, no-break spaces, missing characters."""
    from types import SimpleNamespace

    from typeset.text.model import Glyph

    line = SimpleNamespace(glyphs=[Glyph(*g) for g in glyphs])
    para = SimpleNamespace(lines=[line])
    style = _style(font, size, tracking)
    fast, plain = Setter(FONTS, {}), Setter(FONTS, {})
    assert fast.runs(para, 0, x, 20.0, style, tracking) == _by_place(plain, para, 0, x, 20.0, style, tracking)
    assert list(fast.faces.items()) == list(plain.faces.items()) and fast.marks == plain.marks
