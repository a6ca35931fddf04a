"""The display list: what layout produces and render draws. Absolute pt, y down from
the top edge of the trimmed page. Plain records, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..spec.images import ImageInfo
from ..spec.printing import PrintSettings

CMYK = tuple[float, float, float, float]  # percentages
BLACK: CMYK = (0.0, 0.0, 0.0, 100.0)
WHITE: CMYK = (0.0, 0.0, 0.0, 0.0)


class TextRun(NamedTuple):
    """Characters drawn from (x, baseline y) with their natural advances. ``font`` names a
    face in :attr:`Page.fonts`. A named tuple: a page has thousands, made in layout and
    sent between processes in a batch, so they must be cheap to make and to pickle."""

    x: float
    y: float            # baseline
    text: str
    font: str           # face name, a key of Page.fonts
    size: float
    hscale: float = 1.0
    color: CMYK = BLACK


@dataclass(frozen=True, slots=True)
class Rule:
    x1: float
    y1: float
    x2: float
    y2: float
    width: float = 0.5
    color: CMYK = BLACK


@dataclass(frozen=True, slots=True)
class Box:
    x: float
    y: float
    w: float
    h: float
    fill: CMYK | None = None
    stroke: CMYK | None = None
    stroke_width: float = 0.5


@dataclass(frozen=True, slots=True)
class Picture:
    x: float
    y: float
    w: float
    h: float
    image: ImageInfo | None   # None: neutral placeholder
    label: str = ""


@dataclass(frozen=True, slots=True)
class ProofMark:
    """Drawn only in proof mode: grid, block outlines, trouble spots."""

    kind: str           # grid-col | grid-line | block | overset | short | widow | missing
                        # | inserted | deleted | deleted-note | moved | reflow (proof diff)
    x: float
    y: float
    w: float
    h: float
    label: str = ""


Item = TextRun | Rule | Box | Picture


@dataclass(frozen=True, slots=True)
class SetLine:
    """Where one line of an article's copy was set: which text, and where each character
    stands. Not drawn; recorded when asked for (``layout_page(record_lines=True)``) and
    read by the proof diff (``typeset.diff``) to place its marks.

    ``part`` is ``body`` (``para`` indexes the block's paragraphs as set, the byline
    last) or a headline line (``kicker``, ``title``, ``subtitle``, ``para`` 0).
    ``edges`` holds the page x where each character of ``start:end`` starts, then the
    line's end; the line's cell is ``top`` to ``top + height``."""

    block: str
    part: str
    para: int
    start: int
    end: int
    edges: tuple[float, ...]
    top: float
    height: float


@dataclass(frozen=True, slots=True)
class BlockReport:
    id: str
    kind: str
    capacity: int = 0       # body lines the block can hold
    used: int = 0           # body lines set
    overset_lines: int = 0
    overset_chars: int = 0
    short_lines: int = 0    # empty lines at the end (缺行)
    problems: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()  # worth a look, not a failure (e.g. a low-resolution picture)


@dataclass(frozen=True, slots=True)
class MissingReport:
    char: str
    codepoint: str
    role: str
    block: str


@dataclass(frozen=True, slots=True)
class Page:
    width: float
    height: float
    bleed: float
    title: str
    meta: dict[str, str]
    items: tuple[Item, ...]
    proof: tuple[ProofMark, ...]
    blocks: tuple[BlockReport, ...]
    missing: tuple[MissingReport, ...] = field(default=())
    source: str = ""
    fonts: dict[str, str] = field(default_factory=dict)  # face name -> TrueType file
    lines: tuple[SetLine, ...] = ()  # where the copy was set (for the proof diff)
    print: PrintSettings | None = None  # the press: output profile, ink limit, preflight limits

    @property
    def ok(self) -> bool:
        return not self.missing and not any(b.overset_lines for b in self.blocks)
