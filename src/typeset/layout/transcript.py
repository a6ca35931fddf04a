"""A display list as readable text, one item a line with rounded numbers, for golden
tests and for reading what layout decided (``paiban check --transcript``).

Consecutive glyph runs on one baseline in one face and size are joined into one line
with the x of each character, so a transcript shows both the text and its spacing::

    text  song 9  y=111.69  x=61.76  一二三四五  +9 +9 +9 +9
    rule  x=61.76..1060.76  y=126.53  w=0.5
"""

from __future__ import annotations

from .display import Box, Page, Picture, ProofMark, Rule, TextRun


def transcript(page: Page, proof: bool = False) -> str:
    out = [f"page  {_n(page.width)} × {_n(page.height)}  bleed {_n(page.bleed)}"]
    faces = {name: i for i, name in enumerate(page.fonts)}
    line: list[TextRun] = []

    def flush() -> None:
        if line:
            first = line[0]
            steps = " ".join(f"+{_n(b.x - a.x)}" for a, b in zip(line, line[1:]))
            scale = f"  scale={_n(first.hscale)}" if first.hscale != 1 else ""
            scale += f"  angle={_n(first.angle)}" if first.angle else ""
            out.append(f"text  f{faces[first.font]} {_n(first.size)}  y={_n(first.y)}  x={_n(first.x)}"
                       f"{scale}  {''.join(r.text for r in line)}  {steps}".rstrip())
            line.clear()

    for item in page.items:
        if isinstance(item, TextRun):
            last = line[-1] if line else None
            if last and not (item.y == last.y and item.font == last.font and item.size == last.size
                             and item.hscale == last.hscale and not item.angle and not last.angle
                             and len(last.text) == 1 and len(item.text) == 1
                             and 0 < item.x - last.x <= 1.5 * item.size):  # not across a gutter
                flush()
            line.append(item)
            continue
        flush()
        if isinstance(item, Rule):
            out.append(f"rule  ({_n(item.x1)}, {_n(item.y1)})–({_n(item.x2)}, {_n(item.y2)})  w={_n(item.width)}")
        elif isinstance(item, Box):
            paint = " ".join(p for p in (f"fill={_cmyk(item.fill)}" if item.fill else "",
                                         f"stroke={_n(item.stroke_width)}" if item.stroke else "") if p)
            out.append(f"box   {_rect(item)}  {paint}")
        elif isinstance(item, Picture):
            out.append(f"pic   {_rect(item)}  {item.image.path.name if item.image else 'placeholder'}")
    flush()
    if proof:
        out += [f"proof {m.kind} {_rect(m)} {m.label}".rstrip() for m in page.proof
                if m.kind not in ("grid-col", "grid-line")]
    for b in page.blocks:
        f = b.fit
        out.append(f"block {b.id} {b.kind}  capacity={f.capacity_lines} used={f.used_lines} "
                   f"overset={f.overset_lines}/{f.overset_chars} short={f.short_lines}/{f.short_chars}")
    out += [f"{d.severity} {d.code} {d.block} {d.span.line if d.span else 0}: {d.message}"
            for d in page.diagnostics]
    return "\n".join(out) + "\n"


def _n(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def _rect(item: Box | Picture | ProofMark) -> str:
    return f"x={_n(item.x)} y={_n(item.y)} w={_n(item.w)} h={_n(item.h)}"


def _cmyk(color) -> str:
    return "/".join(_n(v) for v in color)
