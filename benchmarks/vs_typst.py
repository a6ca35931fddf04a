"""typeset against Typst on the seed pages: cold render, a 16-page issue (16 distinct
pages, and the two seed pages ×8), warm re-render, peak memory; with `paiban serve`
running (served_rows.py): render through it, an edited article to a new PDF and from the
save to the new proof in the browser. Run by hand (not part of the test suite); see
README "Performance".

    pip install '.[bench]'
    python benchmarks/vs_typst.py [--runs 5] [--only batch served …]

Typst compiles ``benchmarks/typst/*.typ`` (written by ``make_typst.py`` from the same
examples: page size, grid, copy, blocks and the bundled Noto-derived fonts). The 16
distinct pages are 8 variants of each example (``variants.py``: every paragraph of the
copy rotated, each variant checked clean), written with their Typst equivalents to a
temporary folder. Every figure is the median of ``--runs`` runs, typeset and Typst
alternating, so a noisy machine slows both alike. Peak RSS is each child process's own
(``wait4``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import pikepdf
from make_typst import page_source
from served_rows import SERVED_ROWS, served_rows
from timing import BIN, PAGES, ROOT, median_pair, row, run, typst_cmd
from variants import write_variants

ROWS = ("cold", "batch", *SERVED_ROWS, "warm")


def distinct_issue(folder: Path, n: int = 8) -> tuple[Path, Path]:
    """n variants of each example under FOLDER, their issue file for `paiban batch` and
    the Typst document including their Typst equivalents, in the same order."""
    specs, found = write_variants(n, folder)
    for spec, diags in found.items():
        if diags:
            print(f"note: variant {spec.parent.name} does not check clean: "
                  + "; ".join(f"{d['severity']}[{d['code']}] {d['message']}" for d in diags))
    for spec in specs:
        (folder / f"{spec.parent.name}.typ").write_text(page_source(spec, root=folder), encoding="utf-8")
    issue = folder / "issue16.yaml"
    issue.write_text("pages:\n" + "".join(f"  - {spec}\n" for spec in specs), encoding="utf-8")
    typ = folder / "issue16.typ"
    typ.write_text("#pagebreak()\n".join(f'#include "{spec.parent.name}.typ"\n' for spec in specs),
                   encoding="utf-8")
    return issue, typ


def pages_of(pdf: Path) -> int:
    """Pages in a PDF, read by pikepdf (a typeset dependency; an independent reader)."""
    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def batch_rows(runs: int, jobs: int, out: Path) -> None:
    """16 pages through `paiban batch --jobs JOBS` against one Typst document: 16 distinct
    pages, then the two seed pages ×8 (which Typst's memoization could make cheaper).
    typeset's cache is a fresh one in OUT for these rows (filled by one untimed run, as
    any cache is after a first run), so the variants' pictures do not pile up in the
    user's cache from one benchmark to the next."""
    typeset = str(BIN / "paiban")
    distinct, distinct_typ = distinct_issue(out / "variants")
    same = out / "issue16-same.yaml"
    same.write_text("pages:\n" + "".join(f"  - {ROOT}/examples/{p}/page.yaml\n" for p in PAGES * 8),
                    encoding="utf-8")
    cache = os.environ.get("TYPESET_CACHE")
    os.environ["TYPESET_CACHE"] = str(out / "cache")
    try:
        for what, issue, typ, root in (("16 distinct pages,", distinct, distinct_typ, distinct.parent),
                                       ("16 pages, 2 distinct ×8,", same, "issue16.typ", ROOT)):
            ts = [typeset, "batch", str(issue), "-o", str(out / "issue16.pdf"), "--jobs", str(jobs), "-q"]
            ty = typst_cmd(typ, out / "issue16-typst.pdf", root)
            run(ts), run(ty)  # once untimed: fonts and pictures cached, as after any first run
            counts = pages_of(out / "issue16.pdf"), pages_of(out / "issue16-typst.pdf")
            if counts != (16, 16):
                raise SystemExit(f"{what}: {counts[0]} pages from paiban, {counts[1]} from Typst (not 16)")
            row(f"{what} --jobs {jobs}", *median_pair(ts, ty, runs))
    finally:
        if cache is None:
            del os.environ["TYPESET_CACHE"]
        else:
            os.environ["TYPESET_CACHE"] = cache


def warm(runs: int) -> list[float]:
    """Re-render one page in this process after a change of its copy, as watch mode does
    (fonts and layouts stay loaded; the spec and article files are read again)."""
    from typeset.fonts import FontSet
    from typeset.pipeline import build, keep_warm
    from typeset.render import render_pdf, write_atomic

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "laodongzhe"
        shutil.copytree(ROOT / "examples" / "laodongzhe", work)
        spec, copy = work / "page.yaml", work / "lead.md"
        original = copy.read_text(encoding="utf-8")
        fonts = FontSet.bundled()
        keep_warm(fonts)  # as watch does: composed paragraphs kept
        render_pdf([build(spec, fonts=fonts).page])  # first render: loads everything
        for i in range(runs):
            copy.write_text(original.replace("2022年", f"{2022 + i % 3}年", 1), encoding="utf-8")
            t0 = time.perf_counter()
            write_atomic(work / "out.pdf", render_pdf([build(spec, fonts=fonts).page]))
            times.append(time.perf_counter() - t0)
    keep_warm(None)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="+", choices=ROWS, default=list(ROWS), metavar="ROW",
                    help=f"run only these rows ({', '.join(ROWS)}); default all")
    args = ap.parse_args()
    only = set(args.only)
    typeset = str(BIN / "paiban")
    out = Path(tempfile.mkdtemp())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"medians of {args.runs} runs\n")
    # warm the on-disk font caches once, as any installed typeset has them after its first run
    run([typeset, "render", "examples/laodongzhe/page.yaml", "-o", str(out / "w.pdf"), "-q"])

    print(f"{'what':<34}{'typeset':>10}{'Typst':>10}{'ratio':>8}{'CPU ts':>9}{'CPU typst':>10}"
          f"{'RSS ts':>9}{'RSS typst':>10}", flush=True)
    if "cold" in only:
        for page in PAGES:
            row("cold render " + page, *median_pair(
                [typeset, "render", f"examples/{page}/page.yaml", "-o", str(out / f"{page}.pdf"), "-q"],
                typst_cmd(f"{page}.typ", out / f"{page}-typst.pdf"), args.runs))
    if "batch" in only:
        batch_rows(args.runs, args.jobs, out)
    shutil.rmtree(out)
    if only & set(SERVED_ROWS):
        served_rows(args.runs, only)
    if "warm" in only:  # last: children forked after it would inherit its peak RSS
        times = warm(max(args.runs, 5))
        print(f"{'warm re-render (copy changed)':<34}{statistics.median(times) * 1000:>8.0f}ms"
              f"   (min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)")
    print(f"\nload {os.getloadavg()[0]:.1f} at the end")


if __name__ == "__main__":
    main()
