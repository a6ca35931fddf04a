"""The files a page names — copy, pictures, fonts: confined, checked, read within limits.

A file must lie (symlinks resolved) inside the page's project folder (the page's folder
or ``--root``), or for fonts also the bundled fonts and the folders named with
``--font-dir``; it must be a regular file (never opened otherwise, so a FIFO cannot
block) and under its size limit, which is checked before it is read. Each problem is a
diagnostic at the key that names the file; every file read, and every symlink it was
reached through, is recorded in the collector's ``inputs`` (no output may replace it).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import SpecError, display_path, quote
from ..fonts import FontError, FontSet, RoleSpec
from .copy import Para, parse_copy
from .images import ImageInfo, ImageProblem, inspect_image
from .loader import links, read_limited, read_text, regular_file
from .model import ArticleBlock, ImageBlock, MastheadBlock, PageSpec

MAX_ARTICLE_BYTES = 512 * 1024
TEXT_ENCODINGS = ("utf8", "utf8sig", "gb18030", "gbk", "gb2312", "big5", "big5hkscs", "utf16", "cp936", "hz")
MAX_FONT_BYTES = 256 << 20  # the largest CJK collections are ~120 MB; more is not a font to parse


def resolve_fonts(spec: PageSpec, c, fonts: FontSet, base: Path, allowed: tuple[Path, ...]) -> FontSet:
    overrides = {}
    for name, role in spec.fonts.items():
        if role.file is None and not role.fallback:
            c.error(("fonts", name), f"font role {name!r} names neither a file nor a fallback")
            continue
        path = None
        if role.file is not None:
            path = _inside(c, ("fonts", name, "file"), base / role.file, allowed, "font file",
                           "keep fonts in the page's folder, or name their folder with --font-dir DIR")
            if path is None:
                continue
            size = path.stat().st_size
            if size > MAX_FONT_BYTES:
                c.error(("fonts", name, "file"), f"font file {display_path(base / role.file)} is {size:,} bytes "
                        f"(the limit is {MAX_FONT_BYTES:,})", "give the font itself, not an archive of fonts")
                continue
            _record(c, base / role.file, path, base, "font")
        overrides[name] = RoleSpec(name, path, role.face, tuple(role.fallback))
    merged = fonts.with_overrides(overrides)
    for name, role in spec.fonts.items():
        for i, fb in enumerate(role.fallback):
            if fb not in merged.roles:
                c.error(("fonts", name, "fallback", i), f"unknown font role {fb!r}",
                        suggest(fb, merged.roles))
    for name, role in overrides.items():
        if role.file is None:
            continue
        try:
            merged.load(role)  # read it now: a file that is not a font is named here
        except FontError as exc:
            c.error(("fonts", name, "file"), str(exc), "give a TrueType or OpenType font (.ttf, .otf, .ttc)")
    return merged


def read_files(spec: PageSpec, c, base: Path, root: Path):
    copy: dict[str, list[Para]] = {}
    images: dict[str, ImageInfo | None] = {}
    for i, block in enumerate(spec.blocks):
        path = ("blocks", i)
        if isinstance(block, ArticleBlock):
            if block.body is not None:
                file = _inside(c, (*path, "body"), base / block.body, root, "article file")
                if file is not None:
                    _record(c, base / block.body, file, base, "article file")
                    text = _read_copy(c, (*path, "body"), file, block.encoding)
                    if text is not None:
                        copy[block.id] = parse_copy(text)
                        if not copy[block.id]:
                            c.error((*path, "body"), f"article file {display_path(file)} is empty",
                                    "write the copy, or remove the block")
            elif block.text is not None:
                copy[block.id] = parse_copy(block.text)
            if block.figure is not None:
                images[block.id] = _image(c, (*path, "figure", "file"), block.figure.file, base, root)
        elif isinstance(block, ImageBlock):
            images[block.id] = _image(c, (*path, "file"), block.file, base, root)
        elif isinstance(block, MastheadBlock) and block.title_image is not None:
            images[block.id] = _image(c, (*path, "title_image"), block.title_image, base, root)
    return copy, images


def _record(c, named: Path, resolved: Path, base: Path, what: str) -> None:
    """``resolved`` (the file ``named`` leads to) and each symlink on the way from the
    page's folder ``base`` are inputs of the page, each as what it leads to."""
    c.inputs[resolved] = what
    c.inputs.update(dict.fromkeys(links(named, base), what))


def _inside(c, path: tuple, file: Path, allowed, what: str = "file",
            hint: str = "keep the page's files in its folder, or pass --root DIR to allow a wider one") -> Path | None:
    """``file`` with symlinks resolved, if it lies in one of the ``allowed`` folders and is
    a regular file (never opened here: a FIFO cannot block); else an error at ``path``."""
    resolved = file.resolve()
    if not any(resolved.is_relative_to(folder.resolve()) for folder in ([allowed] if isinstance(allowed, Path) else allowed)):
        c.error(path, f"{display_path(file)} is outside the page's project folder", hint)
        return None
    if not resolved.exists():
        c.error(path, f"{what} not found: {display_path(file)}", "check the file name and folder")
        return None
    try:
        regular_file(resolved, what, c.located.span(path))
    except SpecError as exc:
        c.diagnostics.extend(d for d in exc.diagnostics if d not in c.diagnostics)
        return None
    return resolved


def _read_copy(c, path: tuple, file: Path, encoding: str) -> str | None:
    if encoding.lower().replace("-", "").replace("_", "") not in TEXT_ENCODINGS:
        c.error((*path[:-1], "encoding"), f"unknown encoding {quote(encoding)}", "use utf-8, gb18030 or gbk")
        return None
    if encoding.lower().replace("-", "") not in ("utf8", "utf8sig"):
        try:
            raw = read_limited(file, "article file", c.located.span(path), MAX_ARTICLE_BYTES)
        except SpecError as exc:
            c.diagnostics.extend(exc.diagnostics)
            return None
        try:
            return raw.decode(encoding)
        except LookupError:
            c.error(path, f"unknown encoding {encoding!r}", "use utf-8, gb18030 or gbk")
        except UnicodeDecodeError:
            c.error(path, f"{display_path(file)} is not valid {encoding} text")
        return None
    try:
        return read_text(file, "article file", c.located.span(path), MAX_ARTICLE_BYTES)
    except SpecError as exc:
        c.diagnostics.extend(exc.diagnostics)
        return None


def _image(c, path: tuple, name: str | None, base: Path, root: Path) -> ImageInfo | None:
    if name is None:
        return None
    file = _inside(c, path, base / name, root, "picture")
    if file is None:
        return None
    _record(c, base / name, file, base, "picture")
    try:
        return inspect_image(file)
    except ImageProblem as exc:
        c.error(path, f"{display_path(file)} {exc.args[0]}", exc.args[1])
    except OSError as exc:
        c.error(path, f"cannot read image {display_path(file)} ({exc.strerror})")
    return None


def suggest(name: str, known) -> str | None:
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1, cutoff=0.5)
    return f"did you mean {close[0]!r}?" if close else None
