"""Compile packs once: each rule by its kind's hook, then the combined phrase, term,
anchor and start scans from the tables the kinds filled."""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path

from cliniclint.engine.ruleset import PackSet
from cliniclint.engine.selection import Selection
from cliniclint.findings import Severity
from cliniclint.kinds import KIND_OF, KINDS
from cliniclint.matching.compiled import (
    CompiledRule,
    CompiledRules,
    LazyPattern,
    StartScan,
)
from cliniclint.matching.languages import DEFAULT, sentence_lists
from cliniclint.matching.speed.literals import parse
from cliniclint.matching.tables import PatternBuilder, ScanTables, term_keys
from cliniclint.matching.trie import literal_pattern, trie_pattern
from cliniclint.packs.locations import bundled_dir
from cliniclint.packs.schema import TERM_REF, SentenceRule


def _words_language(pattern: str, packs: PackSet) -> str:
    """The language of the term lists a context pattern names ("" for a pattern
    that names none, such as a price): words signal only on text in their
    language."""
    codes = {
        packs.terms[m.group(1)].language or DEFAULT
        for m in TERM_REF.finditer(pattern)
        if m.group(1) in packs.terms
    }
    return codes.pop() if len(codes) == 1 else ""


def _trusted(path: str) -> bool:
    """Bundled packs are reviewed and run on the faster standard engine."""
    try:
        return Path(path).resolve().parent == bundled_dir().resolve()
    except OSError:
        return False


def _word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"


def _start_scan(by_string: dict[str, list[int]], boundary: bool) -> StartScan | None:
    """The pass over lower-cased text that finds where these start strings occur."""
    if not by_string:
        return None
    strings = sorted(by_string)
    known = set(strings)
    units_at: dict[str, tuple[int, ...]] = {}
    inner: dict[str, tuple[int, ...]] = {}
    for s in strings:
        units_at[s] = tuple(
            sorted({u for k in range(1, len(s) + 1) for u in by_string.get(s[:k], ())})
        )
        offsets = []
        for o in range(1, len(s)):
            if boundary and _word_char(s[o - 1]) == _word_char(s[o]):
                continue
            rest = s[o:]
            # Another start string begins here: one that starts with the rest of s
            # (the next in sorted order, if any), or one the rest starts with.
            after = bisect_left(strings, rest)
            if (after < len(strings) and strings[after].startswith(rest)) or any(
                rest[:k] in known for k in range(1, len(rest) + 1)
            ):
                offsets.append(o)
        if offsets:
            inner[s] = tuple(offsets)
    source = literal_pattern(strings, spaces=True)
    if boundary:
        source = r"\b(?:" + source + ")"
    return StartScan(LazyPattern(source, "re", 0), units_at, inner)


def _twins(source: str) -> tuple[LazyPattern, LazyPattern]:
    return LazyPattern(source, "re", 0), LazyPattern(source, "re", re.IGNORECASE)


def _credit_contained(anchor_index: dict[str, list[int]]) -> None:
    """Where a literal occurs, every literal inside it occurs too: the anchor scan
    reports only the longest literal at a place ("antioxidant" hides "anti"), so
    each literal also stands for the units of the literals it contains."""
    literals = sorted(anchor_index, key=len)
    extra: dict[str, list[int]] = {}
    for i, inner in enumerate(literals):
        for outer in literals[i + 1 :]:
            if inner in outer:
                extra.setdefault(outer, []).extend(anchor_index[inner])
    for outer, units in extra.items():
        have = anchor_index[outer]
        have.extend(u for u in dict.fromkeys(units) if u not in have)


def compile_rules(packs: PackSet, selection: Selection | None = None) -> CompiledRules:
    selection = selection or Selection()
    builder = PatternBuilder(packs.terms)
    tables = ScanTables(builder)
    compiled: list[CompiledRule] = []
    kind_rules: dict[str, list[int]] = {kind.name: [] for kind in KINDS}
    for loaded, rule in packs.rules():
        jurisdiction = packs.jurisdiction(loaded, rule)
        if not selection.enabled(rule, loaded.pack.pack, jurisdiction):
            continue
        path = loaded.path
        trusted = _trusted(path)
        commercial = (
            Severity.parse(rule.commercial_severity)
            if rule.commercial_severity
            else None
        )
        item = CompiledRule(
            id=rule.id,
            category=rule.category,
            kind=rule.kind,
            message=rule.message,
            suggestions=tuple(rule.suggestions),
            advice=rule.advice,
            fix=rule.fix,
            pack_id=loaded.pack.pack,
            pack_version=loaded.pack.version,
            pack_path=path,
            severity=selection.severity(rule),
            commercial_severity=commercial,
            references=packs.references(loaded, rule),
            jurisdiction=jurisdiction,
            language=loaded.pack.language,
        )
        if isinstance(rule, SentenceRule):
            item.exceptions = [builder.lazy(p, trusted) for p in rule.exceptions]
            item.unless = [builder.lazy(p, trusted) for p in rule.unless_patterns]
            item.unless_facts = tuple(rule.unless_facts)
            item.lower_facts = tuple(rule.lower_if)
            item.skip_informing = rule.informing_pages == "skip"
            item.rewrite = tuple(rule.rewrite)
            item.unless_before = [builder.lazy(p, trusted) for p in rule.unless_before]
            item.hedges = [builder.lazy(p, trusted) for p in rule.hedges]
        index = len(compiled)
        KIND_OF[rule.kind].compile(rule, item, index, trusted, tables)
        kind_rules[rule.kind].append(index)
        compiled.append(item)
    term_index: dict[str, set[str]] = {}
    # The facts and the rewrites read these lists wherever they are defined.
    wanted = {name for name in sentence_lists() if name in packs.terms}
    lists = tables.term_lists | set(tables.list_anchor_index) | wanted
    for name in sorted(lists):
        for key in term_keys(packs.terms[name]):
            term_index.setdefault(key, set()).add(name)
    phrases = _twins(trie_pattern(tables.phrase_index))
    terms = _twins(trie_pattern(term_index))
    _credit_contained(tables.anchor_index)
    anchor_twins = _twins(literal_pattern(tables.anchor_index))
    selling = [(lp, p) for lp in packs.packs for p in lp.pack.context.commercial]
    informing = [(lp, p) for lp in packs.packs for p in lp.pack.context.information]
    parse.cache_clear()  # the trees of large patterns are not needed any more
    starts = tables.starts
    return CompiledRules(
        rules=compiled,
        phrase_matcher=phrases[0],
        phrase_matcher_any_case=phrases[1],
        phrase_index=tables.phrase_index,
        term_matcher=terms[0],
        term_matcher_any_case=terms[1],
        term_index={k: frozenset(v) for k, v in term_index.items()},
        anchor_matcher=anchor_twins[0],
        anchor_matcher_any_case=anchor_twins[1],
        units=tables.units,
        anchor_index=tables.anchor_index,
        list_anchor_index=tables.list_anchor_index,
        unanchored_units=tables.unanchored,
        started_units=frozenset(tables.started),
        gates=tables.gates,
        unit_gates=tables.unit_gates,
        start_scans=[
            scan
            for scan in (_start_scan(starts[0], True), _start_scan(starts[1], False))
            if scan is not None
        ],
        kind_rules=kind_rules,
        commercial=[builder.lazy(p, _trusted(lp.path)) for lp, p in selling],
        commercial_languages=[_words_language(p, packs) for _, p in selling],
        information=[builder.lazy(p, _trusted(lp.path)) for lp, p in informing],
        information_languages=[_words_language(p, packs) for _, p in informing],
        needs_commercial=any(c.commercial_severity is not None for c in compiled),
        languages=frozenset(c.language for c in compiled) or frozenset({DEFAULT}),
        language_setting=selection.language,
    )
