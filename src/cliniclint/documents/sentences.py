"""Split a block of prose into sentences."""

from __future__ import annotations

import regex

__all__ = ["split_sentences"]

# A candidate boundary: terminal punctuation, closing quotes or brackets, then
# whitespace before a character that can start a sentence; CJK terminal
# punctuation, which needs no whitespace after it; or a line that starts with a
# bullet ("• Surgery is not needed"), an item of a list the markup did not mark.
# Each run of punctuation, closers and whitespace is tried once, from its start and
# without backtracking (possessive), so that a page of ten thousand periods is read
# in linear time. The look-ahead lets the search skip to the characters a boundary
# starts with; a bullet's line break starts at the line break, and the spaces
# before it are left out of the sentence by split_sentences.
_BOUNDARY = regex.compile(
    r"""
    (?=[.!?\u2026\u3002\uff01\uff1f\n])
    (?:
    (?<![.!?\u2026])
    (?P<term>[.!?\u2026]++)
    [\"'\u201d\u2019\u00bb)\]\u300d\u300f\uff09]*+
    (?P<gap>\s++)
    (?=[\p{Lu}\p{Lt}\p{Lo}\p{N}\p{Ps}\p{Pi}\"'\u00bf\u00a1\ufffc])
  |
    (?<![\u3002\uff01\uff1f])
    [\u3002\uff01\uff1f]++
    [\"'\u201d\u2019\u00bb)\]\u300d\u300f\uff09\u3011\u3015\u3009\u300b]*+
    (?P<gap>\s*+)
    (?=\S)
  |
    (?P<gap>\n\s*+)
    (?=[\u2022\u00b7\u25aa\u25ab\u25e6\u25cf\u25a0\u2023\u2043\u2713\u2714\u27a4\u25ba*+-]\s)
    )
    """,
    regex.VERBOSE,
)

# The word before a period: letters, digits and inner periods (searched from the
# end, which finds it at once instead of trying every start before it).
_LAST_WORD = regex.compile(r"[\w.]+$", regex.REVERSE)
_DOTTED = regex.compile(r"(?:\w\.)+\w")

# Abbreviations matched as written (a lowercase "no." can end a sentence).
_CASED_ABBREVIATIONS = frozenset(
    {"Dr", "Mr", "Mrs", "Ms", "Prof", "St", "No", "Fig", "Inc", "Ltd", "Co", "Jr", "Sr"}
)
# Abbreviations matched in any case.
_ABBREVIATIONS = frozenset({"approx", "vs", "cf", "fig", "figs", "nos"})


def split_sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``, without surrounding whitespace.

    A non-blank range always yields at least one span.
    """
    segment = text[start:end]
    start += len(segment) - len(segment.lstrip())
    end -= len(segment) - len(segment.rstrip())
    if start >= end:
        return []
    spans: list[tuple[int, int]] = []
    current = start
    quotes = _Quotes(text)
    for match in _BOUNDARY.finditer(text, start, end):
        gap_start = match.start("gap")
        term = match.group("term")
        if term is None:
            # A bulleted line: the sentence before it ends before the spaces
            # that end its line.
            while gap_start > current and text[gap_start - 1] in " \t":
                gap_start -= 1
        elif not _is_boundary(text, current, match.start("term"), term, quotes):
            continue
        if gap_start > current:
            spans.append((current, gap_start))
        current = match.end()
    if current < end:
        spans.append((current, end))
    return spans


class _Quotes:
    """Counts of quote marks from a sentence's start, kept up to date as the search
    moves on, so that each character is counted once (not once per ellipsis)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.start = self.upto = -1
        self.straight = self.opening = self.closing = 0

    def open_before(self, sentence_start: int, at: int) -> bool:
        """Whether a quotation is open at ``at`` in the sentence from
        ``sentence_start``."""
        if sentence_start != self.start or at < self.upto:
            self.start = self.upto = sentence_start
            self.straight = self.opening = self.closing = 0
        piece = self.text[self.upto : at]
        self.straight += piece.count('"')
        self.opening += piece.count("\u201c")
        self.closing += piece.count("\u201d")
        self.upto = at
        return self.straight % 2 == 1 or self.opening > self.closing


def _is_boundary(
    text: str, sentence_start: int, term_start: int, term: str, quotes: _Quotes
) -> bool:
    """Reject periods after abbreviations and initials, and quoted ellipses."""
    if "\u2026" in term or ".." in term:
        return not quotes.open_before(sentence_start, term_start)
    if term != ".":
        return True
    window_start = max(sentence_start, term_start - 40)
    word_match = _LAST_WORD.search(text, window_start, term_start)
    if word_match is None:
        return True
    word = word_match.group()
    if word in _CASED_ABBREVIATIONS or word.lower() in _ABBREVIATIONS:
        return False
    if len(word) == 1 and word.isupper():
        return False  # an initial, as in "J. Smith"
    return _DOTTED.fullmatch(word) is None  # "U.S.", "e.g.", "a.m."
