"""A page as it was at a git revision: its files written out of git into a temporary folder.

A page reads only files inside its folder (or ``--root``) and layouts from a
``layouts/`` folder beside it or beside its parent (``spec/load.py``), so those folders
are what is taken out of the revision, with ``git archive``: the page, its copy,
pictures, fonts and layouts exactly as committed. Messages about the old page name
its files as git does (``HEAD~1:examples/x/page.yaml``), not by the temporary folder.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import replace
from pathlib import Path

from ..errors import Diagnostic, Span, SpecError, error


def export_page(page: Path, rev: str, into: Path, root: Path | None = None) -> tuple[Path, Path | None]:
    """Write the files ``page`` may read, as they were at ``rev``, under ``into``
    (keeping their places relative to the repository's top). Returns the page there,
    and ``root`` there (None without a root)."""
    page = Path(page).resolve()
    top = Path(_git(page.parent, "rev-parse", "--show-toplevel", what="find the git repository").strip())
    _git(top, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", what=f"find revision {rev!r}",
         hint="give a commit, branch or tag git knows, e.g. HEAD~1 (see `git log`)")
    rel = page.relative_to(top).as_posix()
    folders = [f for f in (root or page.parent, page.parent / "layouts", page.parent.parent / "layouts")
               if _inside(Path(f).resolve(), top)]
    listed = _git(top, "ls-tree", "-r", "--name-only", "-z", rev, "--",
                  *(Path(f).resolve().relative_to(top).as_posix() for f in folders), what="list the revision")
    names = [n for n in listed.split("\0") if n]
    if rel not in names:
        raise error(f"{rel} is not in revision {rev}", Span(rel),
                    "the page was added or moved since then: compare two files instead (paiban diff OLD NEW)")
    data = subprocess.run(["git", "-C", str(top), "archive", "--format=tar", rev, "--", *names],
                          capture_output=True, check=False).stdout
    with tarfile.open(fileobj=io.BytesIO(data)) as tar:
        tar.extractall(into, filter="data")
    inner_root = Path(into) / Path(root).resolve().relative_to(top) if root and _inside(Path(root).resolve(), top) \
        else None
    return Path(into) / rel, inner_root


def relabel(diagnostics: list[Diagnostic], folder: Path, rev: str) -> list[Diagnostic]:
    """Diagnostics of a page exported to ``folder`` naming its files ``REV:path``."""
    return [replace(d, span=replace(d.span, file=revision_name(d.span.file, folder, rev))) if d.span else d
            for d in diagnostics]


def revision_name(file: str, folder: Path, rev: str) -> str:
    """``REV:path`` for a file under the export ``folder``; other names unchanged."""
    try:
        return f"{rev}:{Path(file).resolve().relative_to(Path(folder).resolve()).as_posix()}"
    except ValueError:
        return file


def _inside(path: Path, top: Path) -> bool:
    try:
        path.relative_to(top)
    except ValueError:
        return False
    return True


def _git(cwd: Path, *args: str, what: str, hint: str | None = None) -> str:
    try:
        done = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, text=True, check=False)
    except FileNotFoundError:
        raise error("cannot compare with a revision: git is not installed",
                    hint="install git, or compare two page files (paiban diff OLD NEW)") from None
    if done.returncode != 0:
        detail = done.stderr.strip().splitlines()[-1] if done.stderr.strip() else f"exit status {done.returncode}"
        raise SpecError([Diagnostic("error", f"cannot {what} ({detail})", None,
                                    hint or f"is {cwd} inside a git work tree?")])
    return done.stdout
