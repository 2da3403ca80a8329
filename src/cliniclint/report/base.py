"""What every reporter receives: the findings of a run, file by file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cliniclint.findings import FileResult, Finding, Severity

__all__ = ["FileResult", "Report", "fails"]


@dataclass(slots=True)
class Report:
    files: list[FileResult] = field(default_factory=list)

    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def counts(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings())

    @property
    def checked(self) -> int:
        return sum(1 for r in self.files if r.notice is None)


def fails(report: Report, fail_on: Severity | None) -> bool:
    """True when any finding reaches the --fail-on level (None means never)."""
    if fail_on is None:
        return False
    return any(f.severity >= fail_on for f in report.findings())
