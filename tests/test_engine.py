"""Matchers and the linter: spans, exceptions, clauses, hedges, context, page rules."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cliniclint.engine import CompiledRules, compile_rules, lint_text
from cliniclint.engine.ruleset import load_packs
from cliniclint.engine.templates import fill, match_case
from cliniclint.findings import Severity
from cliniclint.matching.inflect import variants
from cliniclint.matching.matchers import clause_span
from cliniclint.matching.textfold import fold, phrase_key
from cliniclint.matching.trie import compile_trie

Only = Callable[..., CompiledRules]


def spans(text: str, rules: CompiledRules) -> list[tuple[str, str, str]]:
    return [
        (f.rule_id, f.match, f.severity.label)
        for f in lint_text(text, rules)
        if f.start is not None
    ]


@pytest.mark.parametrize(
    "text",
    [
        "We offer NO MORE PAIN today.",
        "We offer no\u00a0more pain today.",
        "We offer no  more\npain today.",
        "We offer no-more pain today.",
        "We offer no\u2013more pain today.",
    ],
)
def test_phrase_is_case_space_and_dash_insensitive(text: str, only: Only) -> None:
    found = lint_text(text, only("cure-promise"))
    assert [f.match for f in found] == [text[9:-7]]
    assert found[0].start is not None
    assert (found[0].start.line, found[0].start.column) == (1, 10)


def test_phrase_does_not_cross_a_blank_line(only: Only) -> None:
    assert lint_text("We offer no more\n\npain today.", only("cure-promise")) == []


def test_phrase_is_word_bounded(only: Only) -> None:
    assert lint_text("Secure parking. Procured supplies.", only("cure-promise")) == []


def test_curly_quotes_fold_to_straight() -> None:
    assert fold("“don’t” — it’s") == "\"don't\" - it's"
    assert fold("a `b`\u00a0\u2013\u3000c") == "a 'b' - c"
    assert phrase_key("Risk\u2011Free  care") == "risk free care"


def test_fold_changes_each_character_on_its_own() -> None:
    # One character in, one out, whatever surrounds it: the same as folding each
    # character of the first 0x3100 code points by itself.
    text = "".join(chr(c) for c in range(0x3100) if not 0xD800 <= c < 0xE000)
    folded = fold(text)
    assert len(folded) == len(text)
    assert folded == "".join(fold(c) for c in text)
    changed = {c for c, f in zip(text, folded, strict=True) if c != f}
    assert len(changed) == 37
    assert {folded[text.index(c)] for c in changed} == {"'", '"', "-", " "}


def test_longest_phrase_wins_at_one_position() -> None:
    pattern = compile_trie(["no risk", "no risk of rejection"])
    assert [m.group() for m in pattern.finditer("There is no risk of rejection.")] == [
        "no risk of rejection"
    ]
    assert [m.group() for m in pattern.finditer("There is no risk of infection.")] == [
        "no risk"
    ]


def test_exception_overlapping_the_hit_drops_it(only: Only) -> None:
    rules = only("cure-promise")
    assert lint_text("There is no known cure for migraine.", rules) == []
    found = lint_text("There is no cure elsewhere, but our shots cure it.", rules)
    assert [(f.start.column if f.start else 0) for f in found] == [43]


def test_claim_needs_all_lists_in_one_sentence(only: Only) -> None:
    rules = only("disease-claim-test")
    assert spans("Stem cells treat arthritis.", rules) == [
        ("disease-claim-test", "treat arthritis", "error")
    ]
    assert spans("Stem cells are studied. Doctors treat arthritis.", rules) == []


def test_claim_reports_every_effect_term(only: Only) -> None:
    rules = only("disease-claim-test")
    got = spans("Exosomes heal knee pain. Exosomes cure migraines.", rules)
    assert got == [
        ("disease-claim-test", "heal knee pain", "error"),
        ("disease-claim-test", "cure migraines", "error"),
    ]
    # In one sentence both claims are one finding spanning them.
    got = spans("Exosomes heal knee pain and cure migraines.", rules)
    assert got == [("disease-claim-test", "heal knee pain and cure migraines", "error")]


def test_negation_clears_and_pivot_does_not(only: Only) -> None:
    rules = only("disease-claim-test")
    assert spans("Stem cells have not been approved to treat arthritis.", rules) == []
    got = spans("There is no cure for arthritis, but stem cells treat it.", rules)
    assert got == [("disease-claim-test", "treat", "error")]


def test_question_is_not_a_claim(only: Only) -> None:
    assert spans("Do stem cells treat arthritis?", only("disease-claim-test")) == []


def test_hedge_lowers_severity_one_level(only: Only) -> None:
    got = spans("Stem cells may treat arthritis.", only("disease-claim-test"))
    assert got == [("disease-claim-test", "treat arthritis", "warning")]


def test_commercial_page_raises_severity(only: Only) -> None:
    rules = only("efficacy-selling")
    assert spans("Our drip rejuvenates you.", rules) == [
        ("efficacy-selling", "rejuvenates", "info")
    ]
    selling = "Our drip rejuvenates you.\n\nBook a consultation today."
    assert spans(selling, rules) == [("efficacy-selling", "rejuvenates", "warning")]


def test_pattern_span_group_and_capture_in_rewrite(only: Only) -> None:
    (finding,) = lint_text("Our procedure is 100% safe, truly.", only("percent-safe"))
    assert finding.match == "100% safe"
    assert (finding.offset, finding.end_offset) == (17, 26)
    assert finding.suggestions == ("low-risk (100 of patients had no complications)",)
    assert finding.message == "“100% safe” promises absolute safety."


def test_required_statement_missing_is_one_page_finding(only: Only) -> None:
    rules = only("fda-status-absent")
    (finding,) = lint_text("Stem cell therapy for knee pain. Stem cells again.", rules)
    assert finding.start is None
    assert finding.offset is None
    assert finding.suggestions == (
        "This treatment has not been approved by the U.S. Food and Drug "
        "Administration (FDA).",
    )
    assert lint_text("Stem cells. They are not approved by the FDA.", rules) == []
    assert lint_text("Physical therapy for knee pain.", rules) == []


def test_findings_sorted_with_page_level_first(core_rules: CompiledRules) -> None:
    text = "A miracle. Stem cells cure arthritis. A clinically proven miracle."
    found = lint_text(text, core_rules)
    # One finding per sentence: "cure arthritis" is reported by its most specific
    # rule, with the disease claim beside it, and "proven" with "miracle".
    assert [(f.rule_id, f.offset) for f in found] == [
        ("fda-status-absent", None),
        ("hype-word", 2),
        ("cure-promise", 22),
        ("proven-overstatement", 40),
    ]
    assert [r.rule_id for r in found[2].related] == ["disease-claim-test"]
    assert [r.rule_id for r in found[3].related] == ["hype-word"]


def test_positions_count_code_points_on_later_lines(only: Only) -> None:
    text = "Ünïcode 😀 line.\r\n中文 and a miracle here."
    (finding,) = lint_text(text, only("hype-word"))
    assert finding.match == "miracle"
    assert finding.start is not None
    assert finding.end is not None
    assert (finding.start.line, finding.start.column) == (2, 10)
    assert (finding.end.line, finding.end.column) == (2, 17)
    assert text[finding.offset : finding.end_offset] == "miracle"


def test_select_and_ignore(core_packs: object, only: Only) -> None:
    text = "A miracle cure."
    assert {f.rule_id for f in lint_text(text, only("category:hype-language"))} == {
        "hype-word"
    }
    assert {
        f.rule_id
        for f in lint_text(text, only("pack:core-test", ignore=("hype-word",)))
    } == {"cure-promise"}
    off = only(severities={"hype-word": None})
    assert "hype-word" not in {f.rule_id for f in lint_text(text, off)}
    raised = only("hype-word", severities={"hype-word": Severity.ERROR})
    assert [f.severity for f in lint_text(text, raised)] == [Severity.ERROR]


def test_rewrite_keeps_capital_letter(only: Only) -> None:
    (finding,) = lint_text("Clinically proven results.", only("proven-overstatement"))
    assert finding.suggestions == ("Clinically studied",)
    assert match_case("new", "MIRACLE") == "NEW"


def test_template_fields() -> None:
    assert fill(
        "{match} / {1} / {name} / {9} / {other}", "m", ("g1",), {"name": "n"}
    ) == ("m / g1 / n / {9} / {other}")


def test_inflection_variants() -> None:
    assert variants("treat") == ["treat", "treats", "treated", "treating"]
    assert variants("cure") == ["cure", "cures", "cured", "curing"]
    assert variants("stem cell therapy") == [
        "stem cell therapy",
        "stem cell therapies",
        "stem cell therapied",
        "stem cell therapying",
    ]
    assert variants("relieves") == ["relieves"]


def test_clause_span_splits_at_pivots() -> None:
    text = "There is no cure, but stem cells help; call us."
    assert text[slice(*clause_span(text, 0, len(text), 25))] == "but stem cells help"
    assert text[slice(*clause_span(text, 0, len(text), 3))] == "There is no cure"


def test_leading_g_anchors_a_guard_at_the_sentence_start(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        """pack: anchored
title: Anchored guards
version: "1"
rules:
  - id: approved-claim
    category: fda-misrepresentation
    kind: phrase
    phrases: [FDA-approved]
    exceptions: ['\\G(?!(?s:.)*?\\bour\\b)(?s:.)*?\\bdrugs?\\b(?s:.)*']
    message: m
    why: w
    advice: a
    examples: {bad: ["Our [[FDA-approved]] cells."], good: ["Approved drugs."]}
""",
        encoding="utf-8",
    )
    rules = compile_rules(load_packs([pack], bundled=False))
    (item,) = rules.rules
    assert item.exceptions[0].anchored
    # A user pack runs on the regex engine, which can limit a search's time.
    assert item.exceptions[0].engine == "regex"
    # The guard clears a sentence about drugs that does not speak of "our" product...
    assert lint_text("Some FDA-approved drugs exist.", rules) == []
    # ...but not one that does, nor a later sentence the guard does not start.
    assert [f.match for f in lint_text("Our FDA-approved drug.", rules)] == [
        "FDA-approved"
    ]
    text = "Hello there. Our FDA-approved cells, not drugs."
    assert [f.offset for f in lint_text(text, rules)] == [17]


def test_unless_before_only_sees_the_clause_up_to_the_hit(tmp_path: Path) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(
        """pack: scoped
title: Scoped negation
version: "1"
rules:
  - id: approved-claim
    category: fda-misrepresentation
    kind: phrase
    phrases: [FDA-approved]
    unless_before: ['\\bnot\\b']
    message: m
    why: w
    advice: a
    examples: {bad: ["Our [[FDA-approved]] cells."], good: ["Not FDA-approved."]}
""",
        encoding="utf-8",
    )
    rules = compile_rules(load_packs([pack], bundled=False))
    assert lint_text("These cells are not FDA-approved.", rules) == []
    found = lint_text("Our FDA-approved cells are not risky.", rules)
    assert [(f.match, f.offset) for f in found] == [("FDA-approved", 4)]
