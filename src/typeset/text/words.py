"""Break points inside a Latin run too long for its line: URLs, addresses, long words.

UAX #14 (classes SY, IS, HY, BA) and the usual rule for URLs: a URL, e-mail address or
path may break after ``/ . - _ @ ? & =`` (``http://`` after the second slash, never
before a break character); a part still wider than the measure is hyphenated at the
points of pyphen's en_US dictionary, and the line shows a hyphen there. Every such break
carries a penalty, so a breaker takes one only when the run does not fit otherwise.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from .classes import NO_START, URL_BREAK_AFTER

PENALTY_URL = 40.0         # after / . - _ @ ? & = inside a URL or long run
PENALTY_HYPHEN = 80.0      # at a hyphenation point of a word wider than the measure


def is_address(run: str) -> bool:
    """A URL, e-mail address or path (not a unit such as km/h)."""
    return "://" in run or "@" in run or run.lower().startswith("www.") or run.count("/") >= 2


def split_run(run: str, advance: Callable[[str], float], measure: float,
              ) -> list[tuple[str, float, float]]:
    """``run`` as (piece, penalty of a break after it, hyphen width shown there) in order;
    ``advance`` gives a character's width and ``measure`` the line's, in the same unit."""
    pieces: list[tuple[str, float, float]] = []
    hyphen = advance("-")
    for part in url_parts(run):
        if part.isalpha() and sum(advance(c) for c in part) > measure:
            syllables = hyphenate(part)
            pieces += [(s, PENALTY_HYPHEN, hyphen) for s in syllables[:-1]]
            pieces.append((syllables[-1], PENALTY_URL, 0.0))
        else:
            pieces.append((part, PENALTY_URL, 0.0))
    return pieces


def url_parts(text: str) -> list[str]:
    """``text`` cut after each URL break character that is followed by a character that
    is not one, when the piece holds more than break characters (``/usr/`` whole), and
    never before a character that may not start a line (``cooperation.%`` stays whole)."""
    parts, begin, plain = [], 0, False
    for k, ch in enumerate(text[:-1]):
        if ch not in URL_BREAK_AFTER:
            plain = True
        elif plain and text[k + 1] not in URL_BREAK_AFTER and text[k + 1] not in NO_START:
            parts.append(text[begin:k + 1])
            begin, plain = k + 1, False
    parts.append(text[begin:])
    return parts


@lru_cache(maxsize=1)
def _dictionary():
    import pyphen  # a dependency; imported here so that Han-only copy never loads it

    return pyphen.Pyphen(lang="en_US")


def hyphenate(word: str) -> list[str]:
    """The syllables of ``word`` by the en_US hyphenation dictionary (at least one)."""
    return _dictionary().inserted(word, hyphen="\u00ad").split("\u00ad")
