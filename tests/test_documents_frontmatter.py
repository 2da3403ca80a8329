"""Front matter: location, values, and both YAML loaders."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cliniclint.documents import frontmatter, read_document
from cliniclint.documents.frontmatter import Piece, find_front_matter

RAW = (
    "---\r\n"
    'title: "Caf\\u00e9 \\"best\\" \U0001f600"\r\n'
    "description: 'It''s\r\n"
    "  folded'\r\n"
    "---\r\n"
    "Body\r\n"
)


@pytest.mark.parametrize(
    "loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)]
)
def test_pieces_with_either_loader(
    monkeypatch: pytest.MonkeyPatch, loader: type[yaml.SafeLoader]
) -> None:
    monkeypatch.setattr(frontmatter, "_LOADER", loader)
    found = find_front_matter(RAW)
    assert found is not None
    assert found.end == RAW.index("---\r\nBody") + 3
    assert found.delimiter == "---"
    title, description = found.values
    assert title == [
        Piece("Caf", 13, 16, True),
        Piece("\u00e9", 16, 22, False),
        Piece(" ", 22, 23, True),
        Piece('"', 23, 25, False),
        Piece("best", 25, 29, True),
        Piece('"', 29, 31, False),
        Piece(" \U0001f600", 31, 33, True),
    ]
    assert description == [
        Piece("It", 50, 52, True),
        Piece("'", 52, 54, False),
        Piece("s\r\n  folded", 54, 65, True),
    ]


def test_no_front_matter() -> None:
    assert find_front_matter("# Title\n---\n") is None
    assert find_front_matter(" ---\ntitle: x\n---\n") is None


def test_empty_front_matter() -> None:
    found = find_front_matter("---\n---\nBody")
    assert found is not None
    assert (found.end, found.values) == (7, [])


def test_list_front_matter_is_not_front_matter() -> None:
    assert find_front_matter("---\n- a\n- b\n---\n") is None


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=80))
def test_any_front_matter_body(body: str) -> None:
    raw = "---\n" + body + "\n---\nBody text.\n"
    document = read_document("a.md", raw)
    for block in document.blocks:
        start, end = document.raw_span(block.start, block.end)
        assert 0 <= start <= end <= len(raw)
