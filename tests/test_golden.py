"""Golden transcripts of layout: purpose-built pages set in a font built in code
(tests/testfont.py), so every number is exact and independent of the bundled fonts.

Each folder of tests/golden/ holds a page.yaml and expected.txt, the display list as
``paiban check --transcript`` prints it. After an intended change of layout, look at
the difference, then rewrite the files with ``TYPESET_UPDATE_GOLDEN=1 pytest tests/test_golden.py``.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from testfont import build_test_font

from typeset.pipeline import build
from typeset.layout.transcript import transcript

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = sorted(p.name for p in GOLDEN.iterdir() if p.is_dir())


@pytest.fixture(scope="module")
def test_font(tmp_path_factory) -> Path:
    return build_test_font(tmp_path_factory.mktemp("font") / "test.ttf")


@pytest.mark.parametrize("case", CASES)
def test_golden_transcript(case, tmp_path, test_font):
    work = tmp_path / case
    shutil.copytree(GOLDEN / case, work)
    shutil.copy(test_font, work / "test.ttf")
    text = transcript(build(work / "page.yaml").page, proof=True)
    expected = GOLDEN / case / "expected.txt"
    if os.environ.get("TYPESET_UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")
