"""The YAML shape of each rule kind (validated with pydantic), and the union a pack's
``rules`` are read as. Kept apart from the kinds' behaviour (``kinds.<kind>``), which
a lint run imports: linting with cached rules never loads the pack validators."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, Any, Literal, get_args

import regex
from pydantic import Field, field_validator, model_validator

from cliniclint import taxonomy
from cliniclint.model import (
    Regex,
    RuleBase,
    SentenceRule,
    Where,
    check_regex,
)
from cliniclint.names import check_known


class PhraseRule(SentenceRule):
    kind: Literal["phrase"]
    phrases: list[str] = Field(min_length=1)

    @field_validator("phrases")
    @classmethod
    def _no_blank_phrases(cls, value: list[str]) -> list[str]:
        for phrase in value:
            if not regex.search(r"\w", phrase):
                raise ValueError(f"phrase {phrase!r} has no word character")
        return value


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


class ClaimRule(SentenceRule):
    kind: Literal["claim"]
    all_of: list[str] = Field(min_length=1)
    report: str | None = None

    @model_validator(mode="after")
    def _report_is_listed(self) -> ClaimRule:
        if self.report is not None and self.report not in self.all_of:
            raise ValueError(f"`report` {self.report!r} is not one of `all_of`")
        return self

    @property
    def report_list(self) -> str:
        return self.report or self.all_of[0]

    def named_lists(self) -> Iterator[tuple[Where, str]]:
        for i, name in enumerate(self.all_of):
            yield ("all_of", i), name


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


Rule = Annotated[
    PhraseRule | PatternRule | ClaimRule | RequiredRule, Field(discriminator="kind")
]
# The `kind:` values the union accepts, in its order.
RULE_KINDS: tuple[str, ...] = tuple(
    get_args(shape.model_fields["kind"].annotation)[0]
    for shape in get_args(get_args(Rule)[0])
)
