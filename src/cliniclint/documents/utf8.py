"""Convert UTF-8 byte offsets into code-point offsets."""

from __future__ import annotations

from itertools import accumulate

__all__ = ["ByteOffsets"]

# UTF-8 continuation bytes: every other byte starts a code point.
_CONTINUATION = bytes(range(0x80, 0xC0))
_CHUNK = 128


class ByteOffsets:
    """Code-point offset of any UTF-8 byte offset into ``text``.

    The code-point offset of a byte offset is the number of bytes before it
    that start a code point. That count is kept for every chunk of bytes, and
    the rest is counted inside one chunk.
    """

    __slots__ = ("_ascii_chunks", "_data", "_starts")

    def __init__(self, text: str) -> None:
        self._data = b""
        self._starts: list[int] = []  # code points before each chunk
        self._ascii_chunks: list[bool] = []
        if text.isascii():
            return
        data = text.encode("utf-8")
        counts = [
            len(data[start : start + _CHUNK].translate(None, _CONTINUATION))
            for start in range(0, len(data), _CHUNK)
        ]
        self._data = data
        self._starts = [0, *accumulate(counts)]
        self._ascii_chunks = [count == _CHUNK for count in counts]

    def to_code_points(self, byte_offset: int) -> int:
        """The code-point offset at ``byte_offset`` (a code point boundary)."""
        if not self._starts:
            return byte_offset
        chunk, inside = divmod(byte_offset, _CHUNK)
        if chunk >= len(self._ascii_chunks) or self._ascii_chunks[chunk]:
            return self._starts[chunk] + inside
        start = byte_offset - inside
        counted = self._data[start:byte_offset].translate(None, _CONTINUATION)
        return self._starts[chunk] + len(counted)
