"""The YAML shape of ``kind: pattern`` rules, validated with pydantic; apart from the
kind's hooks, which a lint run imports without the pack validators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import field_validator

from cliniclint.packs.schema import Regex, SentenceRule, Where, check_regex


class PatternRule(SentenceRule):
    """A regular expression, or a list of alternatives each matched on its own
    (a list keeps every alternative in the fast standard syntax, with its own
    required literals for the prefilter)."""

    kind: Literal["pattern"]
    pattern: Regex | list[Regex]
    case_sensitive: bool = False

    @field_validator("pattern")
    @classmethod
    def _valid_pattern(cls, value: str | list[str]) -> str | list[str]:
        if isinstance(value, list):
            if not value:
                raise ValueError("`pattern` needs at least one alternative")
            return [check_regex(v) for v in value]
        return check_regex(value)

    @property
    def alternatives(self) -> list[str]:
        return self.pattern if isinstance(self.pattern, list) else [self.pattern]

    def located_patterns(self) -> Iterator[tuple[Where, str]]:
        if isinstance(self.pattern, str):
            yield ("pattern",), self.pattern
        else:
            for j, p in enumerate(self.pattern):
                yield ("pattern", j), p
        yield from super().located_patterns()


SHAPE = PatternRule
