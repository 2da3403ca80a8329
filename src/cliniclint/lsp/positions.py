"""Offsets in a text (code points, as the linter counts) to LSP positions and back.

LSP counts a position's character in UTF-16 code units unless the client and server
agreed on another encoding: an emoji is two UTF-16 units but one code point, and
one code point (a CJK character: three) may take several UTF-8 units.
"""

from __future__ import annotations

from lsprotocol import types

from cliniclint.documents import LineIndex

UTF8 = types.PositionEncodingKind.Utf8.value
UTF16 = types.PositionEncodingKind.Utf16.value
UTF32 = types.PositionEncodingKind.Utf32.value


def units(text: str, encoding: str) -> int:
    """How many code units of ``encoding`` the text takes."""
    if text.isascii() or encoding == UTF32:
        return len(text)
    if encoding == UTF8:
        return len(text.encode("utf-8", "surrogatepass"))
    return len(text.encode("utf-16-le", "surrogatepass")) // 2


class PositionMap:
    """Maps code-point offsets of one text to LSP positions and back."""

    __slots__ = ("_encoding", "_index")

    def __init__(self, text: str, encoding: str = UTF16) -> None:
        self._index = LineIndex(text)
        self._encoding = encoding

    def position(self, offset: int) -> types.Position:
        line, column = self._index.position(offset)
        prefix = self._index.line_text(line)[: column - 1]
        return types.Position(line=line - 1, character=units(prefix, self._encoding))

    def range(self, start: int, end: int) -> types.Range:
        return types.Range(start=self.position(start), end=self.position(end))

    def offset(self, position: types.Position) -> int:
        """The code-point offset of an LSP position; a position past the end of its
        line is the line's end (as LSP asks), past the last line the text's end."""
        count = self._index.line_count
        if position.line >= count:
            return self._index.offset(count, len(self._index.line_text(count)) + 1)
        text = self._index.line_text(position.line + 1)
        column = 0
        used = 0
        while column < len(text) and used < position.character:
            used += units(text[column], self._encoding)
            column += 1
        return self._index.offset(position.line + 1, column + 1)
