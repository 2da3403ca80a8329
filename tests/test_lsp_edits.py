"""The language server's pieces without a client: positions, quick-fix edits, hover."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest
from lsprotocol import types

from cliniclint.findings import Finding, Related, Severity
from cliniclint.lsp.edits import rewrites, suppressions
from cliniclint.lsp.hover import Reference, RuleDoc, hover_markdown, references
from cliniclint.lsp.positions import UTF8, UTF16, UTF32, PositionMap

# One emoji (outside the BMP), two CJK characters, CRLF line breaks.
TEXT = "first\r\n😀東京 cures\r\nlast"


def finding(rule: str, start: int | None, end: int | None, **kw: object) -> Finding:
    return Finding(
        "page.html",
        rule,
        "cure-claim",
        Severity.ERROR,
        "m",
        "pack",
        "1",
        offset=start,
        end_offset=end,
        **kw,  # type: ignore[arg-type]
    )


@pytest.mark.parametrize(
    ("encoding", "character"), [(UTF16, 5), (UTF8, 11), (UTF32, 4)]
)
def test_position_counts_units_of_the_encoding(encoding: str, character: int) -> None:
    offset = TEXT.index("cures")
    positions = PositionMap(TEXT, encoding)
    assert positions.position(offset) == types.Position(line=1, character=character)
    assert positions.offset(types.Position(line=1, character=character)) == offset


def test_offset_clamps_past_line_and_text_ends() -> None:
    positions = PositionMap(TEXT)
    # Past the end of line 0: its end, before the CRLF.
    assert positions.offset(types.Position(line=0, character=99)) == 5
    assert positions.offset(types.Position(line=9, character=0)) == len(TEXT)


def test_html_next_line_suppression_keeps_the_indent() -> None:
    text = "<p>\n  It cures.\n</p>\n"
    at = text.index("cures")
    line, whole = suppressions(text, finding("cure-word", at, at + 5), "html")
    assert [(e.start, e.end, e.new) for e in line.edits] == [
        (
            4,
            4,
            "  <!-- cliniclint-disable-next-line cure-word -- "
            "TODO say why this copy is acceptable -->\n",
        )
    ]
    assert whole.title == "Suppress cure-word in this file (with a reason)"


def test_html_file_suppression_goes_after_the_doctype() -> None:
    text = "<!DOCTYPE html>\r\n<p>It cures.</p>\r\n"
    at = text.index("cures")
    (_, whole) = suppressions(text, finding("cure-word", at, at + 5), "html")
    (edit,) = whole.edits
    assert (edit.start, edit.new) == (
        15,
        "\r\n<!-- cliniclint-disable-file cure-word -- "
        "TODO say why this copy is acceptable -->",
    )


def test_page_level_finding_is_suppressed_for_the_file_only() -> None:
    actions = suppressions("<p>Hi</p>", finding("status", None, None), "html")
    assert [a.title for a in actions] == [
        "Suppress status in this file (with a reason)"
    ]


def test_findings_about_waivers_get_no_suppression() -> None:
    tool = Finding(
        "p.md", "unused-suppression", "suppression", Severity.INFO, "m", "x", "1",
        offset=0, end_offset=4,
    )  # fmt: skip
    assert suppressions("<!-- x -->", tool, "markdown") == []


def test_rewrite_skips_a_suggestion_equal_to_the_match() -> None:
    f = finding("w", 3, 8, suggestions=("cures", "eases"))
    assert [a.title for a in rewrites("It cures.", f, "text")] == [
        "Replace “cures” with “eases”"
    ]


def test_hover_shows_titled_references_related_rules_and_rewrite() -> None:
    f = finding("cure-word", 0, 5, suggestions=("may ease",))
    related = (
        Related(
            "disease-claim", "disease-claim", Severity.ERROR, "“cures” names a disease."
        ),
    )
    carrier = dataclasses.replace(
        f, related=related, rewrite="PRP is being studied for arthritis."
    )
    doc = RuleDoc(
        "Cure claim",
        "No cure is proven.",
        (Reference("21 CFR 1271.10", "https://example.org/cfr"),),
    )
    text = hover_markdown(carrier, doc)
    assert "**Rewrite the sentence:** PRP is being studied for arthritis." in text
    assert text.endswith(
        "**References:**\n"
        "- [21 CFR 1271.10](https://example.org/cfr)\n"
        "\n"
        "**Related:**\n"
        "- disease-claim: “cures” names a disease."
    )


def test_references_accept_strings_mappings_and_objects() -> None:
    got = references(
        ["https://example.org/a", "FTC guidance", {"url": "https://example.org/b"},
         SimpleNamespace(title="T", url=None), "", 7]
    )  # fmt: skip
    assert got == (
        Reference(None, "https://example.org/a"),
        Reference("FTC guidance", None),
        Reference(None, "https://example.org/b"),
        Reference("T", None),
    )
    assert RuleDoc("t", "w", got[1:]).href == "https://example.org/b"
