"""Command line: ``paiban render | check | batch | preview | preflight | fonts | schema | query | serve | watch | diff``.

The only place that prints or exits. Exit status: 0 fine; 1 layout problems (overset
text, missing glyphs); 2 invalid input or missing files. A user mistake never prints a
traceback (``--debug`` does).

- ``args``: the argument parser, the help and examples of every command, ``STDOUT``;
- ``render``: render and preview, and the document written to stdout (``-o -``);
- ``check``: check, query, schema and fonts (what they find, printed on stdout);
- ``preflight``: preflight, and the preflight of a print file just written;
- ``diff``: diff (校样对比);
- ``delegate``: batch, serve and watch, whose work lives in their own modules;
- ``common``: building the pages a command was given, the status line.

This module: which function runs each command, and :func:`main` / :func:`run`, which
turn what a command raises into a message and an exit status.
"""

from __future__ import annotations

import logging
import os
import sys
import time

from ..diagnostics import emit
from ..errors import Diagnostic, SpecError
from ..pipeline import EXIT_BUG, EXIT_INPUT
from .args import COMMANDS, STDOUT, parser
from .check import cmd_check, cmd_fonts, cmd_query, cmd_schema
from .delegate import cmd_batch, cmd_serve, cmd_watch
from .diff import cmd_diff
from .preflight import cmd_preflight
from .render import cmd_preview, cmd_render

__all__ = ["COMMANDS", "COMMAND_FUNCTIONS", "STDOUT", "main", "parser", "run"]

log = logging.getLogger("typeset")
EXIT_SIGPIPE = 128 + 13

COMMAND_FUNCTIONS = {
    "render": cmd_render, "check": cmd_check, "preview": cmd_preview, "batch": cmd_batch,
    "preflight": cmd_preflight, "fonts": cmd_fonts, "schema": cmd_schema, "query": cmd_query,
    "serve": cmd_serve, "watch": cmd_watch, "diff": cmd_diff,
}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    logging.basicConfig(level=logging.INFO if args.verbose else logging.WARNING,
                        format="%(name)s: %(message)s")
    from ..fonts import FontError

    t0 = time.perf_counter()
    try:
        code = COMMAND_FUNCTIONS[args.command](args)
    except SpecError as exc:
        emit(exc.diagnostics)
        return EXIT_INPUT
    except FontError as exc:
        emit([Diagnostic("error", str(exc))])
        return EXIT_INPUT
    except BrokenPipeError:  # the reader stopped (`paiban query … | head`): stop quietly, as cat does
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_SIGPIPE
    except OSError as exc:  # a file or folder the system refused (our own writes name their path)
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
        return EXIT_BUG
    log.info("done in %.2f s", time.perf_counter() - t0)
    return code


def run() -> None:
    """:func:`main`, then leave at once. Every output file is written and closed by
    then; skipping the interpreter's teardown of pydantic, ReportLab and the font tables
    saves ~30 ms of every run. The console script (:mod:`typeset.console`) asks a
    running server first and comes here without one."""
    try:
        code = main()
    except KeyboardInterrupt:  # before main's own handling is in place (imports, arguments)
        code = 130
    from ..startup import save

    save()  # the dataclass methods compiled this time, for the next command
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
