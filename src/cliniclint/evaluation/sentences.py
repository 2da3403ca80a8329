"""`cliniclint eval`: score the rule packs on labelled sentences.

A labelled set is JSON Lines, one record per line::

    {"id": "V-1", "text": "Our stem cells cure arthritis.", "category": "cure-claim"}
    {"id": "C-1", "text": "There is no cure for arthritis."}

A record with a ``category`` is violative: the packs should flag it. A record without
one, or with the category ``compliant``, is compliant: the packs should stay quiet; one
marked ``"expected_flag": "light"`` may draw a warning, and is left out of the
false-alarm rate. Each record's ``text`` is linted on its own as a one-line plain-text
document, with the page-level (``required``) rules off, since every lone sentence
would otherwise lack its page's notices.

A record counts as *flagged* when at least one finding reaches severity warning;
``info`` findings do not count. The finding's category does not have to match the
record's: any warning or error on a violative record is a detection.

- recall = flagged violative records / violative records
- false-alarm rate = flagged compliant records / compliant records
- per-category recall = recall over the violative records whose primary ``category``
  is that id (the optional ``also`` list is not used).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cliniclint.engine import CompiledRules, lint_text
from cliniclint.errors import SourceError
from cliniclint.evaluation.rates import rate, shown
from cliniclint.findings import Finding, Severity
from cliniclint.packs.yamlsource import read_regular_file

MAX_RECORDS_BYTES = 256 * 1024 * 1024

FLAG_LEVEL = Severity.WARNING


# The category some labelled sets give their compliant records.
COMPLIANT = "compliant"


@dataclass(frozen=True, slots=True)
class Record:
    """One labelled sentence; ``category`` is None for a compliant record."""

    id: str
    text: str
    category: str | None
    where: str  # path:line, for messages
    # A compliant record that may draw a warning (``"expected_flag": "light"``).
    light: bool = False

    @property
    def violative(self) -> bool:
        return self.category is not None


@dataclass(frozen=True, slots=True)
class RecordResult:
    """What the packs said about one record."""

    record: Record
    findings: tuple[Finding, ...]

    @property
    def flagged(self) -> bool:
        return any(f.severity >= FLAG_LEVEL for f in self.findings)


@dataclass(slots=True)
class Score:
    """Recall and false alarms over a labelled set."""

    outcomes: list[RecordResult] = field(default_factory=list)

    @property
    def violative(self) -> list[RecordResult]:
        return [o for o in self.outcomes if o.record.violative]

    @property
    def compliant(self) -> list[RecordResult]:
        """The compliant records that must draw no warning."""
        return [
            o for o in self.outcomes if not o.record.violative and not o.record.light
        ]

    @property
    def misses(self) -> list[RecordResult]:
        return [o for o in self.violative if not o.flagged]

    @property
    def false_alarms(self) -> list[RecordResult]:
        return [o for o in self.compliant if o.flagged]

    @property
    def recall(self) -> float | None:
        total = len(self.violative)
        return rate(total - len(self.misses), total)

    @property
    def false_alarm_rate(self) -> float | None:
        return rate(len(self.false_alarms), len(self.compliant))

    def per_category(self) -> dict[str, tuple[int, int]]:
        """Primary category -> (flagged, total), sorted by category id."""
        table: dict[str, list[int]] = {}
        for o in self.violative:
            assert o.record.category is not None
            row = table.setdefault(o.record.category, [0, 0])
            row[0] += o.flagged
            row[1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(table.items())}


def _parse_line(path: str, number: int, line: str) -> Record:
    try:
        data: Any = json.loads(line)
    except json.JSONDecodeError as exc:
        message = f"not valid JSON: {exc.msg}"
        raise SourceError(path, number, exc.colno, message) from None
    except RecursionError:
        raise SourceError(path, number, 1, "JSON nested too deeply") from None
    if not isinstance(data, dict):
        raise SourceError(path, number, 1, "a record must be a JSON object")
    text = data.get("text")
    if not isinstance(text, str):
        raise SourceError(path, number, 1, "a record needs a string `text`")
    category = data.get("category")
    if category is not None and not isinstance(category, str):
        raise SourceError(path, number, 1, "`category` must be a string")
    rid = data.get("id")
    record_id = str(rid) if rid is not None else f"{Path(path).name}:{number}"
    if category == COMPLIANT:
        category = None
    light = not category and data.get("expected_flag") == "light"
    return Record(record_id, text, category or None, f"{path}:{number}", light)


def read_records(paths: Iterable[str | Path]) -> list[Record]:
    """Read JSON Lines files; blank lines are skipped, a bad line is a SourceError."""
    records: list[Record] = []
    for given in paths:
        path = str(given)
        try:
            data = read_regular_file(Path(path), MAX_RECORDS_BYTES)
            lines = data.decode("utf-8").splitlines()
        except UnicodeDecodeError:
            raise SourceError(path, None, None, "not UTF-8 text") from None
        for number, line in enumerate(lines, start=1):
            if line.strip():
                records.append(_parse_line(path, number, line))
    return records


def score_records(records: Sequence[Record], rules: CompiledRules) -> Score:
    """Lint every record as its own plain-text document and collect the outcomes."""
    result = Score()
    for record in records:
        findings = lint_text(record.text, rules, path=record.id, fmt="text")
        result.outcomes.append(RecordResult(record, tuple(findings)))
    return result


def _one_line(text: str, width: int = 110) -> str:
    one = " ".join(text.split())
    return one if len(one) <= width else one[: width - 1] + "…"


def _finding_label(f: Finding) -> str:
    return f"{f.rule_id} ({f.severity.label}) at {f.match!r}"


def render_text(result: Score, show_misses: bool = False) -> str:
    v, c = len(result.violative), len(result.compliant)
    lines = [
        f"records: {v} violative, {c} compliant",
        f"recall: {shown(result.recall)} ({v - len(result.misses)}/{v} violative "
        "records drew a warning or error)",
        f"false-alarm rate: {shown(result.false_alarm_rate)} "
        f"({len(result.false_alarms)}/{c} compliant records drew a warning or error)",
        "",
        "recall by primary category:",
    ]
    table = result.per_category()
    width = max((len(k) for k in table), default=0)
    for category, (hit, total) in table.items():
        lines.append(f"  {category:<{width}}  {hit / total:.3f}  ({hit}/{total})")
    if show_misses:
        lines += ["", f"misses ({len(result.misses)}):"]
        for o in result.misses:
            record = o.record
            lines.append(f"  {record.id} [{record.category}] {_one_line(record.text)}")
        lines += ["", f"false alarms ({len(result.false_alarms)}):"]
        for o in result.false_alarms:
            lines.append(f"  {o.record.id} {_one_line(o.record.text)}")
            for f in o.findings:
                if f.severity >= FLAG_LEVEL:
                    lines.append(f"    - {_finding_label(f)}")
    return "\n".join(lines) + "\n"


def render_json(result: Score, show_misses: bool = False) -> str:
    v, c = len(result.violative), len(result.compliant)
    doc: dict[str, Any] = {
        "violative": v,
        "compliant": c,
        "detected": v - len(result.misses),
        "false_alarms": len(result.false_alarms),
        "recall": result.recall,
        "false_alarm_rate": result.false_alarm_rate,
        "per_category": {
            k: {"detected": hit, "total": total, "recall": hit / total}
            for k, (hit, total) in result.per_category().items()
        },
        "per_category_basis": "primary category",
        "flag_level": FLAG_LEVEL.label,
    }
    if show_misses:
        doc["misses"] = [
            {"id": o.record.id, "category": o.record.category, "text": o.record.text}
            for o in result.misses
        ]
        doc["false_alarm_records"] = [
            {
                "id": o.record.id,
                "text": o.record.text,
                "findings": [
                    {"rule": f.rule_id, "severity": f.severity.label, "match": f.match}
                    for f in o.findings
                    if f.severity >= FLAG_LEVEL
                ],
            }
            for o in result.false_alarms
        ]
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def below_floors(
    result: Score, min_recall: float | None, max_false_alarms: float | None
) -> list[str]:
    """The floors the score misses, as sentences (empty when all hold)."""
    out: list[str] = []
    recall = result.recall
    if min_recall is not None and recall is not None and recall < min_recall:
        out.append(f"recall {shown(recall)} is below the floor {min_recall:.3f}")
    alarms = result.false_alarm_rate
    if (
        max_false_alarms is not None
        and alarms is not None
        and alarms > max_false_alarms
    ):
        out.append(
            f"false-alarm rate {shown(alarms)} is above the ceiling "
            f"{max_false_alarms:.3f}"
        )
    return out
