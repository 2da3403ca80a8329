"""SARIF 2.1.0 output, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import json
from typing import Any

from cliniclint import __version__
from cliniclint.findings import Finding, Severity
from cliniclint.report.base import Report, RuleMeta
from cliniclint.report.paths import artifact_uri

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def _help_text(meta: RuleMeta) -> tuple[str, str]:
    text = [meta.why]
    markdown = [meta.why]
    if meta.suggestions:
        shown = "; ".join(f"“{s}”" for s in meta.suggestions)
        text.append(f"Rewrite: {shown}.")
        markdown.append("Rewrite: " + ", ".join(f"`{s}`" for s in meta.suggestions))
    if meta.advice:
        text.append(meta.advice)
        markdown.append(meta.advice)
    if meta.help_uri:
        markdown.append(f"[Reference]({meta.help_uri})")
    return " ".join(text), "\n\n".join(markdown)


def _descriptor(meta: RuleMeta) -> dict[str, Any]:
    text, markdown = _help_text(meta)
    out: dict[str, Any] = {
        "id": meta.id,
        "shortDescription": {"text": meta.title},
        "fullDescription": {"text": meta.why},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[meta.severity]},
        "properties": {
            "category": meta.category,
            "pack": meta.pack,
            "fix": meta.fix,
            "tags": [meta.category],
        },
    }
    if meta.help_uri:
        out["helpUri"] = meta.help_uri
    return out


def _region(finding: Finding) -> dict[str, int]:
    assert finding.start is not None
    assert finding.end is not None
    return {
        "startLine": finding.start.line,
        "startColumn": finding.start.column,
        "endLine": finding.end.line,
        "endColumn": finding.end.column,
    }


def _result(finding: Finding, index: dict[str, int]) -> dict[str, Any]:
    location: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(finding.path)}}
    if finding.start is not None:
        location["region"] = _region(finding)
    result: dict[str, Any] = {
        "ruleId": finding.rule_id,
        "ruleIndex": index[finding.rule_id],
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [{"physicalLocation": location}],
    }
    if finding.fingerprint:
        result["partialFingerprints"] = {"cliniclint/v1": finding.fingerprint}
    if finding.start is not None and finding.suggestions and finding.fix != "none":
        result["fixes"] = [
            {
                "description": {"text": f"Replace with “{suggestion}”"},
                "artifactChanges": [
                    {
                        "artifactLocation": {"uri": artifact_uri(finding.path)},
                        "replacements": [
                            {
                                "deletedRegion": _region(finding),
                                "insertedContent": {"text": suggestion},
                            }
                        ],
                    }
                ],
            }
            for suggestion in finding.suggestions
        ]
    result["properties"] = {
        "category": finding.category,
        "fix": finding.fix,
        "jurisdiction": finding.jurisdiction,
        "references": [{"title": r.title, "url": r.url} for r in finding.references],
    }
    if finding.related:
        result["properties"]["related"] = [r.rule_id for r in finding.related]
    if finding.rewrite:
        result["properties"]["rewrite"] = finding.rewrite
    if finding.note:
        result["properties"]["severityNote"] = finding.note
    return result


def render_sarif(report: Report) -> str:
    findings = report.findings()
    metas = dict(report.rules)
    for finding in findings:  # a rule the report was not told about still gets an entry
        if finding.rule_id not in metas:
            metas[finding.rule_id] = RuleMeta(
                finding.rule_id,
                finding.category,
                finding.severity,
                finding.rule_id,
                finding.message,
            )
    ordered = sorted(metas.values(), key=lambda m: m.id)
    index = {meta.id: i for i, meta in enumerate(ordered)}
    notifications = [
        {
            "level": "note",
            "message": {"text": result.notice},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(result.path)}
                    }
                }
            ],
        }
        for result in report.files
        if result.notice
    ]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "cliniclint",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [_descriptor(meta) for meta in ordered],
            }
        },
        "invocations": [
            {"executionSuccessful": True, "toolExecutionNotifications": notifications}
        ],
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index) for f in findings],
    }
    doc = {"$schema": SCHEMA, "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
