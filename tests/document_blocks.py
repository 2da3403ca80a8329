"""Helpers shared by the reader tests."""

from __future__ import annotations

from cliniclint.documents import Document


def blocks(document: Document) -> list[tuple[str, str, str]]:
    """(kind, prose text, raw text) of every block."""
    result = []
    for block in document.blocks:
        start, end = document.raw_span(block.start, block.end)
        result.append(
            (
                block.kind,
                document.prose[block.start : block.end],
                document.raw[start:end],
            )
        )
    return result
