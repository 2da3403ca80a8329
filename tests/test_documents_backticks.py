"""Inputs that make markdown-it panic are still read."""

from __future__ import annotations

import pytest

import cliniclint.documents.markdown as markdown
from cliniclint.documents import Block, read_document
from cliniclint.documents.backticks import defuse_backticks


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("no brackets `here", "no brackets `here"),
        ("[a`", "[a'"),
        ("[a `b` c `d", "[a `b` c 'd"),
        ("[a ``b` c``", "[a ``b` c``"),
        ("[a `b\n\nc` d", "[a 'b\n\nc' d"),
        ("[a `b\n- c` d", "[a 'b\n- c' d"),
        ("[a \\`b", "[a \\`b"),
        ("[a\n```\ncode `x\n```\n", "[a\n```\ncode 'x\n```\n"),
        ("- [a\n  ```\n", "- [a\n  ```\n"),
    ],
)
def test_defuse_backticks(src: str, expected: str) -> None:
    assert defuse_backticks(src) == expected
    assert len(defuse_backticks(src)) == len(src)


def test_link_bracket_before_stray_backtick() -> None:
    raw = "See [the `docs and `code` here.\n\nCall [us` today.\n"
    document = read_document("a.md", raw)
    assert document.prose == "See [the \ufffccode` here.\n\nCall [us` today."
    assert document.blocks == [Block(0, 21, "paragraph"), Block(23, 39, "paragraph")]
    assert document.raw_span(28, 32) == (38, 42)  # "[us`"


class PanicException(BaseException):
    """Stands in for pyo3's PanicException."""


class _Panicking:
    def __init__(self, times: int) -> None:
        self.times = times
        self.seen: list[str] = []

    def tree(self, src: str) -> object:
        self.seen.append(src)
        if len(self.seen) <= self.times:
            raise PanicException("index out of bounds")
        return markdown.MarkdownIt("commonmark").tree(src)


def test_second_retry_drops_all_backticks(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = _Panicking(times=1)
    monkeypatch.setattr(markdown, "_markdown_parser", lambda: parser)
    document = read_document("a.md", "Run `code` [now`.\n")
    assert parser.seen == ["Run `code` [now'.\n", "Run 'code' [now'.\n"]
    assert document.prose == "Run `code` [now`."
    assert document.raw_span(4, 10) == (4, 10)


def test_text_rules_when_markdown_it_always_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(markdown, "_markdown_parser", lambda: _Panicking(times=9))
    raw = "---\ntitle: Kept\n---\n# Head [x`\n\n- item\n"
    document = read_document("a.md", raw)
    assert [document.prose[b.start : b.end] for b in document.blocks] == [
        "Kept",
        "# Head [x`",
        "item",
    ]
    assert [b.kind for b in document.blocks] == [
        "front-matter",
        "paragraph",
        "list-item",
    ]


def test_other_exceptions_propagate(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken:
        def tree(self, src: str) -> object:
            raise KeyboardInterrupt

    monkeypatch.setattr(markdown, "_markdown_parser", lambda: Broken())
    with pytest.raises(KeyboardInterrupt):
        read_document("a.md", "text")
