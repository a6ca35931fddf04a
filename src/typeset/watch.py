"""Watch mode: render a page again whenever a file it reads changes.

It follows exactly the files the page is made from, as the spec loader lists them
(``Built.inputs``: the page file, the layouts of its ``extends`` chain, copy files,
pictures, font files) and the bundled font table. Their folders are watched, but only
changes to those files get through, so whatever is written beside the page (the PDF,
the PNG, a log of this command, an editor's backup) never triggers a render. The list
is taken again after every render, so a picture the page starts to name is followed
from then on; after a bad edit the last good list (and the page) is kept.

It also follows the places where a layout of the ``extends`` chain was looked for and
not found (``Built.absent``): a layout made there would be read instead, so its
appearance is a change, even when its folder is new too (the nearest folder on its way
is watched, and the folder's appearance starts a watch of it). Folders are watched
without their subfolders; a check for such layouts every :data:`POLL_MS` covers a file
made in a new folder before that folder was watched. The proof server's watcher
(``serve/watcher.py``) follows pages the same way, with these functions.
"""

from __future__ import annotations

import io
import sys
import time
from pathlib import Path

from .errors import SpecError, display_path, error

Inputs = dict[Path, str]  # file → what it is to the page ("page file", "layout", "font" …)
MAY_APPEAR = "layout that would take over"  # what a followed path where no file is yet is to the page
POLL_MS = 1000  # how often the places where a layout may appear are looked at


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
    appeared = _present(inputs)
    while True:
        files = frozenset(inputs)
        absent = [p for p, what in inputs.items() if what == MAY_APPEAR]

        def wanted(_, path: str, files=files, absent=absent) -> bool:
            return Path(path) in files or on_the_way(Path(path), absent)

        for changes in watch(*roots(files), watch_filter=wanted, stop_event=stop_event, recursive=False,
                             rust_timeout=POLL_MS, yield_on_timeout=True):
            changed = {Path(p) for _, p in changes}
            seen = news(changed, absent, appeared)
            if seen == FOLDER:
                break  # only a folder on the way to a layout appeared: watch it too
            if seen == NOTHING:
                continue  # (the look every POLL_MS)
            if any(inputs.get(p) in ("font", "font table") for p in changed):
                fonts = FontSet.bundled()  # a font changed: read its metrics afresh
                keep_warm(fonts)
            inputs = _render(spec, out, png, proof, root, fonts, time_limit, report, inputs)
            appeared = _present(inputs)
            if frozenset(inputs) != files:
                break  # the page reads other files now: watch those
        else:
            return  # stopped


def _present(inputs: Inputs) -> set[Path]:
    """The places of absent layouts that hold a file (after a render: a broken one)."""
    return {p for p, what in inputs.items() if what == MAY_APPEAR and p.exists()}


def roots(files) -> list[Path]:
    """The folders to watch for ``files``: the folder of each, or when it does not exist
    (a layout that may appear in a folder not made yet), the nearest one on its way."""
    out = set()
    for f in files:
        folder = Path(f).parent
        while not folder.is_dir() and folder.parent != folder:
            folder = folder.parent
        out.add(folder)
    return sorted(out)


FOLDER, NOTHING, CHANGE = "folder", "nothing", "change"


def news(changed: set[Path], absent, appeared: set[Path]) -> str:
    """What a step of a watch saw: :data:`FOLDER` when only folders on the way to the
    ``absent`` layouts appeared (watch them too), :data:`NOTHING` when nothing did (a
    look every :data:`POLL_MS`) and no absent layout has appeared since ``appeared`` was
    taken, else :data:`CHANGE` (build again)."""
    if any(p.exists() for p in absent if p not in appeared):
        return CHANGE
    if all(on_the_way(p, absent) and p not in absent for p in changed):
        return FOLDER if changed else NOTHING
    return CHANGE


def on_the_way(path: Path, absent) -> bool:
    """Whether ``path`` is one of the ``absent`` files or a folder on the way to one."""
    return any(path == p or path in p.parents for p in absent)


def followed(inputs: Inputs, absent=()) -> Inputs:
    """What watch follows for a page with these inputs: them, the bundled font table, and
    the ``absent`` places where a layout that would take over may appear."""
    from .fonts import bundled_fonts_dir

    return {**dict.fromkeys(map(Path, absent), MAY_APPEAR), **inputs,
            (bundled_fonts_dir() / "fonts.yaml").resolve(): "font table"}


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
        return followed(built.inputs, built.absent)
    return {**previous, spec.resolve(): "page file"}
