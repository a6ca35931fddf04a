"""Vertical composition (竖排) helpers: punctuation in its vertical presentation form.

clreq ``#writing_modes_in_chinese_composition``: in vertical text 点号 sit in the upper
right, quotes become 「」『』 (rotated brackets), —— and …… are turned. The forms are
substituted at render time from the Unicode presentation forms U+FE10–FE19 and
U+FE30–FE4F, which the bundled fonts map (ReportLab applies no ``vert`` feature).
"""

from __future__ import annotations

VERTICAL_FORMS = {
    "，": "︐", "、": "︑", "。": "︒", "：": "︓", "；": "︔", "！": "︕", "？": "︖",
    "（": "︵", "）": "︶", "｛": "︷", "｝": "︸", "〔": "︹", "〕": "︺", "【": "︻", "】": "︼",
    "《": "︽", "》": "︾", "〈": "︿", "〉": "﹀", "「": "﹁", "」": "﹂", "『": "﹃", "』": "﹄",
    "“": "﹁", "”": "﹂", "‘": "﹃", "’": "﹄", "—": "︱", "…": "︙", "～": "≀",
}


def vertical_form(ch: str) -> str:
    """The character to draw for ``ch`` in vertical text."""
    return VERTICAL_FORMS.get(ch, ch)
