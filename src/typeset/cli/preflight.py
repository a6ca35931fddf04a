"""``paiban preflight`` (any PDF against a newspaper plant's rules), and the preflight
of a print file ``render`` has just written.

A file that is not a PDF to check (missing, a folder, empty, not a PDF, damaged or
incomplete) is an input error naming it: exit status 2."""

from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

from ..diagnostics import emit
from ..errors import SpecError, display_path, error
from ..pipeline import EXIT_INPUT, EXIT_LAYOUT, EXIT_OK

log = logging.getLogger("typeset")


def preflight_written(target: Path | bytes, page, args, found: list | None = None) -> int:
    """Preflight a print file just written (or its bytes, sent to stdout), unless the
    drawing helper has (``found``): findings printed, an error is exit status 1."""
    from ..preflight import check_written, report_written

    t0 = time.perf_counter()
    delivered = getattr(args, "delivered", {})  # run by `paiban serve`: the bytes the thin client writes
    if found is None:  # else the drawing helper preflighted the bytes it wrote
        if not isinstance(target, bytes) and Path(target) in delivered:
            found = check_written(delivered[Path(target)], page.print, proof=args.proof, pdfx=args.pdfx,
                                  name=display_path(Path(target)))
        else:
            found = check_written(target, page.print, proof=args.proof, pdfx=args.pdfx)
    log.info("preflight in %.0f ms", (time.perf_counter() - t0) * 1000)
    return report_written(found, args.quiet)


def cmd_preflight(args) -> int:
    import json

    from ..preflight import Limits, failed, preflight

    limits = Limits(**{k: v for k, v in (("ink_limit", args.ink_limit), ("min_ppi", args.min_ppi)) if v is not None})
    problems = []
    for name in args.pdf:
        try:
            _pdf_file(Path(name))
        except SpecError as exc:
            problems += exc.diagnostics
    if problems:
        raise SpecError(problems)
    results = {name: preflight(Path(name), limits, name=display_path(Path(name))) for name in args.pdf}
    if args.json:
        print(json.dumps({name: [{"severity": d.severity, "code": d.code, "message": d.message, "hint": d.hint,
                                  **d.numbers} for d in found] for name, found in results.items()},
                         ensure_ascii=False, indent=2))
    else:
        for name, found in results.items():
            emit(found, sys.stdout)
            errors = sum(d.severity == "error" for d in found)
            if _unreadable(found):
                print(f"{name}: cannot be preflighted")
                continue
            print(f"{name}: {'fails' if errors else 'passes'} preflight"
                  + (f" ({errors} error{'s' * (errors != 1)})" if errors else ""))
    if any(_unreadable(found) for found in results.values()):
        return EXIT_INPUT  # a damaged or incomplete file: reported with the others
    return EXIT_LAYOUT if any(failed(found) for found in results.values()) else EXIT_OK


def _unreadable(found: list) -> bool:
    return any(d.code == "pdf-unreadable" for d in found)


def _pdf_file(path: Path) -> None:
    """An input error unless ``path`` is a regular file that begins as a PDF does (the
    header ``%PDF-`` within its first 1024 bytes, ISO 32000-1 § 7.5.2 as readers apply it)."""
    from ..spec.loader import regular_file

    regular_file(path, "PDF file")  # missing, a folder or a device: an input error saying which
    try:
        with open(path, "rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        raise error(f"cannot read PDF file {display_path(path)} ({(exc.strerror or 'error').lower()})") from None
    if not head:
        raise error(f"{display_path(path)} is empty, not a PDF file", None, "give the PDF to check")
    if b"%PDF-" not in head:
        raise error(f"{display_path(path)} is not a PDF file (it does not begin with %PDF-)", None,
                    "give the PDF to check (paiban render writes one)")
