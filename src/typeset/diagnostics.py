"""Diagnostics as a compiler prints them (rustc, Typst): the one place that formats a
:class:`~typeset.errors.Diagnostic` for a person reading a terminal or a log::

    page.yaml:7:5: error: unknown key 'colums' in block 'a'
       |
     7 |     colums: 2
       |     ^^^^^^
       = hint: did you mean 'columns'?

The first line is :meth:`Diagnostic.format`'s first line (what tests and scripts match);
then the source line with a caret under the column (placed by display width, so a line
of Chinese text lines up in a terminal), then one ``= hint:`` line a hint line. Colour
only when the stream is a terminal and ``NO_COLOR`` is unset (https://no-color.org).
"""

from __future__ import annotations

import os
import sys
import unicodedata
from pathlib import Path

from .errors import Diagnostic

MAX_SOURCE_BYTES = 4 << 20  # a file larger than this is not read again just to show a line
TAB = "    "
STOP = set(" \t:,{}[]#\"'")  # where the underlined word ends

_RESET, _BOLD = "\033[0m", "\033[1m"
_COLOURS = {"error": "\033[1;31m", "warning": "\033[1;33m", "hint": "\033[1;36m", "gutter": "\033[1;34m"}


def use_colour(stream) -> bool:
    """Colour for a terminal, unless the user asked for none (``NO_COLOR`` set and not empty)."""
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


def emit(diagnostics, stream=None) -> None:
    """Print diagnostics to ``stream`` (default stderr), each with its source line."""
    stream = stream or sys.stderr
    colour = use_colour(stream)
    for d in diagnostics:
        print(render(d, colour), file=stream)


def render(d: Diagnostic, colour: bool = False) -> str:
    paint = _painter(colour)
    where = f"{paint('path', str(d.span))}: " if d.span else ""
    lines = [f"{where}{paint(d.severity, d.severity)}: {paint('path', d.message)}"]
    source = _source_line(d.span) if d.span and d.span.line else None
    if source is not None:
        number = str(d.span.line)
        pad = " " * len(number)
        shown = source.replace("\t", TAB)
        before = _width(source[:d.span.col - 1])
        marks = "^" * max(1, _width(_word(source, d.span.col - 1)))
        lines += [f" {pad} {paint('gutter', '|')}",
                  f" {paint('gutter', number)} {paint('gutter', '|')} {shown}",
                  f" {pad} {paint('gutter', '|')} {' ' * before}{paint(d.severity, marks)}"]
    pad = " " * (len(str(d.span.line)) if source is not None else 0)
    for hint in (d.hint or "").splitlines():
        lines.append(f" {pad} {paint('gutter', '=')} {paint('hint', 'hint')}: {hint}")
    return "\n".join(lines)


def _painter(colour: bool):
    def paint(role: str, text: str) -> str:
        if not colour:
            return text
        code = _BOLD if role == "path" else _COLOURS.get(role, _BOLD)
        return f"{code}{text}{_RESET}"
    return paint


def _source_line(span) -> str | None:
    """Line ``span.line`` of the user's file, or None when it cannot be shown."""
    path = Path(span.file)
    try:
        if not path.is_file() or path.stat().st_size > MAX_SOURCE_BYTES:
            return None
        text = path.read_bytes().decode("utf-8-sig", errors="replace")
    except OSError:
        return None
    lines = text.splitlines()
    if not 1 <= span.line <= len(lines):
        return None
    line = lines[span.line - 1]
    if "\ufffd" in line or len(line) > 400:  # not UTF-8 (a GBK file), or no line to show
        return None
    return line


def _word(line: str, start: int) -> str:
    """The word the caret underlines: from the column to the next space or YAML mark."""
    end = start
    while end < len(line) and line[end] not in STOP:
        end += 1
    return line[start:end]


def _width(text: str) -> int:
    """Terminal columns of ``text``: wide (Han, full-width) characters take two."""
    return sum(len(TAB) if ch == "\t" else 2 if unicodedata.east_asian_width(ch) in "WF" else
               0 if unicodedata.combining(ch) else 1 for ch in text)
