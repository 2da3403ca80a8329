"""Checks shared by the property tests and the fuzz campaign: the offset map of a
document, and every finding's span and position, each computed independently of the
readers."""

from __future__ import annotations

import codecs
import html
import re

from cliniclint.documents import Document
from cliniclint.findings import Finding

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


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Count line breaks (CRLF, CR, LF) before offset, independently of the readers."""
    line, start, i = 1, 0, 0
    while i < offset:
        ch = text[i]
        if ch == "\r" and i + 1 < len(text) and text[i + 1] == "\n":
            i += 1
        if ch in "\r\n":
            line, start = line + 1, i + 1
        i += 1
    return line, offset - start + 1


def check_findings(text: str, findings: list[Finding]) -> None:
    """Each finding's span, read from ``text`` (the decoded file), is its match; its
    line and column agree with the offsets."""
    for f in findings:
        if f.offset is None or f.end_offset is None:
            assert f.start is None
            assert f.end is None
            continue
        assert 0 <= f.offset <= f.end_offset <= len(text)
        assert text[f.offset : f.end_offset] == f.match
        assert f.start is not None
        assert f.end is not None
        assert (f.start.line, f.start.column) == line_col(text, f.offset)
        assert (f.end.line, f.end.column) == line_col(text, f.end_offset)


def decode_independently(data: bytes) -> str | None:
    """The text of a file as the README promises to read it (UTF-8 with or without a
    BOM, UTF-16 or UTF-32 with a BOM, no NUL bytes), or None when it is not text."""
    # UTF-32's little-endian mark begins with UTF-16's: it is tried first.
    for bom, encoding in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                return None
    body = data.removeprefix(codecs.BOM_UTF8)
    if b"\x00" in body:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None
