"""Copy-fit help (拼版提示): what would make an overset or short story fit its block.

Pure functions over the flowed lines of one article (each line: its paragraph and how
many characters it holds), for the hints of the ``overset`` and ``short`` findings:

- overset by N lines: the N paragraphs whose last line is shortest, shortest first.
  Cutting a paragraph's last line (its k characters, anywhere in the paragraph) takes
  one line off the story, so cutting those N saves the N lines. A paragraph of one
  line, a sub-head and a byline are not offered (cutting them removes them);
- short by E empty lines: about E × (characters a line holds) 字 to add;
- a headline that does not fit: the largest size of the style's steps (the 号 sizes
  under its own) at which it does.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from ..errors import Span


@dataclass(frozen=True, slots=True)
class ParaEnd:
    """A paragraph of the flowed copy: how many lines it takes, and its last line's length."""

    para: int           # index among the block's paragraphs, in copy order
    lines: int
    last_chars: int     # characters on its last line


@dataclass(frozen=True, slots=True)
class Cuts:
    """The paragraphs to cut a line from, and what is still to save after them."""

    paras: tuple[ParaEnd, ...]
    lines_left: int     # lines to save beyond these paragraphs (too few paragraphs to cut)


def paragraph_ends(lines: Iterable[tuple[int, int]]) -> list[ParaEnd]:
    """The paragraphs of flowed lines given as (paragraph index, characters), in order."""
    ends: dict[int, ParaEnd] = {}
    for para, chars in lines:
        before = ends.get(para)
        ends[para] = ParaEnd(para, (before.lines if before else 0) + 1, chars)
    return list(ends.values())


def cuts(paras: Sequence[ParaEnd], save: int, cuttable: Callable[[int], bool] = lambda _: True) -> Cuts:
    """The ``save`` paragraphs (of two lines or more, ``cuttable``) whose last line is
    shortest, shortest first (ties in copy order)."""
    if save <= 0:
        return Cuts((), 0)
    offered = sorted((p for p in paras if p.lines >= 2 and cuttable(p.para)), key=lambda p: (p.last_chars, p.para))
    chosen = tuple(offered[:save])
    return Cuts(chosen, save - len(chosen))


def chars_to_add(empty_lines: int, line_chars: int) -> int:
    """字 of copy that fill ``empty_lines`` lines of ``line_chars`` characters."""
    return max(0, empty_lines) * max(0, line_chars)


def largest_fitting(steps: Iterable[float], fits: Callable[[float], bool]) -> float | None:
    """The largest size of ``steps`` at which ``fits`` holds (None: at none of them)."""
    for size in sorted(set(steps), reverse=True):
        if fits(size):
            return size
    return None


def size_steps(sizes: dict[str, float], current: float) -> list[float]:
    """The steps a headline that does not fit may take: the 号 sizes (and a page's own
    named sizes) under its style's size, largest first."""
    return sorted({s for s in sizes.values() if s < current - 1e-6}, reverse=True)


def overset_hint(found: Cuts, sources: Sequence[Span | None] | Mapping[int, Span | None], line_chars: int) -> str:
    """The hint of an overset finding, e.g. ``cut the last line of these paragraphs, a
    line each: lead.md:12 (2 字), lead.md:30 (3 字)``."""
    parts = [f"{_where(sources[p.para], p.para)} ({p.last_chars} 字)" for p in found.paras]
    text = ""
    if parts:
        text = f"cut the last line of this paragraph: {parts[0]}" if len(parts) == 1 else \
            f"cut the last line of these paragraphs, a line each: {', '.join(parts)}"
    if found.lines_left:
        more = f"about {chars_to_add(found.lines_left, line_chars)} 字 ({found.lines_left} lines)"
        text = f"{text}; then cut {more} more" if text else f"cut {more}"
    return text


def short_hint(empty_lines: int, line_chars: int, band_lines: int) -> str:
    """The hint of a 缺行 finding: the copy that fills the ``empty_lines``, or the block
    ``band_lines`` shorter (the empty band under the level feet)."""
    return (f"add about {chars_to_add(empty_lines, line_chars)} 字 of copy ({empty_lines} lines of {line_chars} 字), "
            f"or give the block {band_lines} fewer lines")


def headline_hint(size: float | None, names: dict[str, float]) -> str:
    if size is None:
        return "no size of the style's steps fits: shorten the headline or widen it (headline.cols)"
    name = next((n for n, s in names.items() if abs(s - size) < 1e-6 and not n.isascii()), None)
    shown = f"{name} ({size:g} pt)" if name else f"{size:g} pt"
    return f"set the title at {shown}, the largest size that fits"


def _where(span: Span | None, para: int) -> str:
    if span is None:
        return f"paragraph {para + 1}"
    return f"{span.file}:{span.line}" if span.line else span.file
