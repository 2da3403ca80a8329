"""Turn the bytes of a file into text, remembering how it was encoded."""

from __future__ import annotations

import codecs
from dataclasses import dataclass

__all__ = ["SourceText", "UnreadableFile", "decode"]


class UnreadableFile(Exception):
    """A file that cannot be read as text; the message is a one-line notice."""


@dataclass(frozen=True, slots=True)
class SourceText:
    """Decoded file text plus what is needed to write it back unchanged."""

    text: str
    """Decoded text, BOM removed, line endings untouched (CRLF and CR kept)."""
    encoding: str
    """``"utf-8"``, ``"utf-16-le"`` or ``"utf-16-be"``."""
    bom: bool
    """Whether the file started with a byte order mark."""


_UTF16_BOMS = (
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes) -> SourceText:
    """Decode UTF-8 (with or without BOM) or UTF-16 (with BOM).

    Raises UnreadableFile for binary data and for invalid UTF-8 or UTF-16.
    """
    for bom, encoding in _UTF16_BOMS:
        if data.startswith(bom):
            return SourceText(_decode_utf16(data, len(bom), encoding), encoding, True)
    has_bom = data.startswith(codecs.BOM_UTF8)
    body = data[len(codecs.BOM_UTF8) :] if has_bom else data
    # UTF-8 text never holds NUL bytes in practice; UTF-16 without a BOM and
    # binary formats do, and neither can be linted.
    if b"\x00" in body:
        raise UnreadableFile("binary file, skipped")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        offset = exc.start + (len(data) - len(body))
        raise UnreadableFile(
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}), skipped"
        ) from None
    return SourceText(text, "utf-8", has_bom)


def _decode_utf16(data: bytes, skip: int, encoding: str) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise UnreadableFile(
            f"not valid {encoding.upper()[:6]} (byte 0x{data[offset]:02x} "
            f"at offset {offset}), skipped"
        ) from None
