"""The layout context of one page, what a block kind gives back, and the one registry
of block kinds (``KINDS``: kind name → layout function; the kinds live in ``kinds/``).

Every finding goes into the context's :class:`~typeset.errors.Sink` as a
:class:`~typeset.errors.Diagnostic` with its code, block id and span (Typst's
``engine.sink.warn``); nothing is reported as a bare string."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from ..errors import Sink, Span, error
from ..spec.validate import Geometry, ResolvedPage, ResolvedStyle
from .display import BLACK, Box, Fit, Item, ProofMark, SetLine
from .grid import Rect
from .textset import Setter


@dataclass(frozen=True, slots=True)
class LayoutContext:
    page: ResolvedPage
    setter: Setter
    sink: Sink
    deadline: float | None = None   # time.monotonic() by which the page must be laid out
    time_limit: float | None = None
    record_lines: bool = False      # keep where each copy line was set (BlockOut.lines, for the proof diff)
    incoming: dict = field(default_factory=dict)  # block id -> jumps.Jump: the rest of a story (转版)

    def check_time(self, block: str) -> None:
        """Stop a page that takes far too long (untrusted input in CI), naming the block."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise error(f"laying out the page took more than {self.time_limit:g} s (stopped in block {block!r})",
                        self.page.spans.get(block),
                        "the copy is far too long for its block, or the page is too complex; "
                        "raise the limit with --time-limit if this is expected")

    @property
    def g(self) -> Geometry:
        return self.page.geometry

    def style(self, name: str, fallback: str = "正文") -> ResolvedStyle:
        styles = self.page.styles
        return styles[name] if name in styles else styles[fallback]

    def span(self, block: str, *keys: str | int) -> Span | None:
        """Where a key of a block is written in the user's file (for a finding)."""
        return self.page.key_span(block, *keys)


@dataclass
class BlockOut:
    """What laying out one block gives: display items, proof marks, its copy fit and
    where its copy lines were set."""

    items: list[Item] = field(default_factory=list)
    proof: list[ProofMark] = field(default_factory=list)
    fit: Fit = Fit()
    lines: list[SetLine] = field(default_factory=list)  # where the copy was set (for the proof diff)
    jumps: list = field(default_factory=list)  # jumps.Jump: copy sent on to another page (转版)


LayoutFn = Callable[[LayoutContext, object], BlockOut]
KINDS: dict[str, LayoutFn] = {}


def block_kind(kind: str) -> Callable[[LayoutFn], LayoutFn]:
    """Register the layout of a block kind (one module of ``kinds/`` each)."""
    def register(fn: LayoutFn) -> LayoutFn:
        assert kind not in KINDS, f"block kind {kind} registered twice"
        KINDS[kind] = fn
        return fn
    return register


def padding(ctx: LayoutContext, block) -> float:
    """The inner margin of a block in pt: its ``padding``, else half a body character for
    a framed or tinted box (so text does not touch the frame), else none."""
    value = ctx.page.paddings.get(block.id)
    if value is not None:
        return value
    return ctx.g.body / 2 if (block.frame or block.tint) else 0.0


def decorate(block, rect: Rect, out: BlockOut) -> BlockOut:
    """Frame and tint common to all blocks: the tint under the content, the frame over it."""
    if block.tint:
        out.items.insert(0, Box(rect.x, rect.y, rect.w, rect.h, fill=(0, 0, 0, block.tint)))
    if block.frame:
        out.items.append(Box(rect.x, rect.y, rect.w, rect.h, stroke=BLACK, stroke_width=0.6))
    return out
