"""GitLab Code Quality report (a JSON array of issues)."""

from __future__ import annotations

import json
from typing import Any

from cliniclint.findings import Finding, Severity
from cliniclint.report.base import Report
from cliniclint.report.paths import repo_path
from cliniclint.report.text import one_line
from cliniclint.review.baseline import fingerprint

SEVERITIES = {
    Severity.ERROR: "critical",
    Severity.WARNING: "major",
    Severity.INFO: "info",
}


def _fingerprint(finding: Finding) -> str:
    if finding.fingerprint:
        return finding.fingerprint
    return fingerprint(
        finding.rule_id, repo_path(finding.path), finding.match, "", finding.occurrence
    )


def _body(finding: Finding) -> str:
    """The issue's details (Markdown): severity change, jurisdiction, sources."""
    lines = []
    if finding.note:
        lines.append(f"Severity {finding.note}.")
    if finding.jurisdiction is not None:
        lines.append(f"Jurisdiction: `{finding.jurisdiction}`.")
    if finding.references:
        lines.append("\n".join(f"- [{r.title}]({r.url})" for r in finding.references))
    return "\n\n".join(lines)


def issue(finding: Finding) -> dict[str, Any]:
    out: dict[str, Any] = {
        "description": f"[{finding.rule_id}] {one_line(finding.message)}",
        "check_name": finding.rule_id,
        "fingerprint": _fingerprint(finding),
        "severity": SEVERITIES[finding.severity],
        "categories": ["Compliance"],
        "location": {
            "path": repo_path(finding.path),
            "lines": {"begin": finding.start.line if finding.start else 1},
        },
    }
    body = _body(finding)
    if body:
        out["content"] = {"body": body}
    return out


def render_gitlab(report: Report) -> str:
    issues = [issue(f) for f in report.findings()]
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"
