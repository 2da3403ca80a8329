"""``kind: pattern``: a regular expression, or a list of alternatives each matched on
its own. Each alternative is a unit of the combined scans: tried where one of its
start strings occurs (behind its gate), else in the sentences that hold one of its
required literals, else in every sentence."""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from cliniclint.kinds.base import Matching, RuleKind
from cliniclint.matching.compiled import CompiledRule
from cliniclint.matching.matchers import (
    Hit,
    HitJudge,
    PatternClock,
    ProseDocument,
    TermHit,
    Text,
)

if TYPE_CHECKING:
    from cliniclint.kinds.pattern.shape import PatternRule
    from cliniclint.matching.compiled import CompiledRules, LazyPattern
    from cliniclint.matching.tables import ScanTables


def compile_pattern(
    rule: PatternRule, item: CompiledRule, index: int, trusted: bool, tables: ScanTables
) -> None:
    for alt, source in enumerate(rule.alternatives):
        lazy = tables.builder.lazy(source, trusted, case_sensitive=rule.case_sensitive)
        item.patterns.append(lazy)
        tables.add_unit(index, alt, source, lazy, rule.case_sensitive)


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


_WHITESPACE = re.compile(r"\s+")


def start_places(rules: CompiledRules, text: Text) -> list[tuple[int, tuple[int, ...]]]:
    """Where started units may match: (offset, units) in offset order."""
    lower = text.lower
    places: list[tuple[int, tuple[int, ...]]] = []
    for scan in rules.start_scans:
        compiled = scan.pattern.compiled
        units_at = scan.units_at
        inner = scan.inner
        for m in compiled.finditer(lower):
            at = m.start()
            string = m.group()
            units = units_at.get(string)
            if units is not None:
                offsets = inner.get(string, ())
            else:
                # Whitespace other than one space where a start string has a space.
                key = _WHITESPACE.sub(" ", string)
                units = units_at[key]
                offsets = _text_offsets(string, key, inner.get(key, ()))
            places.append((at, units))
            for offset in offsets:
                more = compiled.match(lower, at + offset)
                if more is not None:
                    string = more.group()
                    units = (
                        units_at.get(string) or units_at[_WHITESPACE.sub(" ", string)]
                    )
                    places.append((at + offset, units))
    if len(rules.start_scans) > 1:
        places.sort()
    return places


def _text_offsets(text: str, key: str, offsets: tuple[int, ...]) -> tuple[int, ...]:
    """Offsets into ``key`` (a start string) as offsets into ``text``, the string it
    matched, where each space of the key matched a run of whitespace."""
    out: list[int] = []
    i = j = 0
    for offset in offsets:
        while j < offset:
            if key[j] == " ":
                i = _WHITESPACE.match(text, i).end()  # type: ignore[union-attr]
            else:
                i += 1
            j += 1
        out.append(i)
    return tuple(out)


def _started_hits(
    rules: CompiledRules, doc: ProseDocument, text: Text, judge: HitJudge
) -> Iterator[Hit]:
    """Hits of the started units: each is tried only where one of its start strings
    occurs (every match starts at such a place), up to the end of that sentence, and
    only where the rest of the sentence holds one of the strings its matches hold
    past their start (its gate); this finds what searching each sentence would
    find."""
    clock = judge.clock
    starts, ends = doc.sentence_bounds()
    spoken = judge.languages.spoken
    # Where each unit may match next: past its last match. A unit whose rule's
    # language the page does not speak is never tried (the judge would clear every
    # hit).
    resume = [
        0 if rules.rules[index].language in spoken else _NEVER
        for index, _alt in rules.units
    ]
    # Each gate's search, and for the sentence it last searched (its index) where it
    # searched from and where it found one of its strings (-1: none). Places come in
    # page order, so a gate never returns to a sentence it has left: one sentence's
    # answer is all it keeps.
    gates: list[_Gate | None] = [None] * len(rules.gates)
    # Per unit: the match function of the pattern it runs, the text it runs on, its
    # gate (None: none) and its rule; made when the unit is first tried, as that may
    # build the pattern's lower-cased twin.
    plans: list[_UnitPlan | None] = [None] * len(rules.units)

    def plan(unit: int) -> _UnitPlan:
        index, alt = rules.units[unit]
        item = rules.rules[index]
        pattern, within = text.view(item.patterns[alt])
        match: Callable[..., Any]
        if pattern.limited:
            match = partial(clock.match, index, item, pattern)
        else:
            match = pattern.compiled.match
        gate = rules.unit_gates.get(unit)
        if gate is not None and gates[gate] is None:
            # A search, not a pass of non-overlapping matches: no string hides
            # another. Bounded by the sentence, like the unit's match.
            lazy, searched = text.view(rules.gates[gate])
            gates[gate] = (partial(lazy.compiled.search, searched), [-1, 0, -1])
        found = plans[unit] = (
            match,
            within,
            None if gate is None else gates[gate],
            index,
            item,
        )
        return found

    # The sentence of the last place (its index, end, and where the next begins):
    # places come in page order, so most places need no search for theirs.
    i, first, end = -1, -1, -1
    following = starts[0] if starts else _NEVER
    for at, units in start_places(rules, text):
        if at >= following or at < first:
            i = bisect_right(starts, at) - 1
            if i < 0:
                first, end, following = -1, -1, starts[0]
            else:
                first, end = starts[i], ends[i]
                following = starts[i + 1] if i + 1 < len(starts) else _NEVER
        if at >= end:
            continue  # outside every sentence
        for unit in units:
            if at < resume[unit]:
                continue
            match, within, gate, index, item = plans[unit] or plan(unit)
            if gate is not None:
                # The strings lie inside the match: from ``at`` to the sentence's
                # end. A string found past ``at`` still serves the next places.
                search, last = gate
                if last[0] != i or at < last[1] or (last[2] >= 0 and at > last[2]):
                    found = search(at, end)
                    last[:] = i, at, -1 if found is None else found.start()
                if last[2] < 0:
                    continue
            m = match(within, at, end)
            if m is None:
                continue
            resume[unit] = m.end()
            hit = _pattern_hit(index, item, m, judge)
            if hit is not None:
                yield hit


# Past every offset of a page.
_NEVER = sys.maxsize

_Gate = tuple[Callable[..., Any], list[int]]
_UnitPlan = tuple[Callable[..., Any], str, _Gate | None, int, CompiledRule]


def _pattern_hit(index: int, item: CompiledRule, m: Any, judge: HitJudge) -> Hit | None:
    if "span" in m.re.groupindex:
        start, end = m.span("span")
    else:
        start, end = m.span()
    if start < 0 or end <= start:
        return None
    verdict = judge.judge(item, start, end, index)
    if verdict is None:
        return None
    return Hit(
        index,
        start,
        end,
        verdict.severity,
        groups=m.groups(),
        named=tuple(m.groupdict().items()),
        note=verdict.note,
    )


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
    rules: CompiledRules, indices: list[int], page: Matching
) -> Iterator[Hit]:
    if not rules.units:
        return
    doc, text, terms, judge = page.doc, page.text, page.terms, page.judge
    # Start places are found in the lower-cased text, which stands in for the page
    # only when it is faithful (a long s, say, matches "s" in the pattern).
    started = text.faithful
    if started:
        yield from _started_hits(rules, doc, text, judge)
    windows = _windows(rules, doc, text, terms)
    scan_all = set(rules.unanchored_units)
    clock = judge.clock
    for unit, (index, alt) in enumerate(rules.units):
        item = rules.rules[index]
        pattern = item.patterns[alt]
        if unit in rules.started_units:
            if started:
                continue
            # The lower-cased text is not faithful: search every sentence.
            spans: list[tuple[int, int]] | None = list(doc.sentences())
        elif unit in scan_all:
            spans = None
        elif unit in windows:
            spans = windows[unit]
        else:
            continue  # none of the alternative's required literals is on the page
        pattern, within = text.view(pattern)
        for m in _unit_matches(clock, index, item, pattern, within, spans):
            hit = _pattern_hit(index, item, m, judge)
            if hit is not None:
                yield hit


def describe(rule: PatternRule) -> str:
    n = len(rule.alternatives)
    return f"Flags text matching {n} pattern{'s' if n != 1 else ''}."


KIND: RuleKind[PatternRule] = RuleKind(
    "pattern",
    "cliniclint.kinds.pattern.shape",
    compile_pattern,
    describe,
    hits=pattern_hits,
)
