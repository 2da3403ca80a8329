"""``--fix``: rewrite findings in a document's text (run.writes writes files back).

A span finding is fixed by replacing its span with its first suggestion. A page-level
finding (a missing statement) is fixed by inserting its first suggestion at the end of
the body as its own paragraph: in Markdown, MDX and text, a blank line and the statement
before any trailing whitespace; in HTML, a ``<p>`` on its own line before ``</body>``
(or at the end when there is no ``</body>``). Only ``fix: safe`` rules are fixed unless
``unsafe`` is set. Edits that overlap are never applied together: the first by position
wins and the others are skipped (a later pass may apply them once re-linted).
"""

from __future__ import annotations

import difflib
import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import regex

from cliniclint.engine.spans import escape_rewrite
from cliniclint.findings import Finding
from cliniclint.matching.textfold import phrase_key

MAX_PASSES = 10

_BREAK = regex.compile(r"\r\n|\n|\r")
_BODY_END = regex.compile(r"</body\s*>", flags=regex.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Edit:
    """Replace ``text[start:end]`` with ``new`` (an insertion when start == end)."""

    start: int
    end: int
    new: str
    findings: tuple[Finding, ...]


def is_fixable(finding: Finding, unsafe: bool) -> bool:
    if _sentence_rewrite(finding) is not None:
        return unsafe  # a whole sentence rewritten changes what it says
    if not finding.suggestions or finding.fix == "none":
        return False
    return finding.fix == "safe" or unsafe


def _sentence_rewrite(finding: Finding) -> tuple[int, int, str] | None:
    if (
        finding.rewrite is None
        or finding.rewrite_offset is None
        or finding.rewrite_end_offset is None
    ):
        return None
    return finding.rewrite_offset, finding.rewrite_end_offset, finding.rewrite


def line_ending(text: str) -> str:
    """The file's first line break, so inserted lines match the file."""
    found = _BREAK.search(text)
    return found.group() if found else "\n"


def _insertion_point(text: str, fmt: str) -> tuple[int, str, str, str]:
    """Where page-level statements go: (offset, before each, after each, after all)."""
    eol = line_ending(text)
    if fmt == "html":
        ends = list(_BODY_END.finditer(text))
        body_end = ends[-1] if ends else None
        if body_end is not None:
            at = body_end.start()
            line_start = max(text.rfind("\n", 0, at), text.rfind("\r", 0, at)) + 1
            indent = text[line_start:at]
            if not indent.strip():
                return line_start, indent + "<p>", "</p>" + eol, ""
            return at, "<p>", "</p>", ""
        end = len(text.rstrip())
        tail = "" if _BREAK.search(text, end) else eol
        return end, (eol if end else "") + "<p>", "</p>", tail
    end = len(text.rstrip())
    tail = "" if _BREAK.search(text, end) else eol
    return end, (eol + eol if end else ""), "", tail


def _statement(finding: Finding, fmt: str) -> str:
    statement = finding.suggestions[0]
    return html.escape(statement, quote=False) if fmt == "html" else statement


def plan_edits(
    text: str, findings: Sequence[Finding], unsafe: bool, fmt: str = "text"
) -> tuple[list[Edit], list[Finding]]:
    """The edits to apply (sorted, non-overlapping) and the fixable findings skipped
    because an earlier edit overlaps theirs."""
    candidates: list[Edit] = []
    pages: list[Finding] = []
    for finding in findings:
        if not is_fixable(finding, unsafe):
            continue
        if finding.offset is None or finding.end_offset is None:
            # A statement already on the page is not inserted again: its rule does not
            # accept it, and inserting it once more would change nothing.
            if _statement(finding, fmt) not in text:
                pages.append(finding)
            continue
        sentence = _sentence_rewrite(finding)
        if sentence is not None:
            start, end, new = sentence
            new = escape_rewrite(text, start, fmt, new)
            if text[start:end] != new:
                candidates.append(Edit(start, end, new, (finding,)))
            continue
        new = escape_rewrite(text, finding.offset, fmt, finding.suggestions[0])
        if text[finding.offset : finding.end_offset] == new:
            continue  # nothing to change
        candidates.append(Edit(finding.offset, finding.end_offset, new, (finding,)))
    if pages:
        at, before, after, tail = _insertion_point(text, fmt)
        body = "".join(before + _statement(f, fmt) + after for f in pages)
        # One insertion for all statements keeps them in order and together.
        candidates.append(Edit(at, at, body + tail, tuple(pages)))
    candidates.sort(key=lambda e: (e.start, e.end))
    kept: list[Edit] = []
    skipped: list[Finding] = []
    last_start, last_end = -1, -1  # the last kept non-empty edit
    for edit in candidates:
        if edit.start == edit.end:
            conflict = last_start < edit.start < last_end
        else:
            conflict = edit.start < last_end
        if conflict:
            skipped.extend(edit.findings)
            continue
        kept.append(edit)
        if edit.start != edit.end:
            last_start, last_end = edit.start, edit.end
    return kept, skipped


def apply_fixes(
    text: str, findings: Sequence[Finding], unsafe: bool, fmt: str = "text"
) -> tuple[str, list[Finding], list[Finding]]:
    """Apply one pass of fixes: ``(new_text, applied, skipped)``.

    Pure: text outside the applied edits is left exactly as it was.
    """
    edits, skipped = plan_edits(text, findings, unsafe, fmt)
    pieces: list[str] = []
    applied: list[Finding] = []
    position = 0
    for edit in edits:
        pieces.append(text[position : edit.start])
        pieces.append(edit.new)
        position = edit.end
        applied.extend(edit.findings)
    pieces.append(text[position:])
    return "".join(pieces), applied, skipped


@dataclass(slots=True)
class FixResult:
    text: str
    applied: int
    findings: list[Finding]


def fix_until_stable(
    text: str,
    check: Callable[[str], list[Finding]],
    unsafe: bool,
    fmt: str = "text",
    max_passes: int = MAX_PASSES,
) -> FixResult:
    """Fix, re-lint and fix again until nothing changes (or ``max_passes``), so that
    edits skipped for overlapping are applied on a later pass and a second ``--fix``
    run finds nothing to do.

    A fix is never applied twice: a statement inserted for a page-level rule is not
    inserted again when the rule still reports the page (its ``any_of`` does not accept
    the statement), and a rewrite that the same rule flags again is left alone.
    """
    findings = check(text)
    applied = 0
    seen = {text}
    inserted: set[str] = set()
    rewritten: set[tuple[str, str]] = set()

    def fresh(finding: Finding) -> bool:
        if finding.offset is None:
            return finding.rule_id not in inserted
        # A rule that flags what a fix wrote is not fixed again: its own words for
        # a suggestion, the sentence for a rewrite.
        sentence = _sentence_rewrite(finding)
        written = sentence[2] if sentence is not None else finding.match
        return (finding.rule_id, phrase_key(written)) not in rewritten

    for _ in range(max_passes):
        todo = [f for f in findings if fresh(f)]
        new_text, done, _ = apply_fixes(text, todo, unsafe, fmt)
        if not done or new_text in seen:
            break
        seen.add(new_text)
        text = new_text
        applied += len(done)
        for finding in done:
            if finding.offset is None:
                inserted.add(finding.rule_id)
            else:
                rewritten.add((finding.rule_id, phrase_key(_new_text(finding))))
        findings = check(text)
    return FixResult(text, applied, findings)


def _new_text(finding: Finding) -> str:
    """What a fix writes for a span finding: its sentence rewrite, else its first
    suggestion."""
    sentence = _sentence_rewrite(finding)
    return sentence[2] if sentence is not None else finding.suggestions[0]


def _lines(text: str) -> list[str]:
    """Lines with their breaks, split only at \\r\\n, \\n and \\r."""
    out: list[str] = []
    position = 0
    for m in _BREAK.finditer(text):
        out.append(text[position : m.end()])
        position = m.end()
    if position < len(text):
        out.append(text[position:])
    return out


def unified_diff(old: str, new: str, path: str) -> str:
    """A unified diff of one file, as ``git diff`` shows a missing final newline."""
    lines: list[str] = []
    for line in difflib.unified_diff(
        _lines(old),
        _lines(new),
        fromfile=f"a/{path}",
        tofile=f"b/{path}",
    ):
        if line.endswith(("\n", "\r")):
            lines.append(line)
        else:
            lines.append(line + "\n\\ No newline at end of file\n")
    return "".join(lines)
