"""Total-fit line breaking (Knuth–Plass over the whole paragraph, shaped after Typst's
``linebreak_optimized``).

Every breakpoint is a node; a node's cost is the least total demerits of any way of
setting the paragraph up to it. Nodes are taken in text order and each relaxes the
lines that start at it: only ends whose line is neither infeasible (cannot be
compressed to the measure) nor hopelessly loose are tried, found by bisection on the
prefix widths, so a node tries a handful of ends. The demerits of a line are
``(1 + badness)² + penalty² + LINE`` (badness from :func:`.line.adjust`: compressing marks
before Han–Latin glue, widening glue before spreading characters), plus

- ``CONSECUTIVE`` when this line and the line before it on the best path to its start
  are both heavily adjusted (the way Typst and TeX charge adjacent loose/tight lines),
- ``ORPHAN`` for a last line holding a single Han character (孤字), when asked.

Prohibitions (禁则) and unbreakable runs are hard: they are not breakpoints. A node from
which no legal line fits gets the first-fit breaker's forced line, so there is always a
path; forced and overfull lines are reported by the composer.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from itertools import islice

from .classes import Cls, is_han
from .line import (
    BOUNDARY_WHITE, EPS, GLUE_COST, GLUE_RATE, INFEASIBLE, SQUEEZE_COST, SQUEEZE_RATE, Fit, Widths, adjust, forced_line,
)
from .linebreak import linebreak_simple
from .model import Align, ParaConfig

LINE = 100.0         # every line: a paragraph one line longer must be that much better
HEAVY = 20.0         # a line with this badness or more is heavily adjusted
CONSECUTIVE = 900.0  # two heavily adjusted lines in a row
ORPHAN = 3000.0      # a last line of one Han character
LEAST = 1.0 + LINE  # the demerits of a line at natural width, the least a line costs
LOOK_BACK = 0.2      # ends are tried from this share of the measure short of full (or 2 em)


def linebreak_optimized(widths: Widths, config: ParaConfig, em: float) -> list[tuple[Fit, str]]:
    """The lines of least total demerits, as (fit, reason) in order."""
    atoms = widths.atoms
    n = len(atoms)
    ends = [i + 1 for i, a in enumerate(atoms) if a.penalty is not None]
    penalty2 = [0.0] * (n + 1)
    for j in ends:
        penalty2[j] = (atoms[j - 1].penalty or 0.0) ** 2
    # natural width before the edge rules, monotone in the position: the window's scale
    width, glue = widths.width, widths.glue
    reach = [width[j] + glue[j - 1] for j in ends]
    solid = widths.solid
    end_nat, end_shr, glue_shr, end_str = (widths.end_natural, widths.end_shrink,
                                           widths.glue_shrink, widths.end_stretch)
    gaps, loose = widths.gaps, widths.loose
    # one record per breakpoint j with what the inner loop reads of a line ending there
    # (the prefix sums at its last visible atom): natural, mark shrink, all shrink,
    # stretch, plain gaps, loose gaps, the squared penalty
    cands = []
    for j in ends:
        last = solid[j - 1]
        nat = end_nat[last] + (atoms[last].hyphen if last == j - 1 else 0.0)
        cands.append((j, last, nat, end_shr[last], end_shr[last] + glue_shr[last], end_str[last],
                      gaps[last], loose[last], penalty2[j]))
    start_nat, start_shr, start_str = widths.start_natural, widths.start_shrink, widths.start_stretch
    inf = INFEASIBLE
    cost = [inf] * (n + 1)
    heavy = [False] * (n + 1)
    back: list[tuple[int, float] | None] = [None] * (n + 1)  # (start, badness)
    cost[0] = 0.0
    orphaned = False  # does the best way to the end leave a 孤字?
    spread_all = config.align is Align.DISTRIBUTE
    first_measure = config.measure - em * config.indent_first
    rest_measure = config.measure - em * config.indent_rest
    look = max(2 * em, LOOK_BACK * rest_measure)
    orphans = config.orphan_control
    cap = BOUNDARY_WHITE * em  # line.spread_gaps, inlined
    # one record per start i: its prefix sums, and where its window of ends begins
    starts = zip(start_nat, start_shr, [s + g for s, g in zip(start_shr, glue_shr)], start_str, gaps,
                 loose, [w + g - look for w, g in zip(width, glue)])
    measure = first_measure
    for i, (sn, ss, ss_all, sx, sgap, sloose, short) in enumerate(starts):
        # (every atom, not only the breakpoints: a forced line may end between them)
        base = cost[i]
        if base == inf:
            continue
        if i:
            measure = rest_measure
        limit = measure + EPS
        k0 = bisect_right(ends, i)
        k = bisect_left(reach, short + measure, k0)
        was_heavy = heavy[i]
        relaxed = ordinary = False
        while True:
            for j, last, nat, shr, shr_all, stretch, g, lg, pen2 in islice(cands, k, None):
                natural = nat - sn
                if natural - shr_all + ss_all > limit:
                    if last >= i:
                        break  # and every longer line
                    fit = widths.fit(i, j)  # a line of spaces only: the slow way
                    if fit.natural - fit.shrink - fit.shrink2 > limit:
                        break
                    bad = adjust(fit, measure, em, spread_all or j != n).badness
                elif base + pen2 + LEAST >= cost[j] and last >= i:
                    # no line to j from here can beat the best so far: skip its badness
                    relaxed = True
                    if not pen2:
                        ordinary = True
                    continue
                # badness: the same stages and numbers as line.adjust (tested equal)
                elif last < i:
                    bad = adjust(widths.fit(i, j), measure, em, spread_all or j != n).badness
                elif j == n and not spread_all:
                    bad = 0.0 if natural <= limit else adjust(
                        widths.fit(i, j), measure, em, False).badness
                else:
                    delta = measure - natural
                    if -EPS <= delta <= EPS:
                        bad = 0.0
                    elif delta > 0:
                        stretch -= sx
                        if delta <= stretch:
                            r = delta / stretch
                            bad = 4.0 * r * r
                        elif g - sgap:
                            g -= sgap
                            rest = delta - stretch
                            per = rest / g
                            if per > cap and lg - sloose > g:
                                b = lg - sloose - g
                                per = (rest + b * cap) / (g + b)
                            e = per / em
                            bad = (4.0 if stretch else 0.0) + 640.0 * e * e + 8.0 * e
                        else:  # no plain gap: the loose gaps, letter-spaced or left short
                            bad = adjust(widths.fit(i, j), measure, em, True).badness
                    else:
                        need = -delta
                        shr -= ss
                        if need <= shr + EPS:
                            r = need / shr if need < shr else 1.0
                            bad = SQUEEZE_COST + SQUEEZE_RATE * r * r
                        else:  # the marks' blanks are not enough: Han–Latin glue too
                            shrink2 = shr_all - ss_all - shr
                            r2 = (need - shr) / shrink2 if need - shr < shrink2 else 1.0
                            bad = (SQUEEZE_COST + (SQUEEZE_RATE if shr else 0.0) + GLUE_COST
                                   + GLUE_RATE * r2 * r2)
                if bad == inf:
                    continue
                d = (1.0 + bad) * (1.0 + bad) + pen2 + LINE
                is_heavy = bad >= HEAVY
                if is_heavy and was_heavy:
                    d += CONSECUTIVE
                relaxed = True
                if not pen2:
                    ordinary = True
                if j == n:
                    orphan = orphans and i and _orphan(atoms, i, n)
                    if orphan:
                        d += ORPHAN
                    if base + d < cost[n]:
                        cost[n], back[n], heavy[n], orphaned = base + d, (i, bad), is_heavy, orphan
                elif base + d < cost[j]:
                    cost[j], back[j], heavy[j] = base + d, (i, bad), is_heavy
            if ordinary or k == k0:
                break
            k = k0  # no ordinary break in the window fits: try the short lines too
        if not relaxed:
            fit, _ = forced_line(widths, i, measure)
            total = base + 1e12
            if total < cost[fit.end]:
                cost[fit.end], back[fit.end], heavy[fit.end] = total, (i, inf), True
                if fit.end == n:
                    orphaned = False
    if orphaned:
        # the window may have hidden the shorter line that avoids the 孤字; first fit
        # tries exactly that, so keep whichever of the two costs less
        simple = linebreak_simple(widths, config, em)
        if paragraph_demerits(widths, simple, config, em) < cost[n]:
            return simple
    chain = []
    j = n
    while j > 0:
        entry = back[j]
        assert entry is not None
        chain.append((entry[0], j))
        j = entry[0]
    chain.reverse()
    lines = []
    for number, (i, j) in enumerate(chain):
        fit = widths.fit(i, j)
        measure = first_measure if number == 0 else rest_measure
        lines.append((fit, _reason(widths, fit, measure, j == n)))
    return lines


def paragraph_demerits(widths: Widths, lines: list[tuple[Fit, str]], config: ParaConfig,
                       em: float) -> float:
    """Total demerits of a choice of lines by the breaker's cost model (for comparing
    breakers; the optimal breaker minimises this)."""
    total, was_heavy, n = 0.0, False, len(widths.atoms)
    for number, (fit, _) in enumerate(lines):
        measure = config.measure - em * (config.indent_first if number == 0 else config.indent_rest)
        last = fit.end == n
        bad = adjust(fit, measure, em, config.align is Align.DISTRIBUTE or not last).badness
        if bad == INFEASIBLE:
            return INFEASIBLE
        d = (1.0 + bad) ** 2 + (widths.atoms[fit.end - 1].penalty or 0.0) ** 2 + LINE
        if bad >= HEAVY and was_heavy:
            d += CONSECUTIVE
        if last and config.orphan_control and fit.start and _orphan(widths.atoms, fit.start, n):
            d += ORPHAN
        total += d
        was_heavy = bad >= HEAVY
    return total


def _reason(widths: Widths, fit: Fit, measure: float, last: bool) -> str:
    if fit.natural - fit.shrink - fit.shrink2 > measure + EPS:
        line = widths.fit(fit.start, fit.start + 1)
        return "overfull" if fit.end == fit.start + 1 and line.natural > measure else "forced"
    if fit.end < len(widths.atoms) and widths.atoms[fit.end - 1].penalty is None:
        return "forced"
    if last:
        return "last"
    if fit.natural > measure + EPS:
        return "push-in"
    if fit.natural < measure - EPS:
        return "push-out"
    return "fit"


def _orphan(atoms, start: int, end: int) -> bool:
    """Does atoms[start:end] hold one Han character and nothing but closing marks?"""
    han = 0
    for a in atoms[start:end]:
        if a.cls is Cls.HAN and is_han(a.text[0]):
            han += 1
        elif a.cls is not Cls.CLOSE and a.cls is not Cls.MIDDLE:
            return False
    return han == 1
