"""Positions and diagnostics: every message names the user's file, line and column.

One :class:`Diagnostic` type serves every finding: input errors of the spec (raised
together as a :class:`SpecError`) and layout findings (overset, overflow, collision …),
which layout pushes into a :class:`Sink` (Typst's ``engine.sink.warn``). The text report,
the JSON report, the proof overlay and the transcript all read those records.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Span:
    """A 1-based position in a user's file."""

    file: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.col}"
        return self.file


@dataclass(frozen=True, slots=True)
class Diagnostic:
    severity: str          # "error" | "warning"
    message: str
    span: Span | None = None
    hint: str | None = None
    code: str = "input"    # stable: input, overset, overflow, collision, overfull, lost-text, ...
    block: str | None = None  # id of the block the finding belongs to
    numbers: dict = field(default_factory=dict, compare=False, hash=False)  # e.g. {"lines": 3, "chars": 41}
    where: tuple[float, float, float, float] | None = field(default=None, compare=False)  # x, y, w, h pt: marked in the proof

    def format(self) -> str:
        where = f"{self.span}: " if self.span else ""
        text = f"{where}{self.severity}: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class Sink:
    """Where layout puts its findings, in the order found; the caller decides what is fatal."""

    def __init__(self) -> None:
        self.diagnostics: list[Diagnostic] = []

    def push(self, diagnostic: Diagnostic) -> None:
        if diagnostic not in self.diagnostics:  # one problem, one message
            self.diagnostics.append(diagnostic)

    def error(self, code: str, block: str | None, message: str, span: Span | None = None,
              hint: str | None = None, where=None, **numbers) -> None:
        self.push(Diagnostic("error", message, span, hint, code, block, numbers, where))

    def warn(self, code: str, block: str | None, message: str, span: Span | None = None,
             hint: str | None = None, where=None, **numbers) -> None:
        self.push(Diagnostic("warning", message, span, hint, code, block, numbers, where))

    @property
    def ok(self) -> bool:
        return not any(d.severity == "error" for d in self.diagnostics)


class SpecError(Exception):
    """Invalid input: one or more error diagnostics. The CLI exits 2."""

    def __init__(self, diagnostics: list[Diagnostic]):
        self.diagnostics = diagnostics
        super().__init__("\n".join(d.format() for d in diagnostics))


def error(message: str, span: Span | None = None, hint: str | None = None) -> SpecError:
    return SpecError([Diagnostic("error", message, span, hint)])


QUOTE = 80  # characters of a value quoted in a message


def quote(value: object, limit: int = QUOTE) -> str:
    """``value`` as the page file spells it (:func:`yaml_value`), cut to about ``limit``
    characters: one error line, never a megabyte."""
    text = yaml_value(value)
    return text if len(text) <= limit else f"{text[:limit - 14]}… ({len(text):,} characters)"


def yaml_value(value: object) -> str:
    """A value read from YAML as YAML writes it, not as Python does: ``true``, ``false``,
    ``null``, ``.inf``, ``.nan``, ``2023-01-13``, ``[1, 2]``, ``{a: 1}``; a string quoted
    ('two', or "it's" when it holds a single quote: both are YAML's quoted styles)."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ("-.inf" if value < 0 else ".inf")
    if isinstance(value, dt.date):
        return value.isoformat(" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(map(yaml_value, value))}]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_yaml_key(k)}: {yaml_value(v)}" for k, v in value.items()) + "}"
    return repr(value)


def _yaml_key(key: object) -> str:
    plain = isinstance(key, str) and key and key.strip() == key and not any(c in key for c in ":#{}[],&*!|>'\"%@`")
    return key if plain else yaml_value(key)


def display_path(path: Path) -> str:
    """A path as the user would type it: relative to the working directory if inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
