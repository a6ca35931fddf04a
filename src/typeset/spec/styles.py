"""Styles flattened: each style of the page through its ``parent`` chain (default parent
正文) into a :class:`~typeset.spec.resolved.ResolvedStyle` in pt, every value checked
where it is set (an inherited value is reported at the style that sets it)."""

from __future__ import annotations

from ..errors import quote
from ..fonts import FontSet
from ..units import UnitContext
from .collect import Collector, length
from .files import suggest
from .model import PageSpec, Style
from .ranges import positive, style_numbers
from .resolved import ResolvedStyle


MAX_STYLE_DEPTH = 32  # parents a style may inherit through


def resolve_styles(spec: PageSpec, c: Collector, ctx: UnitContext, fonts: FontSet) -> dict[str, ResolvedStyle]:
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
                        suggest(current, spec.styles))
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

    size = length(c, where("size"), s["size"], ctx)
    if size is not None and not 1 <= size <= 400:
        c.error(where("size"), f"size {size:g} pt is out of range (1–400 pt)", "give a size such as 9pt or 小五")
    size = size if size is not None and 1 <= size <= 400 else ctx.body  # after its error
    leading = ctx.pitch
    if s.get("leading") is not None:
        given = length(c, where("leading"), s["leading"], UnitContext(size, ctx.pitch, ctx.column, ctx.sizes))
        leading = positive(c, where("leading"), given, "leading", 2000,
                           "give the distance from one baseline to the next, e.g. 1.2字 or 30pt") or size
    numbers = style_numbers(c, where, s)
    if s["font"] not in fonts.roles:
        c.error(where("font"), f"unknown font role {s['font']!r}", suggest(s["font"], fonts.roles))
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
