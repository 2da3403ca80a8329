"""Helpers for the integration tests: the test pack, the lint command line, the run
service, and a Markdown page read and linted."""

from __future__ import annotations

from pathlib import Path

from cliniclint.documents import Document, read_document
from cliniclint.engine import CompiledRules, lint_document
from cliniclint.findings import Finding
from cliniclint.run.flags import Flags
from cliniclint.run.runner import Runner
from cliniclint.run.session import Session

ROOT = Path(__file__).resolve().parents[1]
CORE_PACK = ROOT / "fixtures" / "packs" / "core.yaml"
LINT = ("lint", "--isolated", "--no-bundled", "--pack", str(CORE_PACK))

# One pattern rule of a test pack: fill in ``id``, ``pattern`` and ``bad`` (an example
# it must flag), and put it under a pack's ``rules:``.
PATTERN_RULE = """
  - id: {id}
    summary: A test rule.
    category: hype-language
    kind: pattern
    pattern: '{pattern}'
    message: Hype.
    why: Hype misleads.
    advice: Remove it.
    examples:
      bad: ["{bad}"]
      good: ["Nothing."]
"""


def runner(*, bundled: bool = False) -> Runner:
    """The run service with the test pack (or, ``bundled``, the bundled packs and no
    other), reading no configuration: what ``cliniclint lint`` does, suppressions and
    fingerprints included."""
    if bundled:
        flags = Flags(isolated=True)
    else:
        flags = Flags(isolated=True, no_bundled=True, packs=(str(CORE_PACK),))
    return Runner(Session.start(["."], flags))


def markdown_doc(raw: str) -> Document:
    return read_document("page.md", raw)


def lint_markdown(raw: str, rules: CompiledRules) -> list[Finding]:
    """Findings for ``raw`` read as a Markdown page."""
    return lint_document(markdown_doc(raw), rules)
