"""One file, start to finish: lint, fingerprint, apply suppressions and the baseline,
and (with ``--fix``) rewrite until stable."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from cliniclint.documents import Document, UnreadableFile, read_document
from cliniclint.engine.baseline import Baseline, relative_path, with_fingerprints
from cliniclint.engine.compiled import CompiledRules
from cliniclint.engine.linter import lint_document
from cliniclint.engine.run import read_file, start_lines
from cliniclint.engine.suppressions import Policy, Suppressions, Waiver
from cliniclint.errors import SourceError
from cliniclint.findings import FileResult, Finding


@dataclass(frozen=True, slots=True)
class FileSetup:
    """The rules and suppression policy that apply to one file."""

    rules: CompiledRules
    policy: Policy


@dataclass(slots=True)
class Checked:
    findings: list[Finding]
    waivers: list[Waiver]
    suppressed: int
    known: set[str]


@dataclass(slots=True)
class FileOutcome:
    result: FileResult
    waivers: list[Waiver] = field(default_factory=list)
    suppressed: int = 0
    fixed: int = 0
    diff: str = ""
    fixed_text: str | None = None
    fixed_bytes: bytes | None = None  # the fixed text in the file's encoding and BOM
    # For the baseline's books, kept by the parent process (see Pipeline.account).
    rel_path: str | None = None
    known: set[str] = field(default_factory=set)


class Pipeline:
    """Lint files with per-file rules, suppressions and an optional baseline."""

    def __init__(
        self,
        setup_for: Callable[[str], FileSetup],
        *,
        root: Path,
        baseline: Baseline | None = None,
    ):
        self.setup_for = setup_for
        self.root = root
        # The real folders --fix may write in (see fixes.write_roots); None: any.
        self.write_roots: tuple[str, ...] | None = None
        self.baseline = baseline
        # The configuration's `encoding:`, for pages that are not UTF-8.
        self.legacy_encoding: str | None = None

    def check(self, doc: Document) -> Checked:
        """The findings to report for one document (nothing is recorded)."""
        setup = self.setup_for(doc.path)
        rel = relative_path(doc.path, self.root)
        suppressions = Suppressions(doc, setup.policy)
        waives = suppressions.waives if suppressions.active else None
        found = lint_document(doc, setup.rules, waives)
        outcome = suppressions.outcome(with_fingerprints(found, rel, doc.raw))
        made = [f for f in outcome.findings if f.fingerprint is None]
        findings = outcome.findings
        if made:
            done = [f for f in findings if f.fingerprint is not None]
            findings = sorted(
                done + with_fingerprints(made, rel, doc.raw), key=Finding.sort_key
            )
        known: set[str] = set()
        if self.baseline is not None:
            findings, known = self.baseline.split(findings)
        return Checked(findings, outcome.waivers, outcome.suppressed, known)

    def account(self, outcome: FileOutcome) -> None:
        """Count one file's outcome towards the baseline's hidden and stale figures.

        Separate from linting so that files linted in worker processes are counted
        once, in the parent."""
        if self.baseline is not None and outcome.rel_path is not None:
            self.baseline.record(outcome.rel_path, outcome.known)

    def _finish(self, doc: Document, checked: Checked) -> FileOutcome:
        lines = start_lines(doc, checked.findings)
        result = FileResult(doc.path, checked.findings, lines=lines)
        return FileOutcome(
            result,
            checked.waivers,
            checked.suppressed,
            rel_path=relative_path(doc.path, self.root),
            known=checked.known,
        )

    def _read(self, path: str, data: bytes | str | None) -> Document | FileOutcome:
        try:
            if data is None:
                data = read_file(path)
            return read_document(path, data, legacy=self.legacy_encoding)
        except UnreadableFile as exc:
            return FileOutcome(FileResult(path, notice=str(exc)))

    def lint(self, path: str, data: bytes | str | None = None) -> FileOutcome:
        """Lint a file (read from disk when ``data`` is None)."""
        doc = self._read(path, data)
        if isinstance(doc, FileOutcome):
            return doc
        return self._finish(doc, self.check(doc))

    def fix(
        self,
        path: str,
        data: bytes | str | None = None,
        *,
        unsafe: bool = False,
        write: bool = True,
    ) -> FileOutcome:
        """Apply fixes until stable; write the file back (unless ``write`` is off or
        the content came from stdin) and report what remains."""
        # Imported only by runs that fix; they import it before the first file (see
        # commands.run), so that a Ctrl-C never lands in an import mid-run.
        from cliniclint.engine.fixes import (
            FileChanged,
            encode_source,
            fix_until_stable,
            unified_diff,
            write_atomic,
        )

        doc = self._read(path, data)
        if isinstance(doc, FileOutcome):
            return doc
        last: list[Checked] = []
        fmt = doc.format

        def check(text: str) -> list[Finding]:
            current = doc if text == doc.raw else read_document(path, text, fmt)
            checked = self.check(current)
            last[:] = [checked]
            return checked.findings

        fixed = fix_until_stable(doc.raw, check, unsafe, fmt)
        final_doc = (
            doc if fixed.text == doc.raw else read_document(path, fixed.text, fmt)
        )
        outcome = self._finish(final_doc, last[0])
        outcome.fixed = fixed.applied
        if fixed.text != doc.raw:
            source = doc.source
            outcome.diff = unified_diff(doc.raw, fixed.text, path)
            outcome.fixed_text = fixed.text
            outcome.fixed_bytes = encode_source(fixed.text, source.encoding, source.bom)
            if write and data is None:
                # What was read, byte for byte: decoding is strict, so encoding the
                # text again gives the file's bytes back.
                original = encode_source(doc.raw, source.encoding, source.bom)
                try:
                    write_atomic(
                        path,
                        outcome.fixed_bytes,
                        expected=original,
                        roots=self.write_roots,
                    )
                except (FileChanged, FileNotFoundError):
                    # Someone else's edit (or deletion) wins over ours.
                    notice = "changed while being fixed, left as it is"
                    return FileOutcome(FileResult(path, notice=notice))
                except OSError as exc:
                    message = f"cannot write the fixes: {exc.strerror or exc}"
                    raise SourceError(path, None, None, message) from None
        return outcome
