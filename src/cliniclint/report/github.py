"""GitHub Actions workflow commands: one annotation per finding."""

from __future__ import annotations

from cliniclint.findings import Finding, Severity
from cliniclint.report.base import Report
from cliniclint.report.paths import repo_path
from cliniclint.report.text import one_line, suggestion_lines

COMMANDS = {
    Severity.ERROR: "error",
    Severity.WARNING: "warning",
    Severity.INFO: "notice",
}


def escape_data(text: str) -> str:
    """Escape a command's message (GitHub's rules: %, CR and LF)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value: the message rules plus ``:`` and ``,``."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _properties(finding: Finding) -> str:
    props = [("file", repo_path(finding.path))]
    if finding.start is not None and finding.end is not None:
        # GitHub accepts columns only for an annotation on a single line.
        one_line_span = finding.start.line == finding.end.line
        props.append(("line", str(finding.start.line)))
        if one_line_span:
            props.append(("col", str(finding.start.column)))
        props.append(("endLine", str(finding.end.line)))
        if one_line_span:
            props.append(("endColumn", str(finding.end.column)))
    props.append(("title", f"[{finding.rule_id}]"))
    return ",".join(f"{k}={escape_property(v)}" for k, v in props)


def render_github(report: Report) -> str:
    out: list[str] = []
    for result in report.files:
        if result.notice:
            out.append(
                f"::notice file={escape_property(repo_path(result.path))},"
                f"title=cliniclint::{escape_data(result.notice)}"
            )
        for finding in result.findings:
            message = "\n".join(
                [
                    one_line(finding.message),
                    *(line.strip() for line in suggestion_lines(finding)),
                ]
            )
            out.append(
                f"::{COMMANDS[finding.severity]} {_properties(finding)}::"
                f"{escape_data(message)}"
            )
    return "".join(line + "\n" for line in out)
