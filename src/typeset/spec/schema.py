"""JSON Schema (draft 2020-12) of the files people write: page files and layout files.

Written from the pydantic models that check those files (:mod:`typeset.spec.strict`, made
from :mod:`typeset.spec.model`),
so it cannot fall behind them, but walked by hand rather than taken from pydantic's own
export, which describes the *resolved* page (``page`` and ``grid`` required) and uses
keywords outside 2020-12 (``discriminator``). Here:

- a file with ``extends`` may leave out anything a layout gives (``page``, ``grid`` and
  every key inside them); one without must give both in full;
- block kinds are told apart by ``kind`` (``if: {kind: {const: …}} then: {$ref}``), so
  a typo inside a block is reported at that block, not as "no branch matched";
- style names, font roles, 号 names and layout names are offered as ``examples``
  (open sets: a page may add its own), fixed choices as ``enum``;
- dates are strings: a YAML 1.2 reader (yaml-language-server) reads ``2023-01-13`` as a
  string, a YAML 1.1 reader as a date, and typeset takes either.

    paiban schema > paiban.schema.json             page files
    paiban schema --layout > layout.schema.json    layout files (layouts/*.yaml)
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from functools import cache
from typing import Literal

import annotated_types as at
from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from ..data import data_dir
from ..units import HAO_SIZES
from .strict import Block, Layout, PageSpec

DIALECT = "https://json-schema.org/draft/2020-12/schema"
LENGTH_EXAMPLES = ["小五", "9pt", "4mm", "1.5cm", "2字", "3行"]
STYLE_FIELDS = {"style", "parent", "title_style", "kicker_style", "subtitle_style", "caption_style"}
ROLE_FIELDS = {"font", "fallback"}
PROVIDED_BY_LAYOUT = ("page", "grid")  # required without `extends`, optional with it


def page_schema() -> dict:
    """The schema of a page file (``page.yaml``)."""
    return _document(PageSpec, "paiban page file", "A newspaper page: a layout (`extends`) plus meta and blocks.")


def layout_schema() -> dict:
    """The schema of a layout file (``layouts/*.yaml``)."""
    return _document(Layout, "paiban layout file", "A page template: page size, grid, fonts and styles.")


# -- bundled values offered for completion ------------------------------------------------

@cache
def bundled_layouts() -> dict[str, dict]:
    """Each bundled layout as its file gives it, merged over the layout it extends."""
    from .load import _merge, bundled_layouts_dir
    from .loader import load_yaml

    raw = {p.stem: load_yaml(p).data for p in sorted(bundled_layouts_dir().glob("*.yaml"))}

    def merged(name: str, depth: int = 0) -> dict:
        data = raw.get(name) if isinstance(raw.get(name), dict) else {}
        parent = data.get("extends")
        if isinstance(parent, str) and parent in raw and depth < 8:
            return _merge(merged(parent, depth + 1), data)
        return data

    return {name: merged(name) for name in raw}


def bundled_styles() -> list[str]:
    return sorted({s for layout in bundled_layouts().values() for s in layout.get("styles") or {}})


@cache
def bundled_roles() -> list[str]:
    from .loader import load_yaml

    data = load_yaml(data_dir("fonts") / "fonts.yaml").data
    return sorted(data.get("roles") or {}) if isinstance(data, dict) else []


# -- the walk ----------------------------------------------------------------------------------

def _document(model: type[BaseModel], title: str, description: str) -> dict:
    defs: dict[str, dict] = {}
    top = _object(model, defs)
    # with `extends`, page and grid (and every key in them) may come from the layout
    full = {}
    for name in PROVIDED_BY_LAYOUT:  # (each key required also named in `properties`, as ajv's strict mode asks)
        keys = _required(_field_model(model, name))
        full[name] = {"type": "object", "properties": dict.fromkeys(keys, {}), "required": keys}
    top["if"] = {"type": "object", "properties": {"extends": {"type": "string"}}, "required": ["extends"]}
    top["else"] = {"type": "object", "properties": full, "required": list(PROVIDED_BY_LAYOUT)}
    return {"$schema": DIALECT, "title": title, "description": description, **top, "$defs": defs}


def _object(model: type[BaseModel], defs: dict, partial: bool = False) -> dict:
    """An object schema of ``model``; ``partial``: nothing required (a layout may give it)."""
    props = {name: _field(model, name, field, defs) for name, field in model.model_fields.items()}
    schema: dict = {"type": "object"}
    if model.__doc__ and model.__module__.endswith("strict") and model not in (PageSpec, Layout):
        schema["description"] = " ".join(model.__doc__.split())
    schema["properties"] = props
    schema["additionalProperties"] = False
    required = [] if partial or model in (PageSpec, Layout) else _required(model)
    if required:
        schema["required"] = required
    return schema


def _required(model: type[BaseModel]) -> list[str]:
    return [name for name, field in model.model_fields.items() if field.is_required()]


def _field_model(model: type[BaseModel], name: str) -> type[BaseModel]:
    return model.model_fields[name].annotation


def _field(model: type[BaseModel], name: str, field, defs: dict) -> dict:
    if model in (PageSpec, Layout) and name in PROVIDED_BY_LAYOUT:
        schema = {"$ref": _define(field.annotation, defs, partial=True)}
    elif name == "styles":
        schema = _named(bundled_styles(), typing.get_args(field.annotation)[1], defs)
    elif name == "fonts" and model in (PageSpec, Layout):
        schema = _named(bundled_roles(), typing.get_args(field.annotation)[1], defs)
    elif name == "sizes":
        schema = {"type": "object", "propertyNames": {"examples": list(HAO_SIZES)},
                  "additionalProperties": {"type": "number", "exclusiveMinimum": 0}}
    else:
        schema = _type(field.annotation, defs)
    schema = {**_constraints(field), **schema}
    if name in STYLE_FIELDS:
        _offer(schema, bundled_styles())
    elif name in ROLE_FIELDS:
        _offer(schema, bundled_roles())
    elif name == "extends":
        _offer(schema, sorted(bundled_layouts()))
    if field.description:
        schema["description"] = field.description
    default = _default(field)
    if default is not PydanticUndefined:
        schema["default"] = default
    return schema


def _named(names: list[str], value, defs: dict) -> dict:
    """A mapping of names to ``value`` objects, the known names listed for completion."""
    ref = {"$ref": _define(value, defs)}
    return {"type": "object", "properties": {n: dict(ref) for n in names}, "additionalProperties": ref}


def _offer(schema: dict, values: list[str]) -> None:
    """Known values for a string (or for the strings of a list)."""
    target = schema["items"] if schema.get("type") == "array" else schema
    target["examples"] = values


def _define(model: type[BaseModel], defs: dict, partial: bool = False) -> str:
    name = model.__name__.lower() + ("-from-layout" if partial else "")
    if name not in defs:
        defs[name] = {}  # reserve first: models may refer to each other
        defs[name] = _object(model, defs, partial)
    return f"#/$defs/{name}"


SIMPLE = {str: "string", int: "integer", float: "number", bool: "boolean", type(None): "null", dt.date: "string"}


def _type(annotation, defs: dict) -> dict:
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if annotation is Block:
        return {"$ref": _blocks(defs)}
    if annotation in SIMPLE:
        return {"type": SIMPLE[annotation]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin in (typing.Union, types.UnionType):
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1 and set(args) == {models[0], type(None)}:
            # inline, not anyOf [$ref, null]: a typo inside is then reported at its key
            return {**_object(models[0], defs), "type": ["object", "null"]}
        return _union([_type(a, defs) for a in args], set(args))
    if origin is list:
        return {"type": "array", "items": _type(args[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type(args[1], defs)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"$ref": _define(annotation, defs)}
    raise TypeError(f"no JSON Schema for {annotation!r}")  # a new annotation in model.py: teach it here


def _union(options: list[dict], args: set) -> dict:
    if all(set(o) == {"type"} for o in options):
        kinds = list(dict.fromkeys(o["type"] for o in options))
        schema = {"type": kinds[0] if len(kinds) == 1 else kinds}
        if args >= {str, float}:
            schema["examples"] = LENGTH_EXAMPLES
        return schema
    if len(options) == 2 and {"type": "null"} in options:
        other = next(o for o in options if o != {"type": "null"})
        if "enum" in other:
            return {"enum": [*other["enum"], None]}
    return {"anyOf": options}


def _blocks(defs: dict) -> str:
    """One schema for a block: ``kind`` picks the block kind's schema."""
    if "block" not in defs:
        kinds = typing.get_args(typing.get_args(Block)[0])
        names = [typing.get_args(k.model_fields["kind"].annotation)[0] for k in kinds]
        defs["block"] = {
            "type": "object",
            "description": "a block on the grid; `kind` says which keys it takes",
            "required": ["kind"],
            "properties": {"kind": {"enum": names, "description": "what the block is"}},
            "allOf": [{"if": {"properties": {"kind": {"const": name}}, "required": ["kind"]},
                       "then": {"$ref": _define(model, defs)}} for name, model in zip(names, kinds)],
        }
    return "#/$defs/block"


def _constraints(field) -> dict:
    out = {}
    for m in field.metadata:
        if isinstance(m, at.Ge):
            out["minimum"] = m.ge
        elif isinstance(m, at.Le):
            out["maximum"] = m.le
        elif isinstance(m, at.Gt):
            out["exclusiveMinimum"] = m.gt
        elif isinstance(m, at.Lt):
            out["exclusiveMaximum"] = m.lt
        elif isinstance(m, at.MinLen):
            out["minLength"] = m.min_length
    return out


def _default(field):
    if field.default_factory is not None:
        value = field.default_factory()
        return value if value in ([], {}) else PydanticUndefined
    if field.default is PydanticUndefined or field.default is None:
        return PydanticUndefined
    return field.default
