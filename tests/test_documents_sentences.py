"""split_sentences(): boundaries, abbreviations, decimals, quotes, CJK."""

from __future__ import annotations

import pytest

from cliniclint.documents import split_sentences


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in split_sentences(text, 0, len(text))]


def test_spans_are_exact() -> None:
    text = "We heal. You rest!  Why wait?"
    assert split_sentences(text, 0, len(text)) == [(0, 8), (9, 18), (20, 29)]


def test_range_inside_a_larger_text() -> None:
    text = "xx First one. Second one. yy"
    assert split_sentences(text, 3, 25) == [(3, 13), (14, 25)]


def test_surrounding_whitespace_is_excluded() -> None:
    text = "  \n Lead sentence. Trail.\n  "
    assert split_sentences(text, 0, len(text)) == [(4, 18), (19, 25)]


def test_blank_range() -> None:
    assert split_sentences("   ", 0, 3) == []
    assert split_sentences("", 0, 0) == []


def test_no_terminal_punctuation() -> None:
    assert sentences("A heading without a stop") == ["A heading without a stop"]


@pytest.mark.parametrize(
    "text",
    [
        "Dr. Smith and Mr. Jones met Mrs. Lee and Ms. Park.",
        "Prof. Adams lives on St. Mark's Road.",
        "Made in the U.S. Also sold in the U.K. Always.",
        "Use tools, e.g. Botox or i.e. Dysport.",
        "Ours vs. Theirs.",
        "Room No. 5 is open.",
        "See Fig. 3 for approx. 40 cases.",
        "Acme Inc. Acme Ltd. Acme Co. Bob Jr. Bob Sr. all agree.",
        "Open at 9 a.m. Closed at 5 p.m. Daily.",
    ],
)
def test_abbreviations_do_not_end_sentences(text: str) -> None:
    assert sentences(text) == [text]


def test_single_initials() -> None:
    assert sentences("Ask J. Smith or A. B. Jones. Then call.") == [
        "Ask J. Smith or A. B. Jones.",
        "Then call.",
    ]


def test_etc_before_lowercase_and_uppercase() -> None:
    assert sentences("Pain, swelling, etc. and more.") == [
        "Pain, swelling, etc. and more."
    ]
    assert sentences("Pain, swelling, etc. We treat it.") == [
        "Pain, swelling, etc.",
        "We treat it.",
    ]


def test_decimals() -> None:
    assert sentences("Take 2.5 mg. Then .5 mg more. Cost is $3.99 total.") == [
        "Take 2.5 mg.",
        "Then .5 mg more.",
        "Cost is $3.99 total.",
    ]


def test_lowercase_after_period_is_not_a_boundary() -> None:
    assert sentences("It works in 3 wks. for most people.") == [
        "It works in 3 wks. for most people."
    ]


def test_closing_quotes_and_brackets_stay_with_the_sentence() -> None:
    assert sentences('He said "it cures." Then left. (It did not.) Sure.') == [
        'He said "it cures."',
        "Then left.",
        "(It did not.)",
        "Sure.",
    ]
    assert sentences("\u201cIt works!\u201d She smiled.") == [
        "\u201cIt works!\u201d",
        "She smiled.",
    ]


def test_question_and_exclamation_runs() -> None:
    assert sentences("Really?! Yes. Wow!!! Next") == [
        "Really?!",
        "Yes.",
        "Wow!!!",
        "Next",
    ]


def test_ellipsis_outside_and_inside_quotes() -> None:
    assert sentences("Wait... Then it hit me.") == ["Wait...", "Then it hit me."]
    assert sentences("Wait\u2026 Then it hit me.") == ["Wait\u2026", "Then it hit me."]
    assert sentences('"I was... Then gone," she said. Next.') == [
        '"I was... Then gone," she said.',
        "Next.",
    ]
    assert sentences("\u201cI was\u2026 Then gone.\u201d Next.") == [
        "\u201cI was\u2026 Then gone.\u201d",
        "Next.",
    ]


def test_next_sentence_may_start_with_digit_or_quote() -> None:
    assert sentences('Done. 5 stars. "Great" care.') == [
        "Done.",
        "5 stars.",
        '"Great" care.',
    ]


def test_cjk_terminators_need_no_space() -> None:
    text = (
        "\u6211\u4eec\u6cbb\u6108\u3002\u771f\u7684\uff01\u4e3a\u4ec0\u4e48\uff1f\u662f"
    )
    assert split_sentences(text, 0, len(text)) == [(0, 5), (5, 8), (8, 12), (12, 13)]


def test_cjk_terminator_with_closing_bracket() -> None:
    text = "\u300c\u5f88\u597d\u3002\u300d\u6211\u4eec"
    assert sentences(text) == ["\u300c\u5f88\u597d\u3002\u300d", "\u6211\u4eec"]


def test_newlines_count_as_whitespace() -> None:
    assert sentences("First line ends.\nSecond begins.") == [
        "First line ends.",
        "Second begins.",
    ]


def test_a_line_that_starts_with_a_bullet_starts_a_sentence() -> None:
    text = "Takeaways\n  • Rest helps most strains\n  • Surgery is rare\n- last"
    assert sentences(text) == [
        "Takeaways",
        "• Rest helps most strains",
        "• Surgery is rare",
        "- last",
    ]
    # A hyphen inside a wrapped line, or one not followed by a space, is no bullet.
    assert sentences("A well-\nknown fact\n-5 degrees") == [
        "A well-\nknown fact\n-5 degrees"
    ]
