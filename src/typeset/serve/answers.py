"""Answers kept: what a ``paiban render`` / ``check`` of the thin client was answered (exit
status, stdout, stderr, the PDF's bytes), given again to the same command while none of
the files its pages were made from has changed.

An answer is kept by the command's arguments, working folder and whether its output is a
terminal, with the stamp of every input of every page it built
(:func:`typeset.pipeline.stamp`: size, times, inode and, for small files, a hash of the
bytes), so it is right even before the watcher has seen a save: any changed input, a
changed font set, or an output path that is no longer safe to write (it became an input,
a folder, a device) and the command runs again. Answers with input errors (exit 2) are
never kept: what they read is not known.
"""

from __future__ import annotations

import threading
from pathlib import Path

MAX_ANSWERS = 32


class Answers:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self._kept: dict[tuple, tuple] = {}  # key -> (stamp, output or None, inputs, header, blobs)

    @staticmethod
    def key(argv: list[str], cwd: str, tty: tuple) -> tuple:
        return (tuple(argv), cwd, tuple(tty))

    def get(self, key: tuple):
        """The kept (header, blobs) for ``key`` if its inputs are as they were, else None.
        Run in the command's working folder (the output path is checked from there)."""
        from ..output import OutputError, check_target
        from ..pipeline import stamp

        with self.lock:
            kept = self._kept.get(key)
        if kept is None:
            return None
        stamps, output, inputs, header, blobs = kept
        if stamp(stamps) != stamps:
            with self.lock:
                self._kept.pop(key, None)
            return None
        if output is not None:
            try:
                check_target(Path(output), inputs)
            except OutputError:
                return None
        return header, blobs

    def keep(self, key: tuple, made: list, output: str | None, header: dict, blobs: list[bytes]) -> bool:
        """Keep an answer made from the pages ``made`` ((Built, stamp) pairs from
        :func:`typeset.pipeline.recorded`); False when it cannot be kept."""
        if header.get("code") not in (0, 1) or not made or any(s is None for _, s in made):
            return False
        stamps: dict = {}
        inputs: dict = {}
        for built, s in made:
            if any(stamps.get(f, st) != st for f, st in s.items()):
                return False  # a file changed between two of its pages
            stamps.update(s)
            inputs.update(built.inputs)
        with self.lock:
            if len(self._kept) >= MAX_ANSWERS:
                self._kept.pop(next(iter(self._kept)))
            self._kept[key] = (stamps, output, inputs, header, blobs)
        return True

    def clear(self) -> None:
        with self.lock:
            self._kept.clear()
