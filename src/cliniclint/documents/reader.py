"""Read a file into a Document, choosing the reader by format."""

from __future__ import annotations

import os

from .document import Document
from .source import SourceText, decode
from .text import read_text

__all__ = ["FORMATS", "format_for_path", "read_document"]

FORMATS = ("markdown", "mdx", "html", "text")
_EXTENSIONS = {
    ".md": "markdown",
    ".markdown": "markdown",
    ".mdx": "mdx",
    ".html": "html",
    ".htm": "html",
}


def format_for_path(path: str) -> str:
    """The format a file's extension implies; unknown extensions are text."""
    return _EXTENSIONS.get(os.path.splitext(path)[1].lower(), "text")


def read_document(
    path: str, data: bytes | str, fmt: str | None = None, legacy: str | None = None
) -> Document:
    """Decode ``data`` (bytes) or take it as decoded (str) and read it; bytes that
    are not UTF-8 are read in the ``legacy`` encoding when one is given.

    Raises UnreadableFile for bytes that are not text.
    """
    if fmt is None:
        fmt = format_for_path(path)
    elif fmt not in FORMATS:
        expected = ", ".join(FORMATS)
        raise ValueError(f"unknown format {fmt!r}; expected one of {expected}")
    if isinstance(data, bytes):
        source = decode(data, legacy)
    else:
        source = SourceText(data, "utf-8", False)
    raw = source.text
    # Each reader is imported when a file of its format comes: a run over Markdown
    # never loads the HTML parser, and the other way round.
    if fmt in ("markdown", "mdx"):
        from .markdown import read_markdown

        prose, offsets, blocks, directives = read_markdown(raw, mdx=fmt == "mdx")
    elif fmt == "html":
        from .html import read_html

        prose, offsets, blocks, directives = read_html(raw)
    else:
        prose, offsets, blocks, directives = read_text(raw)
    return Document(path, source, fmt, prose, offsets, blocks, directives)
