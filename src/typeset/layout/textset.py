"""Bridge from spec styles to the composer, and from composed lines to display runs.

Styles are resolved once into composer inputs; every glyph is given the face of its
role's fallback chain that has it, and characters no face has are reported."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..errors import Sink, Span as Where
from ..fonts import FontSet
from ..fonts.ink import glyph_ink
from ..spec.copy import Para, Run
from ..spec.validate import ResolvedStyle
from ..text.classes import CLOSING, MIDDLE_DOTS, OPENING
from ..text import Align, ParaConfig, Paragraph, PunctStyle, RunStyle, Span, compose
from .display import ProofMark, TextRun

BOLD_ROLE = {"song": "hei", "kai": "hei", "fangsong": "hei", "hei": "hei-bold"}
_UNKNOWN = object()


@dataclass
class Setter:
    """Composes text for one page and turns lines into runs; reports missing glyphs
    (code ``missing-glyph``, one per character and block) into the page's sink."""

    fonts: FontSet
    styles: dict[str, ResolvedStyle]
    sink: Sink = field(default_factory=Sink)
    spans: dict[str, Where] = field(default_factory=dict)  # block id -> its definition
    missing: set[tuple[str, str]] = field(default_factory=set)  # (character, block) reported
    faces: dict[str, str] = field(default_factory=dict)  # face name -> file, of every run made
    advances: dict[str, dict[int, float]] = field(default_factory=dict)  # face name -> advances (em)
    marks: list[ProofMark] = field(default_factory=list)  # where missing characters would be
    memo: dict | None = None  # (runs, style, config) -> Paragraph, kept by a resident process

    def config(self, style: ResolvedStyle, measure: float, kind: str = "body",
               align: str | None = None) -> ParaConfig:
        indent, indent_rest = style.indent, style.indent_rest
        main = Align(align or style.align)
        last = Align(style.last_align)
        if kind in ("head", "flush", "right"):
            indent = 0.0
        if kind == "right":
            main, last = Align.END, Align.END
        return ParaConfig(measure=measure, indent_first=indent, indent_rest=indent_rest,
                          align=main, last_align=last, punct=PunctStyle(style.punct), strict=style.strict,
                          breaker=style.breaker)

    def compose(self, runs: tuple[Run, ...] | list[Run], style: ResolvedStyle, config: ParaConfig,
                block: str, where: Where | None = None) -> Paragraph:
        bold_role = BOLD_ROLE.get(style.font, style.font)
        styles = [RunStyle(style.font, style.size), RunStyle(bold_role, style.size)]
        spans = [Span(r.text, 1 if r.bold else 0) for r in runs if r.text]
        for r in runs:
            self.check(r.text, bold_role if r.bold else style.font, block, where)
        if self.memo is None:
            return compose(spans, styles, config, self.fonts)
        key = (tuple(runs), style, config)
        para = self.memo.get(key)
        if para is None:
            para = self.memo[key] = compose(spans, styles, config, self.fonts)
        return para

    def compose_text(self, text: str, style: ResolvedStyle, measure: float, block: str,
                     align: str | None = None, kind: str = "flush", where: Where | None = None) -> Paragraph:
        return self.compose([Run(text)], style, self.config(style, measure, kind, align), block, where)

    def compose_para(self, para: Para, style: ResolvedStyle, measure: float, block: str,
                     where: Where | None = None) -> Paragraph:
        return self.compose(para.runs, style, self.config(style, measure, para.kind), block, where)

    def runs(self, para: Paragraph, line_index: int, x: float, y: float, style: ResolvedStyle,
             tracking: float = 0.0) -> list[TextRun]:
        """Display runs of one composed line with its start at (x, baseline y)."""
        line = para.lines[line_index]
        roles = (style.font, BOLD_ROLE.get(style.font, style.font))
        size, color = style.size, style.color
        known = (self.fonts.faces_of(roles[0]), self.fonts.faces_of(roles[1]))  # by Glyph.style
        used, make = self.faces, TextRun._make
        out: list[TextRun] = []
        for k, (text, at, bold, hscale) in enumerate(line.glyphs):
            gx = x + at + k * tracking * size
            bold = 1 if bold == 1 else 0
            if len(text) == 1:  # the common case: one glyph in one face
                face = known[bold].get(text, _UNKNOWN)
                if face is _UNKNOWN:
                    face = self.fonts.face_for(roles[bold], text)
                if face is not None and not text.isspace():
                    if face.name not in used:
                        self.use(face)
                    out.append(make((gx, y, text, face.name, size, hscale, color, 0.0)))
                    continue
            out += self.place(text, roles[bold], gx, y, style, hscale)
        return out

    def place(self, text: str, role: str, x: float, y: float, style: ResolvedStyle,
              hscale: float = 1.0) -> list[TextRun]:
        """Runs for ``text`` at (x, y), split where the fallback chain changes face.
        Characters no face has are skipped here (reported by :meth:`compose`)."""
        face_for = self.fonts.face_for
        if len(text) == 1:  # the common case: one glyph of a composed line
            face = face_for(role, text)
            if face is None or text.isspace():
                if face is None and not text.isspace():
                    self._mark_missing(text, role, x, y, style, hscale)
                return []
            self.use(face)
            return [TextRun(x, y, text, face.name, style.size, hscale, style.color)]
        out: list[TextRun] = []
        cursor, i, n = x, 0, len(text)
        while i < n:
            face = face_for(role, text[i])
            j = i + 1
            while j < n and face_for(role, text[j]) is face:
                j += 1
            piece = text[i:j]
            if face is not None and not piece.isspace():
                out.append(TextRun(cursor, y, piece, face.name, style.size, hscale, style.color))
                self.use(face)
            elif face is None:
                for k, ch in enumerate(piece):
                    if not ch.isspace():
                        self._mark_missing(ch, role, cursor + k * style.size * hscale, y, style, hscale)
            cursor += sum(self.fonts.advance(role, c) for c in piece) * style.size * hscale
            i = j
        return out

    def use(self, face) -> None:
        """Record a face the page draws with (the PDF embeds it; its advances size runs)."""
        if face.name not in self.faces:
            self.faces[face.name] = str(face.path)
            self.advances[face.name] = face.advances

    def glyph_ink(self, role: str, ch: str):
        """The outline bounds of ``ch`` in the face of ``role`` that sets it (em, y up
        from the baseline; :func:`typeset.fonts.ink.glyph_ink`), None if it draws nothing."""
        face = self.fonts.face_for(role, ch)
        return None if face is None else glyph_ink(str(face.path), ch)

    def run_ink(self, run: TextRun):
        """The outline bounds of a one-character run's glyph in its face (em), or None."""
        path = self.faces.get(run.font)
        return None if path is None or len(run.text) != 1 else glyph_ink(path, run.text)

    def ink(self, run: TextRun) -> tuple[float, float]:
        """Where a display run puts ink across the line (pt, left and right): its advance,
        except that a full-width mark inks only the half its blank does not take (in the
        simplified-Chinese faces a closing mark sits left, an opening mark right, a middle
        dot in the centre); that blank half is what punctuation compression removes."""
        adv = self.advances.get(run.font, {})
        width = sum(adv.get(ord(c), 1.0) for c in run.text) * run.size * run.hscale
        if len(run.text) == 1 and width >= 0.9 * run.size:
            half = width / 2
            if run.text in CLOSING:
                return run.x, run.x + half
            if run.text in OPENING:
                return run.x + half, run.x + width
            if run.text in MIDDLE_DOTS:
                return run.x + half / 2, run.x + width - half / 2
        return run.x, run.x + width

    def _mark_missing(self, ch: str, role: str, x: float, y: float, style: ResolvedStyle,
                      hscale: float) -> None:
        """A proof box where a character no font has would stand (its em box)."""
        width = self.fonts.advance(role, ch) * style.size * hscale
        self.marks.append(ProofMark("missing", x, y - 0.88 * style.size, width, style.size,
                                    f"U+{ord(ch):04X}"))

    def check(self, text: str, role: str, block: str, where: Where | None = None) -> None:
        """Report every character of ``text`` that no face of ``role`` has (once a block)."""
        for ch in sorted(self.fonts.missing(role, text)):
            if (ch, block) in self.missing:
                continue
            self.missing.add((ch, block))
            codepoint = f"U+{ord(ch):04X}"
            self.sink.error("missing-glyph", block, f"no font of role {role!r} has {ch!r} ({codepoint})",
                            where or self.spans.get(block),
                            "add a fallback font that has it (fonts: {role: {fallback: [...]}}), "
                            "or replace the character", char=ch, codepoint=codepoint, role=role)


def line_edges(para: Paragraph, line_index: int, x: float, step: float = 0.0) -> tuple[float, ...]:
    """The page x where each character of a composed line starts, then the line's end
    (a :class:`~typeset.layout.display.SetLine`'s ``edges``). ``x`` is the line's origin,
    as given to :meth:`Setter.runs`, ``step`` the tracking added after each glyph (pt).
    A space starts where the glyph after it does; the characters of a Latin word share
    its width evenly; the last glyph ends where the line's set width does."""
    line = para.lines[line_index]
    text, glyphs = para.text, line.glyphs
    if not glyphs:
        return (x,) * (line.end - line.start + 1)
    starts = [x + g.x + k * step for k, g in enumerate(glyphs)]
    end = max(starts[0] + line.width + (len(glyphs) - 1) * step, starts[-1])
    ends = [*starts[1:], end]
    edges: list[float] = []
    pos = line.start
    for g, left, right in zip(glyphs, starts, ends):
        while pos < line.end and not text.startswith(g.text, pos):  # spaces carry no glyph
            edges.append(left)
            pos += 1
        n = len(g.text)
        edges += [left + (right - left) * k / n for k in range(n)]
        pos += n
    edges += [ends[-1]] * (line.end - pos + 1)
    return tuple(edges)
