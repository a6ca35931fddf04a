"""The page format as typed models: what a page file and a layout may say.

Every model forbids unknown keys, so a typo is an error with a suggestion. Lengths stay
as written (``"4mm"``, ``"小五"``) here and are resolved by :mod:`typeset.spec.validate`,
which knows the page's grid and 号 table. The models are written in pydantic's spelling
but built on :mod:`typeset.spec.typed` (a fast check without pydantic);
:mod:`typeset.spec.strict` makes pydantic models of them for bad input and the schema.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from .typed import BaseModel, ConfigDict, Field

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

    parent: str | None = Field(default=None, description="style to inherit unset keys from (default 正文)")
    font: str | None = Field(default=None, description="font role: song, hei, kai …")
    size: Length | None = Field(default=None, description="type size: 小五, 9pt, 二号 …")
    align: AlignName | None = Field(default=None, description="alignment of lines (justify: flush both sides)")
    last_align: AlignName | None = Field(default=None, description="alignment of a paragraph's last line")
    indent: float | None = Field(default=None, description="first-line indent in em")
    indent_rest: float | None = Field(default=None, description="indent of later lines in em (凸排)")
    leading: Length | None = Field(default=None, description="line pitch for display text")
    color: str | None = Field(default=None, description="CMYK as 'c m y k' percentages")
    punct: Literal["newspaper", "kaiming", "quanjiao"] | None = Field(
        default=None, description="punctuation widths: newspaper (compressed), kaiming 开明, quanjiao 全角")
    tracking: float | None = Field(default=None, description="extra space between characters in em")
    prohibition: Literal["basic", "strict"] | None = Field(default=None, description=(
        "line-start rules: strict (default) also keeps —— and …… off the start of a line, basic allows it"))
    breaker: Literal["optimal", "greedy"] | None = Field(default=None, description=(
        "line breaking: optimal (default) chooses the breaks of the whole paragraph together, "
        "greedy fills each line in turn"))
    keep_with_next: bool | None = Field(default=None, description=(
        "never end a column with this paragraph (default: true for sub-heads, ## in copy)"))


class FontRole(Model):
    file: str | None = Field(default=None, description="font file beside the page (TTF, OTF, TTC, OTC)")
    face: int | str | None = Field(default=None, description="face in a collection: index or name")
    fallback: list[str] = Field(default_factory=list, description="roles tried, in order, for missing characters")


class Meta(Model):
    title: str = Field(default="", description="page title (PDF title, {title} in a 报眉)")
    date: dt.date | str | None = Field(default=None, description="issue date, YYYY-MM-DD")
    page: int | str | None = Field(default=None, description="page number (版)")
    edition: str | None = Field(default=None, description="edition or issue: 专版, 第111期 …")
    paper: str | None = Field(default=None, description="newspaper name")
    subject: str | None = Field(default=None, description="PDF subject (default: paper)")
    author: str | None = Field(default=None, description="PDF author")


class Headline(Model):
    """引题 (kicker) / 主题 (title) / 副题 (subtitle), each its own style and alignment."""

    kicker: str | None = Field(default=None, description="引题 above the title")
    title: str = Field(description="主题")
    subtitle: str | None = Field(default=None, description="副题 below the title")
    align: AlignName = Field(default="center", description="alignment of all lines of the stack")
    kicker_align: AlignName | None = Field(default=None, description="引题 alignment (default: align)")
    title_align: AlignName | None = Field(default=None, description="主题 alignment (default: align)")
    subtitle_align: AlignName | None = Field(default=None, description="副题 alignment (default: align)")
    kicker_style: str = Field(default="引题", description="style of the kicker")
    title_style: str = Field(default="主题", description="style of the title")
    subtitle_style: str = Field(default="副题", description="style of the subtitle")
    cols: int | None = Field(default=None, ge=1, description="grid columns the headline spans")
    space_after: int = Field(default=1, ge=0, description="empty body lines below the stack")


class Note(Model):
    """编者按: a label and a paragraph set apart in a ruled box."""

    label: str = Field(default="编者按", description="run-in label, set bold")
    text: str = Field(description="the note")
    style: str = Field(default="编者按", description="style of the note")
    frame: bool = Field(default=True, description="rule a box around it")
    columns: int = Field(default=1, ge=1, le=12, description=(
        "text columns inside the box (a note across a wide story reads better in a few columns)"))
    cols: int | None = Field(default=None, ge=1, description=(
        "text columns of the story the box spans, at the top left of the body, the body running "
        "beside and under it (default: across the story, above the body)"))


class Figure(Model):
    """An image inside an article; the text runs around it."""

    file: str | None = Field(default=None, description="PNG/JPEG; omitted = neutral placeholder")
    cols: int = Field(ge=1, description="width in text columns of the article")
    rows: int = Field(ge=1, description="height in body lines, caption included")
    position: Literal["top-left", "top-right", "bottom-left", "bottom-right"] = Field(
        default="top-right", description="corner of the article body it sits in")
    caption: str | None = Field(default=None, description="图片说明, e.g. ■ and a sentence")
    caption_style: str = Field(default="图片说明", description="style of the caption")


class BlockBase(Model):
    id: str = Field(min_length=1, description="name of the block, unique on the page (used in reports)")
    area: Area = Field(description="where the block sits on the grid")
    frame: bool = Field(default=False, description="rule a box around the block")
    tint: float | None = Field(default=None, ge=0, le=100, description="background tint, % black")
    overlap: bool = Field(default=False, description="allow this block to overlap others")
    padding: Length | None = Field(default=None, description=(
        "inner margin between the area's edge (frame, tint) and the text; default ½字 when framed or tinted"))


class Jump(Model):
    """Where the rest of a story goes (转版): an article block of another page of the issue."""

    page: int = Field(ge=1, description="the page (its meta.page) the story continues on")
    block: str = Field(description="the article block there that takes the rest (it has `continued: true`)")


class ArticleBlock(BlockBase):
    kind: Literal["article"] = Field(description="article")
    columns: int = Field(default=1, ge=1, le=12, description="text columns inside the block")
    headline: Headline | None = Field(default=None, description="引题 / 主题 / 副题")
    label: str | None = Field(default=None, description="栏目 label above the headline")
    note: Note | None = Field(default=None, description="编者按 box above the body")
    figure: Figure | None = Field(default=None, description="picture in the body, text around it")
    body: str | None = Field(default=None, description="article file (.md) beside the page")
    text: str | None = Field(default=None, description="inline copy instead of a file")
    encoding: str = Field(default="utf-8", description="encoding of the article file (gb18030 for GBK)")
    style: str = Field(default="正文", description="style of the body")
    byline: str | None = Field(default=None, description="署名, set right-aligned after the body")
    more: list[Area] = Field(default_factory=list, description=(
        "further rectangles of an irregular article (an L or a step): the body then runs one "
        "text column per grid column, each column top to bottom through the whole shape"))
    balance: bool = Field(default=True, description="end the columns level when the copy is short")
    continues: Jump | None = Field(default=None, description=(
        "转版: the copy that does not fit continues in this block of another page of the issue "
        "(paiban batch sets the chain; a jump line （下转第N版） ends this part)"))
    continued: bool = Field(default=False, description=(
        "this block takes the rest of a story from another page (no body of its own; "
        "a jump line （上接第N版） heads it)"))


class TextBlock(BlockBase):
    """One or more lines of display text (报眉, credits, slogans, labels)."""

    kind: Literal["text"] = Field(description="text")
    lines: list[str] = Field(description="the lines, each set on its own")
    style: str = Field(default="正文", description="style of the lines")
    align: AlignName | None = Field(default=None, description="alignment (default: the style's)")
    vertical: bool = Field(default=False, description="竖排: each line broken into columns (the block's height), right to left, tops aligned; 1–2 digits across (纵中横), longer Latin turned")
    reverse: bool = Field(default=False, description="white text on a solid panel (反白)")


class MastheadBlock(BlockBase):
    """Flag of a special page (版头): title, pinyin, sponsor line, slogan, issue no."""

    kind: Literal["masthead"] = Field(description="masthead")
    title: str = Field(description="the page's title: 劳动者之窗")
    pinyin: str | None = Field(default=None, description="pinyin line under the title (style 版头拼音)")
    sponsor: str | None = Field(default=None, description="主办 line (style 主办)")
    slogan: str | None = Field(default=None, description="slogan (style 口号)")
    issue: str | None = Field(default=None, description="issue number (style 期号)")
    title_style: str = Field(default="版头", description="style of the title")
    title_image: str | None = Field(default=None, description=(
        "the title as a picture (PNG/JPEG, e.g. the paper's lettering), set in the title's "
        "place at the title style's leading in height"))


class FolioBlock(BlockBase):
    """报眉 (page header or footer): one line with left, centre and right parts, filled
    from the page's meta: {paper} {date} {weekday} {page} {edition} {title}."""

    kind: Literal["folio"] = Field(description="folio")
    left: str = Field(default="", description="text at the left, e.g. {date} {weekday}")
    center: str = Field(default="", description="text in the centre")
    right: str = Field(default="", description="text at the right, e.g. 第{page}版")
    style: str = Field(default="报眉", description="style of the line")


class ImageBlock(BlockBase):
    kind: Literal["image"] = Field(description="image")
    file: str | None = Field(default=None, description="PNG/JPEG beside the page; omitted = placeholder")
    caption: str | None = Field(default=None, description="图片说明 under the picture")
    caption_style: str = Field(default="图片说明", description="style of the caption")


class RuleBlock(BlockBase):
    kind: Literal["rule"] = Field(description="rule")
    edge: Literal["top", "bottom", "left", "right"] = Field(default="bottom", description="edge of the area ruled")
    line: Literal["single", "double", "wenwu", "wuwen", "thick"] = Field(
        default="single", description="single, double, 文武线 (thin over thick), 武文线, thick")


Block = Annotated[
    ArticleBlock | TextBlock | MastheadBlock | FolioBlock | ImageBlock | RuleBlock,
    Field(discriminator="kind"),
]

BLOCK_KINDS = ("article", "text", "masthead", "folio", "image", "rule")


class Print(Model):
    """How the print file is made and checked (PDF/X output intent, preflight limits)."""

    profile: str | None = Field(default=None, description=(
        "CMYK output ICC profile beside the page or layout (default: the bundled TR 002 newsprint profile)"))
    condition: str | None = Field(default=None, description=(
        "printing condition the PDF claims (OutputConditionIdentifier, e.g. a registered name such as "
        "'CGATS TR 002'; default: the bundled profile's, else the profile's description)"))
    ink_limit: float = Field(default=240, ge=100, le=400, description="total area coverage limit, %")
    min_ppi: float = Field(default=170, gt=0, description="lowest effective picture resolution, ppi")
    min_rule: float = Field(default=0.25, gt=0, description="thinnest rule, pt")
    rich_black_min: float = Field(default=20, ge=0, description="smallest text in rich (multi-ink) black, pt")
    colour_text_min: float = Field(default=10, ge=0, description="smallest reversed or four-colour text, pt")


class MaxMeasure(Model):
    """The longest line worth reading, in characters of the text's own size."""

    body: float = Field(default=28, gt=0, description="body text columns (字)")
    display: float = Field(default=40, gt=0, description="display copy such as 编者按 and captions (字)")


class Layout(Model):
    """A page template in ``layouts/`` (broadsheet 对开, tabloid 四开 …)."""

    extends: str | None = Field(default=None, description="layout to start from: broadsheet, tabloid, or a file")
    description: str | None = Field(default=None, description="what the layout is for")
    page: PageGeometry = Field(description="page size and bleed (from the layout)")
    grid: Grid = Field(description="the 版心 grid (from the layout)")
    sizes: dict[str, float] = Field(default_factory=dict, description="号 name → pt overrides")
    fonts: dict[str, FontRole] = Field(default_factory=dict, description="font roles overridden")
    styles: dict[str, Style] = Field(default_factory=dict, description="paragraph styles, added or changed")
    print: Print = Field(default_factory=Print, description="output profile, printing condition, preflight limits")
    max_measure: MaxMeasure = Field(default_factory=MaxMeasure, description=(
        "readable measure: longer lines are a `measure` warning"))


class PageSpec(Layout):
    """A page: a layout (``extends``) plus meta and blocks; may override any layout key."""

    meta: Meta = Field(default_factory=Meta, description="title, paper, date, page, edition …")
    blocks: list[Block] = Field(default_factory=list, description="the blocks on the page, in drawing order")
