"""The page format as typed models (pydantic): what a page file and a layout may say.

Every model forbids unknown keys, so a typo is an error with a suggestion. Lengths stay
as written (``"4mm"``, ``"小五"``) here and are resolved by :mod:`typeset.spec.validate`,
which knows the page's grid and 号 table.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Length = str | float
AlignName = Literal["justify", "start", "center", "end", "distribute"]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Area(Model):
    """A rectangle on the grid: 栏 (columns) and 行 (body lines), 1-based."""

    col: int = Field(ge=1, description="first grid column (1 = leftmost)")
    cols: int = Field(ge=1, description="number of grid columns")
    row: int = Field(ge=1, description="first body line (1 = top of the 版心)")
    rows: int = Field(ge=1, description="number of body lines")


class PageGeometry(Model):
    width: Length = Field(description="trimmed page width")
    height: Length = Field(description="trimmed page height")
    bleed: Length = Field(default="3mm", description="bleed beyond the trim on each side")


class Grid(Model):
    columns: int = Field(ge=1, le=24, description="basic columns (栏)")
    column_chars: float = Field(gt=0, description="body characters per basic column")
    gutter_chars: float = Field(ge=0, description="gutter (栏空) in body characters")
    body_size: Length = Field(description="body text size, e.g. 小五")
    line_pitch: Length = Field(description="baseline-to-baseline distance of body lines")
    lines: int = Field(ge=1, le=400, description="body lines (行) in the 版心")
    top: Length | None = Field(default=None, description="top margin; centred when omitted")
    left: Length | None = Field(default=None, description="left margin; centred when omitted")


class Style(Model):
    """A named paragraph style; unset keys come from ``parent`` (default 正文)."""

    parent: str | None = None
    font: str | None = Field(default=None, description="font role: song, hei, kai …")
    size: Length | None = None
    align: AlignName | None = None
    last_align: AlignName | None = None
    indent: float | None = Field(default=None, description="first-line indent in em")
    indent_rest: float | None = Field(default=None, description="indent of later lines in em (凸排)")
    leading: Length | None = Field(default=None, description="line pitch for display text")
    color: str | None = Field(default=None, description="CMYK as 'c m y k' percentages")
    punct: Literal["newspaper", "kaiming", "quanjiao"] | None = None
    tracking: float | None = Field(default=None, description="extra space between characters in em")


class FontRole(Model):
    file: str | None = None
    face: int | str | None = None
    fallback: list[str] = Field(default_factory=list)


class Meta(Model):
    title: str = ""
    date: dt.date | str | None = None
    page: int | str | None = None
    edition: str | None = None
    paper: str | None = None
    subject: str | None = None
    author: str | None = None


class Headline(Model):
    """引题 (kicker) / 主题 (title) / 副题 (subtitle), each its own style and alignment."""

    kicker: str | None = None
    title: str
    subtitle: str | None = None
    align: AlignName = "center"
    kicker_align: AlignName | None = Field(default=None, description="引题 alignment (default: align)")
    title_align: AlignName | None = Field(default=None, description="主题 alignment (default: align)")
    subtitle_align: AlignName | None = Field(default=None, description="副题 alignment (default: align)")
    kicker_style: str = "引题"
    title_style: str = "主题"
    subtitle_style: str = "副题"
    cols: int | None = Field(default=None, ge=1, description="grid columns the headline spans")
    space_after: int = Field(default=1, ge=0, description="empty body lines below the stack")


class Note(Model):
    """编者按: a label and a paragraph set apart in a ruled box."""

    label: str = "编者按"
    text: str
    style: str = "编者按"
    frame: bool = True


class Figure(Model):
    """An image inside an article; the text runs around it."""

    file: str | None = Field(default=None, description="PNG/JPEG; omitted = neutral placeholder")
    cols: int = Field(ge=1)
    rows: int = Field(ge=1)
    position: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = "top-right"
    caption: str | None = None
    caption_style: str = "图片说明"


class BlockBase(Model):
    id: str = Field(min_length=1)
    area: Area
    frame: bool = False
    tint: float | None = Field(default=None, ge=0, le=100, description="background tint, % black")
    overlap: bool = Field(default=False, description="allow this block to overlap others")


class ArticleBlock(BlockBase):
    kind: Literal["article"]
    columns: int = Field(default=1, ge=1, le=12, description="text columns inside the block")
    headline: Headline | None = None
    label: str | None = Field(default=None, description="栏目 label above the headline")
    note: Note | None = None
    figure: Figure | None = None
    body: str | None = Field(default=None, description="article file (.md) beside the page")
    text: str | None = Field(default=None, description="inline copy instead of a file")
    encoding: str = "utf-8"
    style: str = "正文"
    byline: str | None = Field(default=None, description="署名, set right-aligned after the body")
    more: list[Area] = Field(default_factory=list, description=(
        "further rectangles of an irregular article (an L or a step): the body then runs one "
        "text column per grid column, each column top to bottom through the whole shape"))
    balance: bool = True


class TextBlock(BlockBase):
    """One or more lines of display text (报眉, credits, slogans, labels)."""

    kind: Literal["text"]
    lines: list[str]
    style: str = "正文"
    align: AlignName | None = None
    vertical: bool = False
    reverse: bool = Field(default=False, description="white text on a solid panel (反白)")


class MastheadBlock(BlockBase):
    """Flag of a special page (版头): title, pinyin, sponsor line, slogan, issue no."""

    kind: Literal["masthead"]
    title: str
    pinyin: str | None = None
    sponsor: str | None = None
    slogan: str | None = None
    issue: str | None = None
    title_style: str = "版头"
    title_image: str | None = Field(default=None, description=(
        "the title as a picture (PNG/JPEG, e.g. the paper's lettering), set in the title's "
        "place at the title style's leading in height"))


class FolioBlock(BlockBase):
    """报眉 (page header or footer): one line with left, centre and right parts, filled
    from the page's meta: {paper} {date} {weekday} {page} {edition} {title}."""

    kind: Literal["folio"]
    left: str = ""
    center: str = ""
    right: str = ""
    style: str = "报眉"


class ImageBlock(BlockBase):
    kind: Literal["image"]
    file: str | None = None
    caption: str | None = None
    caption_style: str = "图片说明"


class RuleBlock(BlockBase):
    kind: Literal["rule"]
    edge: Literal["top", "bottom", "left", "right"] = "bottom"
    line: Literal["single", "double", "wenwu", "wuwen", "thick"] = "single"


Block = Annotated[
    ArticleBlock | TextBlock | MastheadBlock | FolioBlock | ImageBlock | RuleBlock,
    Field(discriminator="kind"),
]

BLOCK_KINDS = ("article", "text", "masthead", "folio", "image", "rule")


class Layout(Model):
    """A page template in ``layouts/`` (broadsheet 对开, tabloid 四开 …)."""

    extends: str | None = None
    description: str | None = None
    page: PageGeometry
    grid: Grid
    sizes: dict[str, float] = Field(default_factory=dict, description="号 name → pt overrides")
    fonts: dict[str, FontRole] = Field(default_factory=dict)
    styles: dict[str, Style] = Field(default_factory=dict)


class PageSpec(Layout):
    """A page: a layout (``extends``) plus meta and blocks; may override any layout key."""

    meta: Meta = Field(default_factory=Meta)
    blocks: list[Block] = Field(default_factory=list)
