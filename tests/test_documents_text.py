"""Plain-text reader: prose is the raw text, blocks follow the line rules."""

from __future__ import annotations

from pathlib import Path

from cliniclint.documents import Block, Document, read_document

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "seeds"


def read(raw: str) -> Document:
    return read_document("notes.txt", raw)


def blocks(document: Document) -> list[tuple[str, str]]:
    return [(b.kind, document.prose[b.start : b.end]) for b in document.blocks]


def test_prose_is_raw_and_offsets_are_identity() -> None:
    raw = "One.\r\n\r\nTwo &amp; three.\r"
    document = read(raw)
    assert document.prose == raw
    assert document.raw_span(8, 23) == (8, 23)
    assert len(document.offsets) == 1
    assert document.directives == []


def test_blank_lines_separate_paragraphs() -> None:
    document = read("First para.\n\n  \nSecond para.\n")
    assert document.blocks == [Block(0, 11, "paragraph"), Block(16, 28, "paragraph")]


def test_heading_line_then_capitalised_line_are_two_blocks() -> None:
    raw = "The Research\nA 2017 case study found it.\n"
    document = read(raw)
    assert document.blocks == [Block(0, 12, "paragraph"), Block(13, 40, "paragraph")]


def test_hard_wrapped_prose_continues() -> None:
    raw = "We offer care to\npatients who need it,\nand families too.\nNext line."
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "We offer care to\npatients who need it,\nand families too."),
        ("paragraph", "Next line."),
    ]


def test_line_after_a_full_stop_starts_a_block_even_if_lowercase() -> None:
    assert blocks(read("It ends here.\nthen this.")) == [
        ("paragraph", "It ends here."),
        ("paragraph", "then this."),
    ]


def test_bullets_are_list_items_without_their_marker() -> None:
    raw = (
        "Benefits:\n- less pain\n* more energy\n+ better sleep\n"
        "\u2022 faster\n\u25e6 calmer\n\u25aa lighter\n\u2013 happier\n"
        "1. first\n2) second\n"
    )
    document = read(raw)
    assert blocks(document) == [
        ("paragraph", "Benefits:"),
        ("list-item", "less pain"),
        ("list-item", "more energy"),
        ("list-item", "better sleep"),
        ("list-item", "faster"),
        ("list-item", "calmer"),
        ("list-item", "lighter"),
        ("list-item", "happier"),
        ("list-item", "first"),
        ("list-item", "second"),
    ]
    assert document.blocks[1] == Block(12, 21, "list-item")


def test_wrapped_list_item_continues() -> None:
    assert blocks(read("- a long item that\n  wraps here\n- next")) == [
        ("list-item", "a long item that\n  wraps here"),
        ("list-item", "next"),
    ]


def test_not_bullets() -> None:
    assert blocks(read("-5 degrees outside\n*emphasis* here\n2020.was odd")) == [
        ("paragraph", "-5 degrees outside"),
        ("paragraph", "*emphasis* here"),
        ("paragraph", "2020.was odd"),
    ]


def test_crlf_and_cr_line_breaks() -> None:
    document = read("Title\r\nBody text\r\n\r\nMore\rLines here")
    assert document.blocks == [
        Block(0, 5, "paragraph"),
        Block(7, 16, "paragraph"),
        Block(20, 24, "paragraph"),
        Block(25, 35, "paragraph"),
    ]


def test_indentation_and_trailing_space_are_outside_blocks() -> None:
    assert read("   Indented text   \n").blocks == [Block(3, 16, "paragraph")]


def test_sentences_in_text() -> None:
    document = read("Our Mission\nWe cure pain. We never fail.\n- No risk. Ever.")
    assert [document.prose[s:e] for s, e in document.sentences()] == [
        "Our Mission",
        "We cure pain.",
        "We never fail.",
        "No risk.",
        "Ever.",
    ]


def test_seed_article() -> None:
    path = FIXTURES / "000_b38fa2e5ffeb8cbe.txt"
    document = read_document(str(path), path.read_bytes())
    assert document.format == "text"
    first, second, third = document.blocks[:3]
    assert document.prose[first.start : first.end] == (
        "A New Hope for Migraine Sufferers: Exploring Stem Cell Therapy"
    )
    assert document.prose[second.start : second.end] == "What are migraines?"
    assert document.prose[third.start : third.end].startswith(
        "Migraines are a neurological disorder"
    )
    assert document.position(third.start) == (3, 1)


def test_web_and_mail_addresses_are_not_prose() -> None:
    raw = (
        "See https://example.org/miracle-cure, www.miracle.example and "
        "cure@clinic.example. A miracle.\n"
    )
    doc = read_document("page.txt", raw)
    assert doc.prose == "See \ufffc, \ufffc and \ufffc. A miracle."
    start = doc.prose.index("A miracle")
    assert doc.raw_span(start, start + 9) == (raw.index("A miracle"), len(raw) - 2)
