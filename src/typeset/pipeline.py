"""The pipeline, one page at a time: spec → layout (→ render by the caller).

``build`` reads as its steps: load and validate the page file (``spec``) → lay the page
out into a display list and its findings (``layout``). The CLI, batch, watch and the
proof server all call it; none of them imports another to get at it.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import display_path

log = logging.getLogger("typeset")

EXIT_OK, EXIT_LAYOUT, EXIT_INPUT = 0, 1, 2


@dataclass
class Built:
    spec: Path
    page: object          # layout.display.Page
    inputs: dict = field(default_factory=dict)  # file the page was made from -> what it is (never an output)
    resolved: object = field(default=None, repr=False)  # spec.ResolvedPage, when asked for (proof diff)
    sources: dict = field(default_factory=dict)  # block id -> (Span where defined, its copy file or None)


_warm: tuple | None = None  # (FontSet, paragraph memo) of a resident process


def keep_warm(fonts) -> dict:
    """Make every later :func:`build` in this process that is given these fonts, or none,
    use ``fonts`` and reuse composed paragraphs (``paiban serve`` and ``watch``); returns
    the memo, for clearing. ``keep_warm(None)`` ends it."""
    global _warm
    _warm = None if fonts is None else (fonts, {})
    return {} if _warm is None else _warm[1]


def build(spec: Path, fonts=None, root: Path | None = None, time_limit: float | None = None,
          keep_spec: bool = False, font_dirs: tuple[Path, ...] = (), incoming: dict | None = None) -> Built:
    """Steps: load and validate the spec → lay out the page (display list + report).
    ``keep_spec`` keeps the resolved page (copy, areas) and where each copy line was set
    (``Page.lines``) for a caller that compares pages (the proof diff); ``incoming`` gives
    continued blocks the rest of their story (转版, from ``batch``)."""
    from .layout import DEFAULT_TIME_LIMIT, layout_page
    from .spec import load_spec

    memo = None
    if _warm is not None and (fonts is None or fonts is _warm[0]):
        fonts, memo = _warm
    t0 = time.perf_counter()
    resolved = load_spec(spec, fonts=fonts, root=root, font_dirs=font_dirs)
    t1 = time.perf_counter()
    page = layout_page(resolved, time_limit or DEFAULT_TIME_LIMIT, record_lines=keep_spec, memo=memo,
                        incoming=incoming)
    t2 = time.perf_counter()
    log.info("%s: read and checked in %.0f ms; laid out %d blocks, %d items in %.0f ms", display_path(spec),
             (t1 - t0) * 1000, len(page.blocks), len(page.items), (t2 - t1) * 1000)
    return Built(spec, page, resolved.inputs or {}, resolved if keep_spec else None, _sources(resolved))


def _sources(resolved) -> dict:
    base = resolved.source.parent
    return {b.id: (resolved.spans.get(b.id), str(base / b.body) if getattr(b, "body", None) else None)
            for b in resolved.spec.blocks}


def status(built: list[Built]) -> int:
    """Exit status of pages that were read: 0 when every page can be printed, else 1."""
    return EXIT_OK if all(b.page.ok for b in built) else EXIT_LAYOUT
