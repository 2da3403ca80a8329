"""What compiling the rules gathers before the combined scans are built: the
expansion of ``{{list}}`` references, and the tables of phrases, pattern units, start
strings, gates and anchors that the rule kinds fill (engine.compile builds the scans
from them)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cliniclint.matching.compiled import LazyPattern
from cliniclint.matching.languages import DEFAULT, language
from cliniclint.matching.speed.literals import (
    LIST_END,
    LIST_MARK,
    gate_literals,
    list_name,
    required_literals,
    start_strings,
)
from cliniclint.matching.textfold import phrase_key
from cliniclint.matching.trie import literal_pattern, trie_pattern
from cliniclint.packs.schema import TERM_REF, TermList


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


class PatternBuilder:
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


@dataclass(slots=True)
class ScanTables:
    """What the rule kinds contribute to the combined scans, as they compile."""

    builder: PatternBuilder
    # Folded phrase -> the phrase rules that list it.
    phrase_index: dict[str, list[int]] = field(default_factory=dict)
    # Term lists whose terms the term pass must find.
    term_lists: set[str] = field(default_factory=set)
    # Pattern alternatives as (rule index, alternative index) units.
    units: list[tuple[int, int]] = field(default_factory=list)
    anchor_index: dict[str, list[int]] = field(default_factory=dict)
    list_anchor_index: dict[str, list[int]] = field(default_factory=dict)
    unanchored: list[int] = field(default_factory=list)
    # Start strings after a word boundary, and anywhere: string -> units.
    starts: tuple[dict[str, list[int]], dict[str, list[int]]] = field(
        default_factory=lambda: ({}, {})
    )
    started: set[int] = field(default_factory=set)
    # Started units' gates (literals.gate_literals): each distinct one once.
    gates: list[LazyPattern] = field(default_factory=list)
    gate_numbers: dict[str, int] = field(default_factory=dict)
    unit_gates: dict[int, int] = field(default_factory=dict)

    def add_phrase(self, phrase: str, index: int) -> None:
        """Rule ``index`` flags ``phrase``: the phrase scan finds it."""
        self.phrase_index.setdefault(phrase_key(phrase), []).append(index)

    def add_unit(
        self,
        index: int,
        alt: int,
        source: str,
        lazy: LazyPattern,
        case_sensitive: bool,
    ) -> None:
        """Pattern ``lazy`` (written as ``source``), alternative ``alt`` of rule
        ``index``, is tried where its start strings occur (behind its gate), else in
        the sentences that hold one of its required literals, else everywhere."""
        unit = len(self.units)
        self.units.append((index, alt))
        found = None if lazy.anchored else start_strings(lazy.source, lazy.flags)
        if found is not None:
            self.started.add(unit)
            for strings, by_string in zip(found, self.starts, strict=True):
                for string in strings:
                    by_string.setdefault(string, []).append(unit)
            gate = self.builder.gate(source, case_sensitive, found[0] | found[1])
            if gate is not None:
                number = self.gate_numbers.setdefault(gate.source, len(self.gates))
                if number == len(self.gates):
                    self.gates.append(gate)
                self.unit_gates[unit] = number
            return
        anchors = self.builder.anchors(source, case_sensitive)
        if anchors is None:
            self.unanchored.append(unit)
            return
        for literal in anchors:
            name = list_name(literal)
            if name is None:
                self.anchor_index.setdefault(literal, []).append(unit)
            else:
                self.list_anchor_index.setdefault(name, []).append(unit)
