"""Markdown and MDX reader built on markdown-it (markdown_it_pyrs)."""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from markdown_it_pyrs import MarkdownIt, Node

from .backticks import STAND_IN, defuse_backticks
from .document import Block, Directive, OffsetMap, ProseBuilder
from .entities import add_unescaped
from .frontmatter import find_front_matter
from .html import read_html_block
from .tags import FORMATTING_TAG
from .text import read_text
from .utf8 import ByteOffsets

__all__ = ["read_markdown"]

# Inline nodes that can sit directly in a tight list item.
_INLINE = frozenset({
    "text", "text_special", "softbreak", "hardbreak", "em", "strong",
    "strikethrough", "link", "image", "autolink", "linkify", "code_inline",
    "html_inline", "todo_checkbox",
})  # fmt: skip
_INLINE_CONTAINERS = {
    "paragraph": "paragraph",
    "heading": "heading",
    "lheading": "heading",
    "tcell": "table-cell",
}
# Characters that can start inline syntax (escapes, entities, code, emphasis,
# links, images, autolinks, inline HTML, strikethrough); a block without any
# of them and without "://" (a bare URL) is plain text.
_INLINE_SYNTAX = re.compile(r"[\\`*_\[\]<&~]")
# Spaces or tabs around a line break, which markdown-it drops (CRLF shows as
# " \n" in the text it parses).
_LINE_EDGE_SPACES = (" \n", "\t\n", "\n ", "\n\t")
# A list item's marker, when what follows on its line can only be a paragraph
# (not a heading, quote, nested list, code block, fence or HTML).
_LIST_MARKER = re.compile(
    r"(?:[-*+]|\d{1,9}[.)])(?:[ \t]{1,4}|$)(?![ \t]|[#>=|+\-*]|\d{1,9}[.)])"
)
_ATX_HEADING = re.compile(r"#{1,6}[ \t]*(.*?)(?:[ \t]+#+)?[ \t]*")
_SKIPPED_BLOCKS = frozenset({"fence", "code_block", "hr", "front_matter", "definition"})
_MASKED = frozenset({"code_inline", "autolink", "linkify", "html_inline"})
_CONTAINERS = frozenset({"em", "strong", "strikethrough", "link"})
_NOT_NEWLINE = re.compile(r"[^\n]")
_TITLE_CLOSERS = {'"': '"', "'": "'", "(": ")"}

# markdown_it_pyrs recurses once per level of nesting on the caller's stack, a few
# hundred bytes a level: 20,000 list items opened on one line ("- - - ... x"),
# 40,000 block quotes or nested emphasis or images overflow an 8 MiB stack and the
# process dies (SIGSEGV, which nothing can catch). Text nested more deeply than
# these limits is read by plain-text rules instead; the limits keep the parser
# under about 2.5 MiB of stack.
MAX_BLOCK_NESTING = 1000
MAX_INLINE_OPENERS = 10_000
_DEEP_BLOCKS = re.compile(
    r"^(?:[ \t]*(?:>|(?:[-*+]|\d{1,9}[.)])(?=[ \t]|$)))"
    + f"{{{MAX_BLOCK_NESTING + 1}}}",
    re.MULTILINE,
)
# Characters that may open an inline container (emphasis, strikethrough, link,
# image); a paragraph ends at a blank line.
_OPENERS = "*_~["
_BLANK_LINE = re.compile(r"\n[ \t]*\n")

_parser: MarkdownIt | None = None


def _markdown_parser() -> MarkdownIt:
    global _parser
    if _parser is None:
        _parser = MarkdownIt("commonmark").enable_many(
            ["table", "strikethrough", "linkify", "tasklist", "front_matter"]
        )
    return _parser


def too_deep(src: str) -> bool:
    """Whether ``src`` may nest more deeply than the parser can take (cheap, and
    conservative: only absurd text is refused)."""
    if len(src) > MAX_BLOCK_NESTING and _DEEP_BLOCKS.search(src) is not None:
        return True
    if sum(src.count(c) for c in _OPENERS) <= MAX_INLINE_OPENERS:
        return False
    # Only a paragraph longer than the limit can hold that many openers.
    start = 0
    for blank in (*_BLANK_LINE.finditer(src), None):
        end = len(src) if blank is None else blank.start()
        if end - start > MAX_INLINE_OPENERS:
            paragraph = src[start:end]
            if sum(paragraph.count(c) for c in _OPENERS) > MAX_INLINE_OPENERS:
                return True
        if blank is not None:
            start = blank.end()
    return False


@contextmanager
def _stderr_silenced() -> Iterator[None]:
    """Point file descriptor 2 at the null device for a moment.

    When markdown_it_pyrs panics, Rust's panic hook prints the panic (and, with
    RUST_BACKTRACE set, a backtrace) straight to file descriptor 2 before the
    panic reaches Python as an exception, which the reader handles. Four system
    calls per document keep that noise off the user's terminal.
    """
    try:
        saved = os.dup(2)
    except OSError:  # no stderr at all: nothing to silence
        yield
        return
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, 2)
        finally:
            os.close(null)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _blank(src: str, end: int) -> str:
    """``src`` with everything before ``end`` but line breaks made spaces."""
    return _NOT_NEWLINE.sub(" ", src[:end]) + src[end:]


def _without_backticks(src: str) -> str:
    return src.replace("`", STAND_IN)


def _without_markers(
    source: str, content: str, start: int
) -> tuple[str, list[tuple[int, int]]] | None:
    """An HTML block's source (found at ``start``) with the markers of the containers
    it sits in (``> ``, a list item's indent) blanked, and where those markers are;
    None if its lines are not its content lines behind such markers."""
    if source + "\n" == content or source == content:
        return source, []
    lines = source.split("\n")
    kept = content.split("\n")
    if len(kept) < len(lines):
        return None
    out: list[str] = []
    markers: list[tuple[int, int]] = []
    line_start = start
    for line, text in zip(lines, kept, strict=False):
        if not line.endswith(text):
            return None
        cut = len(line) - len(text)
        if cut:
            markers.append((line_start, line_start + cut))
        out.append(" " * cut + text)
        line_start += len(line) + 1
    return "\n".join(out), markers


def read_markdown(
    raw: str, mdx: bool = False
) -> tuple[str, OffsetMap, list[Block], list[Directive]]:
    """Prose, offsets, blocks and comment directives of a Markdown document."""
    return _Reader(raw, mdx).read()


# Units of work, in document order on a stack: a block node to visit, a run
# of inline nodes that makes a block, an image whose alt text makes a block,
# a link whose title makes a block.
_NODE, _RUN, _ALT, _TITLE = range(4)
# (what, node, block kind, inside a block quote, inline nodes of a run)
_Work = tuple[int, Node, str, bool, Sequence[Node]]
_NO_NODES: Sequence[Node] = ()


class _Reader:
    """Walks the markdown-it tree and feeds a ProseBuilder."""

    def __init__(self, raw: str, mdx: bool, fast: bool = True) -> None:
        self.raw = raw
        self.fast = fast
        self.builder = ProseBuilder(raw)
        self.directives: list[Directive] = []
        # MDX string props that hold words (start, end, block kind).
        self.props: list[tuple[int, int, str]] = []
        # MDX expressions and tags, hidden from the prose.
        self.hidden: list[tuple[int, int, bool]] = []
        self.hidden_starts: list[int] = []
        # markdown-it turns "\r\n" and "\r" into "\n"; feed it a copy of the
        # same length so that its offsets stay offsets into raw.
        src = raw.replace("\r\n", " \n").replace("\r", "\n") if "\r" in raw else raw
        body_start = 0
        self.unblanked_front_matter = 0  # its end, if markdown-it must skip it
        front_matter = find_front_matter(raw)
        if front_matter is not None:
            for pieces in front_matter.values:
                self.builder.open("front-matter")
                for piece in pieces:
                    if piece.copied:
                        self.builder.copy(piece.start, piece.end)
                    else:
                        self.builder.decoded(piece.text, piece.start, piece.end)
                self.builder.close()
            body_start = front_matter.end
            # markdown-it's own front matter rule skips a block closed by
            # "---"; anything else is blanked, which copies the whole text.
            if mdx or front_matter.delimiter != "---":
                src = _blank(src, body_start)
            else:
                self.unblanked_front_matter = body_start
        if mdx:
            from .mdx import prepare_mdx  # only for MDX files

            prepared = prepare_mdx(src, body_start)
            src = prepared.text
            self.hidden = prepared.hidden
            self.hidden_starts = [start for start, _, _ in prepared.hidden]
            self.directives.extend(prepared.directives)
            self.props = prepared.props
        self.body_start = body_start
        self._use(src)

    def _use(self, src: str) -> None:
        """Parse ``src`` from now on (the same length as raw)."""
        self.src = src
        # markdown-it reports UTF-8 byte offsets into src.
        self.offsets = ByteOffsets(src)
        self.ascii = src.isascii()

    def read(self) -> tuple[str, OffsetMap, list[Block], list[Directive]]:
        tree = self._parse()
        if tree is not None and not self._front_matter_skipped(tree):
            self._use(_blank(self.src, self.body_start))
            tree = self._parse()
        if tree is None:
            return self._read_as_text()
        stack: list[_Work] = [
            (_NODE, child, "paragraph", False, _NO_NODES)
            for child in reversed(tree.children)
        ]
        while stack:
            what, node, kind, quoted, run = stack.pop()
            deferred: list[_Work] = []
            if what == _NODE:
                deferred = self._block(node, kind, quoted, stack)
            elif what == _RUN:
                deferred = self._inline(run, kind, node)
            elif what == _ALT:
                deferred = self._inline(node.children, "alt", node)
            else:
                self._link_title(node)
            if deferred:
                stack.extend(reversed(deferred))
        for start, end, kind in self.props:
            # JSX strings decode HTML character references, as HTML attributes do.
            self.builder.open(kind)
            add_unescaped(self.builder, self.raw, start, end)
            self.builder.close()
        prose, offsets, blocks = self.builder.build()
        self.directives.sort(key=lambda directive: directive.raw_start)
        return prose, offsets, blocks, self.directives

    def _front_matter_skipped(self, tree: Node) -> bool:
        """Whether markdown-it took the front matter we found as its own."""
        if not self.unblanked_front_matter:
            return True
        first = tree.children[0] if tree.children else None
        return (
            first is not None
            and first.name == "front_matter"
            and first.srcmap is not None
            and self._cp(first.srcmap[1]) == self.unblanked_front_matter
        )

    def _parse(self) -> Node | None:
        """markdown-it's tree, or None if markdown-it cannot take this text.

        markdown_it_pyrs 0.4 panics on some inputs; each retry neutralises
        more backticks (the known trigger) in the text it is given. Backticks
        and their stand-in are both one byte, so byte offsets do not move.
        Text nested too deeply for the parser's recursion is not parsed.
        """
        if too_deep(self.src):
            return None
        parser = _markdown_parser()
        for attempt in (defuse_backticks, _without_backticks):
            src = attempt(self.src)
            try:
                with _stderr_silenced():
                    tree = parser.tree(src)
            except Exception:
                continue  # a parser bug on odd input: try the next neutralised text
            except BaseException as exc:  # a Rust panic is a BaseException
                if type(exc).__name__ != "PanicException":
                    raise
                continue
            self.src = src
            return tree
        return None

    def _read_as_text(self) -> tuple[str, OffsetMap, list[Block], list[Directive]]:
        """Paragraphs and list items by plain-text rules, for unparsable text."""
        _, _, blocks, _ = read_text(self.raw)
        for block in blocks:
            if block.start >= self.body_start:
                self.builder.open(block.kind)
                self.builder.copy(block.start, block.end)
        self.builder.close()
        prose, offsets, result = self.builder.build()
        return prose, offsets, result, self.directives

    def _cp(self, byte_offset: int) -> int:
        if self.ascii:
            return byte_offset
        return self.offsets.to_code_points(byte_offset)

    def _block(
        self, node: Node, paragraph_kind: str, quoted: bool, stack: list[_Work]
    ) -> list[_Work]:
        """Visit a block node; return the blocks to read right after it."""
        name = node.name
        kind = _INLINE_CONTAINERS.get(name)
        if kind is not None:
            if name == "paragraph":
                kind = paragraph_kind
            if self.fast and self._plain(node, name, kind, quoted):
                return []
            return self._inline(node.children, kind, node)
        if name == "list_item":
            if self.fast and self._plain_item(node):
                return []
            # A tight item holds its inline nodes directly, maybe followed by a
            # nested list; a loose item holds paragraphs.
            work: list[_Work] = []
            run: list[Node] = []
            for child in node.children:
                if child.name in _INLINE:
                    run.append(child)
                    continue
                if run:
                    work.append((_RUN, node, "list-item", quoted, run))
                    run = []
                work.append((_NODE, child, "list-item", quoted, _NO_NODES))
            if run:
                work.append((_RUN, node, "list-item", quoted, run))
            stack.extend(reversed(work))
        elif name == "html_block":
            self._html_block(node)
        elif name not in _SKIPPED_BLOCKS:
            quoted = quoted or name == "blockquote"
            stack.extend(
                (_NODE, child, "paragraph", quoted, _NO_NODES)
                for child in reversed(node.children)
            )
        return []

    def _plain(self, node: Node, name: str, kind: str, quoted: bool) -> bool:
        """Add a block without inline syntax straight from its source lines.

        Returns False, adding nothing, when the block needs the inline nodes.
        """
        sm = node.srcmap
        if sm is None:
            return False
        start, end = (
            (sm[0], sm[1]) if self.ascii else (self._cp(sm[0]), self._cp(sm[1]))
        )
        src = self.src
        while end > start and src[end - 1] in " \t\n":
            end -= 1  # markdown-it trims a block's content
        if (
            _INLINE_SYNTAX.search(src, start, end) is not None
            or src.find("://", start, end) >= 0
            or self._has_hidden(start, end)
        ):
            return False
        if name == "heading":
            heading = _ATX_HEADING.fullmatch(src, start, end)
            if heading is None:
                return False
            start, end = heading.span(1)
        newline = src.find("\n", start, end)
        if newline >= 0 and (quoted or name != "paragraph"):
            return False  # continuation lines may carry "> " markers
        builder = self.builder
        if newline < 0 or not any(
            src.find(edge, start, end) >= 0 for edge in _LINE_EDGE_SPACES
        ):
            builder.add_block(kind, start, end)
            return True
        builder.open(kind)
        position = start
        while newline >= 0:
            # markdown-it drops a line's leading spaces and tabs and its
            # trailing spaces, and keeps the line break.
            line = src[position:newline]
            builder.copy(
                position + len(line) - len(line.lstrip(" \t")),
                position + len(line.rstrip(" ")),
            )
            self._line_break(newline)
            position = newline + 1
            newline = src.find("\n", position, end)
        line = src[position:end]
        builder.copy(position + len(line) - len(line.lstrip(" \t")), end)
        builder.close()
        return True

    def _plain_item(self, node: Node) -> bool:
        """Add a one-line list item without inline syntax from its source.

        Returns False, adding nothing, when the item needs its child nodes.
        """
        sm = node.srcmap
        if sm is None:
            return False
        start, end = (
            (sm[0], sm[1]) if self.ascii else (self._cp(sm[0]), self._cp(sm[1]))
        )
        src = self.src
        while end > start and src[end - 1] in " \t\n":
            end -= 1
        marker = _LIST_MARKER.match(src, start, end)
        if marker is None or src.find("\n", start, end) >= 0:
            return False
        start = marker.end()
        if (
            start >= end  # an empty item: the walk adds no block for it
            or _INLINE_SYNTAX.search(src, start, end) is not None
            or src.find("://", start, end) >= 0
            or self._has_hidden(start, end)
        ):
            return False
        self.builder.add_block("list-item", start, end)
        return True

    def _has_hidden(self, start: int, end: int) -> bool:
        if not self.hidden:
            return False
        index = bisect_right(self.hidden_starts, end) - 1
        return index >= 0 and self.hidden[index][1] > start

    def _line_break(self, newline: int) -> None:
        """Copy the raw line break at ``newline`` (an offset into src)."""
        raw = self.raw
        if raw[newline] == "\n" and newline and raw[newline - 1] == "\r":
            self.builder.copy(newline - 1, newline + 1)
        else:
            self.builder.copy(newline, newline + 1)

    def _inline(self, nodes: Sequence[Node], kind: str, container: Node) -> list[_Work]:
        """Add one block from inline nodes; return the blocks found inside it."""
        builder = self.builder
        src = self.src
        ascii_only = self.ascii
        to_cp = self.offsets.to_code_points
        span = container.srcmap
        if span is None:
            cursor, limit = 0, len(src)
        elif ascii_only:
            cursor, limit = span
        else:
            cursor, limit = to_cp(span[0]), to_cp(span[1])
        deferred: list[_Work] = []
        builder.open(kind)
        copy = builder.copy
        has_hidden = bool(self.hidden)
        pending = list(reversed(nodes))  # a stack, next node last
        while pending:
            node = pending.pop()
            name = node.name
            if name == "text":
                content = node.meta["content"]
                sm = node.srcmap
                start = -1
                if sm is not None:
                    start = sm[0] if ascii_only else to_cp(sm[0])
                if start < cursor or not src.startswith(content, start):
                    start = src.find(content, cursor, limit)
                    if start < 0:
                        cursor = self._loose_text(content, cursor, limit)
                        continue
                end = start + len(content)
                if has_hidden:
                    self._copy_visible(start, end)
                else:
                    copy(start, end)
                cursor = end
            elif name == "softbreak" or name == "hardbreak":
                sm = node.srcmap
                start = cursor
                if sm is not None:
                    start = max(cursor, sm[0] if ascii_only else to_cp(sm[0]))
                    if src.find("\n", cursor, start) >= 0:
                        # A break's place past a line end the text before it has
                        # not reached: the parser misplaced it (a no-break space
                        # at a line's start), and the break is that line end.
                        start = cursor
                newline = src.find("\n", start, limit + 1)
                if newline < 0:
                    continue
                self._line_break(newline)
                cursor = newline + 1
            elif name == "text_special":
                cursor = self._special(node, cursor, limit)
            elif name in _CONTAINERS:
                if name == "link" and node.meta.get("title"):
                    deferred.append((_TITLE, node, "link-title", False, _NO_NODES))
                pending.extend(reversed(node.children))
            elif name == "image":
                builder.mask()
                deferred.append((_ALT, node, "alt", False, _NO_NODES))
                cursor = self._after(node, cursor)
            elif name in _MASKED:
                if name != "html_inline":
                    builder.mask()
                elif FORMATTING_TAG.fullmatch(node.meta.get("content", "")) is None:
                    builder.mask()
                    self._comments(node)
                cursor = self._after(node, cursor)
            elif name != "todo_checkbox":
                pending.extend(reversed(node.children))
        builder.close()
        return deferred

    def _after(self, node: Node, cursor: int) -> int:
        """The search cursor after a masked node."""
        sm = node.srcmap
        if sm is None:
            return cursor
        return max(cursor, self._cp(sm[1]))

    def _special(self, node: Node, cursor: int, limit: int) -> int:
        """An entity or escape (decoded), or a bare URL (masked)."""
        meta = node.meta
        if meta.get("info") not in ("entity", "escape"):
            self.builder.mask()
            return self._after(node, cursor)
        markup = meta.get("markup", "")
        sm = node.srcmap
        start = -1 if sm is None else self._cp(sm[0])
        if start < cursor or not self.src.startswith(markup, start):
            start = self.src.find(markup, cursor, limit)
            if start < 0 or not markup:
                self.builder.mask()
                return cursor
        end = start + len(markup)
        content = meta["content"]
        if meta["info"] == "escape" and content != markup:
            # The escaped character as written: markdown-it may have parsed a text
            # whose backticks were neutralised (see _parse).
            content = self.raw[start + 1 : end]
        if content == markup:  # a backslash before a non-punctuation
            self.builder.copy(start, end)
        elif meta.get("info") == "escape":
            # The escaped character as written: the parser may have seen a
            # stand-in for it (see _parse).
            self.builder.decoded(self.raw[start + 1 : end], start, end)
        else:
            self.builder.decoded(content, start, end)
        return end

    def _loose_text(self, content: str, cursor: int, limit: int) -> int:
        """Text markdown-it rewrote: a table cell's escaped pipes ("\\|")."""
        pattern = r"\\?\|".join(re.escape(part) for part in content.split("|"))
        match = re.compile(pattern).search(self.src, cursor, limit)
        if match is None or "|" not in content:
            self.builder.mask()
            return cursor
        position = match.start()
        for part in content.split("|")[:-1]:
            self.builder.copy(position, position + len(part))
            position += len(part)
            if self.src[position] == "\\":
                self.builder.decoded("|", position, position + 2)
                position += 2
            else:
                self.builder.copy(position, position + 1)
                position += 1
        self.builder.copy(position, match.end())
        return match.end()

    def _copy_visible(self, start: int, end: int) -> None:
        """Copy raw[start:end] without the hidden MDX ranges inside it."""
        index = max(0, bisect_right(self.hidden_starts, start) - 1)
        position = start
        hidden = self.hidden
        while index < len(hidden) and hidden[index][0] < end:
            hidden_start, hidden_end, masked = hidden[index]
            index += 1
            if hidden_end <= position:
                continue
            self.builder.copy(position, max(position, hidden_start))
            if masked:
                self.builder.mask()
            position = min(end, hidden_end)
        self.builder.copy(position, end)

    def _link_title(self, link: Node) -> None:
        """A link's title, when it stands verbatim between quotes in the link."""
        title = link.meta.get("title")
        sm = link.srcmap
        if not title or sm is None:
            return
        start, end = self._cp(sm[0]), self._cp(sm[1])
        found = self.src.rfind(title, start, end)
        if found <= start:
            return
        closer = _TITLE_CLOSERS.get(self.src[found - 1])
        if closer is None or not self.src.startswith(closer, found + len(title)):
            return
        self.builder.open("link-title")
        self.builder.copy(found, found + len(title))
        self.builder.close()

    def _html_block(self, node: Node) -> None:
        """Read a raw HTML block as HTML: its text, alt and title attributes and
        comments."""
        sm = node.srcmap
        if sm is None:
            return
        start, end = self._cp(sm[0]), self._cp(sm[1])
        content = node.meta.get("content", "")
        found = _without_markers(self.src[start:end], content, start)
        if found is None:
            self._comments(node)  # lines markdown-it changed: comments only
            return
        fed, markers = found
        self.directives.extend(
            read_html_block(self.builder, self.raw, fed, start, markers)
        )

    def _comments(self, node: Node) -> None:
        sm = node.srcmap
        if sm is None:
            return
        start, end = self._cp(sm[0]), self._cp(sm[1])
        raw = self.raw
        # Found by hand, not by a lazy regex: with no "-->" left, the regex would
        # search to the end again from each "<!--" (quadratic time).
        opened = raw.find("<!--", start, end)
        while opened >= 0:
            closed = raw.find("-->", opened + 4, end)
            if closed < 0:
                return
            directive = Directive(opened, closed + 3, raw[opened + 4 : closed])
            self.directives.append(directive)
            opened = raw.find("<!--", closed + 3, end)
