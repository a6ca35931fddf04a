"""Where the bundled fonts and layouts are: inside the installed package
(``typeset._fonts``, ``typeset._layouts``) or, in a source checkout or an editable
install, the top-level ``fonts/`` and ``layouts/`` folders."""

from __future__ import annotations

from importlib import resources
from pathlib import Path


def data_dir(name: str) -> Path:
    """``name`` is ``fonts`` or ``layouts``."""
    try:
        found = Path(str(resources.files(f"typeset._{name}")))
        if found.is_dir():
            return found
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parents[2] / name
