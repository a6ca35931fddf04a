"""Preflight: does a PDF — ours or another tool's — meet a newspaper plant's rules?

Reads any PDF with pikepdf (never with the code that wrote it) and reports each finding
as an :class:`~typeset.errors.Diagnostic` (``code`` such as ``pdfx-version``,
``rgb-colour``, ``ink-limit``; ``numbers["page"]`` the 1-based page). The checks:

- document (:mod:`.document`): PDF/X identification and version, the one GTS_PDFX
  OutputIntent with a CMYK output profile, Info keys and trailer ID, page boxes present
  and nested, fonts embedded, no LZW or JBIG2, no transparency in PDF/X-1a;
- page content (:mod:`.content`): no RGB or Lab colour in content streams, images or
  shadings, vector ink coverage within the limit, black text K-only and overprinting, no
  rich black text under 20 pt, reversed and four-colour text at least 10 pt, rules at
  least 0.25 pt, effective image resolution at least 170 ppi;
- picture pixels (:mod:`.pixels`): ink coverage of every pixel within the limit.

Errors fail the file (``paiban preflight`` exits 1; a render or batch whose print file
fails exits 1 too, :func:`report_written`); warnings are worth a look.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, Span


@dataclass(frozen=True, slots=True)
class Limits:
    """The plant's thresholds (the layout's ``print:`` section, or these defaults)."""

    ink_limit: float = 240.0       # total area coverage, %
    min_ppi: float = 170.0         # effective image resolution
    min_rule: float = 0.25         # pt
    rich_black_min: float = 20.0   # pt: smaller text in rich black fails
    colour_text_min: float = 10.0  # pt: smaller reversed or multi-ink text fails

    @classmethod
    def of(cls, settings) -> Limits:
        if settings is None:
            return cls()
        return cls(settings.ink_limit, settings.min_ppi, settings.min_rule, settings.rich_black_min,
                   settings.colour_text_min)


class Findings:
    """The diagnostics of one file, one message per problem and page (a page with 900
    small black glyphs in rich black is one finding, counted)."""

    def __init__(self, name: str) -> None:
        self.span = Span(name)
        self.items: dict[tuple, Diagnostic] = {}
        self.counts: dict[tuple, int] = {}

    def add(self, severity: str, code: str, message: str, page: int | None = None, hint: str | None = None,
            **numbers) -> None:
        key = (code, page, message)
        self.counts[key] = self.counts.get(key, 0) + 1
        if key not in self.items:
            where = f"page {page}: " if page else ""
            nums = {"page": page, **numbers} if page else dict(numbers)
            self.items[key] = Diagnostic(severity, where + message, self.span, hint, code, None, nums)

    def result(self) -> list[Diagnostic]:
        out = []
        for key, d in self.items.items():
            n = self.counts[key]
            if n > 1:
                d = Diagnostic(d.severity, f"{d.message} ({n} times)", d.span, d.hint, d.code, d.block,
                               {**d.numbers, "count": n})
            out.append(d)
        return sorted(out, key=lambda d: (d.numbers.get("page") or 0, d.severity != "error", d.code))


def load_checks() -> None:
    """Import pikepdf and the checks now (the drawing helper does it while the page is
    still being laid out, so that the preflight of what it draws starts at once)."""
    import pikepdf  # noqa: F401

    from . import content, document  # noqa: F401


def preflight(pdf: Path | bytes, limits: Limits | None = None, name: str | None = None,
              jobs: int = 1) -> list[Diagnostic]:
    """Every finding about ``pdf`` (a file or its bytes); an unreadable file is one
    ``pdf-unreadable`` error, never an exception. ``jobs`` > 1: the pages of a file are
    checked in that many processes at once (a whole issue), the same findings."""
    import pikepdf

    from . import content, document

    limits = limits or Limits()
    if name is None:
        name = str(pdf) if isinstance(pdf, Path) else "<pdf>"
    findings = Findings(name)
    try:
        with pikepdf.open(io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf) as doc:
            mode = document.check(doc, findings)
            parts = _parts(len(doc.pages), jobs if isinstance(pdf, Path) else 1)
            others = _check_apart(pdf, parts[1:], mode, limits, name)
            for number in range(*(parts[0] if others else (1, len(doc.pages) + 1))):
                content.check_page(doc.pages[number - 1], number, mode, limits, findings)
            for other in others:  # in page order
                items, counts = other.result()
                if isinstance(items, str):
                    raise ValueError(items)  # the part could not be read: as if here
                for key, n in counts.items():
                    findings.items.setdefault(key, items[key])
                    findings.counts[key] = findings.counts.get(key, 0) + n
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        reason = str(exc).removeprefix(f"{pdf}: ") if isinstance(pdf, Path) else str(exc)
        findings = Findings(name)  # what was found before it failed is not the file's whole story
        findings.add("error", "pdf-unreadable", f"the PDF is damaged or incomplete ({reason})",
                     hint="is it a complete PDF file? write it again")
    return findings.result()


def _parts(pages: int, jobs: int) -> list[tuple[int, int]]:
    """Page ranges (1-based, end excluded), one a process: this one's first."""
    jobs = max(1, min(jobs, pages // MIN_PAGES_APART or 1))
    ends = [1 + pages * k // jobs for k in range(jobs + 1)]
    return list(zip(ends, ends[1:]))


MIN_PAGES_APART = 4  # pages a process must have to be worth starting for them


def _check_apart(pdf: Path, parts: list[tuple[int, int]], mode: str, limits: Limits, name: str) -> list:
    """Futures of (items, counts) of the pages of each part, checked in forked processes."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    if not parts or "fork" not in multiprocessing.get_all_start_methods():
        return []
    pool = ProcessPoolExecutor(len(parts), mp_context=multiprocessing.get_context("fork"),
                               initializer=_leave_interrupts)
    try:
        return [pool.submit(_check_part, pdf, part, mode, limits, name) for part in parts]
    finally:
        pool.shutdown(wait=False)  # the futures still come; the workers end after them


def _check_part(pdf: Path, part: tuple[int, int], mode: str, limits: Limits, name: str):
    """(items, counts) of the findings about the pages of ``part``; (why, None) when the
    file cannot be read there."""
    import pikepdf

    from . import content

    findings = Findings(name)
    try:
        with pikepdf.open(pdf) as doc:
            for number in range(*part):
                content.check_page(doc.pages[number - 1], number, mode, limits, findings)
    except (pikepdf.PdfError, OSError, ValueError) as exc:
        return str(exc) or type(exc).__name__, None
    return findings.items, findings.counts


def _leave_interrupts() -> None:
    """In a checking process: Ctrl-C is the parent's to handle."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def check_written(target: Path | bytes, settings, *, proof: bool, pdfx: str,
                  name: str = "<stdout>", jobs: int = 1) -> list[Diagnostic]:
    """The findings about a print file render or batch has just written, or its bytes
    (none for a proof or a plain PDF, which claim nothing); ``jobs``: see :func:`preflight`."""
    if proof or pdfx == "none":
        return []
    from ..errors import display_path

    if isinstance(target, bytes):
        return preflight(target, Limits.of(settings), name=name)
    return preflight(Path(target), Limits.of(settings), name=display_path(Path(target)), jobs=jobs)


def failed(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity == "error" for d in diagnostics)


def report_written(found: list[Diagnostic], quiet: bool = False) -> int:
    """Print the findings about a print file just written (render, batch) to stderr —
    its errors, and its warnings unless ``quiet`` — and give their exit status: 1 when
    one is an error, else 0."""
    from ..diagnostics import emit
    from ..pipeline import EXIT_LAYOUT, EXIT_OK

    emit([d for d in found if d.severity == "error" or not quiet])
    return EXIT_LAYOUT if failed(found) else EXIT_OK
