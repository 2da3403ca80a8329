"""Where a finding's span may start and end, and what its rewrite may replace.

Every span finding is built through ``word_span`` (a span never starts or ends inside
a word) and ``rewrite_fits`` (a rewrite is offered as a fix only when it replaces the
words it was written for); ``escape_rewrite`` makes a rewrite safe for the place in
the file it goes to.
"""

from __future__ import annotations

import html
import re

# Characters that join two word characters into one word: "don't", "25-year".
_JOINERS = frozenset("-'\u2019\u2010\u2011")
_TAG_REACH = 4096
# A line that opens a raw HTML block in Markdown (CommonMark's kinds 6 and 7: a
# block-level tag, or any complete tag alone on its line), behind the markers of the
# block quotes and list items it may sit in.
_HTML_BLOCK_START = re.compile(
    r"[ \t]*(?:>[ \t]?)*(?:(?:[-*+]|\d{1,9}[.)])[ \t]+)?[ \t]*<(?:"
    r"/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|"
    r"colgroup|dd|details|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|"
    r"form|frame|frameset|h[1-6]|head|header|hr|html|iframe|legend|li|link|main|"
    r"menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search|section|summary|"
    r"table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?=[\s/>]|$)"
    r"|/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>\n]*)?/?>[ \t]*\r?$)",
    re.IGNORECASE | re.MULTILINE,
)
_BLANK_LINE = re.compile(r"\n[ \t]*\r?\n")
# What closes a sentence after its last word.
_SENTENCE_TAIL = ".!?\u2026\"'\u201d\u2019)] \t\r\n"


def _wordish(char: str) -> bool:
    return char.isalnum()


def _inside_word(text: str, at: int) -> bool:
    """Whether the boundary before ``text[at]`` falls inside one word."""
    if at <= 0 or at >= len(text):
        return False
    left, right = text[at - 1], text[at]
    if _wordish(left) and _wordish(right):
        return True
    if left in _JOINERS and _wordish(right):
        return at >= 2 and _wordish(text[at - 2])
    if right in _JOINERS and _wordish(left):
        return at + 1 < len(text) and _wordish(text[at + 1])
    return False


def word_span(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` widened to whole words (hyphen and apostrophe compounds count
    as one word)."""
    if start >= end:
        return start, end
    while _inside_word(text, start):
        start -= 1
    while _inside_word(text, end):
        end += 1
    return start, end


def is_sentence_rewrite(template: str) -> bool:
    """Whether a rewrite template is written as a sentence of its own (it starts with
    a capitalised word, not an acronym), so that it can only replace a sentence."""
    word = template.split(" ", 1)[0]
    return len(word) > 1 and word[0].isupper() and word[1:].islower()


def covers_sentence(
    prose: str, start: int, end: int, sentence: tuple[int, int]
) -> bool:
    """Whether ``prose[start:end]`` is the whole sentence, short of its closing
    punctuation."""
    first, last = sentence
    body_end = last
    while body_end > first and prose[body_end - 1] in _SENTENCE_TAIL:
        body_end -= 1
    return start <= first and end >= body_end


def escape_rewrite(text: str, at: int, fmt: str, rewrite: str) -> str:
    """``rewrite`` written so that it reads as itself at ``text[at]`` in a file of
    format ``fmt``: escaped for an HTML or JSX attribute, HTML text, Markdown or
    MDX."""
    if fmt in ("html", "markdown", "mdx") and _in_tag(text, at):
        # An attribute value: HTML and JSX strings both decode character references.
        return html.escape(rewrite, quote=True)
    if fmt == "html" or (fmt == "markdown" and _in_html_block(text, at)):
        return html.escape(rewrite, quote=False)
    if fmt == "markdown":
        return _backslashed(rewrite, "\\`*_[]<>")
    if fmt == "mdx":
        return _backslashed(rewrite, "\\`*_[]<>{}")
    return rewrite


def _backslashed(rewrite: str, specials: str) -> str:
    return "".join("\\" + c if c in specials else c for c in rewrite)


def _in_html_block(text: str, at: int) -> bool:
    """Whether ``at`` is in a raw HTML block of a Markdown file (where backslashes are
    text and ``<`` opens markup): its paragraph starts with a line that opens one."""
    low = max(0, at - _TAG_REACH)
    start = -1 if low else 0
    for blank in _BLANK_LINE.finditer(text, low, at):
        start = blank.end()
    if start < 0:
        return False  # a paragraph longer than a tag's reach: taken as Markdown
    return _HTML_BLOCK_START.match(text, start) is not None


def _in_tag(text: str, at: int) -> bool:
    """Whether ``at`` is inside a tag (between ``<name`` and its ``>``)."""
    # A tag is short: the search back is bounded, so that many fixes on a long
    # page without tags stay linear.
    opened = text.rfind("<", max(0, at - _TAG_REACH), at)
    if opened < 0 or text.rfind(">", opened, at) >= 0:
        return False
    return opened + 1 < len(text) and text[opened + 1].isalpha()
