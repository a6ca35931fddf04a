"""The copy of a block as the diff reads it, and the character diff of two copies.

A block's copy is its headline lines (引题, 主题, 副题) and its body paragraphs (the
byline last), or a text block's lines (horizontal or 竖排), each with the file and line
it comes from. Two copies are compared
paragraph by paragraph first (``difflib`` on whole paragraphs), then character by
character inside each changed run of paragraphs, so a change in one paragraph never
matches characters of another and a long story stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from ..errors import display_path

BREAK = "\n"  # a paragraph break, where a changed run of paragraphs is joined

HEADLINE_PARTS = ("kicker", "title", "subtitle")
PARTS = (*HEADLINE_PARTS, "body", "lines")


@dataclass(frozen=True, slots=True)
class Text:
    """One paragraph (or headline line) of a block's copy."""

    part: str       # body | kicker | title | subtitle | lines (of a text block)
    text: str
    file: str       # where it comes from, as the report shows it
    line: int       # 1-based line (a paragraph: the line where it starts)


@dataclass(frozen=True, slots=True)
class Place:
    """A character position in a copy: paragraph ``para`` of ``part``, offset ``offset``."""

    part: str
    para: int
    offset: int


@dataclass(frozen=True, slots=True)
class Change:
    """Inserted characters (at ``at``, in the new copy) or deleted ones (``at`` is where
    they stood in the new copy; ``file``/``line`` name the old copy)."""

    kind: str       # inserted | deleted
    text: str
    at: Place | None  # None: nowhere in the new copy (every paragraph was deleted)
    file: str
    line: int


def block_copy(resolved, block, name=display_path) -> list[Text]:
    """The copy of an article or text ``block`` of a resolved page; ``name`` shows a file."""
    if block.kind == "text":
        return _text_lines(resolved, block, name(str(resolved.source)))
    if block.kind != "article":
        return []
    page_file = name(str(resolved.source))
    span = resolved.spans.get(block.id)
    line = span.line if span else 0
    out = [Text(part, getattr(block.headline, part), page_file, line)
           for part in HEADLINE_PARTS if block.headline and getattr(block.headline, part)]
    copy_file = name(str(resolved.source.parent / block.body)) if block.body else page_file
    out += [Text("body", p.text, copy_file, p.line if block.body else line) for p in resolved.copy.get(block.id, [])]
    if block.byline:
        out.append(Text("body", block.byline, page_file, line))
    return out


def _text_lines(resolved, block, page_file: str) -> list[Text]:
    """A text block's lines, each at the line of the page file it is written on."""
    out = []
    for k, text in enumerate(block.lines):
        span = resolved.key_span(block.id, "lines", k)
        out.append(Text("lines", text, page_file, span.line if span else 0))
    return out


@dataclass
class CopyDiff:
    changes: list[Change]
    # for each new paragraph (part, index): the old Place of each character, None where inserted
    origin: dict[tuple[str, int], list[Place | None]]


def diff_copy(old: list[Text], new: list[Text]) -> CopyDiff:
    """Inserted and deleted characters between two copies of a block, part by part."""
    result = CopyDiff([], {})
    for part in PARTS:
        _diff_part(part, [t for t in old if t.part == part], [t for t in new if t.part == part], result)
    return result


def _diff_part(part: str, old: list[Text], new: list[Text], out: CopyDiff) -> None:
    for j, t in enumerate(new):
        out.origin[(part, j)] = [None] * len(t.text)
    paras = SequenceMatcher(None, [t.text for t in old], [t.text for t in new], autojunk=False)
    for op, i1, i2, j1, j2 in paras.get_opcodes():
        if op == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                out.origin[(part, j)] = [Place(part, i, k) for k in range(len(new[j].text))]
        else:
            _diff_run(part, old, new, (i1, i2), (j1, j2), out)


def _diff_run(part: str, old: list[Text], new: list[Text], olds: tuple[int, int], news: tuple[int, int],
              out: CopyDiff) -> None:
    """Character diff of old paragraphs ``olds`` against new ones ``news`` (ranges)."""
    a, a_at = _joined(part, old, *olds)
    b, b_at = _joined(part, new, *news)
    chars = SequenceMatcher(None, a, b, autojunk=False)
    for op, a1, a2, b1, b2 in chars.get_opcodes():
        if op == "equal":
            for x, y in zip(range(a1, a2), range(b1, b2)):
                if a_at[x] is not None and b_at[y] is not None:
                    out.origin[(part, b_at[y].para)][b_at[y].offset] = a_at[x]
            continue
        if b2 > b1:
            for text, first in _pieces(b, b_at, b1, b2):
                out.changes.append(Change("inserted", text, first, new[first.para].file, new[first.para].line))
        if a2 > a1:
            anchor = _anchor(part, new, b_at, b1, news)
            for text, first in _pieces(a, a_at, a1, a2):
                out.changes.append(Change("deleted", text, anchor, old[first.para].file, old[first.para].line))


def _joined(part: str, texts: list[Text], lo: int, hi: int) -> tuple[str, list[Place | None]]:
    """Paragraphs lo:hi joined by BREAK, with the Place of each character (None: a break)."""
    chars: list[str] = []
    at: list[Place | None] = []
    for i in range(lo, hi):
        if i > lo:
            chars.append(BREAK)
            at.append(None)
        chars.append(texts[i].text)
        at += [Place(part, i, k) for k in range(len(texts[i].text))]
    return "".join(chars), at


def _pieces(s: str, at: list[Place | None], lo: int, hi: int):
    """(text, first Place) of s[lo:hi] split at paragraph breaks; a lone break is kept
    (a paragraph split or joined) with the Place after it."""
    start = lo
    for k in range(lo, hi + 1):
        if k == hi or at[k] is None:
            if k > start:
                yield s[start:k], at[start]
            elif k < hi:  # a break on its own
                following = next((p for p in at[k:] if p is not None), None)
                preceding = next((p for p in reversed(at[:k]) if p is not None), None)
                if following is not None or preceding is not None:
                    place = following or Place(preceding.part, preceding.para, preceding.offset + 1)
                    yield BREAK, place
            start = k + 1


def _anchor(part: str, new: list[Text], b_at: list[Place | None], b1: int,
            news: tuple[int, int]) -> Place | None:
    """Where deleted text stood in the new copy: before the new character at ``b1``,
    else at the end of the paragraph before, else at the start of the next one."""
    if b1 < len(b_at) and b_at[b1] is not None:
        return b_at[b1]
    before = next((p for p in reversed(b_at[:b1]) if p is not None), None)
    if before is not None:
        return Place(part, before.para, before.offset + 1)
    j1 = news[0]
    if j1 < len(new):
        return Place(part, j1, 0)
    if j1 > 0:
        return Place(part, j1 - 1, len(new[j1 - 1].text))
    return None
