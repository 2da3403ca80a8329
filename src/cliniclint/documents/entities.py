"""Map HTML character references in raw text to prose pieces."""

from __future__ import annotations

import html
import re

from .document import ProseBuilder

__all__ = ["CHARREF", "add_unescaped"]

# The pattern html.unescape() itself uses, so that decoding piece by piece
# gives the same text as decoding the whole string.
CHARREF = re.compile(r"&(#[0-9]+;?|#[xX][0-9a-fA-F]+;?|[^\t\n\f <&#;]{1,32};?)")


def add_unescaped(builder: ProseBuilder, raw: str, start: int, end: int) -> None:
    """Append raw[start:end], decoding character references as decoded pieces."""
    position = start
    if "&" in raw[start:end]:
        for match in CHARREF.finditer(raw, start, end):
            reference = match.group()
            text = html.unescape(reference)
            if text == reference:
                continue
            builder.copy(position, match.start())
            builder.decoded(text, match.start(), match.end())
            position = match.end()
    builder.copy(position, end)
