"""One matcher per rule kind. Each finds hits in a document's folded prose."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cliniclint.engine.compiled import CompiledRule, CompiledRules, LazyPattern
from cliniclint.engine.textfold import phrase_key
from cliniclint.findings import Severity

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

    def block_span(self, prose_offset: int) -> tuple[int, int]: ...


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


class HitJudge:
    """Applies a sentence rule's exceptions, ``unless`` and ``hedges`` to a raw hit."""

    def __init__(self, doc: ProseDocument, folded: str, commercial: bool):
        self.doc = doc
        self.folded = folded
        self.commercial = commercial

    def judge(self, item: CompiledRule, start: int, end: int) -> Severity | None:
        folded = self.folded
        if item.exceptions or item.unless or item.hedges:
            ss, se = self.doc.sentence_at(start)
            for lazy in item.exceptions:
                for m in lazy.finditer(folded, ss, se):
                    if m.start() < end and m.end() > start:
                        return None
            cs, ce = clause_span(folded, ss, se, start)
            for lazy in item.unless:
                if lazy.search(folded, cs, ce):
                    return None
            hedged = any(lazy.search(folded, cs, ce) for lazy in item.hedges)
        else:
            hedged = False
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
            severity = judge.judge(rules.rules[index], m.start(), m.end())
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
    pattern: LazyPattern, folded: str, spans: list[tuple[int, int]] | None
) -> Iterator[re.Match[str]]:
    if spans is None:
        yield from pattern.finditer(folded)
        return
    for start, end in spans:
        yield from pattern.finditer(folded, start, end)


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
        for m in _unit_matches(pattern, text.folded, spans):
            start, end = m.span("span") if has_span else m.span()
            if start < 0 or end <= start:
                continue
            severity = judge.judge(item, start, end)
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
                    severity = judge.judge(item, start, end)
                    if severity is not None:
                        yield Hit(index, start, end, severity)


def is_commercial(rules: CompiledRules, folded: str) -> bool:
    return any(p.search(folded) for p in rules.commercial)


def missing_required(rules: CompiledRules, folded: str) -> Iterator[int]:
    """Indices of page-level rules whose trigger is present and statement absent."""
    for index in rules.required_rules:
        item = rules.rules[index]
        if any(p.search(folded) for p in item.when) and not any(
            p.search(folded) for p in item.any_of
        ):
            yield index
