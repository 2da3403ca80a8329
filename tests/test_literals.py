"""Required literals of a pattern, with term-list references kept as tokens."""

from __future__ import annotations

from cliniclint.matching.speed.literals import LIST_END, LIST_MARK, required_literals


def _list(name: str) -> str:
    return LIST_MARK + name + LIST_END


def test_a_list_reference_is_required_as_a_token() -> None:
    assert required_literals(_list("treatments") + r"\s+cures") == frozenset(
        {"{{treatments}}"}
    )


def test_lists_whose_names_share_an_opening_are_searched_in_full() -> None:
    # The parser factors "treatment" out of the two references: neither stays
    # whole, and no literal may stand for them.
    pattern = f"(?:{_list('treatments')}|{_list('treatment-lexicon')})\\s+for"
    assert required_literals(pattern) is None


def test_the_longer_word_is_required_lower_cased() -> None:
    assert required_literals(r"\bClinically\s+proven\b") == frozenset({"clinically"})
