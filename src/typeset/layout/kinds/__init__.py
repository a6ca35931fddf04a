"""One module a block kind, each registering its layout in ``context.KINDS``:
article (with its headline, note and figure parts), text, masthead, folio, image, rule."""

from __future__ import annotations

from . import article, folio, image, masthead, rule, text  # noqa: F401 - registers the kinds
from ..context import KINDS

__all__ = ["KINDS"]
