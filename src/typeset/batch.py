"""Whole issues (many pages, in parallel) and watch mode, for the CLI.

An issue file lists its pages in order::

    pages: [laodongzhe/page.yaml, guanxin/page.yaml]

Pages are laid out in worker processes (one per core by default); a failing page is
reported and does not stop the others. The multi-page PDF is written at the end.
"""

from __future__ import annotations

import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .errors import SpecError, display_path, error


def issue_pages(paths: list[str]) -> list[Path]:
    if len(paths) == 1 and Path(paths[0]).suffix in (".yaml", ".yml"):
        from .spec.loader import load_yaml

        located = load_yaml(Path(paths[0]))
        if isinstance(located.data, dict) and "pages" in located.data:
            pages = located.data["pages"]
            if not isinstance(pages, list) or not all(isinstance(p, str) for p in pages):
                raise error("`pages` must be a list of page files", located.span(("pages",)))
            base = Path(paths[0]).parent
            return [base / p for p in pages]
    return [Path(p) for p in paths]


_FONTS = None  # the parent's loaded FontSet, inherited by forked workers


def _layout_one(path: Path):
    from .cli import build

    try:
        return build(path, fonts=_FONTS), None
    except SpecError as exc:
        return None, "\n".join(d.format() for d in exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - one page's failure must not stop the issue
        return None, f"{display_path(path)}: error: {exc}"


def run_batch(args) -> int:
    """Lay pages out in worker processes and draw each into the issue PDF as soon as it
    (and every page before it) is ready, so drawing overlaps the layout of later pages."""
    from .cli import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK, print_report
    from .render import write_atomic
    from .render.pdf import PdfWriter, render_pdf

    pages = issue_pages(args.spec)
    t0 = time.perf_counter()
    issue = PdfWriter(proof=args.proof, marks=args.marks)
    built, failed = [], []
    for path, (b, msg) in zip(pages, _results(pages, args.jobs or None, args.quiet)):
        if b is None:
            failed.append((path, msg))
            continue
        built.append(b)
        issue.add(b.page)
        if args.split:
            name = b.spec.parent.name if b.spec.stem == "page" else b.spec.stem
            write_atomic(args.split / f"{name}.pdf", render_pdf([b.page], proof=args.proof, marks=args.marks))
    if built:
        write_atomic(Path(args.output), issue.finish())
    if not args.quiet:
        print(f"{len(built)} of {len(pages)} pages in {time.perf_counter() - t0:.2f} s → {args.output}")
        print_report(built, quiet=True)
    for path, msg in failed:
        print(f"page {display_path(path)} failed:\n{msg}", file=sys.stderr)
    if failed:
        return EXIT_INPUT
    return EXIT_OK if all(b.page.ok for b in built) else EXIT_LAYOUT


def _results(pages: list[Path], jobs: int | None, quiet: bool):
    """Yield (built, error) for each page in order; a progress bar on a terminal."""
    global _FONTS
    from .fonts import FontSet
    from .layout import layout_page  # noqa: F401 - imported once here, inherited by workers

    _FONTS = FontSet.bundled()
    for role in _FONTS.roles:
        _FONTS.chain(role)  # load metrics before forking, so workers share them
    if jobs == 1 or len(pages) == 1:
        for p in pages:
            yield _layout_one(p)
        return
    progress = None
    if sys.stderr.isatty() and not quiet:
        from rich.progress import Progress

        progress = Progress(transient=True)
        task = progress.add_task("pages", total=len(pages))
        progress.start()
    try:
        with ProcessPoolExecutor(jobs, mp_context=_context()) as pool:
            for p, future in zip(pages, [pool.submit(_layout_one, p) for p in pages]):
                result = future.result()
                if progress is not None:
                    progress.advance(task)
                elif not quiet:
                    print(f"laid out {display_path(p)}", file=sys.stderr)
                yield result
    finally:
        if progress is not None:
            progress.stop()


def _context():
    """Fork where there is fork (workers inherit loaded modules and fonts), else spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def run_watch(args) -> int:
    """Re-render on every change of the page, its files, layouts or fonts."""
    from watchfiles import watch

    from .cli import build, print_report
    from .fonts import FontSet
    from .render import preview_png, render_pdf, write_atomic

    spec = Path(args.spec)
    out = Path(args.output or spec.with_suffix(".pdf"))
    fonts = FontSet.bundled()  # kept loaded between renders
    roots = {spec.parent.resolve()}
    print(f"watching {display_path(spec.parent)} (Ctrl-C to stop)")
    for _ in _changes(watch, roots, first=True):
        t0 = time.perf_counter()
        try:
            built = build(spec, fonts=fonts, root=args.root)
            pdf = render_pdf([built.page], proof=args.proof)
            write_atomic(out, pdf)
            if args.png:
                preview_png(pdf, Path(args.png))
            print(f"rendered {display_path(out)} in {time.perf_counter() - t0:.2f} s")
            print_report([built])
        except SpecError as exc:
            for d in exc.diagnostics:
                print(d.format(), file=sys.stderr)
    return 0


def _changes(watch, roots, first: bool):
    if first:
        yield None
    for _ in watch(*roots):
        yield None
