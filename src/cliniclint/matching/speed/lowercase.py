"""Patterns for lower-cased text.

A pack pattern is case-insensitive. Run as written, on text as written, the engine
compares every character both ways and cannot skip ahead on a first character or a
first literal. The same pattern with its letters lower-cased, run case-sensitively on
the lower-cased text, finds the same matches at the same offsets, several times
faster. This holds when lower-casing keeps the text's length and the text holds none
of the few characters the engine folds beyond ``str.lower`` (``ſ`` matches ``s``, say);
:func:`lowered_text_is_faithful` tells.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

_casefix: Any = import_module("re._casefix")

# Characters that match another letter case-insensitively although ``str.lower`` maps
# them elsewhere (the engine's extra case equivalences), beyond ASCII.
_EXTRA = sorted(
    {chr(c) for cases in _casefix._EXTRA_CASES.values() for c in cases}
    | {chr(c) for c in _casefix._EXTRA_CASES}
)
_UNFAITHFUL = re.compile(
    "[" + "".join(re.escape(c) for c in _EXTRA if ord(c) > 127) + "]"
)

_FLAGS = frozenset("aiLmsux-")

# Escapes, and the constructs the tokenizer has to look at closely.
_ESCAPE = re.compile(r"\\.", re.DOTALL)
_SPECIAL = re.compile(r"\\[xuUN0-9pPgL]|\(\?[aiLmsux-]")
_REFUSED_ESCAPES = frozenset("xuUN0pPgL")
# Constructs that name a group (Python's and the regex module's): copied as written.
_NAMED = re.compile(
    r"\(\?P<[^>]*>|\(\?P[=>][^)]*\)|\(\?<(?![=!])[^>]*>|\(\?[&(][^)]*\)"
)


def lowered_text_is_faithful(text: str, lower: str) -> bool:
    """Whether lower-cased patterns find on ``lower`` what patterns find on ``text``."""
    return len(lower) == len(text) and _UNFAITHFUL.search(text) is None


def _class_range_ok(start: str, end: str) -> bool:
    """Whether the range, lower-cased, matches the lower-case form of what it matched:
    ASCII letters of one case, or ASCII characters that hold no letter."""
    if "a" <= start <= end <= "z" or "A" <= start <= end <= "Z":
        return True
    return end < "\x80" and not (start <= "z" and end >= "A")


def lowered_source(source: str) -> str | None:
    """``source`` with its literal letters lower-cased, or None when the pattern has a
    construct where that would change what it means (an inline case flag, a character
    escape by code, a range across letter cases)."""
    if _SPECIAL.search(source) is None:
        bare = _ESCAPE.sub("", source)
        if bare == bare.lower():
            return source  # nothing to lower (term lists are stored lower-cased)
    out: list[str] = []
    i = 0
    n = len(source)
    in_class = False
    class_start = -1
    while i < n:
        c = source[i]
        if c == "\\":
            if i + 1 >= n:
                return None
            e = source[i + 1]
            if e in _REFUSED_ESCAPES or (e.isdigit() and in_class):
                # A character given by code may be an upper-case letter; a property,
                # a named list or a group reference may name something by case.
                return None
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]" and i > class_start:
                in_class = False
            elif i + 2 < n and source[i + 1] == "-" and source[i + 2] != "]":
                end = source[i + 2]
                if end == "\\" or not _class_range_ok(c, end):
                    return None
                out.append(c.lower() + "-" + end.lower())
                i += 3
                continue
            out.append(c.lower())
            i += 1
            continue
        if c == "[":
            in_class = True
            class_start = i + 1
            if source.startswith("^", class_start):
                out.append("[^")
                class_start += 1
                i = class_start
                continue
            out.append(c)
            i += 1
            continue
        named = _NAMED.match(source, i)
        if named is not None:
            out.append(named.group())  # group names keep their case
            i = named.end()
            continue
        if source.startswith("(?", i) and i + 2 < n and source[i + 2] in _FLAGS:
            j = i + 2
            while j < n and source[j] in _FLAGS:
                j += 1
            flags = source[i + 2 : j]
            if "L" in flags or "i" in flags.partition("-")[2]:
                return None  # turns case-insensitivity off for part of the pattern
            out.append(source[i:j])
            i = j
            continue
        lowered = c.lower()
        if len(lowered) != 1:
            return None
        out.append(lowered)
        i += 1
    return "".join(out)
