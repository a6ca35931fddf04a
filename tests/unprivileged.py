"""``paiban`` in a child process that file permissions apply to, even when the tests run
as root (CI and the development machine do).

Root reads and writes any file because of two capabilities, CAP_DAC_OVERRIDE and
CAP_DAC_READ_SEARCH (capabilities(7)). The child drops both from its bounding set and
then executes the command, so the command runs without them and is refused an unreadable
file or a read-only folder as any user is. (A child as ``nobody`` would not do on this
machine: the interpreter lives under /root, which only root may enter.) As another user
the command runs as it is; only a root that cannot drop the capabilities skips.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

CANNOT_DROP = 97  # the child's exit status when it could not give up the capabilities

_DROP_THEN_RUN = r"""
import ctypes, os, sys
if os.geteuid() == 0:
    PR_CAPBSET_DROP, PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL = 24, 47, 4
    CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for cap in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
            if libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
                raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
        libc.prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0)
    except (OSError, AttributeError) as exc:
        print(f"cannot drop CAP_DAC_OVERRIDE and CAP_DAC_READ_SEARCH: {exc}", file=sys.stderr)
        sys.exit(97)
# a new program: the capabilities left the bounding set, so they are not in this one
os.execv(sys.executable, [sys.executable, "-c", "from typeset.cli import run; run()", *sys.argv[1:]])
"""


def paiban_bound_by_permissions(*argv: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    """``paiban ARGV`` run in ``cwd`` by a process that file permissions apply to."""
    done = subprocess.run([sys.executable, "-c", _DROP_THEN_RUN, *argv], cwd=cwd, capture_output=True,
                          text=True, timeout=timeout)
    if done.returncode == CANNOT_DROP and done.stderr.startswith("cannot drop"):
        pytest.skip(f"running as root, and {done.stderr.strip()}")
    return done
