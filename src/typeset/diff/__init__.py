"""Proof diff (校样对比): compare two versions of a page and mark the changes on the new one.

``diff_pages`` reads as its steps: build both pages with the one pipeline (an old page
given as a git revision is first exported from git, ``revision``) → compare their copy
and display lists block by block (``compare``, with the character diff in ``texts``) →
proof marks on the new page (``marks``) that the PDF proof overlay draws. ``report``
turns the comparison into the JSON and text reports.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SpecError, display_path
from ..layout.display import Page
from ..pipeline import build
from .compare import PageDiff, Side, compare
from .marks import diff_marks
from .revision import export_page, relabel, revision_name

__all__ = ["DiffResult", "diff_pages", "page_file"]


@dataclass(frozen=True, slots=True)
class DiffResult:
    old: str            # the old page as the report names it (a path, or REV:path)
    new: str
    diff: PageDiff
    marked: Page        # the new page with the diff's proof marks
    inputs: dict        # files the pages were made from (never overwritten by the diff PDF)


def page_file(path: Path) -> Path:
    """A page file, or the page.yaml of a folder."""
    path = Path(path)
    return path / "page.yaml" if path.is_dir() else path


def diff_pages(old: Path, new: Path, rev: str | None = None, root: Path | None = None,
               time_limit: float | None = None) -> DiffResult:
    """Compare page ``old`` with page ``new``; with ``rev``, ``old`` is the file ``new``
    as it was at that git revision. Raises SpecError for invalid input on either side."""
    new = page_file(new)
    new_side = _side(new, root, time_limit, _shown)
    if rev is None:
        old = page_file(old)
        old_side = _side(old, root, time_limit, _shown)
        return _result(display_path(old), display_path(new), old_side, new_side)
    with tempfile.TemporaryDirectory(prefix="paiban-diff-") as folder:
        exported, old_root = export_page(new, rev, Path(folder), root)

        def name(file: str) -> str:
            return revision_name(file, Path(folder), rev)

        try:
            old_side = _side(exported, old_root, time_limit, name)
        except SpecError as exc:
            raise SpecError(relabel(exc.diagnostics, Path(folder), rev)) from None
        return _result(name(str(exported)), display_path(new), old_side, new_side, exported=True)


def _shown(file: str) -> str:
    return display_path(Path(file))


def _side(spec: Path, root: Path | None, time_limit: float | None, name) -> Side:
    built = build(spec, root=root, time_limit=time_limit, keep_spec=True)
    return Side(built.page, built.resolved, name, built.inputs)


def _result(old_name: str, new_name: str, old: Side, new: Side, exported: bool = False) -> DiffResult:
    diff = compare(old, new)
    marked = replace(new.page, proof=new.page.proof + tuple(diff_marks(diff, new.page)))
    inputs = dict(new.inputs) if exported else {**old.inputs, **new.inputs}
    return DiffResult(old_name, new_name, diff, marked, inputs)
