"""The methods :mod:`dataclasses` writes for each class, compiled once and kept.

For every ``@dataclass`` the standard library writes the source of ``__init__``,
``__repr__``, ``__eq__``, ``__setattr__`` … and compiles it with ``exec`` when the
module defining the class is imported: ~250 compilations, ~15-20 ms of every command
before it does any work (a tenth of a cold ``paiban render``). The command line
(:mod:`typeset.console`) has :mod:`dataclasses` compile through :func:`_exec`, which
looks the source text up in a table of code objects kept in the cache
(:mod:`typeset.cache`; one entry for this Python, named by its ``dataclasses.py``) and
compiles only what is not there; the table is stored again when the command leaves,
if it grew. The same text always gives the same code, so a class is exactly what it
would be without the table; a damaged or foreign entry is never used (the cache's
frame, and every value checked to be a code object). Only the command line installs
it: importing typeset as a library changes nothing.
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
import types
from pathlib import Path

_FORM = f"dataclass-code-{sys.implementation.cache_tag}-marshal{marshal.version}-1"
_code: dict[str, types.CodeType] = {}
_state = {"installed": False, "grown": False}


def _entry():
    from .cache import entry_for

    return entry_for("startup", Path(dataclasses.__file__), _FORM, suffix=".code")


def install() -> None:
    """Have :mod:`dataclasses` compile through the kept table (once a process)."""
    if _state["installed"]:
        return
    _state["installed"] = True
    from .cache import read_blob

    try:
        payload = read_blob(_entry())
        table = marshal.loads(payload) if payload is not None else {}
    except (ValueError, EOFError, TypeError, OSError):  # damaged beyond the frame's check: compile afresh
        table = {}
    if isinstance(table, dict):
        _code.update((k, v) for k, v in table.items() if type(k) is str and type(v) is types.CodeType)
    dataclasses.exec = _exec  # the module's own name for exec: found before the builtin


def _exec(source, globals=None, locals=None, /, **kwargs):
    """``exec`` as :mod:`dataclasses` calls it, with the source's code taken from the
    table (compiled as ``exec`` would: file ``<string>``, no future flags inherited)."""
    if type(source) is str and not kwargs:
        code = _code.get(source)
        if code is None:
            code = _code[source] = compile(source, "<string>", "exec", dont_inherit=True)
            _state["grown"] = True
        source = code
    return builtins.exec(source, globals, locals, **kwargs)


def save() -> None:
    """Store the table if this command compiled something it did not have."""
    if not _state["grown"]:
        return
    from .cache import write_blob

    _state["grown"] = False
    try:
        write_blob(_entry(), marshal.dumps(_code))
    except (ValueError, OSError):  # pragma: no cover - the cache is an optimisation only
        pass
