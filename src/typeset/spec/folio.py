"""报眉 (folio) text: a template such as ``{paper} {date} {weekday}`` filled from the
page's ``meta``, and the check that every template of the page can be filled."""

from __future__ import annotations

import datetime as dt

from .collect import Collector
from .model import FolioBlock, PageSpec


def check_folios(spec: PageSpec, c: Collector) -> None:
    for i, block in enumerate(spec.blocks):
        path = ("blocks", i)
        if isinstance(block, FolioBlock):
            for key in ("left", "center", "right"):
                try:
                    folio_text(getattr(block, key), spec.meta)
                except KeyError as exc:
                    c.error((*path, key), f"unknown field {{{exc.args[0]}}} in the 报眉 text",
                            f"use {', '.join('{' + f + '}' for f in FOLIO_FIELDS)}")
                except ValueError as exc:
                    c.error((*path, key), f"cannot fill the 报眉 text: {exc}", "write literal braces as {{ and }}")


FOLIO_FIELDS = ("paper", "date", "weekday", "page", "edition", "title")
WEEKDAYS = "一二三四五六日"


def folio_text(template: str, meta) -> str:
    """Fill a 报眉 template from the page's meta; a date is written 2023年1月13日."""
    date = meta.date
    if isinstance(date, dt.date):
        day, weekday = f"{date.year}年{date.month}月{date.day}日", f"星期{WEEKDAYS[date.weekday()]}"
    else:
        day, weekday = str(date or ""), ""
    values = {"paper": meta.paper or "", "date": day, "weekday": weekday, "edition": meta.edition or "",
              "page": "" if meta.page is None else str(meta.page), "title": meta.title or ""}
    return template.format_map(_Strict(values))


class _Strict(dict):
    def __missing__(self, key: str):
        raise KeyError(key)
