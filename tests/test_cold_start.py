"""The cold path of ``paiban render`` imports only what the page needs: a good page is
checked without pydantic (spec/typed.py), drawn and preflighted in the forked helper
(ReportLab, pikepdf there), and a page without vertical presentation forms never loads
fontTools (fonts/ink.py). Each of these is tens of milliseconds of every render."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import EXAMPLES

HEAVY = ("pydantic", "pikepdf", "fontTools", "reportlab", "PIL", "pypdfium2", "rich")
PROBE = """
import json, sys
from typeset.cli import main
code = main(["render", sys.argv[1], "-o", sys.argv[2], "-q"])
print(json.dumps([code, sorted({m.split(".")[0] for m in sys.modules} & set(sys.argv[3:]))]))
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the drawing helper is forked on Linux only")
@pytest.mark.parametrize("page", ["laodongzhe", "guanxin"])
def test_a_cold_render_imports_nothing_heavy_in_the_parent(tmp_path, page):
    env = dict(os.environ, TYPESET_NO_SERVER="1", TYPESET_CACHE=str(tmp_path / "cache"))
    out = tmp_path / "page.pdf"
    for _ in range(2):  # the first run fills the caches (converted fonts, pictures)
        result = subprocess.run([sys.executable, "-c", PROBE, str(EXAMPLES / page / "page.yaml"), str(out), *HEAVY],
                                capture_output=True, text=True, env=env, check=True)
    code, heavy = json.loads(result.stdout.strip().splitlines()[-1])
    assert code == 0 and heavy == [], result.stderr
    assert out.read_bytes().startswith(b"%PDF-")
