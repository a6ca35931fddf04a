"""The rows of the typeset-against-Typst benchmark measured with `paiban serve` running
(vs_typst.py rows ``served``, ``edit`` and ``browser``): `paiban render` through the
server, an edited article to a new PDF (against Typst's incremental recompile,
``typst.Compiler`` reused) and from the save to the new proof in Chromium (when
Playwright and it are there)."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from timing import BIN, PAGES, ROOT, TYPST, median_pair, row, run, typst_cmd


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
        """Wait for a build newer than ``seen``. Asked every 50 ms: the build times are the
        server's own (``took_ms``), and a request every few ms takes the interpreter from
        the build it is timing (a browser does not ask: it is told, by /events)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            v = self.version()
            if v > seen:
                return v
            time.sleep(0.05)
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


SERVED_ROWS = ("served", "edit", "browser")


def served_rows(runs: int, only: set[str]) -> None:
    """The rows of ONLY (of SERVED_ROWS) against one server of the examples."""
    out = Path(tempfile.mkdtemp())
    with Served() as served:
        if "served" in only:
            for page in PAGES:
                row("render, server running " + page, *median_pair(
                    [str(BIN / "paiban"), "render", f"examples/{page}/page.yaml", "-o", str(out / f"{page}.pdf"), "-q"],
                    typst_cmd(f"{page}.typ", out / f"{page}-typst.pdf"), runs, served.tmp))
        if "edit" in only:
            rebuilt, rendered = edit_typeset(served, max(runs, 5))
            ty = statistics.median(edit_typst(max(runs, 5)))
            for what, times in (("edit article → new PDF (server)", rebuilt),
                                ("edit → paiban render via server", rendered)):
                m = statistics.median(times)
                print(f"{what:<34}{m:>9.3f}s{ty:>9.3f}s{m / ty:>7.1f}×   (Typst: Compiler.compile() again)",
                      flush=True)
        if "browser" in only:
            shown = browser_latency(served, max(runs, 5))
            if shown is None:
                print("save → new proof in the browser: skipped (no Playwright or no chromium)")
            for name, times in (shown or {}).items():
                print(f"{'save → new proof, ' + name:<34}{statistics.median(times) * 1000:>8.0f}ms"
                      f"   (min {min(times) * 1000:.0f} ms, max {max(times) * 1000:.0f} ms)", flush=True)
    shutil.rmtree(out)
