"""Compile packs once: every pattern, and the combined phrase, term, anchor matchers."""

from __future__ import annotations

import re
from bisect import bisect_left
from pathlib import Path

from cliniclint.engine.compiled import (
    CompiledRule,
    CompiledRules,
    LazyPattern,
    StartScan,
)
from cliniclint.engine.languages import DEFAULT, language, sentence_lists
from cliniclint.engine.literals import (
    LIST_END,
    LIST_MARK,
    gate_literals,
    list_name,
    parse,
    required_literals,
    start_strings,
)
from cliniclint.engine.selection import Selection
from cliniclint.engine.textfold import phrase_key
from cliniclint.engine.trie import literal_pattern, trie_pattern
from cliniclint.model import (
    TERM_REF,
    ClaimRule,
    PatternRule,
    PhraseRule,
    RequiredRule,
    SentenceRule,
    Severity,
    TermList,
)
from cliniclint.packfiles import bundled_dir
from cliniclint.packs import PackSet


def term_keys(terms: TermList) -> list[str]:
    out: list[str] = []
    for term in terms.terms:
        forms = (
            language(terms.language or DEFAULT).variants(term)
            if terms.inflect
            else [term]
        )
        out.extend(phrase_key(f) for f in forms)
    return out


class _Builder:
    """Expands ``{{list}}`` references and wraps patterns for lazy compilation."""

    def __init__(self, terms: dict[str, TermList]):
        self._terms = terms
        self._cache: dict[str, str] = {}

    def expand(self, pattern: str) -> str:
        def one(m: re.Match[str]) -> str:
            name = m.group(1)
            if name not in self._cache:
                keys = term_keys(self._terms[name])
                self._cache[name] = "(?:" + trie_pattern(keys) + ")"
            return self._cache[name]

        return TERM_REF.sub(one, pattern)

    def anchors(self, pattern: str, case_sensitive: bool) -> frozenset[str] | None:
        """Required literals, with ``{{list}}`` requirements kept as tokens."""
        if case_sensitive:
            return None
        return required_literals(self._marked(pattern))

    def gate(
        self, pattern: str, case_sensitive: bool, starts: frozenset[str]
    ) -> LazyPattern | None:
        """A search for the strings every match holds past its start strings
        (literals.gate_literals), anywhere in a sentence; None if there are none."""
        if case_sensitive:
            return None
        strings = gate_literals(self._marked(pattern), starts)
        if strings is None:
            return None
        return self.lazy("(?:" + literal_pattern(strings) + ")", True)

    @staticmethod
    def _marked(pattern: str) -> str:
        return TERM_REF.sub(lambda m: LIST_MARK + m.group(1) + LIST_END, pattern)

    def lazy(
        self, pattern: str, trusted: bool, *, case_sensitive: bool = False
    ) -> LazyPattern:
        source = self.expand(pattern)
        flags = 0 if case_sensitive else re.IGNORECASE
        anchored = source.startswith("\\G") and "\\G" not in source[2:]
        if anchored:
            source = source[2:]
        # Syntax the standard engine refuses moves the pattern to the regex engine
        # when it is first compiled (see LazyPattern.compiled).
        return LazyPattern(source, "re" if trusted else "regex", flags, anchored)


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
    builder = _Builder(packs.terms)
    compiled: list[CompiledRule] = []
    phrase_index: dict[str, list[int]] = {}
    anchor_index: dict[str, list[int]] = {}
    claim_lists: set[str] = set()
    kinds: dict[str, list[int]] = {
        "phrase": [],
        "pattern": [],
        "claim": [],
        "required": [],
    }
    units: list[tuple[int, int]] = []
    unanchored: list[int] = []
    list_anchor_index: dict[str, list[int]] = {}
    # Start strings after a word boundary, and anywhere: string -> units.
    starts: tuple[dict[str, list[int]], dict[str, list[int]]] = ({}, {})
    started: set[int] = set()
    # Started units' gates (literals.gate_literals): each distinct one once.
    gates: list[LazyPattern] = []
    gate_numbers: dict[str, int] = {}
    unit_gates: dict[int, int] = {}
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
            item.rewrite = tuple(rule.rewrite)
            item.unless_before = [builder.lazy(p, trusted) for p in rule.unless_before]
            item.hedges = [builder.lazy(p, trusted) for p in rule.hedges]
        index = len(compiled)
        if isinstance(rule, PhraseRule):
            for phrase in rule.phrases:
                phrase_index.setdefault(phrase_key(phrase), []).append(index)
        elif isinstance(rule, PatternRule):
            for alt, source in enumerate(rule.alternatives):
                lazy = builder.lazy(source, trusted, case_sensitive=rule.case_sensitive)
                item.patterns.append(lazy)
                unit = len(units)
                units.append((index, alt))
                found = (
                    None if lazy.anchored else start_strings(lazy.source, lazy.flags)
                )
                if found is not None:
                    started.add(unit)
                    for strings, by_string in zip(found, starts, strict=True):
                        for string in strings:
                            by_string.setdefault(string, []).append(unit)
                    gate = builder.gate(
                        source, rule.case_sensitive, found[0] | found[1]
                    )
                    if gate is not None:
                        number = gate_numbers.setdefault(gate.source, len(gates))
                        if number == len(gates):
                            gates.append(gate)
                        unit_gates[unit] = number
                    continue
                anchors = builder.anchors(source, rule.case_sensitive)
                if anchors is None:
                    unanchored.append(unit)
                    continue
                for literal in anchors:
                    name = list_name(literal)
                    if name is None:
                        anchor_index.setdefault(literal, []).append(unit)
                    else:
                        list_anchor_index.setdefault(name, []).append(unit)
        elif isinstance(rule, ClaimRule):
            claim_lists.update(rule.all_of)
            item.all_of = tuple(rule.all_of)
            item.report_list = rule.report_list
        elif isinstance(rule, RequiredRule):
            item.when = [builder.lazy(p, trusted) for p in rule.when]
            item.any_of = [builder.lazy(p, trusted) for p in rule.any_of]
            item.unless_facts = tuple(rule.unless)
            item.when_claims = frozenset(rule.when_claims)
            item.on_pages_naming = [
                builder.lazy(p, trusted) for p in rule.on_pages_naming
            ]
        kinds[rule.kind].append(index)
        compiled.append(item)
    term_index: dict[str, set[str]] = {}
    # The facts and the rewrites read these lists wherever they are defined.
    wanted = {name for name in sentence_lists() if name in packs.terms}
    for name in sorted(claim_lists | set(list_anchor_index) | wanted):
        for key in term_keys(packs.terms[name]):
            term_index.setdefault(key, set()).add(name)
    phrases = _twins(trie_pattern(phrase_index))
    terms = _twins(trie_pattern(term_index))
    _credit_contained(anchor_index)
    anchor_twins = _twins(literal_pattern(anchor_index))
    selling = [(lp, p) for lp in packs.packs for p in lp.pack.context.commercial]
    informing = [(lp, p) for lp in packs.packs for p in lp.pack.context.information]
    parse.cache_clear()  # the trees of large patterns are not needed any more
    return CompiledRules(
        rules=compiled,
        phrase_matcher=phrases[0],
        phrase_matcher_any_case=phrases[1],
        phrase_index=phrase_index,
        term_matcher=terms[0],
        term_matcher_any_case=terms[1],
        term_index={k: frozenset(v) for k, v in term_index.items()},
        anchor_matcher=anchor_twins[0],
        anchor_matcher_any_case=anchor_twins[1],
        units=units,
        anchor_index=anchor_index,
        list_anchor_index=list_anchor_index,
        unanchored_units=unanchored,
        started_units=frozenset(started),
        gates=gates,
        unit_gates=unit_gates,
        start_scans=[
            scan
            for scan in (_start_scan(starts[0], True), _start_scan(starts[1], False))
            if scan is not None
        ],
        phrase_rules=kinds["phrase"],
        pattern_rules=kinds["pattern"],
        claim_rules=kinds["claim"],
        required_rules=kinds["required"],
        commercial=[builder.lazy(p, _trusted(lp.path)) for lp, p in selling],
        commercial_languages=[_words_language(p, packs) for _, p in selling],
        information=[builder.lazy(p, _trusted(lp.path)) for lp, p in informing],
        information_languages=[_words_language(p, packs) for _, p in informing],
        needs_commercial=any(c.commercial_severity is not None for c in compiled),
        languages=frozenset(c.language for c in compiled) or frozenset({DEFAULT}),
        language_setting=selection.language,
    )
