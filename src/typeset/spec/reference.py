"""The page format reference for staff (docs/reference.md), written from the models
themselves so it cannot fall behind: every key, its type, its default, what it means.

    paiban schema --markdown > docs/reference.md
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from typing import Literal

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from .strict import (  # the pydantic models made from .model
    Area, ArticleBlock, Figure, FolioBlock, FontRole, Grid, Headline, ImageBlock, MastheadBlock, Meta, Note,
    PageGeometry, PageSpec, Print, RuleBlock, Style, TextBlock,
)

SECTIONS: list[tuple[str, type[BaseModel], str]] = [
    ("Page file (top level)", PageSpec, "A page extends a layout and may override any of its keys."),
    ("meta", Meta, "What the page is: used for PDF metadata, the slug line and 报眉 fields."),
    ("page", PageGeometry, "Trimmed page size and bleed. A page with `extends` takes what it leaves out "
     "from the layout; a layout without `extends` gives every key marked *from the layout*."),
    ("grid", Grid, "The 版心 and its grid; margins are centred unless given. Keys marked *from the layout* "
     "come from the layout a page extends (a layout without `extends` must give them)."),
    ("styles.NAME", Style, "Paragraph styles; unset keys come from `parent`, else from 正文."),
    ("fonts.ROLE", FontRole, "Font roles (song, hei, kai …) pointed at other font files."),
    ("print", Print, "The press: the output profile and printing condition the PDF/X file claims, "
     "the ink limit pictures are separated to, and the thresholds of the preflight render runs."),
    ("blocks: kind article", ArticleBlock, "A story: headline stack, note, picture, body in columns."),
    ("article headline", Headline, "引题 / 主题 / 副题."),
    ("article note", Note, "编者按 in a ruled box."),
    ("article figure", Figure, "A picture inside the story; the text runs around it."),
    ("blocks: kind text", TextBlock, "Display lines: slogans, couplets (竖排), labels."),
    ("blocks: kind masthead", MastheadBlock, "The flag of a special page."),
    ("blocks: kind folio", FolioBlock, "报眉: one line filled from meta."),
    ("blocks: kind image", ImageBlock, "A picture block with an optional caption."),
    ("blocks: kind rule", RuleBlock, "A rule along one edge of its area."),
    ("area (and article more)", Area, "A rectangle on the grid, in 栏 and 行."),
]


FROM_LAYOUT = (PageSpec, PageGeometry, Grid)  # models whose required keys a layout can give
STYLE_KEYS = ("parent", "font", "size", "leading", "align", "last_align", "indent", "tracking")


def reference() -> str:
    out = ["# Page format reference (generated)", "",
           "Written by `paiban schema --markdown` from the models that check page files; "
           "see docs/format.md for the guide and examples. Lengths take `pt`, `mm`, `cm`, `in`, "
           "`字` (body characters), `行` (line pitch), `栏` (columns) or a 号 name such as `小五`.", ""]
    for title, model, intro in SECTIONS:
        out += [f"## {title}", "", intro, "", "| key | type | default | meaning |", "|---|---|---|---|"]
        for name, field in model.model_fields.items():
            default = _default(field)
            if model in FROM_LAYOUT and default == "**required**":
                default = "*from the layout*"
            out.append(f"| `{name}` | {_type(field.annotation)} | {default} | {field.description or ''} |")
        out.append("")
    return "\n".join(out + _layout_styles())


def _layout_styles() -> list[str]:
    """Each bundled layout's built-in styles, as the layout (and the one it extends) gives them."""
    from .schema import bundled_layouts

    out = ["## Built-in styles of the bundled layouts", "",
           "A page may use these by name (`style: 署名`), change any key of one (`styles: {正文: {size: 五号}}`) "
           "or add its own. Unset keys come from `parent`, else from 正文.", ""]
    for name, layout in bundled_layouts().items():
        styles = layout.get("styles") or {}
        out += [f"### `extends: {name}`", "", layout.get("description") or "", "",
                "| style | " + " | ".join(STYLE_KEYS) + " |", "|---|" + "---|" * len(STYLE_KEYS)]
        for style, keys in styles.items():
            keys = keys if isinstance(keys, dict) else {}
            cells = [f"`{keys[k]}`" if k in keys else "" for k in STYLE_KEYS]
            out.append(f"| {style} | " + " | ".join(cells) + " |")
        out.append("")
    return out


def _type(annotation) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is Literal:
        return " \\| ".join(f"`{a}`" for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_type(a) for a in args if a is not type(None)) + (
            " or none" if type(None) in args else "")
    if origin is typing.Annotated:
        return _type(args[0])
    if origin is list:
        inner = typing.get_origin(args[0]) is typing.Annotated
        return "list of blocks" if inner else f"list of {_type(args[0])}"
    if origin is dict:
        return f"mapping to {_type(args[1])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    names = {str: "text", int: "integer", float: "number", bool: "true/false", dt.date: "date"}
    return names.get(annotation, getattr(annotation, "__name__", str(annotation)))


def _default(field) -> str:
    if field.default_factory is not None:
        value = field.default_factory()
        return "–" if value in ([], {}) else "see below"
    if field.default is PydanticUndefined:
        return "**required**"
    if field.default is None:
        return "–"
    return f"`{field.default}`" if field.default != "" else '`""`'
