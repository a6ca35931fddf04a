"""转版 (jumps): a story that does not fit its block continues on another page of the issue.

An article that ``continues: {page, block}`` and overflows keeps the last line of its
last column for the foot jump line （下转第N版） and sends the copy that did not fit on
as a :class:`Jump` (``Page.jumps``). ``paiban batch`` lays the page with the
continuation (an article with ``continued: true``) out again with that copy, headed
by its jump line （上接第M版）; a continuation may continue again (a chain). Checked or
rendered on its own, a part sets only its own copy and says where the rest goes.
Pure helpers over plain records; the article kind calls them.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import Span
from ..spec.copy import Para, Run
from .flow import Region

STYLE = "转版"  # the layout's style of jump lines (正文 if it has none)


@dataclass(frozen=True, slots=True)
class Jump:
    """The rest of a story, sent from one part to the next."""

    block: str               # the part that continues
    from_page: str           # its page number (meta.page), for the head jump line
    to_page: int
    to_block: str
    paras: tuple[Para, ...]  # the copy that did not fit (a paragraph cut inside is set flush)
    lines: int               # lines and characters of it, as set in this part's measure
    chars: int
    span: Span | None        # the ``continues`` key, for errors about its page or block


def foot_line(page: int | str) -> str:
    return f"（下转第{page}版）"


def head_line(page: int | str) -> str:
    return f"（上接第{page}版）"


def rest_of_copy(paras: list[Para], number: int, offset: int) -> tuple[Para, ...]:
    """The copy from character ``offset`` of paragraph ``number`` on. The rest of a
    paragraph cut inside is set flush (it carries on a sentence: no first-line indent)."""
    if offset == 0:
        return tuple(paras[number:])
    return (_cut(paras[number], offset), *paras[number + 1:])


def _cut(para: Para, offset: int) -> Para:
    runs, pos = [], 0
    for run in para.runs:
        end = pos + len(run.text)
        if end > offset:
            runs.append(Run(run.text[max(0, offset - pos):], run.bold))
        pos = end
    return Para("flush" if para.kind == "body" else para.kind, tuple(runs), para.line)


def reserve(regions: list[Region], head: bool, foot: bool) -> list[Region]:
    """The regions less the first line of the first (head jump line) and the last line of
    the last (foot jump line); regions left without a line are dropped."""
    out = list(regions)
    if head and out:
        r = out[0]
        out[0] = Region(r.column, r.row + 1, r.rows - 1)
    if foot and out:
        r = out[-1]
        out[-1] = Region(r.column, r.row, r.rows - 1)
    return [r for r in out if r.rows > 0]
