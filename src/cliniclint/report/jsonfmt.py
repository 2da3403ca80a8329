"""JSON output: a stable, documented schema (version 1)."""

from __future__ import annotations

import json
from collections.abc import Callable
from json.encoder import encode_basestring
from typing import Any

from cliniclint import __version__
from cliniclint.findings import Finding, Severity
from cliniclint.report.base import Report

SCHEMA_VERSION = 1


def finding_json(finding: Finding) -> str:
    """One finding as a JSON object, keys in the schema's order, as ``dump`` would
    encode it (no spaces, non-ASCII kept).

    Built from pieces kept by value: a run writes tens of thousands of findings of a
    few hundred rules, and the rule's own fields (advice, pack, references) are most
    of each finding's bytes."""
    head = _piece(
        (finding.rule_id, finding.category, finding.severity),
        lambda: (
            f'"rule":{_str(finding.rule_id)},'
            f'"category":{_str(finding.category)},'
            f'"severity":"{finding.severity.label}",'
        ),
    )
    middle = _piece(
        (finding.advice, finding.fix, finding.pack_id, finding.pack_version),
        lambda: (
            f'"advice":{_opt(finding.advice)},"fix":{_str(finding.fix)},'
            f'"pack":{{"id":{_str(finding.pack_id)},'
            f'"version":{_str(finding.pack_version)}}},'
        ),
    )
    tail = _piece(
        (finding.references, finding.jurisdiction),
        lambda: (
            '"references":['
            + ",".join(
                f'{{"title":{_str(r.title)},"url":{_str(r.url)}}}'
                for r in finding.references
            )
            + f'],"jurisdiction":{_opt(finding.jurisdiction)}}}'
        ),
    )
    span = "null"
    if finding.start is not None and finding.end is not None:
        span = (
            f'{{"start":{{"line":{finding.start.line},'
            f'"column":{finding.start.column}}},'
            f'"end":{{"line":{finding.end.line},"column":{finding.end.column}}},'
            f'"offset":{_int(finding.offset)},"end_offset":{_int(finding.end_offset)}}}'
        )
    rewrite = "null"
    if finding.rewrite is not None:
        where = "null"
        if finding.rewrite_offset is not None:
            where = (
                f'{{"offset":{finding.rewrite_offset},'
                f'"end_offset":{_int(finding.rewrite_end_offset)}}}'
            )
        rewrite = f'{{"text":{_str(finding.rewrite)},"span":{where}}}'
    related = ",".join(
        f'{{"rule":{_str(r.rule_id)},"category":{_str(r.category)},'
        f'"severity":"{r.severity.label}","message":{_str(r.message)}}}'
        for r in finding.related
    )
    suggestions = ",".join(_str(s) for s in finding.suggestions)
    return (
        f'{{"file":{_str(finding.path)},{head}"message":{_str(finding.message)},'
        f'"span":{span},"match":{_str(finding.match)},"suggestions":[{suggestions}],'
        f'{middle}"rewrite":{rewrite},"related":[{related}],'
        f'"severity_note":{_opt(finding.note or None)},{tail}'
    )


_str = encode_basestring
# Pieces of findings' JSON by the values they encode (see finding_json); cleared
# when full, so that a long-lived process (the server) holds a bounded number.
_PIECES: dict[tuple[Any, ...], str] = {}
_MAX_PIECES = 4096


def _piece(key: tuple[Any, ...], make: Callable[[], str]) -> str:
    found = _PIECES.get(key)
    if found is None:
        if len(_PIECES) >= _MAX_PIECES:
            _PIECES.clear()
        found = _PIECES[key] = make()
    return found


def _opt(value: str | None) -> str:
    return "null" if value is None else _str(value)


def _int(value: int | None) -> str:
    return "null" if value is None else str(value)


def render_json(report: Report) -> str:
    counts = report.counts()
    doc: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "tool": {"name": "cliniclint", "version": __version__},
        "findings": [finding_json(f) for f in report.findings()],
        "notices": [
            {"file": r.path, "message": r.notice} for r in report.files if r.notice
        ],
        "summary": {
            "files_checked": report.checked,
            "files_skipped": report.skipped,
            "errors": counts.get(Severity.ERROR, 0),
            "warnings": counts.get(Severity.WARNING, 0),
            "infos": counts.get(Severity.INFO, 0),
        },
    }
    if report.fixed is not None:
        doc["summary"]["fixed"] = report.fixed
    if report.baseline is not None:
        doc["baseline"] = {
            "path": report.baseline.path,
            "hidden": report.baseline.hidden,
            "stale": report.baseline.stale,
        }
    return dump_lines(doc)


def dump(value: Any) -> str:
    return _dump(value)


# One encoder for every value: json.dumps builds a new one per call otherwise.
_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _dump(value: Any) -> str:
    return _ENCODER.encode(value)


def dump_lines(doc: dict[str, Any]) -> str:
    """The document as JSON with one top-level key, and one finding, per line; its
    findings are already encoded (``finding_json``).

    Without indentation the standard library encodes in C, which matters for runs with
    tens of thousands of findings; a finding per line keeps the output greppable.
    """
    parts = []
    for key, value in doc.items():
        if key == "findings" and value:
            body = ",\n".join(value)
            parts.append(f"{_dump(key)}:[\n{body}\n]")
        else:
            parts.append(f"{_dump(key)}:{_dump(value)}")
    return "{" + ",\n".join(parts) + "}\n"
