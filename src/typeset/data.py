"""Where the bundled fonts and layouts are: inside the installed package
(``typeset/_fonts``, ``typeset/_layouts``, put there by the build) or, in a source
checkout or an editable install, the top-level ``fonts/`` and ``layouts/`` folders."""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``name`` is ``fonts`` or ``layouts``."""
    installed = PACKAGE / f"_{name}"
    if installed.is_dir() and any(installed.glob("*.yaml")):
        return installed
    return PACKAGE.parents[1] / name
