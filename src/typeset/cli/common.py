"""What several commands share: building the pages they were given (input errors
printed, not raised) and the status line on stderr."""

from __future__ import annotations

import sys
from pathlib import Path

from ..diagnostics import emit
from ..errors import SpecError
from ..pipeline import Built, build


def build_each(args) -> tuple[list[Built], list[tuple[str, list]]]:
    """Build every page of ``args.spec``; a page's input errors are printed, not raised.
    Returns the pages built and (spec, diagnostics) of those that failed."""
    built, failed = [], []
    for spec in args.spec:
        try:
            built.append(build(Path(spec), root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir))
        except SpecError as exc:
            failed.append((spec, exc.diagnostics))
            emit(exc.diagnostics)
    return built, failed


def say(args, text: str) -> None:
    """A status line: on stderr, so stdout carries only what was asked for."""
    if not args.quiet:
        print(text, file=sys.stderr)
