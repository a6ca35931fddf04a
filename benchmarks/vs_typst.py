"""typeset against Typst on the seed pages: cold render, warm re-render, a 16-page issue,
peak memory. Run by hand (not part of the test suite); see README "Performance".

    pip install '.[bench]'
    python benchmarks/vs_typst.py [--runs 5]

Typst compiles ``benchmarks/typst/*.typ`` (written by ``make_typst.py`` from the same
examples: page size, grid, copy, blocks and the bundled Noto-derived fonts). Every
figure is the median of ``--runs`` runs, typeset and Typst alternating, so a noisy
machine slows both alike. Peak RSS is each child process's own (``wait4``).
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TYPST = ROOT / "benchmarks" / "typst"
PAGES = ["laodongzhe", "guanxin"]
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Wall seconds, peak RSS (MB) and CPU seconds (user + system) of one child process."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode() if proc.stderr else ""
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}):\n{err}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def typst_cmd(source: str, out: Path) -> list[str]:
    code = ("import typst; typst.compile(%r, output=%r, root=%r, font_paths=[%r], ignore_system_fonts=True)"
            % (str(TYPST / source), str(out), str(ROOT), str(ROOT / "fonts")))
    return [sys.executable, "-c", code]


def median_pair(a: list[str], b: list[str], runs: int):
    """(median wall, peak RSS, median CPU) of each command, the two alternating."""
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(a))
        rb.append(run(b))
    med = lambda rs: (statistics.median(r[0] for r in rs), max(r[1] for r in rs),  # noqa: E731
                      statistics.median(r[2] for r in rs))
    return med(ra), med(rb)


def row(what: str, ts, ty) -> None:
    print(f"{what:<34}{ts[0]:>9.3f}s{ty[0]:>9.3f}s{ts[0] / ty[0]:>7.1f}×{ts[2]:>8.2f}s{ty[2]:>9.2f}s"
          f"{ts[1]:>7.0f}MB{ty[1]:>8.0f}MB")


def warm(runs: int) -> list[float]:
    """Re-render one page in this process after a change of its copy, as watch mode does
    (fonts and layouts stay loaded; the spec and article files are read again)."""
    from typeset.pipeline import build
    from typeset.fonts import FontSet
    from typeset.render import render_pdf, write_atomic

    times = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "laodongzhe"
        shutil.copytree(ROOT / "examples" / "laodongzhe", work)
        spec, copy = work / "page.yaml", work / "lead.md"
        original = copy.read_text(encoding="utf-8")
        fonts = FontSet.bundled()
        render_pdf([build(spec, fonts=fonts).page])  # first render: loads everything
        for i in range(runs):
            copy.write_text(original.replace("2022年", f"{2022 + i % 3}年", 1), encoding="utf-8")
            t0 = time.perf_counter()
            write_atomic(work / "out.pdf", render_pdf([build(spec, fonts=fonts).page]))
            times.append(time.perf_counter() - t0)
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    typeset = str(BIN / "typeset")
    out = Path(tempfile.mkdtemp())
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, medians of {args.runs} runs\n")
    # warm the on-disk font caches once, as any installed typeset has them after its first run
    run([typeset, "render", "examples/laodongzhe/page.yaml", "-o", str(out / "w.pdf"), "-q"])

    print(f"{'what':<34}{'typeset':>10}{'Typst':>10}{'ratio':>8}{'CPU ts':>9}{'CPU typst':>10}"
          f"{'RSS ts':>9}{'RSS typst':>10}")
    for page in PAGES:
        row("cold render " + page, *median_pair(
            [typeset, "render", f"examples/{page}/page.yaml", "-o", str(out / f"{page}.pdf"), "-q"],
            typst_cmd(f"{page}.typ", out / f"{page}-typst.pdf"), args.runs))

    issue = out / "issue16.yaml"
    issue.write_text("pages:\n" + "".join(f"  - {ROOT}/examples/{p}/page.yaml\n" for p in PAGES * 8),
                     encoding="utf-8")
    row(f"16 pages (batch --jobs {args.jobs})", *median_pair(
        [typeset, "batch", str(issue), "-o", str(out / "issue16.pdf"), "--jobs", str(args.jobs), "-q"],
        typst_cmd("issue16.typ", out / "issue16-typst.pdf"), args.runs))

    times = warm(max(args.runs, 5))
    print(f"{'warm re-render (copy changed)':<34}{statistics.median(times) * 1000:>8.0f}ms"
          f"   (min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)")
    shutil.rmtree(out)


if __name__ == "__main__":
    main()
