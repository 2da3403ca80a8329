"""One file, start to finish: its bytes and its setup in, a ``LintedFile`` out. Lint,
fingerprint, apply suppressions and the baseline, and (with ``--fix``) rewrite until
stable. Reading the file and counting the baseline's books are the runner's."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cliniclint.documents import Document, UnreadableFile, read_document
from cliniclint.engine.linter import lint_document
from cliniclint.errors import SourceError
from cliniclint.findings import FileResult, Finding
from cliniclint.matching.compiled import CompiledRules
from cliniclint.review.baseline import Baseline, relative_path, with_fingerprints
from cliniclint.review.suppressions import Policy, Suppressions, Waiver
from cliniclint.run import stored


@dataclass(frozen=True, slots=True)
class FileSetup:
    """The rules and suppression policy that apply to one file."""

    rules: CompiledRules
    policy: Policy


@dataclass(slots=True)
class FileFindings:
    """What one document's check found: the findings to report, the suppression
    comments that waived others, how many, and the baseline's fingerprints it hid."""

    findings: list[Finding]
    waivers: list[Waiver]
    suppressed: int
    known: set[str]


@dataclass(slots=True)
class LintedFile:
    """One file as the run leaves it: its result (findings or a notice), waivers and
    counts, and with ``--fix`` or ``--diff`` what the fixes made of it."""

    result: FileResult
    waivers: list[Waiver] = field(default_factory=list)
    suppressed: int = 0
    fixed: int = 0
    diff: str = ""
    fixed_text: str | None = None
    fixed_bytes: bytes | None = None  # the fixed text in the file's encoding and BOM
    # For the baseline's books, kept by the parent process (see Runner).
    rel_path: str | None = None
    known: set[str] = field(default_factory=set)

    @classmethod
    def notice(cls, path: str, message: str) -> LintedFile:
        """A file that was not linted, and why (the notice shown for it)."""
        return cls(FileResult(path, notice=message))


stored.register(Waiver)
stored.register(LintedFile)


def start_lines(doc: Document, findings: Sequence[Finding]) -> dict[int, str]:
    """The source lines that findings start on, for reporters that show context."""
    lines: dict[int, str] = {}
    for finding in findings:
        if finding.start is not None and finding.start.line not in lines:
            lines[finding.start.line] = doc.lines.line_text(finding.start.line)
    return lines


class FilePipeline:
    """Lint or fix one file's content with the setup given for it."""

    def __init__(
        self,
        *,
        root: Path,
        baseline: Baseline | None = None,
        legacy_encoding: str | None = None,
        write_roots: tuple[str, ...] | None = None,
    ):
        self.root = root
        # The real folders --fix may write in (see writes.write_roots); None: any.
        self.write_roots = write_roots
        self.baseline = baseline
        # The configuration's `encoding:`, for pages that are not UTF-8.
        self.legacy_encoding = legacy_encoding

    def check(
        self, doc: Document, setup: FileSetup, *, fingerprints: bool = True
    ) -> FileFindings:
        """The findings to report for one document (nothing is recorded), with
        their fingerprints unless ``fingerprints`` is false and no baseline needs
        them."""
        rel = relative_path(doc.path, self.root)
        suppressions = Suppressions(doc, setup.policy)
        waives = suppressions.waives if suppressions.active else None
        found = lint_document(doc, setup.rules, waives)
        if not fingerprints and self.baseline is None:
            plain = suppressions.outcome(found)
            return FileFindings(plain.findings, plain.waivers, plain.suppressed, set())
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
        return FileFindings(findings, outcome.waivers, outcome.suppressed, known)

    def _finish(self, doc: Document, checked: FileFindings) -> LintedFile:
        lines = start_lines(doc, checked.findings)
        result = FileResult(doc.path, checked.findings, lines=lines)
        return LintedFile(
            result,
            checked.waivers,
            checked.suppressed,
            rel_path=relative_path(doc.path, self.root),
            known=checked.known,
        )

    def _read(self, path: str, data: bytes | str) -> Document | LintedFile:
        try:
            return read_document(path, data, legacy=self.legacy_encoding)
        except UnreadableFile as exc:
            return LintedFile.notice(path, str(exc))

    def lint(
        self,
        path: str,
        data: bytes | str,
        setup: FileSetup,
        *,
        fingerprints: bool = True,
    ) -> LintedFile:
        """Lint a file's content (``fingerprints``: as ``check``)."""
        doc = self._read(path, data)
        if isinstance(doc, LintedFile):
            return doc
        return self._finish(doc, self.check(doc, setup, fingerprints=fingerprints))

    def fix(
        self,
        path: str,
        data: bytes | str,
        setup: FileSetup,
        *,
        unsafe: bool = False,
        write: bool = True,
    ) -> LintedFile:
        """Apply fixes until stable and report what remains; with ``write``, write
        the file at ``path`` back, provided it still holds ``data``."""
        # Imported only by runs that fix; they import it before the first file (see
        # Runner), so that a Ctrl-C never lands in an import mid-run.
        from cliniclint.review.fixes import fix_until_stable, unified_diff
        from cliniclint.run import writes

        doc = self._read(path, data)
        if isinstance(doc, LintedFile):
            return doc
        last: list[FileFindings] = []
        fmt = doc.format

        def check(text: str) -> list[Finding]:
            current = doc if text == doc.raw else read_document(path, text, fmt)
            checked = self.check(current, setup)
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
            outcome.fixed_bytes = writes.encode_source(
                fixed.text, source.encoding, source.bom
            )
            if write:
                # What was read, byte for byte: decoding is strict, so encoding the
                # text again gives the file's bytes back.
                original = writes.encode_source(doc.raw, source.encoding, source.bom)
                try:
                    writes.write_atomic(
                        path,
                        outcome.fixed_bytes,
                        expected=original,
                        roots=self.write_roots,
                    )
                except (writes.FileChanged, FileNotFoundError):
                    # Someone else's edit (or deletion) wins over ours.
                    return LintedFile.notice(
                        path, "changed while being fixed, left as it is"
                    )
                except OSError as exc:
                    message = f"cannot write the fixes: {exc.strerror or exc}"
                    raise SourceError(path, None, None, message) from None
        return outcome
