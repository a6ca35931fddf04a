"""Shared test helpers: exact fake metrics for the composer, paths, rendered examples."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

# a small valid page: one two-column article of inline copy on the broadsheet
SMALL_PAGE = """\
extends: broadsheet
meta: {title: 测试}
blocks:
  - id: a
    kind: article
    area: {col: 1, cols: 2, row: 1, rows: 10}
    columns: 2
    text: 一二三四五六七八九十。
"""


class SquareMetrics:
    """Han and full-width marks 1 em, ASCII ½ em, — 0.89 em, · ⅓ em: exact numbers."""

    def advance(self, role: str, ch: str) -> float:
        if ch == "—":
            return 0.89
        if ch == "·":
            return 1 / 3
        if ch.isascii():
            return 0.5
        return 1.0


@pytest.fixture
def metrics() -> SquareMetrics:
    return SquareMetrics()


@pytest.fixture(scope="session")
def rendered(tmp_path_factory):
    """Both example pages laid out and rendered once for the end-to-end tests."""
    from typeset.pipeline import build
    from typeset.render import render_pdf

    out = {}
    folder = tmp_path_factory.mktemp("render")
    for name in ("laodongzhe", "guanxin"):
        built = build(EXAMPLES / name / "page.yaml")
        pdf = render_pdf([built.page])
        path = folder / f"{name}.pdf"
        path.write_bytes(pdf)
        out[name] = (built, path)
    return out


@pytest.fixture
def guanxin_copy(tmp_path, monkeypatch) -> Path:
    """The page file of a copy of the 关心下一代 example, with a cache of its own."""
    import shutil

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    shutil.copytree(EXAMPLES / "guanxin", tmp_path / "g")
    return tmp_path / "g/page.yaml"


@pytest.fixture
def warm():
    """This process made resident (as ``paiban serve`` and ``watch`` are) for the test:
    yields :mod:`typeset.pipeline`."""
    from typeset import pipeline
    from typeset.fonts import FontSet

    pipeline.keep_warm(FontSet.bundled())
    yield pipeline
    pipeline.keep_warm(None)
