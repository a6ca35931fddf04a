"""The page models of :mod:`typeset.spec.model` rebuilt as pydantic models, from the
same declarations (names, order, types, defaults, constraints, descriptions), so the
two cannot drift apart.

pydantic is imported only here: for data the fast check (:mod:`typeset.spec.typed`)
rejects — pydantic in strict mode, so it converts nothing either (``cols: true`` or
``cols: '2'`` is an error at its key, never a silent 1 or 2) and explains every problem (the
diagnostics of :mod:`typeset.spec.load`) — and for ``paiban schema`` (the JSON Schema
and the reference walk these models). Module attributes are the twins by name
(``strict.PageSpec``, ``strict.Block``).
"""

from __future__ import annotations

import types
import typing
from typing import Annotated

import pydantic

from . import model as light
from .typed import BaseModel as LightModel
from .typed import FieldInfo


class Model(pydantic.BaseModel):
    model_config = pydantic.ConfigDict(**light.Model.model_config, strict=True)


_TWINS: dict[type, type[pydantic.BaseModel]] = {}
_LIGHT: dict[type, type] = {}  # twin -> light model


def twin(cls: type) -> type[pydantic.BaseModel]:
    """The pydantic model of the light model ``cls`` (built once)."""
    found = _TWINS.get(cls)
    if found is None:
        fields = {}
        for name, (annotation, info) in cls.typed_fields().items():
            kwargs = info.pydantic_kwargs()
            if isinstance(kwargs.get("default_factory"), type) and issubclass(kwargs["default_factory"], LightModel):
                kwargs["default_factory"] = twin(kwargs["default_factory"])
            fields[name] = (_annotation(annotation), pydantic.Field(**kwargs))
        found = pydantic.create_model(cls.__name__, __base__=Model, __doc__=cls.__doc__,
                                      __module__=__name__, **fields)
        _TWINS[cls], _LIGHT[found] = found, cls
    return found


_CONVERTED: dict = {}  # light annotation -> its twin (so that Block stays one object)


def _annotation(annotation):
    """``annotation`` with every light model in it replaced by its twin."""
    if annotation in _CONVERTED:
        return _CONVERTED[annotation]
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if isinstance(annotation, type) and issubclass(annotation, LightModel):
        out = twin(annotation)
    elif origin is typing.Annotated:
        extras = [pydantic.Field(**a.pydantic_kwargs()) if isinstance(a, FieldInfo) else a for a in args[1:]]
        out = Annotated[(_annotation(args[0]), *extras)]
    elif origin in (typing.Union, types.UnionType):
        out = typing.Union[tuple(_annotation(a) for a in args)]
    elif origin is list:
        out = list[_annotation(args[0])]
    elif origin is dict:
        out = dict[args[0], _annotation(args[1])]
    else:
        out = annotation
    _CONVERTED[annotation] = out
    return out


def to_light(obj):
    """A validated pydantic twin (and everything in it) as the light models."""
    if isinstance(obj, pydantic.BaseModel):
        cls = _LIGHT[type(obj)]
        values = {name: to_light(getattr(obj, name)) for name in cls.typed_fields()}
        return cls.from_checked(values, set(obj.model_fields_set))
    if type(obj) is list:
        return [to_light(v) for v in obj]
    if type(obj) is dict:
        return {k: to_light(v) for k, v in obj.items()}
    return obj


def __getattr__(name: str):
    found = getattr(light, name, None)
    if isinstance(found, type) and issubclass(found, LightModel) and found is not light.Model:
        return twin(found)
    if name == "Block":
        return _annotation(light.Block)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
