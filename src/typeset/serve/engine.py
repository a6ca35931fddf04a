"""The resident renderer: one page or one issue kept built, its proof ready to show.

Fonts, ReportLab's faces and composed paragraphs stay loaded between builds
(:func:`typeset.pipeline.keep_warm`), so a saved edit re-composes only the paragraphs
that changed. Builds and remote commands run under one lock (a remote command works in
its client's folder); page images under another (pdfium is not thread-safe), so a
command never waits for the browser's images. A page whose new version has errors
keeps its last good proof; the errors are shown over it.
"""

from __future__ import annotations

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..errors import Diagnostic, SpecError
from .answers import Answers
from .raster import Rasteriser

IMAGE_CACHE = 24       # rasterised images kept (page, width)
MIN_WIDTH, MAX_WIDTH = 64, 4096
COMMANDS_FIRST = 5.0   # s a build waits at most for remote commands before drawing its proof


@dataclass
class Proof:
    """The last good build of one page: what layout made and the PDF drawn from it."""

    built: object        # pipeline.Built
    pdf: bytes           # the page drawn for the screen (without its pictures when layer is set)
    serial: int          # which build made it (names its images)
    layer: bytes | None = None   # its pictures alone (serve.raster), the same bytes while they stay
    pictures: tuple = ()         # the Picture items the layer draws


class Engine:
    def __init__(self, target: Path, root: Path | None = None, time_limit: float | None = None) -> None:
        self.target = Path(target)
        self.root, self.time_limit = root, time_limit
        self.project = Path(root or self.target.parent).resolve()  # the folder whose pages it renders
        self.lock = threading.RLock()      # builds, remote commands (they change the working folder)
        self.raster = threading.Lock()     # pdfium, which is not thread-safe: images and their documents
        self.updated = threading.Condition()
        self.idle = threading.Condition()  # guards ``waiting``: remote commands waiting for the lock or running
        self.waiting = 0
        self.version = 0          # bumped after every build; the browser's cue
        self.pages: list[Path] = []
        self.proofs: dict[Path, Proof] = {}
        self.failed: dict[Path, list[Diagnostic]] = {}   # page (or the issue file) -> its errors
        self.took = 0.0           # seconds the last build took
        self.commands = 0         # render/check commands run for the thin client
        self._serial = 0
        self._images: dict[tuple, bytes] = {}
        self._rasters = Rasteriser()
        self._layer_pdfs: dict[tuple, bytes] = {}  # pictures of a page -> their PDF (serve.raster)
        self._widths: dict[int, dict[int, None]] = {}  # page -> image widths the browser asked for, oldest first
        self._state: dict = {}
        self.answers = Answers()  # remote commands' answers, given again while their inputs stay
        self.warm()

    # -- building -----------------------------------------------------------------------
    def warm(self) -> None:
        """(Re)load the fonts and register their faces; forget composed paragraphs."""
        from ..fonts import FontSet
        from ..pipeline import keep_warm
        from ..render import kept_drawing, pdf

        with self.lock:
            fonts = FontSet.bundled()
            self.advances = {}  # face name -> its advances (serve.raster: where a run's ink reaches)
            for role in fonts.roles:
                for face in fonts.chain(role):
                    pdf.register(face.name, str(face.path))
                    self.advances[face.name] = face.advances
            self.fonts = fonts
            self.memo = keep_warm(fonts)
            self.drawings = defaultdict(kept_drawing)  # page -> the codes and font names of its last proof (render.resident)
            self.answers.clear()

    def rebuild(self, changed: set[str] | None = None) -> float:
        """Build the pages whose files ``changed`` (all when None); returns seconds taken."""
        from ..batch import issue_pages

        with self.lock:
            t0 = time.perf_counter()
            issue_key = self.target
            try:
                pages = issue_pages([str(self.target)])
                self.failed.pop(issue_key, None)
            except SpecError as exc:
                pages = self.pages or [self.target]
                self.failed[issue_key] = exc.diagnostics
            full = changed is None or self.target.resolve().as_posix() in changed or pages != self.pages
            self.pages = pages
            built = [i for i, page in enumerate(pages)
                     if full or page in self.failed or page not in self.proofs or self._reads(page, changed)]
            for i in built:
                self._build(pages[i])
            for gone in set(self.proofs) - set(pages):
                del self.proofs[gone]
                self.drawings.pop(gone, None)
            self.took = time.perf_counter() - t0
            self.version += 1
            self._state = self._make_state()
        with self.updated:
            self.updated.notify_all()
        for i in built:  # the images the browser will ask for next, while it reads the state
            with self.raster:
                widths = list(self._widths.get(i, ()))[::-1]  # the one it asked for last first
            for width in widths:
                self.image(i, width)
        return self.took

    def _reads(self, page: Path, changed: set[str]) -> bool:
        proof = self.proofs.get(page)
        return proof is None or bool(changed & {str(p) for p in proof.built.inputs})

    def _build(self, page: Path) -> None:
        from ..fonts import FontError
        from ..pipeline import build
        from ..render import render_pdf
        from .pictures import screen_pictures
        from .raster import split

        try:
            built = build(page, root=self.root, time_limit=self.time_limit)
            if page in self.proofs and self.proofs[page].built is built:
                self.failed.pop(page, None)
                return  # none of its files changed (a save of the same bytes): the same proof
            self._let_commands_run()
            text, pictures = split(screen_pictures(built.page), self.advances)  # trouble spots: drawn by the proof page
            # only pdfium reads it: undeflated, and drawn with the codes of the proof before
            # it, so its unmoved lines are written as drawn (the print file's pixels, sooner)
            pdf = render_pdf([text], pdfx="none", compress=False, kept=self.drawings[page])
            layer = None if pictures is None else self._layer(pictures)
        except SpecError as exc:
            self.failed[page] = exc.diagnostics
            return
        except (FontError, OSError, ValueError) as exc:
            self.failed[page] = [Diagnostic("error", str(exc), code="io")]
            return
        except Exception as exc:  # noqa: BLE001 - the server stays up; the desk sees it
            self.failed[page] = [Diagnostic("error", f"paiban failed unexpectedly ({type(exc).__name__}: {exc})",
                                            code="bug", hint="report it with the page")]
            return
        self.failed.pop(page, None)
        self._serial += 1
        self.proofs[page] = Proof(built, pdf, self._serial, layer, pictures.items if pictures else ())

    def _let_commands_run(self) -> None:
        """Between a page's build and the drawing of its proof, remote commands waiting
        for the lock go first: a render right after a save finds the page just built and
        answers without waiting for the proof (held once here: by :meth:`rebuild`)."""
        with self.idle:
            if not self.waiting:
                return
        self.lock.release()
        try:
            with self.idle:
                self.idle.wait_for(lambda: not self.waiting, timeout=COMMANDS_FIRST)
        finally:
            self.lock.acquire()

    def _layer(self, pictures) -> bytes:
        """The PDF of a page's pictures alone, drawn once while they stay the same."""
        from ..render import render_pdf

        key = (pictures.items, pictures.width, pictures.height, pictures.bleed)
        if key not in self._layer_pdfs:
            if len(self._layer_pdfs) >= 2 * max(len(self.pages), 1):
                self._layer_pdfs.clear()
            self._layer_pdfs[key] = render_pdf([pictures], pdfx="none")
        return self._layer_pdfs[key]

    def inputs(self) -> set[str]:
        """Every file the pages read at their last good build, the bundled font table and
        the target itself."""
        from ..fonts import bundled_fonts_dir

        with self.lock:
            files = {self.target.resolve().as_posix(), (bundled_fonts_dir() / "fonts.yaml").resolve().as_posix()}
            files |= {p.resolve().as_posix() for p in self.pages}
            for proof in self.proofs.values():
                files.update(str(p) for p in proof.built.inputs)
            return files

    def absent(self) -> set[str]:
        """Where the pages' layouts were looked for and not found at their last good build:
        a layout made there would be read instead."""
        with self.lock:
            return {str(p) for proof in self.proofs.values() for p in proof.built.absent}

    def wait(self, seen: int, timeout: float) -> int:
        """Block until a build newer than ``seen`` (or ``timeout``); the current version."""
        with self.updated:
            self.updated.wait_for(lambda: self.version != seen, timeout)
        return self.version

    # -- showing ------------------------------------------------------------------------
    def state(self) -> dict:
        """What the proof page shows, as JSON-ready data (made once a build)."""
        return {**self._state, "commands": self.commands}

    def _make_state(self) -> dict:
        from .proof import diagnostic_dict, page_dict

        with self.lock:
            pages = []
            for i, page in enumerate(self.pages):
                proof = self.proofs.get(page)
                entry = page_dict(i, page, proof.built if proof else None, proof.serial if proof else 0)
                entry["stale"] = page in self.failed
                pages.append(entry)
            errors = [diagnostic_dict(d, str(p)) for p, ds in self.failed.items() for d in ds]
            return {"version": self.version, "target": str(self.target), "issue": len(self.pages) > 1
                    or self.target not in self.pages, "pages": pages, "errors": errors,
                    "took_ms": round(self.took * 1000)}

    def image(self, index: int, width: int) -> bytes | None:
        """Page ``index`` of the last good proof, trimmed, as a JPEG ``width`` pixels wide
        (:mod:`typeset.serve.raster`). Drawn under its own lock: a build or a remote
        command does not wait for it."""
        with self.lock:
            if not 0 <= index < len(self.pages) or self.pages[index] not in self.proofs:
                return None
            proof = self.proofs[self.pages[index]]
            current = {p.serial for p in self.proofs.values()}
        width = max(MIN_WIDTH, min(MAX_WIDTH, width))
        with self.raster:
            asked = self._widths.setdefault(index, {})
            asked.pop(width, None)
            asked[width] = None  # the most recently asked last
            while len(asked) > 4:
                asked.pop(next(iter(asked)))
            key = (proof.serial, width)
            if key not in self._images:
                self._rasters.forget(current)
                while len(self._images) >= IMAGE_CACHE:
                    self._images.pop(next(iter(self._images)))
                self._images[key] = self._rasters.jpeg(proof, width)
            return self._images[key]
