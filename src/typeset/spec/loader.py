"""Read YAML safely and remember where every key and value came from.

``load_yaml`` composes the document with PyYAML's safe loader (no object
construction), turns the node tree into plain dicts/lists/scalars and keeps a map from
each path (``("blocks", 2, "area", "col")``) to its :class:`~typeset.errors.Span`.
Duplicate keys, aliases (the "billion laughs" bomb), oversized files and syntax errors
become :class:`~typeset.errors.SpecError` with file:line:column.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import yaml

from ..errors import Span, display_path, error, quote

MAX_SPEC_BYTES = 1 << 20  # 1 MiB of YAML is far more than any page needs
# libyaml's C parser when PyYAML has it (the wheels do), else PyYAML's own: both safe
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SCALARS = yaml.constructor.SafeConstructor()  # typed scalars only: no object construction

PathKey = tuple[str | int, ...]


class Located:
    """A YAML document as plain data plus a position for every path in it."""

    def __init__(self, data: Any, spans: dict[PathKey, Span], file: str, files: tuple[Path, ...] = (),
                 absent: tuple[Path, ...] = (), links: tuple[Path, ...] = ()):
        self.data = data
        self.spans = spans
        self.file = file
        self.files = files  # the YAML files read for it (the page, then its layouts)
        self.absent = absent  # layouts looked for and not there (one made there would be read instead)
        self.links = links  # symlinks it and its layouts were reached through (see :func:`links`)

    def span(self, path: PathKey) -> Span:
        """The position of ``path``, or of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.spans:
                return self.spans[path]
            path = path[:-1]
        return self.spans.get((), Span(self.file, 1, 1))


def links(path: Path, below: Path) -> tuple[Path, ...]:
    """The symlinks passed on the way from the folder ``below`` to ``path`` (its folders
    under ``below`` and the file itself), absolute and unresolved: re-pointing one makes
    ``path`` another file, which a resident process must see (``pipeline.stamp``)."""
    path, below = Path(path).absolute(), Path(below).absolute()
    try:
        parts = path.relative_to(below).parts
    except ValueError:
        return ()
    found, step = [], below
    for part in parts:
        step = step / part
        if step.is_symlink():
            found.append(step)
    return tuple(found)


def regular_file(path: Path, what: str, span: Span | None = None) -> os.stat_result:
    """``path``'s status if it is a regular file; else a clear error (missing, a folder,
    a FIFO or device). Never opens the file, so a FIFO cannot block."""
    shown = display_path(path)
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise error(f"{what} not found: {shown}", span, "check the file name and folder") from None
    except OSError as exc:
        raise error(f"cannot read {what} {shown} ({(exc.strerror or 'error').lower()})", span) from None
    if stat.S_ISDIR(st.st_mode):
        raise error(f"{what} {shown} is a folder, not a file", span, "name the file inside it")
    if not stat.S_ISREG(st.st_mode):
        raise error(f"{what} {shown} is not a regular file (a FIFO, socket or device)", span,
                    "give an ordinary file")
    return st


def read_limited(path: Path, what: str, span: Span | None = None, limit: int = MAX_SPEC_BYTES) -> bytes:
    """The bytes of the regular file ``path``, reading at most ``limit`` + 1 of them: a
    file over the limit (a sparse file, a link to /dev/zero) is refused without reading it all."""
    shown = display_path(path)
    st = regular_file(path, what, span)
    too_big = f"{what} {shown} is {{:,}} bytes (the limit is {limit:,})"
    if st.st_size > limit:
        raise error(too_big.format(st.st_size), span or Span(shown, 1, 1), "split it into several files")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(limit + 1)
    except OSError as exc:
        raise error(f"cannot read {what} {shown} ({(exc.strerror or 'error').lower()})", span) from None
    if len(raw) > limit:
        raise error(f"{what} {shown} is more than {limit:,} bytes (the limit)", span or Span(shown, 1, 1),
                    "split it into several files")
    return raw


def read_text(path: Path, what: str, span: Span | None = None, limit: int = MAX_SPEC_BYTES) -> str:
    """Read a UTF-8 text file, with clear messages for missing, huge or non-UTF-8 files."""
    shown = display_path(path)
    raw = read_limited(path, what, span, limit)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[:exc.start].count(b"\n") + 1
        hint = "save the file as UTF-8"
        try:
            raw.decode("gb18030")
            hint = ("the file looks like GBK/GB18030 (copy from an older desk system): "
                    "convert it to UTF-8, or give `encoding: gb18030` for an article file")
        except UnicodeDecodeError:
            pass
        raise error(f"{what} {shown} is not UTF-8 text (byte {exc.start} on line {line})",
                    Span(shown, line, 1), hint) from None


def load_yaml(path: Path, span: Span | None = None) -> Located:
    shown = display_path(path)
    text = read_text(path, "YAML file", span)
    located = parse_yaml(text, shown)
    located.files = (path.resolve(),)
    located.links = links(path, path.parent)  # the file itself, when it is a symlink
    return located


def parse_yaml(text: str, shown: str) -> Located:
    if "\t" in text:
        for n, line in enumerate(text.splitlines(), 1):
            stripped = line.lstrip(" ")
            if stripped.startswith("\t"):
                raise error("tab character used for indentation", Span(shown, n, len(line) - len(stripped) + 1),
                            "indent YAML with spaces only")
    try:
        check_no_aliases(text, shown)
        node = yaml.compose(text, Loader=SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if mark is not None:
            _full_width_colon(text, shown, mark.line)
        where = Span(shown, mark.line + 1, mark.column + 1) if mark else Span(shown)
        problem = exc.problem or exc.context or "invalid YAML"
        if exc.context and exc.context_mark:  # e.g. "while scanning a quoted scalar" at its start
            c = exc.context_mark
            problem += f" ({exc.context} that starts at line {c.line + 1}, column {c.column + 1})"
        raise error(f"YAML syntax error: {problem}", where) from None
    except yaml.YAMLError as exc:
        raise error(f"YAML syntax error: {exc}", Span(shown)) from None
    spans: dict[PathKey, Span] = {}
    if node is None:
        return Located({}, {(): Span(shown, 1, 1)}, shown)
    data = _convert(node, (), spans, shown)
    return Located(data, spans, shown)


def _full_width_colon(text: str, shown: str, line: int) -> None:
    """A syntax error at ``line`` (0-based) caused by a full-width colon ``：`` typed for
    ``:`` on it or a line above (a Chinese input method): blame that colon instead."""
    lines = text.splitlines()
    for n in range(min(line, len(lines) - 1), max(-1, line - 3), -1):
        col = lines[n].find("：")
        if col >= 0 and ":" not in lines[n][:col] and not lines[n].lstrip().startswith("#"):
            raise error("full-width colon '：' where YAML needs ':'", Span(shown, n + 1, col + 1),
                        "type the colon after a key as ':' (switch the input method to half-width)")


def _span(node: yaml.Node, file: str) -> Span:
    return Span(file, node.start_mark.line + 1, node.start_mark.column + 1)


PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq")}


def _convert(node: yaml.Node, path: PathKey, spans: dict[PathKey, Span], file: str) -> Any:
    spans[path] = _span(node, file)
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        raise error(f"YAML tag {tag!r} is not allowed in page files", _span(node, file),
                    "write plain values: text, numbers, lists and mappings")
    if isinstance(node, yaml.MappingNode):
        out: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise error("YAML merge keys (<<) are not supported", _span(key_node, file),
                            "write the keys out, or use `extends:`")
            if not isinstance(key_node, yaml.ScalarNode):
                raise error("a key must be a plain word", _span(key_node, file))
            key = str(key_node.value)
            if key in out:
                first = spans[(*path, key)]
                raise error(f"duplicate key {key!r} (first given at line {first.line})",
                            _span(key_node, file), "remove one of them")
            spans[(*path, key)] = _span(key_node, file)
            out[key] = _convert(value_node, (*path, key), spans, file)
            spans[(*path, key)] = _span(key_node, file)
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_convert(item, (*path, i), spans, file) for i, item in enumerate(node.value)]
    return _scalar(node, file)


def _scalar(node: yaml.ScalarNode, file: str) -> Any:
    if node.tag == "tag:yaml.org,2002:str" or node.style in ("'", '"', "|", ">"):
        return node.value
    try:
        return _SCALARS.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as exc:
        raise error(f"invalid value {quote(node.value)} ({exc})", _span(node, file)) from None
    finally:
        _SCALARS.constructed_objects.clear()  # it memoises by node: keep nothing alive


MAX_DEPTH = 64  # mappings and lists inside each other; a page needs about 6


def check_no_aliases(text: str, shown: str) -> None:
    """Aliases are refused outright: a page never needs them and they enable the
    exponential "billion laughs" expansion. Nesting is limited to :data:`MAX_DEPTH`
    (composing a 990-deep list would exhaust Python's stack)."""
    depth = 0
    for event in yaml.parse(text, Loader=SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent):
            mark = event.start_mark
            raise error("YAML aliases (*name) are not allowed in page files",
                        Span(shown, mark.line + 1, mark.column + 1), "write the value out")
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
            if depth > MAX_DEPTH:
                mark = event.start_mark
                raise error(f"lists and mappings are nested more than {MAX_DEPTH} deep",
                            Span(shown, mark.line + 1, mark.column + 1), "a page needs only a few levels")
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
