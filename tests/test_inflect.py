"""Inflected forms of term-list entries: regular, doubled, -ie and irregular verbs."""

from __future__ import annotations

import pytest

from cliniclint.matching.inflect import IRREGULAR, variants


@pytest.mark.parametrize(
    ("term", "forms"),
    [
        # Regular forms.
        ("heal", ["heal", "heals", "healed", "healing"]),
        ("cure", ["cure", "cures", "cured", "curing"]),
        ("relieve", ["relieve", "relieves", "relieved", "relieving"]),
        ("remedy", ["remedy", "remedies", "remedied", "remedying"]),
        ("open", ["open", "opens", "opened", "opening"]),
        ("target", ["target", "targets", "targeted", "targeting"]),
        # One syllable ending consonant-vowel-consonant doubles the consonant.
        ("stop", ["stop", "stops", "stopped", "stopping"]),
        ("slim", ["slim", "slims", "slimmed", "slimming"]),
        ("unclog", ["unclog", "unclogs", "unclogged", "unclogging"]),
        ("control", ["control", "controls", "controlled", "controlling"]),
        # -ie verbs.
        ("die", ["die", "dies", "died", "dying"]),
        ("untie", ["untie", "unties", "untied", "untying"]),
        # Irregular verbs used in claims.
        ("grow", ["grow", "grows", "grew", "grown", "growing"]),
        (
            "help regrow",
            [
                "help regrow",
                "help regrows",
                "help regrew",
                "help regrown",
                "help regrowing",
            ],
        ),
        ("regrow", ["regrow", "regrows", "regrew", "regrown", "regrowing"]),
        ("feel", ["feel", "feels", "felt", "feeling"]),
        ("rebuild", ["rebuild", "rebuilds", "rebuilt", "rebuilding"]),
        ("fight", ["fight", "fights", "fought", "fighting"]),
        ("undo", ["undo", "undoes", "undid", "undone", "undoing"]),
        ("see", ["see", "sees", "saw", "seen", "seeing"]),
    ],
)
def test_variants(term: str, forms: list[str]) -> None:
    assert variants(term) == forms


def test_only_the_last_word_is_inflected() -> None:
    forms = variants("stop smoking")
    assert forms[0] == "stop smoking"
    assert all(f.startswith("stop smoking") for f in forms)


@pytest.mark.parametrize(
    ("term", "forms"),
    [
        ("speed up", ["speed up", "speeds up", "sped up", "speeded up", "speeding up"]),
        ("switch on", ["switch on", "switches on", "switched on", "switching on"]),
        ("top up", ["top up", "tops up", "topped up", "topping up"]),
        (
            "take care of",
            [
                "take care of",
                "takes care of",
                "took care of",
                "taken care of",
                "taking care of",
            ],
        ),
    ],
)
def test_a_phrasal_verb_inflects_its_verb_not_its_particle(
    term: str, forms: list[str]
) -> None:
    assert variants(term) == forms


def test_every_irregular_entry_lists_distinct_forms_without_the_base() -> None:
    for base, forms in IRREGULAR.items():
        assert base not in forms, base
        assert len(set(forms)) == len(forms), base
        assert base == base.lower(), base
