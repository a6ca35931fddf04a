"""A regular (non-editable) install must carry every package of the source tree: an
editable install finds modules on disk and hides a package missing from pyproject.toml."""

from __future__ import annotations

import tomllib
from pathlib import Path

TOP = Path(__file__).resolve().parents[1]


def test_every_package_is_installed():
    config = tomllib.loads((TOP / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    listed = set(config["packages"])
    on_disk = {".".join(p.parent.relative_to(TOP / "src").parts) for p in (TOP / "src").rglob("__init__.py")}
    assert on_disk - listed == set(), "add these to [tool.setuptools] packages in pyproject.toml"


def test_package_data_exists():
    config = tomllib.loads((TOP / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    for package, folder in config["package-dir"].items():
        if package:
            assert (TOP / folder).is_dir(), folder
