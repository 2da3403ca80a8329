"""Required literals of a regular expression: strings one of which every match holds.

A pattern rule then runs only in the blocks where one of its literals occurs, found by
one combined pass over the text, instead of scanning every page from start to end.
The analysis is conservative: where it cannot be sure, it returns None and the rule
scans the whole text.
"""

from __future__ import annotations

import re
from importlib import import_module
from typing import Any

# The standard library's own regular-expression parser (private, but stable across
# the Python versions this package supports).
_p: Any = import_module("re._parser")
_c: Any = import_module("re._constants")

MIN_LENGTH = 3
MAX_LITERALS = 4096

# Words so frequent that a page almost always holds them: as anchors they would let a
# pattern scan nearly everything, so any other requirement is preferred.
COMMON = frozenset(
    [
        "the",
        "and",
        "for",
        "are",
        "was",
        "were",
        "been",
        "being",
        "has",
        "have",
        "had",
        "not",
        "but",
        "you",
        "your",
        "our",
        "with",
        "that",
        "this",
        "from",
        "they",
        "them",
        "their",
        "there",
        "here",
        "will",
        "can",
        "may",
        "all",
        "any",
        "now",
        "its",
        "who",
        "how",
        "why",
        "what",
        "when",
        "more",
        "most",
        "one",
        "two",
        "new",
        "use",
        "used",
        "get",
        "got",
        "see",
        "per",
        "off",
        "out",
        "via",
        "into",
        "onto",
        "than",
        "then",
        "also",
        "just",
        "only",
        "very",
        "over",
        "some",
        "such",
        "each",
        "both",
        "few",
        "many",
        "much",
        "own",
        "same",
        "too",
        "yes",
    ]
)

Need = frozenset[str] | None


# A term-list reference stands in the pattern as LIST_MARK + name + LIST_END; as a
# requirement it is as good as a long word (the term pass finds its occurrences).
LIST_MARK = "\x01"
LIST_END = "\x02"
LIST_SCORE = 8


def _weight(s: str) -> int:
    if LIST_MARK in s:
        return LIST_SCORE
    return 0 if s.strip() in COMMON else len(s)


def _score(need: Need) -> tuple[int, int]:
    if not need:
        return (-1, 0)
    return (min(_weight(s) for s in need), -len(need))


def _best(candidates: list[Need]) -> Need:
    best: Need = None
    for cand in candidates:
        if not cand or len(cand) > MAX_LITERALS or _score(cand)[0] < MIN_LENGTH:
            continue
        if _score(cand) > _score(best):
            best = cand
    return best


def _needs(items: Any) -> Need:
    """The best requirement of a sequence of parsed items (a concatenation)."""
    candidates: list[Need] = []
    run: list[str] = []

    def close() -> None:
        if run:
            candidates.append(frozenset({"".join(run)}))
            run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            run.append(chr(arg).lower())
        elif op is _c.AT:
            continue  # zero-width (\b, ^): the characters around it stay adjacent
        elif op is _c.SUBPATTERN:
            close()
            candidates.append(_needs(arg[-1]))
        elif op is _c.BRANCH:
            close()
            alternatives = [_needs(alt) for alt in arg[1]]
            if all(alternatives):
                union = frozenset().union(*alternatives)  # type: ignore[arg-type]
                candidates.append(union)
        elif op in (_c.MAX_REPEAT, _c.MIN_REPEAT) or (
            hasattr(_c, "POSSESSIVE_REPEAT") and op is _c.POSSESSIVE_REPEAT
        ):
            close()
            low, _high, sub = arg
            if low >= 1:
                candidates.append(_needs(sub))
        elif hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
            close()
            candidates.append(_needs(arg))
        else:
            close()
    close()
    return _best(candidates)


def required_literals(
    pattern: str, flags: int = re.IGNORECASE
) -> frozenset[str] | None:
    """Lower-case strings, one of which occurs in every match; None if unknown."""
    try:
        parsed = _p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None
    need = _needs(parsed.data if hasattr(parsed, "data") else list(parsed))
    if need is None or min(_weight(s) for s in need) < MIN_LENGTH:
        return None
    return frozenset(_list_token(s) if LIST_MARK in s else s for s in need)


def _list_token(literal: str) -> str:
    """``{{name}}`` for a literal run that holds a term-list reference."""
    start = literal.index(LIST_MARK) + 1
    return "{{" + literal[start : literal.index(LIST_END, start)] + "}}"


def list_name(token: str) -> str | None:
    """The term list a requirement token names, if it is one."""
    if token.startswith("{{") and token.endswith("}}"):
        return token[2:-2]
    return None
