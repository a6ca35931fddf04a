"""Load a page spec: YAML with positions → layout templates merged → typed model →
resolved page (lengths in pt, styles flattened, copy read), in three steps:
compose (``loader``), validate (``model``: a fast check, ``typed``; pydantic, ``strict``,
only for data it rejects), resolve (``validate``); ``load`` runs them.

The names below are imported on first use, so that a module that needs only a light
part of this package (``images``, ``copy``) does not pay for pydantic.
"""

from __future__ import annotations

import importlib

__all__ = ["PageSpec", "ResolvedPage", "ResolvedStyle", "bundled_layouts_dir", "load_spec", "parse_page"]

_HOME = {"load_spec": "load", "parse_page": "load", "bundled_layouts_dir": "load", "MAX_EXTENDS_DEPTH": "load",
         "PageSpec": "model", "ResolvedPage": "validate", "ResolvedStyle": "validate"}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
