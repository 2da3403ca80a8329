"""Fill message and rewrite templates: ``{match}``, ``{1}``, ``{name}``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

TEMPLATE_FIELD = re.compile(r"\{(match|\d+|[A-Za-z_][A-Za-z0-9_]*)\}")


def fill(
    template: str,
    match: str,
    groups: Sequence[str | None] = (),
    named: Mapping[str, str | None] | None = None,
) -> str:
    named = named or {}

    def one(m: object) -> str:
        key = m.group(1)  # type: ignore[attr-defined]
        if key == "match":
            return match
        if key.isdigit():
            i = int(key)
            if i == 0:
                return match
            if i <= len(groups):
                return groups[i - 1] or ""
            return str(m.group(0))  # type: ignore[attr-defined]
        if key in named:
            return named[key] or ""
        return str(m.group(0))  # type: ignore[attr-defined]

    return TEMPLATE_FIELD.sub(one, template)


def match_case(suggestion: str, match: str) -> str:
    """Keep the original's capital letter (or all capitals) in a rewrite."""
    if not suggestion or not match:
        return suggestion
    if match.isupper() and len(match) > 1:
        return suggestion.upper()
    if match[0].isupper() and suggestion[0].islower():
        return suggestion[0].upper() + suggestion[1:]
    return suggestion
