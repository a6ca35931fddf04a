"""Choose the line breaks of a paragraph.

:func:`break_lines` is the one entry point (a first-fit breaker); an optimal
(Knuth–Plass style) breaker can replace it behind the same signature.

Rules (clreq ``#prohibition_rules_for_line_start_end``, zh text: "先挤进，后推出"):
at each line the breaker knows two candidates, the furthest break whose line fits when
its punctuation is compressed (push-in, 挤进) and the furthest whose line fits at natural
width (push-out, 推出, the line is then spread). It takes push-in unless push-out changes
the spacing less. A paragraph whose last line would hold a single Han character (孤字,
clreq ``#adjustments_of_orphans_and_widows``) takes one more character from the line
before when that line can give one up.
"""

from __future__ import annotations

from dataclasses import dataclass

from .atoms import HAN_LATIN_SHRINK, WORD_SPACE_SHRINK, Atom
from .classes import Cls, is_han
from .model import ParaConfig, PunctStyle

EPS = 1e-6


@dataclass(frozen=True, slots=True)
class Fit:
    """Widths of the candidate line atoms[start:end] (pt)."""

    start: int
    end: int
    natural: float
    shrink: float
    gaps: int


def line_fit(atoms: list[Atom], start: int, end: int, punct: PunctStyle) -> Fit:
    """Natural width, total shrinkability and gap count of atoms[start:end] as a line.

    The line-end rules apply here: a trailing space takes no width, a closing mark at
    the end loses its blank half (GB/T 15834 §5.1.10) except in 全角 style, where it is
    only shrinkable, and the glue after the last atom is dropped."""
    natural = shrink = 0.0
    last = end - 1
    while last > start and atoms[last].cls is Cls.SPACE:
        last -= 1
    for k in range(start, last + 1):
        a = atoms[k]
        natural += a.width
        shrink += a.blank_left + a.blank_right
        if k < last:
            natural += a.glue
            if a.glue:
                shrink += HAN_LATIN_SHRINK * a.em
        if a.cls is Cls.SPACE:
            shrink += WORD_SPACE_SHRINK * a.em
    tail = atoms[last]
    if tail.blank_right and punct is not PunctStyle.QUANJIAO:
        natural -= tail.blank_right
        shrink -= tail.blank_right
    return Fit(start, end, natural, shrink, last - start)


def break_lines(atoms: list[Atom], config: ParaConfig, em: float) -> list[tuple[Fit, str]]:
    """Return the lines as (fit, reason) in order."""
    lines: list[tuple[Fit, str]] = []
    start, n = 0, len(atoms)
    while start < n:
        measure = config.measure - em * (config.indent_first if not lines else config.indent_rest)
        fit, reason = _next_line(atoms, start, measure, config.punct)
        lines.append((fit, reason))
        start = fit.end
    if lines:
        lines[-1] = (lines[-1][0], "last")
    if config.orphan_control and len(lines) >= 2:
        _fix_orphan(atoms, lines, config, em)
    return lines


def _next_line(atoms: list[Atom], start: int, measure: float, punct: PunctStyle) -> tuple[Fit, str]:
    n = len(atoms)
    push_in: Fit | None = None
    push_out: Fit | None = None
    running = 0.0
    end = start
    while end < n:
        a = atoms[end]
        running += a.width - a.blank_left - a.blank_right
        end += 1
        if running > measure + 2 * a.em:
            break  # past the measure even fully compressed: no later break can fit
        if not atoms[end - 1].breakable:
            continue
        fit = line_fit(atoms, start, end, punct)
        if fit.natural <= measure + EPS:
            push_out = fit
            push_in = None
        elif fit.natural - fit.shrink <= measure + EPS:
            push_in = fit
        else:
            break
    if end >= n and push_out is not None and push_out.end == n:
        return push_out, "fit"
    if push_in is None and push_out is None:
        return _forced(atoms, start, measure, punct)
    if push_in is None:
        assert push_out is not None
        return push_out, "fit" if abs(push_out.natural - measure) < EPS else "push-out"
    if push_out is None:
        return push_in, "push-in"
    # Taking up to the blank halves of marks is ordinary punctuation compression, so
    # push-in wins while it needs no more than that; when it must also squeeze
    # Han–Latin glue or word spaces, take whichever changes the spacing less.
    over = push_in.natural - measure
    blanks = _punct_blanks(atoms, push_in)
    if over <= blanks + EPS:
        return push_in, "push-in"
    squeeze = (over - blanks) / max(push_in.gaps, 1)
    spread = (measure - push_out.natural) / max(push_out.gaps, 1)
    return (push_in, "push-in") if squeeze <= spread + EPS else (push_out, "push-out")


def _punct_blanks(atoms: list[Atom], fit: Fit) -> float:
    total = sum(a.blank_left + a.blank_right for a in atoms[fit.start:fit.end])
    tail = atoms[fit.end - 1]
    return total - tail.blank_right  # the line-end blank is already gone


def _forced(atoms: list[Atom], start: int, measure: float, punct: PunctStyle) -> tuple[Fit, str]:
    """No legal break fits: take the longest run of atoms that fits, ignoring the
    prohibitions (reported), or a single atom wider than the measure (overfull)."""
    best = None
    for end in range(start + 1, len(atoms) + 1):
        fit = line_fit(atoms, start, end, punct)
        if fit.natural - fit.shrink > measure + EPS:
            break
        best = fit
    if best is None:
        return line_fit(atoms, start, start + 1, punct), "overfull"
    return best, "forced"


def _fix_orphan(atoms: list[Atom], lines: list[tuple[Fit, str]], config: ParaConfig, em: float) -> None:
    last, _ = lines[-1]
    han = sum(1 for a in atoms[last.start:last.end] if a.cls is Cls.HAN and is_han(a.text[0]))
    others = sum(1 for a in atoms[last.start:last.end] if a.cls not in (Cls.HAN, Cls.CLOSE, Cls.MIDDLE))
    if han != 1 or others:
        return
    prev, _ = lines[-2]
    indent = config.indent_first if len(lines) == 2 else config.indent_rest
    measure = config.measure - em * indent
    for end in range(last.start - 1, prev.start + 1, -1):
        if not atoms[end - 1].breakable:
            continue
        fit = line_fit(atoms, prev.start, end, config.punct)
        if fit.natural > measure + EPS:
            continue
        rest = line_fit(atoms, end, last.end, config.punct)
        rest_measure = config.measure - em * config.indent_rest
        if rest.natural - rest.shrink <= rest_measure + EPS and (measure - fit.natural) <= em * 2 + EPS:
            lines[-2] = (fit, "push-out")
            lines[-1] = (rest, "last")
        return
