"""decode(): encodings, byte order marks, binary and invalid files."""

from __future__ import annotations

import codecs

import pytest

from cliniclint.documents import SourceText, UnreadableFile, decode


def test_plain_utf8() -> None:
    assert decode("Caf\u00e9 care\n".encode()) == SourceText(
        "Caf\u00e9 care\n", "utf-8", False
    )


def test_utf8_bom_is_removed_and_remembered() -> None:
    source = decode(codecs.BOM_UTF8 + b"Hello\r\nWorld")
    assert source == SourceText("Hello\r\nWorld", "utf-8", True)


def test_line_endings_are_kept() -> None:
    assert decode(b"a\r\nb\rc\nd").text == "a\r\nb\rc\nd"


def test_empty_file() -> None:
    assert decode(b"") == SourceText("", "utf-8", False)


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [(codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")],
)
def test_utf16_with_bom(bom: bytes, encoding: str) -> None:
    text = "Best clinic \u2014 \U0001f600\r\nline two"
    source = decode(bom + text.encode(encoding))
    assert source == SourceText(text, encoding, True)


def test_nul_bytes_mean_binary() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert str(caught.value) == "binary file, skipped"


def test_nul_after_utf8_bom_is_binary() -> None:
    with pytest.raises(UnreadableFile, match=r"^binary file, skipped$"):
        decode(codecs.BOM_UTF8 + b"a\x00b")


def test_utf16_without_bom_is_binary() -> None:
    with pytest.raises(UnreadableFile, match=r"^binary file, skipped$"):
        decode("hello".encode("utf-16-le"))


def test_invalid_utf8_names_byte_and_offset() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode(b"Caf\xe9 au lait")
    assert str(caught.value) == "not valid UTF-8 (byte 0xe9 at offset 3), skipped"


def test_invalid_utf8_offset_counts_the_bom() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode(codecs.BOM_UTF8 + b"ok \xff")
    assert str(caught.value) == "not valid UTF-8 (byte 0xff at offset 6), skipped"


def test_truncated_utf8_sequence() -> None:
    with pytest.raises(UnreadableFile) as caught:
        decode("caf\u00e9".encode()[:-1])
    assert str(caught.value) == "not valid UTF-8 (byte 0xc3 at offset 3), skipped"


def test_invalid_utf16() -> None:
    data = codecs.BOM_UTF16_LE + "ab".encode("utf-16-le") + b"\x00\xd8"
    with pytest.raises(UnreadableFile) as caught:
        decode(data)
    assert str(caught.value) == "not valid UTF-16 (byte 0x00 at offset 6), skipped"


def test_unreadable_file_is_an_exception() -> None:
    assert issubclass(UnreadableFile, Exception)
