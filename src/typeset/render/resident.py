"""The server's proof drawn with the character codes of the proofs before it (a
resident process: ``paiban serve``).

A page drawn again in one process writes the lines it drew before as they were drawn,
when their characters have the codes they had (:mod:`.glyphs`). But ReportLab gives a
face's characters their codes in 256-glyph subsets in the order they are first drawn
in a PDF, and each face its resource name (F1, F2 …) in the order it is first drawn: an
edit that brings in one new character moves the codes of every character first used
after it, and every line after the edit is drawn afresh. :class:`KeptDrawing` keeps a
page's codes and names from one proof to the next instead — a character keeps its
code, a face its name, new ones come after them — so every line the edit did not move
is written as it was.

Only the server's proof is drawn this way: its subsets hold every character drawn since
they were last started again (:data:`MAX_SUBSETS`), not just the page's, and its codes
depend on what was drawn before, so it is never the file a desk prints — print PDFs are
drawn without it, the same bytes as a cold render.
"""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

MAX_SUBSETS = 48  # a face's subsets (×256 characters) kept before starting again


class KeptDrawing:
    """The codes and resource names of one page's faces, kept from proof to proof."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.codes: dict[str, tuple[dict, int, list]] = {}  # face -> (assignments, next code, subsets)
        self.order: list[str] = []   # faces in the order of their resource names

    def start(self, doc) -> None:
        """Give a new document's faces the codes and resource names they had."""
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

    def end(self, doc) -> None:
        """Keep the document's codes and names for the next (before it is saved)."""
        named = sorted((int(internal[2:]), name) for name, internal in doc.fontMapping.items()
                       if internal.startswith("/F") and internal[2:].isdigit())
        codes = {}
        for _, name in named:
            state = pdfmetrics.getFont(name).state.get(doc)
            if state is not None:
                codes[name] = (dict(state.assignments), state.nextCode, [list(s) for s in state.subsets])
        if any(len(c[2]) > MAX_SUBSETS for c in codes.values()):
            self.clear()
            return
        self.codes, self.order = codes, [name for _, name in named if name in codes]
