"""Lengths as staff write them: ``12pt``, ``4mm``, ``1.5cm``, ``小五``, ``2字``, ``3行``, ``2栏``.

Internal unit is the PostScript point (pt, 1/72 in). 号 sizes follow the table of
typography.md §2 (GB 40070 / Word values), configurable per layout (``sizes:``).
``字`` is the body size, ``行`` the body line pitch, ``栏`` a basic column plus gutter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MM = 72 / 25.4

HAO_SIZES: dict[str, float] = {
    "大特号": 63, "特号": 54, "初号": 42, "小初": 36, "一号": 26, "小一": 24,
    "二号": 22, "小二": 18, "三号": 16, "小三": 15, "四号": 14, "小四": 12,
    "五号": 10.5, "小五": 9, "六号": 7.5, "小六": 6.5, "七号": 5.5, "八号": 5,
}

_NUMBER = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*([a-z\u4e00-\u9fff]*)\s*$")
_UNITS = ("pt", "mm", "cm", "in", "字", "行", "栏", "em", "zi", "hang", "lan")


class UnitError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class UnitContext:
    """What relative units mean on this page."""

    body: float = 9.0       # 字 / em, pt
    pitch: float = 13.5     # 行, pt
    column: float = 126.0   # 栏 = basic column + gutter, pt
    sizes: dict[str, float] = field(default_factory=lambda: dict(HAO_SIZES))


def length(value: object, ctx: UnitContext = UnitContext()) -> float:
    """Parse a length to pt. A bare number is pt; a 号 name is its size."""
    if isinstance(value, bool):
        raise UnitError(f"expected a length, got {value!r}")
    if isinstance(value, (int, float)):
        return float(value)
    if not isinstance(value, str):
        raise UnitError(f"expected a length such as 12pt, 4mm or 小五, got {value!r}")
    text = value.strip()
    if text in ctx.sizes:
        return float(ctx.sizes[text])
    match = _NUMBER.match(text)
    if not match:
        raise UnitError(f"{value!r} is not a length (write e.g. 12pt, 4mm, 1.5字 or a 号 name such as 小五)")
    number, unit = float(match.group(1)), match.group(2)
    factors = {
        "": 1.0, "pt": 1.0, "mm": MM, "cm": 10 * MM, "in": 72.0,
        "字": ctx.body, "em": ctx.body, "zi": ctx.body,
        "行": ctx.pitch, "hang": ctx.pitch, "栏": ctx.column, "lan": ctx.column,
    }
    if unit not in factors:
        raise UnitError(f"unknown unit {unit!r} in {value!r} (use one of {', '.join(_UNITS)})")
    return number * factors[unit]
