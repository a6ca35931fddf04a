"""``paiban diff`` (校样对比): two versions of a page compared, the changes printed and,
with ``-o``, marked on the new page. The comparison itself is :mod:`typeset.diff`."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import emit
from ..errors import Diagnostic, display_path
from ..pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK
from .common import say


def cmd_diff(args) -> int:
    """校样对比: exit 0 when the pages do not differ, 1 when they do, 2 on bad input."""
    import json

    from ..diff import diff_pages
    from ..diff.report import diff_dict, print_diff
    from ..output import check_target, write_atomic
    from ..render import render_pdf

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
            say(args, f"wrote {display_path(Path(args.output))}")
    return EXIT_LAYOUT if result.diff.differs else EXIT_OK
