"""``paiban check`` (the fit report), ``query`` (a page's blocks as JSON), ``schema``
(the page and layout file formats) and ``fonts`` (roles, or a page's missing
characters): the commands that print what they find on stdout."""

from __future__ import annotations

from pathlib import Path

from ..diagnostics import emit
from ..errors import SpecError, display_path
from ..pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK, build
from ..pipeline import status as _status
from ..report import print_report, report_dict
from .common import build_each


def json_text(obj) -> str:
    """``obj`` as JSON that is always valid UTF-8: Chinese as it is, but when a string
    holds a lone surrogate (a file name with bytes that are not UTF-8) everything
    non-ASCII is escaped instead."""
    import json

    text = json.dumps(obj, ensure_ascii=False, indent=2)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = json.dumps(obj, ensure_ascii=True, indent=2)
    return text


def cmd_check(args) -> int:
    built, failed = build_each(args)
    if failed and not built and not args.json:
        return EXIT_INPUT
    if args.transcript:
        from ..layout.transcript import transcript

        for b in built:
            print(transcript(b.page, proof=True), end="")
    elif args.json:
        print(json_text(report_dict(built, failed)))
    else:
        print_report([b for b in built if not (args.quiet and b.page.ok)])  # -q: only pages with problems
    return EXIT_INPUT if failed else _status(built)


def cmd_fonts(args) -> int:
    from ..fonts import FontSet

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
    import json

    if args.markdown:
        from ..spec.reference import reference

        print(reference())
        return EXIT_OK
    from ..spec.schema import layout_schema, page_schema

    schema = layout_schema() if args.layout else page_schema()
    print(json.dumps(schema, ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_query(args) -> int:
    """The page as JSON for a newsroom system (``query.py``); input errors too, as JSON."""
    import json

    from ..query import failed_query, page_query

    try:
        built = build(Path(args.spec), root=args.root, time_limit=args.time_limit, keep_spec=True)
    except SpecError as exc:
        emit(exc.diagnostics)
        print(json.dumps(failed_query(Path(args.spec), exc.diagnostics), ensure_ascii=False, indent=2))
        return EXIT_INPUT
    print(json.dumps(page_query(built), ensure_ascii=False, indent=2))
    return _status([built])
