"""Check the seed pages against fixtures/seeds/expected.yaml (shared by the tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cliniclint.engine import CompiledRules, Selection, compile_rules, lint_file
from cliniclint.model import Finding, Severity
from cliniclint.packs import load_packs

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


def bundled_rules() -> CompiledRules:
    return compile_rules(load_packs(), Selection())


def seed_findings(rules: CompiledRules) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        result = lint_file(str(path), rules)
        assert result.notice is None, result.notice
        out[path.name] = result.findings
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
    matching = [f for f in pool if f.category in case.categories]
    if case.line == 0:
        return any(f.is_page_level for f in matching)
    return any(_overlaps(case, f, lines) for f in matching)
