"""Whole issues (many pages, in parallel), for the CLI (watch mode is :mod:`typeset.watch`).

An issue file lists its pages in order::

    pages: [laodongzhe/page.yaml, guanxin/page.yaml]

Pages are laid out in worker processes (one per core by default); a failing page is
reported and does not stop the others. The multi-page PDF is written at the end, and
only when every page is good (``--keep-going``: the good ones to ``NAME.partial.pdf``).
"""

from __future__ import annotations

import os
import signal
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
            if not pages:
                raise error("`pages` is empty: the issue has no page to print", located.span(("pages",)),
                            "list the issue's page files, e.g. pages: [front/page.yaml, back/page.yaml]")
            base = Path(paths[0]).parent
            return [base / p for p in pages]
    return [Path(p) for p in paths]


_FONTS = None  # the parent's loaded FontSet, inherited by forked workers (spawned ones load their own)


def _layout_one(path: Path, root: Path | None = None, time_limit: float | None = None, font_dirs=()):
    from .pipeline import build

    try:
        return build(path, fonts=_FONTS, root=root, time_limit=time_limit, font_dirs=font_dirs), None
    except SpecError as exc:  # formatted here, as the parent would: same stderr, same folder
        from .diagnostics import render, use_colour

        return None, "\n".join(render(d, use_colour(sys.stderr)) for d in exc.diagnostics)
    except Exception as exc:  # noqa: BLE001 - one page's failure must not stop the issue
        return None, f"{display_path(path)}: error: {exc}"


def run_batch(args) -> int:
    """Lay pages out in worker processes and draw each into the issue PDF as soon as it
    (and every page before it) is ready, so drawing overlaps the layout of later pages.

    The issue PDF is written only when every page is good; otherwise the previous file
    stays. ``--keep-going`` then writes the pages that succeeded to ``NAME.partial.pdf``,
    a blank page standing for each failed one, so that no page moves."""
    from .output import OutputError, check_target, targets_in, write_atomic
    from .pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK
    from .report import print_report
    from .render.pdf import PdfWriter, render_pdf

    pages = issue_pages(args.spec)
    out = Path(args.output)
    partial = out.with_name(f"{out.stem}.partial.pdf")
    given = {p.resolve(): "page file" for p in pages} | {Path(s).resolve(): "issue file" for s in args.spec}
    for target in (out, partial) if args.keep_going else (out,):
        check_target(target, given)  # before any work: a bad name costs nothing
    split = targets_in(args.split, pages) if args.split else {}
    for page, target in split.items():
        check_target(target, given)
        if target.resolve() in {out.resolve(), partial.resolve()}:
            raise OutputError(target, f"page {display_path(page)}'s PDF (--split) and the issue would both be "
                              "written to it", "give --split another folder, or the issue another name")
    t0 = time.perf_counter()
    issue = PdfWriter(proof=args.proof, marks=args.marks, pdfx=args.pdfx)
    built, failed, blanks, last = [], [], 0, None
    results = _chains(pages, _results(pages, args.jobs or None, args.quiet, args.root, args.time_limit,
                                      tuple(args.font_dir)), args.root, args.time_limit, tuple(args.font_dir))
    for path, (b, msg) in zip(pages, results):
        if b is None:
            failed.append((path, msg))
            if args.keep_going and last is None:
                blanks += 1  # its size is known once a page is good
            elif args.keep_going:
                issue.add(_blank(last))
            continue
        if args.keep_going:
            for _ in range(blanks):
                issue.add(_blank(b.page))
            blanks = 0
        built.append(b)
        last = b.page
        if not failed or args.keep_going:
            issue.add(b.page)
        if split:
            write_atomic(split[path], render_pdf([b.page], proof=args.proof, marks=args.marks,
                                                          pdfx=args.pdfx), inputs=b.inputs)
    inputs = {p: what for b in built for p, what in b.inputs.items()}
    written = None
    if built and not failed:
        written = write_atomic(out, issue.finish(), inputs=inputs)
    elif built and args.keep_going:
        written = write_atomic(partial, issue.finish(), inputs=inputs)
    checked = EXIT_OK
    if written is not None:
        from .preflight import check_written, report_written

        checked = report_written(check_written(written, built[0].page.print, proof=args.proof, pdfx=args.pdfx,
                                               jobs=args.jobs or os.cpu_count() or 1),
                                 args.quiet)
    if not args.quiet:
        where = f" → {display_path(written)}" if written else ", nothing written"
        print(f"{len(built)} of {len(pages)} pages in {time.perf_counter() - t0:.2f} s{where}")
        print_report(built, quiet=True)
    for path, msg in failed:
        print(f"page {display_path(path)} failed:\n{msg}", file=sys.stderr)
    if failed:
        numbers = ", ".join(str(pages.index(p) + 1) for p, _ in failed)
        kept = f"{display_path(out)} is left as it was" + (
            f"; the pages that succeeded are in {display_path(partial)}, a blank page for each failed one"
            if written else "; rerun with --keep-going to get the pages that succeeded")
        print(f"error: page(s) {numbers} of {len(pages)} failed: {kept}", file=sys.stderr)
        return EXIT_INPUT
    return max(checked, EXIT_OK if all(b.page.ok for b in built) else EXIT_LAYOUT)


def _chains(pages: list[Path], results, root: Path | None, time_limit: float | None, font_dirs: tuple):
    """转版: set each story that continues on a later page of the issue. A page that
    takes the rest of stories (``continued`` blocks) is laid out again, here, with the
    copy its earlier pages sent on (``Page.jumps``); a jump to a page or block the issue
    does not have, or to an earlier page, is an input error at its ``continues`` key."""
    from .pipeline import build

    pending: dict[str, dict] = {}   # page number -> {block id: Jump}
    seen: set[str] = set()
    for i, (path, (b, msg)) in enumerate(zip(pages, results)):
        if b is not None:
            number = str(b.page.meta.get("page", ""))
            incoming = pending.pop(number, None) if number else None
            if incoming:
                waiting = {d.block for d in b.page.diagnostics if d.code == "continued"}
                for jump in incoming.values():
                    if jump.to_block not in waiting:
                        raise error(f"page {jump.to_page} ({display_path(path)}) has no block {jump.to_block!r} "
                                    "with `continued: true` to take the rest of the story", jump.span,
                                    "name an article block of that page that has `continued: true`")
                b = build(path, fonts=_FONTS, root=root, time_limit=time_limit, font_dirs=font_dirs,
                          incoming=incoming)
            for jump in b.page.jumps:
                if str(jump.to_page) in seen or str(jump.to_page) == number:
                    raise error(f"page {jump.to_page} does not come after page {number} in the issue: a story "
                                "continues on a later page", jump.span)
                pending.setdefault(str(jump.to_page), {})[jump.to_block] = jump
            seen.add(number)
        if i == len(pages) - 1 and pending:  # before the last page is drawn: nothing is written
            jump = next(iter(next(iter(pending.values())).values()))
            raise error(f"the story continues on page {jump.to_page}, but no page of the issue is page "
                        f"{jump.to_page} (meta.page)", jump.span, "list that page in the issue's `pages`, "
                        "or give `continues` the number of a page that is in it")
        yield b, msg


def _blank(like):
    """A blank page the size of ``like`` (in the place of a page that failed)."""
    import dataclasses

    return dataclasses.replace(like, items=(), proof=(), blocks=(), diagnostics=(), lines=())


def _results(pages: list[Path], jobs: int | None, quiet: bool, root: Path | None, time_limit: float | None,
             font_dirs: tuple[Path, ...] = ()):
    """Yield (built, error) for each page in order; a progress bar on a terminal.
    Workers ignore Ctrl-C; on Ctrl-C (or any failure) here they are stopped at once."""
    global _FONTS
    from .fonts import FontSet
    from .layout import layout_page  # noqa: F401 - imported once here, inherited by workers
    from .spec import load  # noqa: F401 - the same for reading and checking page files

    _FONTS = FontSet.bundled()
    for role in _FONTS.roles:
        _FONTS.chain(role)  # load metrics before forking, so workers share them
    if jobs == 1 or len(pages) == 1:
        for p in pages:
            yield _layout_one(p, root, time_limit, font_dirs)
        return
    progress = None
    if sys.stderr.isatty() and not quiet:
        from rich.progress import Progress

        progress = Progress(transient=True)
        task = progress.add_task("pages", total=len(pages))
        progress.start()
    pool = ProcessPoolExecutor(jobs, mp_context=_context(), initializer=_ignore_interrupts)
    try:
        futures = [pool.submit(_layout_one, p, root, time_limit, font_dirs) for p in pages]
        for p, future in zip(pages, futures):
            result = future.result()
            if progress is not None:
                progress.advance(task)
            elif not quiet:
                print(f"laid out {display_path(p)}", file=sys.stderr)
            yield result
        pool.shutdown()
    except BaseException:
        _stop(pool)
        raise
    finally:
        if progress is not None:
            progress.stop()


def _ignore_interrupts() -> None:
    """In a worker: Ctrl-C is the parent's to handle (no traceback from every worker).
    What the worker inherited (modules, fonts) is frozen out of garbage collection, which
    would otherwise walk it on every full pass and copy the pages it touches."""
    import gc

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.freeze()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now, not after the pages they are laying out."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # no public API before 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        proc.kill()
    for proc in processes:
        proc.join(1)


def _context():
    """Fork where there is fork (workers inherit loaded modules and fonts), else spawn."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")
