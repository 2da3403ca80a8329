"""A file's bytes from disk, with the checks a lint run needs: regular files only,
none larger than MAX_FILE_BYTES, and every reason a file cannot be read turned into
an UnreadableFile whose message is the notice to show."""

from __future__ import annotations

import os
from typing import BinaryIO

from cliniclint.documents.source import UnreadableFile

MAX_FILE_BYTES = 64 * 1024 * 1024


def too_large() -> str:
    return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, skipped"


def read_capped(handle: BinaryIO) -> bytes:
    """Up to one byte more than a file may have: a longer result is too large."""
    return handle.read(MAX_FILE_BYTES + 1)


def read_bytes(path: str) -> bytes:
    """Read a file, refusing special files and files too large to lint."""
    st = os.stat(path)
    if not os.path.isfile(path):
        raise UnreadableFile("not a regular file, skipped")
    if st.st_size > MAX_FILE_BYTES:
        raise UnreadableFile(too_large())
    with open(path, "rb") as handle:
        data = read_capped(handle)  # it may have grown since
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(too_large())
    return data


def read_file(path: str) -> bytes:
    """Read a file to lint; every reason it cannot be read is an UnreadableFile whose
    message is the notice to show."""
    try:
        return read_bytes(path)
    except FileNotFoundError:
        raise UnreadableFile("no such file (or a broken link), skipped") from None
    except PermissionError:
        raise UnreadableFile("permission denied, skipped") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot read ({exc.strerror}), skipped") from None
