"""The proof's drawing kept between builds, in a resident process (``paiban serve``).

After a saved edit the server draws the page again for pdfium. Most of its lines are
the lines it drew last time (the layout gives back the very runs of every paragraph the
edit did not move), but the operators that set a line name the character codes and
font resources of one document: ReportLab gives each face's characters codes in 256-
glyph subsets in the order they are first drawn, and each face a resource name (F1,
F2 …) in the order it is first drawn. :class:`KeptDrawing` keeps both from document to
document instead — a character keeps its code, a face its name; new ones are added after
them — so the operators of a line are the same bytes in every proof it stands in, and
are kept: a build after an edit formats only the lines it moved.

Only the server's proof is drawn this way. Its subsets hold every character drawn since
they were last started again (:data:`MAX_SUBSETS`), not just the page's, and its codes
depend on what was drawn before, so it is never the file a desk prints: print PDFs are
drawn by :func:`.pdf.render_pdf` without it, the same bytes as a cold render.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAX_SUBSETS = 48     # a face's subsets (×256 characters) kept before starting again
MAX_LINES = 200_000  # drawn lines kept


class KeptDrawing:
    """Codes, resource names and drawn lines kept from one proof to the next."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.codes: dict[str, tuple[dict, int, list]] = {}  # face -> (assignments, next code, subsets)
        self.order: list[str] = []   # faces in the order of their resource names
        self.lines: dict[tuple, tuple] = {}  # (first run's id, runs, state, origin) -> (runs, operators, state after)
        self.hits = self.misses = 0  # lines of the last proof given back, and drawn

    def start(self, doc) -> None:
        """Give a new document's faces the codes and resource names they had."""
        self.hits = self.misses = 0
        for name in self.order:
            try:
                font = pdfmetrics.getFont(name)
            except KeyError:  # a face no longer registered: start again
                self.clear()
                return
            assignments, next_code, subsets = self.codes[name]
            state = font.state[doc] = TTFont.State(font._asciiReadable, font)
            state.assignments, state.nextCode = dict(assignments), next_code
            state.subsets = [list(s) for s in subsets]
            font.getSubsetInternalName(0, doc)  # F1, F2 … in the kept order

    def show(self, draw, out: list[str], group: list, doc, margin: float, fy, state: dict, fonts: dict) -> None:
        """``draw`` (:func:`.glyphs._show`) of one line's runs, or what it wrote for the
        same runs drawn from the same state at the same place."""
        before = (state["font"], state["color"], state["hscale"])
        key = (id(group[0]), len(group), before, margin, fy(0.0))
        kept = self.lines.get(key)
        if kept is not None and kept[0] == tuple(group):
            self.hits += 1
            out += kept[1]
            state["font"], state["color"], state["hscale"] = kept[2]
            return
        self.misses += 1
        start = len(out)
        draw(out, group, doc, margin, fy, state, fonts)
        if len(self.lines) >= MAX_LINES:
            self.lines.clear()
        self.lines[key] = (tuple(group), out[start:], (state["font"], state["color"], state["hscale"]))

    def end(self, doc) -> None:
        """Keep the document's codes and names for the next (before it is saved)."""
        named = sorted((int(internal[2:]), name) for name, internal in doc.fontMapping.items()
                       if internal.startswith("/F") and internal[2:].isdigit())
        codes = {}
        for _, name in named:
            state = pdfmetrics.getFont(name).state.get(doc)
            if state is None:
                continue
            codes[name] = (dict(state.assignments), state.nextCode, [list(s) for s in state.subsets])
        if any(len(c[2]) > MAX_SUBSETS for c in codes.values()):
            self.clear()  # drawn lines name codes: they go too
            return
        self.codes, self.order = codes, [name for _, name in named if name in codes]
