"""One matcher per rule kind. Each finds hits in a document's folded prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from time import perf_counter
from typing import Any, Protocol

from cliniclint.engine.compiled import CompiledRule, CompiledRules, LazyPattern
from cliniclint.engine.textfold import phrase_key
from cliniclint.errors import PatternTimeout
from cliniclint.findings import Severity

# Time limits for the packs' regular expressions on one document: a rule may spend
# BASE_SECONDS plus SECONDS_PER_CHAR for each character of the document's prose in
# its patterns; the commercial-context patterns share one such budget. Limits apply
# to the `regex` engine, which user packs run on; the bundled packs' patterns are
# reviewed and run on the standard engine. Only a pattern that backtracks
# catastrophically reaches the limit, and the run stops with an error naming it
# instead of hanging.
BASE_SECONDS = 1.0
SECONDS_PER_CHAR = 20e-6

# Where one clause ends and the next begins: a pivot like ", but" after a true statement
# ("There is no cure for X, but our cells ...") must not let the first clause's negation
# clear the claim in the second. "yet" and "so" start a clause only after a comma, so
# that "has not yet been approved" stays one clause.
CLAUSE_BREAK = re.compile(
    r";|:\s|\s-{1,2}\s|,?\s+(?=(?:but|however|although|though|whereas)\b)"
    r"|,\s+(?=(?:so|yet)\b)",
    flags=re.IGNORECASE,
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


@dataclass(slots=True)
class Text:
    """The prose as the matchers see it: folded, and its lower-case twin.

    The prefix-tree matchers run on the lower-case text without a case flag, which
    lets the standard engine skip ahead fast; when lower-casing changes the length
    (a handful of characters do) they fall back to their ignore-case twins.
    """

    folded: str
    lower: str
    same_length: bool

    @classmethod
    def of(cls, folded: str) -> Text:
        lower = folded.lower()
        same = len(lower) == len(folded)
        return cls(folded, lower if same else folded, same)

    def scan(
        self, exact: LazyPattern, any_case: LazyPattern
    ) -> Iterator[re.Match[str]]:
        pattern = exact if self.same_length else any_case
        return pattern.compiled.finditer(self.lower)  # type: ignore[no-any-return]


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
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: LazyPattern,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
    ) -> list[Any]:
        """Every match in ``text[pos:endpos]``, charged to the rule's budget."""
        if not pattern.limited:
            return list(pattern.finditer(text, pos, endpos))
        spent, started = self._start(index, item, key, pattern)
        try:
            return list(pattern.finditer(text, pos, endpos, self.limit - spent))
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None
        finally:
            self._spent[index] = spent + perf_counter() - started

    def search(
        self,
        index: int,
        item: CompiledRule | None,
        key: str,
        pattern: LazyPattern,
        text: str,
        pos: int = 0,
        endpos: int | None = None,
    ) -> bool:
        """Whether ``pattern`` occurs in ``text[pos:endpos]``, charged likewise."""
        if not pattern.limited:
            return pattern.search(text, pos, endpos) is not None
        spent, started = self._start(index, item, key, pattern)
        try:
            found = pattern.search(text, pos, endpos, self.limit - spent)
        except TimeoutError:
            raise self._timeout(item, key, pattern) from None
        finally:
            self._spent[index] = spent + perf_counter() - started
        return found is not None

    def _start(
        self, index: int, item: CompiledRule | None, key: str, pattern: LazyPattern
    ) -> tuple[float, float]:
        spent = self._spent.get(index, 0.0)
        if spent >= self.limit:
            raise self._timeout(item, key, pattern)
        return spent, perf_counter()

    def _timeout(
        self, item: CompiledRule | None, key: str, pattern: LazyPattern
    ) -> PatternTimeout:
        if item is None:
            return PatternTimeout(
                self.document, None, key, "this file", self.limit, pattern.source
            )
        return PatternTimeout(
            item.pack_path, item.id, key, self.document, self.limit, pattern.source
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
        hedged = False
        if item.exceptions or item.unless or item.unless_before or item.hedges:
            ss, se = self.doc.sentence_at(start)
            for pattern in item.exceptions:
                for m in clock.finditer(
                    index, item, "exceptions", pattern, folded, ss, se
                ):
                    if m.start() < end and m.end() > start:
                        return None
            cs, ce = clause_span(folded, ss, se, start)
            for pattern in item.unless:
                if clock.search(index, item, "unless", pattern, folded, cs, ce):
                    return None
            before = min(max(end, cs), ce)
            for pattern in item.unless_before:
                if clock.search(
                    index, item, "unless_before", pattern, folded, cs, before
                ):
                    return None
            hedged = any(
                clock.search(index, item, "hedges", p, folded, cs, ce)
                for p in item.hedges
            )
        severity = item.severity
        if hedged:
            severity = severity.lowered()
        if self.commercial and item.commercial_severity is not None:
            severity = max(severity, item.commercial_severity)
        return severity


def phrase_hits(rules: CompiledRules, text: Text, judge: HitJudge) -> Iterator[Hit]:
    if not rules.phrase_rules:
        return
    for m in text.scan(rules.phrase_matcher, rules.phrase_matcher_any_case):
        for index in rules.phrase_index.get(phrase_key(m.group()), ()):
            severity = judge.judge(rules.rules[index], m.start(), m.end(), index)
            if severity is not None:
                yield Hit(index, m.start(), m.end(), severity)


TermHit = tuple[int, int, frozenset[str]]


def term_hits(rules: CompiledRules, text: Text) -> list[TermHit]:
    """Every term of the lists that claim rules and pattern prefilters use."""
    if not rules.term_index:
        return []
    out: list[TermHit] = []
    for m in text.scan(rules.term_matcher, rules.term_matcher_any_case):
        lists = rules.term_index.get(phrase_key(m.group()))
        if lists:
            out.append((m.start(), m.end(), lists))
    return out


def _windows(
    rules: CompiledRules, doc: ProseDocument, text: Text, terms: list[TermHit]
) -> dict[int, list[tuple[int, int]]]:
    """For each anchored pattern unit, the sentences where one of its literals occurs.

    Pattern rules describe claims made within a sentence, so a unit runs only over
    the sentences that hold one of its required literals."""
    found: dict[int, set[tuple[int, int]]] = {}
    if rules.anchor_index:
        for m in text.scan(rules.anchor_matcher, rules.anchor_matcher_any_case):
            units = rules.anchor_index.get(m.group())
            if units:
                sentence = doc.sentence_at(m.start())
                for unit in units:
                    found.setdefault(unit, set()).add(sentence)
    if rules.list_anchor_index:
        for start, _end, lists in terms:
            wanted = [
                unit for name in lists for unit in rules.list_anchor_index.get(name, ())
            ]
            if wanted:
                where = doc.sentence_at(start)
                for unit in wanted:
                    found.setdefault(unit, set()).add(where)
    return {unit: sorted(spans) for unit, spans in found.items()}


def _unit_matches(
    clock: PatternClock,
    index: int,
    item: CompiledRule,
    pattern: LazyPattern,
    folded: str,
    spans: list[tuple[int, int]] | None,
) -> Iterator[Any]:
    if spans is None:
        yield from clock.finditer(index, item, "pattern", pattern, folded)
        return
    for start, end in spans:
        yield from clock.finditer(index, item, "pattern", pattern, folded, start, end)


def pattern_hits(
    rules: CompiledRules,
    doc: ProseDocument,
    text: Text,
    terms: list[TermHit],
    judge: HitJudge,
) -> Iterator[Hit]:
    if not rules.units:
        return
    windows = _windows(rules, doc, text, terms)
    scan_all = set(rules.unanchored_units)
    for unit, (index, alt) in enumerate(rules.units):
        if unit in scan_all:
            spans = None
        elif unit in windows:
            spans = windows[unit]
        else:
            continue  # none of the alternative's required literals is on the page
        item = rules.rules[index]
        pattern = item.patterns[alt]
        has_span = "span" in pattern.compiled.groupindex
        for m in _unit_matches(judge.clock, index, item, pattern, text.folded, spans):
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
    rules: CompiledRules, doc: ProseDocument, terms: list[TermHit], judge: HitJudge
) -> Iterator[Hit]:
    if not rules.claim_rules:
        return
    by_sentence: dict[tuple[int, int], list[TermHit]] = {}
    for hit in terms:
        by_sentence.setdefault(doc.sentence_at(hit[0]), []).append(hit)
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
