"""MDX: ESM lines, JSX expressions and tags, comment directives."""

from __future__ import annotations

from cliniclint.documents import Block, Directive, Document, read_document
from cliniclint.documents.mdx import text_prop
from document_blocks import blocks


def read(raw: str) -> Document:
    return read_document("page.mdx", raw)


def test_import_and_export_lines_are_skipped() -> None:
    raw = (
        "import { Callout } from './callout'\n"
        'import Chart from "./chart"\n'
        "export const meta = {\n"
        "  title: 'Cures all',\n"
        "}\n"
        "\n"
        "# Real heading\n"
        "\n"
        "Importantly, we care.\n"
    )
    document = read(raw)
    assert document.format == "mdx"
    assert blocks(document) == [
        ("heading", "Real heading", "Real heading"),
        ("paragraph", "Importantly, we care.", "Importantly, we care."),
    ]
    assert document.raw_span(0, 4) == (raw.index("Real"), raw.index("Real") + 4)


def test_import_inside_a_paragraph_or_fence_is_kept() -> None:
    raw = "We help you\nimport good habits.\n\n```js\nimport x from 'y'\n```\n"
    assert blocks(read(raw)) == [
        (
            "paragraph",
            "We help you\nimport good habits.",
            "We help you\nimport good habits.",
        ),
    ]


def test_jsx_expressions_are_masked() -> None:
    raw = "Save {discount}% on {props.name} care today.\n"
    document = read(raw)
    assert document.prose == "Save \ufffc% on \ufffc care today."
    assert document.raw_span(6, 8) == (15, 17)
    assert document.raw_span(13, 24) == (33, 44)


def test_nested_braces_and_strings_in_expressions() -> None:
    raw = "A {fn({a: '}'})} b {`x}`} c\n"
    document = read(raw)
    assert document.prose == "A \ufffc b \ufffc c"
    assert document.raw_span(4, 5) == (17, 18)


def test_expression_in_code_span_is_code() -> None:
    raw = "Use `{value}` here and {real}.\n"
    document = read(raw)
    assert document.prose == "Use \ufffc here and \ufffc."


def test_escaped_brace_is_text() -> None:
    raw = "Literal \\{ brace.\n"
    document = read(raw)
    assert document.prose == "Literal { brace."
    assert document.raw_span(8, 9) == (8, 10)


def test_unclosed_brace_is_text() -> None:
    assert read("An { open brace.\n").prose == "An { open brace."


def test_comment_expressions_are_directives() -> None:
    raw = (
        "{/* cliniclint-disable no-cure */}\n"
        "\n"
        "Text {/* inline note */} more.\n"
        "<!-- html comment -->\n"
    )
    document = read(raw)
    assert document.directives == [
        Directive(0, 34, " cliniclint-disable no-cure "),
        Directive(41, 60, " inline note "),
        Directive(67, 88, " html comment "),
    ]
    assert blocks(document) == [
        ("paragraph", "Text \ufffc more.", "Text {/* inline note */} more.")
    ]


def test_jsx_tag_lines_are_skipped_and_inner_text_linted() -> None:
    raw = (
        '<Callout type="warning" count={3}>\n'
        "Our therapy **cures** pain.\n"
        "</Callout>\n"
        "\n"
        "<Grid>\n"
        "  <Card\n"
        '    title="Card title"\n'
        "  >\n"
        "Card body text.\n"
        "  </Card>\n"
        "</Grid>\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "Our therapy cures pain.", "Our therapy **cures** pain."),
        ("paragraph", "Card body text.", "Card body text."),
        ("title", "Card title", "Card title"),
    ]
    assert document.blocks[0] == Block(0, 23, "paragraph")
    assert document.position(document.raw_span(0, 3)[0]) == (2, 1)


def test_inline_jsx_tags_are_masked() -> None:
    raw = "Now <Badge color={c}>new</Badge> and <Tip/> here.\n"
    document = read(raw)
    assert document.prose == "Now \ufffcnew\ufffc and \ufffc here."
    assert document.raw_span(5, 8) == (21, 24)


def test_heading_with_expression_and_front_matter() -> None:
    raw = '---\ntitle: "MDX page"\n---\nimport X from "x"\n\n# Title {props.x}\n'
    document = read(raw)
    assert blocks(document) == [
        ("front-matter", "MDX page", "MDX page"),
        ("heading", "Title", "Title"),
    ]


def test_crlf_mdx() -> None:
    raw = "import A from 'a'\r\n\r\n<A>\r\nInside {x} text.\r\n</A>\r\n"
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "Inside \ufffc text.", "Inside {x} text."),
    ]


def test_text_inside_tags_on_one_line_is_linted() -> None:
    raw = '<p className="lede">Updated {year} by Dr. Smith</p>\n'
    document = read(raw)
    assert blocks(document) == [
        (
            "paragraph",
            "Updated \ufffc by Dr. Smith",
            "Updated {year} by Dr. Smith",
        )
    ]
    assert document.raw_span(0, 7) == (20, 27)


def test_formatting_tags_are_left_out_without_a_mask() -> None:
    raw = 'Our <b>best</b> care <Tip/> and <span class="x">more</span>.\n'
    document = read(raw)
    assert document.prose == "Our best care \ufffc and more."
    assert document.raw_span(4, 13) == (7, 20)


def test_string_props_that_hold_words_are_read() -> None:
    raw = (
        "import Hero from './hero'\n"
        "\n"
        '<Hero title="Our cells cure pain" className="hero wide" ctaHref="/book"\n'
        '  subtitle=\'A miracle &amp; more\' data-track="top hero" alt="A smile"\n'
        '  aria-label="Open the booking form" image="hero.png" count={3} />\n'
        "\n"
        '<Card description="Safe and gentle" slug="safe-care" variant="primary" />\n'
    )
    document = read(raw)
    assert blocks(document) == [
        ("title", "Our cells cure pain", "Our cells cure pain"),
        ("attribute", "A miracle & more", "A miracle &amp; more"),
        ("alt", "A smile", "A smile"),
        ("attribute", "Open the booking form", "Open the booking form"),
        ("attribute", "Safe and gentle", "Safe and gentle"),
    ]
    start = document.prose.index("cure")
    assert document.position(document.raw_span(start, start + 4)[0]) == (3, 24)
    start = document.prose.index("miracle")
    assert document.position(document.raw_span(start, start + 7)[0]) == (4, 15)


def test_text_props_are_told_from_code_props() -> None:
    assert text_prop("heading", "Miracle")
    assert text_prop("tagline", "We cure pain")
    assert not text_prop("heroImage", "We cure pain")
    assert not text_prop("caption", "https://example.com/cure")
    assert not text_prop("label", "nav.cure_pain")
    assert not text_prop("aria-hidden", "true false")
    assert not text_prop("note", "42")
