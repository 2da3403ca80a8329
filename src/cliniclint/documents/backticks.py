"""Stray backticks: markdown-it (markdown_it_pyrs 0.4) panics on a "[" followed
by a backtick run that opens no code span, so such runs are made plain text."""

from __future__ import annotations

import re

__all__ = ["STAND_IN", "defuse_backticks"]

STAND_IN = "'"
"""Replaces each backtick of an unmatched run: punctuation, like a backtick."""

# Lines that end the paragraph before them: blank lines, headings, thematic
# breaks and setext underlines, list items, fences and HTML blocks.
_BLOCK_START = re.compile(
    r"^(?:[ \t]*$| {0,3}(?:#{1,6}(?:[ \t]|$)|(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)|"
    r"(?:[-=_*][ \t]*){3,}$|`{3,}|~{3,}|<))",
    re.MULTILINE,
)
# What may precede a fence marker on its line: indentation and the markers
# of block quotes and list items.
_FENCE_PREFIX = re.compile(r"(?:[ \t]*(?:>|(?:[*+-]|\d{1,9}[.)])[ \t]))*[ \t]*")


def defuse_backticks(src: str) -> str:
    """``src`` with backtick runs that close no code span replaced, same length.

    A code span pairs a run with the next run of the same length in the same
    paragraph (approximated by lines that start blocks); a run that finds none
    is literal text, so replacing it does not change what the text means.
    Runs that may be fence markers are kept.
    """
    if "`" not in src or "[" not in src:
        return src
    runs: list[tuple[int, int]] = []
    # str.find is much faster than a regex scan over a long text.
    end = 0
    while (start := src.find("`", end)) >= 0:
        end = start + 1
        while end < len(src) and src[end] == "`":
            end += 1
        if start and src[start - 1] == "\\":
            before = src[max(0, start - 16) : start]
            if (len(before) - len(before.rstrip("\\"))) % 2:
                start += 1  # the first backtick is escaped: text already
        if start == end:
            continue
        if end - start >= 3:
            line_start = src.rfind("\n", 0, start) + 1
            if _FENCE_PREFIX.fullmatch(src, line_start, start):
                continue
        runs.append((start, end))
    # The next run of the same length, for each run.
    mates = [-1] * len(runs)
    latest: dict[int, int] = {}
    for index in range(len(runs) - 1, -1, -1):
        start, end = runs[index]
        mates[index] = latest.get(end - start, -1)
        latest[end - start] = index
    pieces: list[str] = []
    position = 0
    index = 0
    while index < len(runs):
        start, end = runs[index]
        mate = mates[index]
        # A mate past the end of the paragraph does not close the span; the
        # search stops at the first block start, so it stays short.
        if mate >= 0 and _BLOCK_START.search(src, end, runs[mate][0]) is None:
            index = mate + 1
            continue
        pieces.append(src[position:start])
        pieces.append(STAND_IN * (end - start))
        position = end
        index += 1
    if not pieces:
        return src
    pieces.append(src[position:])
    return "".join(pieces)
