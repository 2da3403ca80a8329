"""Hypothesis strategies for the property and fuzz tests: documents built from
fragments of Markdown, MDX, HTML and plain text, arbitrary Unicode, and raw bytes.

Shared by the CI tests (``tests/test_documents_properties.py``,
``tests/test_fuzz.py``) and the long campaign (``python -m tests.fuzz``).
"""

from __future__ import annotations

import codecs
from functools import cache

from hypothesis import strategies as st

from cliniclint.engine.ruleset import load_packs

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


# --- copy that triggers the bundled rules ---------------------------------------------


@cache
def risky_sentences() -> tuple[str, ...]:
    """Every bundled rule's bad and good examples (all profiles), without span marks:
    realistic copy that gives findings, and near misses that must not."""
    packs = load_packs([], profiles=_bundled_profiles())
    out: list[str] = []
    for _, rule in packs.rules():
        out.extend(example.plain for example in rule.examples.bad)
        out.extend(rule.examples.good)
    return tuple(dict.fromkeys(out))


def _bundled_profiles() -> list[str]:
    from cliniclint.engine.ruleset import read_pack
    from cliniclint.packs.locations import bundled_pack_files

    return sorted(
        {p for path in bundled_pack_files() if (p := read_pack(path).pack.profile)}
    )


def sentences() -> st.SearchStrategy[str]:
    return st.sampled_from(risky_sentences())


# --- structured Markdown and MDX ------------------------------------------------------

ENTITIES = ["&amp;", "&nbsp;", "&#8217;", "&#x2014;", "&copy", "&nosuch;", "&#;", "&"]
INLINE_WRAPPERS = [
    ("*", "*"), ("**", "**"), ("_", "_"), ("~~", "~~"), ("`", "`"), ("[", "](u.md)"),
    ("[", '](http://x.test "T *t*")'), ("![", "](p.png)"), ("<b>", "</b>"),
    ("<Badge>", "</Badge>"), ("{", "}"), ("<!-- ", " -->"), ("\\", ""), ("[", "]"),
]  # fmt: skip
NOISE = [
    "\u00a0", "\u200b", "\u2028", "\u0301", "\U0001f600", "\u202e", "\ufeff", "\t",
    "\x0b", "\x0c", "\x85", "\r", "\u3000", "—", "“", "’", "|", "\\", "<", ">", "#",
    "---", "***", "===",
]  # fmt: skip


def inline_text() -> st.SearchStrategy[str]:
    """A line of prose: words, risky sentences, entities and inline markup, nested."""
    leaf = st.one_of(
        st.sampled_from(WORDS),
        sentences(),
        st.sampled_from(INLINE_MARKDOWN),
        st.sampled_from(ENTITIES),
        st.sampled_from(NOISE),
        st.text(max_size=8),
    )
    wrapped = st.recursive(
        leaf,
        lambda inner: st.builds(
            lambda wrap, body: wrap[0] + body + wrap[1],
            st.sampled_from(INLINE_WRAPPERS),
            inner,
        ),
        max_leaves=4,
    )
    return st.lists(wrapped, max_size=6).map(" ".join)


def _indent(block: str, prefix: str, rest: str) -> str:
    lines = block.split("\n")
    return "\n".join([prefix + lines[0], *(rest + line for line in lines[1:])])


def _table(cells: list[str], rows: list[str]) -> str:
    head = "| " + " | ".join(cells) + " |\n|" + "---|" * len(cells)
    return head + "".join("\n| " + row + " |" for row in rows)


def markdown_blocks() -> st.SearchStrategy[str]:
    """One block: a paragraph, heading, fence, table, HTML, comment or JSX, or a list
    item or block quote holding more blocks (nested)."""
    leaf = st.one_of(
        inline_text(),
        st.builds(
            lambda n, text: "#" * n + " " + text, st.integers(1, 7), inline_text()
        ),
        st.builds(
            lambda fence, info, body, close: f"{fence}{info}\n{body}\n{close}",
            st.sampled_from(["```", "~~~", "````", "``"]),
            st.sampled_from(["", "md", "text {1}", "`x`"]),
            inline_text(),
            st.sampled_from(["```", "~~~", "````", ""]),
        ),
        st.builds(
            _table,
            st.lists(inline_text(), min_size=1, max_size=3),
            st.lists(inline_text(), max_size=3),
        ),
        st.sampled_from(BLOCK_FRAGMENTS),
        st.builds(lambda text: f"<div>\n{text}\n</div>", inline_text()),
        st.builds(lambda text: f"<!-- {text} -->", inline_text()),
        st.builds(
            lambda text: f'<Callout type="note">\n{text}\n</Callout>', inline_text()
        ),
        st.builds(lambda text: f"    {text}", inline_text()),
    )
    markers = st.sampled_from(["- ", "* ", "+ ", "1. ", "2) ", "- [ ] ", "> ", ">"])
    return st.recursive(
        leaf,
        lambda inner: st.builds(
            lambda marker, blocks, sep: _indent(
                sep.join(blocks), marker, " " * len(marker) if marker[0] != ">" else ">"
            ),
            markers,
            st.lists(inner, min_size=1, max_size=3),
            st.sampled_from(["\n", "\n\n"]),
        ),
        max_leaves=8,
    )


def markdown_documents() -> st.SearchStrategy[str]:
    return st.builds(
        lambda front, blocks, sep, eol: (front + sep.join(blocks)).replace("\n", eol),
        st.sampled_from([*FRONT_MATTER, "---\n---\n", "+++\ntitle = 'x'\n+++\n"]),
        st.lists(markdown_blocks(), max_size=8),
        st.sampled_from(["\n\n", "\n", "\n\n\n"]),
        st.sampled_from(["\n", "\n", "\r\n", "\r"]),
    )


# --- structured HTML ------------------------------------------------------------------

HTML_TAGS = [
    "p", "div", "span", "b", "em", "a", "li", "ul", "h1", "h3", "td", "table", "tr",
    "script", "style", "code", "pre", "title", "template", "svg", "noscript", "br",
    "img", "blockquote", "body", "html", "head", "meta", "unknown-el", "P", "DIV",
]  # fmt: skip
HTML_ATTRS = [
    "", ' class="x"', " alt='A miracle cure'", ' title="Stem cells &amp; more"',
    ' content="Our exosomes reverse aging"', ' name="description"', " hidden",
    ' alt="unterminated', " data-x=a>b", ' title=""',
]  # fmt: skip


def html_documents() -> st.SearchStrategy[str]:
    leaf = st.one_of(
        inline_text(),
        sentences(),
        st.sampled_from(HTML_FRAGMENTS),
        st.sampled_from(ENTITIES),
        st.sampled_from(NOISE),
    )
    tree = st.recursive(
        leaf,
        lambda inner: st.builds(
            lambda tag, attrs, children, close: (
                f"<{tag}{attrs}>" + "".join(children) + (f"</{tag}>" if close else "")
            ),
            st.sampled_from(HTML_TAGS),
            st.sampled_from(HTML_ATTRS),
            st.lists(inner, max_size=4),
            st.booleans(),
        ),
        max_leaves=12,
    )
    return st.builds(
        lambda doctype, parts, sep: doctype + sep.join(parts),
        st.sampled_from(["", "<!DOCTYPE html>\n", "<?xml version='1.0'?>"]),
        st.lists(tree, max_size=6),
        st.sampled_from(["", "\n", "\r\n", " "]),
    )


# --- any text, any bytes --------------------------------------------------------------

# Decoded files never hold lone surrogates, so neither does the text fed as str.
ANY_TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=400)


def any_text() -> st.SearchStrategy[str]:
    """Arbitrary Unicode, or arbitrary Unicode spliced with risky copy and markup."""
    spliced = st.lists(
        st.one_of(ANY_TEXT, sentences(), st.sampled_from(INLINE_MARKDOWN)),
        max_size=6,
    ).map("".join)
    return st.one_of(ANY_TEXT, spliced)


ENCODINGS = [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
]


def _corrupt(data: bytes, how: int, at: int) -> bytes:
    if not data or how == 0:
        return data
    at %= len(data)
    if how == 1:  # flip a byte
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    if how == 2:  # a NUL byte
        return data[:at] + b"\x00" + data[at:]
    return data[:at]  # truncated, maybe inside a character


def any_bytes() -> st.SearchStrategy[bytes]:
    """Raw bytes, and encoded documents (UTF-8 or UTF-16, with or without a BOM)
    that may be corrupted."""
    documents = st.one_of(any_text(), markdown_documents(), html_documents())
    encoded = st.builds(
        lambda text, enc, how, at: _corrupt(
            enc[1] + text.encode(enc[0], errors="surrogatepass"), how, at
        ),
        documents,
        st.sampled_from(ENCODINGS),
        st.sampled_from([0, 0, 0, 1, 2, 3]),
        st.integers(0, 10_000),
    )
    return st.one_of(st.binary(max_size=400), encoded)
