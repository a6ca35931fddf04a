"""The base of the page models (:mod:`typeset.spec.model`): typed, frozen records that
check a page file's plain data fast, without importing pydantic.

:mod:`~typeset.spec.model` declares the models with the pydantic spelling
(``class Area(Model)``, ``col: int = Field(ge=1, description=…)``); here that spelling
builds light classes. ``Model.model_validate(data)`` accepts only data whose every
value already has the exact type the field declares (an ``int`` for ``int``, an ``int``
or ``float`` for ``float``, a ``date`` or ``str`` for ``date | str`` …) and passes every
constraint; the result is then what pydantic would make of it. Anything else — a
missing or unknown key, ``"3"`` for an integer, a value out of range — raises
:class:`Rejected`, and the caller hands the same data to pydantic
(:mod:`typeset.spec.strict`, the same models rebuilt as pydantic models), which either
converts it as pydantic does (lax mode) or reports every problem with its own messages.
So a good page never pays for pydantic, and a bad one gets exactly the diagnostics it
always had. ``tests/test_typed.py`` checks that the two agree on the corpus and on
random mutations of it.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import types
import typing
from typing import Literal

REQUIRED = object()  # no default: the key must be given
_FLOAT_MAX = sys.float_info.max


class Rejected(Exception):
    """The fast check cannot accept the data (pydantic decides and explains)."""


class FieldInfo:
    """What ``Field(...)`` says of a field: its default and constraints, for both checkers."""

    __slots__ = ("default", "default_factory", "description", "discriminator", "ge", "gt", "le", "min_length")

    def __init__(self, default=REQUIRED, *, default_factory=None, description=None, discriminator=None,
                 ge=None, gt=None, le=None, min_length=None):
        self.default, self.default_factory, self.description = default, default_factory, description
        self.discriminator, self.ge, self.gt, self.le, self.min_length = discriminator, ge, gt, le, min_length

    def pydantic_kwargs(self) -> dict:
        """The keyword arguments of ``pydantic.Field`` that say the same (factory as given)."""
        names = ("default_factory", "description", "discriminator", "ge", "gt", "le", "min_length")
        out = {k: getattr(self, k) for k in names if getattr(self, k) is not None}
        if self.default is not REQUIRED:
            out["default"] = self.default
        return out


def Field(default=REQUIRED, **kwargs) -> FieldInfo:  # noqa: N802 - the pydantic spelling
    return FieldInfo(default, **kwargs)


def ConfigDict(**kwargs) -> dict:  # noqa: N802 - the pydantic spelling
    return dict(kwargs)


class BaseModel:
    """A frozen record of declared fields (``model_fields_set``: the keys given)."""

    __slots__ = ("__dict__", "_fields_set")
    model_config = {}

    def __init__(self, **data):
        checked = type(self).model_validate(data)
        object.__setattr__(self, "__dict__", checked.__dict__)
        object.__setattr__(self, "_fields_set", checked._fields_set)

    @classmethod
    def typed_fields(cls) -> dict[str, tuple[object, FieldInfo]]:
        """name → (annotation, FieldInfo), in declaration order (base classes first)."""
        found = cls.__dict__.get("_typed_fields")
        if found is None:
            hints = typing.get_type_hints(cls, include_extras=True)
            found = {}
            for klass in reversed(cls.__mro__):
                for name in klass.__dict__.get("__annotations__", {}):
                    if name in hints and not name.startswith("_"):
                        info = getattr(cls, name, REQUIRED)
                        found[name] = (hints[name], info if isinstance(info, FieldInfo) else FieldInfo(info))
            type.__setattr__(cls, "_typed_fields", found)
        return found

    @classmethod
    def model_validate(cls, data) -> BaseModel:
        """The record of ``data`` (a mapping), or :class:`Rejected`."""
        if type(data) is not dict:
            raise Rejected
        fields = cls.typed_fields()
        if not fields.keys() >= data.keys():
            raise Rejected  # an unknown key
        values = {}
        for name, (annotation, info) in fields.items():
            if name in data:
                values[name] = _check_constraints(_value(annotation, data[name]), info)
            elif info.default_factory is not None:
                values[name] = info.default_factory()
            elif info.default is REQUIRED:
                raise Rejected
            else:
                values[name] = info.default
        return cls.from_checked(values, set(data))

    @classmethod
    def from_checked(cls, values: dict, fields_set: set) -> BaseModel:
        """A record of values already checked (the pydantic path converts through it)."""
        obj = object.__new__(cls)
        object.__setattr__(obj, "__dict__", values)
        object.__setattr__(obj, "_fields_set", frozenset(fields_set))
        return obj

    @property
    def model_fields_set(self) -> set[str]:
        return set(self._fields_set)

    def model_dump(self) -> dict:
        return {name: _dump(getattr(self, name)) for name in type(self).typed_fields()}

    def __setattr__(self, name, value):
        raise TypeError(f"{type(self).__name__} is frozen")

    def __delattr__(self, name):
        raise TypeError(f"{type(self).__name__} is frozen")

    def __getstate__(self):
        return (self.__dict__, self._fields_set)

    def __setstate__(self, state):
        object.__setattr__(self, "__dict__", dict(state[0]))
        object.__setattr__(self, "_fields_set", state[1])

    def __eq__(self, other):
        if type(other) is not type(self):
            return NotImplemented
        return self.model_dump() == other.model_dump()

    def __hash__(self):
        return hash((type(self), *(getattr(self, n) for n in type(self).typed_fields())))

    def __repr__(self):
        inner = ", ".join(f"{n}={getattr(self, n)!r}" for n in type(self).typed_fields())
        return f"{type(self).__name__}({inner})"


def _dump(value):
    if isinstance(value, BaseModel):
        return value.model_dump()
    if type(value) is list:
        return [_dump(v) for v in value]
    if type(value) is dict:
        return {k: _dump(v) for k, v in value.items()}
    return value


def _check_constraints(value, info: FieldInfo):
    if value is None:
        return value
    if info.ge is not None and not value >= info.ge or info.gt is not None and not value > info.gt \
            or info.le is not None and not value <= info.le \
            or info.min_length is not None and len(value) < info.min_length:
        raise Rejected
    return value


def _value(annotation, value):
    """``value`` as pydantic makes it for ``annotation`` when its type is exactly right."""
    if annotation is str:
        if type(value) is str:
            return value
    elif annotation is int:
        if type(value) is int:
            return value
    elif annotation is float:
        if type(value) is float and math.isfinite(value):
            return value
        if type(value) is int and abs(value) <= _FLOAT_MAX:  # a longer int overflows float()
            return float(value)
    elif annotation is bool:
        if type(value) is bool:
            return value
    elif annotation is dt.date:
        if type(value) is dt.date:
            return value
    elif annotation is type(None):
        if value is None:
            return value
    else:
        return _composite(annotation, value)
    raise Rejected


def _composite(annotation, value):
    origin, args = typing.get_origin(annotation), typing.get_args(annotation)
    if origin is Literal:
        if type(value) is str and value in args:
            return value
    elif origin in (typing.Union, types.UnionType):
        return _union(args, value)
    elif origin is list:
        if type(value) is list:
            return [_value(args[0], v) for v in value]
    elif origin is dict:
        if type(value) is dict and all(type(k) is str for k in value):
            return {k: _value(args[1], v) for k, v in value.items()}
    elif origin is typing.Annotated:
        return _tagged(args, value)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.model_validate(value)
    raise Rejected


def _union(args: tuple, value):
    """The member whose exact type ``value`` has (pydantic's smart mode); an ``int`` for
    ``str | float`` becomes a float; anything that is not plainly one member is rejected."""
    kind = type(value)
    for member in args:
        if member is kind:
            return _value(member, value)
    if kind is int and float in args and int not in args:
        return _value(float, value)
    if kind is dict:
        models = [a for a in args if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(models) == 1:
            return models[0].model_validate(value)
    if kind is str:
        literals = [a for a in args if typing.get_origin(a) is Literal]
        if len(literals) == 1:
            return _value(literals[0], value)
    raise Rejected


def _tagged(args: tuple, value):
    """A union told apart by a ``discriminator`` key (the block kinds)."""
    info = next((a for a in args[1:] if isinstance(a, FieldInfo)), None)
    if info is None or info.discriminator is None or type(value) is not dict:
        raise Rejected
    tag = value.get(info.discriminator)
    for model in typing.get_args(args[0]):
        if typing.get_args(model.typed_fields()[info.discriminator][0]) == (tag,):
            return model.model_validate(value)
    raise Rejected
