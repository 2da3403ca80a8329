"""One matcher per rule kind. Each finds hits in a document's folded prose."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from time import perf_counter
from typing import Protocol

import regex

from cliniclint.engine.compiled import CompiledRule, CompiledRules
from cliniclint.engine.textfold import phrase_key
from cliniclint.errors import PatternTimeout
from cliniclint.findings import Severity

# Time limits for the packs' regular expressions on one document: a rule may spend
# BASE_SECONDS plus SECONDS_PER_CHAR for each character of the document's prose in
# its `pattern`, and as much again in its other patterns together (exceptions,
# unless, hedges, when, any_of); the commercial-context patterns share one such
# budget. The slowest bundled pattern needs about 4 microseconds a character, so
# only a pattern that backtracks catastrophically reaches the limit, and the run
# stops with an error naming it instead of hanging.
BASE_SECONDS = 1.0
SECONDS_PER_CHAR = 20e-6

# Where one clause ends and the next begins: a pivot like ", but" after a true statement
# ("There is no cure for X, but our cells ...") must not let the first clause's negation
# clear the claim in the second. "yet" and "so" start a clause only after a comma, so
# that "has not yet been approved" stays one clause.
CLAUSE_BREAK = regex.compile(
    r";|:\s|\s-{1,2}\s|,?\s+(?=(?:but|however|although|though|whereas)\b)|,\s+(?=(?:so|yet)\b)",
    flags=regex.IGNORECASE,
)


class ProseDocument(Protocol):
    """What the matchers need from a document."""

    @property
    def prose(self) -> str: ...

    def sentence_at(self, prose_offset: int) -> tuple[int, int]: ...


@dataclass(frozen=True, slots=True)
class Hit:
    rule: int
    start: int
    end: int
    severity: Severity
    groups: tuple[str | None, ...] = ()
    named: tuple[tuple[str, str | None], ...] = ()


def clause_span(text: str, start: int, end: int, at: int) -> tuple[int, int]:
    """The clause of ``text[start:end]`` that holds offset ``at``."""
    cs, ce = start, end
    for m in CLAUSE_BREAK.finditer(text, start, end):
        if m.end() <= at:
            cs = m.end()
        elif m.start() >= at:
            ce = m.start()
            break
    return cs, ce


class PatternClock:
    """The time limits of the packs' patterns on one document (see BASE_SECONDS).

    Every search of a pack pattern goes through it; a search that runs out of time
    raises PatternTimeout naming the rule, the pack file and the document.
    """

    __slots__ = ("_spent", "document", "limit")

    def __init__(self, document: str, length: int):
        self.document = document
        self.limit = BASE_SECONDS + SECONDS_PER_CHAR * length
        self._spent: dict[int, float] = {}  # by rule index; -1: commercial context

    def finditer(
        self, item: CompiledRule, key: str, pattern: regex.Pattern[str], text: str
    ) -> Iterator[regex.Match[str]]:
        """A rule's own pattern over the whole text, with the full limit."""
        try:
            yield from pattern.finditer(text, timeout=self.limit)
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None

    def spans(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: regex.Pattern[str],
        text: str,
        pos: int,
        endpos: int,
    ) -> list[tuple[int, int]]:
        """Every match in ``text[pos:endpos]``, charged to the rule's budget."""
        spent, started = self._start(index, item, key, pattern)
        try:
            return [
                m.span()
                for m in pattern.finditer(text, pos, endpos, timeout=self.limit - spent)
            ]
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None
        finally:
            self._spent[index] = spent + perf_counter() - started

    def search(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: regex.Pattern[str],
        text: str,
        pos: int = 0,
        endpos: int | None = None,
    ) -> bool:
        """Whether ``pattern`` occurs in ``text[pos:endpos]``, charged likewise."""
        spent, started = self._start(index, item, key, pattern)
        try:
            found = pattern.search(text, pos, endpos, timeout=self.limit - spent)
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None
        finally:
            self._spent[index] = spent + perf_counter() - started
        return found is not None

    def _start(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: regex.Pattern[str],
    ) -> tuple[float, float]:
        spent = self._spent.get(index, 0.0)
        if spent >= self.limit:
            raise self._timeout(item, key, pattern)
        return spent, perf_counter()

    def _timeout(
        self, item: CompiledRule | None, key: str, pattern: regex.Pattern[str]
    ) -> PatternTimeout:
        if item is None:
            return PatternTimeout(
                self.document, None, key, "this file", self.limit, pattern.pattern
            )
        return PatternTimeout(
            item.pack_path, item.id, key, self.document, self.limit, pattern.pattern
        )


class HitJudge:
    """Applies a sentence rule's exceptions, ``unless`` and ``hedges`` to a raw hit."""

    def __init__(
        self,
        doc: ProseDocument,
        folded: str,
        commercial: bool,
        clock: PatternClock | None = None,
    ):
        self.doc = doc
        self.folded = folded
        self.commercial = commercial
        self.clock = clock or PatternClock("<text>", len(folded))

    def judge(
        self, item: CompiledRule, start: int, end: int, index: int
    ) -> Severity | None:
        """The hit's severity, or None when an exception or ``unless`` clears it.
        ``index`` is the rule's index, whose time budget its patterns use."""
        folded = self.folded
        clock = self.clock
        ss, se = self.doc.sentence_at(start)
        for pattern in item.exceptions:
            for m_start, m_end in clock.spans(
                index, item, "exceptions", pattern, folded, ss, se
            ):
                if m_start < end and m_end > start:
                    return None
        cs, ce = clause_span(folded, ss, se, start)
        for pattern in item.unless:
            if clock.search(index, item, "unless", pattern, folded, cs, ce):
                return None
        severity = item.severity
        if any(
            clock.search(index, item, "hedges", p, folded, cs, ce) for p in item.hedges
        ):
            severity = severity.lowered()
        if self.commercial and item.commercial_severity is not None:
            severity = max(severity, item.commercial_severity)
        return severity


def phrase_hits(rules: CompiledRules, folded: str, judge: HitJudge) -> Iterator[Hit]:
    if not rules.phrase_rules:
        return
    for m in rules.phrase_matcher.finditer(folded):
        for index in rules.phrase_index.get(phrase_key(m.group()), ()):
            severity = judge.judge(rules.rules[index], m.start(), m.end(), index)
            if severity is not None:
                yield Hit(index, m.start(), m.end(), severity)


def pattern_hits(rules: CompiledRules, folded: str, judge: HitJudge) -> Iterator[Hit]:
    for index in rules.pattern_rules:
        item = rules.rules[index]
        assert item.pattern is not None
        has_span = "span" in item.pattern.groupindex
        for m in judge.clock.finditer(item, "pattern", item.pattern, folded):
            start, end = m.span("span") if has_span else m.span()
            if start < 0 or end <= start:
                continue
            severity = judge.judge(item, start, end, index)
            if severity is not None:
                yield Hit(
                    index,
                    start,
                    end,
                    severity,
                    groups=m.groups(),
                    named=tuple(m.groupdict().items()),
                )


def claim_hits(
    rules: CompiledRules, doc: ProseDocument, folded: str, judge: HitJudge
) -> Iterator[Hit]:
    if not rules.claim_rules:
        return
    by_sentence: dict[tuple[int, int], list[tuple[int, int, frozenset[str]]]] = {}
    for m in rules.term_matcher.finditer(folded):
        lists = rules.term_index.get(phrase_key(m.group()))
        if lists:
            sentence = doc.sentence_at(m.start())
            by_sentence.setdefault(sentence, []).append((m.start(), m.end(), lists))
    for terms in by_sentence.values():
        present = frozenset().union(*(t[2] for t in terms))
        for index in rules.claim_rules:
            item = rules.rules[index]
            if not present.issuperset(item.all_of):
                continue
            for start, end, lists in terms:
                if item.report_list in lists:
                    severity = judge.judge(item, start, end, index)
                    if severity is not None:
                        yield Hit(index, start, end, severity)


def is_commercial(
    rules: CompiledRules, folded: str, clock: PatternClock | None = None
) -> bool:
    clock = clock or PatternClock("<text>", len(folded))
    key = "context.commercial"
    return any(clock.search(-1, None, key, p, folded) for p in rules.commercial)


def missing_required(
    rules: CompiledRules, folded: str, clock: PatternClock | None = None
) -> Iterator[int]:
    """Indices of page-level rules whose trigger is present and statement absent."""
    clock = clock or PatternClock("<text>", len(folded))
    for index in rules.required_rules:
        item = rules.rules[index]
        if any(
            clock.search(index, item, "when", p, folded) for p in item.when
        ) and not any(
            clock.search(index, item, "any_of", p, folded) for p in item.any_of
        ):
            yield index
