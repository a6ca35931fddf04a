"""The on-disk cache of derived data (font metrics, parsed fonts, image checks,
print-ready images): where it lives and how entries are keyed, read and written.

Entries are named by a hash of the source file's path, size and mtime plus a version
tag, so a changed file is read afresh. The cache is an optimisation only: an
unreadable or stale entry is rebuilt, a read-only cache directory makes typeset slower,
never wrong.
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import pickle
import tempfile
from pathlib import Path

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """$TYPESET_CACHE, else $XDG_CACHE_HOME/typeset, else ~/.cache/typeset."""
    if os.environ.get("TYPESET_CACHE"):
        return Path(os.environ["TYPESET_CACHE"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "typeset"


def entry_for(kind: str, path: Path, *extra: object, suffix: str = ".pickle") -> Path:
    """The cache file for data of ``kind`` derived from the file ``path`` (and ``extra``)."""
    stat = path.stat()
    tag = "|".join(str(p) for p in (path.resolve(), stat.st_size, stat.st_mtime_ns, *extra))
    return cache_dir() / kind / (hashlib.sha256(tag.encode()).hexdigest()[:32] + suffix)


def read_entry(entry: Path):
    """The object stored in ``entry``, or None when it is missing or unreadable."""
    try:
        data = entry.read_bytes()
    except OSError:
        return None
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: collection passes would only slow it
    try:
        return pickle.loads(data)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, TypeError, ImportError):
        return None
    finally:
        if enabled:
            gc.enable()


def write_entry(entry: Path, obj: object) -> None:
    write_atomic_quiet(entry, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def write_atomic_quiet(target: Path, data: bytes) -> None:
    """Write through a temporary file; a cache that cannot be written is only logged."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
    except OSError as exc:  # a read-only cache is not an error, only slower
        log.debug("cannot write cache %s: %s", target, exc)
