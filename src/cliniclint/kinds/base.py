"""What a rule kind is to the engine: the hooks it calls, once per rule when the packs
are compiled and once per document when a page is linted.

A kind's package imports what a lint run needs (the engine's matching primitives)
and never the pack validators: its YAML shape is in its ``shape`` module, which only
reading packs imports; its compile tables' builder (``matching.tables``) reaches it as
an argument."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from cliniclint.matching.compiled import CompiledRule, CompiledRules
    from cliniclint.matching.matchers import (
        Hit,
        HitJudge,
        PatternClock,
        ProseDocument,
        TermHit,
        Text,
    )
    from cliniclint.matching.tables import ScanTables
    from cliniclint.packs.schema import RuleBase, Where

R = TypeVar("R", bound="RuleBase")


@dataclass(frozen=True, slots=True)
class Matching:
    """One page being matched: what the kinds' matchers read of it, the judge of
    their hits and the time limits of their patterns."""

    doc: ProseDocument
    text: Text
    # Every term of the lists the rules use, in page order.
    terms: list[TermHit]
    judge: HitJudge
    clock: PatternClock


@dataclass(frozen=True, slots=True)
class RuleKind(Generic[R]):
    """A rule kind: the name its rules give as ``kind:``, and its hooks."""

    name: str
    # The module whose ``SHAPE`` is the kind's YAML shape (a pydantic model), read
    # only when packs are read.
    shape: str
    # Fill the compiled rule (and the tables of the combined scans) from the rule:
    # (rule, compiled rule, its index, whether its pack is trusted, tables).
    compile: Callable[[R, CompiledRule, int, bool, ScanTables], None]
    # What the rule looks for, in words, for the rule's page in the docs.
    describe: Callable[[R], str]
    # The raw hits of the kind's rules (their indices given) in a page's sentences.
    hits: Callable[[CompiledRules, list[int], Matching], Iterator[Hit]] | None = None
    # The page-level rules (their indices given) whose statement the page lacks;
    # the set holds the categories of the page's claims (``when_claims``).
    missing: (
        Callable[[CompiledRules, list[int], Matching, frozenset[str]], Iterator[int]]
        | None
    ) = None
    # What a rule lists that no other rule may list again: (place, key, how the
    # check names it).
    listed: Callable[[R], Iterable[tuple[Where, str, str]]] | None = None

    @property
    def page_level(self) -> bool:
        """Whether the kind's findings are about the page, not a span of it."""
        return self.missing is not None


AnyKind = RuleKind[Any]
