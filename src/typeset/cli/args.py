"""What the command line accepts: the argument parser of every ``paiban`` command, its
help and examples, and ``STDOUT`` (``-o -``).

Imports only argparse: the resident renderer (``serve/remote.py``) parses the thin
client's arguments with this parser, and which function runs a command is decided in
:mod:`typeset.cli` (its ``COMMAND_FUNCTIONS``), not here.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .. import __version__

STDOUT = "-"
MAX_PREVIEW_PIXELS = 60_000_000  # a broadsheet at about 400 dpi; the bitmap alone takes 4 bytes a pixel

EPILOG = """examples:
  paiban render examples/laodongzhe/page.yaml -o out/laodongzhe.pdf
  paiban render examples/*/page.yaml -o out/            one PDF per page
  paiban check examples/guanxin/page.yaml --json
  paiban preview examples/laodongzhe/page.yaml -o page.png --dpi 100 --proof
  paiban batch examples/issue.yaml -o out/issue.pdf --jobs 2
  paiban fonts --check examples/laodongzhe/page.yaml
"""

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


def _dpi(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text[:20]!r} is not a whole number") from None
    if not 1 <= value <= 2400:
        raise argparse.ArgumentTypeError(f"{value} is out of range (1–2400)")
    return value


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, told the terminal's width as argparse would find it
    (``shutil.get_terminal_size``), so that making one does not import shutil (and with
    it bz2, lzma and fnmatch: ~2 ms of every command; argparse makes one for each option
    it is given)."""

    def __init__(self, prog, indent_increment=2, max_help_position=24, width=None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _columns() - 2 if width is None else width)


def _columns() -> int:
    """The terminal's columns as ``shutil.get_terminal_size().columns`` gives them:
    $COLUMNS, else the size of stdout's terminal, else 80."""
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
        columns = columns or 80
    return columns


def _command(sub, common, name: str, text: str, only: str | None) -> argparse.ArgumentParser | None:
    """The sub-parser of command ``name`` to set up, or None when only another is wanted
    (then it is listed, with its help line, and takes no options)."""
    if only is not None and only != name:
        sub.add_parser(name, help=text, formatter_class=_Formatter)
        return None
    return sub.add_parser(name, parents=[common], help=text, epilog=EXAMPLES[name], formatter_class=_Formatter)


def _pdfx_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--pdfx", choices=("1a", "4", "none"), default="1a",
                   help="print standard: PDF/X-1a:2001 (default), PDF/X-4, or none (plain PDF); "
                        "a PDF/X file is preflighted after it is written")


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``command`` (the one a command line names), only
    that command's options are set up: the other commands are there, for the list in the
    help and the choices of a mistyped name, without their options, which cost ~0.1 ms
    each to add (argparse makes a help formatter for each, asking for the terminal size)."""
    p = argparse.ArgumentParser(prog="paiban", description="Chinese newspaper pages from YAML to PDF.",
                                epilog=EPILOG, formatter_class=_Formatter)
    p.add_argument("--version", action="version", version=f"paiban (typeset) {__version__}")
    common = argparse.ArgumentParser(add_help=False, formatter_class=_Formatter)
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

    if r := _command(sub, common, "render", "render pages to PDF", command):
        r.add_argument("spec", nargs="+", help="page YAML files")
        r.add_argument("-o", "--output", required=True,
                       help="PDF file, a folder for several pages (one PDF each), or - for stdout")
        r.add_argument("--proof", action="store_true", help="overlay grid, blocks and trouble spots")
        r.add_argument("--marks", action="store_true", help="crop and registration marks, slug line")
        _pdfx_option(r)

    if c := _command(sub, common, "check", "report overset, short blocks, missing glyphs", command):
        c.add_argument("spec", nargs="+")
        c.add_argument("--json", action="store_true", help="machine-readable report")
        c.add_argument("--transcript", action="store_true",
                       help="print the display list, one item a line (what layout placed where)")

    if v := _command(sub, common, "preview", "render a page to PNG", command):
        v.add_argument("spec")
        v.add_argument("-o", "--output", required=True, help="PNG file, or - for stdout")
        v.add_argument("--dpi", type=_dpi, default=100, help="resolution (1–2400; the image is at most "
                       f"{MAX_PREVIEW_PIXELS // 1_000_000} million pixels)")
        v.add_argument("--proof", action="store_true")

    if b := _command(sub, common, "batch", "render an issue (many pages) in parallel", command):
        b.add_argument("spec", nargs="+", help="an issue YAML, or page YAML files")
        b.add_argument("-o", "--output", required=True, help="multi-page PDF")
        b.add_argument("--split", type=Path, help="also write one PDF a page into this folder")
        b.add_argument("--jobs", type=int, default=0, help="worker processes (default: all cores)")
        b.add_argument("--keep-going", action="store_true",
                       help="when pages fail, write the others to NAME.partial.pdf (a blank page for each failed one)")
        b.add_argument("--proof", action="store_true")
        b.add_argument("--marks", action="store_true")
        _pdfx_option(b)

    if pf := _command(sub, common, "preflight", "check a PDF against a newspaper plant's rules", command):
        pf.add_argument("pdf", nargs="+", help="PDF files (from paiban or any other tool)")
        pf.add_argument("--json", action="store_true", help="machine-readable findings")
        pf.add_argument("--ink-limit", type=float, default=None, metavar="PERCENT", help="total ink (default 240)")
        pf.add_argument("--min-ppi", type=float, default=None, metavar="PPI", help="lowest picture resolution (default 170)")

    if f := _command(sub, common, "fonts", "list font roles, or check a page's characters", command):
        f.add_argument("--check", metavar="SPEC")

    if s := _command(sub, common, "schema", "print the JSON Schema of page files", command):
        s.add_argument("--layout", action="store_true", help="the schema of layout files (layouts/*.yaml) instead")
        s.add_argument("--markdown", action="store_true", help="the format reference for staff instead (docs/reference.md)")

    if q := _command(sub, common, "query", "print a page's blocks as JSON (areas, source lines, fit)", command):
        q.add_argument("spec", help="page YAML file")

    if sv := _command(sub, common, "serve", "live proof in the browser; render and check use it while it runs", command):
        sv.add_argument("spec", help="a page or an issue YAML")
        sv.add_argument("--port", type=int, default=8017, help="port (default 8017; 0: any free port)")
        sv.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, this machine only)")

    if w := _command(sub, common, "watch", "re-render when the page or its files change", command):
        w.add_argument("spec")
        w.add_argument("-o", "--output", default=None)
        w.add_argument("--png", default=None, help="also write a PNG preview")
        w.add_argument("--proof", action="store_true")

    if d := _command(sub, common, "diff", "校样对比: compare two versions of a page, mark the changes", command):
        d.add_argument("old", help="the old page file (or folder); with --rev, the page")
        d.add_argument("new", nargs="?", help="the new page file (or folder)")
        d.add_argument("--rev", help="compare the page with itself at this git revision (HEAD~1, a tag …)")
        d.add_argument("-o", "--output", help="the diff PDF: the new page with the changes marked")
        d.add_argument("--json", action="store_true", help="per block: inserted, deleted, moved, reflowed, fit")
    return p
