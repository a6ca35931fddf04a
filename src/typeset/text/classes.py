"""Character classes for Chinese composition, as data (the one place these tables live).

Sources: W3C clreq (https://www.w3.org/TR/clreq/) ``#prohibition_rules_for_line_start_end``,
``#glyphs_sizes_and_positions_in_character_faces_of_punctuation_marks``,
``#h-unbreakable_marks_punctuation``; GB/T 15834—2011 §5.1; the tables are those of
``typography.md`` §3.2–§3.4 and §4.1.
"""

from __future__ import annotations

from enum import Enum


class Cls(Enum):
    """What a character is, for spacing and line breaking."""

    HAN = "han"            # ideographs, kana, full-width letters: 1 em, no blank
    OPEN = "open"          # opening quotes/brackets: ink in the right half, blank left half
    CLOSE = "close"        # closing quotes/brackets and 。，、；：？！: ink left, blank right half
    MIDDLE = "middle"      # interpunct ·: ½ em centred in GB, not compressible
    LONG = "long"          # —— and ……: 2 em, one unit, never split
    CONNECTOR = "conn"     # single — ～ –: may not start a line
    ALNUM = "alnum"        # Latin letters, digits and what sticks to them: unbreakable words
    LOPEN = "lopen"        # ASCII ( [ {: Latin width, no line end, glue only on the outer side
    LCLOSE = "lclose"      # ASCII ) ] }: Latin width, no line start, glue only on the outer side
    SPACE = "space"        # ASCII and ideographic-less spaces between Western words
    OTHER = "other"        # symbols (■ ● ★ ※ …): 1 em like Han, breakable around


# clreq "basic" + GB15834 §5.1.1–5.1.9, groups A–D of typography.md §3.2 (ink in left half).
CLOSING = frozenset("。，、；：？！．”’」』）〕】〗］｝》〉")
# §3.3: opening quotes, brackets, 书名号 (ink in right half).
OPENING = frozenset("“‘「『（〔【〖［｛《〈")
# Interpuncts: ½ em centred in mainland usage (clreq #h-punctuation_adjustment_space).
MIDDLE_DOTS = frozenset("·・‧")
# Connectors (GB15834 §5.1.6): 一字线, 浪纹线, 短横线.
CONNECTORS = frozenset("—～–~")
# Parts of a number or word that stick to it (typography.md §3.4): 11.6%, 1,200, ￥100, 37℃.
ALNUM_POSTFIX = frozenset("%％‰℃°′″")
ALNUM_PREFIX = frozenset("￥¥$＄£￡#＃")
ALNUM_INNER = frozenset(".,:'’-/_@&+=?#%")
# Marks that join the end of a Latin word or number (cooperation. GDP, 3+N+ 5km/):
# sentence punctuation after a Latin word attaches to it (UAX #14 IS/EX/PO after AL/NU).
ALNUM_TRAILING = frozenset(".,:;!?+/%‰℃")
# A sign before a digit belongs to the number (-12℃, −0.8%, +5).
NUMBER_SIGNS = frozenset("-−+±")
# Where a URL, e-mail address or path wider than the measure may break: after these
# (UAX #14 SY/IS/HY/BA classes; the Chicago Manual's URL rule).
URL_BREAK_AFTER = frozenset("/.-_@?&=")
ASCII_OPEN = frozenset("([{")
ASCII_CLOSE = frozenset(")]}")
# Never at line start (typography.md §3.2 A–H; ASCII closers are group H).
NO_START = CLOSING | MIDDLE_DOTS | CONNECTORS | ALNUM_POSTFIX | frozenset("!),.:;?]}…")
# Never at line end (typography.md §3.3).
# The interpunct is kept off the line end too: a transliterated name (克·罗塞蒂) is not
# broken at its dot, and a ½-em dot cell at the line end would leave the edge ragged.
NO_END = OPENING | ALNUM_PREFIX | MIDDLE_DOTS | frozenset("([{")
# Strict level only: —— and …… may not start a line (clreq issue 510).
LONG_MARKS = frozenset("—…⋯⸺")
# Stops that 开明 style keeps full width.
FULL_STOPS = frozenset("。？！")


def is_han(ch: str) -> bool:
    """Ideographs (URO, Ext A, compatibility, supplementary planes), kana, 〇 and 々."""
    o = ord(ch)
    return (
        0x4E00 <= o <= 0x9FFF or 0x3400 <= o <= 0x4DBF or 0xF900 <= o <= 0xFAFF
        or 0x20000 <= o <= 0x3FFFF or 0x3040 <= o <= 0x30FF or ch in "〇々〆"
    )


def is_alnum(ch: str) -> bool:
    """Latin, Greek, Cyrillic letters and digits (half-width, proportional)."""
    o = ord(ch)
    return (ch.isascii() and ch.isalnum()) or (0x00C0 <= o <= 0x024F) or (0x0370 <= o <= 0x04FF)


_CLASS_CACHE: dict[str, Cls] = {}


def classify(ch: str) -> Cls:
    """The class of one character (see :class:`Cls`), memoised."""
    cls = _CLASS_CACHE.get(ch)
    if cls is None:
        cls = _CLASS_CACHE[ch] = _classify(ch)
    return cls


def _classify(ch: str) -> Cls:
    if ch in CLOSING:
        return Cls.CLOSE
    if ch in OPENING:
        return Cls.OPEN
    if ch in MIDDLE_DOTS:
        return Cls.MIDDLE
    if ch in CONNECTORS:
        return Cls.CONNECTOR
    if ch == " " or ch == "\u00a0":
        return Cls.SPACE
    if is_han(ch):
        return Cls.HAN
    if ch in ASCII_OPEN:
        return Cls.LOPEN
    if ch in ASCII_CLOSE:
        return Cls.LCLOSE
    if is_alnum(ch) or ch in ALNUM_POSTFIX or ch in ALNUM_PREFIX or ch in "!?\"'<>":
        return Cls.ALNUM
    if ch in "…⋯":
        return Cls.LONG
    if 0xFF01 <= ord(ch) <= 0xFF5E:
        return Cls.HAN  # full-width letters and digits sit on the grid like Han
    return Cls.OTHER
