"""The prose view: ProseBuilder, OffsetMap.raw_span, Document queries."""

from __future__ import annotations

import pytest

from cliniclint.documents import (
    Block,
    Document,
    OffsetMap,
    SourceText,
    format_for_path,
    read_document,
)
from cliniclint.documents.document import ProseBuilder

Step = tuple[str, str, int, int]


def build(raw: str, steps: list[Step]) -> tuple[str, OffsetMap, list[Block]]:
    builder = ProseBuilder(raw)
    for action, text, start, end in steps:
        if action == "open":
            builder.open(text)
        elif action == "mask":
            builder.mask()
        elif action == "copy":
            assert raw[start:end] == text
            builder.copy(start, end)
        else:
            builder.decoded(text, start, end)
    return builder.build()


RAW = "# Best *care* &amp; `code` cure\n\nNext para"
#      0123456789012345678901234567890 1 2 345678901
BEST = ("copy", "Best ", 2, 7)
CARE = ("copy", "care", 8, 12)
SPACE = ("copy", " ", 13, 14)
AMP = ("decoded", "&", 14, 19)
SPACE2 = ("copy", " ", 19, 20)
MASK = ("mask", "", 0, 0)
CURE = ("copy", " cure", 26, 31)
NEXT = ("copy", "Next para", 33, 42)


def opening(kind: str) -> Step:
    return ("open", kind, 0, 0)


def test_builder_pieces_and_segments() -> None:
    steps = [opening("heading"), BEST, CARE, ("copy", "*", 12, 13), SPACE, AMP]
    steps += [SPACE2, MASK, CURE, opening("paragraph"), NEXT]
    prose, offsets, blocks = build(RAW, steps)
    assert prose == "Best care* & \ufffc cure\n\nNext para"
    assert blocks == [Block(0, 19, "heading"), Block(21, 30, "paragraph")]
    # "Best " and "care" are not contiguous in raw: two segments; "*" and " "
    # extend "care"; the entity is a segment of its own.
    assert offsets.prose_starts == [0, 5, 11, 12, 14, 21]
    assert offsets.raw_starts == [2, 8, 14, 19, 26, 33]
    assert offsets.prose_lens == [5, 6, 1, 1, 5, 9]
    assert offsets.raw_lens == [5, 6, 5, 1, 5, 9]
    assert offsets.copied == [True, True, False, True, True, True]


def test_raw_span_inside_copied_and_decoded_pieces() -> None:
    prose, offsets, _ = build(RAW, [BEST, CARE, ("copy", "* ", 12, 14), AMP])
    assert prose == "Best care* &"
    assert offsets.raw_span(0, 4) == (2, 6)  # "Best"
    assert offsets.raw_span(5, 9) == (8, 12)  # "care"
    assert offsets.raw_span(0, 9) == (2, 12)  # "Best *care"
    assert offsets.raw_span(11, 12) == (14, 19)  # "&" -> "&amp;"
    assert offsets.raw_span(6, 12) == (9, 19)
    assert offsets.raw_span(3, 3) == (5, 5)


def test_raw_span_snaps_off_synthetic_text() -> None:
    prose, offsets, _ = build(RAW, [BEST, MASK, CURE, opening("p"), NEXT])
    assert prose == "Best \ufffc cure\n\nNext para"
    mask = prose.index("\ufffc")
    assert offsets.raw_span(mask, mask + 1) == (26, 26)
    assert offsets.raw_span(mask, mask + 6) == (26, 31)  # snaps forward
    assert offsets.raw_span(0, mask + 1) == (2, 7)  # snaps backward
    gap = prose.index("\n\n")
    assert offsets.raw_span(gap, gap + 2) == (33, 33)
    assert offsets.raw_span(gap - 4, gap + 6) == (27, 37)


def test_blocks_drop_leading_and_trailing_whitespace_and_masks() -> None:
    raw = "  lead  x  trail  "
    builder = ProseBuilder(raw)
    builder.open("paragraph")
    builder.copy(0, 2)  # whitespace before content: dropped
    builder.mask()  # mask before content: dropped
    builder.copy(2, 8)  # "lead  "
    builder.mask()
    builder.copy(8, 10)  # "x "
    builder.mask()
    builder.copy(10, 11)  # " "
    builder.decoded("\xa0", 11, 12)
    builder.mask()  # never followed by content: dropped
    prose, offsets, blocks = builder.build()
    assert prose == "lead  \ufffcx "
    assert blocks == [Block(0, 8, "paragraph")]
    assert prose[blocks[0].start : blocks[0].end] == "lead  \ufffcx"
    assert offsets.raw_span(0, 8) == (2, 9)


def test_empty_blocks_leave_no_trace() -> None:
    raw = "text   \n"
    builder = ProseBuilder(raw)
    builder.open("heading")
    builder.copy(4, 8)
    builder.mask()
    builder.open("paragraph")
    builder.copy(0, 4)
    builder.open("alt")
    prose, offsets, blocks = builder.build()
    assert prose == "text"
    assert blocks == [Block(0, 4, "paragraph")]
    assert len(offsets) == 1


def test_identity_map() -> None:
    offsets = OffsetMap.identity(10)
    assert offsets.raw_span(3, 7) == (3, 7)
    assert OffsetMap.identity(0).raw_span(0, 0) == (0, 0)


def test_document_queries() -> None:
    raw = "Intro line\n\n# Dr. Who\n\nFirst claim. Second claim!  Third?\n"
    document = read_document("page.md", raw)
    assert document.format == "markdown"
    assert document.raw == raw
    assert document.source == SourceText(raw, "utf-8", False)
    assert document.prose == (
        "Intro line\n\nDr. Who\n\nFirst claim. Second claim!  Third?"
    )
    assert document.blocks == [
        Block(0, 10, "paragraph"),
        Block(12, 19, "heading"),
        Block(21, 55, "paragraph"),
    ]
    assert document.block_at(12) == Block(12, 19, "heading")
    assert document.block_at(10) is None
    assert document.block_at(56) is None
    assert list(document.sentences()) == [
        (0, 10), (12, 19), (21, 33), (34, 47), (49, 55),
    ]  # fmt: skip
    assert document.sentence_at(25) == (21, 33)
    assert document.sentence_at(33) == (21, 33)  # whitespace joins the earlier one
    assert document.sentence_at(48) == (34, 47)
    assert document.sentence_at(54) == (49, 55)
    assert document.sentence_at(55) == (55, 55)
    assert document.sentence_at(11) == (11, 11)
    start, end = document.raw_span(34, 47)
    assert (start, end) == (36, 49)
    assert raw[start:end] == "Second claim!"
    assert document.position(start) == (5, 14)
    assert document.lines.line_text(5) == "First claim. Second claim!  Third?"


def test_raw_span_checks_its_arguments() -> None:
    document = read_document("a.txt", "abc")
    with pytest.raises(ValueError, match="outside"):
        document.raw_span(2, 4)
    with pytest.raises(ValueError, match="outside"):
        document.raw_span(2, 1)


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("a.md", "markdown"),
        ("dir/B.MARKDOWN", "markdown"),
        ("x.mdx", "mdx"),
        ("index.html", "html"),
        ("old.HTM", "html"),
        ("notes.txt", "text"),
        ("README", "text"),
        ("archive.md.bak", "text"),
    ],
)
def test_format_for_path(path: str, fmt: str) -> None:
    assert format_for_path(path) == fmt


def test_read_document_decodes_bytes() -> None:
    document = read_document("a.md", b"\xef\xbb\xbf# T\xc3\xa9st\r\n")
    assert document.source == SourceText("# T\u00e9st\r\n", "utf-8", True)
    assert document.prose == "T\u00e9st"
    assert document.raw_span(0, 4) == (2, 6)
    assert document.position(2) == (1, 3)


def test_read_document_format_override() -> None:
    document = read_document("page.txt", "<p>Hi <b>there</b></p>", fmt="html")
    assert document.format == "html"
    assert document.prose == "Hi there"
    with pytest.raises(ValueError, match="unknown format 'pdf'"):
        read_document("a.pdf", "x", fmt="pdf")


def test_document_lines_are_built_once() -> None:
    document = read_document("a.txt", "a\nb")
    assert document.lines is document.lines
    assert isinstance(document, Document)
