"""Build one regular expression from many phrases, shaped as a prefix tree.

A flat alternation tries every phrase at every position; a prefix tree shares the work
between phrases with a common start, which keeps one pass over the text fast with
hundreds of phrases.
"""

from __future__ import annotations

from collections.abc import Iterable

import regex

# Between words: spaces or tabs, with at most one line break or one hyphen among them,
# so that a phrase matches across a soft line wrap but never across a blank line
# (which ends a block).
SEPARATOR = r"(?:[^\S\n]+(?:[\n\-][^\S\n]*)?|[\n\-][^\S\n]*)"

_End = ""


def _insert(trie: dict[str, dict], key: str) -> None:  # type: ignore[type-arg]
    node = trie
    for ch in key:
        node = node.setdefault(ch, {})
    node[_End] = {}


def _pattern(node: dict[str, dict]) -> str:  # type: ignore[type-arg]
    branches: list[str] = []
    terminal = False
    for ch in sorted(node):
        if ch == _End:
            terminal = True
            continue
        head = SEPARATOR if ch == " " else regex.escape(ch)
        branches.append(head + _pattern(node[ch]))
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if terminal:
        # Greedy optional: the longest phrase wins, and backtracking falls back to a
        # shorter one when the longer one fails its word boundary.
        return "(?:" + body + ")?"
    return body


def trie_pattern(keys: Iterable[str]) -> str:
    """A pattern matching any key (keys are ``phrase_key`` output), word-bounded."""
    trie: dict[str, dict] = {}  # type: ignore[type-arg]
    count = 0
    for key in keys:
        if key:
            _insert(trie, key)
            count += 1
    if not count:
        return r"(?!)"
    return r"(?<!\w)" + _pattern(trie) + r"(?!\w)"


def compile_trie(keys: Iterable[str]) -> regex.Pattern[str]:
    return regex.compile(trie_pattern(keys), flags=regex.IGNORECASE | regex.VERSION0)
