"""The compile budget of a pack's regular expressions.

The ``regex`` engine writes a counted repeat out in full when it compiles it:
``(?:a{1000}){1000}`` becomes a million items (about 270 MB), and one more level
takes more memory than a machine has, in C code that no time limit interrupts. So
before a pattern is compiled, its size with every repeat written out is worked out
from its text, and a pattern that grows by more than :data:`LIMIT` items is refused.
The count errs on the large side: an upper bound counts as written out, a group
counts every branch, and text the scan cannot place counts as items too. A pack's
patterns together have a budget of :data:`PACK_LIMIT` (checked in ``engine.ruleset``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

# Items a pattern may gain by writing out its repeats: 30 MB and 70 ms of
# compiling at the most; no bundled pattern gains a thousand.
LIMIT = 20_000
# What a user's pack's patterns may gain together: compiled patterns are kept.
PACK_LIMIT = 5 * LIMIT
# A Unicode property (``\p{L}``), alone or in a class, counts as this many items: the
# engine writes out a class of several properties as a set of about 30 kB.
PROPERTY = 20
# Sizes stop growing here, so that nested huge bounds stay small numbers.
CAP = LIMIT * 1_000_000

_COUNTED = re.compile(r"\{(\d*)(?:(,)(\d*))?\}")
# A run of characters that are items one by one.
_PLAIN = re.compile(r"[^\\\[\]()|{]+")
_TERM_REF = re.compile(r"\{\{\s*([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*\}\}")
# What follows "(" to say what a group is: (?:, (?=, (?<=, (?P<name>, (?i: ...
_GROUP_HEAD = re.compile(r"\?(?:P?<\w+>|<[=!]|[:=!>|]|[\w-]*:)")
# Escapes followed by a braced argument: \p{L}, \N{NAME}, \x{263a}.
_BRACED_ESCAPES = "pPNx"


class _Group:
    """A group being scanned: its finished branches and the current one, each as
    (size written out, size as written)."""

    __slots__ = ("branches", "current", "last")

    def __init__(self) -> None:
        self.branches = (0, 0)
        self.current = (0, 0)
        # The item a quantifier after it repeats.
        self.last: tuple[int, int] | None = None

    def add(self, item: tuple[int, int]) -> None:
        self.current = _sum(self.current, item)
        self.last = item

    def size(self) -> tuple[int, int]:
        return _sum(self.branches, self.current)


def _sum(a: tuple[int, int], b: tuple[int, int]) -> tuple[int, int]:
    return min(a[0] + b[0], CAP), min(a[1] + b[1], CAP)


def _class_end(pattern: str, start: int) -> int:
    """The index after the character class opening at ``start`` (nested sets, as
    the regex engine's V1 syntax allows, included)."""
    depth = 0
    i = start
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            depth += 1
            i += 1
            # A "]" first in a class (after an optional "^") is a literal.
            if i < n and pattern[i] == "^":
                i += 1
            if i < n and pattern[i] == "]":
                i += 1
            continue
        if ch == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return n


def _repeats(match: re.Match[str]) -> int:
    """How many times a counted quantifier writes out what it repeats."""
    low, comma, high = match.groups()
    if not comma:
        return int(low) if low else 1
    if high:
        return int(high)
    # Unbounded: the minimum is written out, then a loop.
    return max(int(low), 1) if low else 1


def expansion(pattern: str, list_sizes: Mapping[str, int] | None = None) -> int:
    """How many items ``pattern`` gains when its counted repeats are written out.

    ``list_sizes`` gives the size of each ``{{list}}`` it refers to (else 1)."""
    if _COUNTED.search(pattern) is None:
        return 0  # nothing is repeated a counted number of times
    stack = [_Group()]
    i = 0
    n = len(pattern)
    while i < n:
        ch = pattern[i]
        group = stack[-1]
        if ch == "\\":
            end = i + 2
            if end < n and pattern[i + 1] in _BRACED_ESCAPES and pattern[end] == "{":
                close = pattern.find("}", end)
                end = n if close < 0 else close + 1
            weight = PROPERTY if pattern[i + 1 : i + 2] in ("p", "P") else 1
            group.add((weight, weight))
            i = end
        elif ch == "[":
            end = _class_end(pattern, i)
            members = pattern[i + 1 : end]
            weight = PROPERTY if "\\p" in members or "\\P" in members else 1
            group.add((weight, weight))
            i = end
        elif ch == "(":
            if pattern.startswith("(?#", i):
                close = pattern.find(")", i)
                i = n if close < 0 else close + 1
                continue
            stack.append(_Group())
            head = _GROUP_HEAD.match(pattern, i + 1)
            i = i + 1 if head is None else head.end()
        elif ch == ")":
            if len(stack) > 1:
                done = stack.pop().size()
                stack[-1].add(done)
            i += 1
        elif ch == "|":
            group.branches = group.size()
            group.current = (0, 0)
            group.last = None
            i += 1
        elif ch == "{":
            ref = _TERM_REF.match(pattern, i)
            counted = None if ref else _COUNTED.match(pattern, i)
            if ref is not None:
                size = (list_sizes or {}).get(ref.group(1), 1)
                group.add((size, size))
                i = ref.end()
            elif counted is not None and group.last is not None:
                times = _repeats(counted)
                once = group.last
                extra = min(once[0] * max(times - 1, 0), CAP)
                group.current = _sum(group.current, (extra, 0))
                group.last = None
                i = counted.end()
            else:
                group.add((1, 1))
                i += 1
        else:
            run = _PLAIN.match(pattern, i)
            end = i + 1 if run is None else run.end()
            group.add((end - i, end - i))
            group.last = (1, 1)  # a quantifier repeats the last character only
            i = end
    while len(stack) > 1:  # an unclosed group: the compiler refuses it anyway
        done = stack.pop().size()
        stack[-1].add(done)
    written_out, as_written = stack[0].size()
    return max(written_out - as_written, 0)


def over_budget(pattern: str) -> str | None:
    """Why ``pattern`` is over the compile budget (each term list counted as one
    item), or None if it is within it."""
    extra = expansion(pattern)
    return None if extra <= LIMIT else budget_message(pattern, extra)


def budget_message(pattern: str, extra: int) -> str:
    about = f"{extra:,}" if extra < CAP else f"more than {CAP:,}"
    return (
        f"regular expression {pattern!r} is over the compile budget: its counted "
        f"repeats write out {about} more items (at most {LIMIT:,})"
    )


def pack_budget_message(total: int) -> str:
    return (
        f"with this regular expression the pack is over its compile budget: its "
        f"patterns' counted repeats write out {total:,} more items (at most "
        f"{PACK_LIMIT:,} for a pack)"
    )
