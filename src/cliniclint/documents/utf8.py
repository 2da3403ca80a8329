"""Convert UTF-8 byte offsets into code-point offsets."""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["ByteOffsets"]

_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


class ByteOffsets:
    """Code-point offset of any UTF-8 byte offset into ``text``.

    Only runs of non-ASCII characters shift the two apart, so the table holds
    one entry per run, not per character.
    """

    __slots__ = ("_byte_ends", "_byte_starts", "_cp_starts", "_shifts", "_text")

    def __init__(self, text: str) -> None:
        self._text = text
        self._byte_starts: list[int] = []  # byte offset where each run starts
        self._byte_ends: list[int] = []
        self._cp_starts: list[int] = []
        self._shifts: list[int] = []  # extra bytes up to the end of each run
        if text.isascii():
            return
        shift = 0
        for match in _NON_ASCII.finditer(text):
            start = match.start()
            extra = len(match.group().encode("utf-8")) - (match.end() - start)
            self._byte_starts.append(start + shift)
            shift += extra
            self._byte_ends.append(match.end() + shift)
            self._cp_starts.append(start)
            self._shifts.append(shift)

    def to_code_points(self, byte_offset: int) -> int:
        """The code-point offset at ``byte_offset``."""
        index = bisect_right(self._byte_starts, byte_offset) - 1
        if index < 0:
            return byte_offset
        if byte_offset >= self._byte_ends[index]:
            return byte_offset - self._shifts[index]
        # Inside a run of non-ASCII characters: decode the run's prefix.
        run_start = self._cp_starts[index]
        prefix = byte_offset - self._byte_starts[index]
        run = self._text[run_start : run_start + prefix].encode("utf-8")[:prefix]
        return run_start + len(run.decode("utf-8", errors="ignore"))
