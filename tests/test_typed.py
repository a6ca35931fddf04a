"""The fast check of page models (spec/typed.py) and pydantic (spec/strict.py, the same
models rebuilt) cannot drift: on every example, layout and corpus page, and on random
mutations of them, whatever the fast check accepts pydantic accepts too, giving the same
values of the same types and the same keys given; whatever pydantic rejects the fast
check rejects. The two declare the same fields, defaults and constraints."""

from __future__ import annotations

import datetime as dt
import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from typeset.spec import load, model, strict
from typeset.spec.loader import load_yaml
from typeset.spec.typed import BaseModel, Rejected

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "examples").glob("*/page.yaml")) + sorted((ROOT / "tests" / "corpus").glob("*/page.yaml"))
LAYOUTS = sorted((ROOT / "layouts").glob("*.yaml"))


def _merged(path: Path):
    located = load_yaml(path)
    allowed = (path.parent, path.parent.parent / "layouts", load.bundled_layouts_dir())
    return load._extend(located, path, (), allowed).data


def _documents() -> list[tuple[type, object]]:
    docs = []
    for path in PAGES:
        try:
            docs.append((model.PageSpec, _merged(path)))
        except Exception:  # noqa: BLE001 - a corpus page broken before validation (bad YAML, loops)
            continue
    for path in LAYOUTS:
        data = load_yaml(path).data
        if isinstance(data, dict):
            docs.append((model.Layout, {k: v for k, v in data.items() if k != "extends"} | {"extends": None}))
    return docs


DOCUMENTS = _documents()


def _typed(value):
    """A value with every type made visible (so 4 and 4.0, '1' and 1 differ), models as
    (class name, fields, keys given)."""
    if isinstance(value, BaseModel) or hasattr(value, "model_fields_set"):
        names = type(value).typed_fields() if isinstance(value, BaseModel) else type(value).model_fields
        return (type(value).__name__, {n: _typed(getattr(value, n)) for n in names}, frozenset(value.model_fields_set))
    if isinstance(value, list):
        return ["list", *(_typed(v) for v in value)]
    if isinstance(value, dict):
        return {k: _typed(v) for k, v in value.items()}
    if isinstance(value, float) and math.isnan(value):
        return ("nan",)
    return (type(value).__name__, value)


def _agree(cls: type, data) -> bool:
    """Assert the two checks agree on ``data``; True when it was accepted."""
    try:
        fast = cls.model_validate(data)
    except Rejected:
        fast = None
    try:
        slow = strict.twin(cls).model_validate(data)
    except ValidationError:
        assert fast is None, f"the fast check accepted what pydantic rejects: {data!r}"
        return False
    if fast is not None:
        assert _typed(fast) == _typed(slow), data
        assert _typed(strict.to_light(slow)) == _typed(fast)
    return True


@pytest.mark.parametrize("cls, data", DOCUMENTS, ids=[f"{c.__name__}-{i}" for i, (c, _) in enumerate(DOCUMENTS)])
def test_the_documents_agree(cls, data):
    _agree(cls, data)


def test_the_examples_need_no_pydantic():
    for path in sorted((ROOT / "examples").glob("*/page.yaml")):
        model.PageSpec.model_validate(_merged(path))  # Rejected would send a good page to pydantic


def test_the_twins_declare_the_same_fields():
    for name, cls in vars(model).items():
        if isinstance(cls, type) and issubclass(cls, BaseModel) and cls is not model.Model:
            twin = strict.twin(cls)
            assert twin.__name__ == name and twin.__doc__ == cls.__doc__
            assert list(twin.model_fields) == list(cls.typed_fields())
            for field, (_, info) in cls.typed_fields().items():
                assert twin.model_fields[field].description == info.description


SCALARS = st.sampled_from([0, 1, 3, -2, 401, 2.5, 0.0, -1.0, 1e9, float("nan"), float("inf"), True, False, None,
                           "", "x", "3", "2.5", "true", "justify", "song", "小五", "9pt", "article", "rule",
                           dt.date(2023, 1, 13), dt.datetime(2023, 1, 13, 9, 0), "2023-01-13", [], {},
                           [1, 2], ["a"], {"a": 1}, {"col": 1, "cols": 1, "row": 1, "rows": 1}])


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*prefix, i))


def _mutated(data, path, how: str, new):
    if not path:
        return new if how == "replace" else data
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    if rest:
        copy[head] = _mutated(copy[head], rest, how, new)
    elif how == "replace":
        copy[head] = new
    elif how == "delete":
        del copy[head]
    elif how == "add" and isinstance(copy[head], dict):
        copy[head] = {**copy[head], "colour": new}
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_random_mutations_agree(data):
    cls, doc = data.draw(st.sampled_from(DOCUMENTS))
    for _ in range(data.draw(st.integers(1, 3))):
        paths = list(_paths(doc))
        path = data.draw(st.sampled_from(paths))
        how = data.draw(st.sampled_from(["replace", "replace", "delete", "add"]))
        doc = _mutated(doc, path, how, data.draw(SCALARS))
    _agree(cls, doc)


def test_the_schema_carries_each_models_own_description():
    from typeset.spec.schema import page_schema

    defs = page_schema()["$defs"]
    assert defs["style"]["description"].startswith("A named paragraph style")
    assert defs["area"]["description"].startswith("A rectangle on the grid")
    assert "description" not in defs["pagegeometry-from-layout"]  # no docstring: nothing borrowed from pydantic


# Mutations the sampler above does not make: numbers past float's range (an int YAML
# reads exactly but float() cannot hold), near-limits, numeric strings, extra nesting,
# keys that are unicode, empty, numeric or a near-miss, unknown block kinds.
EDGES = st.sampled_from([10**400, -10**400, 2**63, 2**1024, int(1.7976931348623157e308), 1.7976931348623157e308,
                         5e-324, -0.0, 12.0, 1.5, "12", "12.0", " 3", "", "\u3000", "nan", "inf", "1e400",
                         "articel", "Article", "ARTICLE", "folio ", 0, -1, 25, 24, 400, 401, 100, 101,
                         [[1]], [{}], {"": 1}, {"kind": "article"}, [None], True, False, None])
KEYS = st.sampled_from(["colour", "", "栏", "Col", "cols ", "kind", "id", "1", "\u00e9", "ｃｏｌ"])


def _nested(data, path, how: str, new, key):
    """``data`` with the value at ``path`` wrapped in a list or a mapping, or a key added."""
    if not path:
        return data
    head, rest = path[0], path[1:]
    copy = dict(data) if isinstance(data, dict) else list(data)
    if rest:
        copy[head] = _nested(copy[head], rest, how, new, key)
    elif how == "list":
        copy[head] = [copy[head]]
    elif how == "dict":
        copy[head] = {key: copy[head]}
    elif how == "key" and isinstance(copy[head], dict):
        copy[head] = {**copy[head], key: new}
    elif how == "int-key" and isinstance(copy[head], dict):
        copy[head] = {**copy[head], 1: new}
    return copy


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_adversarial_mutations_agree(data):
    cls, doc = data.draw(st.sampled_from(DOCUMENTS))
    for _ in range(data.draw(st.integers(1, 3))):
        path = data.draw(st.sampled_from(list(_paths(doc))))
        how = data.draw(st.sampled_from(["replace", "replace", "replace", "delete", "list", "dict", "key", "int-key"]))
        if how in ("replace", "delete"):
            doc = _mutated(doc, path, how, data.draw(EDGES))
        else:
            doc = _nested(doc, path, how, data.draw(EDGES), data.draw(KEYS))
    _agree(cls, doc)


@pytest.mark.parametrize("value", [10**400, -10**400, 2**1024])
def test_an_int_past_floats_range_is_rejected_not_a_crash(value):
    cls, doc = DOCUMENTS[0]
    for path in [("page", "width"), ("grid", "column_chars"), ("grid", "gutter_chars")]:
        with pytest.raises(Rejected):
            cls.model_validate(_mutated(doc, path, "replace", value))
        _agree(cls, _mutated(doc, path, "replace", value))
