"""Large documents: linear work, run-length maps, exact offsets at the end."""

from __future__ import annotations

import time

import pytest

from cliniclint.documents import read_document

# Slow: reads megabytes of generated pages (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

SECTION = (
    "## Caf\u00e9 care {n}\n\n"
    "Our clinic \u201ccures\u201d *all* pain, see [details](https://x.test/{n}).\n"
    "It is a hard-wrapped line with &amp; an entity.\n\n"
    "- First item\n- Second item with `code`\n\n"
    "> A quoted claim.\n\n"
)


def test_two_megabyte_markdown() -> None:
    raw = "".join(SECTION.format(n=n) for n in range(12000))
    assert len(raw) > 2_000_000
    started = time.perf_counter()
    document = read_document("big.md", raw.encode())
    elapsed = time.perf_counter() - started
    assert len(document.blocks) == 12000 * 5
    # A segment per run of contiguous raw text, not per character.
    assert len(document.offsets) < len(document.prose) // 10
    last = document.blocks[-1]
    assert document.prose[last.start : last.end] == "A quoted claim."
    start, end = document.raw_span(last.start, last.end)
    assert (start, end) == (len(raw) - 17, len(raw) - 2)
    assert document.position(start) == (12000 * 10 - 1, 3)
    heading = document.blocks[-5]
    assert document.prose[heading.start : heading.end] == "Caf\u00e9 care 11999"
    assert elapsed < 20


def test_two_megabyte_text() -> None:
    raw = "Heading line\nWe treat pain,\nand more. Daily.\n\n" * 50_000
    started = time.perf_counter()
    document = read_document("big.txt", raw)
    elapsed = time.perf_counter() - started
    assert len(document.blocks) == 100_000
    assert document.blocks[-1].end == len(raw) - 2
    assert elapsed < 20
