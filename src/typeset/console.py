"""The console script ``paiban`` (and ``python -m typeset``): the command handed to a
running ``paiban serve`` of its project by the thin client (:mod:`typeset.client`), else
run here by the command line (:mod:`typeset.cli`, imported only then: with pydantic,
ReportLab and the fonts behind it, it is most of a command's start-up)."""

from __future__ import annotations

import os
import sys


def run() -> None:
    from .client import forward

    try:
        code = forward(sys.argv[1:])
    except KeyboardInterrupt:
        code = 130
    if code is None:
        from .cli import run as in_process

        in_process()  # leaves the process
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
