"""One matcher per rule kind. Each finds hits in a document's folded prose."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

import regex

from cliniclint.engine.compiled import CompiledRule, CompiledRules
from cliniclint.engine.textfold import phrase_key
from cliniclint.findings import Severity

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


class HitJudge:
    """Applies a sentence rule's exceptions, ``unless`` and ``hedges`` to a raw hit."""

    def __init__(self, doc: ProseDocument, folded: str, commercial: bool):
        self.doc = doc
        self.folded = folded
        self.commercial = commercial

    def judge(self, item: CompiledRule, start: int, end: int) -> Severity | None:
        folded = self.folded
        ss, se = self.doc.sentence_at(start)
        for pattern in item.exceptions:
            for m in pattern.finditer(folded, ss, se):
                if m.start() < end and m.end() > start:
                    return None
        cs, ce = clause_span(folded, ss, se, start)
        for pattern in item.unless:
            if pattern.search(folded, cs, ce):
                return None
        severity = item.severity
        if any(p.search(folded, cs, ce) for p in item.hedges):
            severity = severity.lowered()
        if self.commercial and item.commercial_severity is not None:
            severity = max(severity, item.commercial_severity)
        return severity


def phrase_hits(rules: CompiledRules, folded: str, judge: HitJudge) -> Iterator[Hit]:
    if not rules.phrase_rules:
        return
    for m in rules.phrase_matcher.finditer(folded):
        for index in rules.phrase_index.get(phrase_key(m.group()), ()):
            severity = judge.judge(rules.rules[index], m.start(), m.end())
            if severity is not None:
                yield Hit(index, m.start(), m.end(), severity)


def pattern_hits(rules: CompiledRules, folded: str, judge: HitJudge) -> Iterator[Hit]:
    for index in rules.pattern_rules:
        item = rules.rules[index]
        assert item.pattern is not None
        has_span = "span" in item.pattern.groupindex
        for m in item.pattern.finditer(folded):
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
