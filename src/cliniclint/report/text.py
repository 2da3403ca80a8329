"""Human-readable output: location, rule, message, the line underlined, rewrite."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from cliniclint.findings import Finding, Severity
from cliniclint.report.base import FileResult, Report

_LINE_BREAKS = re.compile(r"[^\S\r\n]*(?:\r\n|\r|\n)\s*")


def one_line(message: str) -> str:
    """A message on one line: a match that spans lines is shown with a space (and
    any other control character escaped)."""
    if message.isascii() and message.isprintable():
        return message
    return escape(_LINE_BREAKS.sub(" ", message))


# Control characters (C0, DEL, C1), and the separators and direction overrides that
# terminals, editors or problem matchers read as a line break or reorder: from a
# page (or a file name), they would reach the terminal raw.
# Lone surrogates are the bytes of a file name that is not UTF-8 (as Python reads
# it), shown as the bytes they stand for.
_CONTROL = re.compile(
    "[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escaped(m: re.Match[str]) -> str:
    ch = m.group()
    named = _NAMED.get(ch)
    if named is not None:
        return named
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        code -= 0xDC00
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape(text: str) -> str:
    """``text`` with control characters written as escapes (``\\x1b``, ``\\n``)."""
    if text.isascii() and text.isprintable():
        # Nearly every string: printable ASCII holds none of them (two C scans,
        # no regex call).
        return text
    return _CONTROL.sub(_escaped, text)


def _width(text: str) -> int:
    """Terminal columns: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


# A line longer than this is shown as a window around the finding, so that a page
# on one long line (minified HTML, a 10 MB paragraph) costs as much to print per
# finding as a short one.
LONG_LINE = 200
CONTEXT = 60
ELLIPSIS = "..."


def _window(line_text: str, start: int, end: int) -> tuple[str, int, int]:
    """The part of a long line to show: ``(text, start, end)`` re-based on it."""
    if len(line_text) <= LONG_LINE:
        return line_text, start, end
    end = min(end, start + LONG_LINE - 2 * CONTEXT)
    left = max(0, start - CONTEXT)
    right = min(len(line_text), end + CONTEXT)
    shown = line_text[left:right]
    prefix = ELLIPSIS + " " if left else ""
    suffix = " " + ELLIPSIS if right < len(line_text) else ""
    offset = len(prefix) - left
    return prefix + shown + suffix, start + offset, end + offset


def _underline(finding: Finding, line_text: str) -> tuple[str, str]:
    assert finding.start is not None
    assert finding.end is not None
    start = finding.start.column - 1
    if finding.end.line == finding.start.line:
        end = max(finding.end.column - 1, start + 1)
    else:
        end = len(line_text)
    line_text, start, end = _window(line_text, start, end)
    shown = line_text.replace("\t", " ")
    before, inside = escape(shown[:start]), escape(shown[start:end])
    pad = " " * _width(before)
    marks = "^" * max(_width(inside), 1)
    return before + inside + escape(shown[end:]), pad + marks


def suggestion_lines(finding: Finding) -> Iterator[str]:
    """The rewrite, advice, related rules and severity note shown under a finding."""
    if finding.note:
        yield f"    severity {finding.note}"
    if finding.related:
        also = ", ".join(f"{r.rule_id} ({r.severity.label})" for r in finding.related)
        yield f"    also: {also}"
    if finding.rewrite:
        yield f"    rewrite: {finding.rewrite}"
    if finding.suggestions:
        label = "fix" if finding.fix == "safe" else "suggest"
        for s in finding.suggestions:
            yield f"    {label}: {escape(s)}"
    if finding.advice:
        yield f"    advice: {escape(finding.advice)}"


def detail_lines(finding: Finding) -> Iterator[str]:
    """The jurisdiction and the cited sources."""
    if finding.jurisdiction is not None:
        yield f"    jurisdiction: {finding.jurisdiction}"
    for reference in finding.references:
        yield f"    see: {reference.title} <{reference.url}>"


def finding_lines(finding: Finding, result: FileResult) -> Iterator[str]:
    sev = finding.severity.label
    path = escape(finding.path)
    if finding.start is None:
        yield f"{path}: {sev} [{finding.rule_id}] {one_line(finding.message)}"
    else:
        yield (
            f"{path}:{finding.start.line}:{finding.start.column}: "
            f"{sev} [{finding.rule_id}] {one_line(finding.message)}"
        )
        line_text = result.lines.get(finding.start.line)
        if line_text is not None:
            number = str(finding.start.line)
            shown, marks = _underline(finding, line_text)
            yield f"  {number} | {shown}"
            yield f"  {' ' * len(number)} | {marks}"
    yield from suggestion_lines(finding)
    yield from detail_lines(finding)


class SummaryCounts(Protocol):
    """What the summary line counts (a report, or the totals of a streamed run)."""

    counts: Counter[Severity]
    with_findings: int
    checked: int
    fixed: int | None
    remaining: int

    @property
    def skipped(self) -> int: ...


@dataclass(slots=True)
class _ReportCounts:
    counts: Counter[Severity]
    with_findings: int
    checked: int
    skipped: int
    fixed: int | None
    remaining: int


def summary_line(totals: SummaryCounts) -> str:
    parts = []
    for sev in (Severity.ERROR, Severity.WARNING, Severity.INFO):
        n = totals.counts.get(sev, 0)
        parts.append(f"{n} {sev.label}{'s' if n != 1 and sev != Severity.INFO else ''}")
    with_findings = totals.with_findings
    line = (
        f"Found {', '.join(parts)} in {with_findings} "
        f"file{'s' if with_findings != 1 else ''} ({totals.checked} checked"
    )
    # A skipped file was not read: say so, so that a clean summary is not taken
    # for a clean site.
    line += f", {totals.skipped} skipped)." if totals.skipped else ")."
    if totals.fixed is not None:
        line += (
            f" Fixed {totals.fixed} finding{'s' if totals.fixed != 1 else ''}, "
            f"{totals.remaining} remaining."
        )
    return line


def summary(report: Report) -> str:
    return summary_line(
        _ReportCounts(
            report.counts(),
            sum(1 for r in report.files if r.findings),
            report.checked,
            report.skipped,
            report.fixed,
            len(report.findings()),
        )
    )


def file_text(result: FileResult) -> str:
    """The text-format lines of one file (without the summary)."""
    out: list[str] = []
    if result.notice:
        out.append(f"{escape(result.path)}: notice: {escape(result.notice)}")
    for finding in result.findings:
        out.extend(finding_lines(finding, result))
    return "".join(line + "\n" for line in out)


def render_text(report: Report) -> str:
    return "".join(file_text(r) for r in report.files) + summary(report) + "\n"


def render_concise(report: Report) -> str:
    out: list[str] = []
    for finding in report.findings():
        sev = finding.severity.label
        message = one_line(finding.message)
        path = escape(finding.path)
        if finding.start is None:
            out.append(f"{path}: {sev} [{finding.rule_id}] {message}")
        else:
            out.append(
                f"{path}:{finding.start.line}:{finding.start.column}: "
                f"{sev} [{finding.rule_id}] {message}"
            )
    return "".join(line + "\n" for line in out)
