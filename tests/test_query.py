"""`paiban query`: every block of the page with its area (grid and pt), the line where it
is defined, its fit figures and diagnostics, as JSON; input errors as JSON too."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml
from conftest import EXAMPLES

from typeset.cli import main


def query(capsys, *argv) -> tuple[int, dict, str]:
    code = main(["query", *map(str, argv)])
    captured = capsys.readouterr()
    return code, json.loads(captured.out), captured.err


@pytest.mark.parametrize("name", ["laodongzhe", "guanxin"])
def test_every_block_with_its_area_source_line_and_fit(capsys, name):
    page = EXAMPLES / name / "page.yaml"
    code, data, err = query(capsys, page)
    assert code == 0 and err == ""
    spec = yaml.safe_load(page.read_text(encoding="utf-8"))  # an independent reading of the page file
    assert [b["id"] for b in data["blocks"]] == [b["id"] for b in spec["blocks"]]
    lines = page.read_text(encoding="utf-8").splitlines()
    g = data["grid"]
    for block, given in zip(data["blocks"], spec["blocks"]):
        assert block["kind"] == given["kind"]
        assert block["area"]["grid"] == given["area"]
        defined = block["defined"]
        assert defined["file"].endswith(f"{name}/page.yaml")
        assert lines[defined["line"] - 1][defined["col"] - 1:].startswith(("id:", "kind:", "area:"))
        assert f"id: {block['id']}" in "\n".join(lines[defined["line"] - 1:defined["line"] + 8])
        a, pt = given["area"], block["area"]["pt"]
        assert pt["x"] == pytest.approx(g["left"] + (a["col"] - 1) * (g["column"] + g["gutter"]), abs=0.02)
        assert pt["w"] == pytest.approx(a["cols"] * g["column"] + (a["cols"] - 1) * g["gutter"], abs=0.02)
        assert pt["y"] == pytest.approx(g["top"] + (a["row"] - 1) * g["line_pitch"], abs=0.02)
        assert pt["h"] == pytest.approx(a["rows"] * g["line_pitch"], abs=0.02)
        assert set(block["fit"]) == {"capacity_lines", "used_lines", "overset_lines", "overset_chars",
                                     "short_lines", "short_chars"}
        assert isinstance(block["diagnostics"], list)
    articles = [b for b in data["blocks"] if b["kind"] == "article"]
    assert articles and all(b["fit"]["capacity_lines"] >= b["fit"]["used_lines"] > 0 for b in articles)
    assert data["ok"] is True and data["page"]["width"] > 1000


def test_overset_block_shows_in_its_fit_and_exit_1(tmp_path, capsys):
    work = tmp_path / "guanxin"
    shutil.copytree(EXAMPLES / "guanxin", work)
    copy = work / "letter.md"
    copy.write_text(copy.read_text(encoding="utf-8") * 3, encoding="utf-8")
    code, data, _ = query(capsys, work / "page.yaml")
    letter = next(b for b in data["blocks"] if b["id"] == "letter")
    assert code == 1 and data["ok"] is False
    assert letter["fit"]["overset_lines"] > 0 and letter["fit"]["overset_chars"] > 0


def test_irregular_article_lists_its_further_areas(tmp_path, capsys):
    (tmp_path / "page.yaml").write_text("""\
extends: broadsheet
blocks:
  - id: story
    kind: article
    area: {col: 1, cols: 2, row: 1, rows: 20}
    more:
      - {col: 1, cols: 4, row: 21, rows: 10}
    headline: {title: 标题}
    text: 一二三四五六七八九十。
""", encoding="utf-8")
    code, data, _ = query(capsys, tmp_path / "page.yaml")
    [story] = data["blocks"]
    assert story["more"][0]["grid"] == {"col": 1, "cols": 4, "row": 21, "rows": 10}
    assert story["more"][0]["pt"]["w"] > story["area"]["pt"]["w"]
    assert story["fit"]["short_lines"] > 0


def test_a_bad_page_gives_its_errors_as_json_and_exit_2(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.yaml").write_text("extends: broadsheet\nblocks:\n  - id: a\n    kind: artcle\n",
                                        encoding="utf-8")
    code, data, err = query(capsys, "page.yaml")
    assert code == 2 and data["ok"] is False and data["blocks"] == []
    [error] = data["errors"]
    assert error["severity"] == "error" and error["span"] == {"file": "page.yaml", "line": 4, "col": 5}
    assert err.startswith("page.yaml:4:5: error:")
