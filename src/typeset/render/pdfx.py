"""The document-level parts of a print file: PDF/X-1a:2001 or PDF/X-4 (ISO 15930-1 and -7).

ReportLab has no PDF/X API; this module gives its document what a plant's preflight
asks for, just before it is written:

- the PDF version (1.3 for X-1a, 1.6 for X-4);
- the Info dictionary: Title, CreationDate and ModDate (reproducible: SOURCE_DATE_EPOCH,
  else the page's ``meta.date``, else 2000-01-01), ``Trapped /False``, and
  ``GTS_PDFXVersion`` (``PDF/X-1:2001`` with ``GTS_PDFXConformance PDF/X-1a:2001``, as
  ISO 15930-1 names them; ``PDF/X-4``);
- one OutputIntent ``/S /GTS_PDFX`` with OutputConditionIdentifier, RegistryName, Info
  and the output profile embedded as DestOutputProfile;
- for X-4, XMP metadata (``pdfxid:GTS_PDFXVersion``, document and version IDs) that
  agrees with the Info dictionary;
- a trailer ID from the pages' content, not only from the title.

A proof is not a print file: it gets no PDF/X keys and its Info says so.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os

from reportlab.pdfbase.pdfdoc import PDFArray, PDFDictionary, PDFName, PDFObject, PDFStream, PDFString
from reportlab.pdfbase.pdfdoc import format as pdf_format

from .streams import FLATE, deflate_once

MODES = ("1a", "4", "none")
VERSION = {"1a": (1, 3), "4": (1, 6)}
PDFX_VERSION = {"1a": "PDF/X-1:2001", "4": "PDF/X-4"}
PDFX_CONFORMANCE = {"1a": "PDF/X-1a:2001"}
PROOF_NOTE = "proof (校样): not PDF/X, not for print"
PRODUCER = "typeset (ReportLab)"


def document_time(meta: dict) -> dt.datetime:
    """When the file claims to be made: SOURCE_DATE_EPOCH, else the issue date at 00:00
    UTC, else 2000-01-01 (ReportLab's invariant date): the same page, the same bytes."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc)
    try:
        day = dt.date.fromisoformat(str(meta.get("date", ""))[:10])
        return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    except ValueError:
        return dt.datetime(2000, 1, 1, tzinfo=dt.timezone.utc)


class _Info(PDFObject):
    """The document Info dictionary, every value given (ReportLab's PDFInfo knows only
    its fixed keys and the invariant date)."""

    def __init__(self, values: dict[str, str]) -> None:
        self.values = values

    def digest(self, md5object) -> None:  # ReportLab feeds the Info into the trailer ID
        for key, value in self.values.items():
            md5object.update(f"{key}={value}".encode())

    def format(self, document):
        return PDFDictionary({k: PDFName(v[1:]) if k == "Trapped" else PDFString(v)
                              for k, v in self.values.items()}).format(document)


def finish_document(doc, *, mode: str, proof: bool, settings, meta: dict, title: str, author: str,
                    subject: str, content_digest: bytes) -> None:
    """Make ReportLab's ``doc`` a PDF/X file of ``mode`` (or a plain or proof PDF)."""
    when = document_time(meta)
    date = when.strftime("D:%Y%m%d%H%M%S+00'00'")
    info = {"Title": title, "Author": author, "Subject": subject, "Creator": "typeset", "Producer": PRODUCER,
            "CreationDate": date, "ModDate": date, "Trapped": "/False"}
    doc.updateSignature(content_digest)
    if proof or mode == "none":
        if proof:
            info["Keywords"] = PROOF_NOTE
        doc.info = _Info(info)
        return
    info["GTS_PDFXVersion"] = PDFX_VERSION[mode]
    if mode in PDFX_CONFORMANCE:
        info["GTS_PDFXConformance"] = PDFX_CONFORMANCE[mode]
    doc.info = _Info(info)
    doc._pdfVersion = VERSION[mode]
    catalog = doc.Catalog
    catalog.__NoDefault__ = [*type(catalog).__NoDefault__, "OutputIntents"]  # Metadata is known
    catalog.OutputIntents = PDFArray([output_intent(doc, settings)])
    if mode == "4":
        digest = hashlib.sha256(content_digest).hexdigest()
        catalog.Metadata = xmp_stream(title=title, author=author, when=when, mode=mode, digest=digest)


def output_intent(doc, settings) -> PDFDictionary:
    icc = settings.icc()
    deflate_once(icc, settings.profile, "icc")  # deflated once (kept in the cache)
    profile = PDFStream(PDFDictionary({"N": 4}), icc, filters=[FLATE])
    intent = {
        "Type": PDFName("OutputIntent"), "S": PDFName("GTS_PDFX"),
        "OutputConditionIdentifier": PDFString(settings.condition),
        "OutputCondition": PDFString(settings.info),
        "Info": PDFString(settings.info),
        "DestOutputProfile": doc.Reference(profile),
    }
    if settings.registry:
        intent["RegistryName"] = PDFString(settings.registry)
    return PDFDictionary(intent)


def xmp_stream(*, title: str, author: str, when: dt.datetime, mode: str, digest: str) -> PDFStream:
    """XMP metadata (uncompressed, as PDF/X-4 wants it readable) agreeing with Info."""
    import uuid
    from xml.sax.saxutils import escape  # here: it imports urllib.request (~15 ms), and X-1a has no XMP

    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ")
    creator = f"   <dc:creator><rdf:Seq><rdf:li>{escape(author)}</rdf:li></rdf:Seq></dc:creator>\n" if author else ""
    document_id = uuid.uuid5(uuid.NAMESPACE_URL, f"typeset:{title}:{digest}")
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfx="http://ns.adobe.com/pdfx/1.3/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{escape(title)}</rdf:li></rdf:Alt></dc:title>
{creator}   <pdf:Producer>{PRODUCER}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <pdfx:GTS_PDFXVersion>{PDFX_VERSION[mode]}</pdfx:GTS_PDFXVersion>
   <pdfxid:GTS_PDFXVersion>{PDFX_VERSION[mode]}</pdfxid:GTS_PDFXVersion>
   <xmp:CreatorTool>typeset</xmp:CreatorTool>
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
   <xmpMM:DocumentID>uuid:{document_id}</xmpMM:DocumentID>
   <xmpMM:InstanceID>uuid:{document_id}</xmpMM:InstanceID>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"""
    data = packet.encode("utf-8")
    return _Uncompressed(PDFDictionary({"Type": PDFName("Metadata"), "Subtype": PDFName("XML")}), data)


class _Uncompressed(PDFStream):
    """A stream written as it is, with no /Filter at all (ReportLab writes ``/Filter []``
    for an empty filter list, and compresses when given none)."""

    def format(self, document):
        dictionary = PDFDictionary(self.dictionary.dict.copy())
        content = document.encrypt.encode(self.content)
        dictionary["Length"] = len(content)
        return pdf_format(dictionary, document) + b"\nstream\n" + pdf_format(content, document) + b"endstream\n"
