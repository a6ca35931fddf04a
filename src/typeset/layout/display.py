"""The display list: what layout produces and render draws. Absolute pt, y down from
the top edge of the trimmed page. Plain records, no behaviour."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import Diagnostic
from ..spec.images import ImageInfo
from ..spec.printing import PrintSettings

CMYK = tuple[float, float, float, float]  # percentages
BLACK: CMYK = (0.0, 0.0, 0.0, 100.0)
WHITE: CMYK = (0.0, 0.0, 0.0, 0.0)


class TextRun(NamedTuple):
    """Characters drawn from (x, baseline y) with their natural advances. ``font`` names a
    face in :attr:`Page.fonts`. A named tuple: a page has thousands, made in layout and
    sent between processes in a batch, so they must be cheap to make and to pickle.
    ``angle`` turns the run about (x, y), in degrees clockwise on the page: 90 sets a
    Latin run of 竖排 text down its column, the tops of its letters to the right."""

    x: float
    y: float            # baseline
    text: str
    font: str           # face name, a key of Page.fonts
    size: float
    hscale: float = 1.0
    color: CMYK = BLACK
    angle: float = 0.0


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
    note: str = ""      # a trouble band's hint (拼版提示), drawn after its label


Item = TextRun | Rule | Box | Picture


@dataclass(frozen=True, slots=True)
class SetLine:
    """Where one line of an article's copy was set: which text, and where each character
    stands. Not drawn; recorded when asked for (``layout_page(record_lines=True)``) and
    read by the proof diff (``typeset.diff``) to place its marks.

    ``part`` is ``body`` (``para`` indexes the block's paragraphs as set, the byline
    last), a headline line (``kicker``, ``title``, ``subtitle``, ``para`` 0) or a text
    block's ``lines`` (``para`` the line's index). ``edges`` holds the page x where each
    character of ``start:end`` starts, then the line's end; the line's cell is ``top`` to
    ``top + height``. A ``vertical`` line (a 竖排 column) runs down the page: ``edges``
    are page y, and ``top``, ``height`` the column's x and width."""

    block: str
    part: str
    para: int
    start: int
    end: int
    edges: tuple[float, ...]
    top: float
    height: float
    vertical: bool = False


@dataclass(frozen=True, slots=True)
class Fit:
    """Copy-fit figures of a block, in body lines (and 字 where a desk cuts or adds)."""

    capacity_lines: int = 0  # lines the block's text area holds
    used_lines: int = 0      # lines set
    overset_lines: int = 0   # lines that did not fit (超版)
    overset_chars: int = 0
    short_lines: int = 0     # the empty band under the text, all columns (缺行)
    short_chars: int = 0     # ≈ characters that would fill it


@dataclass(frozen=True, slots=True)
class BlockReport:
    """One block of the page: its kind, fit, findings, where it is and which items it drew."""

    id: str
    kind: str
    fit: Fit = Fit()
    diagnostics: tuple[Diagnostic, ...] = ()
    areas: tuple[tuple[float, float, float, float], ...] = ()  # x, y, w, h pt of each rectangle
    items: tuple[int, int] = (0, 0)  # its display items are Page.items[start:end]
    bleed: bool = False              # may reach into the bleed (a picture or tint at the trim)

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


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
    diagnostics: tuple[Diagnostic, ...] = field(default=())  # every finding of layout, in order
    source: str = ""
    fonts: dict[str, str] = field(default_factory=dict)  # face name -> TrueType file
    lines: tuple[SetLine, ...] = ()  # where the copy was set (for the proof diff)
    print: PrintSettings | None = None  # the press: output profile, ink limit, preflight limits
    jumps: tuple = ()  # layout.jumps.Jump: the rest of stories that continue on other pages (转版)

    @property
    def ok(self) -> bool:
        """Printable: no finding of error severity (warnings are for the desk to look at)."""
        return not any(d.severity == "error" for d in self.diagnostics)

    def findings(self, code: str) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.code == code]
