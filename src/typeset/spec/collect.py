"""Gathering a page's input errors: the :class:`Collector` every check of the resolution
writes to (one diagnostic at the file:line:column of the key at fault, each problem
once), raised together as one :class:`~typeset.errors.SpecError`; and :func:`length`, a
length read at a key or an error there."""

from __future__ import annotations

import math
from pathlib import Path

from ..errors import Diagnostic, SpecError, quote
from ..units import UnitContext, UnitError, length as _length
from .loader import Located


class Collector:
    """The input errors found so far and the files read for one page."""

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


def length(c: Collector, path: tuple, value, ctx: UnitContext) -> float | None:
    """``value`` (12pt, 4mm, 2字 …) in pt, or an error at ``path`` and None."""
    try:
        result = _length(value, ctx)
    except UnitError as exc:
        c.error(path, str(exc))
        return None
    if not math.isfinite(result):
        c.error(path, f"{path[-1]} is {quote(value)}, not a length", "give a finite length such as 12pt, 4mm or 2字")
        return None
    return result
