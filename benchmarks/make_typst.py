"""Write the Typst equivalents of the example pages (benchmarks/typst/NAME.typ).

The benchmark compares typeset with Typst on the same work: same trimmed page and bleed,
same 版心 and grid (columns, gutter, line pitch), same copy, same fonts (the bundled
Noto-derived TTFs with their fallbacks, passed to Typst with ``font_paths``), and the
same blocks in the same places. Where a block sits and how many body lines its head
takes (栏目 label, headline stack, 编者按 box, figure and caption lines) come from
typeset's own layout rules (``typeset.layout``), so both set the same areas; Typst sets
all the text with its own rules (its line breaker, its CJK justification) and flows each
body through its text columns itself. Every line box is the em box and a body line one
pitch, so a Typst column holds as many lines as typeset's. The markup pieces are
``typst_markup``.

A body whose columns start or end on different lines (a figure over some, a 编者按 box
at the top left) is one Typst ``columns`` flow with a spacer float in each column (the
prelude's ``room``). Each text measure is ``SLACK`` wider, the float tolerance Typst
lacks at the limit of its punctuation shrink. Copy that Typst could not fit would be
clipped at the block's foot, as typeset leaves overset undrawn (on the examples and their
``variants`` it all fits). The generated files are committed; rerun after an example
changes:

    python benchmarks/make_typst.py
"""

from __future__ import annotations

from pathlib import Path

from typeset.errors import Sink
from typeset.layout.context import BlockOut, LayoutContext, padding
from typeset.layout.display import Picture
from typeset.layout.grid import Rect, area_rect, span_width
from typeset.layout.kinds.article import _beside_rows
from typeset.layout.kinds.headline import label
from typeset.layout.kinds.image import figure
from typeset.layout.kinds.note import note, note_beside
from typeset.layout.kinds.rule import RULE_STYLES
from typeset.layout.page import layout_page
from typeset.layout.regions import body_regions, clear_top, figure_rect
from typeset.layout.stack import StackLine, compose_stack, rows_for, stack_height
from typeset.layout.textset import BOLD_ROLE, Setter
from typeset.spec import load_spec
from typeset.spec.validate import folio_text

from typst_markup import PRELUDE, at, dline, font, pt, runs, s

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "benchmarks" / "typst"
# pt added to each text measure: Typst refuses a line that needs exactly all the shrink of its
# punctuation (a float comparison at the limit) where typeset's composer accepts it, and CJK
# measures are whole multiples of ½ em, so such lines are common
SLACK = 0.001


class Writer:
    """The Typst source of one page, block by block, placed as typeset places them."""

    def __init__(self, spec_path: Path, root: Path) -> None:
        self.page = page = load_spec(spec_path)
        self.root = root.resolve()
        self.g, self.st = page.geometry, page.styles
        self.ctx = LayoutContext(page, Setter(page.fonts, page.styles, Sink(), dict(page.spans)), Sink())
        self.fits = {r.id: r.fit for r in layout_page(page).blocks}  # lines typeset sets in each block
        self.out: list[str] = []

    def put(self, r: Rect, body: str, extra: str = "") -> None:
        self.out.append(at(r, self.g.bleed, body, extra))

    def style(self, name: str):
        return self.ctx.style(name)

    def picture(self, r: Rect, block_id: str) -> str:
        info = self.page.images.get(block_id)
        if info is None:
            return f"#nopic({pt(r.w)}, {pt(r.h)})\n"
        path = "/" + info.path.resolve().relative_to(self.root).as_posix()
        return f'#image({s(path)}, width: {pt(r.w)}, height: {pt(r.h)}, fit: "cover")\n'

    def figure(self, block_id: str, rect: Rect, caption: str | None, caption_style: str, keys) -> None:
        """A picture over its caption lines (typeset's ``figure``: how many caption lines)."""
        scratch = BlockOut()
        figure(self.ctx, block_id, scratch, rect, self.page.images.get(block_id), caption, caption_style,
               *keys)
        pic = next(i for i in scratch.items if isinstance(i, Picture))
        body = self.picture(Rect(pic.x, pic.y, pic.w, pic.h), block_id)
        if caption and pic.h < rect.h:
            cs = self.style(caption_style)
            gap = self.g.pitch - cs.size
            body += (f"#block(width: 100% + {SLACK}pt, spacing: 0pt, inset: (top: {pt(gap / 2)}), "
                     f"{{set par(justify: true, "
                     f"first-line-indent: 0pt, leading: {pt(gap)}); text({font(cs)}, {s(caption)})}})\n")
        self.put(rect, body)

    def block(self, block) -> None:
        r = area_rect(self.g, block.area)
        if block.tint:
            self.put(r, "", f", fill: luma({100 - block.tint:g}%)")
        getattr(self, block.kind)(block, r)
        if block.frame:
            self.put(r, "", ", stroke: 0.6pt")

    def rule(self, block, r: Rect) -> None:
        for offset, width in RULE_STYLES[block.line]:
            if block.edge in ("top", "bottom"):
                y = (r.y if block.edge == "top" else r.bottom) + offset + self.g.bleed
                ends = (r.x + self.g.bleed, y, r.right + self.g.bleed, y)
            else:
                x = (r.x - self.g.gutter / 2 if block.edge == "left" else r.right + self.g.gutter / 2)
                x += offset + self.g.bleed
                ends = (x, r.y + self.g.bleed, x, r.bottom + self.g.bleed)
            self.out.append(f"#place(top + left, line(start: ({pt(ends[0])}, {pt(ends[1])}), "
                            f"end: ({pt(ends[2])}, {pt(ends[3])}), stroke: {pt(width)}))\n")

    def folio(self, block, r: Rect) -> None:
        st = self.style(block.style)
        parts = [s(folio_text(t, self.page.spec.meta)) for t in (block.left, block.center, block.right)]
        self.put(r.inset(padding(self.ctx, block)), f"#align(horizon, text({font(st)}, grid(columns: "
                 f"(1fr, auto, 1fr), align: (left, center, right), {', '.join(parts)})))\n")

    def stack(self, r: Rect, lines: list[tuple], valign: str = "horizon") -> None:
        self.put(r, f"#align({valign}, {{\n" + "".join(dline(*ln) for ln in lines) + "})\n")

    def masthead(self, block, r: Rect) -> None:
        pad = padding(self.ctx, block)
        lines = [(self.style(block.title_style), block.title, "center")]
        lines += [(self.style(name), getattr(block, key), "center") for key, name in
                  (("pinyin", "版头拼音"), ("sponsor", "主办"), ("slogan", "口号"), ("issue", "期号"))
                  if getattr(block, key)]
        self.stack(r.inset(pad, pad), lines)

    def text(self, block, r: Rect) -> None:
        pad = padding(self.ctx, block)
        inner = r.inset(pad, pad)
        st = self.style(block.style)
        if block.reverse:
            self.put(r, "", ", fill: black")
        colour = ", fill: white" if block.reverse else ""
        if not block.vertical:
            return self.stack(inner, [(st, line, block.align) for line in block.lines])
        # 竖排: Typst has no vertical CJK; each column a stack of upright glyphs, right to left,
        # tops on the block's top, a column but a paragraph's last justified to the height
        per = max(1, int(inner.h / st.size + 1e-6))
        cols = [(line[i:i + per], i + per >= len(line))
                for line in block.lines for i in range(0, len(line), per)]
        cols = cols[:int(inner.w / st.leading + 1e-6)]
        x_right = inner.x + (inner.w + st.leading * len(cols)) / 2
        for j, (chars, last) in enumerate(cols):
            x = x_right - (j + 1) * st.leading + (st.leading - st.size) / 2
            glyphs = ", ".join(s(ch) for ch in chars)
            spacing = "" if last else "spacing: 1fr, "
            self.put(Rect(x, inner.y, st.size, inner.h),
                     f"#text({font(st)}{colour}, stack(dir: ttb, {spacing}{glyphs}))\n")

    def image(self, block, r: Rect) -> None:
        self.figure(block.id, r, block.caption, block.caption_style, (("caption",), ("file",)))

    def article(self, block, rect: Rect) -> None:
        g, ctx, p = self.g, self.ctx, self.g.pitch
        pad = padding(ctx, block)
        head = rect.inset(pad)
        rows, row = block.area.rows, 0
        scratch = BlockOut()
        if block.label:
            n = label(ctx, block, head, rows - row, scratch)
            st = self.style("栏目")
            inset_y = ((n - 0.5) * p - st.size) / 2
            self.put(Rect(head.x, head.y + row * p, head.w, n * p),
                     f"#place(top + left, dy: {pt(p / 4)}, box(fill: black, inset: (x: {pt(st.size / 2)}, "
                     f"y: {pt(inset_y)}), text({font(st)}, fill: white, {s(block.label)})))\n")
            row += n
        h = block.headline
        if h:
            width = min(head.w, span_width(g, h.cols)) if h.cols else head.w
            parts = [(self.style(name), text, align or h.align) for text, name, align in
                     ((h.kicker, h.kicker_style, h.kicker_align), (h.title, h.title_style, h.title_align),
                      (h.subtitle, h.subtitle_style, h.subtitle_align)) if text]
            stacked = compose_stack(ctx, block.id, [StackLine(t, st, a, ("headline",)) for st, t, a in parts],
                                    width)
            n = min(rows_for(stack_height(stacked) + p / 2, p), rows - row)
            self.stack(Rect(head.x, head.y + row * p, width, n * p), parts)
            row += min(n + h.space_after, rows - row)
        if block.note and block.note.cols is None:
            n = note(ctx, block, head, row, rows - row, scratch)
            self.note(block, Rect(head.x, head.y + row * p, head.w, (n - 1) * p), 0.25)
            row += n
        body = Rect(rect.x, rect.y + row * p, rect.w, rect.h - row * p)
        columns, regions = body_regions(g, block, body, row, pad)
        if block.note and block.note.cols is not None:
            beside = _beside_rows(block, len(columns), rows - row)
            covered, n = note_beside(ctx, block, columns, body, beside, scratch)
            regions = clear_top(regions, covered, n)
            left, right = columns[min(covered)], columns[max(covered)]
            self.note(block, Rect(left.x, body.y, right.right - left.x, (n - 1) * p), 0.0)
        fig = block.figure
        if fig:
            self.figure(block.id, figure_rect(fig, columns, body, rows - row, p), fig.caption,
                        fig.caption_style, (("figure", "caption"), ("figure", "file")))
        self.body(block, columns, regions, body)

    def note(self, block, box: Rect, air: float) -> None:
        """编者按 in its box: label run bold, text 1字 in from the frame, ½ line of air."""
        n, p = block.note, self.g.pitch
        st = self.style(n.style)
        gap = p - st.size
        depth = round(box.h / p) - 1
        frame = (f"#place(top + left, dy: {pt(air * p)}, rect(width: {pt(box.w)}, "
                 f"height: {pt(box.h - 2 * air * p)}, stroke: 0.5pt))\n" if n.frame else "")
        bold = BOLD_ROLE.get(st.font, st.font)
        inset = f"left: {pt(self.g.body)}, right: {self.g.body - n.columns * SLACK:.3f}pt"
        self.put(box, frame + f"#block(inset: ({inset}, top: {pt(p / 2 + gap / 2)}), "
                 f"height: {pt(depth * p + p / 2 - gap / 2)}, spacing: 0pt, {{set par(justify: true, "
                 f"first-line-indent: 0pt, leading: {pt(gap)}); set text({font(st)}); "
                 f"columns({n.columns}, gutter: {pt(self.g.gutter)}, [#text({font(st, bold)}, "
                 f"{s(n.label + chr(0x3000))})#{s(n.text)}])}})\n")

    def body(self, block, columns: list[Rect], regions, body: Rect) -> None:
        """The copy in one Typst flow through the text columns. Columns that all start and
        end on the same lines are balanced when the copy is short, as typeset's flow
        balances them: the same line count, the remainder in the last (Typst measures its
        own lines for it, where typeset's leave every column at least a line short);
        otherwise each column's lost lines (figure, note box) are a spacer float at its top
        and foot. Typst's widow moves stay (typeset's flow carries a line over for a 孤行
        too); its orphan moves are off (typeset's flow has none)."""
        g, p = self.g, self.g.pitch
        if not columns:
            return
        st = self.style(block.style)
        gap = p - st.size
        spans = [(min(r.row for r in mine), max(r.row + r.rows for r in mine)) if mine else (0, 0)
                 for mine in ([r for r in regions if r.column == ci] for ci in range(len(columns)))]
        flow = self.copy(block, st, gap)
        gutter = (columns[1].x - columns[0].right) if len(columns) > 1 else g.gutter
        first, end = spans[0]
        short = self.fits[block.id].used_lines <= (end - first - 1) * len(columns)
        if len(set(spans)) == 1 and block.balance and short:
            cols = (f"#bal({pt(first * p)}, {end - first}, {pt(p)}, {pt(gap)}, {len(columns)}, {pt(gutter)}, "
                    f"{columns[0].w + SLACK:.3f}pt, [\n{flow}])")
        else:
            full = body.h - 1.0  # taller than half the column: no two spacers share one
            rooms = "".join(f"#room({pt(a * p + gap / 2)}, {pt(body.h - b * p)}, {pt(full)})\n"
                            for a, b in spans)
            cols = f"#columns({len(columns)}, gutter: {pt(gutter)})[\n" + rooms + flow + "]"
        x0, x1 = columns[0].x, columns[-1].right + len(columns) * SLACK
        self.put(Rect(x0, body.y, x1 - x0, body.h),  # clipped: overset is not drawn (as typeset)
                 f"#set par(justify: true, leading: {pt(gap)}, spacing: {pt(gap)}, first-line-indent: "
                 f"(amount: {st.indent:g}em, all: true))\n"
                 f"#set text({font(st)}, costs: (orphan: 0%))\n{cols}\n", ", clip: true")

    def copy(self, block, st, gap: float) -> str:
        """The article's paragraphs (sub-heads kept with the text after them) and byline."""
        out = []
        for para in self.page.copy.get(block.id, []):
            if para.kind == "body":
                out.append(runs(st, para) + "\n\n")
                continue
            pst = self.style({"head": "小标题", "right": "署名"}.get(para.kind, block.style))
            sticky = ", sticky: true" if para.kind == "head" else ""
            a = "right" if para.kind == "right" else "left"
            out.append(f"#block(width: 100%, spacing: {pt(gap)}{sticky}, {{set align({a}); "
                       f"set par(first-line-indent: 0pt); set text({font(pst)}); [{runs(pst, para)}]}})\n")
        if block.byline:
            out.append(f"#block(width: 100%, spacing: {pt(gap)}, align(right, "
                       f"text({font(self.style('署名'))}, {s(block.byline)})))\n")
        return "".join(out)


def page_source(spec_path: Path, root: Path = ROOT) -> str:
    """The Typst source of one page; its pictures named from ROOT (Typst's ``root``)."""
    w = Writer(spec_path, root)
    g, body = w.g, w.st["正文"]
    source = spec_path.resolve().relative_to(root.resolve()).as_posix()
    head = [f"// Generated by benchmarks/make_typst.py from {source}\n",
            f"#set page(width: {pt(g.width + 2 * g.bleed)}, height: {pt(g.height + 2 * g.bleed)}, "
            "margin: 0pt)\n",
            f'#set text(lang: "zh", region: "cn", top-edge: 0.88em, bottom-edge: -0.12em, {font(body)})\n',
            PRELUDE]
    for block in w.page.spec.blocks:
        w.block(block)
    return "".join(head + w.out)


def main() -> None:
    OUT.mkdir(exist_ok=True)
    specs = sorted((ROOT / "examples").glob("*/page.yaml"))
    for spec in specs:
        target = OUT / f"{spec.parent.name}.typ"
        target.write_text(page_source(spec), encoding="utf-8")
        print(f"wrote {target.relative_to(ROOT)}")
    issue = "".join(f'#include "{sp.parent.name}.typ"\n#pagebreak()\n' for sp in specs * 8)
    (OUT / "issue16.typ").write_text(issue.removesuffix("#pagebreak()\n"), encoding="utf-8")
    print(f"wrote {(OUT / 'issue16.typ').relative_to(ROOT)}")


if __name__ == "__main__":
    main()
