"""Page-level statements with the bundled packs: which pages are asked for an
FDA-status notice, a disclaimer or risk information, and which statements count."""

from __future__ import annotations

import pytest

from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import load_packs
from cliniclint.findings import Finding


@pytest.fixture(scope="module")
def bundled() -> CompiledRules:
    return compile_rules(load_packs(), Selection())


def asked(found: list[Finding]) -> list[tuple[str, str]]:
    return sorted((f.rule_id, f.severity.label) for f in found if f.is_page_level)


CLAIM = "Our PRP injections help knee pain."
ALL_THREE = [
    ("disclaimer-missing", "warning"),
    ("fda-status-missing", "error"),
    ("risk-information-missing", "warning"),
]


def test_a_claim_alone_asks_for_all_three_statements(bundled: CompiledRules) -> None:
    assert asked(lint_text(CLAIM, bundled)) == ALL_THREE


@pytest.mark.parametrize(
    "risk",
    [
        "Afterwards you may notice some redness and swelling where the needle went in.",
        "Some bruising is to be expected and may last a few days.",
        "People with an active skin infection should not have them.",
        "Common side effects can include a headache and tiredness.",
        "Like any injection, they come with some risks.",
        "Their long-term use has not been shown to be safe.",
    ],
)
def test_risks_told_in_other_words_count(bundled: CompiledRules, risk: str) -> None:
    found = asked(lint_text(f"{CLAIM} {risk}", bundled))
    assert ("risk-information-missing", "warning") not in found
    assert ("disclaimer-missing", "warning") in found


@pytest.mark.parametrize(
    "not_risk",
    [
        "You will not feel any pain during the injection.",
        # A promise of safety is not risk information.
        "They carry no risks.",
        "There is no risk of infection.",
        # The risks of another treatment are not this one's.
        "Painkillers come with serious side effects.",
    ],
)
def test_no_risk_or_another_treatments_risk_is_no_risk_statement(
    bundled: CompiledRules, not_risk: str
) -> None:
    assert asked(lint_text(f"{CLAIM} {not_risk}", bundled)) == ALL_THREE


@pytest.mark.parametrize(
    "disclaimer",
    [
        "For some people the improvement may be minimal.",
        "Nothing predicts who will respond to them.",
        "They are no substitute for treating arthritis.",
        "Talk it over with your GP first.",
    ],
)
def test_a_disclaimer_in_other_words_counts(
    bundled: CompiledRules, disclaimer: str
) -> None:
    found = asked(lint_text(f"{CLAIM} {disclaimer}", bundled))
    assert ("disclaimer-missing", "warning") not in found
    assert ("risk-information-missing", "warning") in found


def test_an_fda_question_answered_no_is_the_status_notice(
    bundled: CompiledRules,
) -> None:
    text = f"{CLAIM}\n\nHas the FDA approved PRP for knees? No, it has not."
    assert ("fda-status-missing", "error") not in asked(lint_text(text, bundled))
    asked_yes = asked(lint_text(f"{CLAIM}\n\nHas the FDA approved PRP? Yes.", bundled))
    assert ("fda-status-missing", "error") in asked_yes


def test_a_page_about_advertising_informs_and_is_asked_for_nothing(
    bundled: CompiledRules,
) -> None:
    text = (
        "The advertising says stem cell injections help knee pain.\n\n"
        "Health officials doubt it."
    )
    found = lint_text(text, bundled)
    assert asked(found) == []
    assert {f.severity.label for f in found} <= {"info"}


def test_one_sign_of_informing_and_none_of_selling_asks_for_no_statement(
    bundled: CompiledRules,
) -> None:
    claim = "Stem cell injections help knee pain."
    # "what you should know" informs; nothing on the page sells.
    leaning = lint_text(f"{claim}\n\nWhat you should know.", bundled)
    assert asked(leaning) == []
    # The claim keeps the severity it has on a page that is neither.
    assert [(f.rule_id, f.severity.label) for f in leaning if f.start] == [
        ("disease-claim", "error")
    ]
    # A sign of selling beside it: the page is asked for all three.
    selling = lint_text(f"{claim}\n\nWhat you should know. Call us today.", bundled)
    assert asked(selling) == [
        ("disclaimer-missing", "warning"),
        ("fda-status-missing", "error"),
        ("risk-information-missing", "warning"),
    ]


def test_a_patients_complaint_and_a_tennis_court_are_no_court_reporting(
    bundled: CompiledRules,
) -> None:
    text = (
        "Stem cell injections help knee pain.\n\n"
        "Knee pain is the complaint we hear most. Will I be back on court soon?"
    )
    assert asked(lint_text(text, bundled)) == ALL_THREE


def test_a_note_for_selling_copy_is_not_made_on_an_informing_page(
    bundled: CompiledRules,
) -> None:
    claim = "Our exosome serum switches on the repair pathways of your skin cells."
    # A page that may sell (no sign either way): the note is made, as info.
    [note] = [f for f in lint_text(claim, bundled) if f.start]
    assert (note.rule_id, note.severity.label, note.match) == (
        "mechanism-statement",
        "info",
        "switches on the repair pathways",
    )
    # "informing_pages: skip": not on a page that informs, nor one leaning to it.
    informing = f"{claim}\n\nMedically reviewed. Beware of unproven treatments."
    assert [f.rule_id for f in lint_text(informing, bundled) if f.start] == []
    leaning = f"{claim}\n\nMedically reviewed."
    assert [f.rule_id for f in lint_text(leaning, bundled) if f.start] == []


def test_a_page_that_says_it_does_not_offer_the_treatment_informs(
    bundled: CompiledRules,
) -> None:
    text = (
        "Stem cell injections help knee pain.\n\n"
        "We do not offer them; this page is patient education."
    )
    found = lint_text(text, bundled)
    assert asked(found) == []
    assert [(f.rule_id, f.severity.label) for f in found if f.start] == [
        ("disease-claim", "info")
    ]


@pytest.mark.parametrize(
    "informs",
    ["Health news, in brief.", "Many companies now sell them."],
)
def test_news_and_talk_of_the_trade_lean_to_informing(
    bundled: CompiledRules, informs: str
) -> None:
    text = f"Stem cell injections help knee pain.\n\n{informs}"
    assert asked(lint_text(text, bundled)) == []
    assert (
        asked(lint_text("Stem cell injections help knee pain.", bundled)) == ALL_THREE
    )


@pytest.mark.parametrize(
    ("price", "note"),
    [
        ("Prices differ from city to city.", ""),
        ("There is a price: a long recovery.", ""),
        (
            "Treatment at a price you can afford.",
            "raised: the page sells the treatment",
        ),
        ("See our pricing.", "raised: the page sells the treatment"),
    ],
)
def test_a_price_reported_is_no_sign_of_selling(
    bundled: CompiledRules, price: str, note: str
) -> None:
    [claim] = [
        f for f in lint_text(f"The drip boosts energy.\n\n{price}", bundled) if f.start
    ]
    assert (claim.rule_id, claim.note) == ("body-function-claim", note)
