"""The Document: raw text, its lintable prose view, and the map between them."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from .lines import LineIndex
from .sentences import split_sentences
from .source import SourceText

__all__ = [
    "BLOCK_SEPARATOR",
    "OBJECT_REPLACEMENT",
    "Block",
    "Directive",
    "Document",
    "OffsetMap",
    "ProseBuilder",
]

OBJECT_REPLACEMENT = "\ufffc"
"""Stands in for masked inline items so that no phrase matches across them."""
BLOCK_SEPARATOR = "\n\n"
"""Synthetic text placed between two blocks in the prose."""


@dataclass(frozen=True, slots=True)
class Block:
    """A unit that ends sentences: nothing is matched across blocks."""

    start: int
    """Prose offset of the first character."""
    end: int
    """Prose offset just past the last non-whitespace character."""
    kind: str
    """heading, paragraph, list-item, table-cell, alt, title, link-title, meta,
    attribute (an MDX string prop), front-matter or text."""


@dataclass(frozen=True, slots=True)
class Directive:
    """A comment that may hold a cliniclint directive."""

    raw_start: int
    """Raw offset of the whole comment."""
    raw_end: int
    text: str
    """The comment body without its markers (``<!-- -->`` or ``{/* */}``)."""


class OffsetMap:
    """Run-length map from prose offsets to raw offsets.

    Each segment is a copied piece (prose text identical to raw text) or a
    decoded piece (an entity or escape, mapped to its whole raw range).
    Synthetic prose is not covered by any segment.
    """

    __slots__ = ("copied", "prose_lens", "prose_starts", "raw_lens", "raw_starts")

    def __init__(
        self,
        prose_starts: list[int],
        raw_starts: list[int],
        prose_lens: list[int],
        raw_lens: list[int],
        copied: list[bool],
    ) -> None:
        self.prose_starts = prose_starts
        self.raw_starts = raw_starts
        self.prose_lens = prose_lens
        self.raw_lens = raw_lens
        self.copied = copied

    @classmethod
    def identity(cls, length: int) -> OffsetMap:
        """The map of a prose that is the raw text itself."""
        if not length:
            return cls([], [], [], [], [])
        return cls([0], [0], [length], [length], [True])

    def __len__(self) -> int:
        return len(self.prose_starts)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) covering prose [start, end).

        A boundary on synthetic text snaps to the nearest mapped character:
        forward for the start, backward for the end.
        """
        starts = self.prose_starts
        if not starts:
            return 0, 0
        raw_starts, prose_lens = self.raw_starts, self.prose_lens
        i = bisect_right(starts, start) - 1
        if i >= 0 and start < starts[i] + prose_lens[i]:
            raw_start = raw_starts[i]
            if self.copied[i]:
                raw_start += start - starts[i]
        elif i + 1 < len(starts):
            raw_start = raw_starts[i + 1]
        else:
            raw_start = raw_starts[i] + self.raw_lens[i]
        if end <= start:
            return raw_start, raw_start
        j = bisect_right(starts, end - 1) - 1
        if j < 0:
            raw_end = raw_starts[0]
        elif end - 1 < starts[j] + prose_lens[j]:
            if self.copied[j]:
                raw_end = raw_starts[j] + end - starts[j]
            else:
                raw_end = raw_starts[j] + self.raw_lens[j]
        else:
            raw_end = raw_starts[j] + self.raw_lens[j]
        return raw_start, max(raw_start, raw_end)


class ProseBuilder:
    """Builds the prose view piece by piece, together with its OffsetMap.

    Blocks open lazily: whitespace and masks before the first content of a
    block are dropped, trailing whitespace and masks are trimmed when the
    block closes, and a block without content leaves no trace.
    """

    __slots__ = (
        "_block_start",
        "_copied",
        "_in_block",
        "_kind",
        "_mask_pending",
        "_merge_pos",
        "_merge_raw",
        "_parts",
        "_pos",
        "_prose_lens",
        "_prose_starts",
        "_raw",
        "_raw_lens",
        "_raw_starts",
        "blocks",
    )

    def __init__(self, raw: str) -> None:
        self._raw = raw
        self._parts: list[str] = []
        self._pos = 0
        self._prose_starts: list[int] = []
        self._raw_starts: list[int] = []
        self._prose_lens: list[int] = []
        self._raw_lens: list[int] = []
        self._copied: list[bool] = []
        self.blocks: list[Block] = []
        self._kind = "text"
        self._in_block = False
        self._block_start = 0
        self._mask_pending = False
        # Where the last copied segment ends (raw and prose), so that a copy
        # continuing it extends it instead of adding a segment.
        self._merge_raw = -1
        self._merge_pos = -1

    def open(self, kind: str) -> None:
        """Close the current block; later content goes to a block of ``kind``."""
        if self._in_block:
            self.close()
        self._mask_pending = False
        self._kind = kind

    def close(self) -> None:
        """End the current block, trimming trailing whitespace and masks."""
        self._mask_pending = False
        if not self._in_block:
            return
        self._in_block = False
        self._merge_raw = -1
        parts = self._parts
        starts = self._prose_starts
        lens = self._prose_lens
        pos = self._pos
        # Drop trailing parts that are whitespace or synthetic (masks); the
        # block's first part is content, so this stops inside the block.
        while True:
            part = parts[-1]
            owned = starts[-1] + lens[-1] == pos
            if owned and not part.isspace():
                break
            parts.pop()
            size = len(part)
            pos -= size
            if not owned:
                continue
            if lens[-1] > size:
                lens[-1] -= size
                self._raw_lens[-1] -= size
            else:
                for segments in (starts, self._raw_starts, lens, self._raw_lens):
                    segments.pop()
                self._copied.pop()
        self._pos = pos
        trailing = len(part) - len(part.rstrip())
        self.blocks.append(Block(self._block_start, pos - trailing, self._kind))

    def add_block(self, kind: str, start: int, end: int) -> None:
        """Close the current block and add raw[start:end] as a block of its own.

        The same as open(kind), copy(start, end) and close(), in one step.
        """
        if self._in_block:
            self.close()
        self._mask_pending = False
        self._kind = kind
        text = self._raw[start:end]
        if not text or text[0].isspace() or text[-1].isspace():
            stripped = text.strip()
            if not stripped:
                return
            start += text.index(stripped[0])
            text = stripped
        pos = self._pos
        if pos:
            self._parts.append(BLOCK_SEPARATOR)
            pos += len(BLOCK_SEPARATOR)
        self._parts.append(text)
        size = len(text)
        self._prose_starts.append(pos)
        self._raw_starts.append(start)
        self._prose_lens.append(size)
        self._raw_lens.append(size)
        self._copied.append(True)
        self._pos = pos + size
        self._merge_raw = -1
        self.blocks.append(Block(pos, pos + size, kind))

    def mask(self) -> None:
        """A masked inline item; kept only if content follows in this block."""
        if self._in_block:
            self._mask_pending = True

    def copy(self, start: int, end: int) -> None:
        """Append raw[start:end] unchanged."""
        if start >= end:
            return
        text = self._raw[start:end]
        if not self._in_block:
            stripped = text.lstrip()
            if not stripped:
                return
            start = end - len(stripped)
            text = stripped
            self._begin()
        elif self._mask_pending:
            self._mask_pending = False
            self._parts.append(OBJECT_REPLACEMENT)
            self._pos += 1
        pos = self._pos
        self._parts.append(text)
        if start == self._merge_raw and pos == self._merge_pos:
            self._prose_lens[-1] += end - start
            self._raw_lens[-1] += end - start
        else:
            self._prose_starts.append(pos)
            self._raw_starts.append(start)
            self._prose_lens.append(end - start)
            self._raw_lens.append(end - start)
            self._copied.append(True)
        self._merge_raw = end
        self._pos = self._merge_pos = pos + end - start

    def decoded(self, text: str, start: int, end: int) -> None:
        """Append ``text`` that stands for the entity or escape raw[start:end]."""
        if not text:
            return
        if not self._in_block:
            if text.isspace():
                return
            self._begin()
        elif self._mask_pending:
            self._mask_pending = False
            self._parts.append(OBJECT_REPLACEMENT)
            self._pos += 1
        self._parts.append(text)
        self._prose_starts.append(self._pos)
        self._raw_starts.append(start)
        self._prose_lens.append(len(text))
        self._raw_lens.append(end - start)
        self._copied.append(False)
        self._pos += len(text)
        self._merge_raw = -1

    def build(self) -> tuple[str, OffsetMap, list[Block]]:
        """Close the last block and return the prose, its map and its blocks."""
        self.close()
        offsets = OffsetMap(
            self._prose_starts,
            self._raw_starts,
            self._prose_lens,
            self._raw_lens,
            self._copied,
        )
        return "".join(self._parts), offsets, self.blocks

    def _begin(self) -> None:
        if self._pos:
            self._parts.append(BLOCK_SEPARATOR)
            self._pos += len(BLOCK_SEPARATOR)
        self._in_block = True
        self._block_start = self._pos


class Document:
    """A file ready for linting: raw text, prose view, blocks and directives."""

    __slots__ = (
        "_block_starts",
        "_bounds",
        "_lines",
        "_sentences",
        "blocks",
        "directives",
        "format",
        "offsets",
        "path",
        "prose",
        "raw",
        "source",
    )

    def __init__(
        self,
        path: str,
        source: SourceText,
        fmt: str,
        prose: str,
        offsets: OffsetMap,
        blocks: list[Block],
        directives: list[Directive],
    ) -> None:
        self.path = path
        self.source = source
        self.raw = source.text
        self.format = fmt
        self.prose = prose
        self.offsets = offsets
        self.blocks = blocks
        self.directives = directives
        self._block_starts = [block.start for block in blocks]
        self._lines: LineIndex | None = None
        self._sentences: dict[int, tuple[list[tuple[int, int]], list[int]]] = {}
        self._bounds: tuple[list[int], list[int]] | None = None

    def __repr__(self) -> str:
        return (
            f"Document(path={self.path!r}, format={self.format!r}, "
            f"blocks={len(self.blocks)})"
        )

    @property
    def lines(self) -> LineIndex:
        """Line index over the raw text, built on first use."""
        if self._lines is None:
            self._lines = LineIndex(self.raw)
        return self._lines

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw [start, end) of the prose span [start, end)."""
        if not 0 <= start <= end <= len(self.prose):
            raise ValueError(f"prose span {start}..{end} outside 0..{len(self.prose)}")
        return self.offsets.raw_span(start, end)

    def position(self, raw_offset: int) -> tuple[int, int]:
        """1-based (line, column) of a raw offset."""
        return self.lines.position(raw_offset)

    def block_at(self, prose_offset: int) -> Block | None:
        """The block holding ``prose_offset``, if any."""
        index = self._block_index(prose_offset)
        return None if index is None else self.blocks[index]

    def sentence_at(self, prose_offset: int) -> tuple[int, int]:
        """Prose span of the sentence holding ``prose_offset``.

        Whitespace between two sentences belongs to the earlier one; an offset
        outside every block gives the empty span at that offset.
        """
        if self._bounds is not None:
            # Once every sentence is known: one search; whitespace between
            # sentences and offsets between blocks take the long way below.
            all_starts, all_ends = self._bounds
            at = bisect_right(all_starts, prose_offset) - 1
            if at >= 0 and prose_offset < all_ends[at]:
                return all_starts[at], all_ends[at]
        index = self._block_index(prose_offset)
        if index is None:
            return prose_offset, prose_offset
        spans, starts = self._block_sentences(index)
        return spans[max(0, bisect_right(starts, prose_offset) - 1)]

    def sentences(self) -> Iterator[tuple[int, int]]:
        """All sentence spans, block by block, in prose order."""
        for index in range(len(self.blocks)):
            yield from self._block_sentences(index)[0]

    def sentence_bounds(self) -> tuple[list[int], list[int]]:
        """The starts and the ends of all sentences, in prose order."""
        if self._bounds is None:
            starts: list[int] = []
            ends: list[int] = []
            for start, end in self.sentences():
                starts.append(start)
                ends.append(end)
            self._bounds = starts, ends
        return self._bounds

    def _block_index(self, prose_offset: int) -> int | None:
        index = bisect_right(self._block_starts, prose_offset) - 1
        if index >= 0 and prose_offset < self.blocks[index].end:
            return index
        return None

    def _block_sentences(self, index: int) -> tuple[list[tuple[int, int]], list[int]]:
        cached = self._sentences.get(index)
        if cached is None:
            block = self.blocks[index]
            spans = split_sentences(self.prose, block.start, block.end)
            cached = spans, [span[0] for span in spans]
            self._sentences[index] = cached
        return cached
