"""Diagnostics as a compiler prints them: first line, source line, caret, hints; colour
only on a terminal and never with NO_COLOR; typo hints only from keys valid at that place."""

from __future__ import annotations

import io

import pytest

from typeset.cli import main
from typeset.diagnostics import emit, render, use_colour
from typeset.errors import Diagnostic, SpecError, Span
from typeset.spec import load_spec

PAGE = """\
extends: broadsheet
meta: {title: 测试}
blocks:
  - id: a
    kind: article
    area: {col: 1, cols: 2, row: 1, rows: 10}
    text: 一二三四五六七八九十。
"""


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_source_line_and_caret_under_the_column(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.yaml").write_text(PAGE + "    colums: 2\n", encoding="utf-8")
    d = Diagnostic("error", "unknown key 'colums' in block 'a'", Span("page.yaml", 8, 5), "did you mean 'columns'?")
    assert render(d).splitlines() == [
        "page.yaml:8:5: error: unknown key 'colums' in block 'a'",
        "   |",
        " 8 |     colums: 2",
        "   |     ^^^^^^",
        "   = hint: did you mean 'columns'?",
    ]


def test_caret_counts_wide_characters_twice(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.yaml").write_text("styles:\n  正文: {fnt: song}\n", encoding="utf-8")
    lines = render(Diagnostic("error", "unknown key 'fnt'", Span("page.yaml", 2, 8))).splitlines()
    source, caret = lines[2].split("| ", 1)[1], lines[3].split("| ", 1)[1]
    assert source == "  正文: {fnt: song}"
    assert caret == " " * 9 + "^^^"  # two spaces, 正文 four terminal columns, ": {" three


@pytest.mark.parametrize(("span", "shown"), [
    (None, ["error: the font file is damaged"]),                       # no position
    (Span("missing.yaml", 3, 1), ["missing.yaml:3:1: error: the font file is damaged"]),  # file gone
    (Span("page.yaml", 99, 1), ["page.yaml:99:1: error: the font file is damaged"]),      # no such line
])
def test_no_source_line_when_there_is_none_to_show(tmp_path, monkeypatch, span, shown):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.yaml").write_text(PAGE, encoding="utf-8")
    assert render(Diagnostic("error", "the font file is damaged", span)).splitlines() == shown


def test_several_hint_lines(tmp_path):
    d = Diagnostic("warning", "picture prints at 150 dpi", None, "use a larger picture\nor make the frame smaller")
    assert render(d).splitlines() == ["warning: picture prints at 150 dpi", "  = hint: use a larger picture",
                                      "  = hint: or make the frame smaller"]


def test_colour_only_on_a_terminal_and_never_with_no_color(monkeypatch):
    d = Diagnostic("error", "bad", Span("x.yaml", 1, 1), "fix it")
    monkeypatch.delenv("NO_COLOR", raising=False)
    plain, terminal = io.StringIO(), Terminal()
    emit([d], plain)
    emit([d], terminal)
    assert "\033[" not in plain.getvalue()
    assert "\033[1;31merror\033[0m" in terminal.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(Terminal())
    monkeypatch.setenv("NO_COLOR", "")  # set but empty: the convention says colour stays on
    assert use_colour(Terminal())


HINTS = [
    # (key written into the block / place, where, expected hint)
    ("heading: x", "article", "did you mean 'headline'?"),
    ("colums: 2", "article", "did you mean 'columns'?"),
    ("headline: x", "text", "'headline' is a key of article blocks; this block is a text block"),
    ("caption: x", "text", "'caption' is a key of image blocks; this block is a text block"),
    ("lenes: [一]", "text", "did you mean 'lines'?"),
]


@pytest.mark.parametrize(("line", "kind", "hint"), HINTS, ids=[h[0].split(":")[0] + "-" + h[1] for h in HINTS])
def test_typo_hints_come_from_the_keys_valid_there(tmp_path, line, kind, hint):
    text = PAGE.replace("kind: article", f"kind: {kind}")
    if kind == "text":
        text = text.replace("text: 一二三四五六七八九十。", "lines: [一]")
    (tmp_path / "page.yaml").write_text(text + f"    {line}\n", encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_spec(tmp_path / "page.yaml")
    [d] = exc.value.diagnostics
    assert d.hint.startswith(hint)


@pytest.mark.parametrize(("yaml_text", "hint"), [
    ("styles:\n  正文: {fnt: song}\n", "did you mean 'font'?"),
    ("meta: {titel: 测试}\n", "did you mean 'title'?"),
    ("grid: {colums: 6}\n", "did you mean 'columns'?"),
    ("blocks:\n  - id: a\n    kind: article\n    area: {col: 1, colls: 2, row: 1, rows: 10}\n    text: 一\n",
     "did you mean 'cols'?"),
    ("blocks:\n  - id: a\n    kind: article\n    area: {col: 1, cols: 2, row: 1, rows: 10}\n    text: 一\n"
     "    headline: {title: 标, leading: 3}\n", "valid here: align,"),  # a Style key, not a Headline one
])
def test_hints_for_nested_places(tmp_path, yaml_text, hint):
    (tmp_path / "page.yaml").write_text("extends: broadsheet\n" + yaml_text, encoding="utf-8")
    with pytest.raises(SpecError) as exc:
        load_spec(tmp_path / "page.yaml")
    assert [d.hint for d in exc.value.diagnostics if d.message.startswith("unknown key")][0].startswith(hint)


def test_render_shows_the_source_line_on_stderr(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "page.yaml").write_text(PAGE + "    heading: 标题\n", encoding="utf-8")
    assert main(["render", "page.yaml", "-o", "out.pdf"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[:5] == [
        "page.yaml:8:5: error: unknown key 'heading' in block 'a'",
        "   |",
        " 8 |     heading: 标题",
        "   |     ^^^^^^^",
        "   = hint: did you mean 'headline'?",
    ]
