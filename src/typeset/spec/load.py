"""Read, merge, validate and resolve a page file (the steps of :mod:`typeset.spec`),
and turn pydantic's errors into diagnostics with file:line:column and suggestions.

Validation tries the fast check of the models first (:mod:`typeset.spec.typed`); only
data it rejects goes to pydantic (:mod:`typeset.spec.strict`), which converts it or
gives the errors explained here."""

from __future__ import annotations

import math
import types
import typing
from pathlib import Path

from ..data import data_dir
from ..errors import Diagnostic, SpecError, Span, error, quote
from ..fonts import FontSet
from .loader import Located, links, load_yaml
from .model import BLOCK_KINDS, Layout, PageSpec
from .typed import Rejected
from .validate import ResolvedPage, resolve

MAX_EXTENDS_DEPTH = 8


def bundled_layouts_dir() -> Path:
    return data_dir("layouts")


def load_spec(path: Path, fonts: FontSet | None = None, root: Path | None = None,
              font_dirs: tuple[Path, ...] = ()) -> ResolvedPage:
    """Read, merge, validate and resolve the page at ``path``.

    ``root`` is the folder the page's files must stay inside (default: the page's folder);
    layouts may also come from the bundled ones and ``layouts/`` beside the page's folder,
    fonts from the bundled ones and ``font_dirs``. Raises :class:`SpecError` with every
    problem found."""
    path = Path(path)
    merged, spec = read_page(path, root)
    return resolve_page(merged, spec, path, fonts, root, font_dirs)


def read_page(path: Path, root: Path | None = None) -> tuple[Located, PageSpec]:
    """The page file merged with the layouts it extends (``Located.files`` lists them,
    ``Located.absent`` where layouts were looked for and not found), checked as a page:
    what :func:`load_spec` reads from YAML, and all of it (a resident process keeps it
    while those files stay as they were)."""
    root = root or path.parent
    located = load_yaml(path)
    merged = _extend(located, path, (), (root, path.absolute().parent.parent / "layouts", bundled_layouts_dir()))
    return merged, parse_page(merged)


def resolve_page(merged: Located, spec: PageSpec, path: Path, fonts: FontSet | None = None,
                 root: Path | None = None, font_dirs: tuple[Path, ...] = ()) -> ResolvedPage:
    """The rest of :func:`load_spec`: units, fonts, styles, copy and pictures read and checked."""
    return resolve(spec, merged, path, fonts or FontSet.bundled(), root or path.parent, tuple(font_dirs))


def parse_page(located: Located) -> PageSpec:
    if located.data == {} and len(located.spans) <= 1:
        raise error("the page file is empty", located.span(()),
                    "start from an example: extends: broadsheet, meta, blocks (docs/format.md)")
    if not isinstance(located.data, dict):
        raise error("a page file must be a mapping of keys (extends, meta, blocks …)", located.span(()))
    return _validated(PageSpec, located)


def _validated(model: type, located: Located, data=None):
    """``data`` (default ``located.data``) as ``model`` (a light model of :mod:`.model`):
    the fast check, else pydantic's conversion, else every problem as a :class:`SpecError`
    placed in ``located``."""
    data = located.data if data is None else data
    try:
        return model.model_validate(data)
    except Rejected:
        pass
    from pydantic import ValidationError

    from . import strict

    try:
        return strict.to_light(strict.twin(model).model_validate(data))
    except ValidationError as exc:
        raise SpecError(_diagnostics(exc, located, strict.twin(model))) from None


def _extend(located: Located, path: Path, chain: tuple[Path, ...], allowed: tuple[Path, ...]) -> Located:
    data = located.data if isinstance(located.data, dict) else {}
    name = data.get("extends")
    if name is None:
        return located
    if len(chain) >= MAX_EXTENDS_DEPTH:
        raise error(f"`extends` is nested more than {MAX_EXTENDS_DEPTH} deep", located.span(("extends",)))
    if not isinstance(name, str):
        raise error("`extends` takes a layout name such as broadsheet", located.span(("extends",)))
    parent_path, missed = _find_layout(name, path.absolute().parent, located.span(("extends",)))
    if not any(parent_path.resolve().is_relative_to(folder.resolve()) for folder in allowed):
        raise error(f"layout {quote(name, 240)} is outside the page's project folder",
                    located.span(("extends",)), "keep layouts in the page's folder or its layouts/ folder, "
                    "or pass --root DIR to allow a wider one")
    if parent_path.resolve() in chain or parent_path.resolve() == path.resolve():
        raise error(f"`extends: {name}` makes a loop ({' → '.join(p.name for p in (*chain, path, parent_path))})",
                    located.span(("extends",)), "a layout may not extend itself")
    parent = _extend(load_yaml(parent_path, located.span(("extends",))), parent_path, (*chain, path.resolve()), allowed)
    if isinstance(parent.data, dict):
        _validated(Layout, parent, {k: v for k, v in parent.data.items() if k != "extends"} | {"extends": None})
    merged_data = _merge(parent.data if isinstance(parent.data, dict) else {}, data)
    merged_data.pop("extends", None)
    spans = dict(parent.spans)
    spans.update(located.spans)
    near = path.absolute().parent if name.endswith((".yaml", ".yml")) else parent_path.parent.parent
    return Located(merged_data, spans, located.file, (*located.files, *parent.files),
                   (*located.absent, *missed, *parent.absent),
                   (*located.links, *links(parent_path, near), *parent.links))


def _find_layout(name: str, base: Path, span: Span) -> tuple[Path, tuple[Path, ...]]:
    """The layout ``name`` and the places looked at before it (a file made there later
    takes over: the resident server stamps them)."""
    candidates = []
    if name.endswith((".yaml", ".yml")):
        candidates.append(base / name)
    else:
        candidates += [base / "layouts" / f"{name}.yaml", base.parent / "layouts" / f"{name}.yaml",
                       bundled_layouts_dir() / f"{name}.yaml"]
    for i, cand in enumerate(candidates):
        if cand.is_file():
            return cand, tuple(c.absolute() for c in candidates[:i])
    import difflib

    known = sorted(p.stem for p in bundled_layouts_dir().glob("*.yaml"))
    close = difflib.get_close_matches(name, known, n=1)
    hint = f"did you mean {close[0]!r}?" if close else f"bundled layouts: {', '.join(known)}"
    raise error(f"layout {name!r} not found", span, hint)


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _diagnostics(exc, located: Located, root: type) -> list[Diagnostic]:
    """pydantic's ValidationError ``exc`` as diagnostics; ``root`` is the pydantic model
    (:mod:`.strict`) that was validated."""
    import difflib

    diags = []
    for err in exc.errors():
        loc = _data_path(err["loc"], located.data)
        span = located.span(loc)
        kind = err["type"]
        field = _describe(loc, located.data) or "page"
        hint = None
        if kind == "extra_forbidden":
            key = str(err["loc"][-1])
            message = f"unknown key {key!r} in {_describe(loc[:-1], located.data) or 'the page'}"
            hint = _key_hint(err["loc"][:-1], key, root)
            if "：" in key:
                hint = "a full-width colon '：' was typed for ':' (switch the input method to half-width)"
        elif kind == "missing":
            within = _describe(loc[:-1], located.data) if loc and loc[-1] == err["loc"][-1] else ""
            message = f"missing key {err['loc'][-1]!r} in {within or 'the page'}"
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            message = f"{field}: block kind must be one of {', '.join(BLOCK_KINDS)}"
            given = err.get("input", {}).get("kind") if isinstance(err.get("input"), dict) else None
            close = difflib.get_close_matches(str(given), BLOCK_KINDS, n=1) if given else []
            hint = f"did you mean {close[0]!r}?" if close else None
            span = located.span((*loc, "kind"))
        elif isinstance(err.get("input"), float) and not math.isfinite(err["input"]):
            message = f"{field} is {quote(err['input'])}, not a number"
            hint = "give a finite number"
        else:
            message = f"{field}: {err['msg'].lower()} (got {quote(err.get('input'))})"
        diags.append(Diagnostic("error", message, span, hint))
    diags.sort(key=lambda d: (d.span.file, d.span.line, d.span.col) if d.span else ("", 0, 0))
    return diags


def _describe(path: tuple, data) -> str:
    """A data path as staff read it: ``block 'lead' area.rows`` for ``blocks.3.area.rows``."""
    if len(path) >= 2 and path[0] == "blocks" and isinstance(path[1], int):
        blocks = data.get("blocks") if isinstance(data, dict) else None
        block = blocks[path[1]] if isinstance(blocks, list) and path[1] < len(blocks) else None
        name = f"block {block['id']!r}" if isinstance(block, dict) and isinstance(block.get("id"), str) \
            else f"block {path[1] + 1}"
        rest = ".".join(str(p) for p in path[2:])
        return f"{name} {rest}" if rest else name
    return ".".join(str(p) for p in path)


def _data_path(loc: tuple, data) -> tuple:
    """pydantic's loc with union tags (``'article'``) dropped, so it names YAML keys."""
    out: list = []
    node = data
    for part in loc:
        if isinstance(node, dict) and part in node:
            out.append(part)
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            out.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str) and part not in BLOCK_KINDS:
            out.append(part)  # a missing or unknown key: name it, it has no node
            node = None
    return tuple(out)


def _key_hint(loc: tuple, key: str, root: type) -> str | None:
    """A suggestion from the keys valid where ``key`` was written (the model at ``loc``),
    or, for a key of another block kind, which kind takes it."""
    import difflib

    model = _model_at(root, loc)
    if model is None:
        return None
    valid = sorted(model.model_fields)
    close = difflib.get_close_matches(key, valid, n=1, cutoff=0.6)
    kinds = [name for name, m in _block_models().items() if key in m.model_fields]
    if model in _block_models().values() and kinds and key not in valid:
        kind = typing.get_args(model.model_fields["kind"].annotation)[0]
        return f"{key!r} is a key of {' and '.join(kinds)} blocks; this block is a {kind} block"
    return f"did you mean {close[0]!r}?" if close else f"valid here: {', '.join(valid)}"


def _model_at(root: type, loc: tuple) -> type | None:
    """The model that pydantic's ``loc`` (``('blocks', 0, 'article', 'headline')``) points into."""
    from pydantic import BaseModel

    node = root
    for part in loc:
        node = _unwrap(node)
        if isinstance(node, dict):  # a discriminated union of blocks, keyed by kind
            node = node.get(part)
        elif isinstance(part, int) or typing.get_origin(node) is dict:
            node = typing.get_args(node)[-1]
        elif isinstance(node, type) and issubclass(node, BaseModel) and part in node.model_fields:
            node = node.model_fields[part].annotation
        else:
            return None
    node = _unwrap(node)
    return node if isinstance(node, type) and issubclass(node, BaseModel) else None


def _unwrap(annotation):
    """Optional[X] → X, the Block union → {kind: model}; anything else as it is."""
    from pydantic import BaseModel

    from .strict import Block

    if annotation is Block:
        return _block_models()
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(annotation) if a is not type(None)]
        models = [a for a in options if isinstance(a, type) and issubclass(a, BaseModel)]
        return models[0] if len(models) == 1 else annotation
    return annotation


def _block_models() -> dict[str, type]:
    from .strict import Block

    kinds = typing.get_args(typing.get_args(Block)[0])
    return {typing.get_args(k.model_fields["kind"].annotation)[0]: k for k in kinds}
