"""Acceptance: the five seed pages against fixtures/seeds/expected.yaml, linted through
the real engine with the bundled packs (no profile)."""

from __future__ import annotations

import pytest

from cliniclint.engine import CompiledRules
from cliniclint.model import Finding
from seedcheck import Case, holds, load_cases, seed_findings

CASES = load_cases()
# should_flag cases this version of the packs is known to miss; the test below fails
# when one of them starts to hold, so the list stays honest.
KNOWN_SHOULD_MISSES = {
    # a rhetorical question ("what makes stem cells capable of providing treatment
    # where other interventions cannot?"): questions are kept quiet on purpose
    ("001_ab427d433baf9b54.txt", 11),
}


@pytest.fixture(scope="module")
def findings(default_rules: CompiledRules) -> dict[str, list[Finding]]:
    return seed_findings(default_rules)


def _ids(kind: str) -> list[Case]:
    return [c for c in CASES if c.kind == kind]


@pytest.mark.parametrize("case", _ids("must_flag"), ids=lambda c: c.label)
def test_must_flag(case: Case, findings: dict[str, list[Finding]]) -> None:
    assert holds(case, findings[case.seed]), case.label


@pytest.mark.parametrize("case", _ids("must_not_flag"), ids=lambda c: c.label)
def test_must_not_flag(case: Case, findings: dict[str, list[Finding]]) -> None:
    assert holds(case, findings[case.seed]), case.label


def test_should_flag(
    findings: dict[str, list[Finding]], capsys: pytest.CaptureFixture[str]
) -> None:
    cases = _ids("should_flag")
    missed = [c for c in cases if not holds(c, findings[c.seed])]
    with capsys.disabled():
        print(
            f"\nseeds: {len(cases) - len(missed)}/{len(cases)} should_flag cases hold"
        )
    assert {(c.seed, c.line) for c in missed} == KNOWN_SHOULD_MISSES


def test_expected_yaml_is_read_whole() -> None:
    kinds = {c.kind for c in CASES}
    assert kinds == {"must_flag", "should_flag", "must_not_flag"}
    assert len({c.seed for c in CASES}) == 5
