"""Rebuild when a file the pages read is saved.

Follows exactly the files the pages are made from (``Built.inputs``: page files, the
layouts of their ``extends`` chains, copy, pictures, fonts; the bundled font table; the
issue file): their folders are watched, only those files get through, so what is
written beside a page (a PDF, a PNG, a log) never triggers a build. While a page has
errors any file beside it does (the missing copy file may just have been created). The
list is taken again after every build; a changed font reloads the fonts. A layout made
where one was looked for and not found (``Built.absent``) rebuilds the pages, as in
``paiban watch`` (whose :func:`~typeset.watch.roots` and :func:`~typeset.watch.on_the_way`
it shares). Folders are watched without their subfolders.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

from ..watch import FOLDER, NOTHING, POLL_MS, news, on_the_way, roots

FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")
STEP_MS = 5  # how long watchfiles waits for more changes after one (its default is 50): an
# editor's save (write, or write + rename) is one burst well within it; 20 cost 40 ms a save


def folders(engine) -> list[str]:
    return [str(f) for f in roots({*engine.inputs(), *engine.absent()})]


def relevant(engine, path: str) -> bool:
    p = Path(path)
    if p.name.startswith(".") or p.name.endswith((".tmp", "~")):
        return False
    return path in engine.inputs() or bool(engine.failed) or on_the_way(p, map(Path, engine.absent()))


class Watcher(threading.Thread):
    """Runs until ``stop`` is set; ``report`` is told each build's time in seconds."""

    def __init__(self, engine, report=None) -> None:
        super().__init__(name="paiban-watch", daemon=True)
        self.engine, self.report = engine, report
        self.stop = threading.Event()
        self.ready = threading.Event()

    def run(self) -> None:
        from watchfiles import watch

        appeared: set[Path] = set()  # places of absent layouts holding a file at the last build
        while not self.stop.is_set():
            watched = folders(self.engine)
            absent = {Path(p) for p in self.engine.absent()}
            self.ready.set()
            for changes in watch(*watched, watch_filter=lambda _c, p: relevant(self.engine, p), recursive=False,
                                 stop_event=self.stop, step=STEP_MS, rust_timeout=POLL_MS, yield_on_timeout=True):
                paths = {q for _, p in changes for q in (p, str(Path(p).resolve()))}  # a link, and where it leads
                seen = news({Path(p) for p in paths}, absent, appeared)
                if seen == FOLDER:
                    break  # only a folder on the way to a layout appeared: watch it too
                if seen == NOTHING:
                    continue  # (the look every POLL_MS)
                now = {p for p in absent if p.exists()}
                t0 = time.perf_counter()
                if any(Path(p).suffix.lower() in FONT_FILES or Path(p).name == "fonts.yaml" for p in paths):
                    self.engine.warm()
                self.engine.rebuild(None if now - appeared else paths)  # a layout appeared: every page
                appeared = {p for p in map(Path, self.engine.absent()) if p.exists()}  # (made broken)
                if self.report:
                    self.report(time.perf_counter() - t0, paths)
                if folders(self.engine) != watched:
                    break  # a page now reads a file in another folder (or a folder on the way appeared)
