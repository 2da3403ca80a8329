"""Compile packs once: every pattern, and the combined phrase and term matchers."""

from __future__ import annotations

import regex

from cliniclint.engine.compiled import CompiledRule, CompiledRules
from cliniclint.engine.inflect import variants
from cliniclint.engine.selection import Selection
from cliniclint.engine.textfold import phrase_key
from cliniclint.engine.trie import compile_trie, trie_pattern
from cliniclint.errors import SourceError
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
from cliniclint.packs import PackSet

FLAGS = regex.IGNORECASE | regex.VERSION0


def term_keys(terms: TermList) -> list[str]:
    out: list[str] = []
    for term in terms.terms:
        forms = variants(term) if terms.inflect else [term]
        out.extend(phrase_key(f) for f in forms)
    return out


class _Expander:
    """Expands ``{{list}}`` references in patterns into the list's matcher."""

    def __init__(self, terms: dict[str, TermList]):
        self._terms = terms
        self._cache: dict[str, str] = {}

    def expand(self, pattern: str) -> str:
        def one(m: regex.Match[str]) -> str:
            name = m.group(1)
            if name not in self._cache:
                self._cache[name] = (
                    "(?:" + trie_pattern(term_keys(self._terms[name])) + ")"
                )
            return self._cache[name]

        return TERM_REF.sub(one, pattern)

    def compile(
        self, pattern: str, path: str, flags: int = FLAGS
    ) -> regex.Pattern[str]:
        try:
            return regex.compile(self.expand(pattern), flags=flags)
        except regex.error as exc:  # pragma: no cover - syntax was checked at load
            raise SourceError(
                path, None, None, f"invalid pattern {pattern!r}: {exc}"
            ) from None


def compile_rules(packs: PackSet, selection: Selection | None = None) -> CompiledRules:
    selection = selection or Selection()
    expander = _Expander(packs.terms)
    compiled: list[CompiledRule] = []
    phrase_index: dict[str, list[int]] = {}
    claim_lists: set[str] = set()
    kinds: dict[str, list[int]] = {
        "phrase": [],
        "pattern": [],
        "claim": [],
        "required": [],
    }
    for loaded, rule in packs.rules():
        if not selection.enabled(rule, loaded.pack.pack):
            continue
        path = loaded.path
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
        )
        if isinstance(rule, SentenceRule):
            item.exceptions = [expander.compile(p, path) for p in rule.exceptions]
            item.unless = [expander.compile(p, path) for p in rule.unless]
            item.hedges = [expander.compile(p, path) for p in rule.hedges]
        index = len(compiled)
        if isinstance(rule, PhraseRule):
            for phrase in rule.phrases:
                phrase_index.setdefault(phrase_key(phrase), []).append(index)
        elif isinstance(rule, PatternRule):
            flags = regex.VERSION0 if rule.case_sensitive else FLAGS
            item.pattern = expander.compile(rule.pattern, path, flags)
        elif isinstance(rule, ClaimRule):
            claim_lists.update(rule.all_of)
            item.all_of = tuple(rule.all_of)
            item.report_list = rule.report_list
        elif isinstance(rule, RequiredRule):
            item.when = [expander.compile(p, path) for p in rule.when]
            item.any_of = [expander.compile(p, path) for p in rule.any_of]
        kinds[rule.kind].append(index)
        compiled.append(item)
    term_index: dict[str, set[str]] = {}
    for name in sorted(claim_lists):
        for key in term_keys(packs.terms[name]):
            term_index.setdefault(key, set()).add(name)
    return CompiledRules(
        rules=compiled,
        phrase_matcher=compile_trie(phrase_index),
        phrase_index=phrase_index,
        term_matcher=compile_trie(term_index),
        term_index={k: frozenset(v) for k, v in term_index.items()},
        phrase_rules=kinds["phrase"],
        pattern_rules=kinds["pattern"],
        claim_rules=kinds["claim"],
        required_rules=kinds["required"],
        commercial=[
            expander.compile(p, "<context>") for p in packs.commercial_patterns()
        ],
        needs_commercial=any(c.commercial_severity is not None for c in compiled),
    )
