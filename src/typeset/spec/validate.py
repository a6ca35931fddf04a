"""From the typed page model to a resolved page (:mod:`.resolved`): lengths in pt, the
grid's geometry, styles flattened (:mod:`.styles`), copy read and parsed and fonts found
(:mod:`.files`), every placement checked against the grid (:mod:`.placement`), 报眉
templates filled (:mod:`.folio`), the print settings read (:mod:`.printing`).

All problems are gathered (:mod:`.collect`) and raised together as one
:class:`~typeset.errors.SpecError`, each with the file:line:column of the key at fault
in the user's YAML.
"""

from __future__ import annotations

from pathlib import Path

from ..fonts import FontSet, bundled_fonts_dir
from ..units import HAO_SIZES, UnitContext
from .collect import Collector, length
from .files import read_files, resolve_fonts
from .folio import check_folios, folio_text  # noqa: F401 - layout reads folio_text from here
from .loader import Located, links
from .model import PageSpec
from .placement import check_blocks
from .printing import resolve_print
from .ranges import finite, positive
from .resolved import Geometry, ResolvedPage, ResolvedStyle  # noqa: F401 - layout reads them from here
from .styles import resolve_styles


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
    styles = resolve_styles(spec, c, ctx, fonts)
    check_blocks(spec, c, geometry, styles)
    copy, images = read_files(spec, c, source.parent, root)
    check_folios(spec, c)
    printing = resolve_print(spec.print, lambda key: located.span(("print", key)), c.diagnostics)
    paddings = _paddings(spec, c, ctx)
    c.raise_if_any()
    spans = {b.id: located.span(("blocks", i)) for i, b in enumerate(spec.blocks)}
    page_links = links(source, source.parent)  # (among located.links, with the layouts')
    inputs = {p: "layout" for p in (*located.files[1:], *located.links) if p not in page_links}
    inputs |= {r.file.resolve(): "font" for r in fonts.roles.values() if r.file is not None}
    inputs |= c.inputs | dict.fromkeys((source.resolve(), *page_links), "page file")
    if printing is not None:
        inputs[Path(printing.profile)] = "output profile"
    return ResolvedPage(source, spec, geometry, styles, fonts, copy, images, spans, inputs, printing, located, paddings)


def _paddings(spec: PageSpec, c: Collector, ctx: UnitContext) -> dict[str, float]:
    out = {}
    for i, block in enumerate(spec.blocks):
        if block.padding is None:
            continue
        value = length(c, ("blocks", i, "padding"), block.padding, ctx)
        if value is not None and not 0 <= value < 1000:
            c.error(("blocks", i, "padding"), f"padding {value:g} pt is out of range (0–1000 pt)",
                    "give an inner margin such as 0.5字 or 2mm")
        elif value is not None:
            out[block.id] = value
    return out


def _geometry(spec: PageSpec, c: Collector, sizes: dict[str, float]) -> Geometry | None:
    ctx = UnitContext(sizes=sizes)
    g = spec.grid
    width = length(c, ("page", "width"), spec.page.width, ctx)
    height = length(c, ("page", "height"), spec.page.height, ctx)
    bleed = length(c, ("page", "bleed"), spec.page.bleed, ctx)
    body = length(c, ("grid", "body_size"), g.body_size, ctx)
    if None in (width, height, bleed, body):
        return None
    ctx = UnitContext(body=body, sizes=sizes)
    pitch = length(c, ("grid", "line_pitch"), g.line_pitch, ctx)
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
    left = (width - area_w) / 2 if g.left is None else length(c, ("grid", "left"), g.left, ctx)
    top = (height - area_h) / 2 if g.top is None else length(c, ("grid", "top"), g.top, ctx)
    if left is None or top is None:
        return None
    if left < 0 or top < 0 or left + area_w > width + 0.01 or top + area_h > height + 0.01:
        c.error(("grid",), f"the 版心 ({area_w / 2.8346:.1f} × {area_h / 2.8346:.1f} mm) does not fit "
                f"on the {width / 2.8346:.0f} × {height / 2.8346:.0f} mm page",
                "reduce columns, column_chars or lines, or the margins")
    return Geometry(width, height, bleed, left, top, column, gutter, g.columns, pitch, g.lines, body)
