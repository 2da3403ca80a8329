"""The registry of rule kinds drives the engine, the docs and the pack checks: each
kind is found through its hooks, never by its name."""

from __future__ import annotations

import dataclasses
import importlib
import subprocess
import sys
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter, ValidationError

from cliniclint.engine import Selection, compile_rules, lint_text
from cliniclint.engine.ruleset import PackSet, load_packs
from cliniclint.evaluation.ruletest import check_duplicates
from cliniclint.kinds import KIND_OF, KINDS, AnyKind, Matching
from cliniclint.kinds.shapes import RULE_KINDS, Rule
from cliniclint.matching.compiled import CompiledRules
from cliniclint.report.ruledocs import rule_markdown

# One rule of each kind, with words of its own.
PACK = """
pack: kinds-test
title: One rule of each kind
version: "1"
terms:
  kt-effects: [mends]
  kt-targets: [sore elbows]
rules:
  - id: kt-phrase
    category: hype-language
    kind: phrase
    phrases: [miracle tonic]
    message: Hype.
    why: Hype misleads.
    advice: Remove it.
    examples: {bad: ["A miracle tonic."], good: ["A tonic."]}
  - id: kt-pattern
    category: hype-language
    kind: pattern
    pattern: '\\bglow(?:s|ing)? forever\\b'
    message: Hype.
    why: Hype misleads.
    advice: Remove it.
    examples: {bad: ["Skin that glows forever."], good: ["Skin that glows."]}
  - id: kt-claim
    category: disease-claim
    kind: claim
    all_of: [kt-effects, kt-targets]
    message: A claim to treat a condition.
    why: Claims need evidence.
    advice: Remove it.
    examples: {bad: ["It mends sore elbows."], good: ["Sore elbows are common."]}
  - id: kt-required
    category: fda-status-missing
    kind: required
    when: '\\bmiracle tonic\\b'
    any_of: ['not approved']
    message: No statement of approval.
    why: The reader must know.
    advice: Say that it is not approved.
    examples: {bad: ["A miracle tonic."], good: ["A miracle tonic, not approved."]}
"""

PAGE = "Our miracle tonic is here.\n\nIt mends sore elbows.\n\nYour skin glows forever."


@pytest.fixture(scope="module")
def packs(tmp_path_factory: pytest.TempPathFactory) -> PackSet:
    path = tmp_path_factory.mktemp("kinds") / "kinds.yaml"
    path.write_text(PACK, encoding="utf-8")
    return load_packs([path], bundled=False)


def test_the_registry_holds_every_kind_the_packs_accept_in_the_same_order() -> None:
    assert tuple(kind.name for kind in KINDS) == RULE_KINDS
    assert RULE_KINDS == ("phrase", "pattern", "claim", "required")
    # What pydantic itself accepts as `kind:` (its error names the tags).
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Rule).validate_python({"kind": "nope"})
    (error,) = caught.value.errors()
    assert error["type"] == "union_tag_invalid"
    expected = (error.get("ctx") or {})["expected_tags"]
    assert expected == ", ".join(f"'{name}'" for name in KIND_OF)


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kind_has_compile_describe_and_one_match_hook(kind: AnyKind) -> None:
    assert callable(kind.compile)
    assert callable(kind.describe)
    # A kind finds hits in sentences or reports what a page lacks, never both.
    assert (kind.hits is None) != (kind.missing is None)
    assert kind.page_level == (kind.name == "required")


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.name)
def test_each_kind_keeps_its_shape_in_its_own_package(kind: AnyKind) -> None:
    # A kind is one package: its hooks and, in its `shape` module, its YAML shape,
    # whose `kind:` is the name it registers.
    assert kind.shape == f"cliniclint.kinds.{kind.name}.shape"
    shape = importlib.import_module(kind.shape).SHAPE
    assert typing.get_args(shape.model_fields["kind"].annotation) == (kind.name,)


def _recording(calls: list[tuple[str, tuple[int, ...]]]) -> tuple[AnyKind, ...]:
    """The registry with each match hook noting its kind and the indices it got."""

    def wrap(kind: AnyKind) -> AnyKind:
        if kind.hits is not None:
            hits = kind.hits

            def noted_hits(
                rules: CompiledRules, indices: list[int], page: Matching
            ) -> Iterator[Any]:
                calls.append((kind.name, tuple(indices)))
                return hits(rules, indices, page)

            return dataclasses.replace(kind, hits=noted_hits)
        missing = kind.missing
        assert missing is not None

        def noted_missing(
            rules: CompiledRules,
            indices: list[int],
            page: Matching,
            claimed: frozenset[str],
        ) -> Iterator[int]:
            calls.append((kind.name, tuple(indices)))
            return missing(rules, indices, page, claimed)

        return dataclasses.replace(kind, missing=noted_missing)

    return tuple(wrap(kind) for kind in KINDS)


def test_linting_calls_each_kinds_match_hook_once_with_its_rules(
    packs: PackSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = compile_rules(packs)
    assert [rules.rules[i].id for i in rules.kind_rules["claim"]] == ["kt-claim"]
    plain = lint_text(PAGE, rules)
    calls: list[tuple[str, tuple[int, ...]]] = []
    monkeypatch.setattr("cliniclint.engine.linter.KINDS", _recording(calls))
    assert lint_text(PAGE, rules) == plain
    assert calls == [
        ("phrase", (0,)),
        ("pattern", (1,)),
        ("claim", (2,)),
        ("required", (3,)),
    ]
    found = sorted(f.rule_id for f in plain)
    assert found == ["kt-claim", "kt-pattern", "kt-phrase", "kt-required"]


def test_a_kind_left_out_of_the_registry_finds_nothing(
    packs: PackSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    rules = compile_rules(packs)
    others = tuple(kind for kind in KINDS if kind.name != "pattern")
    monkeypatch.setattr("cliniclint.engine.linter.KINDS", others)
    found = sorted(f.rule_id for f in lint_text(PAGE, rules))
    assert found == ["kt-claim", "kt-phrase", "kt-required"]


def test_compiling_calls_the_kind_hook_of_each_rule(
    packs: PackSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    compiled: list[tuple[str, str, int]] = []

    def noting(kind: AnyKind) -> AnyKind:
        hook = kind.compile

        def noted(rule: Any, item: Any, index: int, *rest: Any) -> None:
            compiled.append((kind.name, rule.id, index))
            hook(rule, item, index, *rest)

        return dataclasses.replace(kind, compile=noted)

    monkeypatch.setattr(
        "cliniclint.engine.compile.KIND_OF",
        {name: noting(kind) for name, kind in KIND_OF.items()},
    )
    rules = compile_rules(packs)
    assert compiled == [
        ("phrase", "kt-phrase", 0),
        ("pattern", "kt-pattern", 1),
        ("claim", "kt-claim", 2),
        ("required", "kt-required", 3),
    ]
    assert rules.kind_rules == {
        "phrase": [0],
        "pattern": [1],
        "claim": [2],
        "required": [3],
    }
    assert rules.phrase_index == {"miracle tonic": [0]}
    assert rules.units == [(1, 0)]


def test_page_rules_are_the_page_level_kinds(packs: PackSet) -> None:
    rules = compile_rules(packs, Selection(page_rules=False))
    assert [rule.id for rule in rules.rules] == ["kt-phrase", "kt-pattern", "kt-claim"]
    assert rules.kind_rules["required"] == []


def test_the_docs_describe_a_rule_by_its_kind(
    packs: PackSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded, rule = packs.rule("kt-claim") or pytest.fail("no kt-claim")
    page = rule_markdown(loaded, rule, packs)
    assert (
        "Flags a sentence that combines terms from [`kt-effects`](#terms-kt-effects) "
        "+ [`kt-targets`](#terms-kt-targets); reported at the `kt-effects` term.\n"
    ) in page
    swapped = dataclasses.replace(KIND_OF["claim"], describe=lambda r: "Two lists.")
    monkeypatch.setattr(
        "cliniclint.report.ruledocs.KIND_OF", {**KIND_OF, "claim": swapped}
    )
    assert "\nTwo lists.\n" in rule_markdown(loaded, rule, packs)


def test_a_phrase_listed_by_two_rules_is_reported_where_it_repeats(
    tmp_path: Path,
) -> None:
    second = PACK.replace("pack: kinds-test", "pack: kinds-copy").replace(
        "id: kt-", "id: kc-"
    )
    second = second[: second.index("terms:")] + second[second.index("rules:") :]
    second = second.replace("all_of: [kt-effects, kt-targets]", "all_of: [kt-effects]")
    (tmp_path / "a.yaml").write_text(PACK, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(second, encoding="utf-8")
    packs = load_packs([tmp_path / "a.yaml", tmp_path / "b.yaml"], bundled=False)
    failures = [str(f) for f in check_duplicates(packs)]
    assert failures == [
        f"{tmp_path / 'b.yaml'}:9:15: [kc-phrase] phrase 'miracle tonic' is listed "
        "twice (also in [kt-phrase])"
    ]


def test_linting_never_loads_the_pack_validators() -> None:
    # A run with cached rules imports the engine and the kinds, never pydantic: each
    # kind's shape is a module of its own, apart from its hooks, for this.
    probe = (
        "import sys, cliniclint.engine.linter, cliniclint.engine.selection, "
        "cliniclint.kinds\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'pydantic'"
        " or m in ('cliniclint.packs.schema', 'cliniclint.kinds.shapes')"
        " or m.endswith('.shape')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
