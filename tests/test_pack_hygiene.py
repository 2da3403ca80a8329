"""Rules stay readable data: short patterns, guards named once, a summary per rule."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cliniclint.cli.main import main
from cliniclint.engine.ruleset import PackSet, load_packs, read_pack
from cliniclint.evaluation.ruletest import PATTERN_LIMIT, Failure, check_hygiene
from cliniclint.packs.locations import bundled_pack_files

# Patterns still longer than the limit. Their alternatives overlap one another
# ("clinically proven" and "proven to"), and alternatives listed apart may each
# report a hit where the single pattern reports one, which widens the claim's span.
# The list may only shrink: see test_known_long_patterns_are_still_long.
KNOWN_LONG = frozenset(
    {
        "evidence-overstatement",
        "implied-endorsement",
        "superiority-comparison",
        "discourages-conventional-care",
        "fda-approval-claim",
    }
)

LONG = "(?:" + "|".join(f"word{i:03d}" for i in range(60)) + ")"
GOOD_RULE = """
  - id: {id}
    category: hype-language
    kind: pattern
    {summary}
    pattern: '{pattern}'
    exceptions: ['{guard}']
    message: "Hype."
    why: Hype misleads.
    advice: Remove it.
    examples:
      bad: ["A [[miracle]] here."]
      good: ["Nothing here."]
"""


def _pack(tmp_path: Path, *rules: str) -> PackSet:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "pack: mine\ntitle: Mine\nversion: '1'\nrules:\n" + "".join(rules),
        encoding="utf-8",
    )
    return load_packs([path], bundled=False)


def _rule(
    rule_id: str,
    *,
    pattern: str = r"\bmiracle\b",
    guard: str | None = None,
    summary: bool = True,
) -> str:
    return GOOD_RULE.format(
        id=rule_id,
        pattern=pattern,
        guard=guard or rf"\bno {rule_id}\b",
        summary='summary: "A hype word."' if summary else "",
    )


@pytest.fixture(scope="module")
def bundled_problems() -> list[Failure]:
    found = {read_pack(path).pack.profile for path in bundled_pack_files()}
    return list(check_hygiene(load_packs([], sorted(p for p in found if p))))


def test_bundled_patterns_are_short(bundled_problems: list[Failure]) -> None:
    long = [
        str(p)
        for p in bundled_problems
        if "characters" in p.message and p.rule_id not in KNOWN_LONG
    ]
    assert long == []


def test_known_long_patterns_are_still_long(bundled_problems: list[Failure]) -> None:
    long = {p.rule_id for p in bundled_problems if "characters" in p.message}
    assert long == KNOWN_LONG, "a rule's patterns were split: drop it from KNOWN_LONG"


def test_no_bundled_guard_is_copied(bundled_problems: list[Failure]) -> None:
    assert [str(p) for p in bundled_problems if "guard" in p.message] == []


def test_every_bundled_rule_has_a_summary(bundled_problems: list[Failure]) -> None:
    assert [str(p) for p in bundled_problems if "summary" in p.message] == []


def test_a_long_pattern_is_reported(tmp_path: Path) -> None:
    assert len(LONG) > PATTERN_LIMIT
    packs = _pack(tmp_path, _rule("wordy", pattern=LONG), _rule("short"))
    problems = list(check_hygiene(packs))
    assert [(p.rule_id, p.line) for p in problems] == [("wordy", 10)]
    assert f"{len(LONG)} characters" in problems[0].message


def test_a_long_alternative_in_a_list_is_reported(tmp_path: Path) -> None:
    rule = _rule("listed").replace(
        r"pattern: '\bmiracle\b'", f"pattern: ['\\bmiracle\\b', '{LONG}']"
    )
    problems = list(check_hygiene(_pack(tmp_path, rule)))
    assert [p.rule_id for p in problems] == ["listed"]
    assert "`pattern`" in problems[0].message


def test_a_pattern_at_the_limit_passes(tmp_path: Path) -> None:
    exact = "a" * PATTERN_LIMIT
    assert list(check_hygiene(_pack(tmp_path, _rule("edge", pattern=exact)))) == []


def test_a_copied_guard_names_every_rule(tmp_path: Path) -> None:
    guard = r"\bnot a miracle\b"
    packs = _pack(
        tmp_path,
        _rule("first", guard=guard),
        _rule("second"),
        _rule("third", guard=guard),
    )
    problems = list(check_hygiene(packs))
    assert len(problems) == 1
    assert "2 rules (first, third)" in problems[0].message


def test_a_pattern_shared_with_the_main_pattern_is_no_guard_copy(
    tmp_path: Path,
) -> None:
    # Only guards count: two rules may match the same words.
    packs = _pack(tmp_path, _rule("one"), _rule("two", guard=r"\bother\b"))
    assert list(check_hygiene(packs)) == []


def test_a_rule_without_summary_is_reported(tmp_path: Path) -> None:
    packs = _pack(tmp_path, _rule("plain", summary=False), _rule("fine"))
    problems = list(check_hygiene(packs))
    assert [p.rule_id for p in problems] == ["plain"]
    assert "summary" in problems[0].message


def test_rules_test_warns_on_a_users_pack(tmp_path: Path) -> None:
    _pack(tmp_path, _rule("plain", summary=False, pattern=LONG + r"|\bmiracle\b"))
    result = CliRunner().invoke(
        main, ["rules", "test", "--no-bundled", str(tmp_path / "mine.yaml")]
    )
    assert result.exit_code == 0, result.output
    assert "no `summary`" in result.output
    assert "characters (at most 300)" in result.output
    assert "0 failures, 2 warnings." in result.output
