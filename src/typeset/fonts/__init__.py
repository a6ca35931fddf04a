"""Fonts: roles → files, fallback chains, cached metrics, CFF → TrueType conversion.

The only package that imports fontTools (besides the build script).
"""

from .registry import Face, FontError, FontSet, MissingGlyph, RoleSpec, bundled_fonts_dir

__all__ = ["Face", "FontError", "FontSet", "MissingGlyph", "RoleSpec", "bundled_fonts_dir"]
