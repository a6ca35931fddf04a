"""``paiban batch``, ``serve`` and ``watch``: commands whose whole work lives in their own
module (:mod:`typeset.batch`, :mod:`typeset.serve`, :mod:`typeset.watch`), imported
only when the command runs."""

from __future__ import annotations


def cmd_batch(args) -> int:
    from ..batch import run_batch

    return run_batch(args)


def cmd_serve(args) -> int:
    from ..serve import run_serve

    return run_serve(args)


def cmd_watch(args) -> int:
    from ..watch import run_watch

    return run_watch(args)
