"""Baselines: record today's findings, then report only new ones.

A finding's fingerprint survives edits that move it: it is the SHA-256 of the rule id,
the file's path relative to the baseline's folder, the normalised matched text
(:func:`phrase_key`), the normalised sentence around it and the occurrence index of
that (rule, text, sentence) triple in the file. Line and column are left out, and
since only identical sentences are counted together, text inserted above a finding
(even text flagged by the same rule for the same words) does not renumber it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cliniclint.errors import SourceError
from cliniclint.findings import Finding
from cliniclint.matching.textfold import phrase_key

FORMAT_VERSION = 2
MAX_BASELINE_BYTES = 256 * 1024 * 1024
# The smallest entry `baseline write` makes: file, rule, match, occurrence and a
# 64-digit fingerprint, with their keys.
MIN_ENTRY_BYTES = 100
# How far the sentence around a finding is looked for on each side.
CONTEXT_REACH = 300
# What ends a sentence, seen from inside it: closing punctuation followed by a space,
# a blank line, or markup.
_CONTEXT_BEFORE = re.compile(r"[.!?\u2026][\s\u00a0]|\n[ \t]*\n|[<>{}]")
_CONTEXT_AFTER = re.compile(r"[.!?\u2026](?=[\s\u00a0]|$)|(?=\n[ \t]*\n|[<>{}])")


def fingerprint(
    rule_id: str, rel_path: str, match: str, context: str, occurrence: int
) -> str:
    return _fingerprint(
        rule_id, rel_path, phrase_key(match), phrase_key(context), occurrence
    )


def _fingerprint(
    rule_id: str, rel_path: str, match_key: str, context_key: str, occurrence: int
) -> str:
    payload = "\x00".join((rule_id, rel_path, match_key, context_key, str(occurrence)))
    # A file name that is not UTF-8 holds its bytes as lone surrogates.
    return hashlib.sha256(payload.encode("utf-8", "surrogateescape")).hexdigest()


def relative_path(path: str, root: Path) -> str:
    """``path`` relative to ``root``, with forward slashes (stable across systems)."""
    if path == "-":
        return path
    return os.path.relpath(os.path.abspath(path), root).replace(os.sep, "/")


def sentence_around(raw: str, start: int, end: int) -> str:
    """The raw text of the sentence holding ``raw[start:end]``: from the end of the
    previous sentence (or a blank line or markup) to the end of this one, at most
    :data:`CONTEXT_REACH` characters each side."""
    low = max(0, start - CONTEXT_REACH)
    left = low
    for found in _CONTEXT_BEFORE.finditer(raw, low, start):
        left = found.end()
    high = min(len(raw), end + CONTEXT_REACH)
    after = _CONTEXT_AFTER.search(raw, end, high)
    right = after.end() if after is not None else high
    return raw[left:right]


def with_fingerprints(
    findings: Sequence[Finding], rel_path: str, raw: str
) -> list[Finding]:
    """One file's new findings in file order, each with its ``fingerprint`` (and the
    path and occurrence it comes from) set; ``raw`` is the file's text.

    The findings are the caller's own, fresh from the rules: they are marked in
    place rather than copied, as every finding passes through here.
    Occurrences are counted in file order over every finding the rules produced, before
    suppressions, so that waiving one occurrence does not renumber the others.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    out = sorted(findings, key=Finding.sort_key)
    for finding in out:
        context = ""
        if finding.offset is not None and finding.end_offset is not None:
            context = phrase_key(
                sentence_around(raw, finding.offset, finding.end_offset)
            )
        match = phrase_key(finding.match)
        key = (finding.rule_id, match, context)
        occurrence = seen[key]
        seen[key] = occurrence + 1
        mark = _fingerprint(finding.rule_id, rel_path, match, context, occurrence)
        _set(finding, "fingerprint", mark)
        _set(finding, "baseline_path", rel_path)
        _set(finding, "occurrence", occurrence)
    return out


# Findings are frozen for everyone else; these three fields are set once, here.
_set = object.__setattr__


@dataclass(frozen=True, slots=True)
class Entry:
    file: str
    rule: str
    match: str
    occurrence: int
    fingerprint: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "rule": self.rule,
            "match": self.match,
            "occurrence": self.occurrence,
            "fingerprint": self.fingerprint,
        }


def entries_for(findings: Iterable[Finding]) -> list[Entry]:
    """Baseline entries for fingerprinted findings, sorted."""
    entries = [
        Entry(
            f.baseline_path, f.rule_id, phrase_key(f.match), f.occurrence, f.fingerprint
        )
        for f in findings
        if f.fingerprint is not None and f.baseline_path is not None
    ]
    return sorted(
        entries, key=lambda e: (e.file, e.rule, e.match, e.occurrence, e.fingerprint)
    )


def dumps(entries: Sequence[Entry]) -> str:
    """The baseline file's text: JSON, sorted, one stable layout."""
    doc = {
        "cliniclint_baseline": FORMAT_VERSION,
        "findings": [e.as_dict() for e in entries],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


@dataclass(slots=True)
class Baseline:
    """A baseline file in use: which fingerprints it holds and which were seen."""

    path: Path
    entries: list[Entry]
    matched: set[str] = field(default_factory=set)
    files_seen: set[str] = field(default_factory=set)
    hidden: int = 0
    _fingerprints: set[str] = field(default_factory=set, init=False, repr=False)

    def __post_init__(self) -> None:
        self._fingerprints = {e.fingerprint for e in self.entries}

    @property
    def root(self) -> Path:
        return self.path.parent

    def split(self, findings: Sequence[Finding]) -> tuple[list[Finding], set[str]]:
        """The findings the baseline does not know, and the fingerprints it knew."""
        kept: list[Finding] = []
        known: set[str] = set()
        for finding in findings:
            fp = finding.fingerprint
            if fp is not None and fp in self._fingerprints:
                known.add(fp)
            else:
                kept.append(finding)
        return kept, known

    def record(self, rel_path: str, known: set[str]) -> None:
        """Count one linted file's result towards :attr:`hidden` and :attr:`stale`."""
        self.files_seen.add(rel_path)
        self.matched |= known
        self.hidden += len(known)

    @property
    def stale(self) -> int:
        """Entries for files linted in this run that matched nothing any more."""
        return sum(
            1
            for e in self.entries
            if e.file in self.files_seen and e.fingerprint not in self.matched
        )


def _bad(path: Path, message: str, line: int | None = None) -> SourceError:
    return SourceError(str(path), line, None, message)


def read_baseline(path: Path) -> Baseline:
    if not path.exists():
        raise _bad(
            path, "no such baseline file (write one with `cliniclint baseline write`)"
        )
    try:
        from cliniclint.packs.yamlsource import read_regular_file

        text = read_regular_file(path, MAX_BASELINE_BYTES).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise _bad(path, f"cannot read baseline: {exc}") from None
    # Parsed JSON takes ten times its size and more when it is mostly small
    # objects ([{},{},...]): a real entry has a 64-digit fingerprint and four more
    # keys, so a file with more objects than its size allows is refused unparsed.
    if text.count("{") > len(text) // MIN_ENTRY_BYTES + 16:
        raise _bad(path, "not a cliniclint baseline (too many entries for its size)")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceError(str(path), exc.lineno, exc.colno, exc.msg.lower()) from None
    except RecursionError:
        raise _bad(path, "JSON nested too deeply") from None
    if isinstance(doc, dict) and doc.get("cliniclint_baseline") == 1:
        raise _bad(
            path,
            "a baseline of format 1, whose fingerprints change when findings are"
            " added above others: write it again with `cliniclint baseline write`",
            1,
        )
    if not isinstance(doc, dict) or doc.get("cliniclint_baseline") != FORMAT_VERSION:
        raise _bad(path, f"not a cliniclint baseline (version {FORMAT_VERSION})", 1)
    items = doc.get("findings")
    if not isinstance(items, list):
        raise _bad(path, "`findings` must be a list", 1)
    entries: list[Entry] = []
    for item in items:
        try:
            entries.append(
                Entry(
                    str(item["file"]),
                    str(item["rule"]),
                    str(item.get("match", "")),
                    int(item.get("occurrence", 0)),
                    str(item["fingerprint"]),
                )
            )
        except (KeyError, TypeError, ValueError):
            raise _bad(path, f"bad baseline entry: {json.dumps(item)[:80]}") from None
    return Baseline(Path(os.path.abspath(path)), entries)
