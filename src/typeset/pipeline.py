"""The pipeline, one page at a time: spec → layout (→ render by the caller).

``build`` reads as its steps: load and validate the page file (``spec``) → lay the page
out into a display list and its findings (``layout``). The CLI, batch, watch and the
proof server all call it; none of them imports another to get at it.
"""

from __future__ import annotations

import contextlib
import logging
import os
import stat
import time
from dataclasses import dataclass, field
from pathlib import Path

from .errors import display_path
from .hashes import blake2b

log = logging.getLogger("typeset")

EXIT_OK, EXIT_LAYOUT, EXIT_INPUT, EXIT_BUG = 0, 1, 2, 3


@dataclass
class Built:
    spec: Path
    page: object          # layout.display.Page
    inputs: dict = field(default_factory=dict)  # file the page was made from -> what it is (never an output)
    resolved: object = field(default=None, repr=False)  # spec.ResolvedPage, when asked for (proof diff)
    sources: dict = field(default_factory=dict)  # block id -> (Span where defined, its copy file or None)
    absent: tuple = ()    # layouts looked for and not found: one made there would be read instead


@dataclass
class _Warm:
    """What a resident process keeps between builds (``paiban serve`` and ``watch``)."""

    fonts: object                          # FontSet
    memo: dict                             # composed paragraphs (layout.textset.Setter.memo)
    read: dict = field(default_factory=dict)   # (page, root) -> its YAML read and checked (_read_page)
    built: dict = field(default_factory=dict)  # build's arguments -> (stamp of its inputs, Built)
    made: list | None = None               # (Built, stamp or None) of each build meanwhile (recorded())


_warm: _Warm | None = None
MAX_BUILT = 64        # pages kept built
HASHED = 256 << 10    # files up to this size are stamped with a hash of their bytes too
ABSENT = "\0absent:"  # stamp(): a path that no file may appear at (never a real path: NUL)
SETTLED_NS = 2 * 10**9  # a file first read is trusted unchanged if untouched this long before


def keep_warm(fonts) -> dict:
    """Make every later :func:`build` in this process that is given these fonts, or none,
    use ``fonts``, reuse composed paragraphs and give back the page it built last while
    none of the files it read has changed (see :func:`stamp`); returns the paragraph
    memo, for clearing. ``keep_warm(None)`` ends it."""
    global _warm
    _warm = None if fonts is None else _Warm(fonts, {})
    return {} if _warm is None else _warm.memo


def stamp(files) -> dict:
    """What the file system says of each of ``files`` now: size, mtime, ctime, inode and
    device, and for a small file (copy, page files) a hash of its bytes, so a change
    within one tick of the file system's clock is seen too; None for a file that cannot
    be read. A symlink (the page named a file through it) is stamped as itself, with the
    real path it leads to in place of the hash: re-pointed, it is another file, however
    like the old one. A name marked ``ABSENT + path`` is a file that must stay absent (a
    layout looked for and not found): True once it exists."""
    out = {}
    for f in files:
        if str(f).startswith(ABSENT):
            out[str(f)] = os.path.lexists(str(f)[len(ABSENT):])
            continue
        try:
            st = os.lstat(f)  # the files read are real paths: only the links they were named through are links
            digest = None
            if stat.S_ISLNK(st.st_mode):
                digest = os.path.realpath(f, strict=True)
            elif st.st_size <= HASHED:
                with open(f, "rb") as fh:
                    digest = blake2b(fh.read(), digest_size=16).digest()
            out[str(f)] = (st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev, digest)
        except OSError:
            out[str(f)] = None
    return out


@contextlib.contextmanager
def recorded():
    """Yields a list of (Built, the stamp of its inputs) for every page :func:`build`
    returns meanwhile, the stamp None when an input changed while it was read (in a
    resident process; always empty in others): what a command read, to keep its answer."""
    warm = _warm
    if warm is None:
        yield []
        return
    before, warm.made = warm.made, []
    try:
        yield warm.made
    finally:
        warm.made = before


def build(spec: Path, fonts=None, root: Path | None = None, time_limit: float | None = None,
          keep_spec: bool = False, font_dirs: tuple[Path, ...] = (), incoming: dict | None = None) -> Built:
    """Steps: load and validate the spec → lay out the page (display list + report).
    ``keep_spec`` keeps the resolved page (copy, areas) and where each copy line was set
    (``Page.lines``) for a caller that compares pages (the proof diff); ``incoming`` gives
    continued blocks the rest of their story (转版, from ``batch``). In a resident process
    (:func:`keep_warm`) an unchanged page is not built again."""
    warm = _warm if _warm is not None and (fonts is None or fonts is _warm.fonts) else None
    if warm is None or incoming is not None:
        return _build(spec, fonts, root, time_limit, keep_spec, font_dirs, incoming, None)
    key = (Path(spec).absolute(), os.getcwd(), root and Path(root).absolute(), time_limit, keep_spec,
           tuple(Path(d).absolute() for d in font_dirs))
    kept = warm.built.get(key)  # (stamp of the inputs, the page built from them or None)
    t0 = time.time_ns()
    before = stamp(kept[0]) if kept is not None else {}  # the inputs as they are now
    if kept is not None and kept[1] is not None and kept[0] == before:
        built, steady = kept[1], True
    else:
        built = _build(spec, warm.fonts, root, time_limit, keep_spec, font_dirs, None, warm.memo)
        after = stamp([*built.inputs, *(ABSENT + str(p) for p in built.absent)])
        steady = all(not st if type(st) is bool else  # a layout that would take over appeared meanwhile
                     st is not None and (before.get(f) == st or max(st[1], st[2]) < t0 - SETTLED_NS)
                     for f, st in after.items())  # no input changed while it was read
        if len(warm.built) >= MAX_BUILT:
            warm.built.clear()
        warm.built[key] = (after, built if steady else None)  # not steady: built again next time
    if warm.made is not None:
        warm.made.append((built, warm.built[key][0] if steady else None))
    return built


def _build(spec, fonts, root, time_limit, keep_spec, font_dirs, incoming, memo) -> Built:
    from .layout import DEFAULT_TIME_LIMIT, layout_page
    from .spec import load_spec

    t0 = time.perf_counter()
    if memo is None:
        resolved = load_spec(spec, fonts=fonts, root=root, font_dirs=font_dirs)
    else:
        from .spec.load import resolve_page

        resolved = resolve_page(*_read_page(Path(spec), root), Path(spec), fonts, root, font_dirs)
    t1 = time.perf_counter()
    page = layout_page(resolved, time_limit or DEFAULT_TIME_LIMIT, record_lines=keep_spec, memo=memo,
                        incoming=incoming)
    t2 = time.perf_counter()
    log.info("%s: read and checked in %.0f ms; laid out %d blocks, %d items in %.0f ms", display_path(spec),
             (t1 - t0) * 1000, len(page.blocks), len(page.items), (t2 - t1) * 1000)
    return Built(spec, page, resolved.inputs or {}, resolved if keep_spec else None, _sources(resolved),
                 resolved.located.absent if resolved.located is not None else ())


def _read_page(spec: Path, root: Path | None):
    """In a resident process: the page file merged with its layouts and checked
    (:func:`typeset.spec.load.read_page`), read again only when one of those files, or
    a layout that would take over, has changed (an edit of the copy re-reads the copy
    alone). Kept only when the files stood still while they were read."""
    from .spec.load import read_page

    kept = _warm.read if _warm is not None else {}
    key = (spec.absolute(), os.getcwd(), root and Path(root).absolute())
    entry = kept.get(key)  # (the files read, their stamp then, merged, page spec; None while unsteady)
    before = stamp(entry[0] if entry else [spec.resolve()])
    if entry is not None and entry[2] is not None and before == entry[1]:
        return entry[2], entry[3]
    merged, page = read_page(spec, root)
    files = (*merged.files, *merged.links, *(ABSENT + str(p) for p in merged.absent))
    after = stamp(files)
    steady = all(f in before and before[f] == st for f, st in after.items())  # none changed while read
    if len(kept) >= MAX_BUILT:
        kept.clear()
    kept[key] = (files, after, merged if steady else None, page)
    return merged, page


def _sources(resolved) -> dict:
    base = resolved.source.parent
    return {b.id: (resolved.spans.get(b.id), str(base / b.body) if getattr(b, "body", None) else None)
            for b in resolved.spec.blocks}


def status(built: list[Built]) -> int:
    """Exit status of pages that were read: 0 when every page can be printed, else 1."""
    return EXIT_OK if all(b.page.ok for b in built) else EXIT_LAYOUT
