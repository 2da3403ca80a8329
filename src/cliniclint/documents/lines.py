"""Line and column positions in a text."""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["LineIndex"]

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


class LineIndex:
    """Maps offsets to 1-based (line, column) and back.

    Line breaks are ``"\\r\\n"``, ``"\\n"`` and ``"\\r"``; columns count code
    points, so a CJK character or an emoji is one column.
    """

    __slots__ = ("_starts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        starts = [0]
        starts.extend(m.end() for m in _LINE_BREAK.finditer(text))
        self._starts = starts

    @property
    def line_count(self) -> int:
        """Number of lines; a text ending in a line break has an empty last line."""
        return len(self._starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of ``offset``; ``len(text)`` is allowed."""
        if not 0 <= offset <= len(self._text):
            raise ValueError(f"offset {offset} outside 0..{len(self._text)}")
        index = bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1

    def line_text(self, line: int) -> str:
        """The text of ``line`` without its line break."""
        start, end = self._bounds(line)
        text = self._text
        if end > start and text[end - 1] == "\n":
            end -= 1
            if end > start and text[end - 1] == "\r":
                end -= 1
        elif end > start and text[end - 1] == "\r":
            end -= 1
        return text[start:end]

    def offset(self, line: int, column: int) -> int:
        """Inverse of :meth:`position`."""
        start, end = self._bounds(line)
        # The offset just past the last line is valid; any other line's end
        # offset already begins the next line.
        last = end - start + (1 if line == len(self._starts) else 0)
        if not 1 <= column <= last:
            raise ValueError(f"column {column} outside line {line}")
        return start + column - 1

    def _bounds(self, line: int) -> tuple[int, int]:
        starts = self._starts
        if not 1 <= line <= len(starts):
            raise ValueError(f"line {line} outside 1..{len(starts)}")
        end = starts[line] if line < len(starts) else len(self._text)
        return starts[line - 1], end
