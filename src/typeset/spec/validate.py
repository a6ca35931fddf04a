"""From the typed page model to a resolved page: lengths in pt, styles flattened,
copy read and parsed (spec/files.py), every placement checked against the grid.

All problems are gathered and raised together as one :class:`SpecError`, each with the
file:line:column of the key at fault in the user's YAML.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import Diagnostic, SpecError, Span, display_path, quote
from ..fonts import FontSet, bundled_fonts_dir
from ..units import HAO_SIZES, UnitContext, UnitError, length
from .copy import Para
from .files import read_files, resolve_fonts
from .files import suggest as _suggest
from .images import ImageInfo
from .loader import Located, links
from .model import ArticleBlock, Figure, FolioBlock, PageSpec, Style
from .ranges import check_block_numbers, finite, positive, style_numbers
from .printing import PrintSettings, resolve_print



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


class Collector:
    def __init__(self, located: Located):
        self.located = located
        self.diagnostics: list[Diagnostic] = []
        self.inputs: dict[Path, str] = {}  # files read for the page -> what they are

    def error(self, path: tuple, message: str, hint: str | None = None) -> None:
        diagnostic = Diagnostic("error", message, self.located.span(path), hint)
        if diagnostic not in self.diagnostics:  # one problem, one message
            self.diagnostics.append(diagnostic)

    def raise_if_any(self) -> None:
        if self.diagnostics:
            raise SpecError(self.diagnostics)


def resolve(spec: PageSpec, located: Located, source: Path, fonts: FontSet,
            root: Path, font_dirs: tuple[Path, ...] = ()) -> ResolvedPage:
    c = Collector(located)
    for name, value in spec.sizes.items():
        if positive(c, ("sizes", name), value, f"size {name!r}", 400) is None:
            c.raise_if_any()
    sizes = {**HAO_SIZES, **spec.sizes}
    geometry = _geometry(spec, c, sizes)
    if geometry is None:
        c.raise_if_any()
        raise AssertionError("geometry failed without a diagnostic")
    ctx = UnitContext(geometry.body, geometry.pitch, geometry.column + geometry.gutter, sizes)
    fonts = resolve_fonts(spec, c, fonts, source.parent, (root, bundled_fonts_dir(), *font_dirs))
    styles = _styles(spec, c, ctx, fonts)
    _check_blocks(spec, c, geometry, styles)
    copy, images = read_files(spec, c, source.parent, root)
    _check_folios(spec, c)
    printing = resolve_print(spec.print, lambda key: located.span(("print", key)), c.diagnostics)
    paddings = _paddings(spec, c, ctx)
    c.raise_if_any()
    spans = {b.id: located.span(("blocks", i)) for i, b in enumerate(spec.blocks)}
    inputs = {p: "layout" for p in (*located.files[1:], *located.links)}
    inputs |= {r.file.resolve(): "font" for r in fonts.roles.values() if r.file is not None}
    inputs |= c.inputs | dict.fromkeys((source.resolve(), *links(source, source.parent)), "page file")
    if printing is not None:
        inputs[Path(printing.profile)] = "output profile"
    return ResolvedPage(source, spec, geometry, styles, fonts, copy, images, spans, inputs, printing, located, paddings)


def _paddings(spec: PageSpec, c: Collector, ctx: UnitContext) -> dict[str, float]:
    out = {}
    for i, block in enumerate(spec.blocks):
        if block.padding is None:
            continue
        value = _len(c, ("blocks", i, "padding"), block.padding, ctx)
        if value is not None and not 0 <= value < 1000:
            c.error(("blocks", i, "padding"), f"padding {value:g} pt is out of range (0–1000 pt)",
                    "give an inner margin such as 0.5字 or 2mm")
        elif value is not None:
            out[block.id] = value
    return out


def _len(c: Collector, path: tuple, value, ctx: UnitContext) -> float | None:
    try:
        result = length(value, ctx)
    except UnitError as exc:
        c.error(path, str(exc))
        return None
    if not math.isfinite(result):
        c.error(path, f"{path[-1]} is {quote(value)}, not a length", "give a finite length such as 12pt, 4mm or 2字")
        return None
    return result


def _geometry(spec: PageSpec, c: Collector, sizes: dict[str, float]) -> Geometry | None:
    ctx = UnitContext(sizes=sizes)
    g = spec.grid
    width = _len(c, ("page", "width"), spec.page.width, ctx)
    height = _len(c, ("page", "height"), spec.page.height, ctx)
    bleed = _len(c, ("page", "bleed"), spec.page.bleed, ctx)
    body = _len(c, ("grid", "body_size"), g.body_size, ctx)
    if None in (width, height, bleed, body):
        return None
    ctx = UnitContext(body=body, sizes=sizes)
    pitch = _len(c, ("grid", "line_pitch"), g.line_pitch, ctx)
    chars = [finite(c, ("grid", key), getattr(g, key), key) for key in ("column_chars", "gutter_chars")]
    if pitch is None or None in chars:
        return None
    problems = [(("page", "width"), "page width", width, 1, 5000), (("page", "height"), "page height", height, 1, 5000),
                (("page", "bleed"), "bleed", bleed, 0, 50), (("grid", "body_size"), "body size", body, 1, 200)]
    bad = [(where, f"{what} {value:g} pt is out of range ({low}–{high} pt)")
           for where, what, value, low, high in problems if not low <= value <= high]
    for where, message in bad:
        c.error(where, message, "give a size such as 390mm, 3mm or 小五")
    if bad:
        return None
    if pitch < body:
        c.error(("grid", "line_pitch"), f"line pitch {pitch:.2f} pt is smaller than the body size {body} pt",
                "a line pitch is the size plus the line gap, e.g. 1.5字")
    column, gutter = g.column_chars * body, g.gutter_chars * body
    area_w = g.columns * column + (g.columns - 1) * gutter
    area_h = g.lines * pitch
    left = (width - area_w) / 2 if g.left is None else _len(c, ("grid", "left"), g.left, ctx)
    top = (height - area_h) / 2 if g.top is None else _len(c, ("grid", "top"), g.top, ctx)
    if left is None or top is None:
        return None
    if left < 0 or top < 0 or left + area_w > width + 0.01 or top + area_h > height + 0.01:
        c.error(("grid",), f"the 版心 ({area_w / 2.8346:.1f} × {area_h / 2.8346:.1f} mm) does not fit "
                f"on the {width / 2.8346:.0f} × {height / 2.8346:.0f} mm page",
                "reduce columns, column_chars or lines, or the margins")
    return Geometry(width, height, bleed, left, top, column, gutter, g.columns, pitch, g.lines, body)


MAX_STYLE_DEPTH = 32  # parents a style may inherit through


def _styles(spec: PageSpec, c: Collector, ctx: UnitContext, fonts: FontSet) -> dict[str, ResolvedStyle]:
    """Every style flattened through its ``parent`` chain (default parent 正文), each
    style once (linear in the number of styles), at most :data:`MAX_STYLE_DEPTH` deep."""
    base = Style(font="song", size=ctx.body, align="justify", last_align="start", indent=2,
                 indent_rest=0, punct="newspaper", tracking=0, prohibition="strict",
                 breaker="optimal").model_dump()
    flat: dict[str, tuple[dict, dict, int]] = {}  # name -> (values, key -> style that sets it, depth)

    def parent_of(name: str) -> str | None:
        parent = spec.styles[name].parent
        return parent if parent is not None else ("正文" if name != "正文" and "正文" in spec.styles else None)

    def flatten(name: str) -> None:
        chain, seen, current = [], set(), name
        while current is not None and current not in flat:  # up to the first style already flat
            if current in seen:
                c.error(("styles", name, "parent"), f"style {name!r} inherits from itself (via {current!r})")
                current = None
                break
            if current not in spec.styles:
                c.error(("styles", chain[-1], "parent"), f"unknown parent style {current!r}",
                        _suggest(current, spec.styles))
                current = None
                break
            seen.add(current)
            chain.append(current)
            current = parent_of(current)
        values, origin, depth = flat[current] if current is not None else (base, {}, 0)
        for owner in reversed(chain):
            own = {k: v for k, v in spec.styles[owner].model_dump().items() if v is not None}
            values, origin, depth = {**values, **own}, {**origin, **dict.fromkeys(own, owner)}, depth + 1
            if depth == MAX_STYLE_DEPTH + 1:
                c.error(("styles", owner, "parent"), f"style {owner!r} inherits through more than "
                        f"{MAX_STYLE_DEPTH} parent styles", "make the chain of `parent` styles shorter")
            flat[owner] = (values, origin, depth)

    out: dict[str, ResolvedStyle] = {}
    for name in spec.styles:
        if name not in flat:
            flatten(name)
        values, origin, _ = flat[name]
        out[name] = _resolve_style(name, values, c, ctx, fonts, origin)
    if "正文" not in out:
        c.error(("styles",), "the styles define no 正文 (body) style", "add `正文: {font: song, size: 小五}`")
    return out


def _resolve_style(name: str, s: dict, c: Collector, ctx: UnitContext, fonts: FontSet,
                   origin: dict[str, str]) -> ResolvedStyle:
    def where(key: str) -> tuple:  # an inherited value is reported where it is set
        return ("styles", origin.get(key, name), key)

    size = _len(c, where("size"), s["size"], ctx)
    if size is not None and not 1 <= size <= 400:
        c.error(where("size"), f"size {size:g} pt is out of range (1–400 pt)", "give a size such as 9pt or 小五")
    size = size if size is not None and 1 <= size <= 400 else ctx.body  # after its error
    leading = ctx.pitch
    if s.get("leading") is not None:
        given = _len(c, where("leading"), s["leading"], UnitContext(size, ctx.pitch, ctx.column, ctx.sizes))
        leading = positive(c, where("leading"), given, "leading", 2000,
                           "give the distance from one baseline to the next, e.g. 1.2字 or 30pt") or size
    numbers = style_numbers(c, where, s)
    if s["font"] not in fonts.roles:
        c.error(where("font"), f"unknown font role {s['font']!r}", _suggest(s["font"], fonts.roles))
    color = (0.0, 0.0, 0.0, 100.0)
    if s.get("color"):
        try:
            parts = tuple(float(x) for x in str(s["color"]).split())
            if len(parts) != 4 or not all(0 <= p <= 100 for p in parts):
                raise ValueError
            color = parts  # type: ignore[assignment]
        except ValueError:
            c.error(where("color"), f"colour {quote(s['color'])} is not 'c m y k' in percent",
                    "e.g. color: 0 100 100 0 for red")
    return ResolvedStyle(name, s["font"], size, s["align"], s["last_align"], numbers["indent"],
                         numbers["indent_rest"], leading, color, s["punct"], numbers["tracking"],
                         s["prohibition"] != "basic", s["breaker"], keep_with_next=s.get("keep_with_next"))


def _check_blocks(spec: PageSpec, c: Collector, g: Geometry, styles: dict[str, ResolvedStyle]) -> None:
    seen: dict[str, int] = {}
    cells: dict[tuple[int, int], int] = {}
    for i, block in enumerate(spec.blocks):
        path = ("blocks", i)
        if block.id in seen:
            c.error((*path, "id"), f"block id {block.id!r} is used twice (first by block {seen[block.id] + 1})")
        seen[block.id] = i
        areas = [(("area",), block.area)]
        if isinstance(block, ArticleBlock):
            areas += [(("more", k), extra) for k, extra in enumerate(block.more)]
        for where, a in areas:
            _check_area(c, (*path, *where), block.id, a, g)
        for name, style_path in _style_refs(block):
            if name not in styles:
                c.error((*path, *style_path), f"unknown style {name!r}", _suggest(name, styles))
        if isinstance(block, ArticleBlock):
            _check_article(block, c, path)
        check_block_numbers(block, c, path, g, styles)
        if block.kind == "rule" or block.overlap:
            continue
        for where, a in areas:
            clash = next(((col, row) for col in range(a.col, min(a.col + a.cols, g.columns + 1))
                          for row in range(a.row, min(a.row + a.rows, g.lines + 1))
                          if cells.get((col, row), i) != i), None)
            if clash is not None:
                other = spec.blocks[cells[clash]].id
                c.error((*path, *where), f"block {block.id!r} overlaps block {other!r} at column {clash[0]}, "
                        f"line {clash[1]}", "move or shrink one of them, or set `overlap: true` if it is intended")
                continue
            for col in range(a.col, min(a.col + a.cols, g.columns + 1)):
                for row in range(a.row, min(a.row + a.rows, g.lines + 1)):
                    cells[(col, row)] = i


def _check_area(c: Collector, path: tuple, block_id: str, a, g: Geometry) -> None:
    if a.col + a.cols - 1 > g.columns:
        c.error((*path, "cols"),
                f"block {block_id!r} spans columns {a.col}–{a.col + a.cols - 1} but the grid has {g.columns} columns",
                f"reduce 'cols' to {max(1, g.columns - a.col + 1)} or move the block left")
    if a.row + a.rows - 1 > g.lines:
        c.error((*path, "rows"),
                f"block {block_id!r} spans lines {a.row}–{a.row + a.rows - 1} but the grid has {g.lines} lines",
                f"reduce 'rows' to {max(1, g.lines - a.row + 1)} or move the block up")


def _style_refs(block) -> list[tuple[str, tuple]]:
    refs = []
    for key in ("style", "caption_style", "title_style"):
        if hasattr(block, key):
            refs.append((getattr(block, key), (key,)))
    if isinstance(block, ArticleBlock):
        if block.headline:
            h = block.headline
            refs += [(h.kicker_style, ("headline", "kicker_style")), (h.title_style, ("headline", "title_style")),
                     (h.subtitle_style, ("headline", "subtitle_style"))]
        if block.note:
            refs.append((block.note.style, ("note", "style")))
        if block.figure:
            refs.append((block.figure.caption_style, ("figure", "caption_style")))
    return refs


def _check_article(block: ArticleBlock, c: Collector, path: tuple) -> None:
    if block.continued:
        for key in ("body", "text"):
            if getattr(block, key) is not None:
                c.error((*path, key), f"article {block.id!r} is `continued`: its copy comes from the page it "
                        f"continues from", f"remove `{key}`, or `continued: true`")
    elif (block.body is None) == (block.text is None):
        c.error(path, f"article {block.id!r} needs exactly one of 'body' (a file) or 'text' (inline copy)")
    if block.more:
        if "columns" in block.model_fields_set and block.columns != block.area.cols:
            c.error((*path, "columns"), f"an article with `more` areas sets one text column per grid column, "
                    f"so `columns` must be {block.area.cols} here", "remove `columns`")
        if block.figure is not None:
            c.error((*path, "figure"), "a figure inside an irregular (`more`) article is not supported",
                    "place the picture as its own image block beside the article")
    fig: Figure | None = block.figure
    if fig is not None:
        if fig.rows >= block.area.rows:
            c.error((*path, "figure", "rows"), f"the figure is {fig.rows} lines tall but the block has {block.area.rows}")


def _check_folios(spec: PageSpec, c: Collector) -> None:
    for i, block in enumerate(spec.blocks):
        path = ("blocks", i)
        if isinstance(block, FolioBlock):
            for key in ("left", "center", "right"):
                try:
                    folio_text(getattr(block, key), spec.meta)
                except KeyError as exc:
                    c.error((*path, key), f"unknown field {{{exc.args[0]}}} in the 报眉 text",
                            f"use {', '.join('{' + f + '}' for f in FOLIO_FIELDS)}")
                except ValueError as exc:
                    c.error((*path, key), f"cannot fill the 报眉 text: {exc}", "write literal braces as {{ and }}")


FOLIO_FIELDS = ("paper", "date", "weekday", "page", "edition", "title")
WEEKDAYS = "一二三四五六日"


def folio_text(template: str, meta) -> str:
    """Fill a 报眉 template from the page's meta; a date is written 2023年1月13日."""
    date = meta.date
    if isinstance(date, dt.date):
        day, weekday = f"{date.year}年{date.month}月{date.day}日", f"星期{WEEKDAYS[date.weekday()]}"
    else:
        day, weekday = str(date or ""), ""
    values = {"paper": meta.paper or "", "date": day, "weekday": weekday, "edition": meta.edition or "",
              "page": "" if meta.page is None else str(meta.page), "title": meta.title or ""}
    return template.format_map(_Strict(values))


class _Strict(dict):
    def __missing__(self, key: str):
        raise KeyError(key)
