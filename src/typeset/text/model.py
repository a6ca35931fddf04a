"""Input and output records of the composer (plain data, no behaviour)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import NamedTuple, Protocol


class Metrics(Protocol):
    """What the composer needs from fonts: advance widths in em (1 = the font size)."""

    def advance(self, role: str, ch: str) -> float: ...


class PunctStyle(Enum):
    """Punctuation width styles (clreq #punctuation_width_adjustment)."""

    NEWSPAPER = "newspaper"  # mainland default: full-width, adjacent marks and line end compressed
    KAIMING = "kaiming"      # 开明: 。？！ full width, other marks half width
    QUANJIAO = "quanjiao"    # 全角: every mark full width; compressed only to push a character in


class Align(Enum):
    JUSTIFY = "justify"
    START = "start"
    CENTER = "center"
    END = "end"
    DISTRIBUTE = "distribute"  # 均排: every line, the last too, spread to the full measure


@dataclass(frozen=True, slots=True)
class RunStyle:
    """Font role and size of a run of text."""

    role: str
    size: float  # pt


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of a paragraph's text in one style (index into the styles list)."""

    text: str
    style: int = 0


@dataclass(frozen=True, slots=True)
class ParaConfig:
    """How one paragraph is set. Lengths in pt; indents in em of the first style's size."""

    measure: float
    indent_first: float = 2.0
    indent_rest: float = 0.0
    align: Align = Align.JUSTIFY
    last_align: Align = Align.START
    punct: PunctStyle = PunctStyle.NEWSPAPER
    strict: bool = False
    orphan_control: bool = True
    breaker: str = "optimal"  # optimal (total fit) | greedy (first fit)


class Glyph(NamedTuple):
    """A run of text drawn at ``x`` (pt from the line's start) in one style.

    A named tuple rather than a dataclass: one is made per character, so it must be cheap."""

    text: str
    x: float
    style: int
    hscale: float = 1.0


@dataclass(frozen=True, slots=True)
class Line:
    glyphs: tuple[Glyph, ...]
    start: int          # index of the first character in the paragraph text
    end: int            # index after the last character
    width: float        # set width in pt (the measure for justified lines)
    reason: str         # fit | push-in | push-out | last | forced | overfull
    last: bool = False


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str
    lines: tuple[Line, ...]
    problems: tuple[str, ...] = field(default=())

    def line_text(self, i: int) -> str:
        line = self.lines[i]
        return self.text[line.start:line.end]
