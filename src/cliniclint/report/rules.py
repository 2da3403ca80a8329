"""Rule descriptions for reporters, from the loaded packs and the tool's own rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from cliniclint.packs import taxonomy
from cliniclint.report.base import RuleMeta
from cliniclint.review.suppressions import CATEGORY, TOOL_PACK, TOOL_RULES

if TYPE_CHECKING:
    from cliniclint.engine.ruleset import PackSet


def rule_meta(packs: PackSet) -> dict[str, RuleMeta]:
    """Every rule of the packs, and the suppression rules, by id."""
    out: dict[str, RuleMeta] = {}
    for loaded, rule in packs.rules():
        refs = packs.references(loaded, rule)
        out[rule.id] = RuleMeta(
            id=rule.id,
            category=rule.category,
            severity=rule.default_severity,
            title=taxonomy.title_of(rule.category),
            why=" ".join(rule.why.split()),
            help_uri=refs[0].url,
            suggestions=tuple(rule.suggestions),
            advice=rule.advice,
            fix=rule.fix,
            pack=loaded.pack.pack,
        )
    for tool in TOOL_RULES.values():
        out[tool.id] = RuleMeta(
            id=tool.id,
            category=CATEGORY,
            severity=tool.severity,
            title=tool.title,
            why=tool.why,
            advice=tool.advice,
            help_uri=tool.references[0].url,
            pack=TOOL_PACK,
        )
    return out
