"""Whole issues (many pages, in parallel) and watch mode, for the CLI.

An issue file lists its pages in order::

    pages: [laodongzhe/page.yaml, guanxin/page.yaml]

Pages are laid out in worker processes (one per core by default); a failing page is
reported and does not stop the others. The multi-page PDF is written at the end.
"""

from __future__ import annotations

import io
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


_FONTS = None  # the parent's loaded FontSet, inherited by forked workers (spawned ones load their own)


def _layout_one(path: Path, root: Path | None = None, time_limit: float | None = None):
    from .pipeline import build

    try:
        return build(path, fonts=_FONTS, root=root, time_limit=time_limit), None
    except SpecError as exc:  # formatted here, as the parent would: same stderr, same folder
        from .diagnostics import render, use_colour

        return None, "\n".join(render(d, use_colour(sys.stderr)) for d in exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - one page's failure must not stop the issue
        return None, f"{display_path(path)}: error: {exc}"


def run_batch(args) -> int:
    """Lay pages out in worker processes and draw each into the issue PDF as soon as it
    (and every page before it) is ready, so drawing overlaps the layout of later pages."""
    from .pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK
    from .report import print_report
    from .render import write_atomic
    from .render.pdf import PdfWriter, render_pdf

    pages = issue_pages(args.spec)
    t0 = time.perf_counter()
    issue = PdfWriter(proof=args.proof, marks=args.marks)
    built, failed = [], []
    results = _results(pages, args.jobs or None, args.quiet, args.root, args.time_limit)
    for path, (b, msg) in zip(pages, results):
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


def _results(pages: list[Path], jobs: int | None, quiet: bool, root: Path | None, time_limit: float | None):
    """Yield (built, error) for each page in order; a progress bar on a terminal."""
    global _FONTS
    from .fonts import FontSet
    from .layout import layout_page  # noqa: F401 - imported once here, inherited by workers

    _FONTS = FontSet.bundled()
    for role in _FONTS.roles:
        _FONTS.chain(role)  # load metrics before forking, so workers share them
    if jobs == 1 or len(pages) == 1:
        for p in pages:
            yield _layout_one(p, root, time_limit)
        return
    progress = None
    if sys.stderr.isatty() and not quiet:
        from rich.progress import Progress

        progress = Progress(transient=True)
        task = progress.add_task("pages", total=len(pages))
        progress.start()
    try:
        with ProcessPoolExecutor(jobs, mp_context=_context()) as pool:
            futures = [pool.submit(_layout_one, p, root, time_limit) for p in pages]
            for p, future in zip(pages, futures):
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


FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")


def run_watch(args) -> int:
    """Re-render on every change of the page, its files, layouts or fonts."""
    spec = Path(args.spec)
    out = Path(args.output or spec.with_suffix(".pdf"))
    print(f"watching {display_path(spec.parent)} (Ctrl-C to stop)")
    watch_loop(spec, out, Path(args.png) if args.png else None, args.proof, args.root, time_limit=args.time_limit)
    return 0


def watch_loop(spec: Path, out: Path, png: Path | None, proof: bool, root: Path | None,
               stop_event=None, report=print, time_limit: float | None = None) -> None:
    """Render, then render again after each change under the watched folders, until
    ``stop_event`` is set. Fonts stay loaded between renders and are reloaded only when
    a font file or fonts.yaml changes; a bad edit prints its errors and waits for the
    next one."""
    from watchfiles import watch

    from .pipeline import build
    from .report import print_report
    from .fonts import FontError, FontSet, bundled_fonts_dir
    from .render import preview_png, render_pdf, write_atomic
    from .spec import bundled_layouts_dir

    fonts = FontSet.bundled()
    outputs = {out.resolve()} | ({png.resolve()} if png else set())
    folders = {spec.parent, spec.parent / "layouts", spec.parent.parent / "layouts",
               bundled_layouts_dir(), bundled_fonts_dir()}
    roots = sorted({f.resolve() for f in folders if f.is_dir()})

    def relevant(change, path: str) -> bool:  # never our own output or temporary files
        p = Path(path)
        return p.resolve() not in outputs and not p.name.startswith(".") and not p.name.endswith(".tmp")

    for changes in _changes(watch, roots, relevant, stop_event):
        if any(Path(p).suffix.lower() in FONT_FILES or Path(p).name == "fonts.yaml" for _, p in changes):
            fonts = FontSet.bundled()  # a font changed: read metrics afresh
        t0 = time.perf_counter()
        try:
            built = build(spec, fonts=fonts, root=root, time_limit=time_limit)
            pdf = render_pdf([built.page], proof=proof)
            write_atomic(out, pdf)
            if png:
                preview_png(pdf, png)
            report(f"rendered {display_path(out)} in {time.perf_counter() - t0:.2f} s")
            buf = io.StringIO()
            print_report([built], out=buf)
            report(buf.getvalue().rstrip())
        except SpecError as exc:
            report("\n".join(d.format() for d in exc.diagnostics))
        except (FontError, OSError, ValueError) as exc:
            report(f"error: {exc}")


def _changes(watch, roots, relevant, stop_event):
    yield set()  # the first render
    yield from watch(*roots, watch_filter=relevant, stop_event=stop_event)
