"""The console script ``paiban`` (and ``python -m typeset``): the command handed to a
running ``paiban serve`` of its project by the thin client (:mod:`typeset.client`), else
run here by the command line (:mod:`typeset.cli`, imported only then: with pydantic,
ReportLab and the fonts behind it, it is most of a command's start-up)."""

from __future__ import annotations

import os
import sys


def run() -> None:
    in_process = None
    try:
        from .client import forward

        code = forward(sys.argv[1:])
        if code is None:
            from .startup import install

            install()  # before the command line's modules define their dataclasses
            from .cli import run as in_process
    except KeyboardInterrupt:  # before the command line's own handling is in place (its imports)
        code, in_process = 130, None
    if in_process is not None:
        in_process()  # leaves the process
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
