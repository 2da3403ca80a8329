"""LineIndex: 1-based lines and code-point columns over all line endings."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cliniclint.documents import LineIndex


def test_lf() -> None:
    index = LineIndex("ab\ncd\n")
    assert index.line_count == 3
    assert [index.position(offset) for offset in range(7)] == [
        (1, 1), (1, 2), (1, 3), (2, 1), (2, 2), (2, 3), (3, 1),
    ]  # fmt: skip
    assert [index.line_text(line) for line in (1, 2, 3)] == ["ab", "cd", ""]


def test_crlf_is_one_line_break() -> None:
    index = LineIndex("ab\r\ncd")
    assert index.line_count == 2
    assert index.position(2) == (1, 3)  # the "\r"
    assert index.position(3) == (1, 4)  # the "\n" of the same break
    assert index.position(4) == (2, 1)
    assert index.line_text(1) == "ab"
    assert index.line_text(2) == "cd"


def test_lone_cr_is_a_line_break() -> None:
    index = LineIndex("one\rtwo\r\rfour")
    assert index.line_count == 4
    assert index.position(4) == (2, 1)
    assert index.position(9) == (4, 1)
    assert [index.line_text(n) for n in range(1, 5)] == ["one", "two", "", "four"]


def test_mixed_line_endings() -> None:
    index = LineIndex("a\nb\r\nc\rd")
    assert [index.position(offset) for offset in (0, 2, 5, 7)] == [
        (1, 1), (2, 1), (3, 1), (4, 1),
    ]  # fmt: skip
    assert index.offset(3, 1) == 5


def test_columns_count_code_points() -> None:
    text = "\u4e2d\u6587\u6cbb\u7597 ok\n\U0001f600\U0001f44d claim"
    index = LineIndex(text)
    assert index.position(text.index("ok")) == (1, 6)
    assert index.position(text.index("claim")) == (2, 4)
    assert index.line_text(2) == "\U0001f600\U0001f44d claim"
    assert index.offset(2, 4) == text.index("claim")


def test_offset_is_the_inverse_of_position() -> None:
    index = LineIndex("ab\r\ncd\ref\n")
    assert index.offset(1, 1) == 0
    assert index.offset(2, 2) == 5
    assert index.offset(3, 3) == 9
    assert index.offset(4, 1) == 10


def test_end_of_text() -> None:
    index = LineIndex("abc")
    assert index.position(3) == (1, 4)
    assert index.offset(1, 4) == 3


def test_empty_text() -> None:
    index = LineIndex("")
    assert index.line_count == 1
    assert index.position(0) == (1, 1)
    assert index.line_text(1) == ""
    assert index.offset(1, 1) == 0


@pytest.mark.parametrize("offset", [-1, 4])
def test_position_out_of_range(offset: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        LineIndex("abc").position(offset)


@pytest.mark.parametrize(("line", "column"), [(0, 1), (3, 1), (1, 0), (1, 4)])
def test_offset_out_of_range(line: int, column: int) -> None:
    # Line 1 of "ab\ncd" holds columns 1..3 (the third is its line break).
    with pytest.raises(ValueError, match="outside"):
        LineIndex("ab\ncd").offset(line, column)


def test_line_text_out_of_range() -> None:
    with pytest.raises(ValueError, match="outside"):
        LineIndex("a\nb").line_text(3)


@given(st.text(alphabet=st.sampled_from("ab\u00e9\u4e2d\U0001f600 \r\n"), max_size=40))
def test_round_trip(text: str) -> None:
    index = LineIndex(text)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert index.line_count == len(lines)
    assert [index.line_text(n) for n in range(1, len(lines) + 1)] == lines
    for offset in range(len(text) + 1):
        line, column = index.position(offset)
        assert index.offset(line, column) == offset
