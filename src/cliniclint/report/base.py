"""What every reporter receives: the findings of a run, file by file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from cliniclint.findings import FileResult, Finding, Severity

__all__ = ["BaselineInfo", "FileResult", "Report", "RuleMeta", "fails"]


@dataclass(frozen=True, slots=True)
class RuleMeta:
    """What reporters that describe rules (SARIF) need to know about one rule."""

    id: str
    category: str
    severity: Severity
    title: str
    why: str
    help_uri: str | None = None
    suggestions: tuple[str, ...] = ()
    advice: str | None = None
    fix: str = "suggest"
    pack: str = ""


@dataclass(frozen=True, slots=True)
class BaselineInfo:
    path: str
    hidden: int
    stale: int


@dataclass(slots=True)
class Report:
    files: list[FileResult] = field(default_factory=list)
    rules: dict[str, RuleMeta] = field(default_factory=dict)
    baseline: BaselineInfo | None = None
    fixed: int | None = None  # fixes applied (with --fix), else None

    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]

    def counts(self) -> Counter[Severity]:
        return Counter(f.severity for f in self.findings())

    @property
    def checked(self) -> int:
        return sum(1 for r in self.files if r.notice is None)

    @property
    def skipped(self) -> int:
        """Files not linted (binary, an unknown encoding, unreadable...)."""
        return sum(1 for r in self.files if r.notice is not None)


def fails(
    report: Report, fail_on: Severity | None, *, allow_skipped: bool = False
) -> bool:
    """True when any finding reaches the --fail-on level (None means never), or a
    file was skipped unread, unless ``allow_skipped``."""
    if fail_on is None:
        return False
    if report.skipped and not allow_skipped:
        return True
    return any(f.severity >= fail_on for f in report.findings())
