"""How the typeset-against-Typst benchmark times things: one child process's wall time,
peak RSS and CPU (``wait4``), Typst's compile as such a child, medians of alternating
runs, and the table row that prints a pair. Used by vs_typst.py and served_rows.py."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
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


def typst_cmd(source: str | Path, out: Path, root: Path = ROOT) -> list[str]:
    """A child process compiling SOURCE (a name in benchmarks/typst/, or a path) to OUT,
    with the bundled fonts only and ROOT as Typst's root."""
    code = ("import typst; typst.compile(%r, output=%r, root=%r, font_paths=[%r], ignore_system_fonts=True)"
            % (str(TYPST / source), str(out), str(root), str(ROOT / "fonts")))
    return [sys.executable, "-c", code]


def median_pair(a: list[str], b: list[str], runs: int, cwd: Path = ROOT):
    """(median wall, peak RSS, median CPU) of each command, the two alternating."""
    ra, rb = [], []
    for _ in range(runs):
        ra.append(run(a, cwd))
        rb.append(run(b))
    med = lambda rs: (statistics.median(r[0] for r in rs), max(r[1] for r in rs),  # noqa: E731
                      statistics.median(r[2] for r in rs))
    return med(ra), med(rb)


def row(what: str, ts, ty) -> None:
    print(f"{what:<34}{ts[0]:>9.3f}s{ty[0]:>9.3f}s{ts[0] / ty[0]:>7.1f}×{ts[2]:>8.2f}s{ty[2]:>9.2f}s"
          f"{ts[1]:>7.0f}MB{ty[1]:>8.0f}MB", flush=True)
