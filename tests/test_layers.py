"""Import rules: ReportLab only in render/, fontTools only in fonts/, the composer
imports neither."""

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src" / "typeset"


def imports(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name.split(".")[0] for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_reportlab_only_in_render():
    users = {path.relative_to(SRC).as_posix() for path in SRC.rglob("*.py") if "reportlab" in imports(path)}
    assert users and all(u.startswith("render/") for u in users), users


def test_fonttools_only_in_fonts():
    for path in SRC.rglob("*.py"):
        if "fontTools" in imports(path):
            assert path.relative_to(SRC).parts[0] == "fonts"


def test_composer_is_pure():
    for path in (SRC / "text").rglob("*.py"):
        assert not imports(path) & {"reportlab", "fontTools", "yaml", "pydantic"}
