"""Which rules run, and at what severity (--select, --ignore, per-rule settings)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from cliniclint.findings import GLOBAL, Severity
from cliniclint.kinds import KIND_OF

if TYPE_CHECKING:
    from cliniclint.kinds.shapes import Rule


def selector_matches(selector: str, rule: Rule, pack_id: str) -> bool:
    """A selector is a rule id, ``category:ID`` or ``pack:ID``."""
    kind, sep, value = selector.partition(":")
    if not sep:
        return selector == rule.id
    if kind == "category":
        return value == rule.category
    if kind == "pack":
        return value == pack_id
    return False


@dataclass(frozen=True, slots=True)
class Selection:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    # rule id -> severity, or None for "off"
    severities: Mapping[str, Severity | None] = field(default_factory=dict)
    # False: the page-level rules (a kind's ``page_level``) do not run.
    page_rules: bool = True
    # Only rules of these jurisdictions run (``global`` ones always do); empty: all.
    jurisdictions: tuple[str, ...] = ()
    # The language of the files (config `language:`); None: each file's own.
    language: str | None = None

    def enabled(
        self, rule: Rule, pack_id: str, jurisdiction: str | None = None
    ) -> bool:
        if not self.page_rules and KIND_OF[rule.kind].page_level:
            return False
        if (
            self.jurisdictions
            and jurisdiction not in (None, GLOBAL)
            and jurisdiction not in self.jurisdictions
        ):
            return False
        if self.select and not any(
            selector_matches(s, rule, pack_id) for s in self.select
        ):
            return False
        if any(selector_matches(s, rule, pack_id) for s in self.ignore):
            return False
        return not (rule.id in self.severities and self.severities[rule.id] is None)

    def severity(self, rule: Rule) -> Severity:
        override = self.severities.get(rule.id)
        return override if override is not None else rule.default_severity
