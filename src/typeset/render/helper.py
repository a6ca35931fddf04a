"""Draw the PDF in a forked process, so that loading ReportLab, the fonts and the
preflight overlaps with reading and laying out the page (the PDF is byte-for-byte the
same as drawn in-process).

The child imports the renderer, registers the bundled faces (their tables still packed),
imports the preflight (pikepdf) and unpacks each face's tables (:func:`.faces.unpack`),
each step only while the job has not come; then it waits on a pipe for the job (the
output path, the laid-out pages and whether to preflight, pickled); it draws, writes the file atomically, preflights the
very bytes it wrote (:func:`typeset.preflight.check_written`, the same checks as
``paiban preflight`` reading the file) and answers ``ok`` with the findings, or the
error. Where there is no ``fork`` (or not on Linux, where forking a plain Python
process is known to be safe) there is no helper and the caller draws in-process.

A killed render never writes: the child asks the kernel to kill it when its parent dies
(``PR_SET_PDEATHSIG``), checks right before the final rename that its parent is still
the process that started it, and never renames over a file modified after it started
(another render finished to the same path meanwhile).
"""

from __future__ import annotations

import gc
import os
import pickle
import sys
import time
from pathlib import Path

from ..errors import SpecError, display_path

_OK = b"ok:"  # then the pickled preflight findings (None: not asked for)
_ERROR = b"error:"
_SPEC_ERROR = b"spec-error:"  # then the pickled diagnostics (an output that cannot be written)
_INTERRUPTED = b"interrupted"


class DrawingProcess:
    def __init__(self, pid: int, jobs: int, answers: int) -> None:
        self.pid, self.jobs, self.answers = pid, jobs, answers

    @classmethod
    def start(cls) -> DrawingProcess | None:
        if not sys.platform.startswith("linux") or not hasattr(os, "fork"):
            return None
        job_r, job_w = os.pipe()
        ans_r, ans_w = os.pipe()
        parent, started = os.getpid(), time.time_ns()
        pid = os.fork()
        if pid == 0:  # the drawing process: whatever happens, it never returns into the CLI
            code = 1
            try:
                # one job, then gone: the collector would only walk the inherited heap
                # (a full pass in the preflight cost ~25 ms) and dirty its shared pages
                gc.freeze()
                gc.disable()
                _die_with(parent)
                os.close(job_w)
                os.close(ans_r)
                code = _serve(job_r, ans_w, parent, started)
            finally:
                os._exit(code)
        os.close(job_r)
        os.close(ans_w)
        return cls(pid, job_w, ans_r)

    def draw(self, target: Path, pages: list, proof: bool, marks: bool, pdfx: str = "1a",
             preflight: bool = False) -> list | None:
        """Have the child write ``target``; raises OSError or ValueError as it would.
        With ``preflight`` the child also preflights what it wrote, with the first page's
        print settings, and the findings are returned (Diagnostics naming ``target`` as
        the user wrote it); else None."""
        job = (str(target), display_path(Path(target)), pages, proof, marks, pdfx, preflight)
        with os.fdopen(self.jobs, "wb") as fh:
            fh.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
        with os.fdopen(self.answers, "rb") as fh:
            answer = fh.read()
        os.waitpid(self.pid, 0)
        if answer == _INTERRUPTED:
            raise KeyboardInterrupt
        if answer.startswith(_SPEC_ERROR):
            raise SpecError(pickle.loads(answer[len(_SPEC_ERROR):]))
        if not answer.startswith(_OK):
            message = answer[len(_ERROR):].decode("utf-8", "replace") if answer.startswith(_ERROR) else \
                "the drawing process stopped unexpectedly"
            raise OSError(message)
        return pickle.loads(answer[len(_OK):])

    def cancel(self) -> None:
        """No job after all (the page had errors): let the child go."""
        os.close(self.jobs)
        os.close(self.answers)
        os.waitpid(self.pid, 0)


_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _die_with(parent: int) -> None:
    """Have the kernel send SIGKILL to this process when its parent dies; if the parent
    is already gone (it died between fork and here), leave at once."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    except (OSError, AttributeError):
        pass  # no prctl: the parent check before the rename still holds
    if os.getppid() != parent:
        os._exit(1)


def _waiting(jobs: int) -> bool:
    """Whether the job (or the end of the pipe) has come: the speculative preparation
    stops there, so that it never delays the drawing by more than one face."""
    import select

    return bool(select.select([jobs], [], [], 0)[0])


def _serve(jobs: int, answers: int, parent: int, started: int) -> int:
    try:
        from reportlab.pdfbase import pdfmetrics

        from ..fonts import FontSet
        from ..output import write_atomic
        from ..preflight import check_written, load_checks
        from . import pdf
        from .faces import unpack

        fonts = FontSet.bundled()
        ready = []
        for role in fonts.roles:  # what a page most likely uses, ready before it arrives
            for face in fonts.chain(role)[:1]:
                if _waiting(jobs):
                    break  # the job is here: drawing registers the faces it uses
                if face.name not in ready:
                    pdf.register(face.name, str(face.path))  # ~1 ms: the tables stay packed
                    ready.append(face.name)
        if not _waiting(jobs):
            load_checks()  # pikepdf and the checks, imported while the parent still lays out
        for name in ready:  # then the tables of each face, body face first
            if _waiting(jobs):
                break
            unpack(pdfmetrics.getFont(name))
        with os.fdopen(jobs, "rb") as fh:
            job = fh.read()
        if not job:
            return 0  # cancelled
        target, shown, pages, proof, marks, pdfx, preflight = pickle.loads(job)
        data = pdf.render_pdf(pages, proof=proof, marks=marks, pdfx=pdfx)
        write_atomic(Path(target), data, not_newer_than=started, still_wanted=lambda: os.getppid() == parent)
        found = None
        if preflight:
            found = check_written(data, pages[0].print, proof=proof, pdfx=pdfx, name=shown)
        answer = _OK + pickle.dumps(found, protocol=pickle.HIGHEST_PROTOCOL)
    except KeyboardInterrupt:
        answer = _INTERRUPTED
    except SpecError as exc:
        answer = _SPEC_ERROR + pickle.dumps(exc.diagnostics)
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent as text
        answer = _ERROR + str(exc).encode("utf-8", "replace")
    try:
        with os.fdopen(answers, "wb") as fh:
            fh.write(answer)
    except OSError:
        pass  # the parent has gone (interrupted): nothing to tell
    return 0 if answer.startswith(_OK) else 1
