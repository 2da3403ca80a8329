"""``--statistics``: how many findings per rule and per category."""

from __future__ import annotations

import json
from collections import Counter

from cliniclint.report.base import Report


def _counts(report: Report) -> tuple[list[tuple[str, str, int]], list[tuple[str, int]]]:
    by_rule: Counter[tuple[str, str]] = Counter(
        (f.rule_id, f.category) for f in report.findings()
    )
    by_category: Counter[str] = Counter(f.category for f in report.findings())
    rules = sorted(
        ((r, c, n) for (r, c), n in by_rule.items()), key=lambda t: (-t[2], t[0])
    )
    categories = sorted(by_category.items(), key=lambda t: (-t[1], t[0]))
    return rules, categories


def render_statistics(report: Report) -> str:
    """Two small tables: findings per rule (with its category), per category."""
    rules, categories = _counts(report)
    if not rules:
        return "No findings.\n"
    width = max(len(r) for r, _, _ in rules)
    out = [f"{n:>5}  {rule:<{width}}  {category}" for rule, category, n in rules]
    out.append("")
    out += [f"{n:>5}  category:{category}" for category, n in categories]
    return "\n".join(out) + "\n"


def render_statistics_json(report: Report) -> str:
    rules, categories = _counts(report)
    doc = {
        "rules": [{"rule": r, "category": c, "count": n} for r, c, n in rules],
        "categories": [{"category": c, "count": n} for c, n in categories],
    }
    return json.dumps(doc, ensure_ascii=False, indent=2) + "\n"
