"""``paiban preflight`` (any PDF against a newspaper plant's rules), and the preflight
of a print file ``render`` has just written."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path

from ..diagnostics import emit
from ..errors import display_path
from ..pipeline import EXIT_LAYOUT, EXIT_OK

log = logging.getLogger("typeset")


def preflight_written(target: Path | bytes, page, args, found: list | None = None) -> int:
    """Preflight a print file just written (or its bytes, sent to stdout), unless the
    drawing helper has (``found``): findings printed, an error is exit status 1."""
    from ..preflight import check_written, failed

    t0 = time.perf_counter()
    delivered = getattr(args, "delivered", {})  # run by `paiban serve`: the bytes the thin client writes
    if found is None:  # else the drawing helper preflighted the bytes it wrote
        if not isinstance(target, bytes) and Path(target) in delivered:
            found = check_written(delivered[Path(target)], page.print, proof=args.proof, pdfx=args.pdfx,
                                  name=display_path(Path(target)))
        else:
            found = check_written(target, page.print, proof=args.proof, pdfx=args.pdfx)
    log.info("preflight in %.0f ms", (time.perf_counter() - t0) * 1000)
    emit([d for d in found if d.severity == "error" or not args.quiet])
    return EXIT_LAYOUT if failed(found) else EXIT_OK


def cmd_preflight(args) -> int:
    from ..preflight import Limits, failed, preflight
    from ..spec.loader import regular_file

    limits = Limits(**{k: v for k, v in (("ink_limit", args.ink_limit), ("min_ppi", args.min_ppi)) if v is not None})
    results = {}
    for name in args.pdf:
        path = Path(name)
        regular_file(path, "PDF file")  # missing, a folder or a device: an input error saying which
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
