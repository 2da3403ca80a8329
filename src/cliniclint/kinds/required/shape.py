"""The YAML shape of ``kind: required`` rules, validated with pydantic; apart from the
kind's hooks, which a lint run imports without the pack validators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, field_validator

from cliniclint.names import check_known
from cliniclint.packs import taxonomy
from cliniclint.packs.schema import Regex, RuleBase, Where, check_regex


class RequiredRule(RuleBase):
    kind: Literal["required"]
    when: list[Regex] = Field(min_length=1)
    any_of: list[Regex] = Field(min_length=1)
    # Sentence facts that keep a trigger from counting (a question, a negation).
    unless: list[str] = Field(default_factory=list)
    # The rule also applies when the page has a finding of one of these categories
    # at warning or above: the page makes that kind of claim.
    when_claims: list[str] = Field(default_factory=list)
    # The rule applies only to a page where one of these occurs: a page that never
    # names a regenerative treatment needs no notice about one.
    on_pages_naming: list[Regex] = Field(default_factory=list)

    @field_validator("when_claims")
    @classmethod
    def _known_categories(cls, value: list[str]) -> list[str]:
        check_known(value, taxonomy.BY_ID, "category")
        return value

    @field_validator("unless")
    @classmethod
    def _known_trigger_facts(cls, value: list[str]) -> list[str]:
        check_known(value, taxonomy.SENTENCE_FACTS, "sentence fact")
        return value

    @field_validator("when", "any_of", "on_pages_naming", mode="before")
    @classmethod
    def _one_or_many(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("when", "any_of", "on_pages_naming")
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        return [check_regex(p) for p in value]

    @property
    def unless_facts(self) -> list[str]:
        return self.unless

    def located_patterns(self) -> Iterator[tuple[Where, str]]:
        for key in ("when", "any_of", "on_pages_naming"):
            for j, p in enumerate(getattr(self, key)):
                yield (key, j), p


SHAPE = RequiredRule
