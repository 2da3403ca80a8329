"""Reading and validating rule packs (bundled and the user's own)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails

from cliniclint.errors import SourceError
from cliniclint.findings import GLOBAL, Reference
from cliniclint.kinds.shapes import RULE_KINDS, Rule
from cliniclint.packs import langcodes as languages
from cliniclint.packs.citations import (
    Catalogue,
    category_reference,
    load_catalogue,
    resolve,
)
from cliniclint.packs.locations import bundled_pack_files, contained_pack_files
from cliniclint.packs.patternbudget import (
    LIMIT,
    PACK_LIMIT,
    budget_message,
    expansion,
    pack_budget_message,
)
from cliniclint.packs.schema import (
    RULE_ID,
    Citations,
    Jurisdiction,
    PackContext,
    StrictModel,
    TermList,
    Where,
    known_language,
    term_refs,
)
from cliniclint.packs.yamlsource import Located, load_yaml


class Pack(StrictModel):
    """One rule pack: a YAML file in ``rules/`` or a user's own."""

    pack: str = Field(pattern=RULE_ID)
    title: str
    version: str
    description: str = ""
    references: Citations = Field(default_factory=list)
    # Where the pack's rules apply (a rule may say otherwise); config
    # `jurisdictions` turns off the rules of the others.
    jurisdiction: Jurisdiction | None = None
    profile: str | None = Field(default=None, pattern=RULE_ID)
    # The language of the text the pack's rules run on (matching.languages.KNOWN).
    language: str = languages.DEFAULT
    terms: dict[str, TermList] = Field(default_factory=dict)
    context: PackContext = Field(default_factory=PackContext)
    rules: list[Rule] = Field(default_factory=list)

    @field_validator("terms", mode="before")
    @classmethod
    def _list_shorthand(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {
                k: {"terms": v} if isinstance(v, list) else v for k, v in value.items()
            }
        return value

    @field_validator("version", mode="before")
    @classmethod
    def _version_text(cls, value: Any) -> Any:
        return str(value) if isinstance(value, int | float) else value

    @field_validator("language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        return known_language(value)

    @model_validator(mode="after")
    def _terms_in_pack_language(self) -> Pack:
        missing = {
            name: terms.model_copy(update={"language": self.language})
            for name, terms in self.terms.items()
            if terms.language is None
        }
        if missing:
            # Frozen: set through the instance dict, as pydantic's own copy does.
            object.__setattr__(self, "terms", {**self.terms, **missing})
        return self


@dataclass(frozen=True, slots=True)
class LoadedPack:
    pack: Pack
    path: str
    source: Located

    def rule_location(self, index: int, *keys: str | int) -> tuple[int, int]:
        return self.source.locate(["rules", index, *keys])


@dataclass(slots=True)
class PackSet:
    """Validated packs with their shared term lists, ready for the engine."""

    packs: list[LoadedPack]
    terms: dict[str, TermList] = field(default_factory=dict)
    term_origin: dict[str, str] = field(default_factory=dict)
    # Every bundled pack id seen while loading (loaded or not), to check pack ids a
    # config file asks for.
    bundled_ids: frozenset[str] = frozenset()
    # Titles for cited URLs, and the known jurisdictions.
    catalogue: Catalogue | None = None

    def references(self, loaded: LoadedPack, rule: Rule) -> tuple[Reference, ...]:
        """The rule's sources (else its pack's), titled; a rule that cites none
        (a user's pack may not) cites its category's authority and cliniclint's
        documentation of the category."""
        citations = rule.references or loaded.pack.references
        if self.catalogue is None:
            self.catalogue = load_catalogue()
        if not citations:
            return (
                *self.catalogue.category_sources(rule.category),
                category_reference(rule.category),
            )
        return resolve(citations, self.catalogue)

    @staticmethod
    def jurisdiction(loaded: LoadedPack, rule: Rule) -> str:
        """The rule's jurisdiction, else its pack's, else ``global``."""
        return rule.jurisdiction or loaded.pack.jurisdiction or GLOBAL

    def known_jurisdictions(self) -> set[str]:
        """The catalogue's jurisdictions and any a loaded pack or rule declares."""
        if self.catalogue is None:
            self.catalogue = load_catalogue()
        known = set(self.catalogue.jurisdictions)
        known.update(self.jurisdiction(lp, r) for lp, r in self.rules())
        return known

    def rules(self) -> Iterable[tuple[LoadedPack, Rule]]:
        for loaded in self.packs:
            for rule in loaded.pack.rules:
                yield loaded, rule

    def rule(self, rule_id: str) -> tuple[LoadedPack, Rule] | None:
        for loaded, rule in self.rules():
            if rule.id == rule_id:
                return loaded, rule
        return None

    def commercial_patterns(self) -> list[str]:
        return [p for lp in self.packs for p in lp.pack.context.commercial]


def _describe(error: ErrorDetails) -> str:
    kind = error["type"]
    loc = error["loc"]
    if kind == "extra_forbidden":
        return f"unknown key {str(loc[-1])!r}"
    if kind == "missing":
        return f"missing required key {str(loc[-1])!r}"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx") or {}
        return (
            f"unknown rule kind {ctx.get('tag')!r} "
            f"(expected one of: {', '.join(RULE_KINDS)})"
        )
    if kind == "union_tag_not_found":
        return f"rule has no `kind` (expected one of: {', '.join(RULE_KINDS)})"
    msg = error["msg"]
    for prefix in ("Value error, ", "Assertion failed, "):
        if msg.startswith(prefix):
            msg = msg[len(prefix) :]
    field_name = next((str(p) for p in reversed(loc) if isinstance(p, str)), None)
    if field_name and field_name not in RULE_KINDS and kind != "value_error":
        return f"{field_name}: {msg[0].lower() + msg[1:] if msg else msg}"
    return msg


def validate_pack(located: Located) -> Pack:
    """Turn parsed YAML into a :class:`Pack`; the first error becomes a SourceError."""
    if not isinstance(located.data, dict):
        raise SourceError(located.path, 1, 1, "a rule pack must be a YAML mapping")
    try:
        return Pack.model_validate(located.data)
    except ValidationError as exc:
        # A misspelt key shows up both as unknown and as a missing required key:
        # the unknown key is the one the author needs to hear about.
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        error = errors[0]
        loc = list(error["loc"])
        if error["type"].startswith("union_tag"):
            line, col = located.locate([*loc, "kind"])
        elif error["type"] == "extra_forbidden":
            line, col = located.key_location(loc)
        elif error["type"] == "missing":
            line, col = located.locate(loc[:-1])
        else:
            line, col = located.locate(loc)
        raise SourceError(located.path, line, col, _describe(error)) from None


def read_pack(path: Path) -> LoadedPack:
    located = load_yaml(path)
    return LoadedPack(validate_pack(located), str(path), located)


def _resolve(packs: list[LoadedPack]) -> PackSet:
    """Cross-pack checks: unique rule ids and term lists, known term references."""
    result = PackSet(packs=packs)
    for loaded in packs:
        for name, terms in loaded.pack.terms.items():
            if name in result.terms:
                line, col = loaded.source.key_location(["terms", name])
                raise SourceError(
                    loaded.path,
                    line,
                    col,
                    f"term list {name!r} is already defined in "
                    f"{result.term_origin[name]}",
                )
            result.terms[name] = terms
            result.term_origin[name] = loaded.path
    seen: dict[str, str] = {}
    for loaded in packs:
        for index, rule in enumerate(loaded.pack.rules):
            if rule.id in seen:
                line, col = loaded.rule_location(index, "id")
                raise SourceError(
                    loaded.path,
                    line,
                    col,
                    f"duplicate rule id {rule.id!r} (also in {seen[rule.id]})",
                )
            seen[rule.id] = loaded.path
            _check_term_refs(result, loaded, index, rule)
        for i, pattern in enumerate(loaded.pack.context.commercial):
            for name in term_refs(pattern):
                if name not in result.terms:
                    line, col = loaded.source.locate(["context", "commercial", i])
                    raise SourceError(
                        loaded.path, line, col, f"unknown term list {name!r}"
                    )
    return result


def _check_term_refs(
    result: PackSet, loaded: LoadedPack, index: int, rule: Rule
) -> None:
    for where, name in rule.named_lists():
        if name not in result.terms:
            line, col = loaded.rule_location(index, *where)
            raise SourceError(loaded.path, line, col, f"unknown term list {name!r}")
    for pattern in rule.patterns():
        for name in term_refs(pattern):
            if name not in result.terms:
                line, col = _pattern_location(loaded, index, rule, pattern)
                raise SourceError(loaded.path, line, col, f"unknown term list {name!r}")


def _pattern_location(
    loaded: LoadedPack, index: int, rule: Rule, pattern: str
) -> tuple[int, int]:
    """Where the pattern first occurs in the rule."""
    where: Where = next((w for w, p in rule.located_patterns() if p == pattern), ())
    return loaded.rule_location(index, *where)


def _list_size(terms: TermList) -> int:
    """About how many items a term list adds to a pattern (inflected: four forms
    of each term at the most)."""
    written = sum(len(term) + 1 for term in terms.terms)
    return written * 4 if terms.inflect else written


def _check_budget(result: PackSet, loaded: LoadedPack) -> None:
    """The compile budget again, with each term list a pattern repeats counted at
    its size (validating the pack counted it as one item), and the budget of the
    pack's patterns together."""
    sizes = {name: _list_size(terms) for name, terms in result.terms.items()}
    total = 0
    for pattern, locate in _located_patterns(loaded):
        extra = expansion(pattern, sizes)
        total += extra
        if extra > LIMIT or total > PACK_LIMIT:
            line, col = locate()
            message = (
                budget_message(pattern, extra)
                if extra > LIMIT
                else pack_budget_message(total)
            )
            raise SourceError(loaded.path, line, col, message)


def _located_patterns(
    loaded: LoadedPack,
) -> Iterator[tuple[str, Callable[[], tuple[int, int]]]]:
    """Every pattern of a pack, with how to find its line and column."""
    for index, rule in enumerate(loaded.pack.rules):
        for pattern in rule.patterns():
            yield pattern, partial(_pattern_location, loaded, index, rule, pattern)
    for key in ("commercial", "information"):
        for i, pattern in enumerate(getattr(loaded.pack.context, key)):
            yield pattern, partial(loaded.source.locate, ["context", key, i])


def load_packs(
    extra: Sequence[Path] = (),
    profiles: Sequence[str] = (),
    *,
    bundled: bool = True,
    only: Sequence[str] | None = None,
    jurisdictions: Sequence[str] = (),
) -> PackSet:
    """Load the bundled packs (those without a profile, plus the chosen profiles and
    the profiles of the chosen jurisdictions) and any extra pack files or folders.

    ``only`` restricts the bundled packs to these pack ids.
    """
    loaded: list[LoadedPack] = []
    known_profiles: set[str] = set()
    bundled_ids: set[str] = set()
    if bundled:
        for path in bundled_pack_files():
            pack = read_pack(path)
            bundled_ids.add(pack.pack.pack)
            if pack.pack.profile:
                known_profiles.add(pack.pack.profile)
            if only is not None and pack.pack.pack not in only:
                continue
            if (
                pack.pack.profile is None
                or pack.pack.profile in profiles
                or pack.pack.jurisdiction in jurisdictions
            ):
                loaded.append(pack)
    users = 0
    for item in extra:
        paths = contained_pack_files(item) if item.is_dir() else [item]
        for path in paths:
            pack = read_pack(path)
            if pack.pack.profile:
                known_profiles.add(pack.pack.profile)
            loaded.append(pack)
            users += 1
    unknown = [p for p in profiles if p not in known_profiles]
    if unknown:
        raise SourceError(
            "--profile",
            None,
            None,
            f"unknown profile {unknown[0]!r} "
            f"(known: {', '.join(sorted(known_profiles)) or 'none'})",
        )
    result = _resolve(loaded)
    for pack in loaded[len(loaded) - users :]:  # the bundled packs are trusted
        _check_budget(result, pack)
    result.bundled_ids = frozenset(bundled_ids)
    return result
