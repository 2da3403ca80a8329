"""Work the engine skips without changing a finding: a pattern tried at its start
places is tried only in sentences that hold one of the strings (or a term of the
lists) it requires past its start, and a page's selling signals are counted only as
far as its genre depends on them."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from cliniclint.engine import CompiledRules, compile_rules, lint_text
from cliniclint.engine.ruleset import load_packs
from cliniclint.matching.doclang import DocLanguages
from cliniclint.matching.matchers import PatternClock, Text, page_genre
from cliniclint.matching.speed.literals import gate_literals
from support import PATTERN_RULE


@pytest.mark.parametrize(
    ("pattern", "gate"),
    [
        # What a match starts with is left to the start strings.
        (r"\bour\s+\w+\s+cures\s+arthritis", {"arthritis"}),
        (
            r"\b(?:help|heal)\w*\s+many\s+(?:conditions|disorders)",
            {"conditions", "disorders"},
        ),
        # Not the condition it starts with, nor a term list.
        ("\x01conditions\x02\\s+(?:relief|cure)", {"relief", "cure"}),
        ("\\bfor\\s+\x01conditions\x02", None),
        # Each alternative's own requirement past its start.
        (r"\b(?:live\s+cells?|\d+\s*million\s+cells?)", {"cell", "million"}),
        # An optional opening word does not make the next words a later requirement.
        (r"\b(?:widely\s+)?(?:studied|tested)\s+for", None),
        (r"\bcures\b", None),
        (r"\bour\s+\w+\s+for\s+you", None),  # common words only
    ],
)
def test_gate_literals(pattern: str, gate: set[str] | None) -> None:
    assert gate_literals(pattern) == (None if gate is None else frozenset(gate))


def test_gate_literals_leave_out_what_the_start_strings_hold() -> None:
    pattern = r"\bwe\s+treat\s+\w+\s+gout"
    assert gate_literals(pattern) == {"treat"}
    assert gate_literals(pattern, frozenset({"we treat "})) == {"gout"}


def _rules(tmp_path: Path, *rules: tuple[str, str], terms: str = "") -> CompiledRules:
    pack = tmp_path / "gates.yaml"
    body = "".join(PATTERN_RULE.format(id=i, pattern=p, bad="x") for i, p in rules)
    pack.write_text(
        "pack: gates\ntitle: Gates\nversion: '1'\n" + terms + "rules:\n" + body,
        encoding="utf-8",
    )
    return compile_rules(load_packs([pack], bundled=False))


@pytest.fixture
def tries(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    """How often each rule's pattern is tried at a start place (a user pack's
    patterns run through the clock)."""
    counted: Counter[str] = Counter()
    real = PatternClock.match

    def match(self: PatternClock, index: int, item: Any, *args: Any) -> Any:
        counted[item.id] += 1
        return real(self, index, item, *args)

    monkeypatch.setattr(PatternClock, "match", match)
    return counted


def _found(text: str, rules: CompiledRules) -> list[tuple[str, int, int, str]]:
    return [
        (f.rule_id, f.offset, f.end_offset, f.match) for f in lint_text(text, rules)
    ]


def test_a_gated_rule_is_tried_only_where_its_literal_is(
    tmp_path: Path, tries: Counter[str]
) -> None:
    rules = _rules(tmp_path, ("serum", r"\bour\s+\w+\s+cures\s+arthritis"))
    (unit,) = rules.started_units
    assert unit in rules.unit_gates

    text = "Our serum cures arthritis."
    assert _found(text, rules) == [("serum", 0, 25, "Our serum cures arthritis")]
    assert tries["serum"] == 1

    tries.clear()
    # "our" starts two places, but no sentence holds "arthritis" after it: the
    # second sentence holds the word, and no "our".
    text = "Our serum cures joints. Our team is here. Arthritis is common."
    assert _found(text, rules) == []
    assert tries["serum"] == 0

    # The word before the place does not count: a match lies after it.
    assert _found("Arthritis hurts, and our serum cures joints.", rules) == []
    assert tries["serum"] == 0


def test_literals_that_overlap_open_both_gates(
    tmp_path: Path, tries: Counter[str]
) -> None:
    # "knee pain" and "pain relief" overlap in "knee pain relief": a combined pass
    # of non-overlapping matches would report one of them only.
    rules = _rules(
        tmp_path,
        ("knee", r"\bour\s+\w+\s+(?:eases|ends)\s+knee pain"),
        ("relief", r"\bour\s+\w+\s+(?:gives|brings)\s+\w+\s+\w+\s+pain relief"),
    )
    assert len(rules.gates) == 2
    text = "Our gel ends knee pain relief. Our gel brings fast knee pain relief."
    assert _found(text, rules) == [
        ("knee", 0, 22, "Our gel ends knee pain"),
        ("relief", 31, 67, "Our gel brings fast knee pain relief"),
    ]


def test_a_term_list_is_no_gate(tmp_path: Path, tries: Counter[str]) -> None:
    # Any term of the list would do: a search for them all costs more than a try.
    rules = _rules(
        tmp_path,
        ("offer", r"\bwe\s+treat\s+(?:\w+\s+)?{{ills}}"),
        terms="terms:\n  ills: [gout, joint pain]\n",
    )
    (unit,) = rules.started_units
    assert unit not in rules.unit_gates
    text = "We treat chronic joint pain. We treat everyone kindly."
    assert _found(text, rules) == [("offer", 0, 27, "We treat chronic joint pain")]
    assert tries["offer"] == 2


CONTEXT_PACK = """pack: genre
title: Genre
version: '1'
context:
  commercial:
    - '\\bbook now\\b'
    - '\\$\\d+'
  information:
    - '\\b(?:study|trial|review)\\b'
rules:
""" + PATTERN_RULE.format(id="hype", pattern=r"\bmiracle\b", bad="x")


@pytest.mark.parametrize("limited", [True, False])
@pytest.mark.parametrize(
    ("text", "genre"),
    [
        ("Nothing to see.", "neutral"),
        # One sign of informing and none of selling: not enough to inform.
        ("A study.", "leaning-information"),
        ("A study. Book now.", "selling"),
        ("A study and a trial.", "information"),
        # Distinct strings: the same signal twice counts once.
        ("A study and a study. Book now.", "selling"),
        ("A study and a trial. Book now.", "information"),
        ("A study and a trial. Book now for $90.", "selling"),
        ("A study, a trial and a review. Book now for $90.", "information"),
        ("A study, a trial and a review. Book now for $90 or $80.", "selling"),
        ("Book now for $90 or $80.", "selling"),
    ],
)
def test_page_genre_counts_selling_signals_as_far_as_they_matter(
    tmp_path: Path, text: str, genre: str, limited: bool
) -> None:
    pack = tmp_path / "genre.yaml"
    pack.write_text(CONTEXT_PACK, encoding="utf-8")
    rules = compile_rules(load_packs([pack], bundled=False))
    for pattern in (*rules.commercial, *rules.information):
        # A user pack's patterns run with a time limit; the bundled ones without.
        pattern.trusted = not limited
    folded = Text.of(text)
    found = page_genre(
        rules, folded, PatternClock("page", len(text)), DocLanguages("en")
    )
    assert found == genre
