"""Spans and fixes on whole words: a span never starts or ends inside a word, a rewrite
is applied only where it replaces the words it was written for, and it is escaped for
the place it goes to (HTML attribute or text, Markdown, MDX)."""

from __future__ import annotations

import string
from collections.abc import Callable
from functools import cache
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliniclint.engine import CompiledRules, compile_rules, lint_text
from cliniclint.engine.ruleset import load_packs
from cliniclint.engine.spans import escape_rewrite, word_span
from cliniclint.review.fixes import plan_edits

CLI = Callable[..., Result]

QUOTE_PACK = """\
pack: quote-test
title: Rewrites with markup characters
version: "1.0"
description: A rewrite holding quotes and angle brackets.
references: [https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance]
rules:
  - id: miracle-word
    category: hype-language
    kind: phrase
    phrases: [miracle]
    message: "“{match}” is hype."
    why: Hype words imply proof.
    suggestions: ['"new" <em>option</em> & {more}']
    fix: safe
    examples:
      bad: ["A [[miracle]] therapy."]
      good: ["A new therapy."]
"""


@cache
def bundled() -> CompiledRules:
    return compile_rules(load_packs())


def test_word_span_widens_to_whole_words_and_compounds() -> None:
    text = "Initial studies have shown results, our 25-lab-proven don't"
    assert word_span(text, 8, 25) == (8, 26)  # "studies have show" -> "shown"
    at = text.index("lab")
    assert text[slice(*word_span(text, at, at + 10))] == "25-lab-proven"
    at = text.index("don")
    assert text[slice(*word_span(text, at, at + 3))] == "don't"
    assert word_span(text, 0, 7) == (0, 7)


WORDS_PACK = """\
pack: words-test
title: Matches that end inside words, and a sentence rewrite
version: "1.0"
description: Patterns written loosely, as user packs may be.
references: [https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance]
rules:
  - id: studies-show
    category: evidence-overstatement
    kind: pattern
    pattern: 'studies have show'
    message: "“{match}” overstates the evidence."
    why: Studies rarely show that much.
    suggestions: ["clinically studied"]
    fix: safe
    examples:
      bad: ["Our [[studies have show]] it."]
      good: ["Our studies continue."]
  - id: lab-proven
    category: evidence-overstatement
    kind: pattern
    pattern: 'lab-proven'
    message: "“{match}” overstates the evidence."
    why: A laboratory is not a clinic.
    suggestions: ["clinically studied"]
    fix: safe
    examples:
      bad: ["A [[lab-proven]] serum."]
      good: ["A serum."]
  - id: keep-suffering
    category: urgency-pressure
    kind: phrase
    phrases: [you do not have to keep suffering]
    message: "“{match}” pressures the reader."
    why: Pressure is not information.
    suggestions: ["Take the time you need to decide"]
    fix: safe
    examples:
      bad: ["[[You do not have to keep suffering]]."]
      good: ["Take your time."]
"""


@cache
def words_rules() -> CompiledRules:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        pack = Path(folder) / "words.yaml"
        pack.write_text(WORDS_PACK)
        return compile_rules(load_packs([pack], bundled=False))


def found(text: str) -> list[tuple[str, str, str]]:
    return [(f.rule_id, f.match, f.fix) for f in lint_text(text, words_rules())]


def test_a_match_ending_inside_a_word_is_reported_whole_and_not_fixed() -> None:
    assert found("Initial studies have shown encouraging results.") == [
        ("studies-show", "studies have shown", "none")
    ]
    assert found("Initial studies have show results.") == [
        ("studies-show", "studies have show", "safe")
    ]
    assert found("Our 25-lab-proven serum works.") == [
        ("lab-proven", "25-lab-proven", "none")
    ]


def test_a_sentence_rewrite_replaces_only_a_whole_sentence() -> None:
    assert found("You do not have to keep suffering with knee pain.") == [
        ("keep-suffering", "You do not have to keep suffering", "none")
    ]
    assert found("You do not have to keep suffering.") == [
        ("keep-suffering", "You do not have to keep suffering", "safe")
    ]


def test_fix_leaves_part_words_and_half_sentences_alone(
    cli: CLI, tmp_path: Path
) -> None:
    pack = tmp_path / "words.yaml"
    pack.write_text(WORDS_PACK)
    page = tmp_path / "page.md"
    text = (
        "Initial studies have shown encouraging results.\n\n"
        "You do not have to keep suffering with knee pain.\n\n"
        "You do not have to keep suffering.\n\n"
        "Our 25-lab-proven serum is here.\n"
    )
    page.write_text(text)
    cli("lint", "--isolated", "--no-bundled", "--pack", str(pack), "--fix", str(page))
    assert page.read_text() == text.replace(
        "You do not have to keep suffering.", "Take the time you need to decide."
    )


@pytest.mark.parametrize(
    ("name", "text", "fixed"),
    [
        (
            "page.html",
            '<p title="A miracle cure">A miracle.</p>\n',
            '<p title="A &quot;new&quot; &lt;em&gt;option&lt;/em&gt; &amp; {more}'
            ' cure">'
            'A "new" &lt;em&gt;option&lt;/em&gt; &amp; {more}.</p>\n',
        ),
        ("page.md", "A miracle.\n", 'A "new" \\<em\\>option\\</em\\> & {more}.\n'),
        (
            "page.mdx",
            "A miracle.\n",
            'A "new" \\<em\\>option\\</em\\> & \\{more\\}.\n',
        ),
        (
            "page.md",
            '<div class="hero"><p>A miracle.</p>\n<img alt="A miracle cure"></div>\n',
            '<div class="hero"><p>A "new" &lt;em&gt;option&lt;/em&gt; &amp; {more}.'
            '</p>\n<img alt="A &quot;new&quot; &lt;em&gt;option&lt;/em&gt; &amp; '
            '{more} cure"></div>\n',
        ),
        (
            "page.mdx",
            '<Hero title="A miracle cure" />\n',
            '<Hero title="A &quot;new&quot; &lt;em&gt;option&lt;/em&gt; &amp; {more}'
            ' cure" />\n',
        ),
    ],
)
def test_a_rewrite_is_escaped_for_its_place(
    cli: CLI, tmp_path: Path, name: str, text: str, fixed: str
) -> None:
    pack = tmp_path / "quote.yaml"
    pack.write_text(QUOTE_PACK)
    page = tmp_path / name
    page.write_text(text)
    cli("lint", "--isolated", "--no-bundled", "--pack", str(pack), "--fix", str(page))
    assert page.read_text() == fixed


def test_escape_rewrite_knows_text_from_attributes() -> None:
    text = '<img alt="x"> y'
    assert escape_rewrite(text, 10, "html", 'a "b"') == "a &quot;b&quot;"
    assert escape_rewrite(text, 14, "html", 'a "b" <') == 'a "b" &lt;'
    assert escape_rewrite("a < b", 4, "text", "<*>") == "<*>"


def test_escape_rewrite_knows_html_blocks_in_markdown() -> None:
    html_text = "Intro.\n\n> <section>\n> Our cure.\n"
    at = html_text.index("cure")
    assert escape_rewrite(html_text, at, "markdown", "<*>") == "&lt;*&gt;"
    for text in ("<span>Our</span> cure.\n", "Intro.\n\n<b>Ours</b> cure.\n"):
        at = text.index("cure")
        assert escape_rewrite(text, at, "markdown", "<*>") == "\\<\\*\\>"


# --- fuzz: every change of --fix --unsafe-fixes is whole words ----------------------

TRIGGERS = [
    "clinically proven",
    "studies have shown",
    "studies have show",
    "lab-proven",
    "proven effective",
    "you don't have to keep suffering",
    "miracle",
    "cure",
    "guaranteed results",
    "100% safe",
    "FDA approved",
    "act now",
]
FILLER = [
    "the",
    "clinic",
    "offers",
    "a",
    "therapy",
    "for",
    "knee",
    "pain",
    "and",
    "our",
]
GLUE = ["", " ", "-", "s", "ing", "n", "ed", "25-", "'", "\u2019s"]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words: list[str] = []
    for _ in range(draw(st.integers(1, 8))):
        piece = draw(st.sampled_from(TRIGGERS + FILLER))
        before = draw(st.sampled_from(GLUE)) if draw(st.booleans()) else ""
        after = draw(st.sampled_from(GLUE)) if draw(st.booleans()) else ""
        words.append(before.strip("'\u2019s") + piece + after)
    text = " ".join(words)
    end = draw(st.sampled_from([".", "!", "?", ""]))
    return text[:1].upper() + text[1:] + end


JOINERS = "-'\u2019"


def _letter(char: str) -> bool:
    return char.isalnum()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(sentences(), min_size=1, max_size=4))
@pytest.mark.slow
def test_fuzz_every_fix_is_whole_words(paragraph: list[str]) -> None:
    text = " ".join(paragraph)
    for _ in range(5):
        findings = lint_text(text, bundled(), "page.txt")
        edits, _ = plan_edits(text, findings, unsafe=True, fmt="text")
        edits = [e for e in edits if e.start != e.end]  # page statements: own paragraph
        if not edits:
            return
        for edit in edits:
            before = text[edit.start - 1] if edit.start else " "
            after = text[edit.end] if edit.end < len(text) else " "
            first, last = text[edit.start], text[edit.end - 1]
            assert not (_letter(before) and _letter(first)), (text, edit)
            assert not (_letter(last) and _letter(after)), (text, edit)
            if before in JOINERS and edit.start > 1:
                assert not (_letter(text[edit.start - 2]) and _letter(first)), edit
            if after in JOINERS and edit.end + 1 < len(text):
                assert not (_letter(text[edit.end + 1]) and _letter(last)), edit
            new = edit.new
            assert not (_letter(before) and new[:1].isalnum()), (text, edit)
            assert not (_letter(after) and new[-1:].isalnum()), (text, edit)
        pieces, position = [], 0
        for edit in edits:
            pieces += [text[position : edit.start], edit.new]
            position = edit.end
        text = "".join(pieces) + text[position:]
    assert set(text) <= set(string.printable + "\u2019")
