"""Compiled rules as plain data: what the matchers run, and what the cache stores.

Nothing here imports the pack validators, so a cached rule set loads without them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from cliniclint.findings import FixTier, Severity


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
    all_of: tuple[str, ...] = ()
    report_list: str = ""
    exceptions: list[regex.Pattern[str]] = field(default_factory=list)
    unless: list[regex.Pattern[str]] = field(default_factory=list)
    hedges: list[regex.Pattern[str]] = field(default_factory=list)
    pattern: regex.Pattern[str] | None = None
    when: list[regex.Pattern[str]] = field(default_factory=list)
    any_of: list[regex.Pattern[str]] = field(default_factory=list)


@dataclass(slots=True)
class CompiledRules:
    """Everything the matchers need, built once per run."""

    rules: list[CompiledRule]
    phrase_matcher: regex.Pattern[str]
    phrase_index: dict[str, list[int]]
    term_matcher: regex.Pattern[str]
    term_index: dict[str, frozenset[str]]
    phrase_rules: list[int]
    pattern_rules: list[int]
    claim_rules: list[int]
    required_rules: list[int]
    commercial: list[regex.Pattern[str]]
    needs_commercial: bool

    def by_id(self, rule_id: str) -> CompiledRule | None:
        return next((c for c in self.rules if c.id == rule_id), None)
