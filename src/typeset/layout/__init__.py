"""Transform a resolved page into a display list and a report; draws nothing.

``page.layout_page`` reads as its steps: grid proof marks → each block by its kind
(``kinds``, one module a kind; article bodies composed with the CJK composer and flowed through their
columns by ``flow``) → report of overset, short blocks and missing glyphs. The display
list's records are in ``display`` and light to import: the renderer needs only those.
"""

from __future__ import annotations

import importlib

__all__ = ["DEFAULT_TIME_LIMIT", "Page", "layout_page"]

_HOME = {"layout_page": "page", "DEFAULT_TIME_LIMIT": "page", "Page": "display"}


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{_HOME[name]}"), name)
