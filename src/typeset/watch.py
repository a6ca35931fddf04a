"""Watch mode: render a page again whenever a file it reads changes.

It follows exactly the files the page is made from, as the spec loader lists them
(``Built.inputs``: the page file, the layouts of its ``extends`` chain, copy files,
pictures, font files) and the bundled font table. Their folders are watched, but only
changes to those files get through, so whatever is written beside the page (the PDF,
the PNG, a log of this command, an editor's backup) never triggers a render. The list
is taken again after every render, so a picture the page starts to name is followed
from then on; after a bad edit the last good list (and the page) is kept.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from .errors import SpecError, display_path, error

Inputs = dict[Path, str]  # file → what it is to the page ("page file", "layout", "font" …)


def run_watch(args) -> int:
    """``paiban watch``: render, then render again on every change, until Ctrl-C."""
    spec = Path(args.spec)
    if not spec.is_file():
        raise error(f"page file not found: {display_path(spec)}", hint="check the file name and folder")
    out = Path(args.output or spec.with_suffix(".pdf"))

    def report(text: str) -> None:  # flushed: the log may be a file (`paiban watch page.yaml > watch.log`)
        print(text, flush=True)

    report(f"watching {display_path(spec)} and the files it reads (Ctrl-C to stop)")
    watch_loop(spec, out, Path(args.png) if args.png else None, args.proof, args.root,
               report=report, time_limit=args.time_limit)
    return 0


def watch_loop(spec: Path, out: Path, png: Path | None, proof: bool, root: Path | None,
               stop_event=None, report=print, time_limit: float | None = None) -> None:
    """Render, then render again after each change of an input, until ``stop_event`` is
    set. Fonts stay loaded between renders and are read again only when a font file or
    the font table changes; a bad edit reports its errors and waits for the next one."""
    from .fonts import FontSet
    from .pipeline import keep_warm

    fonts = FontSet.bundled()
    keep_warm(fonts)  # composed paragraphs kept too: an edit re-composes only what changed
    try:
        _follow(spec, out, png, proof, root, fonts, stop_event, report, time_limit)
    finally:
        keep_warm(None)


def _follow(spec, out, png, proof, root, fonts, stop_event, report, time_limit) -> None:
    from watchfiles import watch

    from .fonts import FontSet
    from .pipeline import keep_warm

    inputs = _render(spec, out, png, proof, root, fonts, time_limit, report, {})
    while True:
        files = frozenset(inputs)
        folders = sorted({p.parent for p in files if p.parent.is_dir()})
        for changes in watch(*folders, watch_filter=lambda _, path, files=files: Path(path) in files,
                             stop_event=stop_event):
            changed = {Path(p) for _, p in changes}
            if any(inputs.get(p) in ("font", "font table") for p in changed):
                fonts = FontSet.bundled()  # a font changed: read its metrics afresh
                keep_warm(fonts)
            inputs = _render(spec, out, png, proof, root, fonts, time_limit, report, inputs)
            if frozenset(inputs) != files:
                break  # the page reads other files now: watch those
        else:
            return  # stopped


def followed(inputs: Inputs) -> Inputs:
    """What watch follows for a page with these inputs: them and the bundled font table."""
    from .fonts import bundled_fonts_dir

    return {**inputs, (bundled_fonts_dir() / "fonts.yaml").resolve(): "font table"}


def _render(spec: Path, out: Path, png: Path | None, proof: bool, root: Path | None, fonts,
            time_limit: float | None, report, previous: Inputs) -> Inputs:
    """One render; returns the files to follow from now on."""
    from .diagnostics import render, use_colour
    from .fonts import FontError
    from .pipeline import build
    from .render import png_bytes, render_pdf, write_atomic
    from .report import print_report

    t0 = time.perf_counter()
    try:
        built = build(spec, fonts=fonts, root=root, time_limit=time_limit)
        pdf = render_pdf([built.page], proof=proof)
        write_atomic(out, pdf, inputs=built.inputs)
        if png:
            write_atomic(png, png_bytes(pdf), inputs=built.inputs)
    except SpecError as exc:
        report("\n".join(render(d, use_colour(sys.stdout)) for d in exc.diagnostics))
    except (FontError, OSError, ValueError) as exc:
        report(f"error: {exc}")
    else:
        report(f"rendered {display_path(out)} in {time.perf_counter() - t0:.2f} s")
        buf = io.StringIO()
        print_report([built], out=buf)
        report(buf.getvalue().rstrip())
        return followed(built.inputs)
    return {**previous, spec.resolve(): "page file"}
