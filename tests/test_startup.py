"""The kept table of compiled dataclass methods (startup.py): classes made with it are
the classes made without it; a second command compiles nothing; a damaged table is
never used and is written again; importing typeset as a library leaves dataclasses be."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import EXAMPLES

PROBE = """
import dataclasses, json, sys
if sys.argv[1] == "table":
    from typeset import startup
    startup.install()

@dataclasses.dataclass(frozen=True, slots=True, order=True)
class Point:
    x: int
    y: float = 0.5
    tags: tuple = ()

@dataclasses.dataclass
class Box:
    name: str
    points: list = dataclasses.field(default_factory=list)
    size: int = dataclasses.field(default=3, repr=False)

def codes(cls):
    out = {}
    for name, fn in vars(cls).items():
        code = getattr(fn, "__code__", None)
        if code is not None:
            out[name] = [code.co_code.hex(), code.co_varnames, code.co_filename, repr(fn.__annotations__),
                         repr(fn.__defaults__), repr(fn.__kwdefaults__)]
    return out

p, q = Point(1, 2.0), Point(1)
b = Box("b")
b.points.append(p)
result = {"codes": [codes(Point), codes(Box)], "repr": [repr(p), repr(b)], "eq": [p == Point(1, 2.0), p < q, q < p],
          "hash": hash(p) == hash(Point(1, 2.0)), "doc": [Point.__doc__, Box.__doc__]}
try:
    p.x = 3
except dataclasses.FrozenInstanceError as exc:
    result["frozen"] = type(exc).__name__
if sys.argv[1] == "table":
    result["grown"] = startup._state["grown"]
    startup.save()
print(json.dumps(result))
"""


def _probe(tmp_path: Path, mode: str) -> dict:
    env = dict(os.environ, TYPESET_CACHE=str(tmp_path / "cache"))
    out = subprocess.run([sys.executable, "-c", PROBE, mode], capture_output=True, text=True, env=env, check=True)
    return json.loads(out.stdout)


def _entry(tmp_path: Path) -> Path:
    (entry,) = (tmp_path / "cache" / "startup").glob("*.code")
    return entry


def test_classes_made_through_the_table_are_the_classes_made_without_it(tmp_path):
    plain = _probe(tmp_path, "plain")
    first = _probe(tmp_path, "table")  # compiles and stores
    second = _probe(tmp_path, "table")  # from the table
    assert first.pop("grown") is True and second.pop("grown") is False
    assert first == plain and second == plain


@pytest.mark.parametrize("damage", ["truncated", "flipped byte", "not a table"])
def test_a_damaged_table_is_never_used_and_is_written_again(tmp_path, damage):
    from typeset.cache import read_blob, write_blob

    plain = _probe(tmp_path, "plain")
    _probe(tmp_path, "table")
    entry = _entry(tmp_path)
    data = bytearray(entry.read_bytes())
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 3])
    elif damage == "flipped byte":
        data[-10] ^= 0xFF
        entry.write_bytes(bytes(data))
    else:  # a sound frame around values that are not code
        import marshal

        table = marshal.loads(read_blob(entry))
        write_blob(entry, marshal.dumps({key: marshal.dumps("not code") for key in table}))
    again = _probe(tmp_path, "table")
    assert again.pop("grown") is True  # compiled afresh, and stored
    assert again == plain
    assert _probe(tmp_path, "table")["grown"] is False


def test_a_command_fills_the_table_and_the_next_one_compiles_nothing(tmp_path):
    env = dict(os.environ, TYPESET_NO_SERVER="1", TYPESET_CACHE=str(tmp_path / "cache"))
    cmd = [sys.executable, "-m", "typeset", "check", str(EXAMPLES / "guanxin" / "page.yaml"), "-q"]
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    entry = _entry(tmp_path)
    before = entry.stat().st_mtime_ns, entry.read_bytes()
    subprocess.run(cmd, env=env, check=True, capture_output=True)
    assert (entry.stat().st_mtime_ns, entry.read_bytes()) == before  # nothing new to store


def test_importing_typeset_as_a_library_leaves_dataclasses_alone():
    probe = "import dataclasses, typeset.cli, typeset.pipeline; print('exec' in vars(dataclasses))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_a_table_grown_past_its_bound_keeps_what_the_command_used(tmp_path, monkeypatch):
    import marshal

    from typeset import startup
    from typeset.cache import read_blob

    entry = tmp_path / "table.code"
    monkeypatch.setattr(startup, "_entry", lambda: entry)
    monkeypatch.setattr(startup, "MAX_KEPT", 3)
    monkeypatch.setattr(startup, "_table", {bytes([i]) * 16: b"old" for i in range(5)})
    monkeypatch.setattr(startup, "_used", set())
    monkeypatch.setattr(startup, "_state", {"installed": True, "grown": False})
    code = startup._code("x = 1\n")  # compiled (not in the table): the table has grown past 3
    startup.save()
    kept = marshal.loads(read_blob(entry))
    assert len(kept) == 1 and marshal.loads(next(iter(kept.values()))) == code
