"""Every number in a page has a range, checked at its key (issue 13 item 5).

Numbers are finite (``.inf`` and ``.nan`` are YAML floats, never sizes); sizes, leading
and pitch are positive (``size: 0pt`` is an error, not the body size); indents lie within
the measure of the text that uses them; tracking within ±1 em; ``headline.cols`` and a
figure's columns within the block; a block's text columns at least
:data:`MIN_COLUMN_CHARS` characters wide. Each problem is a diagnostic at the key with
file:line:column.
"""

from __future__ import annotations

import math

from ..errors import quote
from .model import ArticleBlock, TextBlock

MIN_COLUMN_CHARS = 4   # a text column narrower than this cannot be set to the rules (禁则)
MAX_TRACKING = 1.0     # em, either way
MAX_INDENT = 20.0      # em: further is never an indent (within the measure is checked per block)


def finite(c, path: tuple, value: float | None, what: str) -> float | None:
    """``value`` when it is a finite number, else an error at ``path`` and None."""
    if value is None:
        return None
    if isinstance(value, float) and not math.isfinite(value):
        c.error(path, f"{what} is {quote(value)}, not a number", "give a finite number, e.g. 2 or 12pt")
        return None
    return value


def positive(c, path: tuple, value: float | None, what: str, high: float | None = None,
             hint: str = "give a size such as 9pt or 小五") -> float | None:
    """A finite ``value`` > 0 (and ≤ ``high``), else an error at ``path`` and None."""
    value = finite(c, path, value, what)
    if value is None:
        return None
    if value <= 0 or (high is not None and value > high):
        limit = "more than 0 pt" + (f" and at most {high:g} pt" if high is not None else "")
        c.error(path, f"{what} {value:g} pt is out of range (it must be {limit})", hint)
        return None
    return value


def style_numbers(c, where, values: dict) -> dict:
    """Check a style's plain numbers (indent, indent_rest, tracking); returns them as
    floats, a bad one replaced by 0 after its error."""
    out = {}
    for key, low, high, unit in (("indent", 0.0, MAX_INDENT, "em"), ("indent_rest", 0.0, MAX_INDENT, "em"),
                                 ("tracking", -MAX_TRACKING, MAX_TRACKING, "em")):
        value = finite(c, where(key), float(values.get(key) or 0), key)
        if value is not None and not low <= value <= high:
            c.error(where(key), f"{key} {value:g} {unit} is out of range ({low:g} to {high:g} {unit})",
                    "indents are in em (characters of the style's size): 2 is the usual paragraph indent"
                    if key != "tracking" else "tracking is extra space between characters in em, e.g. 0.05")
            value = None
        out[key] = value or 0.0
    return out


def check_block_numbers(block, c, path: tuple, g, styles: dict) -> None:
    """A block's columns against its area, and its styles' indents against its measure."""
    if isinstance(block, ArticleBlock):
        _article(block, c, path, g, styles)
    elif isinstance(block, TextBlock) and not block.vertical:
        width = block.area.cols * g.column + (block.area.cols - 1) * g.gutter
        _indents(c, block.id, styles.get(block.style), width)


def _article(block: ArticleBlock, c, path: tuple, g, styles: dict) -> None:
    a = block.area
    width = a.cols * g.column + (a.cols - 1) * g.gutter
    h = block.headline
    if h is not None and h.cols is not None and h.cols > a.cols:
        c.error((*path, "headline", "cols"), f"the headline spans {h.cols} columns but block {block.id!r} "
                f"has {a.cols}", f"give `cols` at most {a.cols}, or widen the block's area")
    fig = block.figure
    if fig is not None and not block.more and fig.cols > block.columns:
        c.error((*path, "figure", "cols"), f"the figure is {fig.cols} text columns wide but block "
                f"{block.id!r} has {block.columns}", f"give `cols` at most {block.columns}")
    n = a.cols if block.more else block.columns
    column = (width - (n - 1) * g.gutter) / n
    body = styles.get(block.style)
    size = body.size if body is not None else g.body
    if column < MIN_COLUMN_CHARS * size:
        c.error((*path, "columns") if "columns" in block.model_fields_set else (*path, "area", "cols"),
                f"block {block.id!r} sets {n} text columns of {column / size:.1f} characters "
                f"(at least {MIN_COLUMN_CHARS} are needed)",
                f"use fewer columns: at most {max(1, int((width + g.gutter) / (MIN_COLUMN_CHARS * size + g.gutter)))} here")
        return
    _indents(c, block.id, body, column)
    if block.note is not None:
        box = _note_width(block, c, path, n, column, g) or width
        inner = (box - 2 * g.body - (block.note.columns - 1) * g.gutter) / block.note.columns
        note = styles.get(block.note.style)
        if note is not None and inner < MIN_COLUMN_CHARS * note.size:
            c.error((*path, "note", "columns"), f"the 编者按 of block {block.id!r} is set in {block.note.columns} "
                    f"columns of {inner / note.size:.1f} characters (at least {MIN_COLUMN_CHARS} are needed)",
                    "use fewer note columns")


def _note_width(block: ArticleBlock, c, path: tuple, n: int, column: float, g) -> float | None:
    """The width of a 编者按 box of ``cols`` text columns (None when it spans the story):
    within the story's ``n`` columns, beside a picture at the top, never under it."""
    cols = block.note.cols
    if cols is None:
        return None
    where = (*path, "note", "cols")
    if cols > n:
        c.error(where, f"the 编者按 spans {cols} text columns but block {block.id!r} has {n}",
                f"give `cols` at most {n}")
        return None
    fig = block.figure
    if fig is not None and not block.more and fig.position.startswith("top") and (
            fig.position.endswith("left") or cols > n - fig.cols):
        move = "put the figure at the top right or the foot" if fig.position.endswith("left") else \
            f"give note and figure at most {n} columns together, put the figure at the foot"
        c.error(where, f"the 编者按 ({cols} columns at the top left) and the figure ({fig.cols} columns "
                f"{fig.position}) both take the top of a column",
                f"{move}, or leave out `cols` (the note then heads the story)")
        return None
    return cols * column + (cols - 1) * g.gutter


def _indents(c, block_id: str, style, measure: float) -> None:
    """A style's indents leave at least one character of the measure (at the style's key)."""
    if style is None:
        return
    for what, indent in (("indent", style.indent), ("indent_rest", style.indent_rest)):
        if indent * style.size >= measure - style.size:
            c.error(("styles", style.name, what), f"style {style.name!r} indents {indent:g} characters ({what}) but block "
                    f"{block_id!r} is {measure / style.size:.1f} characters wide",
                    f"give `{what}` less than {max(0, int(measure / style.size) - 1)} in style {style.name!r}")
