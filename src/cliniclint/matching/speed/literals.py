"""Required literals of a regular expression: strings one of which every match holds.

A pattern rule then runs only in the blocks where one of its literals occurs, found by
one combined pass over the text, instead of scanning every page from start to end.
The analysis is conservative: where it cannot be sure, it returns None and the rule
scans the whole text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import import_module
from typing import Any

# The standard library's own regular-expression parser (private, but stable across
# the Python versions this package supports).
_p: Any = import_module("re._parser")
_c: Any = import_module("re._constants")

MIN_LENGTH = 3


@lru_cache(maxsize=1024)
def parse(pattern: str, flags: int = re.IGNORECASE) -> Any | None:
    """The standard parser's tree of ``pattern``, or None if it refuses the syntax.

    Compiling a pack parses each of its (large) patterns for several analyses; the
    tree is read, never changed, so one parse serves them all."""
    try:
        return _p.parse(pattern, flags)
    except (re.error, RecursionError, OverflowError):
        return None


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
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    need = _needs(parsed.data if hasattr(parsed, "data") else list(parsed))
    if need is None or min(_weight(s) for s in need) < MIN_LENGTH:
        return None
    if any(_cut_list(s) for s in need):
        # The parser shares the opening of alternatives ("{{treatments}}" and
        # "{{treatment-lexicon}}" both start "treatment"): a list reference cut in
        # two names no list, and the pattern is searched in full.
        return None
    return frozenset(_list_token(s) if LIST_MARK in s else s for s in need)


def _cut_list(literal: str) -> bool:
    """Whether a literal run holds the start of a list reference but not its end."""
    start = literal.find(LIST_MARK)
    return start >= 0 and literal.find(LIST_END, start) < 0


def _list_token(literal: str) -> str:
    """``{{name}}`` for a literal run that holds a term-list reference."""
    start = literal.index(LIST_MARK) + 1
    return "{{" + literal[start : literal.index(LIST_END, start)] + "}}"


def list_name(token: str) -> str | None:
    """The term list a requirement token names, if it is one."""
    if token.startswith("{{") and token.endswith("}}"):
        return token[2:-2]
    return None


# Start strings: lower-case strings one of which every match begins with. A pattern
# with them is tried only where one of them occurs in the text, instead of at every
# position of the sentences that hold its required literals. A string may need a word
# boundary before it (the pattern starts with \b): such strings may be shorter, as
# the boundary makes them rarer.
MIN_START = 3
MIN_START_AFTER_BOUNDARY = 2
MAX_STARTS = 4096
# A string this long is rare enough and is not extended further: looking deeper into
# the pattern (multi-word phrases with several spellings of each gap) costs compile
# time and gains little.
MAX_START_LENGTH = 9
MAX_CLASS = 16
BOUNDARY = "\x03"
# A space in a start string stands for a run of whitespace (see _space_run): a pattern
# whose words are joined by \s+ starts with its first words, not only its first, which
# are often as common as "the" or "for".
SPACE = " "
_WHITESPACE = re.compile(r"\s+")

# (string, closed): a closed string is a whole prefix; an open one goes on with
# whatever the pattern matches next.
_Starts = frozenset[tuple[str, bool]]
_ANY: _Starts = frozenset({("", True)})
_EMPTY: _Starts = frozenset({("", False)})
_REPEATS = frozenset(
    {
        _c.MAX_REPEAT,
        _c.MIN_REPEAT,
        getattr(_c, "POSSESSIVE_REPEAT", _c.MAX_REPEAT),
    }
)


def _shorten(strings: set[tuple[str, bool]]) -> _Starts:
    """The strings cut to fewer characters until there are at most MAX_STARTS."""
    while len(strings) > MAX_STARTS:
        cut = max(len(s) for s, _ in strings) - 1
        strings = {(s[:cut], closed or len(s) > cut) for s, closed in strings}
    return frozenset(strings)


def _class_chars(items: Any) -> frozenset[str] | None:
    """The characters a small character class matches, lower-cased; None if many."""
    chars: set[str] = set()
    for op, arg in items:
        if op is _c.LITERAL:
            chars.add(chr(arg).lower())
        elif op is _c.RANGE and arg[1] - arg[0] < MAX_CLASS:
            chars.update(chr(c).lower() for c in range(arg[0], arg[1] + 1))
        elif op is _c.CATEGORY and arg is _c.CATEGORY_DIGIT:
            chars.update("0123456789")
        else:
            return None
    return frozenset(chars) if len(chars) <= MAX_CLASS else None


def _closed(strings: _Starts) -> _Starts:
    return frozenset((s, True) for s, _ in strings)


def _is_space(op: Any, arg: Any) -> bool:
    """Whether an item matches whitespace only (``\\s``, ``[^\\S\\n]``, a space)."""
    if op is _c.LITERAL:
        return chr(arg).isspace()
    if op is not _c.IN:
        return False
    if arg == [(_c.CATEGORY, _c.CATEGORY_SPACE)]:
        return True
    # [^\S...]: not a non-space, nor the listed whitespace characters.
    return (
        len(arg) >= 2
        and arg[0] == (_c.NEGATE, None)
        and arg[1] == (_c.CATEGORY, _c.CATEGORY_NOT_SPACE)
        and all(o is _c.LITERAL and chr(a).isspace() for o, a in arg[2:])
    )


def _space_run(op: Any, arg: Any) -> _Starts | None:
    """The starts of whitespace, or of a run of it (as one SPACE); None if it is not
    whitespace."""
    if _is_space(op, arg):
        return frozenset({(SPACE, False)})
    if op in _REPEATS:
        low, high, sub = arg
        if high != 0 and len(sub) == 1 and _is_space(*sub[0]):
            space = frozenset({(SPACE, False)})
            return space if low >= 1 else space | _EMPTY
    return None


def _item_starts(op: Any, arg: Any) -> _Starts:
    space = _space_run(op, arg)
    if space is not None:
        return space
    if op is _c.LITERAL:
        return frozenset({(chr(arg).lower(), False)})
    if op is _c.AT:
        return frozenset({(BOUNDARY, False)}) if arg is _c.AT_BOUNDARY else _EMPTY
    if op is _c.ASSERT or op is _c.ASSERT_NOT:
        return _EMPTY  # consumes nothing: the match starts with what follows
    if op is _c.IN:
        chars = _class_chars(arg)
        return frozenset((c, False) for c in chars) if chars else _ANY
    if op is _c.SUBPATTERN:
        return _sequence_starts(arg[-1])
    if hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
        return _sequence_starts(arg)
    if op is _c.BRANCH:
        return _shorten(set().union(*(_sequence_starts(alt) for alt in arg[1])))
    if op in _REPEATS:
        low, high, sub = arg
        if high == 0:
            return _EMPTY
        once = _sequence_starts(sub)
        # After one round the next may be another round or what follows: stop there.
        strings = once if high == 1 else _closed(once)
        return strings | _EMPTY if low == 0 else strings
    return _ANY  # any character, a category, a back-reference: unknown


def _sequence_starts(items: Any) -> _Starts:
    strings: _Starts = _EMPTY
    for op, arg in items:
        if all(closed for _, closed in strings):
            break
        more = _item_starts(op, arg)
        if len(strings) * len(more) > MAX_STARTS:
            return _closed(strings)  # what is known so far is start enough
        joined: set[tuple[str, bool]] = set()
        for s, closed in strings:
            if closed:
                joined.add((s, True))
            else:
                # A start string long enough to be rare is looked no further into.
                joined.update(
                    (s + t, after or len(s) + len(t) >= MAX_START_LENGTH)
                    for t, after in more
                )
        strings = _shorten(joined)
    return strings


def _shortest(strings: set[str]) -> frozenset[str]:
    """The strings without those that begin with another (it adds nothing)."""
    kept: list[str] = []
    for s in sorted(strings):  # sorted order puts a string right after its prefixes
        if not (kept and s.startswith(kept[-1])):
            kept.append(s)
    return frozenset(kept)


StartStrings = tuple[frozenset[str], frozenset[str]]


def start_strings(pattern: str, flags: int = re.IGNORECASE) -> StartStrings | None:
    """Strings one of which every match starts with: those that must follow a word
    boundary, and those that may start anywhere. None when unknown or too short to
    be worth looking for."""
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    starts = _sequence_starts(parsed.data if hasattr(parsed, "data") else parsed)
    strings = {s for s, _ in starts}
    bounded: set[str] = set()
    anywhere: set[str] = set()
    for s in strings:
        # A boundary inside a string is dropped: the match is looked for where the
        # rest occurs, which is a wider net; so is any whitespace as a SPACE.
        core = _WHITESPACE.sub(SPACE, s.replace(BOUNDARY, ""))
        if core.startswith(SPACE):
            return None  # a start inside a run of whitespace: not worth the care
        if s.startswith(BOUNDARY):
            if len(core) < MIN_START_AFTER_BOUNDARY and not core.isdigit():
                return None
            bounded.add(core)
        elif len(core) < MIN_START:
            return None
        else:
            anywhere.add(core)
    if not strings:
        return None
    loose = _shortest(anywhere)
    # A string that may start anywhere covers those after a boundary that begin with it.
    tight = {s for s in bounded if not any(s.startswith(a) for a in loose)}
    return _shortest(tight), loose


# A gate: a unit tried at its start places is tried only in sentences that hold one
# of these strings, each looked for on its own; a set is worth it only while small.
MAX_GATE = 16


def gate_literals(
    pattern: str, starts: frozenset[str] = frozenset(), flags: int = re.IGNORECASE
) -> frozenset[str] | None:
    """Strings one of which every match holds past its first character: a pattern
    tried only where its start strings (``starts``) occur gains nothing from
    requiring what they already hold ("{{conditions}} relief" starts with a
    condition, and requires a word of "relief"). Term lists are left out: a search
    for any term of a list in a sentence costs more than the tries it spares. None
    if none is known or worth it.
    """
    parsed = parse(pattern, flags)
    if parsed is None:
        return None
    candidates: list[Need] = []
    _later_needs(parsed.state, _items(parsed), candidates, False)
    best = _best(
        [
            c
            for c in candidates
            if c
            and len(c) <= MAX_GATE
            and not any(LIST_MARK in s for s in c)
            and not (starts and all(any(s in t for s in c) for t in starts))
        ]
    )
    return best


def _items(parsed: Any) -> Any:
    return parsed.data if hasattr(parsed, "data") else list(parsed)


def _later_needs(state: Any, items: Any, out: list[Need], begun: bool) -> bool:
    """Append to ``out`` the requirements of a concatenation that lie past the first
    character of a match (``begun``: a character comes before ``items``). Returns
    whether a character has come by the end of ``items``."""
    run: list[str] = []
    run_begun = False

    def close() -> None:
        if run and run_begun:
            out.append(frozenset({"".join(run)}))
        run.clear()

    for op, arg in items:
        if op is _c.LITERAL:
            if not run:
                run_begun = begun
            run.append(chr(arg).lower())
            begun = True
            continue
        if op is _c.AT:
            continue  # zero-width (\b, ^): the characters around it stay adjacent
        close()
        if op is _c.SUBPATTERN:
            begun = _later_needs(state, arg[-1], out, begun)
            continue
        if hasattr(_c, "ATOMIC_GROUP") and op is _c.ATOMIC_GROUP:
            begun = _later_needs(state, arg, out, begun)
            continue
        if op is _c.BRANCH:
            if begun:
                alternatives = [_needs(alt) for alt in arg[1]]
            else:
                # Each alternative's own requirements past its first character.
                alternatives = [_later_best(state, alt) for alt in arg[1]]
            if all(alternatives):
                out.append(frozenset().union(*alternatives))  # type: ignore[arg-type]
        elif op in _REPEATS:
            low, _high, sub = arg
            if low >= 1:
                _later_needs(state, sub, out, begun)
        if _p.SubPattern(state, [(op, arg)]).getwidth()[0] > 0:
            begun = True
    close()
    return begun


def _later_best(state: Any, items: Any) -> Need:
    found: list[Need] = []
    _later_needs(state, items, found, False)
    return _best(found)
