"""Rebuild when a file the pages read is saved.

Follows exactly the files the pages are made from (``Built.inputs``: page files, the
layouts of their ``extends`` chains, copy, pictures, fonts; the bundled font table; the
issue file): their folders are watched, only those files get through, so what is
written beside a page (a PDF, a PNG, a log) never triggers a build. While a page has
errors any file beside it does (the missing copy file may just have been created). The
list is taken again after every build; a changed font reloads the fonts.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")
STEP_MS = 5  # how long watchfiles waits for more changes after one (its default is 50): an
# editor's save (write, or write + rename) is one burst well within it; 20 cost 40 ms a save


def folders(engine) -> list[str]:
    return sorted({str(Path(f).parent) for f in engine.inputs() if Path(f).parent.is_dir()})


def relevant(engine, path: str) -> bool:
    p = Path(path)
    if p.name.startswith(".") or p.name.endswith((".tmp", "~")):
        return False
    return path in engine.inputs() or bool(engine.failed)


class Watcher(threading.Thread):
    """Runs until ``stop`` is set; ``report`` is told each build's time in seconds."""

    def __init__(self, engine, report=None) -> None:
        super().__init__(name="paiban-watch", daemon=True)
        self.engine, self.report = engine, report
        self.stop = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        from watchfiles import watch

        while not self.stop.is_set():
            roots = folders(self.engine)
            self.ready.set()
            for changes in watch(*roots, watch_filter=lambda _c, p: relevant(self.engine, p),
                                 stop_event=self.stop, step=STEP_MS, yield_on_timeout=False):
                paths = {q for _, p in changes for q in (p, str(Path(p).resolve()))}  # a link, and where it leads
                t0 = time.perf_counter()
                if any(Path(p).suffix.lower() in FONT_FILES or Path(p).name == "fonts.yaml" for p in paths):
                    self.engine.warm()
                self.engine.rebuild(paths)
                if self.report:
                    self.report(time.perf_counter() - t0, paths)
                if folders(self.engine) != roots:
                    break  # a page now reads a file in another folder: watch it too
