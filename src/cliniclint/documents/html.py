"""HTML reader: visible text, alt/title attributes and meta descriptions."""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from html.parser import HTMLParser

from .document import Block, Directive, OffsetMap, ProseBuilder
from .entities import add_unescaped
from .text import read_text

__all__ = ["read_html", "read_html_block"]

# Elements whose contents are not prose.
_SKIPPED = frozenset({"script", "style", "code", "pre", "template", "svg", "noscript"})
# Elements that stand for content of their own inside running text.
_REPLACED = frozenset({
    "img", "input", "iframe", "video", "audio", "object", "embed", "canvas",
    "select", "textarea", "math",
})  # fmt: skip
_BLOCK_KINDS = {
    **{f"h{level}": "heading" for level in range(1, 7)},
    "li": "list-item",
    "td": "table-cell",
    "th": "table-cell",
    "title": "title",
    **dict.fromkeys(
        ("p", "blockquote", "figcaption", "caption", "summary", "address", "dd",
         "dt", "legend"),
        "paragraph",
    ),
}  # fmt: skip
# Elements that end the current block (besides those in _BLOCK_KINDS).
_BLOCKS = frozenset(_BLOCK_KINDS) | frozenset({
    "div", "tr", "br", "hr", "section", "article", "header", "footer", "nav",
    "aside", "main", "ul", "ol", "dl", "table", "thead", "tbody", "tfoot",
    "figure", "form", "fieldset", "details", "dialog", "menu", "hgroup", "html",
    "head", "body", "pre", "center", "search", "option", "optgroup", "frameset",
})  # fmt: skip
# Elements after which a block goes on with the same kind.
_BREAKS = frozenset({"br", "hr"})
_META_NAMES = frozenset({
    "description", "og:title", "og:description", "twitter:title",
    "twitter:description",
})  # fmt: skip
_TAG_NAME = re.compile(r"<[a-zA-Z][^\t\n\r\f />\x00]*(?:\s|/(?!>))*")
# html.parser's own attribute pattern, so that values are found where it found
# them.
_ATTRIBUTE = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*"
    r"('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_COMMENT_CLOSE = re.compile(r"--\s*>")
_LINE_FEED = re.compile(r"\n")
# "&#" that html.parser cannot read as a character reference; left alone, it
# makes the parser give up on the rest of the document.
_CHARREF = re.compile(r"&#(?:[0-9]+|[xX][0-9a-fA-F]+)[^0-9a-fA-F]")
# "<![" opens a marked section, whose keyword html.parser must know: any other
# text after "<![" makes it raise AssertionError (Python 3.11), so such "<![" is
# made plain text too. A keyword that is cut off by the end of the text is fine.
_MARKED_SECTION = re.compile(
    r"<!\[(?:(?:temp|cdata|ignore|include|rcdata|if|else|endif)(?![-_.a-zA-Z0-9])"
    r"|[a-zA-Z][-_.a-zA-Z0-9]*\Z|\Z)",
    re.IGNORECASE,
)


# What opens markup.
_MARKUP_OPEN = re.compile(r"<(?:[a-zA-Z/?]|!(?!\[))")
_NOT_LINE_FEED = re.compile(r"[^\n]")


def _open_tail(raw: str) -> int:
    """Where markup opens that never closes (a comment without ``-->``, a tag without
    ``>``), or the length of ``raw``.

    A browser reads such markup to the end of the page and shows none of it;
    html.parser would search the rest of the page again for each one of them, which
    takes time that grows with the square of the page."""
    closed = raw.rfind(">") + 1
    tail = len(raw)
    found = _MARKUP_OPEN.search(raw, closed)
    if found is not None:
        tail = found.start()
    comment_end = 0
    for comment_end_match in _COMMENT_CLOSE.finditer(raw):
        comment_end = comment_end_match.end()
    opened = raw.find("<!--", comment_end)
    if opened >= 0:
        tail = min(tail, opened)
    return tail


def read_html(raw: str) -> tuple[str, OffsetMap, list[Block], list[Directive]]:
    """Prose, offsets, blocks and comment directives of an HTML document."""
    tail = _open_tail(raw)
    fed = _parser_input(raw, tail)
    reader = _Reader(raw, fed, tail)
    try:
        reader.feed(fed)
        reader.close()
        if raw.startswith("<!--", tail):
            # A comment left open runs to the end of the page, as html.parser reads it.
            reader.directives.append(Directive(tail, len(raw), raw[tail + 4 :]))
    except AssertionError:
        # html.parser's way of giving up on markup it cannot read (Python 3.11);
        # _parser_input avoids the known cases. Lint the text rather than fail.
        return read_text(raw)
    prose, offsets, blocks = reader.finish()
    return prose, offsets, blocks, reader.directives


def read_html_block(
    builder: ProseBuilder,
    raw: str,
    fed: str,
    start: int,
    markers: list[tuple[int, int]],
) -> list[Directive]:
    """Add the prose of a raw HTML block of another format, found at ``raw[start]``,
    to ``builder``, and return its comment directives.

    ``fed`` is what html.parser reads in place of the block: as long as the block,
    with the ``markers`` (raw ranges that are not HTML, such as a block quote's ``>``)
    blanked; they are left out of the prose. Markup left open at the block's end is
    not prose and holds no directive."""
    tail = _open_tail(fed)
    reader = _Reader(raw, _parser_input(fed, tail), start + tail, builder, start)
    reader.markers = markers
    reader.marker_starts = [marker_start for marker_start, _ in markers]
    try:
        reader.feed(reader.fed)
        reader.close()
    except AssertionError:
        pass  # html.parser gave up (see read_html): what it read is kept
    reader.end_block()
    builder.close()
    return reader.directives


def _parser_input(raw: str, tail: int) -> str:
    """The text fed to html.parser: raw with each "&#" it cannot read as a
    character reference and each "<![" it cannot read as a marked section made
    plain text (its first character replaced: same length, no longer markup), and
    markup left open at the end (from ``tail``, see ``_open_tail``) blanked."""
    if tail < len(raw):
        # Blanked, line breaks kept: html.parser counts lines.
        raw = raw[:tail] + _NOT_LINE_FEED.sub(" ", raw[tail:])
    if "&#" not in raw and "<![" not in raw:
        return raw
    pieces: list[str] = []
    position = 0
    for match in re.finditer(r"&#|<!\[", raw):
        start = match.start()
        if match.group() == "&#":
            readable = _CHARREF.match(raw, start) is not None
        else:
            readable = _MARKED_SECTION.match(raw, start) is not None
        if not readable:
            pieces.append(raw[position:start])
            pieces.append("\x01")
            position = start + 1
    pieces.append(raw[position:])
    return "".join(pieces)


class _Reader(HTMLParser):
    """Feeds html.parser events into a ProseBuilder."""

    def __init__(
        self,
        raw: str,
        fed: str,
        tail: int,
        builder: ProseBuilder | None = None,
        base: int = 0,
    ) -> None:
        """Read ``fed``, which stands for ``raw[base:base + len(fed)]``; offsets
        (``tail``, the builder's, the directives') are offsets into ``raw``."""
        super().__init__(convert_charrefs=False)
        self.raw = raw
        self.tail = tail
        self.fed = fed
        self.base = base
        self.builder = ProseBuilder(raw) if builder is None else builder
        # Raw ranges left out of the prose (see read_html_block), sorted.
        self.markers: list[tuple[int, int]] = []
        self.marker_starts: list[int] = []
        self.directives: list[Directive] = []
        self.kind = "text"
        # Attribute values found inside the open block, emitted after it.
        self.deferred: list[tuple[str, int, int]] = []
        self.skipping: dict[str, int] = {}
        self.skip_depth = 0
        # html.parser counts lines by "\n" only.
        self.line_starts = [base]
        self.line_starts.extend(base + m.end() for m in _LINE_FEED.finditer(fed))

    def finish(self) -> tuple[str, OffsetMap, list[Block]]:
        self.end_block()
        return self.builder.build()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def end_block(self) -> None:
        builder = self.builder
        builder.close()
        if self.deferred:
            for kind, start, end in self.deferred:
                builder.open(kind)
                add_unescaped(builder, self.raw, start, end)
                builder.close()
            self.deferred.clear()
        builder.open(self.kind)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip_depth:
            if tag in _SKIPPED:
                self._skip(tag)
            return
        if tag in _BLOCKS:
            if tag not in _BREAKS:
                self.kind = _BLOCK_KINDS.get(tag, "text")
            self.end_block()
        elif tag in _REPLACED:
            self.builder.mask()
        if tag in _SKIPPED:
            self.builder.mask()
            self._skip(tag)
        if any(name in ("alt", "title", "content") for name, _ in attrs):
            self._defer_attributes(tag, attrs)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip_depth:
            count = self.skipping.get(tag, 0)
            if count:
                self.skipping[tag] = count - 1
                self.skip_depth -= 1
            if self.skip_depth:
                return
        if tag in _BLOCKS and tag not in _BREAKS:
            self.kind = "text"
            self.end_block()

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        start = self._offset()
        if data[0] == "<" and len(data) > 1:
            # Markup html.parser could not read, or an unterminated comment.
            if data.startswith("<!--"):
                end = start + len(data)
                # The directive's text comes from raw: the fed text differs at "&#".
                self.directives.append(Directive(start, end, self.raw[start + 4 : end]))
            self.builder.mask()
            return
        # Markup left open at the end was blanked for the parser: none of it is prose.
        end = min(start + len(data), self.tail)
        if self.markers:
            markers = self.markers
            at = bisect_right(self.marker_starts, start)
            while at < len(markers) and markers[at][0] < end:
                self.builder.copy(start, markers[at][0])
                start = markers[at][1]
                at += 1
        if end > start:
            self.builder.copy(start, end)

    def handle_entityref(self, name: str) -> None:
        start = self._offset()
        self._reference(start, start + 1 + len(name))

    def handle_charref(self, name: str) -> None:
        start = self._offset()
        self._reference(start, start + 2 + len(name))

    def handle_comment(self, data: str) -> None:
        start = self._offset()
        if not self.raw.startswith("<!--", start):
            return  # a bogus comment such as <!x> holds no directive
        body_end = start + 4 + len(data)
        match = _COMMENT_CLOSE.match(self.raw, body_end)
        end = match.end() if match else body_end
        self.directives.append(Directive(start, end, self.raw[start + 4 : body_end]))

    def _reference(self, start: int, end: int) -> None:
        if self.skip_depth:
            return
        if self.raw.startswith(";", end):
            end += 1
        reference = self.raw[start:end]
        text = html.unescape(reference)
        if text == reference:
            self.builder.copy(start, end)
        else:
            self.builder.decoded(text, start, end)

    def _skip(self, tag: str) -> None:
        self.skipping[tag] = self.skipping.get(tag, 0) + 1
        self.skip_depth += 1

    def _defer_attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"alt", "title"}
        if tag == "meta":
            names = {
                (value or "").strip().lower()
                for name, value in attrs
                if name in ("name", "property")
            }
            if names & _META_NAMES:
                wanted.add("content")
        tag_text = self.get_starttag_text()
        tag_start = self._offset()
        if tag_text is None or not self.fed.startswith(tag_text, tag_start - self.base):
            return
        name_match = _TAG_NAME.match(tag_text)
        if name_match is None:
            return
        position = name_match.end()
        while position < len(tag_text):
            match = _ATTRIBUTE.match(tag_text, position)
            if match is None:
                break
            position = match.end()
            name = match.group(1).lower()
            value = match.group(3)
            if name not in wanted or not match.group(2) or not value:
                continue
            start = tag_start + match.start(3)
            end = tag_start + match.end(3)
            if value[0] in "'\"" and len(value) > 1 and value[-1] == value[0]:
                start, end = start + 1, end - 1
            kind = {"alt": "alt", "content": "meta"}.get(name, "title")
            if name == "title" and tag == "a":
                kind = "link-title"
            self.deferred.append((kind, start, end))
