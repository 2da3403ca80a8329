"""`cliniclint eval`: the scorer on a tiny hand-made set, and the bundled packs on the
development set with the floors CI enforces."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cliniclint.cli.main import main
from cliniclint.engine import CompiledRules, Selection, compile_rules
from cliniclint.engine.ruleset import load_packs
from cliniclint.evaluation.sentences import (
    below_floors,
    read_records,
    render_json,
    render_text,
    score_records,
)
from cliniclint.packs.yamlsource import SourceError

# Slow: lints the labelled sentences (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

DEVSET = Path(__file__).resolve().parents[1] / "fixtures" / "devset"
MIN_RECALL = 0.85
MAX_FALSE_ALARMS = 0.05

TINY_PACK = """\
pack: tiny
title: Tiny
version: "1"
rules:
  - id: cure-word
    category: cure-claim
    kind: phrase
    phrases: [cures]
    unless: ['\\bnot\\b']
    message: cure
    why: test
    advice: remove
    examples: {bad: ["It [[cures]] it."], good: ["It does not cure."]}
  - id: hype-word
    category: hype-language
    kind: phrase
    phrases: [miracle]
    message: hype
    why: test
    advice: remove
    examples: {bad: ["A [[miracle]]."], good: ["A plan."]}
  - id: page-rule
    category: disclaimer-missing
    kind: required
    when: '.'
    any_of: ['disclaimer']
    message: page
    why: test
    advice: add one
    examples: {bad: ["Text."], good: ["A disclaimer."]}
"""

TINY_SET = [
    {"id": "v1", "text": "This cream cures acne.", "category": "cure-claim"},
    {"id": "v2", "text": "A miracle cream.", "category": "hype-language"},
    {"id": "v3", "text": "Nothing to see.", "category": "cure-claim"},
    {"id": "c1", "text": "It does not cure acne."},
    {"id": "c2", "text": "It cures nothing, they say.", "why": "a trap"},
]


@pytest.fixture
def tiny(tmp_path: Path) -> tuple[CompiledRules, Path]:
    pack = tmp_path / "tiny.yaml"
    pack.write_text(TINY_PACK, encoding="utf-8")
    rules = compile_rules(
        load_packs([pack], bundled=False), Selection(page_rules=False)
    )
    data = tmp_path / "set.jsonl"
    data.write_text(
        "\n".join(json.dumps(r) for r in TINY_SET) + "\n\n", encoding="utf-8"
    )
    return rules, data


def test_scorer_counts_recall_and_false_alarms(
    tiny: tuple[CompiledRules, Path],
) -> None:
    rules, data = tiny
    result = score_records(read_records([data]), rules)
    assert len(result.violative) == 3
    assert len(result.compliant) == 2
    # v1 flagged; v2 only draws info (hype), which does not count; v3 draws nothing
    assert result.recall == pytest.approx(1 / 3)
    assert [o.record.id for o in result.misses] == ["v2", "v3"]
    assert result.false_alarm_rate == pytest.approx(1 / 2)
    assert [o.record.id for o in result.false_alarms] == ["c2"]
    assert result.per_category() == {"cure-claim": (1, 2), "hype-language": (0, 1)}


def test_a_record_in_the_category_compliant_is_compliant(tmp_path: Path) -> None:
    data = tmp_path / "set.jsonl"
    data.write_text(
        json.dumps({"id": "c", "text": "It cures nothing.", "category": "compliant"})
        + "\n"
        + json.dumps({"id": "v", "text": "It cures acne.", "category": "cure-claim"})
        + "\n",
        encoding="utf-8",
    )
    [compliant, violative] = read_records([data])
    assert not compliant.light
    assert (compliant.id, compliant.category, compliant.violative) == ("c", None, False)
    assert (violative.id, violative.category, violative.violative) == (
        "v",
        "cure-claim",
        True,
    )


def test_a_light_compliant_record_may_draw_a_warning(
    tiny: tuple[CompiledRules, Path], tmp_path: Path
) -> None:
    rules, _ = tiny
    data = tmp_path / "light.jsonl"
    records = [
        {"id": "l", "text": "It cures acne, they say.", "expected_flag": "light"},
        {"id": "c", "text": "It cures acne, we hear."},
    ]
    data.write_text("\n".join(json.dumps(r) for r in records), encoding="utf-8")
    result = score_records(read_records([data]), rules)
    assert [o.record.id for o in result.compliant] == ["c"]
    assert [o.record.id for o in result.false_alarms] == ["c"]
    assert result.false_alarm_rate == 1.0


def test_scorer_ignores_page_level_rules(tiny: tuple[CompiledRules, Path]) -> None:
    rules, data = tiny
    assert all(r.kind != "required" for r in rules.rules)
    result = score_records(read_records([data]), rules)
    assert all(f.start is not None for o in result.outcomes for f in o.findings)


def test_floors(tiny: tuple[CompiledRules, Path]) -> None:
    rules, data = tiny
    result = score_records(read_records([data]), rules)
    assert below_floors(result, None, None) == []
    assert below_floors(result, 0.3, 0.5) == []
    problems = below_floors(result, 0.5, 0.4)
    assert len(problems) == 2
    assert "recall" in problems[0]
    assert "false-alarm" in problems[1]


def test_reports(tiny: tuple[CompiledRules, Path]) -> None:
    rules, data = tiny
    result = score_records(read_records([data]), rules)
    text = render_text(result, show_misses=True)
    assert "recall: 0.333 (1/3" in text
    assert "false-alarm rate: 0.500 (1/2" in text
    assert "v3 [cure-claim]" in text
    assert "cure-word (error)" in text
    doc = json.loads(render_json(result, show_misses=True))
    assert doc["recall"] == pytest.approx(1 / 3)
    assert doc["per_category"]["cure-claim"] == {
        "detected": 1,
        "total": 2,
        "recall": 0.5,
    }
    assert doc["per_category_basis"] == "primary category"
    assert [m["id"] for m in doc["misses"]] == ["v2", "v3"]
    assert "misses" not in json.loads(render_json(result))


def test_bad_record_is_located(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text(
        '{"id": "a", "text": "ok"}\n{"id": "b", "text": \n', encoding="utf-8"
    )
    with pytest.raises(SourceError) as info:
        read_records([bad])
    assert info.value.line == 2
    nontext = tmp_path / "nontext.jsonl"
    nontext.write_text('{"id": "a", "text": 3}\n', encoding="utf-8")
    with pytest.raises(SourceError, match="text"):
        read_records([nontext])


def test_cli_exit_codes(tiny: tuple[CompiledRules, Path], tmp_path: Path) -> None:
    _, data = tiny
    pack = str(tmp_path / "tiny.yaml")
    runner = CliRunner()
    base = ["eval", str(data), "--no-bundled", "--pack", pack]
    ok = runner.invoke(main, [*base, "--min-recall", "0.3"])
    assert ok.exit_code == 0, ok.output
    assert "recall: 0.333" in ok.output
    low = runner.invoke(main, [*base, "--min-recall", "0.9"])
    assert low.exit_code == 1
    noisy = runner.invoke(
        main, [*base, "--max-false-alarms", "0.1", "--format", "json"]
    )
    assert noisy.exit_code == 1
    assert json.loads(noisy.stdout)["false_alarms"] == 1
    missing = runner.invoke(main, ["eval", str(tmp_path / "nope.jsonl")])
    assert missing.exit_code == 2


def test_bundled_packs_meet_the_floors_on_the_devset() -> None:
    rules = compile_rules(load_packs(), Selection(page_rules=False))
    records = read_records([DEVSET / "violative.jsonl", DEVSET / "compliant.jsonl"])
    result = score_records(records, rules)
    assert len(result.violative) == 357
    assert len(result.compliant) == 130
    assert below_floors(result, MIN_RECALL, MAX_FALSE_ALARMS) == [], render_text(result)


def test_cli_eval_on_the_devset() -> None:
    runner = CliRunner()
    args = [
        "eval",
        str(DEVSET / "violative.jsonl"),
        str(DEVSET / "compliant.jsonl"),
        "--min-recall",
        str(MIN_RECALL),
        "--max-false-alarms",
        str(MAX_FALSE_ALARMS),
    ]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
