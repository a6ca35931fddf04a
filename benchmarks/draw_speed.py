"""Drawing a page (display list → PDF bytes): ``render_pdf`` alone, cold and resident.

    python benchmarks/draw_speed.py [--runs 15] [--cold 5] [--profile]

For each seed page: *cold* is the first ``render_pdf`` of a fresh process (the page built
first, not timed; ReportLab's import timed apart; fonts registered on the way, as
``paiban render`` does), the median of ``--cold`` processes, the user's cache as it is; *resident* is ``render_pdf`` in one process kept warm
(:func:`typeset.pipeline.keep_warm`, as ``paiban serve``/``watch``) after an edit of one
article, the median of ``--runs`` edits, print PDF (PDF/X-1a) and the server's proof PDF
(``pdfx="none"``, uncompressed when ``render_pdf`` can: what serve/engine.py draws); and
the size of each. ``--profile`` prints the top of a cProfile of the resident renders.
Run by hand (not part of the test suite); numbers go in a report, not in a test.
"""

from __future__ import annotations

import argparse
import inspect
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {"laodongzhe": ("lead.md", "2022年"), "guanxin": ("letter.md", "孩子")}


def cold_child(page: str) -> None:
    """In a fresh process: build the page, then time its first render_pdf."""
    from typeset.pipeline import build
    from typeset.render import render_pdf

    built = build(ROOT / "examples" / page / "page.yaml")
    t0 = time.perf_counter()
    import typeset.render.pdf  # noqa: F401 - ReportLab's import, timed apart
    t1 = time.perf_counter()
    data = render_pdf([built.page])
    print(json.dumps({"s": time.perf_counter() - t1, "import": t1 - t0, "bytes": len(data)}))


def cold(page: str, runs: int) -> tuple[float, float, int]:
    out = []
    for _ in range(runs):
        proc = subprocess.run([sys.executable, __file__, "--cold-child", page], capture_output=True, text=True,
                              check=True)
        out.append(json.loads(proc.stdout.splitlines()[-1]))
    return statistics.median(r["s"] for r in out), statistics.median(r["import"] for r in out), out[-1]["bytes"]


def resident(page: str, runs: int, profile: bool) -> dict:
    """render_pdf after each edit of one article, in a process kept warm."""
    from typeset.fonts import FontSet
    from typeset.pipeline import build, keep_warm
    from typeset.render import render_pdf
    from typeset.serve.pictures import screen_pictures
    from typeset.serve.raster import split

    copy_name, word = PAGES[page]
    proof_kw = {"compress": False} if "compress" in inspect.signature(
        __import__("typeset.render.pdf", fromlist=["x"]).render_pdf).parameters else {}
    times: dict[str, list[float]] = {"build": [], "print": [], "proof": []}
    sizes = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / page
        shutil.copytree(ROOT / "examples" / page, work)
        spec, copy = work / "page.yaml", work / copy_name
        original = copy.read_text(encoding="utf-8")
        fonts = FontSet.bundled()
        advances = {}
        keep_warm(fonts)
        render_pdf([build(spec, fonts=fonts).page])  # loads everything
        prof = None
        if profile:
            import cProfile
            prof = cProfile.Profile()
        for i in range(runs):
            copy.write_text(original.replace(word, word + "的" * (1 + i % 3), 1), encoding="utf-8")
            t0 = time.perf_counter()
            built = build(spec, fonts=fonts)
            t1 = time.perf_counter()
            if prof:
                prof.enable()
            data = render_pdf([built.page])
            t2 = time.perf_counter()
            text, _ = split(screen_pictures(built.page), advances)
            t3 = time.perf_counter()
            proof = render_pdf([text], pdfx="none", **proof_kw)
            t4 = time.perf_counter()
            if prof:
                prof.disable()
            times["build"].append(t1 - t0)
            times["print"].append(t2 - t1)
            times["proof"].append(t4 - t3)
            sizes = {"print": len(data), "proof": len(proof)}
        keep_warm(None)
    if prof:
        import pstats
        pstats.Stats(prof).sort_stats("tottime").print_stats(25)
    return {k: statistics.median(v) for k, v in times.items()} | {"sizes": sizes}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=15)
    ap.add_argument("--cold", type=int, default=5)
    ap.add_argument("--profile", action="store_true")
    ap.add_argument("--cold-child")
    args = ap.parse_args()
    if args.cold_child:
        cold_child(args.cold_child)
        return
    for page in PAGES:
        c, imp, size = cold(page, args.cold) if args.cold else (float("nan"), float("nan"), 0)
        r = resident(page, args.runs, args.profile)
        print(f"{page:11s} cold render_pdf {c * 1000:6.1f} ms ({size} B; importing it {imp * 1000:.0f} ms more) | "
              f"resident after an edit: "
              f"build {r['build'] * 1000:5.1f} ms, print render_pdf {r['print'] * 1000:5.1f} ms "
              f"({r['sizes']['print']} B), proof {r['proof'] * 1000:5.1f} ms ({r['sizes']['proof']} B)")


if __name__ == "__main__":
    main()
