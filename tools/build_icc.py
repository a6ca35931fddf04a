#!/usr/bin/env python3
"""Build the bundled newsprint output profile ``profiles/TypesetNewsprint-TR002.icc``.

Source (Debian bookworm packages; install them first):

    apt-get install argyll icc-profiles-free

- ``/usr/share/color/icc/TR002.ti3`` (icc-profiles-free 2.0.1): ANSI CGATS/SNAP TR 002-2007,
  "Color Characterization Data for Coldset Printing on Newsprint", the average of 102
  measured press runs; Zlib licence, the TR must be named as the source.
- ArgyllCMS ``colprof`` 2.3.1 (argyll) fits the ICC output profile (CMYK → Lab and back).

Choices, for coldset newsprint:

- total ink limit 240 % (``-l 240``): what plants ask for (ISO 12647-3 allows 240 %,
  many ask 220–240 %); the profile's separation tables never exceed it;
- black generation ``-k x`` (maximum K, full grey-component replacement): greys and
  shadows are carried by black, the colour inks only add hue. On a coldset web press the
  register wanders and the paper drinks ink, so neutral greys built from C+M+Y go
  colourful and muddy; K alone stays neutral and dries;
- medium quality (``-q m``), colorimetric intent tables; the measurement data is not
  embedded (``-n c``: 120 KB instead of 300 KB).

``colprof`` is deterministic except for the creation date in the ICC header; it is set
to SOURCE_DATE_EPOCH (else 2007-01-01, the data's year), so a rebuild gives the same
bytes. About 25 s. Rerun with ``python tools/build_icc.py``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = Path("/usr/share/color/icc/TR002.ti3")
TARGET = ROOT / "profiles" / "TypesetNewsprint-TR002.icc"
INK_LIMIT = 240
DESCRIPTION = "Typeset newsprint (ANSI CGATS/SNAP TR 002 coldset), 240% TAC, max K"
COPYRIGHT = ("Built by typeset with ArgyllCMS from ANSI CGATS/SNAP TR 002-2007 characterization "
             "data (icc-profiles-free, Zlib licence)")


def build(source: Path, target: Path, ink_limit: int) -> bytes:
    if not source.is_file():
        sys.exit(f"{source} not found: apt-get install icc-profiles-free")
    if shutil.which("colprof") is None:
        sys.exit("colprof not found: apt-get install argyll")
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp) / "newsprint"
        shutil.copyfile(source, base.with_suffix(".ti3"))
        subprocess.run(["colprof", "-q", "m", "-k", "x", "-l", str(ink_limit), "-n", "c",
                        "-A", "typeset", "-M", "TR002 coldset newsprint",
                        "-D", DESCRIPTION, "-C", COPYRIGHT, str(base)],
                       check=True, stdout=subprocess.DEVNULL)
        data = bytearray(base.with_suffix(".icc").read_bytes())
    epoch = int(os.environ.get("SOURCE_DATE_EPOCH", "1167609600"))  # 2007-01-01 UTC
    when = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
    # ICC header bytes 24..35: creation date as six big-endian uint16
    data[24:36] = struct.pack(">6H", when.year, when.month, when.day, when.hour, when.minute, when.second)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(bytes(data))
    return bytes(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--source", type=Path, default=SOURCE, help="characterization data (.ti3)")
    ap.add_argument("-o", "--output", type=Path, default=TARGET)
    ap.add_argument("--ink-limit", type=int, default=INK_LIMIT, help="total area coverage, %%")
    args = ap.parse_args()
    data = build(args.source, args.output, args.ink_limit)
    print(f"wrote {args.output} ({len(data)} bytes, sha256 {hashlib.sha256(data).hexdigest()[:16]})")


if __name__ == "__main__":
    main()
