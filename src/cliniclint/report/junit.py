"""JUnit XML: one test suite, a test case per file, a failure per finding."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape, quoteattr

from cliniclint.findings import FileResult, Finding
from cliniclint.report.base import Report
from cliniclint.report.paths import repo_path
from cliniclint.report.text import detail_lines, one_line, suggestion_lines

# Characters XML 1.0 cannot hold, even escaped.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _clean(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def _where(finding: Finding, path: str) -> str:
    if finding.start is None:
        return path
    return f"{path}:{finding.start.line}:{finding.start.column}"


def _case(result: FileResult) -> list[str]:
    path = repo_path(result.path)
    head = f'    <testcase classname="cliniclint" name={_attr(path)}'
    if result.notice:
        return [
            head + ">",
            f"      <skipped message={_attr(result.notice)}/>",
            "    </testcase>",
        ]
    if not result.findings:
        return [head + "/>"]
    lines = [head + ">"]
    for finding in result.findings:
        summary = (
            f"{_where(finding, path)}: {finding.severity.label} "
            f"[{finding.rule_id}] {one_line(finding.message)}"
        )
        details = [*suggestion_lines(finding), *detail_lines(finding)]
        body = "\n".join([summary, *(line.strip() for line in details)])
        lines.append(
            f"      <failure type={_attr(finding.rule_id)} "
            f"message={_attr(one_line(finding.message))}>{escape(_clean(body))}</failure>"
        )
    lines.append("    </testcase>")
    return lines


def render_junit(report: Report) -> str:
    tests = len(report.files)
    # A test case is a file: it fails once, however many findings it has.
    failures = sum(1 for r in report.files if r.findings)
    skipped = sum(1 for r in report.files if r.notice)
    counts = f'tests="{tests}" failures="{failures}" errors="0" skipped="{skipped}"'
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="cliniclint" {counts}>',
        f'  <testsuite name="cliniclint" {counts}>',
    ]
    for result in report.files:
        lines.extend(_case(result))
    lines += ["  </testsuite>", "</testsuites>"]
    return "\n".join(lines) + "\n"
