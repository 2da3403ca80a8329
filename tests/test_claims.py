"""Claims, not words: one finding per claim, its span, its rewrite, the page's genre
and the page-level statements, with the bundled packs."""

from __future__ import annotations

import pytest

from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import load_packs
from cliniclint.findings import Finding, Severity
from cliniclint.review.fixes import apply_fixes


@pytest.fixture(scope="module")
def bundled() -> CompiledRules:
    return compile_rules(load_packs(), Selection())


def spans(found: list[Finding]) -> list[tuple[str, str, str]]:
    return [
        (f.rule_id, f.match, f.severity.label) for f in found if not f.is_page_level
    ]


def pages(found: list[Finding]) -> set[str]:
    return {f.rule_id for f in found if f.is_page_level}


def test_one_finding_per_claim_with_the_other_rules_beside_it(
    bundled: CompiledRules,
) -> None:
    found = lint_text("Our PRP injections cure tendonitis.", bundled, fmt="markdown")
    assert spans(found) == [("cure-claim", "cure tendonitis", "error")]
    [claim] = [f for f in found if not f.is_page_level]
    assert [(r.rule_id, r.category) for r in claim.related] == [
        ("disease-claim", "disease-claim")
    ]


def test_the_claims_of_one_sentence_are_one_finding(bundled: CompiledRules) -> None:
    # One rewrite replaces the sentence, so the sentence is one finding: the most
    # specific rule reports it, the other is listed, and the span covers both claims.
    text = "Stem cells fight Parkinson's and reverse multiple sclerosis."
    [finding] = [f for f in lint_text(text, bundled) if f.start]
    assert (finding.match, finding.category) == (
        "fight Parkinson's and reverse multiple sclerosis",
        "cure-claim",
    )
    assert [r.rule_id for r in finding.related] == ["disease-claim"]
    # The rule's word-level suggestion was written for its own words, not both claims.
    assert finding.fix == "none"


def test_claims_in_two_sentences_are_two_findings(bundled: CompiledRules) -> None:
    text = "Stem cells fight Parkinson's. They reverse multiple sclerosis."
    got = [(f.match, f.category) for f in lint_text(text, bundled) if f.start]
    assert got == [
        ("fight Parkinson's", "disease-claim"),
        ("reverse multiple sclerosis", "cure-claim"),
    ]


def test_the_rewrite_uses_the_claims_own_words(bundled: CompiledRules) -> None:
    text = "Our stem cell injections reverse knee arthritis and cure migraines."
    rewrites = {f.rewrite for f in lint_text(text, bundled) if f.start}
    assert rewrites == {
        "Stem cell injections have not been shown to cure arthritis and migraines, "
        "and the research is still early."
    }


def test_a_plural_treatment_agrees_and_a_missing_one_is_named_plainly(
    bundled: CompiledRules,
) -> None:
    [plural] = [f for f in lint_text("Exosomes relieve arthritis.", bundled) if f.start]
    assert plural.rewrite == (
        "Exosomes are being studied for arthritis; they are not approved by the FDA "
        "for arthritis, and their benefits are unproven."
    )
    [generic] = [
        f for f in lint_text("Side effects? None at all.", bundled) if f.start
    ] or [None]
    assert generic is None or "{" not in (generic.rewrite or "")


def test_the_fix_rewrites_the_whole_sentence_and_keeps_the_list_marker(
    bundled: CompiledRules,
) -> None:
    text = "- Our PRP injections cure tendonitis.\n"
    found = lint_text(text, bundled, fmt="markdown")
    claims = [f for f in found if f.start]
    fixed, done, _ = apply_fixes(text, claims, unsafe=True, fmt="markdown")
    assert fixed == (
        "- PRP injections have not been shown to cure tendonitis, and the research "
        "is still early.\n"
    )
    assert len(done) == 1
    again = [f for f in lint_text(fixed, bundled, fmt="markdown") if f.start]
    assert [f for f in again if f.severity >= Severity.WARNING] == []


def test_a_sentence_with_inline_markup_gets_a_rewrite_but_no_fix(
    bundled: CompiledRules,
) -> None:
    text = "Our PRP injections cure **tendonitis** fast.\n"
    [claim] = [f for f in lint_text(text, bundled, fmt="markdown") if f.start]
    assert claim.rewrite is not None
    assert claim.rewrite_offset is None
    fixed, done, _ = apply_fixes(text, [claim], unsafe=True, fmt="markdown")
    assert (fixed, done) == (text, [])


def test_an_html_sentence_is_rewritten_inside_its_element(
    bundled: CompiledRules,
) -> None:
    text = "<p>Our PRP injections cure tendonitis.</p>\n"
    claims = [f for f in lint_text(text, bundled, fmt="html") if f.start]
    fixed, _, _ = apply_fixes(text, claims, unsafe=True, fmt="html")
    assert fixed == (
        "<p>PRP injections have not been shown to cure tendonitis, and the research "
        "is still early.</p>\n"
    )
    # An entity is markup the rewrite would lose: the sentence is left as it is.
    entity = "<p>Our PRP injections cure tendonitis &amp; bursitis.</p>\n"
    claims = [f for f in lint_text(entity, bundled, fmt="html") if f.start]
    assert apply_fixes(entity, claims, unsafe=True, fmt="html")[0] == entity


def test_a_selling_page_raises_severity_and_says_why(bundled: CompiledRules) -> None:
    text = "Our drip boosts energy.\n\nBook a free consultation today."
    [claim] = [f for f in lint_text(text, bundled) if f.start]
    assert (claim.rule_id, claim.severity) == ("body-function-claim", Severity.ERROR)
    assert claim.note == "raised: the page sells the treatment"


def test_an_informing_page_reports_claims_as_info_and_asks_for_no_statement(
    bundled: CompiledRules,
) -> None:
    text = (
        "The FTC filed a complaint against a clinic. The lawsuit says the clinic "
        "told patients that stem cells cure arthritis.\n\n"
        "Regulators say the shots cure nothing; the settlement bars such ads.\n"
    )
    found = lint_text(text, bundled)
    assert pages(found) == set()
    assert all(f.severity == Severity.INFO for f in found)


def test_a_page_that_answers_myths_informs(bundled: CompiledRules) -> None:
    text = (
        "# Arthritis: common myths and misconceptions\n\n"
        "Myth: stem cell shots cure arthritis.\n\n"
        "Fact: no stem cell product is approved for arthritis.\n"
    )
    found = lint_text(text, bundled, fmt="markdown")
    [claim] = [f for f in found if f.start]
    assert (claim.rule_id, claim.severity) == ("cure-claim", Severity.INFO)
    assert pages(found) == set()


def test_a_doctor_speaking_of_my_practice_sells(bundled: CompiledRules) -> None:
    text = "In my practice, the drip boosts energy."
    [claim] = [f for f in lint_text(text, bundled) if f.start]
    assert (claim.rule_id, claim.severity) == ("body-function-claim", Severity.ERROR)
    assert claim.note == "raised: the page sells the treatment"


def test_a_research_paper_informs(bundled: CompiledRules) -> None:
    text = (
        "Abstract: the authors searched three databases for trials of PRP.\n\n"
        "PRP injections cure tennis elbow in some of the trials.\n"
    )
    found = lint_text(text, bundled)
    [claim] = [f for f in found if f.start]
    assert (claim.rule_id, claim.severity) == ("cure-claim", Severity.INFO)
    assert pages(found) == set()


def test_a_repository_page_for_a_paper_informs(bundled: CompiledRules) -> None:
    # A university repository labels its record of a paper; with one sign of
    # informing and none of selling the page is asked for no seller's statement.
    body = "PRP injections cure tennis elbow in some of the trials.\n"
    assert pages(lint_text(body, bundled)) == {
        "disclaimer-missing",
        "fda-status-missing",
        "risk-information-missing",
    }
    for label in ("Research output", "Journal article"):
        assert pages(lint_text(f"{label}\n\n{body}", bundled)) == set()


def test_a_price_offered_sells_and_a_cost_reported_does_not(
    bundled: CompiledRules,
) -> None:
    claim = "The drip boosts energy."
    for price, note in (
        ("Only $99 per session.", "raised: the page sells the treatment"),
        ("Sessions are $250 each.", "raised: the page sells the treatment"),
        ("Two patients each spent $4,500 on it.", ""),
        ("A round costs anywhere from $80 to $400.", ""),
    ):
        [found] = [f for f in lint_text(f"{claim}\n\n{price}", bundled) if f.start]
        assert (price, found.note) == (price, note)


def test_a_question_alone_asks_for_no_page_statement(bundled: CompiledRules) -> None:
    assert pages(lint_text("Can stem cells treat arthritis?", bundled)) == set()
    assert pages(lint_text("Stem cells treat arthritis.", bundled)) == {
        "disclaimer-missing",
        "fda-status-missing",
        "risk-information-missing",
    }


def test_claims_found_bring_the_statements_they_need(bundled: CompiledRules) -> None:
    # No treatment term for the triggers, but a testimonial claim on the page.
    text = "After one session my back pain was gone."
    assert "disclaimer-missing" in pages(lint_text(text, bundled))


def _bad_examples() -> list[str]:
    packs = load_packs()
    return [example.plain for _, rule in packs.rules() for example in rule.examples.bad]


def test_no_rewrite_draws_a_warning_itself(bundled: CompiledRules) -> None:
    """Every bundled bad example, with all its rewrites applied and linted again:
    no finding of warning or error falls on a rewritten sentence."""
    problems = []
    checked = 0
    for text in _bad_examples():
        rewritten = [
            f
            for f in lint_text(text, bundled)
            if f.rewrite is not None and f.rewrite_offset is not None
        ]
        if not rewritten:
            continue
        fixed, done, _ = apply_fixes(text, rewritten, unsafe=True)
        checked += len(done)
        regions = []
        for finding in done:
            assert finding.rewrite is not None
            at = fixed.find(finding.rewrite)
            regions.append((at, at + len(finding.rewrite)))
        for f in lint_text(fixed, bundled):
            if f.offset is None or f.end_offset is None:
                continue
            inside = any(s <= f.offset < e for s, e in regions)
            if inside and f.severity >= Severity.WARNING:
                problems.append((fixed, f.rule_id, f.match))
    assert problems == []
    assert checked > 50  # the examples do exercise the rewrites


def test_the_fda_notice_is_asked_only_of_pages_that_name_a_treatment(
    bundled: CompiledRules,
) -> None:
    def page_rules(text: str) -> list[str]:
        return [f.rule_id for f in lint_text(text, bundled) if f.start is None]

    # Both pages claim a cure; only the one that names a regenerative treatment
    # needs the notice that it is not FDA-approved.
    massage = page_rules("Our massage sessions cure back pain.")
    assert "fda-status-missing" not in massage
    assert "fda-status-missing" in page_rules("Our exosome sessions cure back pain.")
    # Naming a treatment without offering it or claiming for it asks for nothing.
    assert "fda-status-missing" not in page_rules(
        "Doctors have studied exosomes in mice for a decade."
    )


@pytest.mark.parametrize(
    ("trap", "claim", "rule"),
    [
        # a profession's practice told in the third person; the clinic's own surgeons
        (
            "A lot of osteopaths treat only back problems, such as lower back pain.",
            "Our surgeons treat knee arthritis with stem cells.",
            ("disease-claim", "treat knee arthritis"),
        ),
        # under-treatment denies the care; a treatment said to work does not
        (
            "In many countries gout is still insufficiently treated.",
            "Our exosome drips treat gout.",
            ("disease-claim", "treat gout"),
        ),
        # the medicines for a condition listed, and a drip offered for it
        (
            "Drugs for preventing migraine attacks include beta-blockers.",
            "Our NAD+ drips prevent migraine attacks.",
            ("disease-claim", "prevent migraine"),
        ),
        # healing as a noun, and a shot that shortens it
        (
            "Typical healing times: six weeks for a tendon injury.",
            "PRP heals a tendon injury in a week.",
            ("disease-claim", "heals a tendon injury"),
        ),
        # stories said not to prove anything, and stories offered as proof
        (
            "These testimonials are one client's view and are not evidence.",
            "Read our patient stories and book your consultation.",
            ("social-proof-outcome", "patient stories"),
        ),
        # the body's own cells and their job; cells injected to do it
        (
            "Blood stem cells divide slowly; their main job is to repair tissue.",
            "Our stem cells regenerate damaged tissue.",
            ("body-function-claim", "cells regenerate damaged tissue"),
        ),
        # balance as a noun, and a pellet said to restore it
        (
            "When hormone levels get out of balance, people notice weight gain.",
            "Our hormone pellets balance your hormones and boost energy.",
            ("body-function-claim", "balance your hormones and boost energy"),
        ),
        # a method weighed with its drawbacks, and one sold on its mechanism
        (
            "Each of these products has drawbacks when used to stimulate healing.",
            "Our exosomes stimulate healing in your joints.",
            ("mechanism-as-proof", "stimulate healing"),
        ),
        # research under way, and research worn as a seal
        (
            "Other uses of PRP are being studied in clinical trials.",
            "Our PRP has been studied in clinical trials for decades.",
            ("research-framing", "studied in clinical trials"),
        ),
    ],
)
def test_a_harmless_sentence_is_silent_where_a_claim_still_fires(
    bundled: CompiledRules, trap: str, claim: str, rule: tuple[str, str]
) -> None:
    assert [f for f in lint_text(trap, bundled) if f.start] == []
    # The claim's finding, reported by its most specific rule or listed beside it.
    [finding] = [f for f in lint_text(claim, bundled) if f.start]
    assert finding.match == rule[1]
    assert rule[0] in {finding.rule_id, *(r.rule_id for r in finding.related)}
