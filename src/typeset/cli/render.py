"""``paiban render`` (pages to PDF) and ``paiban preview`` (a page to PNG), and writing
the document, and nothing else, to stdout (``-o -``)."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from ..errors import SpecError, display_path, error
from ..pipeline import EXIT_INPUT, Built, build
from ..pipeline import status as _status
from ..report import print_report
from .args import MAX_PREVIEW_PIXELS, STDOUT
from .common import build_each, say
from .preflight import preflight_written

log = logging.getLogger("typeset")


def _pdf(pages: list, args) -> bytes:
    from ..render import render_pdf

    t0 = time.perf_counter()
    data = render_pdf(pages, proof=args.proof, marks=args.marks, pdfx=args.pdfx)
    log.info("drew %d page(s), %.1f MB, in %.0f ms", len(pages), len(data) / 1e6, (time.perf_counter() - t0) * 1000)
    return data


def cmd_render(args) -> int:
    """One PDF per page. With several pages, a page with errors is reported and skipped,
    the others are still written (exit status 2 at the end). Output names are checked
    before any work: several pages to one file, a special file or a page's own input is
    an input error. ``-o -``: the PDF of one page to stdout. Status lines and the report
    go to stderr."""
    from ..output import check_target, targets_in, write_atomic

    out = Path(args.output)
    specs = [Path(s) for s in args.spec]
    to_folder = args.output.endswith(("/", "\\")) or out.is_dir() or (
        len(specs) > 1 and not out.suffix and args.output != STDOUT)
    if len(specs) > 1 and not to_folder:
        raise _several_pages_to_one_file(args)
    checked: list[int] = []
    if args.output == STDOUT:
        built, failed = [build(specs[0], root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir)], []
        data = _pdf([built[0].page], args)
        _write_stdout(data)
        checked.append(preflight_written(data, built[0].page, args))
    elif not to_folder:
        check_target(out, {specs[0].resolve(): "page file"})
        one, found = _build_and_draw(specs[0], out, args)
        built, failed = [one], []
        checked.append(preflight_written(out, one.page, args, found))
        say(args, f"wrote {display_path(out)}")
    else:
        targets = targets_in(out, specs)
        given = {s.resolve(): "page file" for s in specs}
        for target in targets.values():
            check_target(target, given)
        built, failed = build_each(args)
        inputs = {p: what for b in built for p, what in b.inputs.items()}
        for b in built:
            write_atomic(targets[b.spec], _pdf([b.page], args), inputs=inputs)
            say(args, f"wrote {display_path(targets[b.spec])}")
            checked.append(preflight_written(targets[b.spec], b.page, args))
    if not args.quiet:
        print_report(built, out=sys.stderr, quiet=True)
    return EXIT_INPUT if failed else max(_status(built), *checked)


def _several_pages_to_one_file(args) -> SpecError:
    pages = " ".join(args.spec)
    what = "stdout" if args.output == STDOUT else f"one file ({args.output})"
    return error(f"{len(args.spec)} pages cannot be rendered to {what}: render writes one PDF a page",
                 hint=f"for one PDF of all the pages: paiban batch {pages} -o "
                      f"{'issue.pdf' if args.output == STDOUT else args.output}\n"
                      f"for one PDF a page, give a folder: paiban render {pages} -o out/")


def _write_stdout(data: bytes) -> None:
    """The document, and nothing else, on stdout (``-o -``)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _build_and_draw(spec: Path, out: Path, args) -> tuple[Built, list | None]:
    """One page to one PDF, the drawing process loading ReportLab, the fonts and the
    preflight while this one lays the page out (in-process where there is no such
    helper). Returns the page and the helper's preflight of the file (None: not done)."""
    from ..output import check_target, write_atomic
    from ..render.helper import DrawingProcess

    if hasattr(args, "delivered"):  # run by `paiban serve`: the PDF goes back to the thin client
        built = build(spec, root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir)
        check_target(out, built.inputs)
        args.delivered[out] = _pdf([built.page], args)
        return built, None
    helper = None if args.debug else DrawingProcess.start()
    try:
        built = build(spec, root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir)
        check_target(out, built.inputs)
    except BaseException:
        if helper is not None:
            helper.cancel()
        raise
    if helper is None:
        write_atomic(out, _pdf([built.page], args), inputs=built.inputs)
        return built, None
    t0 = time.perf_counter()
    found = helper.draw(out, [built.page], args.proof, args.marks, args.pdfx, preflight=True)
    log.info("drew, wrote and preflighted the PDF in %.0f ms (in a helper process)", (time.perf_counter() - t0) * 1000)
    return built, found


def cmd_preview(args) -> int:
    from ..output import OutputError, check_target, write_atomic
    from ..render import png_bytes, render_pdf

    out, to_stdout = Path(args.output), args.output == STDOUT
    if not to_stdout:
        check_target(out, {Path(args.spec).resolve(): "page file"})
    built = build(Path(args.spec), root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir)
    if not to_stdout:
        check_target(out, built.inputs)
    page = built.page
    w, h = ((side + 2 * page.bleed) * args.dpi / 72 for side in (page.width, page.height))
    if w * h > MAX_PREVIEW_PIXELS:
        most = int(72 * (MAX_PREVIEW_PIXELS / ((page.width + 2 * page.bleed) * (page.height + 2 * page.bleed))) ** 0.5)
        raise OutputError(out, f"--dpi {args.dpi} makes a {w:,.0f} × {h:,.0f} pixel image "
                          f"(the limit is {MAX_PREVIEW_PIXELS:,} pixels)", f"use --dpi {most} or less")
    png = png_bytes(render_pdf([page], proof=args.proof), dpi=args.dpi)
    if to_stdout:
        _write_stdout(png)
    else:
        write_atomic(out, png, inputs=built.inputs)
        say(args, f"wrote {display_path(out)}")
    return _status([built])
