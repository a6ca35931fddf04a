"""PDF/X-1a and PDF/X-4 print files, read back with pypdf and pikepdf (never our code):
version, Info keys, OutputIntent and profile, XMP, page boxes, no transparency."""

from __future__ import annotations

import shutil

import pikepdf
import pytest
from pypdf import PdfReader

from typeset.cli import main

from conftest import EXAMPLES, ROOT

PROFILE = ROOT / "profiles" / "TypesetNewsprint-TR002.icc"


@pytest.fixture(scope="module")
def files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdfx")
    spec = str(EXAMPLES / "laodongzhe" / "page.yaml")
    out = {}
    for name, extra in (("1a", []), ("4", ["--pdfx", "4"]), ("none", ["--pdfx", "none"]),
                        ("proof", ["--proof"]), ("marks", ["--marks"])):
        out[name] = folder / f"{name}.pdf"
        assert main(["render", spec, "-o", str(out[name]), "-q", *extra]) == 0, name
    return out


def _boxes(page):
    return {k: [float(v) for v in page[k]] for k in ("/MediaBox", "/TrimBox", "/BleedBox", "/ArtBox") if k in page}


def _inside(inner, outer):
    return inner[0] >= outer[0] - 1e-3 and inner[1] >= outer[1] - 1e-3 and inner[2] <= outer[2] + 1e-3 \
        and inner[3] <= outer[3] + 1e-3


def test_pdfx1a_document_keys(files):
    reader = PdfReader(files["1a"])
    assert reader.pdf_header == "%PDF-1.3"
    info = reader.trailer["/Info"]
    assert info["/GTS_PDFXVersion"] == "PDF/X-1:2001"       # ISO 15930-1 names the part so
    assert info["/GTS_PDFXConformance"] == "PDF/X-1a:2001"
    assert info["/Title"] == "劳动者之窗"
    assert info["/CreationDate"] == info["/ModDate"] == "D:20230113000000+00'00'"  # meta.date
    assert info["/Trapped"] == "/False"
    assert len(reader.trailer["/ID"]) == 2
    (intent,) = reader.trailer["/Root"]["/OutputIntents"]
    intent = intent.get_object()
    assert intent["/S"] == "/GTS_PDFX" and intent["/OutputConditionIdentifier"] == "CGATS TR 002"
    assert intent["/RegistryName"] == "http://www.color.org" and "newsprint" in intent["/Info"]
    profile = intent["/DestOutputProfile"].get_object()
    assert profile["/N"] == 4
    icc = profile.get_data()
    assert icc == PROFILE.read_bytes() and icc[12:20] == b"prtrCMYK"


def test_pdfx1a_pages_have_trim_and_bleed_inside_media_and_no_art_box(files):
    for page in PdfReader(files["1a"]).pages:
        boxes = _boxes(page)
        assert "/ArtBox" not in boxes
        assert _inside(boxes["/TrimBox"], boxes["/BleedBox"]) and _inside(boxes["/BleedBox"], boxes["/MediaBox"])


def test_pdfx1a_has_no_transparency_and_device_cmyk_only(files):
    with pikepdf.open(files["1a"]) as pdf:
        for page in pdf.pages:
            for state in (page.Resources.get("/ExtGState") or {}).values():
                assert "/CA" not in state and "/ca" not in state and "/SMask" not in state
                assert "/BM" not in state
            for image in (page.Resources.get("/XObject") or {}).values():
                assert image.ColorSpace == "/DeviceCMYK" and "/SMask" not in image
            assert "/Group" not in page.obj
        filters = {str(f) for o in pdf.objects if isinstance(o, pikepdf.Stream)
                   for f in ([o.Filter] if isinstance(o.get("/Filter"), pikepdf.Name) else o.get("/Filter", []))}
        assert filters <= {"/FlateDecode", "/DCTDecode"}


def test_pdfx4_version_xmp_and_the_same_intent(files):
    with pikepdf.open(files["4"]) as pdf:
        assert pdf.pdf_version == "1.6"
        assert str(pdf.docinfo["/GTS_PDFXVersion"]) == "PDF/X-4"
        xmp = pdf.open_metadata()
        assert xmp["pdfxid:GTS_PDFXVersion"] == "PDF/X-4"
        assert xmp["dc:title"] == "劳动者之窗"
        assert xmp["xmpMM:DocumentID"].startswith("uuid:") and xmp["xmpMM:RenditionClass"] == "default"
        (intent,) = pdf.Root.OutputIntents
        assert intent.S == "/GTS_PDFX" and intent.OutputConditionIdentifier == "CGATS TR 002"
        assert "/Metadata" in pdf.Root and "/Filter" not in pdf.Root.Metadata


def test_proof_and_plain_pdf_claim_no_pdfx(files):
    for name in ("proof", "none"):
        info = PdfReader(files[name]).trailer["/Info"]
        assert "/GTS_PDFXVersion" not in info and "/OutputIntents" not in PdfReader(files[name]).trailer["/Root"]
    assert "not PDF/X" in PdfReader(files["proof"]).trailer["/Info"]["/Keywords"]


def test_marks_keep_the_trim_box_on_the_trimmed_page(files):
    plain, marked = PdfReader(files["1a"]).pages[0], PdfReader(files["marks"]).pages[0]
    trim, trim_marked = _boxes(plain)["/TrimBox"], _boxes(marked)["/TrimBox"]
    assert trim[2] - trim[0] == pytest.approx(trim_marked[2] - trim_marked[0])
    assert trim[3] - trim[1] == pytest.approx(trim_marked[3] - trim_marked[1])
    boxes = _boxes(marked)
    assert "/ArtBox" not in boxes and _inside(boxes["/BleedBox"], boxes["/MediaBox"])
    assert boxes["/MediaBox"][2] > boxes["/BleedBox"][2]  # the marks sit outside the bleed
    with pikepdf.open(files["marks"]) as pdf:  # registration colour is Separation All, not 400 % CMYK
        spaces = pdf.pages[0].Resources.ColorSpace
        assert any(str(cs[0]) == "/Separation" and str(cs[1]) == "/All" for cs in spaces.values())


def test_source_date_epoch_sets_the_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 2023-11-14 22:13:20 UTC
    out = tmp_path / "x.pdf"
    assert main(["render", str(EXAMPLES / "guanxin" / "page.yaml"), "-o", str(out), "-q", "--pdfx", "4"]) == 0
    with pikepdf.open(out) as pdf:
        assert str(pdf.docinfo.CreationDate) == "D:20231114221320+00'00'"
        assert pdf.open_metadata()["xmp:CreateDate"] == "2023-11-14T22:13:20Z"


def test_pdfx4_is_deterministic():
    from typeset.pipeline import build
    from typeset.render import render_pdf

    page = build(EXAMPLES / "guanxin" / "page.yaml").page
    assert render_pdf([page], pdfx="4") == render_pdf([page], pdfx="4")


PRINT_PAGE = """\
extends: broadsheet
print:
  profile: {profile}
  condition: {condition}
  ink_limit: 220
blocks:
  - id: t
    kind: text
    area: {{col: 1, cols: 4, row: 1, rows: 2}}
    lines: [正文一行]
"""


def test_the_layout_names_another_profile_and_condition(tmp_path):
    shutil.copyfile(PROFILE, tmp_path / "press.icc")
    spec = tmp_path / "page.yaml"
    spec.write_text(PRINT_PAGE.format(profile="press.icc", condition="My plant, 220 %"), encoding="utf-8")
    assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 0
    with pikepdf.open(tmp_path / "out.pdf") as pdf:
        (intent,) = pdf.Root.OutputIntents
        assert str(intent.OutputConditionIdentifier) == "My plant, 220 %"
        assert "/RegistryName" not in intent  # not a registered condition
        assert intent.DestOutputProfile.read_bytes() == PROFILE.read_bytes()


def test_an_rgb_profile_is_an_input_error(tmp_path, capsys):
    from PIL import ImageCms

    (tmp_path / "srgb.icc").write_bytes(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    spec = tmp_path / "page.yaml"
    spec.write_text(PRINT_PAGE.format(profile="srgb.icc", condition="x"), encoding="utf-8")
    (tmp_path / "out.pdf").write_bytes(b"previous")
    assert main(["render", str(spec), "-o", str(tmp_path / "out.pdf"), "-q"]) == 2
    err = capsys.readouterr().err
    assert "page.yaml:3:" in err and "not CMYK" in err and "Traceback" not in err
    assert (tmp_path / "out.pdf").read_bytes() == b"previous"


def test_bundled_profile_is_what_the_tool_builds():
    """The committed profile is the one tools/build_icc.py makes (header date fixed)."""
    data = PROFILE.read_bytes()
    assert data[36:40] == b"acsp" and data[24:30] == b"\x07\xd7\x00\x01\x00\x01"  # 2007-01-01
    assert (ROOT / "profiles" / "licenses" / "TR002-Zlib.txt").is_file()


def test_a_layout_names_the_profile_beside_itself_and_batch_keeps_one_condition(tmp_path, capsys):
    """print.profile is found beside the file that names it (here a layout); an issue
    whose pages claim different presses is refused: one PDF/X file, one output intent."""
    (tmp_path / "layouts").mkdir()
    shutil.copyfile(PROFILE, tmp_path / "layouts" / "press.icc")
    (tmp_path / "layouts" / "plant.yaml").write_text(
        "extends: broadsheet\nprint: {profile: press.icc, condition: Plant A}\n", encoding="utf-8")
    body = "blocks:\n  - id: t\n    kind: text\n    area: {col: 1, cols: 4, row: 1, rows: 2}\n    lines: [正文一行]\n"
    (tmp_path / "a.yaml").write_text("extends: plant\n" + body, encoding="utf-8")
    (tmp_path / "b.yaml").write_text("extends: broadsheet\n" + body, encoding="utf-8")
    assert main(["render", str(tmp_path / "a.yaml"), "-o", str(tmp_path / "a.pdf"), "-q"]) == 0
    with pikepdf.open(tmp_path / "a.pdf") as pdf:
        assert str(pdf.Root.OutputIntents[0].OutputConditionIdentifier) == "Plant A"
    assert main(["batch", str(tmp_path / "a.yaml"), str(tmp_path / "b.yaml"), "-o", str(tmp_path / "ab.pdf"),
                 "-q", "--jobs", "1"]) == 2
    assert "one printing condition" in capsys.readouterr().err and not (tmp_path / "ab.pdf").exists()
