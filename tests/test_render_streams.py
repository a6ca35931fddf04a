"""Drawing again in a resident process: font subsets and deflated streams kept
(render/streams.py) give exactly the bytes of a cold render; the server's proof PDF
drawn without compression (``render_pdf(compress=False)``) draws the same pixels."""

from __future__ import annotations

import io
import subprocess
import sys
import zlib

import pypdf
import pytest

from conftest import EXAMPLES

COLD = """\
import sys
from pathlib import Path
from typeset.pipeline import build
from typeset.render import pdf, render_pdf
pdf.keep_subsets = lambda font, identity: None  # ReportLab's own addObjects, addSubsetObjects
sys.stdout.buffer.write(render_pdf([build(Path(sys.argv[1])).page], **eval(sys.argv[2])))
"""


def _cold(page, **kwargs) -> bytes:
    """The PDF of ``page`` drawn by a fresh process, its subsets made by ReportLab itself."""
    return subprocess.run([sys.executable, "-c", COLD, str(page), repr(kwargs)], capture_output=True,
                          check=True).stdout


@pytest.fixture
def page(guanxin_copy):
    return guanxin_copy


@pytest.mark.parametrize("kwargs", [{}, {"pdfx": "none", "compress": False}])
def test_an_edited_page_drawn_again_warm_has_the_bytes_of_a_cold_render(page, monkeypatch, kwargs):
    from reportlab.pdfbase.ttfonts import TTFontFace

    from typeset import pipeline
    from typeset.fonts import FontSet
    from typeset.render import render_pdf, streams

    monkeypatch.setattr(streams, "_subsets", streams._Memo())  # nothing kept by earlier tests
    made = []
    real = TTFontFace.makeSubset
    monkeypatch.setattr(TTFontFace, "makeSubset", lambda self, subset: made.append(1) or real(self, subset))
    pipeline.keep_warm(FontSet.bundled())
    try:
        render_pdf([pipeline.build(page).page], **kwargs)  # subsets made and kept
        letter = page.parent / "letter.md"
        letter.write_text(letter.read_text(encoding="utf-8").replace("孩子", "孩子们", 1), encoding="utf-8")
        first = len(made)
        warm = render_pdf([pipeline.build(page).page], **kwargs)
    finally:
        pipeline.keep_warm(None)
    assert first and len(made) - first < first  # the unchanged subsets were not made again
    assert warm == _cold(page, **kwargs)


def test_a_subset_is_kept_per_face_file_and_characters(monkeypatch):
    from typeset.render import streams

    class Face:
        def __init__(self, identity):
            self._subset_identity = identity
            self.made = 0

        def makeSubset(self, subset):
            self.made += 1
            return repr((self._subset_identity, subset)).encode()

    monkeypatch.setattr(streams, "_subsets", streams._Memo())
    old, new = Face(("f.ttf", 10, 1)), Face(("f.ttf", 12, 2))  # the same file, changed
    assert streams.subset_bytes(old, [0, 32, 20013]) == streams.subset_bytes(old, [0, 32, 20013])
    assert old.made == 1
    assert streams.subset_bytes(new, [0, 32, 20013]) != streams.subset_bytes(old, [0, 32, 20013])
    streams.subset_bytes(old, [0, 32, 20014])
    assert (old.made, new.made) == (2, 1)


def test_the_memo_starts_again_when_full():
    from typeset.render.streams import _Memo

    memo = _Memo(limit=10)
    memo.put("a", b"123456", 6)
    memo.put("b", b"1234", 4)
    assert memo.get("a") == b"123456" and memo.size == 10
    memo.put("c", b"1", 1)
    assert memo.get("a") is None and memo.get("c") == b"1" and memo.size == 1


def test_flate_deflates_as_zlib_does_and_the_same_bytes_once(monkeypatch):
    from typeset.render import streams

    monkeypatch.setattr(streams, "_deflated", streams._Memo())
    calls = []
    real = zlib.compress
    monkeypatch.setattr(streams.zlib, "compress", lambda data: calls.append(1) or real(data))
    data = "一二三 BT ET".encode() * 100
    assert streams.FLATE.encode(data) == real(data) == streams.FLATE.encode(bytes(data))
    assert streams.FLATE.encode("BT ET") == real(b"BT ET")
    assert len(calls) == 2 and streams.FLATE.pdfname == "FlateDecode"


def test_an_uncompressed_proof_has_no_filters_and_draws_the_same_pixels():
    import pypdfium2 as pdfium
    from PIL import ImageChops

    from typeset.pipeline import build
    from typeset.render import render_pdf

    built = build(EXAMPLES / "laodongzhe" / "page.yaml")
    packed, plain = (render_pdf([built.page], pdfx="none", compress=c) for c in (True, False))
    assert len(plain) > len(packed)
    page = pypdf.PdfReader(io.BytesIO(plain)).pages[0]
    assert "/Filter" not in page["/Contents"].get_object()
    for ref in page["/Resources"]["/Font"].values():
        program = ref.get_object()["/FontDescriptor"]["/FontFile2"].get_object()
        assert "/Filter" not in program and program["/Length1"] == len(program.get_data())
    assert page.extract_text() == pypdf.PdfReader(io.BytesIO(packed)).pages[0].extract_text()
    images = []
    for pdf in (packed, plain):
        doc = pdfium.PdfDocument(pdf)
        images.append(doc[0].render(scale=100 / 72).to_pil())
        doc.close()
    assert ImageChops.difference(*images).getbbox() is None


COUNTED = """\
import sys
from pathlib import Path
from reportlab.pdfbase.ttfonts import TTFontFace
from typeset.pipeline import build
from typeset.render import render_pdf
made, real = [], TTFontFace.makeSubset
TTFontFace.makeSubset = lambda self, subset: made.append(1) or real(self, subset)
data = render_pdf([build(Path(sys.argv[1])).page])
sys.stderr.write(f"made {len(made)}\\n")
sys.stdout.buffer.write(data)
"""


def _counted(page) -> tuple[bytes, int]:
    proc = subprocess.run([sys.executable, "-c", COUNTED, str(page)], capture_output=True, check=True)
    return proc.stdout, int(proc.stderr.decode().split("made ")[-1])


def test_a_fresh_process_takes_the_subsets_from_the_cache_and_draws_the_same_bytes(page):
    from typeset.cache import cache_dir

    first, made = _counted(page)
    again, remade = _counted(page)
    assert made > 3 and remade == 0 and again == first
    entries = sorted((cache_dir() / "streams").iterdir())
    assert any(e.suffix == ".ttf" for e in entries) and any(e.name.endswith(".icc.z") for e in entries)
    for entry in entries:  # damaged entries are made again, never embedded
        entry.write_bytes(entry.read_bytes()[:-7])
    damaged, remade = _counted(page)
    assert remade == made and damaged == first == _cold(page)


def test_the_cache_keeps_a_bounded_number_of_streams(tmp_path, monkeypatch):
    import os

    from typeset.render import streams

    monkeypatch.setenv("TYPESET_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(streams, "DISK_ENTRIES", 8)
    source = tmp_path / "face.ttf"
    source.write_bytes(b"a face")
    for i in range(20):
        entry = streams._entry(str(source), "ttf", i)
        streams._store(entry, b"subset %d" % i)
        os.utime(entry, ns=(i * 10**9, i * 10**9))  # written in this order
    from typeset.cache import read_blob

    kept = {read_blob(p) for p in (tmp_path / "cache" / "streams").iterdir()}
    assert 4 <= len(kept) <= 8 and b"subset 19" in kept and b"subset 0" not in kept and None not in kept
