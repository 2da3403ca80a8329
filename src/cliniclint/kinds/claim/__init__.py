"""``kind: claim``: a term of one list with a term of each of the rule's other lists
in the same sentence, near enough to make one claim ("reverse knee arthritis")."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from cliniclint.kinds.base import Matching, RuleKind
from cliniclint.matching.matchers import Hit, TermHit

if TYPE_CHECKING:
    from cliniclint.kinds.claim.shape import ClaimRule
    from cliniclint.matching.compiled import CompiledRule, CompiledRules
    from cliniclint.matching.tables import ScanTables


def compile_claim(
    rule: ClaimRule, item: CompiledRule, index: int, trusted: bool, tables: ScanTables
) -> None:
    tables.term_lists.update(rule.all_of)
    item.all_of = tuple(rule.all_of)
    item.report_list = rule.report_list


# How far, in characters, a claim's target may stand from its effect ("reverse the
# damage of knee arthritis" holds; a condition far along a long sentence does not).
CLAIM_REACH = 100


def claim_hits(
    rules: CompiledRules, indices: list[int], page: Matching
) -> Iterator[Hit]:
    """Claims: a term of the rule's reported list with a term of each of its other
    lists in the same sentence and within CLAIM_REACH of it, after it where there is
    one. The hit spans them all ("reverse knee arthritis")."""
    if not indices:
        return
    judge = page.judge
    # The judge holds the page's terms by sentence (the sentence facts read them).
    for sentence, terms in judge.sentence_terms.items():
        present = frozenset().union(*(t[2] for t in terms))
        for index in indices:
            item = rules.rules[index]
            if not present.issuperset(item.all_of):
                continue
            for start, end, lists in terms:
                if item.report_list not in lists:
                    continue
                clause = judge.clause_at(sentence, start)
                span = _claim_extent(item, terms, start, end, clause[1])
                if span is None:
                    continue
                verdict = judge.judge(item, span[0], span[1], index)
                if verdict is not None:
                    yield Hit(index, *span, verdict.severity, note=verdict.note)


def _claim_extent(
    item: CompiledRule, terms: list[TermHit], start: int, end: int, clause_end: int
) -> tuple[int, int] | None:
    """The span from the reported term to the nearest term after it, in its clause,
    of each other list; None when a list has no term within reach in the sentence."""
    hi = end
    for name in item.all_of:
        if name == item.report_list:
            continue
        after = [t for t in terms if name in t[2] and end <= t[0] < end + CLAIM_REACH]
        before = [
            t for t in terms if name in t[2] and start - CLAIM_REACH <= t[0] < start
        ]
        if any(name in t[2] and start <= t[0] < end for t in terms):
            continue  # inside the reported term ("changed my life")
        if after:
            other = min(after)
            if other[0] >= clause_end:
                continue  # the claim stands; its words end with the clause
        elif before:
            # a target before the effect is its subject ("your knees will heal"):
            # the claim stands, and its span stays on the effect
            continue
        else:
            return None
        hi = max(hi, other[1])
    return start, hi


def describe(rule: ClaimRule) -> str:
    lists = " + ".join(f"[`{name}`](#terms-{name})" for name in rule.all_of)
    return (
        f"Flags a sentence that combines terms from {lists}; "
        f"reported at the `{rule.report_list}` term."
    )


KIND: RuleKind[ClaimRule] = RuleKind(
    "claim", "cliniclint.kinds.claim.shape", compile_claim, describe, hits=claim_hits
)
