"""Typography folding: one character in, one character out, so offsets never move."""

from __future__ import annotations

import re
from functools import lru_cache

import regex

_QUOTES_SINGLE = "\u2018\u2019\u201a\u201b\u2032\u00b4\u0060\uff07"
_QUOTES_DOUBLE = "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\uff02"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_SPACES = (
    "\u00a0\u1680"
    + "".join(chr(c) for c in range(0x2000, 0x200B))
    + ("\u202f\u205f\u3000")
)

_FOLDED = {
    **{c: "'" for c in _QUOTES_SINGLE},
    **{c: '"' for c in _QUOTES_DOUBLE},
    **{c: "-" for c in _DASHES},
    **{c: " " for c in _SPACES},
}
# A search for the few characters to fold: str.translate looks every character up
# in its table, about ten times slower on prose where they are rare.
_FOLDABLE = re.compile("[" + "".join(map(re.escape, _FOLDED)) + "]")

_SEPARATORS = regex.compile(r"[\s\-]+")


def _folded(match: re.Match[str]) -> str:
    return _FOLDED[match.group()]


def fold(text: str) -> str:
    """Straighten quotes, turn dashes into hyphens and odd spaces into spaces."""
    return _FOLDABLE.sub(_folded, text)


@lru_cache(maxsize=1 << 16)
def phrase_key(text: str) -> str:
    """The lookup key of a phrase or matched text: folded, lower case, one space
    between words (hyphens count as spaces)."""
    return _SEPARATORS.sub(" ", fold(text)).strip().lower()
