"""The command line's parser made for the one command a command line names
(cli/args.py ``parser(command)``) reads it as the whole parser does, and prints the same
help; its help formatter is told the terminal width shutil would give."""

from __future__ import annotations

import contextlib
import io

import pytest

from typeset.cli.args import COMMANDS, _columns, parser

LINES = {
    "render": ["render", "a.yaml", "b.yaml", "-o", "out/", "--proof", "--marks", "--pdfx", "4", "-q"],
    "check": ["check", "a.yaml", "--json", "--transcript", "--root", "r", "--font-dir", "f"],
    "preview": ["preview", "a.yaml", "-o", "a.png", "--dpi", "72", "--proof", "-v"],
    "batch": ["batch", "issue.yaml", "-o", "i.pdf", "--jobs", "2", "--keep-going", "--split", "s", "--time-limit", "3"],
    "preflight": ["preflight", "a.pdf", "--json", "--ink-limit", "220", "--min-ppi", "150"],
    "fonts": ["fonts", "--check", "a.yaml"],
    "schema": ["schema", "--layout"],
    "query": ["query", "a.yaml", "--debug"],
    "serve": ["serve", "issue.yaml", "--port", "0", "--host", "0.0.0.0"],
    "watch": ["watch", "a.yaml", "-o", "a.pdf", "--png", "a.png", "--proof"],
    "diff": ["diff", "a.yaml", "--rev", "HEAD~1", "-o", "d.pdf", "--json"],
}


def test_every_command_has_a_line_here():
    assert sorted(LINES) == sorted(COMMANDS)


@pytest.mark.parametrize("command", sorted(LINES))
def test_the_parser_of_one_command_reads_its_line_as_the_whole_parser_does(command):
    assert vars(parser(command).parse_args(LINES[command])) == vars(parser().parse_args(LINES[command]))


def _help(p, argv) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        p.parse_args(argv)
    return out.getvalue()


@pytest.mark.parametrize("command", sorted(LINES))
def test_the_parser_of_one_command_prints_its_help_as_the_whole_parser_does(command, monkeypatch):
    monkeypatch.setenv("COLUMNS", "100")
    assert _help(parser(command), [command, "--help"]) == _help(parser(), [command, "--help"])


@pytest.mark.parametrize("env", ["137", "0", "x", None])
def test_the_width_is_what_shutil_gives(monkeypatch, env):
    import shutil

    if env is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", env)
    assert _columns() == shutil.get_terminal_size().columns
    if env == "137":
        assert _columns() == 137
