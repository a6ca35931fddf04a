"""Document-level preflight: PDF/X identification, version, OutputIntent, Info and trailer,
page boxes, embedded fonts, forbidden filters and (for PDF/X-1a) transparency."""

from __future__ import annotations

import re

import pikepdf

# GTS_PDFXVersion (or GTS_PDFXConformance) -> the highest PDF version the part allows
PARTS = {"PDF/X-1a:2001": (1, 3), "PDF/X-1a:2003": (1, 4), "PDF/X-3:2002": (1, 3), "PDF/X-3:2003": (1, 4),
         "PDF/X-4": (1, 6), "PDF/X-4p": (1, 6)}
FORBIDDEN_FILTERS = {"/LZWDecode": "LZW", "/JBIG2Decode": "JBIG2"}
BOX_TOLERANCE = 0.01  # pt


def check(doc: pikepdf.Pdf, f) -> str:
    """Check the document; returns the rule set for the pages: ``"4"`` when the file is
    PDF/X-4 (transparency allowed), else ``"1a"``."""
    info = doc.trailer.get("/Info") or pikepdf.Dictionary()
    part = _part(doc, info, f)
    version = tuple(int(x) for x in doc.pdf_version.split(".")[:2])
    if part and version > PARTS[part]:
        f.add("error", "pdfx-version", f"{part} allows PDF {'.'.join(map(str, PARTS[part]))}, the file is PDF "
              f"{doc.pdf_version}")
    if part:
        _info(info, f)
        if "/ID" not in doc.trailer:
            f.add("error", "pdfx-id", "the trailer has no ID (PDF/X requires one)")
        _output_intent(doc, f)
    _filters(doc, f)
    for number, page in enumerate(doc.pages, 1):
        _boxes(page, number, f)
        _fonts(page, number, f)
    return "4" if part and part.startswith("PDF/X-4") else "1a"


def _part(doc: pikepdf.Pdf, info, f) -> str | None:
    conformance = str(info.get("/GTS_PDFXConformance", ""))
    version = str(info.get("/GTS_PDFXVersion", ""))
    xmp = _xmp_version(doc)
    if conformance.startswith("PDF/X-1a"):
        part = conformance
    elif version in PARTS:
        part = version
    elif xmp in PARTS:
        part = xmp
    else:
        f.add("error", "pdfx-version", "not a PDF/X file: no GTS_PDFXVersion in Info or XMP",
              hint="render with --pdfx 1a (the default) or --pdfx 4")
        return None
    if version == "PDF/X-1:2001" and not conformance:
        f.add("error", "pdfx-version", "GTS_PDFXVersion PDF/X-1:2001 without GTS_PDFXConformance")
    if part.startswith("PDF/X-4") and xmp != part:
        f.add("error", "pdfx-xmp", f"a {part} file needs pdfxid:GTS_PDFXVersion {part} in its XMP metadata"
              + (f" (found {xmp!r})" if xmp else ""))
    return part


def _xmp_version(doc: pikepdf.Pdf) -> str:
    meta = doc.Root.get("/Metadata")
    if not isinstance(meta, pikepdf.Stream):
        return ""
    try:
        text = meta.read_bytes().decode("utf-8", "replace")
    except pikepdf.PdfError:
        return ""
    found = re.search(r"pdfxid:GTS_PDFXVersion(?:>([^<]*)<|=\"([^\"]*)\")", text)
    return (found.group(1) or found.group(2) or "").strip() if found else ""


def _info(info, f) -> None:
    for key in ("/Title", "/CreationDate", "/ModDate"):
        if not str(info.get(key, "")).strip():
            f.add("error", "pdfx-info", f"Info has no {key[1:]} (PDF/X requires it)")
    if str(info.get("/Trapped", "")) not in ("/True", "/False"):
        f.add("error", "pdfx-info", "Info Trapped must be /True or /False")


def _output_intent(doc: pikepdf.Pdf, f) -> None:
    intents = [i for i in doc.Root.get("/OutputIntents", []) if str(i.get("/S", "")) == "/GTS_PDFX"]
    if len(intents) != 1:
        f.add("error", "output-intent", f"{len(intents)} GTS_PDFX OutputIntents (PDF/X requires exactly one)",
              hint="the OutputIntent names the printing condition and carries the press's ICC profile")
        return
    intent = intents[0]
    if not str(intent.get("/OutputConditionIdentifier", "")).strip():
        f.add("error", "output-intent", "the OutputIntent has no OutputConditionIdentifier")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        if "color.org" not in str(intent.get("/RegistryName", "")):
            f.add("error", "output-intent", "the OutputIntent has no DestOutputProfile and no registered condition")
        return
    try:
        header = profile.read_bytes()[:40]
    except pikepdf.PdfError as exc:
        f.add("error", "output-intent", f"the output profile cannot be read: {exc}")
        return
    if header[36:40] != b"acsp":
        f.add("error", "output-intent", "DestOutputProfile is not an ICC profile")
    elif header[16:20] != b"CMYK" or header[12:16] != b"prtr":
        f.add("error", "output-intent", f"DestOutputProfile is a {header[16:20].decode('latin-1')} "
              f"{header[12:16].decode('latin-1')} profile, not a CMYK output profile")


def _filters(doc: pikepdf.Pdf, f) -> None:
    for obj in doc.objects:
        if isinstance(obj, pikepdf.Stream):
            filters = obj.get("/Filter")
            names = [str(x) for x in filters] if isinstance(filters, pikepdf.Array) else [str(filters or "")]
            for name in names:
                if name in FORBIDDEN_FILTERS:
                    f.add("error", "compression", f"a stream is {FORBIDDEN_FILTERS[name]}-compressed "
                          "(not allowed in PDF/X-1a)")


def _box(page, key: str):
    value = page.obj.get(key)
    if value is None:
        return None
    x0, y0, x1, y1 = (float(v) for v in value)
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _inside(inner, outer) -> bool:
    t = BOX_TOLERANCE
    return (inner[0] >= outer[0] - t and inner[1] >= outer[1] - t and inner[2] <= outer[2] + t
            and inner[3] <= outer[3] + t)


def _boxes(page, number: int, f) -> None:
    media = _box(page, "/MediaBox")
    if media is None:
        f.add("error", "page-boxes", "no MediaBox on the page object (inherited boxes confuse RIPs)", number)
        return
    trim, art, bleed = _box(page, "/TrimBox"), _box(page, "/ArtBox"), _box(page, "/BleedBox")
    if trim is None and art is None:
        f.add("error", "page-boxes", "no TrimBox (PDF/X requires the trimmed page size)", number)
    if trim is not None and art is not None:
        f.add("error", "page-boxes", "both a TrimBox and an ArtBox (PDF/X allows one of them)", number)
    for name, box in (("TrimBox", trim), ("ArtBox", art), ("BleedBox", bleed)):
        if box is not None and not _inside(box, media):
            f.add("error", "page-boxes", f"the {name} reaches outside the MediaBox", number)
    if bleed is not None:
        for name, box in (("TrimBox", trim), ("ArtBox", art)):
            if box is not None and not _inside(box, bleed):
                f.add("error", "page-boxes", f"the {name} reaches outside the BleedBox", number)


def _fonts(page, number: int, f) -> None:
    for name, font in _all_fonts(page.obj.get("/Resources"), set()):
        subtype = str(font.get("/Subtype", ""))
        if subtype == "/Type3":
            continue
        if subtype == "/Type0":
            descendants = font.get("/DescendantFonts") or []
            font = descendants[0] if len(descendants) else font
        descriptor = font.get("/FontDescriptor")
        embedded = descriptor is not None and any(k in descriptor for k in ("/FontFile", "/FontFile2",
                                                                           "/FontFile3"))
        if not embedded:
            base = str(font.get("/BaseFont", name))
            f.add("error", "font-embedding", f"font {base.lstrip('/')} is not embedded", number,
                  hint="every font must be embedded for print")


def _all_fonts(resources, seen: set):
    """(name, font) of a resource dictionary and of the forms it uses, each once."""
    if resources is None or resources.objgen in seen and resources.objgen != (0, 0):
        return
    seen.add(resources.objgen)
    for name, font in (resources.get("/Font") or {}).items():
        yield name, font
    for xobject in (resources.get("/XObject") or {}).values():
        if str(xobject.get("/Subtype", "")) == "/Form":
            yield from _all_fonts(xobject.get("/Resources"), seen)
