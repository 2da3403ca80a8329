"""Lint many files: read, decode, lint, and turn every file problem into a notice."""

from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from cliniclint.documents import UnreadableFile, read_document
from cliniclint.engine.compiled import CompiledRules
from cliniclint.engine.linter import lint_document
from cliniclint.findings import FileResult

MAX_FILE_BYTES = 64 * 1024 * 1024


def lint_source(
    path: str,
    data: bytes | str,
    rules: CompiledRules,
    fmt: str | None = None,
    keep_lines: bool = True,
) -> FileResult:
    """Lint one file's content; a file that cannot be read as text becomes a notice."""
    try:
        doc = read_document(path, data, fmt)
    except UnreadableFile as exc:
        return FileResult(path, notice=str(exc))
    findings = lint_document(doc, rules)
    lines: dict[int, str] = {}
    if keep_lines:
        for finding in findings:
            if finding.start is not None and finding.start.line not in lines:
                lines[finding.start.line] = doc.lines.line_text(finding.start.line)
    return FileResult(path, findings, lines=lines)


def read_bytes(path: str) -> bytes:
    """Read a file, refusing special files and files too large to lint."""
    st = os.stat(path)
    if not os.path.isfile(path):
        raise UnreadableFile("not a regular file, skipped")
    too_large = f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB, skipped"
    if st.st_size > MAX_FILE_BYTES:
        raise UnreadableFile(too_large)
    with open(path, "rb") as handle:
        data = handle.read(MAX_FILE_BYTES + 1)  # it may have grown since
    if len(data) > MAX_FILE_BYTES:
        raise UnreadableFile(too_large)
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


def lint_file(path: str, rules: CompiledRules, keep_lines: bool = True) -> FileResult:
    try:
        data = read_file(path)
    except UnreadableFile as exc:
        return FileResult(path, notice=str(exc))
    return lint_source(path, data, rules, keep_lines=keep_lines)


def lint_files(
    paths: Sequence[str], rules: CompiledRules, keep_lines: bool = True
) -> Iterator[FileResult]:
    for path in paths:
        yield lint_file(path, rules, keep_lines)
