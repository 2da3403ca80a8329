"""Findings and severities: plain data shared by every layer, free of validators."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, Literal

RuleFix = Literal["safe", "suggest"]
# A finding's tier: its rule's, or "none" when its rewrite does not fit its span (the
# rewrite is then shown, never applied).
FixTier = Literal["safe", "suggest", "none"]


class Severity(enum.IntEnum):
    """How serious a finding is; the order is used by --fail-on."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, name: str) -> Severity:
        return cls[name.upper()]

    @property
    def label(self) -> str:
        return self.name.lower()

    def lowered(self) -> Severity:
        """One level less severe (info stays info)."""
        return Severity(max(self.value - 1, Severity.INFO.value))


@dataclass(frozen=True, slots=True)
class Position:
    """1-based line and column (Unicode code points) in the original file."""

    line: int
    column: int

    def __reduce__(self) -> tuple[type[Position], tuple[int, int]]:
        # Pickled by value: dataclasses' own state handling for slotted classes is
        # slow, and the result cache and worker processes move many findings.
        return Position, (self.line, self.column)


@dataclass(frozen=True, slots=True)
class Reference:
    """A source a rule cites: what a reviewer reads, and where."""

    title: str
    url: str

    def __reduce__(self) -> tuple[type[Reference], tuple[str, str]]:
        return Reference, (self.title, self.url)


# Where cliniclint's rule documentation (docs/rules.md, from `cliniclint rules docs`)
# is published: what a finding cites when its rule cites nothing of its own.
RULE_DOCS = "https://git.example.org/cliniclint/-/blob/main/docs/rules.md"
# The jurisdiction of a rule that names none: it applies wherever the site is.
GLOBAL = "global"


def docs_reference(anchor: str, title: str) -> Reference:
    """A section of cliniclint's rule documentation, as a reference."""
    return Reference(f"cliniclint rules: {title}", f"{RULE_DOCS}#{anchor}")


@dataclass(frozen=True, slots=True)
class Related:
    """Another rule that flagged the same claim as a finding's own rule."""

    rule_id: str
    category: str
    severity: Severity
    message: str


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one file; page-level findings have no span."""

    path: str
    rule_id: str
    category: str
    severity: Severity
    message: str
    pack_id: str
    pack_version: str
    start: Position | None = None
    end: Position | None = None
    offset: int | None = None
    end_offset: int | None = None
    match: str = ""
    suggestions: tuple[str, ...] = ()
    advice: str | None = None
    fix: FixTier = "suggest"
    # The other rules that flagged the same claim.
    related: tuple[Related, ...] = ()
    # Why the severity differs from the rule's own ("raised: the page sells ...").
    note: str = ""
    # The whole sentence rewritten, and the raw span it replaces.
    rewrite: str | None = None
    rewrite_offset: int | None = None
    rewrite_end_offset: int | None = None
    # The sources the rule cites, titled, and where it applies.
    references: tuple[Reference, ...] = ()
    jurisdiction: str | None = None
    # Set once the finding is fingerprinted (see baseline.with_fingerprints): its
    # fingerprint, the file's path relative to the baseline's folder, and the
    # occurrence of its (rule, text, sentence) in the file. Fields rather than a map:
    # a page may hold tens of thousands of findings.
    fingerprint: str | None = field(default=None, compare=False)
    baseline_path: str | None = field(default=None, compare=False)
    occurrence: int = field(default=0, compare=False)

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        return Finding, _finding_fields(self)

    @property
    def is_page_level(self) -> bool:
        return self.start is None

    def sort_key(self) -> tuple[str, int, int, str]:
        return (
            self.path,
            -1 if self.offset is None else self.offset,
            -1 if self.end_offset is None else self.end_offset,
            self.rule_id,
        )


# Every field's value, in order, read in one call.
_finding_fields = attrgetter(*(f.name for f in fields(Finding)))


@dataclass(slots=True)
class FileResult:
    """Findings for one file, or the notice saying why it was skipped."""

    path: str
    findings: list[Finding] = field(default_factory=list)
    notice: str | None = None
    # The source lines that findings start on, for reporters that show context;
    # never the whole document.
    lines: dict[int, str] = field(default_factory=dict)
    # Output already rendered for this result, by format (kept with the result in
    # the result cache, so that a repeat run does not encode it again).
    rendered: dict[str, str] = field(default_factory=dict, compare=False)
    # Set, with ``findings`` left empty, when a repeat run reports the result from
    # its stored rendered output alone: how many findings there are of each
    # severity (the findings themselves are not read back from the cache).
    unloaded: dict[Severity, int] | None = field(default=None, compare=False)
