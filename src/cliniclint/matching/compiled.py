"""Compiled rules as plain data: what the matchers run, and what the cache stores.

Patterns are kept as source text and compiled on first use, so that a cached rule set
loads in a moment and a run compiles only the patterns its pages need. Nothing here
imports the pack validators.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import regex

from cliniclint.findings import FixTier, Reference, Severity
from cliniclint.matching.speed.lowercase import lowered_source
from cliniclint.matching.speed.recode import Parts, compile_parts, from_parts
from cliniclint.matching.trie import literal_pattern

Matcher = Any  # a compiled ``re`` or ``regex`` pattern: both have search and finditer


class LazyPattern:
    """A pattern compiled on first use.

    ``engine`` is ``re`` (bundled packs: reviewed patterns, and the standard engine is
    several times faster) or ``regex`` (user packs: it honours a time limit, which
    contains a catastrophic pattern). A bundled pattern that the standard engine
    refuses runs on ``regex`` too, still ``trusted``: without a time limit.
    """

    __slots__ = (
        "_compiled",
        "_lower",
        "_twinned",
        "anchored",
        "engine",
        "flags",
        "parts",
        "skip",
        "source",
        "trusted",
    )

    def __init__(
        self,
        source: str,
        engine: str = "regex",
        flags: int = re.IGNORECASE,
        anchored: bool = False,
        trusted: bool | None = None,
    ):
        self.source = source
        self.engine = engine
        self.trusted = engine == "re" if trusted is None else trusted
        self.flags = flags
        # A pattern written with a leading \G: it matches only where the search
        # starts (the start of the sentence or clause it is applied to).
        self.anchored = anchored
        # The standard engine's compiled codes, kept with the rule set so that the
        # next process can skip compiling (see matching.speed.recode).
        self.parts: Parts | None = None
        # The same pattern for lower-cased text (see the ``lower`` property).
        self._lower: LazyPattern | None = None
        self._twinned = False
        # Finds the strings every match starts with (see literals.start_strings): a
        # search begins where the first of them occurs, or fails at once without one.
        self.skip: LazyPattern | None = None
        self._compiled: Matcher | None = None

    def __reduce__(
        self,
    ) -> tuple[type[LazyPattern], tuple[str, str, int, bool, bool], dict[str, Any]]:
        state: dict[str, Any] = {"parts": self.parts, "skip": self.skip}
        if self._twinned:
            state["lower"] = self._lower
        if self.engine == "regex" and self._compiled is not None:
            # A regex-engine pattern pickles with its compiled code.
            state["regex"] = self._compiled
        return (
            LazyPattern,
            (self.source, self.engine, self.flags, self.anchored, self.trusted),
            state,
        )

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.parts = state.get("parts")
        self._twinned = "lower" in state
        self._lower = state.get("lower")
        self.skip = state.get("skip")
        self._compiled = state.get("regex")

    def keep_codes(self) -> None:
        """Compile this pattern so that the rules cache can keep its code: the
        standard engine's codes, or the regex engine's compiled pattern. A pattern
        with a lower-cased twin keeps the twin's code only: the pattern itself runs
        on the rare page the twin cannot serve, and compiles then."""
        twin = self.lower
        if twin is not None:
            twin.keep_codes()
            return
        if self.engine == "re" and self.parts is None:
            self.parts = compile_parts(self.source, self.flags)
            if self.parts is None:
                self.compiled  # noqa: B018 - may move the pattern to the regex engine
        if self.engine == "regex":
            self.compiled  # noqa: B018
        if self.skip is not None:
            self.skip.keep_codes()

    @property
    def lower(self) -> LazyPattern | None:
        """The same pattern for lower-cased text (see matching.speed.lowercase), with a
        skip to its first start string; None when there is none. Built on first use,
        so that a run analyses only the patterns its pages need."""
        if not self._twinned:
            self._twinned = True
            self._lower = self._lower_twin()
        return self._lower

    def _lower_twin(self) -> LazyPattern | None:
        if not self.flags & re.IGNORECASE:
            return None
        lowered = lowered_source(self.source)
        if lowered is None:
            return None
        # Only a run without the rules cache builds twins: the analysis is imported
        # then, not on every start.
        from cliniclint.matching.speed.literals import parse, start_strings

        twin = LazyPattern(lowered, self.engine, 0, self.anchored, self.trusted)
        try:
            starts = None if self.anchored else start_strings(lowered, 0)
            if twin.engine == "re":
                # The codes come from the parse the analysis made: one parse.
                twin.parts = compile_parts(lowered, 0, parse(lowered, 0))
        finally:
            parse.cache_clear()  # the trees of large patterns are not kept
        if starts is not None:
            skip = literal_pattern(starts[0] | starts[1], spaces=True)
            twin.skip = LazyPattern(skip, "re", 0)
        return twin

    def search(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        timeout: float | None = None,
    ) -> Any:
        """The first match in ``text[pos:endpos]`` (at ``pos`` when anchored).

        ``timeout`` (seconds) applies on the regex engine, which raises
        TimeoutError when it runs out."""
        end = len(text) if endpos is None else endpos
        extra = {"timeout": timeout} if timeout is not None and self.limited else {}
        if self.anchored:
            return self.compiled.match(text, pos, end, **extra)
        if self.skip is not None and not extra:
            return self._search_at_starts(self.skip, text, pos, end)
        start = self._first_start(text, pos, end)
        if start is None:
            return None
        return self.compiled.search(text, start, end, **extra)

    def _search_at_starts(
        self, skip: LazyPattern, text: str, pos: int, end: int
    ) -> Any:
        """``search`` tried only where ``skip`` finds a start string: every match
        begins at one, so the first that matches is where a search would find its
        match, and a search that fails at the first start string does not go on
        through all of the text. A search with a time limit is left whole, as the
        limit is for one search."""
        starts, match = skip.compiled.search, self.compiled.match
        while (first := starts(text, pos, end)) is not None:
            pos = first.start()
            found = match(text, pos, end)
            if found is not None:
                return found
            pos += 1
        return None

    def match(
        self,
        text: str,
        pos: int,
        endpos: int,
        timeout: float | None = None,
    ) -> Any:
        """The match that starts at ``pos`` and ends by ``endpos``, if any."""
        if timeout is not None and self.limited:
            return self.compiled.match(text, pos, endpos, timeout=timeout)
        return self.compiled.match(text, pos, endpos)

    def finditer(
        self,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
        timeout: float | None = None,
    ) -> Any:
        end = len(text) if endpos is None else endpos
        if self.anchored:
            found = self.search(text, pos, end, timeout)
            return iter((found,) if found else ())
        extra = {"timeout": timeout} if timeout is not None and self.limited else {}
        start = self._first_start(text, pos, end)
        if start is None:
            return iter(())
        return self.compiled.finditer(text, start, end, **extra)

    def searcher(self, text: str) -> Callable[[int, int], Any]:
        """``search`` over ``text`` without a time limit, as a function of
        ``(pos, endpos)``: the judge runs many short searches over one page, and a
        bound function spares each of them the lookups ``search`` makes."""
        compiled = self.compiled
        if self.anchored:
            return partial(compiled.match, text)
        if self.skip is None:
            return partial(compiled.search, text)
        skip, search = self.skip.compiled.search, compiled.search

        def skip_then_search(pos: int, end: int) -> Any:
            first = skip(text, pos, end)
            return None if first is None else search(text, first.start(), end)

        return skip_then_search

    def finder(self, text: str) -> Callable[[int, int], Any]:
        """``finditer`` over ``text`` without a time limit, as a function of
        ``(pos, endpos)`` (see ``searcher``)."""
        if self.anchored:
            first = self.searcher(text)
            return lambda pos, end: iter(() if (m := first(pos, end)) is None else (m,))
        compiled = self.compiled
        if self.skip is None:
            return partial(compiled.finditer, text)
        skip, finditer = self.skip.compiled.search, compiled.finditer

        def skip_then_finditer(pos: int, end: int) -> Any:
            first = skip(text, pos, end)
            return iter(()) if first is None else finditer(text, first.start(), end)

        return skip_then_finditer

    def _first_start(self, text: str, pos: int, end: int) -> int | None:
        """Where a match can first begin: the first of the start strings ``skip``
        finds (None when there is none), or ``pos`` without a skip."""
        if self.skip is None:
            return pos
        first = self.skip.compiled.search(text, pos, end)
        return None if first is None else first.start()

    @property
    def compiled(self) -> Matcher:
        if self._compiled is None:
            if self.engine == "re":
                if self.parts is not None:
                    self._compiled = from_parts(self.source, self.parts)
                    if self._compiled is not None:
                        return self._compiled
                try:
                    self._compiled = re.compile(self.source, self.flags)
                    return self._compiled
                except re.error:
                    # Syntax the standard engine refuses only when compiling (such
                    # as a variable-width look-behind): use the regex engine.
                    self.engine = "regex"
            if self._compiled is None:
                flags = regex.VERSION0 | (regex.IGNORECASE if self.flags else 0)
                self._compiled = regex.compile(self.source, flags)
        return self._compiled

    @property
    def limited(self) -> bool:
        """Whether searches carry a time limit (user packs' patterns, on the
        ``regex`` engine)."""
        return not self.trusted


@dataclass(slots=True)
class CompiledRule:
    id: str
    category: str
    kind: str
    message: str
    suggestions: tuple[str, ...]
    advice: str | None
    fix: FixTier
    pack_id: str
    pack_version: str
    pack_path: str
    severity: Severity
    commercial_severity: Severity | None
    # What every finding of the rule cites (at least one source), and where it applies.
    references: tuple[Reference, ...]
    jurisdiction: str
    # The language of the text the rule runs on (its pack's).
    language: str = "en"
    all_of: tuple[str, ...] = ()
    report_list: str = ""
    exceptions: list[LazyPattern] = field(default_factory=list)
    unless: list[LazyPattern] = field(default_factory=list)
    # Searched from the clause start to the end of the hit: a negation must come
    # before the claim it negates.
    unless_before: list[LazyPattern] = field(default_factory=list)
    hedges: list[LazyPattern] = field(default_factory=list)
    # Sentence facts (matching.facts) that clear the hit, and that lower it.
    unless_facts: tuple[str, ...] = ()
    lower_facts: tuple[str, ...] = ()
    # No finding on a page that sells nothing (informing_pages: skip).
    skip_informing: bool = False
    when_claims: frozenset[str] = frozenset()
    rewrite: tuple[str, ...] = ()
    # A pattern rule's alternatives.
    patterns: list[LazyPattern] = field(default_factory=list)
    when: list[LazyPattern] = field(default_factory=list)
    any_of: list[LazyPattern] = field(default_factory=list)
    # A required rule applies only to pages where one of these occurs.
    on_pages_naming: list[LazyPattern] = field(default_factory=list)


@dataclass(slots=True)
class StartScan:
    """One pass that finds where pattern units may start (see literals.start_strings).

    ``pattern`` matches the longest start string at a position; ``units_at`` gives,
    for each start string, the units that may start there (those of the string and of
    its prefixes); ``inner`` gives the offsets inside a string where another start
    string may begin, which a pass of non-overlapping matches would skip.
    """

    pattern: LazyPattern
    units_at: dict[str, tuple[int, ...]]
    inner: dict[str, tuple[int, ...]]


@dataclass(slots=True)
class CompiledRules:
    """Everything the matchers need, built once per run (and cached between runs)."""

    rules: list[CompiledRule]
    # Prefix-tree matchers for lower-cased text; the ignore-case twins serve the rare
    # text whose lower-case form has another length.
    phrase_matcher: LazyPattern
    phrase_matcher_any_case: LazyPattern
    phrase_index: dict[str, list[int]]
    term_matcher: LazyPattern
    term_matcher_any_case: LazyPattern
    term_index: dict[str, frozenset[str]]
    anchor_matcher: LazyPattern
    anchor_matcher_any_case: LazyPattern
    # Pattern alternatives as (rule index, alternative index) units; the anchor index
    # maps each literal to the units that need it.
    units: list[tuple[int, int]]
    anchor_index: dict[str, list[int]]
    # Term list name -> units that need a term of that list (found by the term pass).
    list_anchor_index: dict[str, list[int]]
    unanchored_units: list[int]
    # Units tried only where one of their start strings occurs, and the passes that
    # find those places.
    started_units: frozenset[int]
    start_scans: list[StartScan]
    # A started unit's gate: it is tried only in sentences where this search finds
    # one of the strings every match holds (literals.gate_literals). Each distinct
    # gate once; unit -> its gate.
    gates: list[LazyPattern]
    unit_gates: dict[int, int]
    # Kind name -> the indices of its rules (kinds.KINDS).
    kind_rules: dict[str, list[int]]
    commercial: list[LazyPattern]
    needs_commercial: bool
    information: list[LazyPattern] = field(default_factory=list)
    # The language each context pattern's words are in ("": any language).
    commercial_languages: list[str] = field(default_factory=list)
    information_languages: list[str] = field(default_factory=list)
    # The languages the rules are in, and the configured language of the files
    # (None: read from each file, else detected).
    languages: frozenset[str] = frozenset({"en"})
    language_setting: str | None = None

    def keep_codes(self) -> None:
        """Store the compiled codes of every pattern the matchers use (the ignore-case
        twins of the prefix trees are rarely needed and are left out)."""
        for lazy in (self.phrase_matcher, self.term_matcher, self.anchor_matcher):
            lazy.keep_codes()
        for scan in self.start_scans:
            scan.pattern.keep_codes()
        for lazy in self.gates:
            lazy.keep_codes()
        for rule in self.rules:
            for group in (
                rule.patterns,
                rule.exceptions,
                rule.unless,
                rule.unless_before,
                rule.hedges,
                rule.when,
                rule.any_of,
                rule.on_pages_naming,
            ):
                for lazy in group:
                    lazy.keep_codes()
        for lazy in (*self.commercial, *self.information):
            lazy.keep_codes()
