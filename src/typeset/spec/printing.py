"""The page's print settings resolved: which CMYK output profile the PDF/X file claims
(the bundled newsprint profile or the layout's own), its printing condition, the ink
limit and the preflight thresholds (the ``print:`` section).

An ICC profile is checked here, where its file and line are known: it must be a CMYK
output (``prtr``) profile, or the PDF's OutputIntent would claim a press it cannot be.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..data import data_dir
from ..errors import Diagnostic, Span
from ..hashes import sha256

BUNDLED_PROFILE = "TypesetNewsprint-TR002.icc"
# the ICC registry's name for the characterization TR002.ti3 is (http://www.color.org)
BUNDLED_CONDITION = "CGATS TR 002"
BUNDLED_INFO = "Coldset offset on newsprint (ANSI CGATS/SNAP TR 002-2007), 240 % total area coverage"
REGISTRY = "http://www.color.org"


@dataclass(frozen=True, slots=True)
class PrintSettings:
    """What render and preflight need to know about the press (pickled to workers)."""

    profile: str              # path of the CMYK output ICC profile
    profile_sha: str          # sha256 of its bytes (cache keys, one OutputIntent per document)
    description: str          # the profile's own description
    condition: str            # OutputConditionIdentifier
    info: str                 # Info of the OutputIntent: the condition in words
    registry: str             # RegistryName ("" for a condition not in the ICC registry)
    ink_limit: float = 240.0  # total area coverage, %
    min_ppi: float = 170.0
    min_rule: float = 0.25
    rich_black_min: float = 20.0
    colour_text_min: float = 10.0

    def icc(self) -> bytes:
        return Path(self.profile).read_bytes()


def bundled_profile() -> Path:
    return data_dir("profiles", "*.icc") / BUNDLED_PROFILE


def default_settings() -> PrintSettings:
    """The bundled newsprint condition with the default limits."""
    return _bundled(str(bundled_profile()))


@lru_cache(maxsize=8)
def _bundled(path: str) -> PrintSettings:
    data = Path(path).read_bytes()
    return PrintSettings(path, sha256(data).hexdigest(), icc_description(data),
                         BUNDLED_CONDITION, BUNDLED_INFO, REGISTRY)


def resolve_print(section, span_of, problems: list[Diagnostic]) -> PrintSettings | None:
    """``section`` is the page's :class:`~typeset.spec.model.Print`; ``span_of(key)`` is
    where ``print.key`` is written. A bad profile is added to ``problems``."""
    base = default_settings()
    limits = dict(ink_limit=float(section.ink_limit), min_ppi=float(section.min_ppi),
                  min_rule=float(section.min_rule), rich_black_min=float(section.rich_black_min),
                  colour_text_min=float(section.colour_text_min))
    if section.profile is None:
        condition = section.condition or base.condition
        own = section.condition is not None and section.condition != base.condition
        return PrintSettings(base.profile, base.profile_sha, base.description, condition,
                             section.condition if own else base.info, "" if own else REGISTRY, **limits)
    span: Span = span_of("profile")
    path = Path(section.profile)
    if not path.is_absolute():
        path = Path(span.file).parent / path
    try:
        data = path.read_bytes()
    except OSError:
        problems.append(Diagnostic("error", f"print.profile: cannot read {section.profile!r}", span,
                                   "name a CMYK output ICC profile beside the page or layout", "input"))
        return None
    problem = icc_problem(data)
    if problem:
        problems.append(Diagnostic("error", f"print.profile {section.profile!r}: {problem}", span,
                                   "the output intent needs the press's CMYK output profile (.icc)", "input"))
        return None
    description = icc_description(data)
    condition = section.condition or description or path.stem
    return PrintSettings(str(path.resolve()), sha256(data).hexdigest(), description, condition,
                         description or condition, "", **limits)


def icc_problem(data: bytes) -> str | None:
    """Why ``data`` is not a CMYK output profile, or None."""
    if len(data) < 132 or data[36:40] != b"acsp":
        return "not an ICC profile"
    if data[16:20] != b"CMYK":
        return f"its colour space is {data[16:20].decode('latin-1').strip()}, not CMYK"
    if data[12:16] != b"prtr":
        return f"it is a {data[12:16].decode('latin-1')!r} profile, not an output (printer) profile"
    return None


def icc_description(data: bytes) -> str:
    """The profile's ``desc`` text (ICC v2 textDescription or v4 multiLocalizedUnicode)."""
    try:
        count = int.from_bytes(data[128:132], "big")
        for i in range(count):
            entry = 132 + 12 * i
            sig = data[entry:entry + 4]
            offset, size = (int.from_bytes(data[entry + k:entry + k + 4], "big") for k in (4, 8))
            if sig != b"desc":
                continue
            tag = data[offset:offset + size]
            if tag[:4] == b"desc":
                n = int.from_bytes(tag[8:12], "big")
                return tag[12:12 + n].rstrip(b"\0").decode("latin-1")
            if tag[:4] == b"mluc":
                length, start = (int.from_bytes(tag[20 + k:24 + k], "big") for k in (0, 4))
                return tag[start:start + length].decode("utf-16-be")
    except (ValueError, IndexError):
        pass
    return ""
