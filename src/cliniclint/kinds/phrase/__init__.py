"""``kind: phrase``: a list of fixed phrases, found by one prefix-tree scan of the
page in any case, with any quotes or dashes."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

from cliniclint.kinds.base import Matching, RuleKind
from cliniclint.matching.matchers import Hit
from cliniclint.matching.textfold import phrase_key

if TYPE_CHECKING:
    from cliniclint.kinds.phrase.shape import PhraseRule
    from cliniclint.matching.compiled import CompiledRule, CompiledRules
    from cliniclint.matching.tables import ScanTables
    from cliniclint.packs.schema import Where


def compile_phrases(
    rule: PhraseRule, item: CompiledRule, index: int, trusted: bool, tables: ScanTables
) -> None:
    for phrase in rule.phrases:
        tables.add_phrase(phrase, index)


def phrase_hits(
    rules: CompiledRules, indices: list[int], page: Matching
) -> Iterator[Hit]:
    if not indices:
        return
    judge = page.judge
    for m in page.text.scan(rules.phrase_matcher, rules.phrase_matcher_any_case):
        for index in rules.phrase_index.get(phrase_key(m.group()), ()):
            verdict = judge.judge(rules.rules[index], m.start(), m.end(), index)
            if verdict is not None:
                yield Hit(
                    index, m.start(), m.end(), verdict.severity, note=verdict.note
                )


def describe(rule: PhraseRule) -> str:
    shown = ", ".join(f"“{p}”" for p in rule.phrases[:12])
    more = f" and {len(rule.phrases) - 12} more" if len(rule.phrases) > 12 else ""
    return f"Flags the phrases {shown}{more} (any case, any quotes or dashes)."


def listed(rule: PhraseRule) -> Iterable[tuple[Where, str, str]]:
    """A phrase belongs to one rule: listed twice, two rules would report it."""
    for j, phrase in enumerate(rule.phrases):
        yield ("phrases", j), phrase_key(phrase), f"phrase {phrase!r}"


KIND: RuleKind[PhraseRule] = RuleKind(
    "phrase",
    "cliniclint.kinds.phrase.shape",
    compile_phrases,
    describe,
    hits=phrase_hits,
    listed=listed,
)
