"""Plain-text reader: the whole text is prose, split into blocks by lines."""

from __future__ import annotations

import re

from .document import Block, Directive, OffsetMap, ProseBuilder

__all__ = ["read_text"]

_LINE = re.compile(r"([^\r\n]*)(?:\r\n|\r|\n|\Z)")
# A bullet and the whitespace after it; the block starts after them.
_BULLET = re.compile(r"[ \t]*(?:[-*+\u2022\u25e6\u25aa\u2013]|\d{1,9}[.)])[ \t]+(?=\S)")
# Characters that end a sentence, and closers that may follow them.
_SENTENCE_END = frozenset(".!?\u2026:;\u3002\uff01\uff1f")
_CLOSERS = "\"')]\u201d\u2019\u00bb\u300d\u300f\uff09"
# Web addresses and e-mail addresses: names, not prose ("cure-clinic.com").
_ADDRESS = re.compile(
    r"(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"']+"
    # From the start of a run only: tried at every position of a long run, the
    # local part would make a page of "a.a.a..." take quadratic time.
    r"|(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+",
    re.IGNORECASE,
)
# What a sentence may put right after an address.
_TRAILING = ".,;:!?)]}\u201d\u2019'\""


def read_text(raw: str) -> tuple[str, OffsetMap, list[Block], list[Directive]]:
    """Blocks of a plain-text file; the prose is the raw text itself."""
    blocks: list[Block] = []
    block_start = block_end = -1
    kind = "paragraph"
    previous = ""  # the stripped text of the block's last line
    for match in _LINE.finditer(raw):
        line = match.group(1)
        stripped = line.strip()
        if not stripped:
            if block_start >= 0:
                blocks.append(Block(block_start, block_end, kind))
                block_start = -1
            continue
        line_start = match.start()
        bullet = _BULLET.match(line)
        if bullet is None and block_start >= 0 and _continues(previous, stripped):
            block_end = line_start + len(line.rstrip())
            previous = stripped
            continue
        if block_start >= 0:
            blocks.append(Block(block_start, block_end, kind))
        if bullet is not None:
            block_start, kind = line_start + bullet.end(), "list-item"
        else:
            block_start = line_start + len(line) - len(line.lstrip())
            kind = "paragraph"
        block_end = line_start + len(line.rstrip())
        previous = stripped
    if block_start >= 0:
        blocks.append(Block(block_start, block_end, kind))
    if "@" not in raw and "://" not in raw and "www." not in raw.lower():
        return raw, OffsetMap.identity(len(raw)), blocks, []
    return (*_without_addresses(raw, blocks), [])


def _without_addresses(
    raw: str, blocks: list[Block]
) -> tuple[str, OffsetMap, list[Block]]:
    """The prose with each web or e-mail address masked, so that no rule matches
    inside one ("cure-clinic.example")."""
    builder = ProseBuilder(raw)
    for block in blocks:
        builder.open(block.kind)
        position = block.start
        for match in _ADDRESS.finditer(raw, block.start, block.end):
            end = match.start() + len(match.group().rstrip(_TRAILING))
            builder.copy(position, match.start())
            builder.mask()
            position = end
        builder.copy(position, block.end)
        builder.close()
    return builder.build()


def _continues(previous: str, line: str) -> bool:
    """Hard-wrapped prose: the previous line stops mid-sentence, this one is
    lowercase."""
    return line[0].islower() and previous.rstrip(_CLOSERS)[-1:] not in _SENTENCE_END
