"""The on-disk cache of derived data (font metrics, parsed fonts, image checks,
print-ready images): where it lives and how entries are keyed, read and written.

Entries are named by a hash of the source file's path, size and mtime, the cache format
and every parameter that shapes the entry, so a changed file or setting is read afresh.
Each entry is framed: a magic tag, the length and the BLAKE2b digest of its payload; an entry
that is short, altered, of another format or that does not unpickle is treated as
missing and recomputed (a truncated cached JPEG is never embedded).

The cache is an optimisation only, never a reason to fail: no home folder, a read-only
or full disk, a file where the folder should be — typeset then works without it. Every
write goes to a unique temporary name that is removed when the write fails.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
from pathlib import Path

from .hashes import blake2b, sha256

log = logging.getLogger(__name__)

FORMAT = b"typeset-cache-3\n"  # bump when the framing or what an entry holds changes
_HEADER = len(FORMAT) + 8 + 32  # magic, payload length, BLAKE2b-256 of the payload


def cache_dir() -> Path | None:
    """$TYPESET_CACHE, else $XDG_CACHE_HOME/typeset, else ~/.cache/typeset; None when
    there is no home folder to put it in (then nothing is cached)."""
    if os.environ.get("TYPESET_CACHE"):
        return Path(os.environ["TYPESET_CACHE"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "typeset"
    try:
        return Path.home() / ".cache" / "typeset"
    except (RuntimeError, KeyError, OSError):  # no HOME and no passwd entry for this uid
        return None


def entry_for(kind: str, path: Path, *extra: object, suffix: str = ".pickle") -> Path | None:
    """The cache file for data of ``kind`` derived from the file ``path`` and the
    parameters ``extra``; None when there is no cache."""
    folder = cache_dir()
    if folder is None:
        return None
    try:
        stat = path.stat()
    except OSError:
        return None
    tag = "|".join(str(p) for p in (FORMAT, path.resolve(), stat.st_size, stat.st_mtime_ns, *extra))
    return folder / kind / (sha256(tag.encode()).hexdigest()[:32] + suffix)


def _digest(payload: bytes) -> bytes:
    return blake2b(payload, digest_size=32).digest()  # ~1 GB/s without OpenSSL (builtin SHA-256: ~0.3)


def read_blob(entry: Path | None) -> bytes | None:
    """The payload stored in ``entry`` if it is complete and unaltered, else None."""
    if entry is None:
        return None
    try:
        with open(entry, "rb") as fh:
            data = fh.read()
    except OSError:
        return None
    if len(data) < _HEADER or not data.startswith(FORMAT):
        return None
    length = int.from_bytes(data[len(FORMAT):len(FORMAT) + 8], "big")
    payload = data[_HEADER:]
    if len(payload) != length or _digest(payload) != data[len(FORMAT) + 8:_HEADER]:
        log.debug("cache entry %s is damaged: recomputing", entry)
        return None
    return payload


def write_blob(entry: Path | None, payload: bytes) -> bool:
    """Store ``payload`` in ``entry`` (framed); False when the cache cannot take it."""
    if entry is None:
        return False
    header = FORMAT + len(payload).to_bytes(8, "big") + _digest(payload)
    return write_atomic_quiet(entry, header + payload)


def read_entry(entry: Path | None):
    """The object stored in ``entry``, or None when it is missing, damaged or unreadable."""
    payload = read_blob(entry)
    if payload is None:
        return None
    enabled = gc.isenabled()
    gc.disable()  # tens of thousands of small objects: collection passes would only slow it
    try:
        return pickle.loads(payload)
    except Exception:  # noqa: BLE001 - another protocol, a class that moved: any doubt, recompute
        return None
    finally:
        if enabled:
            gc.enable()


def write_entry(entry: Path | None, obj: object) -> None:
    write_blob(entry, pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL))


def write_atomic_quiet(target: Path, data: bytes) -> bool:
    """Write through a unique temporary file, removed on failure; a cache that cannot be
    written is only logged. True when ``target`` now holds ``data``."""
    import tempfile  # only when writing (its imports, shutil and random, are ~3 ms)

    tmp = None
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, target)
        return True
    except OSError as exc:  # read-only, full, or not a folder: slower, never wrong
        log.debug("cannot write cache %s: %s", target, exc)
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
