"""The font registry: style roles (song, hei, kai …) mapped to font files.

A :class:`FontSet` answers what composition and layout ask of fonts — advance widths,
ascent and descent, coverage — from a metrics cache, so a warm run does not re-parse a
multi-megabyte font. Roles come from ``fonts/fonts.yaml`` (bundled) and may be
overridden by a layout or page (:meth:`FontSet.with_overrides`). Fonts with CFF outlines
are converted once to TrueType outlines (ReportLab embeds only those) and cached on disk
by content hash. Every character no font in a role's fallback chain has is recorded with
where it occurs (:class:`MissingGlyph`); it is never drawn silently as an empty box.
"""

from __future__ import annotations

import io
import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..data import data_dir
from ..cache import cache_dir, entry_for, read_entry, write_atomic_quiet, write_entry
from ..errors import display_path, quote

log = logging.getLogger(__name__)

CACHE_VERSION = 2
_UNKNOWN = object()  # not looked up yet (None means: no face has it)
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's parser where PyYAML has it: ~10× faster


class FontError(Exception):
    """A font file is missing, unreadable or not a font; or a role is unknown."""


@dataclass(frozen=True, slots=True)
class RoleSpec:
    role: str
    file: Path | None
    face: int | str | None = None
    fallback: tuple[str, ...] = ()


@dataclass(slots=True)
class Face:
    """Metrics of one font file, as the composer and layout need them."""

    path: Path          # a TrueType-outline file ReportLab can embed
    source: Path        # the file the user named
    name: str           # unique PostScript-style name for registration
    upm: int
    ascent: float       # em
    descent: float      # em (positive, below the baseline)
    advances: dict[int, float]  # code point -> advance in em

    def has(self, ch: str) -> bool:
        return ord(ch) in self.advances


@dataclass(frozen=True, slots=True)
class MissingGlyph:
    char: str
    role: str
    where: str

    @property
    def codepoint(self) -> str:
        return f"U+{ord(self.char):04X}"


def bundled_fonts_dir() -> Path:
    return data_dir("fonts")


def load_roles(config: Path) -> dict[str, RoleSpec]:
    """Read a fonts.yaml: ``roles: {name: {file, face, fallback}}``."""
    try:
        data = yaml.load(config.read_text(encoding="utf-8"), Loader=_SAFE_LOADER) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise FontError(f"{config}: cannot read font configuration ({exc})") from exc
    roles = {}
    for name, entry in (data.get("roles") or {}).items():
        roles[name] = role_from_mapping(name, entry or {}, config.parent)
    return roles


def role_from_mapping(name: str, entry: dict, base: Path) -> RoleSpec:
    file = entry.get("file")
    return RoleSpec(
        role=name,
        file=(base / file) if file else None,
        face=entry.get("face"),
        fallback=tuple(entry.get("fallback") or ()),
    )


MAX_REMEMBERED = 20_000  # texts whose missing characters a FontSet remembers


@dataclass
class FontSet:
    """Roles → faces with fallback chains; metrics cached in memory and on disk."""

    roles: dict[str, RoleSpec]
    _faces: dict[Path, Face] = field(default_factory=dict)
    _chains: dict[str, tuple[Face, ...]] = field(default_factory=dict)
    _adv: dict[tuple[str, str], float] = field(default_factory=dict)
    _face_of: dict[str, dict[str, Face | None]] = field(default_factory=dict)  # role -> character -> face
    _missing: dict[tuple[str, str], frozenset[str]] = field(default_factory=dict)

    @classmethod
    def bundled(cls) -> FontSet:
        return cls(load_roles(bundled_fonts_dir() / "fonts.yaml"))

    def with_overrides(self, overrides: dict[str, RoleSpec]) -> FontSet:
        """A FontSet whose roles are replaced by ``overrides``; loaded faces are shared."""
        if not overrides:
            return self
        merged = dict(self.roles)
        merged.update(overrides)
        return FontSet(merged, _faces=self._faces)

    # -- what composition asks -------------------------------------------------------
    def advance(self, role: str, ch: str) -> float:
        key = (role, ch)
        adv = self._adv.get(key)
        if adv is None:
            face = self.face_for(role, ch)
            if face is not None:
                adv = face.advances[ord(ch)]
            else:
                adv = 0.5 if ch.isascii() else 1.0
            self._adv[key] = adv
        return adv

    def face_for(self, role: str, ch: str) -> Face | None:
        """The first face in the role's chain that has ``ch`` (memoised)."""
        known = self.faces_of(role)
        found = known.get(ch, _UNKNOWN)
        if found is _UNKNOWN:
            cp = ord(ch)
            found = known[ch] = next((f for f in self.chain(role) if cp in f.advances), None)
        return found

    def faces_of(self, role: str) -> dict[str, Face | None]:
        """The role's characters looked up so far -> the face that sets each (None: no
        face has it): :meth:`face_for`'s memo, for a caller that looks up one glyph at a
        time (``layout.textset.Setter.runs``)."""
        known = self._face_of.get(role)
        if known is None:
            known = self._face_of[role] = {}
        return known

    def primary(self, role: str) -> Face:
        chain = self.chain(role)
        if not chain:
            raise FontError(f"font role {role!r} has no font file (check its fallback chain)")
        return chain[0]

    def missing(self, role: str, text: str) -> frozenset[str]:
        """The characters of ``text`` no face of the role has (remembered: a resident
        process asks again for every paragraph of every build)."""
        key = (role, text)
        found = self._missing.get(key)
        if found is None:
            chain = self.chain(role)
            found = frozenset(ch for ch in set(text)
                              if not ch.isspace() and not any(ord(ch) in f.advances for f in chain))
            if len(self._missing) >= MAX_REMEMBERED:
                self._missing.clear()
            self._missing[key] = found
        return found

    def chain(self, role: str) -> tuple[Face, ...]:
        cached = self._chains.get(role)
        if cached is None:
            cached = tuple(self.load(spec) for spec in self._resolve(role, ()))
            self._chains[role] = cached
        return cached

    def _resolve(self, role: str, seen: tuple[str, ...]) -> list[RoleSpec]:
        if role not in self.roles:
            known = ", ".join(sorted(self.roles))
            raise FontError(f"unknown font role {role!r} (known roles: {known})")
        if role in seen:
            return []
        spec = self.roles[role]
        out = [spec] if spec.file is not None else []
        for fb in spec.fallback:
            out += [s for s in self._resolve(fb, (*seen, role)) if s not in out]
        return out

    def load(self, spec: RoleSpec) -> Face:
        """The face of one role's file (metrics cached), loading it if needed."""
        assert spec.file is not None
        key = spec.file.resolve() if spec.face is None else Path(f"{spec.file.resolve()}#{spec.face}")
        face = self._faces.get(key)
        if face is None:
            face = load_face_metrics(spec.file, spec.face)
            self._faces[key] = face
        return face


def load_face_metrics(path: Path, face: int | str | None = None) -> Face:
    """Metrics of a font file, from the on-disk cache when the file is unchanged."""
    if not path.is_file():
        raise FontError(f"font file not found: {display_path(path)}")
    entry = entry_for("metrics", path, face, CACHE_VERSION)
    cached = read_entry(entry)
    if isinstance(cached, Face) and (cached.path == cached.source or _usable(cached.path)):
        return cached
    result = _read_face(path, face)
    write_entry(entry, result)
    return result


REQUIRED_TABLES = ("head", "hhea", "hmtx", "maxp", "cmap", "name", "post")  # what composing and embedding read
_PDF_NAME_BAD = set(" [](){}<>/%")  # characters a PostScript font name may not hold (ReportLab refuses them)


def _read_face(path: Path, face: int | str | None) -> Face:
    """Metrics of one font file. A damaged or unsuitable font is a :class:`FontError`
    saying what is wrong in words (never the parser's raw error)."""
    from .convert import load_face

    shown = display_path(path)
    with path.open("rb") as fh:
        magic = fh.read(4)
    if magic in (b"wOFF", b"wOF2"):
        raise FontError(f"{shown} is a WOFF{'2' if magic == b'wOF2' else ''} web font, not a font for print "
                        "(give the TTF or OTF file it was made from)")
    try:
        font = load_face(path, face)
        missing = [t for t in REQUIRED_TABLES if t not in font]
        if missing or not ("glyf" in font or "CFF " in font or "CFF2" in font):
            raise FontError(f"{shown} is not a usable font file: it has no {', '.join(missing) or 'outlines'} "
                            f"table{'s' if len(missing) > 1 else ''}")
        upm = font["head"].unitsPerEm
        if not 16 <= upm <= 16384:
            raise FontError(f"{shown} is not a usable font file: its unitsPerEm is {upm} (16–16384 expected)")
        cmap = font.getBestCmap()
        if not cmap:
            raise FontError(f"{shown} is not a usable font file: it has no Unicode character map (cmap)")
        return _metrics(path, face, font, upm, cmap)
    except FontError:
        raise
    except ValueError as exc:  # a face index or name that the collection does not have: our own words
        raise FontError(f"{shown}: {exc}") from None
    except Exception:  # noqa: BLE001 - fontTools raises whatever a damaged table makes it raise
        raise FontError(f"{shown} is not a usable font file (not a font, or a damaged or truncated one)") from None


def _metrics(path: Path, face, font, upm: int, cmap: dict) -> Face:
    import tempfile

    from .convert import cff_to_truetype, is_cff, rename_font

    ttf_path = path
    psname = (font["name"].getDebugName(6) or path.stem).replace(" ", "")
    bad = sorted({ch for ch in psname if ch in _PDF_NAME_BAD or not 33 <= ord(ch) <= 126})
    if bad:
        raise FontError(f"{display_path(path)} is not a usable font file: its PostScript name {quote(psname)} "
                        f"holds {' '.join(map(repr, bad))}, which a PDF font name may not (rename the font)")
    digest = _file_digest(path)
    if is_cff(font) or path.suffix.lower() in (".ttc", ".otc"):
        folder = cache_dir()
        ttf_path = (folder or Path(tempfile.gettempdir())) / "converted" / f"{digest[:24]}-{face}.ttf"
        if folder is None or not _usable(ttf_path):
            log.info("converting %s to TrueType outlines (once)", path.name)
            if is_cff(font):
                cff_to_truetype(font)
            rename_font(font, psname + "TS", "Regular", f"{psname}-{digest[:6]}")
            buf = io.BytesIO()
            font.save(buf)
            ttf_path = _store_converted(ttf_path, buf.getvalue(), digest, face)
        psname = f"{psname}-{digest[:6]}"
    hmtx = font["hmtx"].metrics
    advances = {cp: hmtx[g][0] / upm for cp, g in cmap.items() if g in hmtx}
    os2 = font["OS/2"] if "OS/2" in font else None
    hhea = font["hhea"]
    ascent = (os2.sTypoAscender if os2 else hhea.ascent) / upm
    descent = -(os2.sTypoDescender if os2 else hhea.descent) / upm
    return Face(ttf_path, path, f"TS-{psname}", upm, ascent, descent, advances)


def _usable(ttf: Path) -> bool:
    """A converted font in the cache that is complete: a TrueType file whose every table
    lies within the file (a truncated or damaged one is made again)."""
    from fontTools.ttLib import TTFont

    try:
        size = ttf.stat().st_size
        font = TTFont(ttf, lazy=True)
        try:
            return "glyf" in font and all(entry.offset + entry.length <= size
                                          for entry in font.reader.tables.values())
        finally:
            font.close()
    except Exception:  # noqa: BLE001 - any doubt: convert again
        return False


def _store_converted(ttf: Path, data: bytes, digest: str, face) -> Path:
    """Put a converted font in the cache (a unique temporary name, renamed when complete);
    where the cache cannot be written, in a private temporary folder for this run."""
    import tempfile

    if cache_dir() is not None and write_atomic_quiet(ttf, data):
        return ttf
    import atexit
    import shutil

    folder = Path(tempfile.mkdtemp(prefix="typeset-fonts-"))
    atexit.register(shutil.rmtree, folder, True)
    private = folder / ttf.name
    private.write_bytes(data)
    return private


def _file_digest(path: Path) -> str:
    import hashlib

    h = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()
