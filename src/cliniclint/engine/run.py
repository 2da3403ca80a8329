"""Lint many files: read, decode, lint, and turn every file problem into a notice."""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import BinaryIO

from cliniclint.documents import Document, UnreadableFile, read_document
from cliniclint.engine.compiled import CompiledRules
from cliniclint.engine.linter import lint_document
from cliniclint.findings import FileResult, Finding

MAX_FILE_BYTES = 64 * 1024 * 1024


def start_lines(doc: Document, findings: Sequence[Finding]) -> dict[int, str]:
    """The source lines that findings start on, for reporters that show context."""
    lines: dict[int, str] = {}
    for finding in findings:
        if finding.start is not None and finding.start.line not in lines:
            lines[finding.start.line] = doc.lines.line_text(finding.start.line)
    return lines


def lint_source(
    path: str, data: bytes | str, rules: CompiledRules, fmt: str | None = None
) -> FileResult:
    """Lint one file's content; a file that cannot be read as text becomes a notice."""
    try:
        doc = read_document(path, data, fmt)
    except UnreadableFile as exc:
        return FileResult(path, notice=str(exc))
    findings = lint_document(doc, rules)
    return FileResult(path, findings, lines=start_lines(doc, findings))


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


def lint_file(path: str, rules: CompiledRules) -> FileResult:
    try:
        data = read_file(path)
    except UnreadableFile as exc:
        return FileResult(path, notice=str(exc))
    return lint_source(path, data, rules)
