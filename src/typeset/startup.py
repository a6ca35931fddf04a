"""The methods :mod:`dataclasses` writes for each class, compiled once and kept.

For every ``@dataclass`` the standard library writes the source of ``__init__``,
``__repr__``, ``__eq__``, ``__setattr__`` … and compiles it with ``exec`` when the
module defining the class is imported: ~250 compilations in a render, ~15-20 ms before
any work. The command line (:mod:`typeset.console`) has :mod:`dataclasses` compile
through :func:`_exec`, which looks the text up in a table kept in the cache
(:mod:`typeset.cache`; one entry for this Python, named by its ``dataclasses.py``) and
compiles only what is not there; the table is stored again when the command leaves, if
it grew (past :data:`MAX_KEPT` entries, only what that command used is kept).

The same text always gives the same code (the table is keyed by a digest of the text;
it is compiled as ``exec`` does: file ``<string>``, no future flags inherited), so a
class is exactly what it would be without the table. An entry is used only if the
cache's frame is sound and it unmarshals to a code object. Only the command line
installs this: importing typeset as a library changes nothing. (:mod:`typing`'s
compilation of string annotations was measured the same way: ~0.3 ms, not worth it.)
"""

from __future__ import annotations

import builtins
import dataclasses
import marshal
import sys
import types
from pathlib import Path

from .hashes import blake2b

_FORM = f"compiled-{sys.implementation.cache_tag}-marshal{marshal.version}-2"
MAX_KEPT = 2000  # entries; a table grown past this keeps only what the command that grew it used
_table: dict[bytes, bytes] = {}  # digest of the text -> its marshalled code
_used: set[bytes] = set()
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
        _table.update((k, v) for k, v in table.items() if type(k) is bytes and type(v) is bytes)
    dataclasses.exec = _exec  # the module's own global: found before the builtin, in that module only


def _code(source: str) -> types.CodeType:
    key = blake2b(source.encode("utf-8", "surrogatepass"), digest_size=16).digest()
    _used.add(key)
    kept = _table.get(key)
    if kept is not None:
        try:
            code = marshal.loads(kept)
        except (ValueError, EOFError, TypeError):
            code = None
        if type(code) is types.CodeType:
            return code
    code = compile(source, "<string>", "exec", dont_inherit=True)
    _table[key] = marshal.dumps(code)
    _state["grown"] = True
    return code


def _exec(source, globals=None, locals=None, /, **kwargs):
    """``exec`` as :mod:`dataclasses` calls it, with the source's code from the table."""
    if type(source) is str:
        source = _code(source)
    return builtins.exec(source, globals, locals, **kwargs)


def save() -> None:
    """Store the table if this command compiled something it did not have."""
    if not _state["grown"]:
        return
    from .cache import write_blob

    _state["grown"] = False
    table = _table if len(_table) <= MAX_KEPT else {k: v for k, v in _table.items() if k in _used}
    try:
        write_blob(_entry(), marshal.dumps(table))
    except (ValueError, OSError):  # pragma: no cover - the cache is an optimisation only
        pass
