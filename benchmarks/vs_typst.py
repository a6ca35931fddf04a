"""typeset against Typst on the seed pages: cold render, warm re-render, a 16-page issue,
peak memory; with `paiban serve` running: render through it, an edited article to a
new PDF (against Typst's incremental recompile, ``typst.Compiler`` reused) and from the
save to the new proof in the browser (Chromium, when Playwright and it are there).
Run by hand (not part of the test suite); see README "Performance".

    pip install '.[bench]'
    python benchmarks/vs_typst.py [--runs 5]

Typst compiles ``benchmarks/typst/*.typ`` (written by ``make_typst.py`` from the same
examples: page size, grid, copy, blocks and the bundled Noto-derived fonts). Every
figure is the median of ``--runs`` runs, typeset and Typst alternating, so a noisy
machine slows both alike. Peak RSS is each child process's own (``wait4``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
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
          f"{ts[1]:>7.0f}MB{ty[1]:>8.0f}MB")


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


class Served:
    """`paiban serve` of a copy of the examples (an issue of both pages), for as long as
    the ``with`` lasts; its port read from its first lines."""

    def __enter__(self):
        self.tmp = Path(tempfile.mkdtemp())
        shutil.copytree(ROOT / "examples", self.tmp / "examples")
        self.proc = subprocess.Popen([str(BIN / "paiban"), "serve", "examples/issue.yaml", "--port", "0"],
                                     cwd=self.tmp, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in self.proc.stdout:
            if "http://" in line:
                self.url = line.split()[line.split().index("at") + 1]
                break
        threading.Thread(target=lambda: [None for _ in self.proc.stdout], daemon=True).start()
        return self

    def state(self) -> dict:
        with urllib.request.urlopen(self.url + "state") as r:
            return json.load(r)

    def version(self) -> int:
        return self.state()["version"]

    def wait_version(self, seen: int, timeout: float = 10) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = self.version()
            if v > seen:
                return v
            time.sleep(0.005)
        raise SystemExit("the server did not rebuild")

    def __exit__(self, *exc):
        self.proc.terminate()
        self.proc.wait(10)
        shutil.rmtree(self.tmp)


def edit_typeset(served: Served, runs: int) -> tuple[list[float], list[float]]:
    """Edit one article: the server's rebuild to the new PDF (as watch and the proof do),
    and then `paiban render` of the edited page through the server (a new process)."""
    copy = served.tmp / "examples/laodongzhe/lead.md"
    original = copy.read_text(encoding="utf-8")
    rebuilt, rendered = [], []
    for i in range(runs):
        seen = served.version()
        copy.write_text(original.replace("2022年", f"{2023 + i}年", 1), encoding="utf-8")
        now = served.wait_version(seen)
        rebuilt.append(served.state()["took_ms"] / 1000)
        copy.write_text(original.replace("2022年", f"{2030 + i}年", 1), encoding="utf-8")
        t0 = time.perf_counter()
        run([str(BIN / "paiban"), "render", "examples/laodongzhe/page.yaml", "-o", "out/edit.pdf", "-q"], served.tmp)
        rendered.append(time.perf_counter() - t0)
        served.wait_version(now)  # the proof's own rebuild of that edit, before the next one
    copy.write_text(original, encoding="utf-8")
    return rebuilt, rendered


def edit_typst(runs: int) -> list[float]:
    """Typst's incremental recompile: one Compiler kept, the article edited in its source."""
    import typst

    source = TYPST / ".bench-edit-laodongzhe.typ"
    original = (TYPST / "laodongzhe.typ").read_text(encoding="utf-8")
    source.write_text(original, encoding="utf-8")
    try:
        compiler = typst.Compiler(str(source), root=str(ROOT), font_paths=[str(ROOT / "fonts")],
                                  ignore_system_fonts=True)
        compiler.compile()
        times = []
        for i in range(runs):
            source.write_text(original.replace("2022年", f"{2023 + i}年", 1), encoding="utf-8")
            t0 = time.perf_counter()
            compiler.compile()
            times.append(time.perf_counter() - t0)
        return times
    finally:
        source.unlink()


EDITS = {"laodongzhe": ("lead.md", "2022年", "lead"), "guanxin": ("letter.md", "新春佳节", "letter")}


def browser_latency(served: Served, runs: int) -> dict[str, list[float]] | None:
    """Seconds from saving an article to the new proof shown in Chromium (Playwright),
    for each seed page (its article edited, the page open in the proof)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    chromium = shutil.which("chromium")
    if chromium is None:
        return None
    shown_after: dict[str, list[float]] = {}
    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(
            profile, executable_path=chromium, headless=True, viewport={"width": 1400, "height": 900},
            args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync",
                  "--disable-background-networking", "--disable-component-update"])
        page = context.new_page()
        page.goto(served.url)
        page.wait_for_selector("body[data-serial]")
        for index, name in enumerate(PAGES):
            file, word, block = EDITS[name]
            copy = served.tmp / "examples" / name / file
            original = copy.read_text(encoding="utf-8")
            page.locator("#thumbs figure").nth(index).click()
            page.wait_for_selector(f'.block[data-id="{block}"]')
            times = shown_after[name] = []
            for i in range(runs):
                time.sleep(0.3)
                shown = page.locator("body").get_attribute("data-shown-at")
                saved = time.time()
                copy.write_text(original.replace(word, f"{word}{'之际' * (i % 3 + 1)}", 1), encoding="utf-8")
                deadline = time.monotonic() + 10
                while page.locator("body").get_attribute("data-shown-at") == shown and time.monotonic() < deadline:
                    page.wait_for_timeout(2)
                times.append(int(page.locator("body").get_attribute("data-shown-at")) / 1000 - saved)
            copy.write_text(original, encoding="utf-8")
            time.sleep(0.3)
        context.close()
    return shown_after


def served_rows(args) -> None:
    out = Path(tempfile.mkdtemp())
    with Served() as served:
        for page in PAGES:
            row("render, server running " + page, *median_pair(
                [str(BIN / "paiban"), "render", f"examples/{page}/page.yaml", "-o", str(out / f"{page}.pdf"), "-q"],
                typst_cmd(f"{page}.typ", out / f"{page}-typst.pdf"), args.runs, served.tmp))
        rebuilt, rendered = edit_typeset(served, max(args.runs, 5))
        ty = statistics.median(edit_typst(max(args.runs, 5)))
        for what, times in (("edit article → new PDF (server)", rebuilt),
                            ("edit → paiban render via server", rendered)):
            m = statistics.median(times)
            print(f"{what:<34}{m:>9.3f}s{ty:>9.3f}s{m / ty:>7.1f}×   (Typst: Compiler.compile() again)")
        shown = browser_latency(served, max(args.runs, 5))
        if shown is None:
            print("save → new proof in the browser: skipped (no Playwright or no chromium)")
        for name, times in (shown or {}).items():
            print(f"{'save → new proof, ' + name:<34}{statistics.median(times) * 1000:>8.0f}ms"
                  f"   (min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)")
    shutil.rmtree(out)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--jobs", type=int, default=2)
    args = ap.parse_args()
    typeset = str(BIN / "paiban")
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

    shutil.rmtree(out)
    served_rows(args)
    times = warm(max(args.runs, 5))  # last: children forked after it would inherit its peak RSS
    print(f"{'warm re-render (copy changed)':<34}{statistics.median(times) * 1000:>8.0f}ms"
          f"   (min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
