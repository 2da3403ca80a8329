"""What each fuzz input goes through: every reader, the engine with the bundled packs,
and the fixer; what must hold afterwards."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from hypothesis import strategies as st

from cliniclint.documents import FORMATS, UnreadableFile, read_document
from cliniclint.engine import CompiledRules, compile_rules
from cliniclint.engine.linter import lint_document
from cliniclint.engine.ruleset import load_packs
from cliniclint.findings import Finding
from cliniclint.review.fixes import fix_until_stable, plan_edits
from cliniclint.run.writes import encode_source

from .checks import check_findings, check_invariants, decode_independently
from .strategies import (
    _bundled_profiles,
    any_bytes,
    any_text,
    html_documents,
    markdown_documents,
)


@cache
def bundled_rules() -> CompiledRules:
    """Every bundled pack, every profile: compiled once per process."""
    return compile_rules(load_packs([], profiles=_bundled_profiles()))


def read_and_lint(raw: str | bytes) -> None:
    """Read ``raw`` with every reader and lint it: no exception escapes, the offset
    map holds, and each finding's span and position match the decoded file."""
    rules = bundled_rules()
    expected = raw if isinstance(raw, str) else decode_independently(raw)
    for fmt in FORMATS:
        try:
            document = read_document("page", raw, fmt)
        except UnreadableFile as exc:
            notice = str(exc)
        else:
            notice = None
        if notice is not None:
            assert expected is None, f"{fmt}: {notice}"
            assert "\n" not in notice
            continue
        assert document.raw == expected
        check_invariants(document)
        check_findings(document.raw, lint_document(document, rules))


def fix_and_relint(raw: str) -> None:
    """Fix ``raw`` in every format (unsafe fixes too): no exception escapes, the first
    pass changes only the spans it planned, and the result reads and encodes back."""
    rules = bundled_rules()
    for fmt in FORMATS:
        document = read_document("page", raw, fmt)

        def check(text: str, fmt: str = fmt) -> list[Finding]:
            return lint_document(read_document("page", text, fmt), rules)

        findings = check(raw)
        edits, _ = plan_edits(raw, findings, unsafe=True, fmt=fmt)
        position = 0
        for edit in edits:
            assert position <= edit.start <= edit.end <= len(raw)
            position = edit.end
        fixed = fix_until_stable(raw, check, unsafe=True, fmt=fmt)
        again = read_document("page", fixed.text, fmt)
        check_findings(again.raw, fixed.findings)
        if "\x00" not in fixed.text:  # a NUL byte makes a UTF-8 file binary
            source = document.source
            data = encode_source(fixed.text, source.encoding, source.bom)
            assert read_document("page", data, fmt).raw == fixed.text


@dataclass(frozen=True)
class Target:
    name: str
    strategy: Callable[[], st.SearchStrategy[Any]]
    run: Callable[[Any], None]
    about: str


TARGETS = (
    Target("text", any_text, read_and_lint,
           "arbitrary Unicode, alone and spliced with risky copy"),
    Target("markdown", markdown_documents, read_and_lint,
           "Markdown/MDX from fragments: nested lists and quotes, tables, fences, "
           "entities, comments, front matter, JSX"),
    Target("html", html_documents, read_and_lint,
           "HTML from fragments: nested and unclosed elements, attributes, entities, "
           "comments, script and style"),
    Target("bytes", any_bytes, read_and_lint,
           "raw bytes, and UTF-8/UTF-16 documents with BOMs, flipped bytes, NULs, "
           "truncation"),
    Target("fix-markdown", markdown_documents, fix_and_relint,
           "--fix (unsafe too) on Markdown/MDX from fragments, in every format"),
    Target("fix-text", any_text, fix_and_relint,
           "--fix (unsafe too) on arbitrary Unicode, in every format"),
)  # fmt: skip
