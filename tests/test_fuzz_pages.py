"""Random valid pages (every block kind, random copy with marks, Latin and digits, random
areas, columns, notes, frames) always lay out and draw, proof overlay included."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from typeset.pipeline import build
from typeset.errors import SpecError
from typeset.render import render_pdf

COPY = st.text(alphabet=st.sampled_from(list("一二三四五六七八九十春夏秋冬，。、；：？！“”‘’（）《》——……·abc123 \u3000")),
               min_size=1, max_size=300)
SHORT = st.text(alphabet=st.sampled_from(list("一二三春夏，。“”《》ab1 ")), min_size=1, max_size=15)


def area(i: int):
    return st.fixed_dictionaries({"col": st.integers(1, 6), "cols": st.integers(1, 3), "row": st.just(1 + i * 25),
                                  "rows": st.integers(2, 24)})


def block(i: int):
    base = {"id": st.just(f"b{i}"), "area": area(i)}
    return st.one_of(
        st.fixed_dictionaries({**base, "kind": st.just("article"), "text": COPY}, optional={
            "columns": st.integers(1, 3), "label": SHORT, "byline": SHORT, "balance": st.booleans(),
            "headline": st.fixed_dictionaries({"title": SHORT}, optional={"kicker": SHORT, "subtitle": SHORT}),
            "note": st.fixed_dictionaries({"text": COPY}, optional={"columns": st.integers(1, 3)}),
            "frame": st.booleans(), "tint": st.integers(0, 30)}),
        st.fixed_dictionaries({**base, "kind": st.just("text"), "lines": st.lists(SHORT, min_size=1, max_size=3)},
                              optional={"vertical": st.booleans(), "reverse": st.booleans(), "frame": st.booleans()}),
        st.fixed_dictionaries({**base, "kind": st.just("folio")}, optional={"left": SHORT, "right": SHORT}),
        st.fixed_dictionaries({**base, "kind": st.just("masthead"), "title": SHORT}, optional={"sponsor": SHORT}),
        st.fixed_dictionaries({**base, "kind": st.just("rule")}, optional={
            "edge": st.sampled_from(["top", "bottom", "left", "right"]),
            "line": st.sampled_from(["single", "double", "wenwu", "wuwen", "thick"])}),
        st.fixed_dictionaries({**base, "kind": st.just("image")}, optional={"caption": SHORT}),
    )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(st.tuples(*[block(i) for i in range(4)]))
def test_random_pages_lay_out_and_draw(tmp_path, blocks):
    page = tmp_path / "page.yaml"
    page.write_text(yaml.safe_dump({"extends": "broadsheet", "blocks": list(blocks)}, allow_unicode=True),
                    encoding="utf-8")
    try:
        built = build(page)
    except SpecError as exc:  # only for a reason a person would understand
        assert all(d.message for d in exc.diagnostics)
        return
    pdf = render_pdf([built.page], proof=True)
    assert pdf.startswith(b"%PDF") and built.page.blocks
