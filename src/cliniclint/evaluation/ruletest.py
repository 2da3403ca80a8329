"""`cliniclint rules test`: run every rule's examples and check the packs as a whole."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import LoadedPack, PackSet
from cliniclint.engine.templates import fill
from cliniclint.findings import Finding
from cliniclint.kinds import KIND_OF
from cliniclint.kinds.shapes import Rule
from cliniclint.packs import taxonomy
from cliniclint.packs.schema import GUARD_FIELDS


@dataclass(frozen=True, slots=True)
class Failure:
    path: str
    line: int
    column: int
    rule_id: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: [{self.rule_id}] {self.message}"

    @classmethod
    def in_rule(
        cls,
        loaded: LoadedPack,
        index: int,
        rule_id: str,
        where: tuple[str | int, ...],
        message: str,
    ) -> Failure:
        """A failure at a place in the pack's rule ``index`` (YAML keys)."""
        line, col = loaded.rule_location(index, *where)
        return cls(loaded.path, line, col, rule_id, message)


@dataclass(slots=True)
class RuleTestReport:
    """What `rules test` found: how many rules and examples it ran, its failures."""

    rules: int = 0
    examples: int = 0
    failures: list[Failure] | None = None
    # Pack hygiene (see check_hygiene): reported, but a user's pack still passes.
    warnings: list[Failure] | None = None


# A pattern longer than this is split into a list of alternatives or given a term
# list: a reviewer must be able to read what a rule matches.
PATTERN_LIMIT = 300


def check_hygiene(packs: PackSet, only: set[Path] | None = None) -> Iterator[Failure]:
    """Rules stay readable: no pattern over PATTERN_LIMIT characters, no guard
    copied between rules, a plain-words ``summary`` on every rule."""
    guards: dict[str, list[tuple[LoadedPack, int, Rule, tuple[str | int, ...]]]] = {}
    for loaded in packs.packs:
        if not _tested(loaded, only):
            continue
        for key in ("commercial", "information"):
            for j, p in enumerate(getattr(loaded.pack.context, key)):
                if len(p) > PATTERN_LIMIT:
                    line, col = loaded.source.locate(["context", key, j])
                    yield Failure(
                        loaded.path,
                        line,
                        col,
                        loaded.pack.pack,
                        f"context.{key} pattern is {len(p)} characters "
                        f"(at most {PATTERN_LIMIT}): split it into a list",
                    )
        for index, rule in enumerate(loaded.pack.rules):
            if rule.summary is None:
                yield Failure.in_rule(
                    loaded,
                    index,
                    rule.id,
                    ("id",),
                    "no `summary`: say in plain words what the rule catches",
                )
            for where, p in rule.located_patterns():
                if len(p) > PATTERN_LIMIT:
                    yield Failure.in_rule(
                        loaded,
                        index,
                        rule.id,
                        where,
                        f"`{where[0]}` pattern is {len(p)} characters (at most "
                        f"{PATTERN_LIMIT}): split it into a list of alternatives "
                        "or move its words to a term list",
                    )
                if where[0] in GUARD_FIELDS:
                    guards.setdefault(p, []).append((loaded, index, rule, where))
    for p, places in guards.items():
        owners = sorted({rule.id for _, _, rule, _ in places})
        if len(owners) < 2:
            continue
        loaded, index, rule, where = places[0]
        yield Failure.in_rule(
            loaded,
            index,
            rule.id,
            where,
            f"guard {p!r} is written out in {len(owners)} rules "
            f"({', '.join(owners)}): name it as a sentence fact instead",
        )


def _spans(findings: list[Finding]) -> list[tuple[int, int]]:
    return sorted(
        (f.offset or 0, f.end_offset or 0) for f in findings if f.offset is not None
    )


def apply_first_suggestion(text: str, findings: list[Finding]) -> str:
    """Replace each finding's span with its first suggestion, right to left."""
    out = text
    for f in sorted(findings, key=lambda f: f.offset or 0, reverse=True):
        if f.offset is None or f.end_offset is None or not f.suggestions:
            continue
        out = out[: f.offset] + f.suggestions[0] + out[f.end_offset :]
    return out


def check_examples(
    packs: PackSet, loaded: LoadedPack, index: int, rule: Rule
) -> Iterator[Failure]:
    # Examples are short: they are read in the pack's language, not detected.
    compiled = compile_rules(
        packs, Selection(select=(rule.id,), language=loaded.pack.language)
    )

    def fail(where: tuple[str | int, ...], message: str) -> Failure:
        return Failure.in_rule(loaded, index, rule.id, ("examples", *where), message)

    for i, bad in enumerate(rule.examples.bad):
        text = bad.plain
        found = [f for f in lint_text(text, compiled) if f.rule_id == rule.id]
        if KIND_OF[rule.kind].page_level:
            if len(found) != 1 or found[0].offset is not None:
                yield fail(
                    ("bad", i), f"expected one page-level finding, got {len(found)}"
                )
            continue
        if not found:
            yield fail(("bad", i), f"no finding in bad example {text!r}")
            continue
        expected = bad.spans()
        if expected and _spans(found) != expected:
            got = [text[s:e] for s, e in _spans(found)]
            want = [text[s:e] for s, e in expected]
            yield fail(("bad", i), f"spans {got} but the example marks {want}")
        if bad.fixed is not None:
            fixed = apply_first_suggestion(text, found)
            if fixed != bad.fixed:
                yield fail(("bad", i), f"fix gives {fixed!r}, expected {bad.fixed!r}")
    for i, good in enumerate(rule.examples.good):
        found = [f for f in lint_text(good, compiled) if f.rule_id == rule.id]
        if found:
            what = found[0].match or "the page"
            yield fail(("good", i), f"good example flagged at {what!r}: {good!r}")


def _tested(loaded: LoadedPack, only: set[Path] | None) -> bool:
    return only is None or Path(loaded.path).resolve() in only


def check_loops(packs: PackSet, only: set[Path] | None = None) -> Iterator[Failure]:
    """No suggested rewrite may itself trigger a rule (codespell's loop check)."""
    everything: dict[str, CompiledRules] = {}
    for loaded, rule in packs.rules():
        if not _tested(loaded, only):
            continue
        lang = loaded.pack.language
        if lang not in everything:
            everything[lang] = compile_rules(
                packs, Selection(page_rules=False, language=lang)
            )
        index = loaded.pack.rules.index(rule)
        bad = rule.examples.bad[0]
        spans = bad.spans()
        match = bad.plain[spans[0][0] : spans[0][1]] if spans else ""
        for j, template in enumerate(rule.suggestions):
            text = fill(template, match)
            found = lint_text(text, everything[lang])
            if found:
                yield Failure.in_rule(
                    loaded,
                    index,
                    rule.id,
                    ("suggestions", j),
                    f"suggestion {text!r} triggers [{found[0].rule_id}] "
                    f"at {found[0].match!r}",
                )


def check_duplicates(
    packs: PackSet, only: set[Path] | None = None
) -> Iterator[Failure]:
    """What one rule lists (a phrase) no other rule lists again."""
    seen: dict[tuple[str, str], str] = {}
    for loaded, rule in packs.rules():
        listed = KIND_OF[rule.kind].listed
        if listed is None or not _tested(loaded, only):
            continue
        index = loaded.pack.rules.index(rule)
        for where, key, shown in listed(rule):
            if (rule.kind, key) in seen:
                yield Failure.in_rule(
                    loaded,
                    index,
                    rule.id,
                    where,
                    f"{shown} is listed twice (also in [{seen[rule.kind, key]}])",
                )
            else:
                seen[rule.kind, key] = rule.id


def check_coverage(packs: PackSet) -> Iterator[Failure]:
    covered = {rule.category for _, rule in packs.rules()}
    for category in taxonomy.CATEGORIES:
        if category.id not in covered:
            yield Failure("<packs>", 0, 0, category.id, "no rule covers this category")


def run_checks(
    packs: PackSet, *, coverage: bool, only: set[Path] | None = None
) -> RuleTestReport:
    """Check every rule (or only the rules of the pack files in ``only``)."""
    outcome = RuleTestReport(failures=[], warnings=[])
    assert outcome.failures is not None
    assert outcome.warnings is not None
    for loaded, rule in packs.rules():
        if not _tested(loaded, only):
            continue
        outcome.rules += 1
        outcome.examples += len(rule.examples.bad) + len(rule.examples.good)
        outcome.failures.extend(
            check_examples(packs, loaded, loaded.pack.rules.index(rule), rule)
        )
    outcome.failures.extend(check_duplicates(packs, only))
    outcome.failures.extend(check_loops(packs, only))
    if coverage:
        outcome.failures.extend(check_coverage(packs))
    outcome.warnings.extend(check_hygiene(packs, only))
    return outcome
