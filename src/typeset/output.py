"""Writing output files without ever losing or damaging work: the one place that does.

Every PDF and PNG typeset writes goes through :func:`write_atomic`:

- the target must be a regular file or a new path (never a device such as /dev/null, a
  FIFO, a folder, or /dev/stdout; standard output is ``-o -``), and never one of the
  page's own inputs (page file, layouts, copy, pictures, fonts); a symlink is followed,
  so the file it points to is replaced and the link kept;
- the data goes to a unique temporary file beside the target, is flushed to disk, and
  is renamed over the target only at the end: an interrupted or failed write leaves the
  previous file as it was, and removes the temporary file;
- a writer may refuse to rename over a file newer than its own start (another render
  finished to the same path meanwhile) or when it is no longer wanted (its parent gone).

Problems are :class:`OutputError` (an input error, exit 2) naming the output path as
the user gave it, never the temporary file's name nor a raw ``[Errno …]``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path

from .errors import Diagnostic, SpecError, display_path

_REASONS = {
    errno.EACCES: ("permission denied", "choose a folder you may write to"),
    errno.EPERM: ("permission denied", "choose a folder you may write to"),
    errno.EROFS: ("the file system is read-only", "choose a folder on a writable disk"),
    errno.ENOSPC: ("the disk is full", "free some space, or write to another disk"),
    errno.EDQUOT: ("the disk quota is exceeded", "free some space, or write to another disk"),
    errno.ENOTDIR: ("a part of the path is a file, not a folder", "check the output path"),
    errno.EISDIR: ("it is a folder", "give a file name"),
    errno.ENAMETOOLONG: ("the name is too long", "choose a shorter name"),
}


class OutputError(SpecError):
    """An output file cannot be written safely; nothing was written."""

    def __init__(self, target: Path | str, reason: str, hint: str | None = None):
        self.target = str(target)
        shown = display_path(Path(target)) if str(target) else "''"
        super().__init__([Diagnostic("error", f"cannot write {shown}: {reason}", None, hint, code="output")])


def describe_oserror(exc: OSError) -> tuple[str, str | None]:
    """A reason and a hint for an OSError, in words (no Errno, no file names)."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return ((exc.strerror or type(exc).__name__).lower(), None)


def check_target(target: Path, inputs: Mapping[Path, str] | None = None) -> Path:
    """The real path ``target`` would be written to; raises :class:`OutputError` when
    writing it could destroy something: a special file, a folder, or an input."""
    target = Path(target)
    if not target.name or str(target).endswith(("/", "\\")):
        raise OutputError(target, "it names a folder, not a file", "give a file name such as out/page.pdf")
    try:
        real = target.resolve()
    except (OSError, RuntimeError):  # a symlink loop
        raise OutputError(target, "it is a symlink loop", "remove the link or choose another name") from None
    if any(str(p).startswith(("/dev/", "/proc/")) for p in (target.absolute(), real)):
        raise OutputError(target, "it is a device or a process's stream, not a file",
                          "give a file name; `-o -` writes to standard output")
    try:
        st = os.stat(real)
    except (FileNotFoundError, NotADirectoryError):  # a new file, or a parent that is a file (below)
        st = None
    except OSError as exc:
        raise OutputError(target, *describe_oserror(exc)) from None
    if st is not None:
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(target, "it is a folder", "give a file name inside it, e.g. "
                              f"{display_path(target / 'page.pdf')}")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(target, "it is not a regular file (a device, FIFO or socket)",
                              "give a file name; `-o -` writes to standard output")
    for path, what in (inputs or {}).items():
        if _same(real, Path(path)):
            raise OutputError(target, f"it is the page's {what}, which would be overwritten",
                              "choose another output name, e.g. out/page.pdf")
    folder = real.parent
    for parent in (folder, *folder.parents):
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(target, f"{display_path(parent)} is a file, not a folder", "check the output path")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(target, f"the folder {display_path(parent)} is not writable",
                                  "choose a folder you may write to")
            break
    return real


def _same(a: Path, b: Path) -> bool:
    try:
        return a == b.resolve() or (a.exists() and os.path.samefile(a, b))
    except OSError:
        return False


def write_atomic(target: Path, data: bytes, *, inputs: Mapping[Path, str] | None = None,
                 not_newer_than: int | None = None, still_wanted: Callable[[], bool] | None = None) -> Path:
    """Write ``data`` to ``target`` through a temporary file in the same folder; returns
    the real path written. ``not_newer_than`` (ns since the epoch): do not replace a file
    modified after that; ``still_wanted``: asked right before the rename."""
    import tempfile  # here: it imports shutil and random (~3 ms); the drawing helper writes

    real = check_target(Path(target), inputs)
    try:
        real.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=real.parent, prefix=f".{real.name}.", suffix=".tmp")
    except OSError as exc:
        raise OutputError(target, *describe_oserror(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file is shared
        if not_newer_than is not None:
            try:
                if os.stat(real).st_mtime_ns > not_newer_than:
                    raise OutputError(target, "another run wrote it after this one started; it is left as it is",
                                      "run one render at a time for each output file")
            except FileNotFoundError:
                pass
        if still_wanted is not None and not still_wanted():
            raise OutputError(target, "the run that asked for it has stopped")
        os.replace(tmp, real)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(target, *describe_oserror(exc)) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return real


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def page_pdf_name(spec: Path) -> str:
    """The file name a page gets in an output folder: ``x/page.yaml`` → ``x.pdf``,
    ``x/front.yaml`` → ``front.pdf`` (the folder's real name, also for ``page.yaml``
    given from inside its folder)."""
    spec = Path(spec)
    if spec.stem != "page":
        return spec.stem + ".pdf"
    return (spec.resolve().parent.name or "page") + ".pdf"


def targets_in(folder: Path, specs: list[Path]) -> dict[Path, Path]:
    """Each page's PDF in ``folder``; raises :class:`OutputError` naming both pages when
    two different pages would be written to the same file (before any work is done)."""
    targets: dict[Path, Path] = {}
    owner: dict[Path, Path] = {}
    for spec in specs:
        target = Path(folder) / page_pdf_name(spec)
        first = owner.setdefault(target, spec)
        if first != spec and not _same(Path(first).resolve(), Path(spec)):
            raise OutputError(target, f"pages {display_path(Path(first))} and {display_path(Path(spec))} "
                              "would both be written to it",
                              "render them into separate folders, or rename one of the page files")
        targets[spec] = target
    return targets
