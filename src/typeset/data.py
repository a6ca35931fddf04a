"""Where the bundled fonts and layouts are: inside the installed package
(``typeset/_fonts``, ``typeset/_layouts``, ``typeset/_profiles``, put there by the build)
or, in a source checkout or an editable install, the top-level ``fonts/``, ``layouts/`` and
``profiles/`` folders."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str, pattern: str = "*.yaml") -> Path:
    """``name`` is ``fonts``, ``layouts`` or ``profiles`` (whose files match ``pattern``)."""
    installed = PACKAGE / f"_{name}"
    if installed.is_dir() and any(installed.glob(pattern)):
        return installed
    return PACKAGE.parents[1] / name
