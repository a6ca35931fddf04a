"""Article copy: the small Markdown subset editors deliver, parsed into paragraphs.

- a blank line separates paragraphs; lines of one paragraph are joined without spaces
  between Han characters (copy wrapped by a desk system stays one paragraph);
- ``## 小标题`` is a sub-head on its own line(s);
- ``**一是**…`` sets a bold run-in head inside a paragraph;
- ``>> 署名`` is set right-aligned (bylines, a letter's signature and date);
- ``| 尊敬的…：`` is set flush left without indent (salutations).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BOLD = re.compile(r"\*\*(.+?)\*\*")


@dataclass(frozen=True, slots=True)
class Run:
    text: str
    bold: bool = False


@dataclass(frozen=True, slots=True)
class Para:
    kind: str            # body | head | right | flush
    runs: tuple[Run, ...]
    line: int            # 1-based line in the source file

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


KINDS = {"## ": "head", ">> ": "right", "| ": "flush"}


def parse_copy(text: str) -> list[Para]:
    paras: list[Para] = []
    buf: list[str] = []
    start = 0
    for n, raw in enumerate(text.splitlines() + [""], 1):
        line = raw.strip()
        kind_prefix = next((p for p in KINDS if line.startswith(p) or line == p.strip()), None)
        if not line or kind_prefix or (buf and _prefix(buf[0])):
            if buf:
                paras.append(_para(buf, start))
                buf = []
        if line:
            if not buf:
                start = n
            buf.append(line)
    return [p for p in paras if p.text]


def _prefix(line: str) -> str | None:
    return next((p for p in KINDS if line.startswith(p)), None)


def _para(lines: list[str], start: int) -> Para:
    prefix = _prefix(lines[0])
    kind = KINDS[prefix] if prefix else "body"
    first = lines[0][len(prefix):] if prefix else lines[0]
    text = _join([first.strip(), *lines[1:]])
    runs: list[Run] = []
    pos = 0
    for match in _BOLD.finditer(text):
        if match.start() > pos:
            runs.append(Run(text[pos:match.start()]))
        runs.append(Run(match.group(1), bold=True))
        pos = match.end()
    if pos < len(text):
        runs.append(Run(text[pos:]))
    return Para(kind, tuple(runs), start)


def _join(lines: list[str]) -> str:
    """Join wrapped lines: no space between CJK, one space between Latin words."""
    out = lines[0]
    for line in lines[1:]:
        if out and line and out[-1].isascii() and line[0].isascii() and out[-1].isalnum():
            out += " "
        out += line
    return out.lstrip("\u3000 ")
