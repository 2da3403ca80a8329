"""Lint one document: run the matchers, map spans back to the file, build findings."""

from __future__ import annotations

from functools import lru_cache

from cliniclint.documents import Document, read_document
from cliniclint.engine.compiled import CompiledRule, CompiledRules
from cliniclint.engine.matchers import (
    Hit,
    HitJudge,
    PatternClock,
    Text,
    claim_hits,
    is_commercial,
    missing_required,
    pattern_hits,
    phrase_hits,
    term_hits,
)
from cliniclint.engine.templates import fill, match_case
from cliniclint.engine.textfold import fold
from cliniclint.findings import Finding, Position, Severity


@lru_cache(maxsize=4096)
def _filled(
    template: str,
    match: str,
    groups: tuple[str | None, ...],
    named: tuple[tuple[str, str | None], ...],
) -> str:
    """``fill`` for a hit's template; pages repeat the same matches, and a repeat
    costs one lookup."""
    return fill(template, match, groups, dict(named))


def _span_finding(doc: Document, item: CompiledRule, hit: Hit) -> Finding:
    raw_start, raw_end = doc.raw_span(hit.start, hit.end)
    match = doc.raw[raw_start:raw_end]
    groups, named = hit.groups, hit.named
    suggestions = tuple(
        match_case(_filled(s, match, groups, named), match) for s in item.suggestions
    )
    line, col = doc.position(raw_start)
    end_line, end_col = doc.position(raw_end)
    return Finding(
        path=doc.path,
        rule_id=item.id,
        category=item.category,
        severity=hit.severity,
        message=_filled(item.message, match, groups, named),
        pack_id=item.pack_id,
        pack_version=item.pack_version,
        start=Position(line, col),
        end=Position(end_line, end_col),
        offset=raw_start,
        end_offset=raw_end,
        match=match,
        suggestions=suggestions,
        advice=item.advice,
        fix=item.fix,
    )


def _page_finding(doc: Document, item: CompiledRule, severity: Severity) -> Finding:
    return Finding(
        path=doc.path,
        rule_id=item.id,
        category=item.category,
        severity=severity,
        message=fill(item.message, ""),
        pack_id=item.pack_id,
        pack_version=item.pack_version,
        suggestions=item.suggestions,
        advice=item.advice,
        fix=item.fix,
    )


def lint_document(doc: Document, rules: CompiledRules) -> list[Finding]:
    """All findings for one document, de-duplicated and sorted by position."""
    folded = fold(doc.prose)
    text = Text.of(folded)
    clock = PatternClock(doc.path, len(folded))
    commercial = rules.needs_commercial and is_commercial(rules, text, clock)
    judge = HitJudge(doc, text, commercial, clock)
    terms = term_hits(rules, text)
    findings: dict[tuple[str, int | None, int | None], Finding] = {}
    for index in missing_required(rules, text, clock):
        item = rules.rules[index]
        severity = item.severity
        if commercial and item.commercial_severity is not None:
            severity = max(severity, item.commercial_severity)
        finding = _page_finding(doc, item, severity)
        findings.setdefault((finding.rule_id, None, None), finding)
    for hits in (
        phrase_hits(rules, text, judge),
        pattern_hits(rules, doc, text, terms, judge),
        claim_hits(rules, doc, terms, judge),
    ):
        for hit in hits:
            finding = _span_finding(doc, rules.rules[hit.rule], hit)
            key = (finding.rule_id, finding.offset, finding.end_offset)
            if key not in findings:
                findings[key] = finding
    return sorted(findings.values(), key=Finding.sort_key)


def lint_text(
    text: str, rules: CompiledRules, path: str = "<text>", fmt: str | None = "text"
) -> list[Finding]:
    """Lint a string as a document of the given format."""
    return lint_document(read_document(path, text, fmt), rules)
