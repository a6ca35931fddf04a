"""Rebuild when a file the pages read is saved.

Watches the folders of the target and of every file its pages read (plus the bundled
layouts and fonts) and rebuilds on a change of one of those files, of any YAML file
(a layout in an ``extends`` chain) or, while a page has errors, of any file beside it
(the missing copy file may just have been created). Our own outputs elsewhere in the
folder (a PDF, a PNG, a log) never trigger a build. A changed font reloads the fonts.
"""

from __future__ import annotations

import threading
import time
from pathlib import Path

FONT_FILES = (".ttf", ".otf", ".ttc", ".otc")
STEP_MS = 20  # how long watchfiles waits for more changes after one (its default is 50)


def folders(engine) -> list[str]:
    from ..fonts import bundled_fonts_dir
    from ..spec import bundled_layouts_dir

    found = {Path(f).parent for f in engine.inputs()} | {bundled_layouts_dir(), bundled_fonts_dir()}
    for folder in list(found):
        found.add(folder / "layouts")
        found.add(folder.parent / "layouts")
    return sorted({str(f.resolve()) for f in found if f.is_dir()})


def relevant(engine, path: str) -> bool:
    p = Path(path)
    if p.name.startswith(".") or p.name.endswith((".tmp", "~")):
        return False
    if p.suffix.lower() in (".yaml", ".yml", *FONT_FILES):
        return True
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
                paths = {str(Path(p).resolve()) for _, p in changes}
                t0 = time.perf_counter()
                if any(Path(p).suffix.lower() in FONT_FILES or Path(p).name == "fonts.yaml" for p in paths):
                    self.engine.warm()
                self.engine.rebuild(paths)
                if self.report:
                    self.report(time.perf_counter() - t0, paths)
                if folders(self.engine) != roots:
                    break  # a page now reads a file in another folder: watch it too
