"""Data shapes shared by every rule kind (validated with pydantic); each kind's own
shape is in ``kinds/<kind>/shape.py``, the pack's (``Pack``) in ``engine.ruleset``,
which reads a pack's rules as the union of the kinds' shapes."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

import regex
from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from cliniclint.findings import (
    RuleFix,
    Severity,
)
from cliniclint.names import check_known
from cliniclint.packs import langcodes as languages
from cliniclint.packs import taxonomy
from cliniclint.packs.patternbudget import over_budget

RULE_ID = r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$"
TERM_REF = re.compile(r"\{\{\s*([a-z][a-z0-9]*(?:-[a-z0-9]+)*)\s*\}\}")
SPAN_MARKER = regex.compile(r"\[\[(.+?)\]\]", flags=regex.DOTALL)


SeverityName = Literal["error", "warning", "info"]
# A place in a rule, as YAML keys and list indices: ("pattern", 2).
Where = tuple[str | int, ...]


def term_refs(pattern: str) -> list[str]:
    """Names of the term lists a pattern refers to with ``{{name}}``."""
    return [m.group(1) for m in TERM_REF.finditer(pattern)]


def known_language(code: str) -> str:
    """A language code the engine has tables for (matching.languages.KNOWN)."""
    if code not in languages.KNOWN:
        raise ValueError(
            f"unknown language {code!r} (known: {', '.join(languages.KNOWN)})"
        )
    return code


def check_regex(pattern: str) -> str:
    """Compile with term references stubbed, so syntax errors surface at load time;
    a pattern over the compile budget is refused before it is compiled."""
    too_big = over_budget(pattern)
    if too_big is not None:
        raise ValueError(too_big)
    stubbed = TERM_REF.sub("(?:x)", pattern)
    try:
        regex.compile(stubbed, flags=regex.IGNORECASE | regex.VERSION1)
    except regex.error as exc:
        raise ValueError(f"invalid regular expression {pattern!r}: {exc}") from None
    return pattern


class StrictModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BadExample(StrictModel):
    """Copy the rule must flag; ``[[...]]`` marks each exact expected span."""

    text: str
    fixed: str | None = None

    @property
    def plain(self) -> str:
        return SPAN_MARKER.sub(lambda m: m.group(1), self.text)

    def spans(self) -> list[tuple[int, int]]:
        """The marked spans as offsets into :attr:`plain`."""
        out: list[tuple[int, int]] = []
        removed = 0
        for m in SPAN_MARKER.finditer(self.text):
            start = m.start() - removed
            out.append((start, start + len(m.group(1))))
            removed += 4
        return out


class Examples(StrictModel):
    bad: list[BadExample] = Field(min_length=1)
    good: list[str] = Field(min_length=1)

    @field_validator("bad", mode="before")
    @classmethod
    def _strings_are_examples(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"text": v} if isinstance(v, str) else v for v in value]
        return value


class TermList(StrictModel):
    """A named, reusable list of terms (treatments, conditions, effect verbs...)."""

    terms: list[str] = Field(min_length=1)
    inflect: bool = False
    description: str = ""
    # The language its terms (and their inflection) are in; default: the pack's.
    language: str | None = None

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str | None) -> str | None:
        return None if value is None else known_language(value)

    @field_validator("terms")
    @classmethod
    def _no_blank_terms(cls, value: list[str]) -> list[str]:
        for term in value:
            if not term.strip():
                raise ValueError("terms must not be blank")
        return value


Regex = Annotated[str, Field(min_length=1)]
Jurisdiction = Annotated[str, Field(pattern=RULE_ID)]


class Citation(StrictModel):
    """A source a pack or rule cites: a URL, titled here or in the catalogue of
    references (``rules/references.yaml``)."""

    url: str = Field(min_length=1)
    title: str | None = Field(default=None, min_length=1)


def _citations(value: Any) -> Any:
    """Accept a bare URL for ``{url: URL}``."""
    if isinstance(value, list):
        return [{"url": v} if isinstance(v, str) else v for v in value]
    return value


Citations = Annotated[list[Citation], BeforeValidator(_citations)]


class RuleBase(StrictModel):
    # The rule's kind (``kinds.KINDS``): each kind's shape narrows it to its name.
    kind: str
    id: str = Field(pattern=RULE_ID)
    category: str
    # One plain sentence on what the rule catches, for `rules show` and the docs.
    summary: str | None = Field(default=None, min_length=1)
    severity: SeverityName | None = None
    commercial_severity: SeverityName | None = None
    message: str = Field(min_length=1)
    why: str = Field(min_length=1)
    references: Citations = Field(default_factory=list)
    # Overrides the pack's jurisdiction.
    jurisdiction: Jurisdiction | None = None
    suggestions: list[str] = Field(default_factory=list)
    advice: str | None = None
    fix: RuleFix = "suggest"
    known_problems: str | None = None
    examples: Examples

    @field_validator("message", "why", "advice", "known_problems")
    @classmethod
    def _no_surrounding_space(cls, value: str | None) -> str | None:
        # A YAML block scalar ends in a line break, which would end up in reports.
        return value.strip() if value is not None else None

    @field_validator("suggestions")
    @classmethod
    def _no_surrounding_space_in_rewrites(cls, value: list[str]) -> list[str]:
        return [suggestion.strip() for suggestion in value]

    @field_validator("category")
    @classmethod
    def _known_category(cls, value: str) -> str:
        if value not in taxonomy.BY_ID:
            known = ", ".join(sorted(taxonomy.BY_ID))
            raise ValueError(f"unknown category {value!r} (known: {known})")
        return value

    @model_validator(mode="after")
    def _has_rewrite_or_advice(self) -> RuleBase:
        if not self.suggestions and not self.advice:
            raise ValueError(
                "a rule needs `suggestions` (rewrites) or `advice` (e.g. remove this)"
            )
        return self

    @property
    def default_severity(self) -> Severity:
        name = self.severity or taxonomy.BY_ID[self.category].default_severity
        return Severity.parse(name)

    def located_patterns(self) -> Iterator[tuple[Where, str]]:
        """Every regular expression the rule holds, with its place in the rule."""
        return iter(())

    def patterns(self) -> list[str]:
        """Every regular expression the rule holds (for term-reference checks)."""
        return [pattern for _, pattern in self.located_patterns()]

    def named_lists(self) -> Iterator[tuple[Where, str]]:
        """The term lists the rule names outside its patterns, with their places."""
        return iter(())

    @property
    def unless_facts(self) -> list[str]:
        """The sentence facts that keep a hit (or a trigger) from counting."""
        return []

    @property
    def lower_facts(self) -> list[str]:
        """The sentence facts that lower a finding one level."""
        return []

    @property
    def rewrites(self) -> list[str]:
        """Templates of the sentence rewritten with the claim's own words."""
        return []


# A sentence rule's fields whose patterns keep a hit from counting.
GUARD_FIELDS = ("exceptions", "unless", "unless_before", "hedges")


class SentenceRule(RuleBase):
    """Fields shared by rules reported at a span inside a sentence."""

    exceptions: list[Regex] = Field(default_factory=list)
    # Each entry is a sentence fact's name (taxonomy.SENTENCE_FACTS) or a pattern.
    unless: list[Regex] = Field(default_factory=list)
    unless_before: list[Regex] = Field(default_factory=list)
    hedges: list[Regex] = Field(default_factory=list)
    # Sentence facts that lower the finding one level ("hedged", "research").
    lower_if: list[str] = Field(default_factory=list)
    # On a page that informs or leans to informing (sells nothing): report the hit
    # as info ("lower") or not at all ("skip": notes meant for selling copy).
    informing_pages: Literal["lower", "skip"] = "lower"
    # The sentence rewritten, with the claim's own words: {treatment}, {condition}
    # (see engine.rewrite for every slot).
    rewrite: list[Annotated[str, Field(min_length=1)]] = Field(default_factory=list)

    @field_validator("rewrite", mode="before")
    @classmethod
    def _one_or_many_rewrites(cls, value: Any) -> Any:
        return [value] if isinstance(value, str) else value

    @field_validator("exceptions", "unless_before", "hedges")
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        return [check_regex(p) for p in value]

    @field_validator("unless")
    @classmethod
    def _facts_or_patterns(cls, value: list[str]) -> list[str]:
        # A bare name is meant as a fact; a misspelt one must not pass as a pattern
        # that matches the word itself.
        names = [p for p in value if re.fullmatch(RULE_ID, p)]
        check_known(names, taxonomy.SENTENCE_FACTS, "sentence fact")
        return [p if p in taxonomy.SENTENCE_FACTS else check_regex(p) for p in value]

    @field_validator("lower_if")
    @classmethod
    def _known_facts(cls, value: list[str]) -> list[str]:
        check_known(value, taxonomy.SENTENCE_FACTS, "sentence fact")
        return value

    @property
    def unless_facts(self) -> list[str]:
        return [p for p in self.unless if p in taxonomy.SENTENCE_FACTS]

    @property
    def unless_patterns(self) -> list[str]:
        return [p for p in self.unless if p not in taxonomy.SENTENCE_FACTS]

    @property
    def lower_facts(self) -> list[str]:
        return self.lower_if

    @property
    def rewrites(self) -> list[str]:
        return self.rewrite

    def located_patterns(self) -> Iterator[tuple[Where, str]]:
        for key in GUARD_FIELDS:
            for j, p in enumerate(getattr(self, key)):
                if key != "unless" or p not in taxonomy.SENTENCE_FACTS:
                    yield (key, j), p


class PackContext(StrictModel):
    """Page-level signals a pack contributes (e.g. that a page sells a treatment)."""

    commercial: list[Regex] = Field(default_factory=list)
    # Signals that a page informs (news, regulator, patient education): with two of
    # them and no sign of selling, claims are reported as info and no page-level
    # statement is asked for.
    information: list[Regex] = Field(default_factory=list)

    @field_validator("commercial", "information")
    @classmethod
    def _valid_patterns(cls, value: list[str]) -> list[str]:
        return [check_regex(p) for p in value]
