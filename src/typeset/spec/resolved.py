"""The resolved page: what spec hands layout — page and grid in pt (:class:`Geometry`),
styles flattened (:class:`ResolvedStyle`), copy read and parsed, pictures inspected, and
where every block and key was written (:class:`ResolvedPage`). Plain frozen records; made
by :func:`typeset.spec.validate.resolve`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Span, display_path
from ..fonts import FontSet
from .copy import Para
from .images import ImageInfo
from .loader import Located
from .model import PageSpec
from .printing import PrintSettings


@dataclass(frozen=True, slots=True)
class ResolvedStyle:
    name: str
    font: str
    size: float
    align: str
    last_align: str
    indent: float
    indent_rest: float
    leading: float
    color: tuple[float, float, float, float]
    punct: str
    tracking: float
    strict: bool = True  # strict prohibition: —— and …… never start a line
    breaker: str = "optimal"  # optimal (total fit) | greedy (first fit)
    keep_with_next: bool | None = None  # never end a column with it (None: only sub-heads)


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page and grid in pt; y grows down from the top of the trimmed page."""

    width: float
    height: float
    bleed: float
    left: float          # 版心 left edge
    top: float           # 版心 top edge
    column: float        # basic column width
    gutter: float
    columns: int
    pitch: float         # body line pitch
    lines: int
    body: float          # body size

    @property
    def area_width(self) -> float:
        return self.columns * self.column + (self.columns - 1) * self.gutter

    @property
    def area_height(self) -> float:
        return self.lines * self.pitch


@dataclass(frozen=True, slots=True)
class ResolvedPage:
    source: Path
    spec: PageSpec
    geometry: Geometry
    styles: dict[str, ResolvedStyle]
    fonts: FontSet
    copy: dict[str, list[Para]]       # block id -> paragraphs
    images: dict[str, ImageInfo | None]  # block id -> picture (None: placeholder)
    spans: dict[str, Span]            # block id -> where the block is defined
    inputs: dict[Path, str] | None = None  # every file the page was made from -> what it is (output checks)
    print: PrintSettings | None = None  # output profile, printing condition, preflight limits
    located: Located | None = None    # positions of every key, for layout's findings
    paddings: dict[str, float] = field(default_factory=dict)  # block id -> inner margin (pt), where given
    shown: dict[str, str] = field(default_factory=dict, repr=False, compare=False)  # copy file -> as displayed

    def key_span(self, block: str, *keys: str | int) -> Span | None:
        """Where key ``keys`` of block ``block`` is written (or the nearest enclosing key)."""
        index = next((i for i, b in enumerate(self.spec.blocks) if b.id == block), None)
        if self.located is None or index is None:
            return self.spans.get(block)
        return self.located.span(("blocks", index, *keys))

    def copy_span(self, block: str, para: Para) -> Span | None:
        """The line of the article file (or of the inline ``text``) a paragraph starts on."""
        spec = next((b for b in self.spec.blocks if b.id == block), None)
        body = getattr(spec, "body", None)
        if body is not None:  # the file's displayed name found once (layout asks for every paragraph)
            shown = self.shown.get(body)
            if shown is None:
                shown = self.shown[body] = display_path(self.source.parent / body)
            return Span(shown, para.line, 1)
        key = self.key_span(block, "text")
        if key is None or "\n" not in (getattr(spec, "text", None) or ""):
            return key
        return Span(key.file, key.line + para.line, 1)  # a block scalar: copy from the next line
