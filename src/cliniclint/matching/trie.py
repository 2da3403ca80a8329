"""Build one regular expression from many phrases, shaped as a prefix tree.

A flat alternation tries every phrase at every position; a prefix tree shares the work
between phrases with a common start, which keeps one pass over the text fast with
hundreds of phrases. The patterns are for the standard library's ``re`` run on
lower-cased text: it skips ahead on the first character, where a case-insensitive
pattern or a leading look-behind would make it try every position.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# Between words: spaces or tabs, with at most one line break or one hyphen among them,
# so that a phrase matches across a soft line wrap but never across a blank line
# (which ends a block).
SEPARATOR = r"(?:[^\S\n]+(?:[\n\-][^\S\n]*)?|[\n\-][^\S\n]*)"

_END = ""

Trie = dict[str, "Trie"]


def _insert(trie: Trie, key: str) -> None:
    node = trie
    for ch in key:
        node = node.setdefault(ch, {})
    node[_END] = {}


def _end_boundary(last: str) -> str:
    # \b after a word character; after anything else, only "not followed by a word".
    return r"\b" if re.match(r"\w", last) else r"(?!\w)"


def _pattern(node: Trie, last: str, words: bool, space: str | None = None) -> str:
    branches: list[str] = []
    terminal = False
    for ch in sorted(node):
        if ch == _END:
            terminal = True
            continue
        if ch == " " and (words or space):
            head = SEPARATOR if words else str(space)
        else:
            head = re.escape(ch)
        branches.append(head + _pattern(node[ch], ch, words, space))
    end = _end_boundary(last) if words and terminal else ""
    if not branches:
        return end
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        # Greedy: the longest key wins, and backtracking falls back to a shorter one
        # when the longer one fails its word boundary.
        return "(?:" + body + "|" + end + ")" if end else "(?:" + body + ")?"
    return body


def trie_pattern(keys: Iterable[str]) -> str:
    """A pattern matching any key (keys are ``phrase_key`` output), word-bounded.

    Keys are lower case; run the pattern on lower-cased text, or add IGNORECASE.
    """
    words: Trie = {}
    others: Trie = {}
    for key in keys:
        if key:
            _insert(words if re.match(r"\w", key) else others, key)
    parts = []
    if words:
        parts.append(r"\b" + _pattern(words, "", True))
    if others:
        parts.append(r"(?<!\w)" + _pattern(others, "", True))
    if not parts:
        return r"(?!)"
    return parts[0] if len(parts) == 1 else "(?:" + "|".join(parts) + ")"


def literal_pattern(literals: Iterable[str], *, spaces: bool = False) -> str:
    """A pattern matching any of the literal strings anywhere (no boundaries); with
    ``spaces``, a space in a string matches any run of whitespace (start strings:
    see literals.SPACE)."""
    trie: Trie = {}
    for literal in literals:
        if literal:
            _insert(trie, literal)
    if not trie:
        return r"(?!)"
    return _pattern(trie, "", False, r"\s+" if spaces else None)


def compile_trie(keys: Iterable[str], *, ignore_case: bool = False) -> re.Pattern[str]:
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(trie_pattern(keys), flags)
