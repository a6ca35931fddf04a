"""Command line: ``paiban render | check | batch | preview | preflight | fonts | schema | query | serve | watch | diff``.

The only place that prints or exits. Exit status: 0 fine; 1 layout problems (overset
text, missing glyphs); 2 invalid input or missing files. A user mistake never prints a
traceback (``--debug`` does).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from pathlib import Path

from . import __version__
from .diagnostics import emit
from .errors import Diagnostic, SpecError, display_path, error
from .pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK, Built, build
from .pipeline import status as _status
from .report import print_report, report_dict

log = logging.getLogger("typeset")
EXIT_SIGPIPE = 128 + 13

EPILOG = """examples:
  paiban render examples/laodongzhe/page.yaml -o out/laodongzhe.pdf
  paiban render examples/*/page.yaml -o out/            one PDF per page
  paiban check examples/guanxin/page.yaml --json
  paiban preview examples/laodongzhe/page.yaml -o page.png --dpi 100 --proof
  paiban batch examples/issue.yaml -o out/issue.pdf --jobs 2
  paiban fonts --check examples/laodongzhe/page.yaml
"""


def _pdf(pages: list, args) -> bytes:
    from .render import render_pdf

    t0 = time.perf_counter()
    data = render_pdf(pages, proof=args.proof, marks=args.marks, pdfx=args.pdfx)
    log.info("drew %d page(s), %.1f MB, in %.0f ms", len(pages), len(data) / 1e6, (time.perf_counter() - t0) * 1000)
    return data


# -- commands ------------------------------------------------------------------------

def cmd_render(args) -> int:
    """One PDF per page. With several pages, a page with errors is reported and skipped,
    the others are still written (exit status 2 at the end). Output names are checked
    before any work: several pages to one file, a special file or a page's own input is
    an input error. ``-o -``: the PDF of one page to stdout. Status lines and the report
    go to stderr."""
    from .output import check_target, targets_in, write_atomic

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
        built, failed = [_build_and_draw(specs[0], out, args)], []
        checked.append(preflight_written(out, built[0].page, args))
        _say(args, f"wrote {display_path(out)}")
    else:
        targets = targets_in(out, specs)
        given = {s.resolve(): "page file" for s in specs}
        for target in targets.values():
            check_target(target, given)
        built, failed = _build_each(args)
        inputs = {p: what for b in built for p, what in b.inputs.items()}
        for b in built:
            write_atomic(targets[b.spec], _pdf([b.page], args), inputs=inputs)
            _say(args, f"wrote {display_path(targets[b.spec])}")
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


STDOUT = "-"


def _write_stdout(data: bytes) -> None:
    """The document, and nothing else, on stdout (``-o -``)."""
    sys.stdout.flush()
    sys.stdout.buffer.write(data)
    sys.stdout.buffer.flush()


def _build_and_draw(spec: Path, out: Path, args) -> Built:
    """One page to one PDF, the drawing process loading ReportLab and the fonts while
    this one lays the page out (in-process where there is no such helper)."""
    from .output import check_target, write_atomic
    from .render.helper import DrawingProcess

    if hasattr(args, "delivered"):  # run by `paiban serve`: the PDF goes back to the thin client
        built = build(spec, root=args.root, time_limit=args.time_limit)
        check_target(out, built.inputs)
        args.delivered[out] = _pdf([built.page], args)
        return built
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
    else:
        t0 = time.perf_counter()
        helper.draw(out, [built.page], args.proof, args.marks, args.pdfx)
        log.info("drew and wrote the PDF in %.0f ms (in a helper process)", (time.perf_counter() - t0) * 1000)
    return built


def _build_each(args) -> tuple[list[Built], list[tuple[str, list]]]:
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


def preflight_written(target: Path | bytes, page, args) -> int:
    """Preflight a print file just written (or its bytes, sent to stdout): findings
    printed, an error is exit status 1."""
    from .preflight import check_written, failed

    t0 = time.perf_counter()
    delivered = getattr(args, "delivered", {})  # run by `paiban serve`: the bytes the thin client writes
    if not isinstance(target, bytes) and Path(target) in delivered:
        found = check_written(delivered[Path(target)], page.print, proof=args.proof, pdfx=args.pdfx,
                              name=display_path(Path(target)))
    else:
        found = check_written(target, page.print, proof=args.proof, pdfx=args.pdfx)
    log.info("preflight in %.0f ms", (time.perf_counter() - t0) * 1000)
    emit([d for d in found if d.severity == "error" or not args.quiet])
    return EXIT_LAYOUT if failed(found) else EXIT_OK


def cmd_preflight(args) -> int:
    from .preflight import Limits, failed, preflight

    limits = Limits(**{k: v for k, v in (("ink_limit", args.ink_limit), ("min_ppi", args.min_ppi)) if v is not None})
    results = {}
    for name in args.pdf:
        path = Path(name)
        if not path.is_file():
            emit([Diagnostic("error", f"{name}: no such file")])
            return EXIT_INPUT
        results[name] = preflight(path, limits, name=display_path(path))
    if args.json:
        print(json.dumps({name: [{"severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint,
                                  **d.numbers} for d in found] for name, found in results.items()},
                         ensure_ascii=False, indent=2))
    else:
        for name, found in results.items():
            emit(found, sys.stdout)
            errors = sum(d.severity == "error" for d in found)
            print(f"{name}: {'fails' if errors else 'passes'} preflight"
                  + (f" ({errors} error{'s' * (errors != 1)})" if errors else ""))
    return EXIT_LAYOUT if any(failed(found) for found in results.values()) else EXIT_OK


def json_text(obj) -> str:
    """``obj`` as JSON that is always valid UTF-8: Chinese as it is, but when a string
    holds a lone surrogate (a file name with bytes that are not UTF-8) everything
    non-ASCII is escaped instead."""
    text = json.dumps(obj, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True, indent=2)
    return text


def cmd_check(args) -> int:
    built, failed = _build_each(args)
    if failed and not built and not args.json:
        return EXIT_INPUT
    if args.transcript:
        from .layout.transcript import transcript

        for b in built:
            print(transcript(b.page, proof=True), end="")
    elif args.json:
        print(json_text(report_dict(built, failed)))
    else:
        print_report([b for b in built if not (args.quiet and b.page.ok)])  # -q: only pages with problems
    return EXIT_INPUT if failed else _status(built)


MAX_PREVIEW_PIXELS = 60_000_000  # a broadsheet at about 400 dpi; the bitmap alone takes 4 bytes a pixel


def cmd_preview(args) -> int:
    from .output import OutputError, check_target, write_atomic
    from .render import png_bytes, render_pdf

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
        _say(args, f"wrote {display_path(out)}")
    return _status([built])


def cmd_fonts(args) -> int:
    from .fonts import FontSet

    fonts = FontSet.bundled()
    if args.check:
        built = build(Path(args.check), fonts=fonts, root=args.root, time_limit=args.time_limit, font_dirs=args.font_dir)
        missing = built.page.findings("missing-glyph")
        for d in missing:
            n = d.numbers
            print(f"{n['char']}\t{n['codepoint']}\trole {n['role']}\tblock {d.block}")
        if not missing:
            print(f"{display_path(Path(args.check))}: every character is covered")
        return EXIT_LAYOUT if missing else EXIT_OK
    for role, spec in sorted(fonts.roles.items()):
        chain = fonts.chain(role)
        own = display_path(spec.file) if spec.file else "(none)"
        glyphs = len(chain[0].advances) if chain else 0
        fallback = " → ".join(spec.fallback) or "-"
        print(f"{role:<12} {own:<48} {glyphs:>6} chars  fallback: {fallback}")
    return EXIT_OK


def cmd_schema(args) -> int:
    if args.markdown:
        from .spec.reference import reference

        print(reference())
        return EXIT_OK
    from .spec.schema import layout_schema, page_schema

    schema = layout_schema() if args.layout else page_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_query(args) -> int:
    """The page as JSON for a newsroom system (``query.py``); input errors too, as JSON."""
    from .query import failed_query, page_query

    try:
        built = build(Path(args.spec), root=args.root, time_limit=args.time_limit, keep_spec=True)
    except SpecError as exc:
        emit(exc.diagnostics)
        print(json.dumps(failed_query(Path(args.spec), exc.diagnostics), ensure_ascii=False, indent=2))
        return EXIT_INPUT
    print(json.dumps(page_query(built), ensure_ascii=False, indent=2))
    return _status([built])


def cmd_batch(args) -> int:
    from .batch import run_batch

    return run_batch(args)


def cmd_serve(args) -> int:
    from .serve import run_serve

    return run_serve(args)


def cmd_watch(args) -> int:
    from .watch import run_watch

    return run_watch(args)


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number") from None
    if not 1 <= value <= 2400:
        raise argparse.ArgumentTypeError(f"{value} is out of range (1–2400)")
    return value


def cmd_diff(args) -> int:
    """校样对比: exit 0 when the pages do not differ, 1 when they do, 2 on bad input."""
    from .diff import diff_pages
    from .diff.report import diff_dict, print_diff
    from .output import check_target, write_atomic
    from .render import render_pdf

    if args.rev is None and args.new is None:
        emit([Diagnostic("error", "paiban diff needs two pages (OLD NEW), or one page and --rev REV")])
        return EXIT_INPUT
    if args.rev is not None and args.new is not None:
        emit([Diagnostic("error", "with --rev, give one page: it is compared with itself at that revision")])
        return EXIT_INPUT
    new = args.new if args.rev is None else args.old
    if args.output:
        check_target(Path(args.output), {Path(p).resolve(): "page file" for p in (args.old, new)})
    result = diff_pages(Path(args.old), Path(new), rev=args.rev, root=args.root, time_limit=args.time_limit)
    if args.output:
        check_target(Path(args.output), result.inputs)
        write_atomic(Path(args.output), render_pdf([result.marked], proof=True), inputs=result.inputs)
    if args.json:
        print(json.dumps(diff_dict(result), ensure_ascii=False, indent=2))
    elif not args.quiet or result.diff.differs:
        print_diff(result)
        if args.output:
            _say(args, f"wrote {display_path(Path(args.output))}")
    return EXIT_LAYOUT if result.diff.differs else EXIT_OK


def _say(args, text: str) -> None:
    """A status line: on stderr, so stdout carries only what was asked for."""
    if not args.quiet:
        print(text, file=sys.stderr)


EXAMPLES = {
    "render": """examples:
  paiban render examples/laodongzhe/page.yaml -o out/laodongzhe.pdf
  paiban render examples/*/page.yaml -o out/            one PDF per page
  paiban render page.yaml -o proof.pdf --proof          grid, blocks, overset in red
  paiban render page.yaml -o print.pdf --marks          crop marks and slug for the press
  paiban render page.yaml -o - | lpr                    the PDF on stdout, nothing else
""",
    "check": """examples:
  paiban check examples/guanxin/page.yaml               table: capacity, used, overset, short
  paiban check examples/*/page.yaml --json              for CI; exit 1 on overset or missing glyphs
  paiban check page.yaml --transcript                   every glyph run, rule and box placed
  paiban check -q examples/*/page.yaml                  silent when every page is fine
""",
    "preview": """examples:
  paiban preview page.yaml -o page.png --dpi 100
  paiban preview page.yaml -o proof.png --dpi 150 --proof
""",
    "batch": """examples:
  paiban batch examples/issue.yaml -o out/issue.pdf     every page of the issue, all cores
  paiban batch examples/issue.yaml -o out/issue.pdf --split out/pages --marks
  paiban batch a/page.yaml b/page.yaml -o out/two.pdf --jobs 2
""",
    "preflight": """examples:
  paiban preflight out/laodongzhe.pdf                   PDF/X keys, output intent, colour, ink, text, rules
  paiban preflight other-tool.pdf --json                any PDF; exit 1 when it fails
  paiban preflight page.pdf --ink-limit 220 --min-ppi 200
""",
    "fonts": """examples:
  paiban fonts                                          roles, files, glyph counts
  paiban fonts --check examples/laodongzhe/page.yaml    characters no font has
""",
    "schema": """examples:
  paiban schema > paiban.schema.json                    page files, for YAML editors (README)
  paiban schema --layout > layout.schema.json           layout files (layouts/*.yaml)
  paiban schema --markdown > docs/reference.md          every key, its type and default
""",
    "diff": """examples:
  paiban diff old/page.yaml new/page.yaml -o diff.pdf  the new page, changes marked
  paiban diff examples/guanxin --rev HEAD~1 --json      against the last commit; exit 1 if it differs
""",
    "query": """examples:
  paiban query examples/guanxin/page.yaml               every block: area, source line, fit, diagnostics
  paiban query page.yaml | jq '.blocks[] | select(.fit.overset_lines > 0) | .id'
""",
    "serve": """examples:
  paiban serve examples/guanxin/page.yaml               live proof at http://127.0.0.1:8017/
  paiban serve examples/issue.yaml --port 9000          every page of an issue, as thumbnails
""",
    "watch": """examples:
  paiban watch examples/laodongzhe/page.yaml            re-render page.pdf on every save
  paiban watch page.yaml -o proof.pdf --png proof.png --proof
""",
}


COMMANDS = tuple(EXAMPLES)


def _command(sub, common, name: str, text: str) -> argparse.ArgumentParser:
    return sub.add_parser(name, parents=[common], help=text, epilog=EXAMPLES[name],
                          formatter_class=argparse.RawDescriptionHelpFormatter)


def _pdfx_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdfx", choices=("1a", "4", "none"), default="1a",
                   help="print standard: PDF/X-1a:2001 (default), PDF/X-4, or none (plain PDF); "
                        "a PDF/X file is preflighted after it is written")


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="paiban", description="Chinese newspaper pages from YAML to PDF.",
                                epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action="version", version=f"paiban (typeset) {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    common.add_argument("-v", "--verbose", action="store_true", help="log each step")
    common.add_argument("--debug", action="store_true", help="show tracebacks")
    common.add_argument("--time-limit", type=float, default=None, metavar="SECONDS",
                        help="stop a page that takes longer than this to lay out (default 30)")
    common.add_argument("--font-dir", type=Path, action="append", default=[], metavar="DIR",
                        help="a folder page files may load fonts from (besides the project and the bundled fonts); repeatable")
    common.add_argument("--root", type=Path, default=None,
                        help="folder page files may read from (default: the page's folder)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    r = _command(sub, common, "render", "render pages to PDF")
    r.add_argument("spec", nargs="+", help="page YAML files")
    r.add_argument("-o", "--output", required=True,
                   help="PDF file, a folder for several pages (one PDF each), or - for stdout")
    r.add_argument("--proof", action="store_true", help="overlay grid, blocks and trouble spots")
    r.add_argument("--marks", action="store_true", help="crop and registration marks, slug line")
    _pdfx_option(r)
    r.set_defaults(func=cmd_render)

    c = _command(sub, common, "check", "report overset, short blocks, missing glyphs")
    c.add_argument("spec", nargs="+")
    c.add_argument("--json", action="store_true", help="machine-readable report")
    c.add_argument("--transcript", action="store_true",
                   help="print the display list, one item a line (what layout placed where)")
    c.set_defaults(func=cmd_check)

    v = _command(sub, common, "preview", "render a page to PNG")
    v.add_argument("spec")
    v.add_argument("-o", "--output", required=True, help="PNG file, or - for stdout")
    v.add_argument("--dpi", type=_dpi, default=100, help="resolution (1–2400; the image is at most "
                   f"{MAX_PREVIEW_PIXELS // 1_000_000} million pixels)")
    v.add_argument("--proof", action="store_true")
    v.set_defaults(func=cmd_preview)

    b = _command(sub, common, "batch", "render an issue (many pages) in parallel")
    b.add_argument("spec", nargs="+", help="an issue YAML, or page YAML files")
    b.add_argument("-o", "--output", required=True, help="multi-page PDF")
    b.add_argument("--split", type=Path, help="also write one PDF a page into this folder")
    b.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
    b.add_argument("--keep-going", action="store_true",
                   help="when pages fail, write the others to NAME.partial.pdf (a blank page for each failed one)")
    b.add_argument("--proof", action="store_true")
    b.add_argument("--marks", action="store_true")
    _pdfx_option(b)
    b.set_defaults(func=cmd_batch)

    pf = _command(sub, common, "preflight", "check a PDF against a newspaper plant's rules")
    pf.add_argument("pdf", nargs="+", help="PDF files (from paiban or any other tool)")
    pf.add_argument("--json", action="store_true", help="machine-readable findings")
    pf.add_argument("--ink-limit", type=float, default=None, metavar="PERCENT", help="total ink (default 240)")
    pf.add_argument("--min-ppi", type=float, default=None, metavar="PPI", help="lowest picture resolution (default 170)")
    pf.set_defaults(func=cmd_preflight)

    f = _command(sub, common, "fonts", "list font roles, or check a page's characters")
    f.add_argument("--check", metavar="SPEC")
    f.set_defaults(func=cmd_fonts)

    s = _command(sub, common, "schema", "print the JSON Schema of page files")
    s.add_argument("--layout", action="store_true", help="the schema of layout files (layouts/*.yaml) instead")
    s.add_argument("--markdown", action="store_true", help="the format reference for staff instead (docs/reference.md)")
    s.set_defaults(func=cmd_schema)

    q = _command(sub, common, "query", "print a page's blocks as JSON (areas, source lines, fit)")
    q.add_argument("spec", help="page YAML file")
    q.set_defaults(func=cmd_query)

    sv = _command(sub, common, "serve", "live proof in the browser; render and check use it while it runs")
    sv.add_argument("spec", help="a page or an issue YAML")
    sv.add_argument("--port", type=int, default=8017, help="port (default 8017; 0: any free port)")
    sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")
    sv.set_defaults(func=cmd_serve)

    w = _command(sub, common, "watch", "re-render when the page or its files change")
    w.add_argument("spec")
    w.add_argument("-o", "--output", default=None)
    w.add_argument("--png", default=None, help="also write a PNG preview")
    w.add_argument("--proof", action="store_true")
    w.set_defaults(func=cmd_watch)

    d = _command(sub, common, "diff", "校样对比: compare two versions of a page, mark the changes")
    d.add_argument("old", help="the old page file (or folder); with --rev, the page")
    d.add_argument("new", nargs="?", help="the new page file (or folder)")
    d.add_argument("--rev", help="compare the page with itself at this git revision (HEAD~1, a tag …)")
    d.add_argument("-o", "--output", help="the diff PDF: the new page with the changes marked")
    d.add_argument("--json", action="store_true", help="per block: inserted, deleted, moved, reflowed, fit")
    d.set_defaults(func=cmd_diff)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s")
    from .fonts import FontError

    t0 = time.perf_counter()
    try:
        code = args.func(args)
    except SpecError as exc:
        emit(exc.diagnostics)
        return EXIT_INPUT
    except FontError as exc:
        emit([Diagnostic("error", str(exc))])
        return EXIT_INPUT
    except BrokenPipeError:  # the reader stopped (`paiban query … | head`): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    except (OSError, ValueError) as exc:
        if args.debug:
            raise
        emit([Diagnostic("error", str(exc))])
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - a bug: still one readable line, the trace on request
        if args.debug:
            raise
        emit([Diagnostic("error", f"paiban failed unexpectedly ({type(exc).__name__}: {exc})",
                         hint="rerun with --debug for the traceback and report it with the page")])
        return EXIT_INPUT
    log.info("done in %.2f s", time.perf_counter() - t0)
    return code


def run() -> None:
    """The console script: :func:`main`, then leave at once. Every output file is
    written and closed by then; skipping the interpreter's teardown of pydantic,
    ReportLab and the font tables saves ~30 ms of every run."""
    try:
        from .client import forward

        code = forward(sys.argv[1:])  # a running `paiban serve` of this project does the work
        if code is None:
            code = main()
    except KeyboardInterrupt:  # before main's own handling is in place (imports, arguments)
        code = 130
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
