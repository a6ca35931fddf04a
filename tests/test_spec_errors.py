"""Spec loading beyond the bad-input corpus (tests/corpus): encodings, atomic output,
overset counts on purpose-built pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import SMALL_PAGE

from typeset.cli import main

GOOD = SMALL_PAGE

def test_gbk_article_with_encoding_is_read(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.md").write_bytes("二〇二二年，全市各级工会".encode("gb18030"))
    (tmp_path / "page.yaml").write_text(
        GOOD.replace("text: 一二三四五六七八九十。", "body: a.md\n    encoding: gb18030"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "page.yaml"]) == 0


def test_failed_render_keeps_previous_output(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("page.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "out.pdf", "-q"]) == 0
    before = Path("out.pdf").read_bytes()
    Path("page.yaml").write_text(GOOD.replace("cols: 2,", "cols: 20,"), encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "out.pdf", "-q"]) == 2
    assert Path("out.pdf").read_bytes() == before


def test_overset_block_exits_1_and_counts(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("page.yaml").write_text(GOOD.replace("一二三四五六七八九十。", "一二三四五六七八九十" * 40), encoding="utf-8")
    assert main(["check", "page.yaml", "--json"]) == 1
    import json
    report = json.loads(capsys.readouterr().out)
    block = report["pages"][0]["blocks"][0]
    assert not report["ok"]
    # 400 Han characters + 2-em indent in 13-character columns: 31 lines, 2 × 10 fit
    fit = block["fit"]
    assert fit["capacity_lines"] == 20 and fit["overset_lines"] == 11
    assert fit["overset_chars"] == 400 - (11 + 19 * 13)
    (overset,) = [d for d in block["diagnostics"] if d["code"] == "overset"]
    assert overset["severity"] == "error" and overset["block"] == block["id"]
    assert overset["file"] == "page.yaml" and overset["line"] > 0 and "一二三" in overset["message"]


def test_proof_marks_overset_in_chinese(tmp_path, monkeypatch):
    import pdfplumber
    monkeypatch.chdir(tmp_path)
    Path("page.yaml").write_text(GOOD.replace("一二三四五六七八九十。", "一二三四五六七八九十" * 40), encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "proof.pdf", "--proof", "-q"]) == 1
    with pdfplumber.open("proof.pdf") as pdf:
        label = "".join(c["text"] for c in pdf.pages[0].chars if round(c["size"]) == 8)
    assert label.replace(" ", "") == "超142字/11行"


def test_time_limit_stops_a_page_and_names_the_block(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("page.yaml").write_text(GOOD, encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "out.pdf", "--time-limit", "1e-9"]) == 2
    err = capsys.readouterr().err
    assert "page.yaml:4:5: error: laying out the page took more than" in err and "block 'a'" in err
    assert not Path("out.pdf").exists()


def test_extends_depth_is_limited(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    Path("layouts").mkdir()
    for i in range(12):
        Path(f"layouts/l{i}.yaml").write_text(f"extends: l{i + 1}\n" if i < 11 else "extends: broadsheet\n",
                                            encoding="utf-8")
    Path("page.yaml").write_text("extends: l0\nblocks: []\n", encoding="utf-8")
    assert main(["check", "page.yaml"]) == 2
    assert "`extends` is nested more than" in capsys.readouterr().err


def test_format_reference_is_current():
    from typeset.spec.reference import reference

    docs = Path(__file__).resolve().parent.parent / "docs" / "reference.md"
    assert docs.read_text(encoding="utf-8") == reference() + "\n", \
        "docs/reference.md is stale: paiban schema --markdown > docs/reference.md"


@pytest.mark.parametrize("value, shown", [
    (True, "true"), (False, "false"), (None, "null"), (float("inf"), ".inf"), (float("-inf"), "-.inf"),
    (float("nan"), ".nan"), (dt.date(2023, 1, 13), "2023-01-13"), (dt.datetime(2023, 1, 13, 8, 30), "2023-01-13 08:30:00"),
    ([1, True, None], "[1, true, null]"), ({"a": False, "b c": [1.5]}, "{a: false, b c: [1.5]}"),
    ({"key: x": 1, 2: None}, "{'key: x': 1, 2: null}"), ("two", "'two'"), ("it's", '"it\'s"'), (3, "3"), (2.5, "2.5"),
])
def test_values_in_messages_are_spelled_as_yaml_writes_them(value, shown):
    from typeset.errors import quote, yaml_value

    assert yaml_value(value) == quote(value) == shown
