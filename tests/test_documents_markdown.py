"""Markdown reader: what is linted, what is skipped, and exact spans."""

from __future__ import annotations

from cliniclint.documents import Block, Directive, Document, read_document
from document_blocks import blocks


def read(raw: str) -> Document:
    return read_document("page.md", raw)


def test_paragraph_is_copied_verbatim() -> None:
    raw = "We cure pain.\nFast, safe care.\n"
    document = read(raw)
    assert document.prose == "We cure pain.\nFast, safe care."
    assert document.blocks == [Block(0, 30, "paragraph")]
    assert document.raw_span(14, 18) == (14, 18)


def test_atx_and_setext_headings() -> None:
    raw = "## Best care ##\n\nSetext title\n============\n\nBody\n"
    document = read(raw)
    assert blocks(document) == [
        ("heading", "Best care", "Best care"),
        ("heading", "Setext title", "Setext title"),
        ("paragraph", "Body", "Body"),
    ]
    assert document.raw_span(0, 9) == (3, 12)
    assert document.position(document.raw_span(11, 12)[0]) == (3, 1)


def test_emphasis_strong_and_strikethrough_contents() -> None:
    raw = "We *truly* **cure** ~~all~~ _pain_.\n"
    document = read(raw)
    assert document.prose == "We truly cure all pain."
    assert document.raw_span(3, 8) == (4, 9)
    assert document.raw_span(9, 13) == (13, 17)
    assert document.raw_span(14, 17) == (22, 25)


def test_code_fence_and_indented_code_are_skipped() -> None:
    raw = (
        "Intro.\n\n```python\nprint('cures all')\n```\n\n    indented cure\n\nOutro.\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "Intro.", "Intro."),
        ("paragraph", "Outro.", "Outro."),
    ]
    assert document.raw_span(8, 14) == (61, 67)


def test_inline_code_is_masked_inside_running_text() -> None:
    raw = "Run `cure --all` now. `lead` text `tail`\n"
    document = read(raw)
    assert document.prose == "Run \ufffc now. \ufffc text "
    assert document.blocks == [Block(0, 17, "paragraph")]
    assert document.raw_span(4, 5) == (16, 16)
    assert document.raw_span(6, 10) == (17, 21)


def test_link_text_is_linted_and_url_skipped() -> None:
    raw = 'See [our *miracle* cure](https://x.test/cure "Cure title") today.\n'
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "See our miracle cure today.", raw[:-1]),
        ("link-title", "Cure title", "Cure title"),
    ]
    assert document.raw_span(4, 20) == (5, 23)
    assert document.blocks[1] == Block(29, 39, "link-title")
    assert document.raw_span(29, 39) == (46, 56)


def test_reference_link_title_is_not_guessed() -> None:
    raw = "See [cure][1].\n\n[1]: https://x.test 'Ref title'\n"
    assert blocks(read(raw)) == [("paragraph", "See cure.", "See [cure][1].")]


def test_autolinks_and_bare_urls_are_masked() -> None:
    raw = "Visit <https://a.test> or https://b.test/x now.\n"
    document = read(raw)
    assert document.prose == "Visit \ufffc or \ufffc now."
    assert document.raw_span(8, 10) == (23, 25)  # "or"
    assert document.raw_span(11, 16) == (42, 46)  # snapped off the mask


def test_bare_domains_and_addresses_are_text() -> None:
    # linkify only picks up URLs with a scheme.
    raw = "Mail me@d.test or see www.c.test now.\n"
    assert read(raw).prose == "Mail me@d.test or see www.c.test now."


def test_image_alt_is_its_own_block() -> None:
    raw = "Before ![A *smiling* patient](p.png) after.\n"
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "Before \ufffc after.", raw[:-1]),
        ("alt", "A smiling patient", "A *smiling* patient"),
    ]
    alt = document.blocks[1]
    assert alt == Block(17, 34, "alt")
    assert document.raw_span(19, 26) == (12, 19)
    assert list(document.sentences()) == [(0, 15), (17, 34)]


def test_image_alone_gives_only_the_alt_block() -> None:
    raw = "![Pain &amp; relief](x.png)\n"
    document = read(raw)
    assert blocks(document) == [("alt", "Pain & relief", "Pain &amp; relief")]


def test_entities_and_escapes_are_decoded_pieces() -> None:
    raw = "Caf&eacute; &amp; \\*not emphasis\\* &#8217; &#x2014;\n"
    document = read(raw)
    prose = document.prose
    assert prose == "Caf\u00e9 & *not emphasis* \u2019 \u2014"
    assert document.raw_span(3, 4) == (3, 11)
    assert document.raw_span(5, 6) == (12, 17)
    assert document.raw_span(7, 8) == (18, 20)
    assert document.raw_span(0, len(prose)) == (0, len(raw) - 1)
    assert document.offsets.copied.count(False) == 6


def test_html_comment_directives() -> None:
    raw = (
        "<!-- cliniclint-disable no-cure -->\n"
        "Text <!-- inline one --> more.\n\n"
        "```\n<!-- not a comment, code -->\n```\n"
    )
    document = read(raw)
    assert document.directives == [
        Directive(0, 35, " cliniclint-disable no-cure "),
        Directive(41, 60, " inline one "),
    ]
    assert document.prose == "Text \ufffc more."


def test_inline_formatting_tags_read_like_emphasis() -> None:
    raw = 'Our <b>best</b> <span class="x">care</span> <br> and <Badge/> more.\n'
    document = read(raw)
    assert document.prose == "Our best care \ufffc and \ufffc more."
    assert document.raw_span(4, 13) == (7, 36)


def test_html_block_is_read_as_html() -> None:
    raw = (
        '<div class="hero"><p>Our stem cells cure arthritis.</p>\n'
        '<img src="a.png" alt="A miracle &amp; more"><script>cure()</script>\n'
        "</div>\n\nShown.\n"
    )
    document = read(raw)
    assert blocks(document) == [
        (
            "paragraph",
            "Our stem cells cure arthritis.",
            "Our stem cells cure arthritis.",
        ),
        ("alt", "A miracle & more", "A miracle &amp; more"),
        ("paragraph", "Shown.", "Shown."),
    ]
    start = document.prose.index("cure")
    assert document.position(document.raw_span(start, start + 4)[0]) == (1, 37)


def test_html_block_in_a_quote_or_list_leaves_their_markers_out() -> None:
    raw = "> <div>\n> A quoted cure\n> </div>\n\n- <p>An item\n  that cures</p>\n"
    document = read(raw)
    assert blocks(document) == [
        ("text", "A quoted cure", "A quoted cure"),
        ("paragraph", "An item\nthat cures", "An item\n  that cures"),
    ]
    start = document.prose.index("cures")
    assert document.position(document.raw_span(start, start + 5)[0]) == (6, 8)


def test_html_block_comment_is_a_directive() -> None:
    raw = "<!-- cliniclint-disable -->\n\nText\n"
    assert read(raw).directives == [Directive(0, 27, " cliniclint-disable ")]


def test_front_matter_title_and_description_only() -> None:
    raw = (
        "---\n"
        'title: "Cure \\"all\\" pain"\n'
        "author: Dr. Cure All\n"
        "description: >\n"
        "  Safe and\n"
        "  effective.\n"
        "tags: [cure]\n"
        "---\n"
        "# Heading\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("front-matter", 'Cure "all" pain', 'Cure \\"all\\" pain'),
        ("front-matter", "Safe and\n  effective.", "Safe and\n  effective."),
        ("heading", "Heading", "Heading"),
    ]
    assert document.blocks[0] == Block(0, 15, "front-matter")
    assert document.raw_span(0, 4) == (12, 16)
    assert document.raw_span(5, 10) == (17, 24)
    assert document.position(document.raw_span(17, 21)[0]) == (5, 3)


def test_front_matter_single_quoted_plain_and_literal() -> None:
    raw = (
        "---\r\n"
        "title: 'It''s safe'\r\n"
        "description: |\r\n"
        "  Line one.\r\n"
        "  Line two.\r\n"
        "---\r\n"
        "Body\r\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("front-matter", "It's safe", "It''s safe"),
        ("front-matter", "Line one.\r\n  Line two.", "Line one.\r\n  Line two."),
        ("paragraph", "Body", "Body"),
    ]
    assert document.raw_span(2, 3) == (15, 17)


def test_front_matter_plain_multiline() -> None:
    raw = "---\ntitle: Cures\n  everything fast\ndate: 2024-01-01\n---\n"
    document = read(raw)
    assert blocks(document) == [
        ("front-matter", "Cures\n  everything fast", "Cures\n  everything fast"),
    ]


def test_front_matter_value_that_cannot_be_verified_is_skipped() -> None:
    raw = '---\ntitle: "Cures \\\n  everything"\ndescription: Fine.\n---\nBody\n'
    assert blocks(read(raw)) == [
        ("front-matter", "Fine.", "Fine."),
        ("paragraph", "Body", "Body"),
    ]


def test_front_matter_non_string_values_are_skipped() -> None:
    raw = "---\ntitle: 2024\ndescription: [a, b]\n---\nBody\n"
    assert blocks(read(raw)) == [("paragraph", "Body", "Body")]


def test_front_matter_that_is_not_yaml_is_skipped() -> None:
    raw = "---\nNot: [valid\n---\nBody\n"
    assert blocks(read(raw)) == [("paragraph", "Body", "Body")]


def test_front_matter_closed_by_dots() -> None:
    raw = "---\ntitle: Dots\n...\nBody\n"
    assert blocks(read(raw)) == [
        ("front-matter", "Dots", "Dots"),
        ("paragraph", "Body", "Body"),
    ]


def test_front_matter_where_markdown_it_closes_earlier() -> None:
    # markdown-it closes front matter at "----"; YAML reads on to "---".
    raw = "---\ntitle: Long\n  ----\n  dashes\n---\nBody\n"
    assert blocks(read(raw)) == [
        ("front-matter", "Long\n  ----\n  dashes", "Long\n  ----\n  dashes"),
        ("paragraph", "Body", "Body"),
    ]


def test_front_matter_fallback_keeps_non_ascii_offsets() -> None:
    raw = "---\ntitle: Caf\u00e9\n  ----\n  \u00e9t\u00e9\n---\n\u201cBody\u201d here\n"
    document = read(raw)
    assert blocks(document)[1] == (
        "paragraph",
        "\u201cBody\u201d here",
        "\u201cBody\u201d here",
    )
    body = document.blocks[1]
    assert document.raw_span(body.start + 1, body.start + 5) == (34, 38)
    assert raw[34:38] == "Body"


def test_no_front_matter_without_a_closing_line() -> None:
    raw = "---\ntitle: Open\n"
    assert blocks(read(raw)) == [("paragraph", "title: Open", "title: Open")]


def test_crlf_file() -> None:
    raw = "# Title\r\n\r\nLine one\r\nline two  \r\nend.\r\n\r\n- item\r\n"
    document = read(raw)
    assert document.prose == "Title\n\nLine one\r\nline two\r\nend.\n\nitem"
    assert blocks(document) == [
        ("heading", "Title", "Title"),
        ("paragraph", "Line one\r\nline two\r\nend.", "Line one\r\nline two  \r\nend."),
        ("list-item", "item", "item"),
    ]
    assert document.position(document.raw_span(17, 21)[0]) == (4, 1)


def test_lone_cr_file() -> None:
    raw = "Title\r=====\r\rOne\rtwo\r"
    document = read(raw)
    assert blocks(document) == [
        ("heading", "Title", "Title"),
        ("paragraph", "One\rtwo", "One\rtwo"),
    ]
    assert document.position(document.raw_span(11, 14)[0]) == (5, 1)


def test_table_cells() -> None:
    raw = "| Claim | Proof \\| note |\n|---|---|\n| Cures *all* | none &amp; more |\n"
    document = read(raw)
    assert blocks(document) == [
        ("table-cell", "Claim", "Claim"),
        ("table-cell", "Proof | note", "Proof \\| note"),
        ("table-cell", "Cures all", "Cures *all"),
        ("table-cell", "none & more", "none &amp; more"),
    ]
    pipe = document.prose.index("|")
    assert document.raw_span(pipe, pipe + 1) == (16, 18)


def test_nested_lists_and_block_quotes() -> None:
    raw = (
        "- Tight one\n"
        "  - Nested *two*\n"
        "    continued\n"
        "- Three\n"
        "\n"
        "> Quoted claim\n"
        "> > Deeper claim\n"
        "> - Quoted item\n"
        "\n"
        "1. Loose one\n"
        "\n"
        "   Second paragraph\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("list-item", "Tight one", "Tight one"),
        ("list-item", "Nested two\ncontinued", "Nested *two*\n    continued"),
        ("list-item", "Three", "Three"),
        ("paragraph", "Quoted claim", "Quoted claim"),
        ("paragraph", "Deeper claim", "Deeper claim"),
        ("list-item", "Quoted item", "Quoted item"),
        ("list-item", "Loose one", "Loose one"),
        ("list-item", "Second paragraph", "Second paragraph"),
    ]


def test_block_quote_continuation_lines() -> None:
    raw = "> First line\n> second line\nlazy line\n"
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "First line\nsecond line\nlazy line",
         "First line\n> second line\nlazy line"),
    ]  # fmt: skip
    assert document.raw_span(11, 17) == (15, 21)


def test_task_list_items() -> None:
    raw = "- [ ] Book a consult\n- [x] Done\n"
    assert blocks(read(raw)) == [
        ("list-item", "Book a consult", "Book a consult"),
        ("list-item", "Done", "Done"),
    ]


def test_non_ascii_offsets() -> None:
    raw = (
        "# \u6cbb\u7597 \U0001f600 *\u00e9t\u00e9*\n\n"
        "\u201cCure\u201d &amp; caf\u00e9.\n"
    )
    document = read(raw)
    assert (
        document.prose
        == "\u6cbb\u7597 \U0001f600 \u00e9t\u00e9\n\n\u201cCure\u201d & caf\u00e9."
    )
    assert document.raw_span(5, 8) == (8, 11)
    cure = document.prose.index("Cure")
    assert document.raw_span(cure, cure + 4) == (15, 19)
    assert document.position(15) == (3, 2)
    assert document.raw_span(cure + 6, cure + 7) == (21, 26)


def test_empty_and_blank_documents() -> None:
    assert read("").prose == ""
    assert read("").blocks == []
    assert read("\n\n  \n").blocks == []


def test_escaped_backtick_decodes_to_itself_when_backticks_are_defused() -> None:
    # A stray backtick after "[" makes the reader hide backticks from the parser;
    # an escaped one must still decode to a backtick, not to the stand-in.
    raw = "\\`\n\n> - `\n>  \n>  [`code`](u.md)"
    document = read(raw)
    assert document.prose.startswith("`\n\n")
    assert document.raw_span(0, 1) == (0, 2)


def test_a_no_break_space_opening_a_line_keeps_the_next_line() -> None:
    # The parser misplaces the line break after such a line; the walk over inline
    # nodes (the reader's slow path) still finds it and keeps the next line.
    from cliniclint.documents.markdown import _Reader

    raw = "- Step one\n\n\t\xa0Stem cells\ncure arthritis.\n"
    for fast in (True, False):
        prose, _, found, _ = _Reader(raw, False, fast=fast).read()
        assert [(b.kind, prose[b.start : b.end]) for b in found] == [
            ("list-item", "Step one"),
            ("list-item", "Stem cells\ncure arthritis."),
        ]
