"""PDF streams made again with the same bytes: font subsets and their compression, kept.

Saving a PDF, ReportLab cuts a TrueType subset of every 256 characters a face draws
(``TTFontFace.makeSubset``, pure Python) and deflates it, and deflates the output profile;
a resident process (``paiban serve``, ``watch``) that draws an edited page again makes the
same subsets of the same faces, and the same profile, every time. :func:`keep_subsets`
gives a registered face a ``addSubsetObjects`` that takes the subset's bytes and their
deflated form from a bounded memo keyed by the face file's identity and the subset's
characters; :data:`FLATE` is the ``FlateDecode`` filter that deflates a stream once
for the same bytes. Either writes exactly what ReportLab writes (``zlib.compress`` at its
default level), so a PDF is byte-identical whether the memo was warm or not.

A fresh process (``paiban render`` of a page drawn before) finds the subsets, and their
deflated form, in the on-disk cache (:mod:`typeset.cache`: named by the face file's path,
size and mtime, the ReportLab and zlib versions and the characters; :data:`DISK_ENTRIES`
kept, the oldest removed), and the output profile's deflated form likewise.
"""

from __future__ import annotations

import os
import types
import zlib
from pathlib import Path

import reportlab
from reportlab import rl_config
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.ttfonts import FF_NONSYMBOLIC, FF_SYMBOLIC, SUBSETN, TTFont, makeToUnicodeCMap

from ..cache import entry_for, read_blob, write_blob
from ..hashes import blake2b

MAX_BYTES = 48 << 20  # raw bytes kept by each memo before it starts again
DISK_ENTRIES = 512    # subset and deflated-stream files kept in the cache folder
_VERSION = f"reportlab-{reportlab.Version}-zlib-{zlib.ZLIB_RUNTIME_VERSION}-1"


class _Memo:
    """A dictionary bounded by the total length of its bytes values (cleared when full)."""

    def __init__(self, limit: int = MAX_BYTES) -> None:
        self.limit, self.size, self.data = limit, 0, {}

    def get(self, key):
        return self.data.get(key)

    def put(self, key, value: bytes, size: int) -> bytes:
        if self.size + size > self.limit:
            self.data.clear()
            self.size = 0
        self.data[key] = value
        self.size += size
        return value

    def clear(self) -> None:
        self.data.clear()
        self.size = 0


_subsets = _Memo()   # (face file identity, subset characters) -> subset font bytes
_cmaps = _Memo()     # (subset font name, its characters) -> its ToUnicode CMap
_deflated = _Memo()  # raw stream bytes -> zlib.compress of them


class _Flate(pdfdoc.PDFStreamFilterZCompress):
    """ReportLab's ``FlateDecode`` filter, deflating the same bytes only once."""

    def encode(self, text):
        if isinstance(text, str):
            text = text.encode("utf8")
        done = _deflated.get(text)
        return done if done is not None else _deflated.put(text, zlib.compress(text), len(text))


FLATE = _Flate()


def clear() -> None:
    """Forget every subset and deflated stream kept."""
    _subsets.clear()
    _cmaps.clear()
    _deflated.clear()


def keep_subsets(font, identity: tuple) -> None:
    """Make ``font`` (a ``TTFont`` to register; ``identity``: its file's path, size and
    mtime) take the subsets it embeds, and their character maps, from the memo."""
    font.addObjects = types.MethodType(_add_objects, font)
    font.face.addSubsetObjects = types.MethodType(_add_subset_objects, font.face)
    font.face._subset_identity = identity


def subset_bytes(face, subset) -> bytes:
    """``face.makeSubset(subset)``, made once per face file and characters."""
    key = (face._subset_identity, tuple(subset))
    data = _subsets.get(key)
    if data is None:
        entry = _entry(face._subset_identity[0], "ttf", *key)
        data = read_blob(entry)
        if data is None:
            data = face.makeSubset(subset)
            _store(entry, data)
        _subsets.put(key, data, len(data))
    return data


def deflate_once(data: bytes, source: str, what: str) -> None:
    """Have :data:`FLATE` deflate ``data`` (``what`` of the file ``source``) with what
    the on-disk cache holds for these bytes, or deflate them now and store that."""
    if _deflated.get(data) is not None:
        return
    entry = _entry(source, what + ".z", blake2b(data, digest_size=32).digest())
    packed = read_blob(entry)
    if packed is None:
        packed = zlib.compress(data)
        _store(entry, packed)
    _deflated.put(data, packed, len(data))


def _entry(source: str, what: str, *detail):
    digest = blake2b(repr(detail).encode(), digest_size=16).hexdigest()
    return entry_for("streams", Path(source), _VERSION, what, digest, suffix="." + what)


def _store(entry, data: bytes) -> None:
    """Write a cache entry; past :data:`DISK_ENTRIES` in its folder, drop the older half."""
    if not write_blob(entry, data):
        return
    try:
        files = [(e.stat().st_mtime_ns, e.path) for e in os.scandir(entry.parent) if e.is_file()]
        if len(files) > DISK_ENTRIES:
            for _, path in sorted(files)[:len(files) // 2]:
                os.unlink(path)
    except OSError:  # another process pruned first, or the folder is not ours to tidy
        pass


def _add_subset_objects(self, doc, fontname, subset):
    """``TTFontFace.addSubsetObjects`` (ReportLab 4.2 to 5.1) with the subset's font
    program from :func:`subset_bytes` and deflated by :data:`FLATE`."""
    fontFile = pdfdoc.PDFStream()
    fontFile.content = subset_bytes(self, subset)
    fontFile.dictionary["Length1"] = len(fontFile.content)
    if doc.compression:
        deflate_once(fontFile.content, self._subset_identity[0], "ttf")
        fontFile.filters = [FLATE]
    fontFileRef = doc.Reference(fontFile, "fontFile:%s(%s)" % (self.filename, fontname))
    flags = (self.flags & ~FF_NONSYMBOLIC) | FF_SYMBOLIC
    fontDescriptor = pdfdoc.PDFDictionary({
        "Type": "/FontDescriptor",
        "Ascent": self.ascent,
        "CapHeight": self.capHeight,
        "Descent": self.descent,
        "Flags": flags,
        "FontBBox": pdfdoc.PDFArray(self.bbox),
        "FontName": pdfdoc.PDFName(fontname),
        "ItalicAngle": self.italicAngle,
        "StemV": self.stemV,
        "FontFile2": fontFileRef,
        "MissingWidth": self.defaultWidth,
    })
    return doc.Reference(fontDescriptor, "fontDescriptor:" + fontname)


class _Numbers(pdfdoc.PDFArray):
    """A ``PDFArray`` of numbers formatted as ReportLab formats one (``PDFArray.format``),
    by one ``fp_str`` call."""

    def format(self, document, IND=b"\n "):
        if not self.sequence:
            return super().format(document, IND)
        items = fp_str(*self.sequence).encode("ascii").split(b" ")
        if (self.multiline and rl_config.pdfMultiLine) or self.multiline == "forced":
            return b"[ " + IND.join(items) + b" ]"
        for i in reversed(range(10, len(items), 10)):  # a line break every 10 numbers
            items.insert(i, b"\n ")
        return b"[ " + b" ".join(items) + b" ]"


def _to_unicode(name: str, subset) -> bytes:
    key = (name, tuple(subset))
    data = _cmaps.get(key)
    if data is None:
        data = makeToUnicodeCMap(name, subset).encode("utf8")
        _cmaps.put(key, data, len(data))
    return data


def _add_objects(self, doc):
    """``TTFont.addObjects`` (ReportLab 4.2 to 5.1): the font dictionaries of every
    subset the document used, with the ToUnicode maps kept and deflated by :data:`FLATE`
    and the widths formatted at once."""
    try:
        state = self.state[doc]
    except KeyError:
        state = self.state[doc] = TTFont.State(self._asciiReadable)
    state.frozen = 1
    widths, default = self.face.charWidths, self.face.defaultWidth
    for n, subset in enumerate(state.subsets):
        internalName = self.getSubsetInternalName(n, doc)[1:]
        baseFontName = (b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX))).decode("pdfdoc")
        pdfFont = pdfdoc.PDFTrueTypeFont()
        pdfFont.__Comment__ = "Font %s subset %d" % (self.fontName, n)
        pdfFont.Name = internalName
        pdfFont.BaseFont = baseFontName
        pdfFont.FirstChar = 0
        pdfFont.LastChar = len(subset) - 1
        pdfFont.Widths = _Numbers([widths.get(code, default) for code in subset])  # face.getCharWidth
        cmapStream = pdfdoc.PDFStream()
        cmapStream.content = _to_unicode(baseFontName, subset)
        if doc.compression:
            cmapStream.filters = [FLATE]
        pdfFont.ToUnicode = doc.Reference(cmapStream, "toUnicodeCMap:" + baseFontName)
        pdfFont.FontDescriptor = self.face.addSubsetObjects(doc, baseFontName, subset)
        doc.Reference(pdfFont, internalName)
        doc.idToObject["BasicFonts"].dict[internalName] = pdfFont
    del self.state[doc]
