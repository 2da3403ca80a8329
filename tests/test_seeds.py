"""Acceptance: the five seed pages against fixtures/seeds/expected.yaml, linted through
the run service with the bundled packs (no profile), as `cliniclint lint` does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from cliniclint.findings import Finding, Severity
from support import runner

SEEDS = Path(__file__).resolve().parents[1] / "fixtures" / "seeds"


@dataclass(frozen=True)
class Case:
    """One expectation from expected.yaml."""

    seed: str
    kind: str  # must_flag | should_flag | must_not_flag
    line: int
    quote: str
    categories: tuple[str, ...]

    @property
    def label(self) -> str:
        where = "page" if self.line == 0 else f"line {self.line}"
        what = f" {self.quote!r}" if self.quote else ""
        cats = f" [{'/'.join(self.categories)}]" if self.categories else ""
        return f"{self.seed} {self.kind} {where}{what}{cats}"


def load_cases() -> list[Case]:
    data: dict[str, Any] = yaml.safe_load((SEEDS / "expected.yaml").read_text("utf-8"))
    cases: list[Case] = []
    for seed, groups in data.items():
        for kind in ("must_flag", "should_flag", "must_not_flag"):
            for item in groups.get(kind) or []:
                cats = item.get("category") or []
                if isinstance(cats, str):
                    cats = [cats]
                cases.append(
                    Case(
                        seed,
                        kind,
                        int(item["line"]),
                        item.get("quote", ""),
                        tuple(cats),
                    )
                )
    return cases


def seed_findings() -> dict[str, list[Finding]]:
    """Each seed's findings as `cliniclint lint --isolated` reports them."""
    paths = sorted(SEEDS.glob("*.txt"))
    run = runner(bundled=True)
    out: dict[str, list[Finding]] = {}
    outcomes = run.lint_files([str(p) for p in paths], jobs=1, use_cache=False)
    for path, outcome in zip(paths, outcomes, strict=True):
        assert outcome.result.notice is None, outcome.result.notice
        out[path.name] = outcome.result.findings
    return out


def _overlaps(case: Case, finding: Finding, lines: list[str]) -> bool:
    if finding.start is None or finding.end is None:
        return False
    text = lines[case.line - 1]
    col = text.find(case.quote)
    assert col >= 0, f"{case.label}: quote not found on its line"
    q_start, q_end = (case.line, col + 1), (case.line, col + 1 + len(case.quote))
    f_start = (finding.start.line, finding.start.column)
    f_end = (finding.end.line, finding.end.column)
    return f_start < q_end and q_start < f_end


def holds(case: Case, findings: list[Finding]) -> bool:
    """Whether the expectation holds for the findings of its seed."""
    lines = (SEEDS / case.seed).read_text("utf-8").splitlines()
    serious = [f for f in findings if f.severity >= Severity.WARNING]
    if case.kind == "must_not_flag":
        if case.line == 0:
            return not any(
                f.is_page_level
                and (not case.categories or f.category in case.categories)
                for f in serious
            )
        return not any(_overlaps(case, f, lines) for f in serious)
    # must_flag needs a warning or error; should_flag accepts any severity
    pool = serious if case.kind == "must_flag" else findings
    # One finding per claim: the rules beside its own count too.
    matching = [
        f
        for f in pool
        if f.category in case.categories
        or any(r.category in case.categories for r in f.related)
    ]
    if case.line == 0:
        return any(f.is_page_level for f in matching)
    return any(_overlaps(case, f, lines) for f in matching)


CASES = load_cases()
# should_flag cases this version of the packs is known to miss; the test below fails
# when one of them starts to hold, so the list stays honest.
KNOWN_SHOULD_MISSES = {
    # a rhetorical question ("what makes stem cells capable of providing treatment
    # where other interventions cannot?"): questions are kept quiet on purpose
    ("001_ab427d433baf9b54.txt", 11),
}


@pytest.fixture(scope="module")
def findings() -> dict[str, list[Finding]]:
    return seed_findings()


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
