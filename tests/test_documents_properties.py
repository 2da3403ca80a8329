"""Property tests: random documents from fragments never break the offset map."""

from __future__ import annotations

import html
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliniclint.documents import Document, read_document
from cliniclint.documents.markdown import _Reader

WORDS = [
    "cure",
    "Pain",
    "Dr.",
    "caf\u00e9",
    "\u6cbb\u7597",
    "\U0001f600",
    "2.5",
    "safe.",
]
INLINE_MARKDOWN = [
    "*em*", "**strong**", "_under_", "~~gone~~", "`code`", "``a ` b``",
    "[link *text*](http://x.test \"Title\")", "![alt *text*](p.png)", "[ref][1]",
    "<b>bold</b>", "<span a='1'>", "</span>", "<Badge/>", "&amp;", "&#8217;",
    "&#x2014;", "&copy", "&nosuch;", "\\*", "\\\\", "\\|", "https://u.test/a",
    "www.w.test", "me@mail.test", "<https://auto.test>", "<!-- note -->", "\u00a0",
    "a*b*c", "{expr}", "{/* c */}", "\\{",
]  # fmt: skip
LINE_STARTS = [
    "", "", "", "# ", "### ", "- ", "* ", "1. ", "2) ", "> ", "> > ", "- [ ] ",
    "    ", "  ", "| ", "\t",
]  # fmt: skip
BLOCK_FRAGMENTS = [
    "```\nfenced *code*\n```", "~~~py\nx\n~~~", "---", "===", "| a | b |\n|---|---|",
    "<div>\nhtml block\n</div>", "<!--\nmulti\n-->", "[1]: http://r.test 'T'",
    "import X from 'x'", "export const a = 1", "<Callout type=\"x\">", "</Callout>",
]  # fmt: skip
LINE_BREAKS = ["\n", "\n", "\r\n", "\r", "  \n", "\\\n", "\n\n", "\r\n\r\n"]
FRONT_MATTER = [
    "",
    "---\ntitle: Plain title\ndescription: 'It''s quoted'\nother: x\n---\n",
    '---\r\ntitle: "Esc \\"q\\" \\u00e9"\r\n'
    "description: >\r\n  folded\r\n  text\r\n---\r\n",
    "---\ntitle: |\n  literal\n  block\n---\n",
]

HTML_FRAGMENTS = [
    "<p>", "</p>", "<div>", "</div>", "<b>", "</b>",
    "<a href='x' title='T &amp; t'>", "</a>", "<br>", "<hr/>", "<li>", "<h2>",
    "</h2>", "<td>", "<img alt=\"A &quot;q\" src=x>",
    "<script>var a = '<p>x</p>';</script>", "<style>p{}</style>", "<code>c</code>",
    "<pre>pre</pre>", "<!-- c -->", "<!x>", "&amp;", "&#8217;", "&#x2014;", "&copy",
    "&nosuch;", "&#xZZ;", "&#;", "<title>T</title>",
    "<meta name=description content='M'>", "AT&T", "a < b",
    "<svg><text>s</text></svg>", "<unknown>", "\u00a0",
]  # fmt: skip
HTML_BREAKS = [" ", "\n", "\r\n", "\r", ""]

TEXT_FRAGMENTS = ["- ", "* ", "\u2022 ", "1. ", "2) ", "The Research", "we", "It."]
TEXT_BREAKS = [" ", "\n", "\r\n", "\r", "\n\n", "\n  \n"]

_MARKDOWN_DECODE = re.compile(r"\\(.)|&[^\s&;]+;?", re.DOTALL)


def _markdown_unescape(raw: str) -> str:
    return _MARKDOWN_DECODE.sub(
        lambda m: m.group(1) if m.group(1) is not None else html.unescape(m.group()),
        raw,
    )


def _decoded_ok(document: Document, raw: str, prose: str) -> bool:
    """A decoded piece stands for an entity or an escape."""
    if raw == "''":  # YAML single-quoted escape
        return prose == "'"
    if document.format == "html":
        return html.unescape(raw) == prose
    if raw.startswith("\\") and raw[1:2] in 'xuU"\\/ 0abtnvfreN_LP':
        return True  # a YAML double-quoted escape, checked by the front matter tests
    return _markdown_unescape(raw) == prose


def check_invariants(document: Document) -> None:
    raw, prose, offsets = document.raw, document.prose, document.offsets
    # Every segment maps exactly; segments are ordered and do not overlap.
    previous_end = 0
    for p, r, pl, rl, copied in zip(
        offsets.prose_starts,
        offsets.raw_starts,
        offsets.prose_lens,
        offsets.raw_lens,
        offsets.copied,
        strict=True,
    ):
        assert p >= previous_end
        previous_end = p + pl
        assert 0 <= r <= r + rl <= len(raw)
        if copied:
            assert pl == rl
            assert raw[r : r + rl] == prose[p : p + pl]
        else:
            assert _decoded_ok(document, raw[r : r + rl], prose[p : p + pl])
    # Blocks are ordered, disjoint, trimmed and non-empty.
    previous_end = 0
    for block in document.blocks:
        assert previous_end <= block.start < block.end <= len(prose)
        previous_end = block.end
        text = prose[block.start : block.end]
        assert text == text.strip()
        assert not text.startswith("\ufffc") or "\ufffc" in raw
        start, end = document.raw_span(block.start, block.end)
        assert 0 <= start <= end <= len(raw)
        for sentence_start, sentence_end in document.sentences():
            assert sentence_start < sentence_end
    # Every word inside one copied segment maps back to itself.
    for match in re.finditer(r"\w+", prose):
        start, end = document.raw_span(match.start(), match.end())
        if _single_copied_segment(document, match.start(), match.end()):
            assert raw[start:end] == match.group()
        else:
            assert start <= end
    for directive in document.directives:
        assert raw[directive.raw_start : directive.raw_end].startswith(("<!--", "{"))
        assert directive.text in raw[directive.raw_start : directive.raw_end]


def _single_copied_segment(document: Document, start: int, end: int) -> bool:
    offsets = document.offsets
    for p, pl, copied in zip(
        offsets.prose_starts, offsets.prose_lens, offsets.copied, strict=True
    ):
        if p <= start and end <= p + pl:
            return copied
    return False


def _documents(
    fragments: list[str],
    breaks: list[str],
    words: list[str],
    prefix: st.SearchStrategy[str],
) -> st.SearchStrategy[str]:
    piece = st.sampled_from(fragments + words)
    line = st.builds(
        lambda start, pieces: start + " ".join(pieces),
        st.sampled_from(LINE_STARTS) if breaks is LINE_BREAKS else st.just(""),
        st.lists(piece, max_size=6),
    )
    body = st.lists(
        st.one_of(
            line, st.sampled_from(BLOCK_FRAGMENTS if breaks is LINE_BREAKS else [""])
        ),
        max_size=12,
    )
    return st.builds(
        lambda front, lines, seps: (
            front + "".join(text + seps[i % len(seps)] for i, text in enumerate(lines))
        ),
        prefix,
        body,
        st.lists(st.sampled_from(breaks), min_size=1, max_size=6),
    )


MARKDOWN_DOCUMENTS = _documents(
    INLINE_MARKDOWN, LINE_BREAKS, WORDS, st.sampled_from(FRONT_MATTER)
)
HTML_DOCUMENTS = _documents(HTML_FRAGMENTS, HTML_BREAKS, WORDS, st.just(""))
TEXT_DOCUMENTS = _documents(TEXT_FRAGMENTS, TEXT_BREAKS, WORDS, st.just(""))
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
