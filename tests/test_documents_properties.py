"""Property tests: random documents from fragments never break the offset map."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliniclint.documents import read_document
from cliniclint.documents.markdown import _Reader
from fuzz.checks import check_invariants
from fuzz.strategies import HTML_DOCUMENTS, MARKDOWN_DOCUMENTS, TEXT_DOCUMENTS

SETTINGS = settings(
    max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@SETTINGS
@given(MARKDOWN_DOCUMENTS)
def test_markdown_invariants(raw: str) -> None:
    check_invariants(read_document("doc.md", raw))


@SETTINGS
@given(MARKDOWN_DOCUMENTS)
def test_mdx_invariants(raw: str) -> None:
    check_invariants(read_document("doc.mdx", raw))


@SETTINGS
@given(HTML_DOCUMENTS)
def test_html_invariants(raw: str) -> None:
    check_invariants(read_document("doc.html", raw))


@SETTINGS
@given(TEXT_DOCUMENTS)
def test_text_invariants(raw: str) -> None:
    document = read_document("doc.txt", raw)
    assert document.prose == raw
    check_invariants(document)


@SETTINGS
@given(MARKDOWN_DOCUMENTS, st.booleans())
def test_plain_block_shortcut_matches_the_inline_walk(raw: str, mdx: bool) -> None:
    fast = _Reader(raw, mdx, fast=True).read()
    slow = _Reader(raw, mdx, fast=False).read()

    def view(result: tuple[str, object, list[object], object]) -> list[object]:
        prose, _, blocks, _ = result
        return [(b.kind, prose[b.start : b.end]) for b in blocks]  # type: ignore[attr-defined]

    assert view(fast) == view(slow)  # type: ignore[arg-type]


@SETTINGS
@given(st.text(max_size=60))
def test_any_text_in_any_format(raw: str) -> None:
    for path in ("a.md", "a.mdx", "a.html", "a.txt"):
        check_invariants(read_document(path, raw))


def test_an_empty_list_item_before_an_html_block_adds_no_block() -> None:
    raw = "- \n<!-- note --> *em*\n"
    fast = _Reader(raw, False, fast=True).read()
    prose, _, blocks, _ = fast
    assert [(b.kind, prose[b.start : b.end]) for b in blocks] == [("text", "*em*")]
