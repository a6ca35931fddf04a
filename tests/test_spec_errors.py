"""Every bad input gets one clear message with file:line:column, exit 2, no output."""

from __future__ import annotations

from pathlib import Path

import pytest

from typeset.cli import main

GOOD = """\
extends: broadsheet
meta: {title: 测试}
blocks:
  - id: a
    kind: article
    area: {col: 1, cols: 2, row: 1, rows: 10}
    columns: 2
    text: 一二三四五六七八九十。
"""

CASES = [
    ("tab indentation", "extends: broadsheet\nblocks:\n\t- id: a\n", "3:1", "tab character used for indentation"),
    ("unclosed quote", 'extends: broadsheet\nmeta: {title: "abc}\n', "", "YAML syntax error"),
    ("duplicate key", "extends: broadsheet\nmeta: {title: a}\nmeta: {title: b}\n", "3:1", "duplicate key 'meta'"),
    ("unknown key with suggestion", GOOD.replace("columns: 2", "colums: 2"), "7:5", "unknown key 'colums'"),
    ("wrong type", GOOD.replace("cols: 2,", "cols: two,"), "6:20", "valid integer"),
    ("negative size", GOOD.replace("rows: 10", "rows: -3"), "6:37", "greater than or equal to 1"),
    ("block off the grid", GOOD.replace("col: 1, cols: 2", "col: 7, cols: 4"), "6:20",
     "spans columns 7–10 but the grid has 8 columns"),
    ("unknown block kind", GOOD.replace("kind: article", "kind: artcle"), "5:5", "block kind must be one of"),
    ("missing layout", GOOD.replace("broadsheet", "broadshet"), "1:1", "layout 'broadshet' not found"),
    ("missing article file", GOOD.replace("text: 一二三四五六七八九十。", "body: nope.md"), "8:5", "file not found"),
    ("path escapes the project", GOOD.replace("text: 一二三四五六七八九十。", "body: ../../etc/passwd"), "8:5",
     "outside the page's project folder"),
    ("alias bomb", "extends: broadsheet\na: &a [x, x]\nb: *a\n", "3:4", "aliases"),
    ("unknown style", GOOD + "    style: 正问\n", "9:5", "unknown style '正问'"),
    ("unknown font role", GOOD + "styles:\n  正文: {font: sogn}\n", "10:8", "unknown font role 'sogn'"),
]


@pytest.mark.parametrize(("case", "text", "where", "message"), CASES, ids=[c[0] for c in CASES])
def test_bad_spec_message(tmp_path, monkeypatch, capsys, case, text, where, message):
    (tmp_path / "page.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    code = main(["render", "page.yaml", "-o", "out.pdf"])
    err = capsys.readouterr().err
    assert code == 2, err
    assert message in err, err
    if where:
        assert f"page.yaml:{where}:" in err, err
    assert "Traceback" not in err
    assert not Path("out.pdf").exists()


def test_overlapping_blocks(tmp_path, monkeypatch, capsys):
    text = GOOD + "  - id: b\n    kind: text\n    area: {col: 2, cols: 2, row: 5, rows: 2}\n    lines: [x]\n"
    (tmp_path / "page.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "page.yaml"]) == 2
    assert "overlaps block 'a'" in capsys.readouterr().err


def test_gbk_article_is_refused_with_advice(tmp_path, monkeypatch, capsys):
    (tmp_path / "a.md").write_bytes("二〇二二年，全市各级工会".encode("gb18030"))
    (tmp_path / "page.yaml").write_text(GOOD.replace("text: 一二三四五六七八九十。", "body: a.md"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert main(["check", "page.yaml"]) == 2
    assert "GBK/GB18030" in capsys.readouterr().err


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
    assert block["capacity"] == 20 and block["overset_lines"] == 11
    assert block["overset_chars"] == 400 - (11 + 19 * 13)


def test_proof_marks_overset_in_chinese(tmp_path, monkeypatch):
    import pdfplumber
    monkeypatch.chdir(tmp_path)
    Path("page.yaml").write_text(GOOD.replace("一二三四五六七八九十。", "一二三四五六七八九十" * 40), encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "proof.pdf", "--proof", "-q"]) == 1
    with pdfplumber.open("proof.pdf") as pdf:
        label = "".join(c["text"] for c in pdf.pages[0].chars if round(c["size"]) == 8)
    assert label.replace(" ", "") == "超142字/11行"
