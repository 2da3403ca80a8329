"""Helpers for the integration tests: a stand-in document with comment directives,
and a marker for tests that need the real Markdown/HTML readers."""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from cliniclint.documents import read_document
from cliniclint.engine import CompiledRules, lint_text
from cliniclint.model import Finding

ROOT = Path(__file__).resolve().parents[1]
CORE_PACK = ROOT / "fixtures" / "packs" / "core.yaml"
LINT = ("lint", "--isolated", "--no-bundled", "--pack", str(CORE_PACK))

_COMMENT = re.compile(r"<!--(.*?)-->", re.S)


def _reader_sees_comments() -> bool:
    return bool(
        read_document("probe.md", "<!-- cliniclint-disable all -->\n").directives
    )


needs_documents = pytest.mark.skipif(
    not _reader_sees_comments(),
    reason="needs the documents layer (the provisional reader is text-only)",
)


@dataclass(frozen=True)
class FakeDirective:
    raw_start: int
    raw_end: int
    text: str


class FakeDoc:
    """The part of a Markdown document that suppressions use: raw text, its HTML
    comments as directives, and positions (lines split at \\r\\n, \\n, \\r)."""

    def __init__(self, raw: str, path: str = "page.md"):
        self.path = path
        self.raw = raw
        self.directives = [
            FakeDirective(m.start(), m.end(), m.group(1))
            for m in _COMMENT.finditer(raw)
        ]
        self._starts = [0, *(m.end() for m in re.finditer(r"\r\n|\n|\r", raw))]

    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._starts, offset) - 1
        return index + 1, offset - self._starts[index] + 1


def blank_comments(raw: str) -> str:
    """The text with every comment turned into spaces (offsets and line breaks
    unchanged), as a Markdown reader would skip it."""
    return _COMMENT.sub(lambda m: re.sub(r"[^\r\n]", " ", m.group()), raw)


def lint_markdown(raw: str, rules: CompiledRules) -> list[Finding]:
    """Findings for ``raw`` as if comments were not prose, at raw offsets."""
    return lint_text(blank_comments(raw), rules, path="page.md")
