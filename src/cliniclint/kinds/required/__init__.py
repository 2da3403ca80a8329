"""``kind: required``: a page-level rule. A page that triggers it (a pattern in a
sentence its ``unless`` facts leave standing, or a claim of a listed category) must
hold one of its statements."""

from __future__ import annotations

from array import array
from collections.abc import Iterator
from typing import TYPE_CHECKING

from cliniclint.kinds.base import Matching, RuleKind

if TYPE_CHECKING:
    from cliniclint.kinds.required.shape import RequiredRule
    from cliniclint.matching.compiled import CompiledRule, CompiledRules, LazyPattern
    from cliniclint.matching.tables import ScanTables


def compile_required(
    rule: RequiredRule,
    item: CompiledRule,
    index: int,
    trusted: bool,
    tables: ScanTables,
) -> None:
    lazy = tables.builder.lazy
    item.when = [lazy(p, trusted) for p in rule.when]
    item.any_of = [lazy(p, trusted) for p in rule.any_of]
    item.unless_facts = tuple(rule.unless)
    item.when_claims = frozenset(rule.when_claims)
    item.on_pages_naming = [lazy(p, trusted) for p in rule.on_pages_naming]


def missing_required(
    rules: CompiledRules,
    indices: list[int],
    page: Matching,
    claimed: frozenset[str] = frozenset(),
) -> Iterator[int]:
    """Indices of page-level rules whose trigger is present and statement absent;
    ``claimed`` holds the categories of the page's findings (``when_claims``).

    A trigger found in a sentence that a rule's ``unless`` facts clear (a question,
    a negation, a report of someone else's claim) does not count."""
    text, clock, judge = page.text, page.clock, page.judge
    # Rules share triggers and statements: each distinct pattern searches once.
    found: dict[str, bool] = {}
    triggers: dict[str, array[int]] = {}

    def present(index: int, item: CompiledRule, key: str, lazy: LazyPattern) -> bool:
        pattern, within = text.view(lazy)
        if pattern.source not in found:
            found[pattern.source] = clock.search(index, item, key, pattern, within)
        return found[pattern.source]

    def triggered(index: int, item: CompiledRule, lazy: LazyPattern) -> bool:
        if not item.unless_facts:
            return present(index, item, "when", lazy)
        pattern, within = text.view(lazy)
        spans = triggers.get(pattern.source)
        if spans is None:
            spans = clock.spans(index, item, "when", pattern, within)
            triggers[pattern.source] = spans
        return any(
            judge.stands(item, spans[at], spans[at + 1])
            for at in range(0, len(spans), 2)
        )

    main = judge.languages.main
    for index in indices:
        item = rules.rules[index]
        if item.language != main:
            continue
        if item.on_pages_naming and not any(
            present(index, item, "on_pages_naming", p) for p in item.on_pages_naming
        ):
            continue
        # The statements first: they start with literals the search skips to, while
        # a trigger (a claim within a sentence) is tried at each of its terms.
        if not any(present(index, item, "any_of", p) for p in item.any_of) and (
            not item.when_claims.isdisjoint(claimed)
            or any(triggered(index, item, p) for p in item.when)
        ):
            yield index


def describe(rule: RequiredRule) -> str:
    return "Page-level: when the page triggers the rule, it must hold the statement."


KIND: RuleKind[RequiredRule] = RuleKind(
    "required",
    "cliniclint.kinds.required.shape",
    compile_required,
    describe,
    missing=missing_required,
)
