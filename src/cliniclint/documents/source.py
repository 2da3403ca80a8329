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
    """``"utf-8"``, ``"utf-16-le"``, ``"utf-16-be"``, ``"utf-32-le"``,
    ``"utf-32-be"``, or the legacy encoding a configuration names."""
    bom: bool
    """Whether the file started with a byte order mark."""


# UTF-32's little-endian mark starts with UTF-16's: it is looked for first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, legacy: str | None = None) -> SourceText:
    """Decode UTF-8 (with or without BOM), UTF-16 or UTF-32 (with BOM); bytes that
    are not UTF-8 in the ``legacy`` encoding (a codec name) when one is given.

    Raises UnreadableFile for binary data and for text in none of these.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return SourceText(_decode_bom(data, len(bom), encoding), encoding, True)
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
        if legacy is not None and not has_bom:
            return _decode_legacy(data, legacy)
        raise UnreadableFile(
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}), skipped"
        ) from None
    return SourceText(text, "utf-8", has_bom)


def _decode_legacy(data: bytes, encoding: str) -> SourceText:
    try:
        return SourceText(data.decode(encoding), encoding, False)
    except UnicodeDecodeError as exc:
        raise UnreadableFile(
            f"neither UTF-8 nor {encoding} (byte 0x{data[exc.start]:02x} "
            f"at offset {exc.start}), skipped"
        ) from None


def _decode_bom(data: bytes, skip: int, encoding: str) -> str:
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        offset = exc.start + skip
        raise UnreadableFile(
            f"not valid {encoding.upper()[:6]} (byte 0x{data[offset]:02x} "
            f"at offset {offset}), skipped"
        ) from None
