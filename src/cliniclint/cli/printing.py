"""The printing side of one `cliniclint lint` run: the run service (run.runner)
yields each file's outcome; this prints them in the chosen way and exits."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from contextlib import closing
from typing import NoReturn, TextIO

import click

from cliniclint.cli.common import EXIT_FINDINGS, EXIT_OK
from cliniclint.cli.progress import Progress
from cliniclint.documents import filebytes
from cliniclint.findings import Severity
from cliniclint.report import BaselineInfo, Report, fails, render
from cliniclint.report.paint import paint
from cliniclint.report.statistics import render_statistics, render_statistics_json
from cliniclint.report.stream import Streamer
from cliniclint.report.waivers import render_waivers, render_waivers_json
from cliniclint.run.pipeline import LintedFile
from cliniclint.run.runner import Runner
from cliniclint.run.session import Session


class LintCommand:
    """One `lint` run: lint (or fix) each input, then print in the chosen way."""

    def __init__(
        self,
        session: Session,
        *,
        fix: bool,
        diff: bool,
        unsafe: bool,
        stream: str | None = None,
        quiet: bool = False,
        exit_zero: bool = False,
        colour: bool = False,
        allow_skipped: bool = False,
        write_roots: tuple[str, ...] | None = None,
    ):
        self.session = session
        self.quiet, self.exit_zero, self.colour = quiet, exit_zero, colour
        self.progress: Progress | None = None
        # With a streamed format, each file's findings are printed when it is done
        # and only counts are kept.
        self.streamer = (
            Streamer(stream, self._write, summary=not quiet) if stream else None
        )
        self.settings = session.settings
        self.runner = Runner(
            session, fix=fix, diff=diff, unsafe=unsafe, write_roots=write_roots
        )
        self.base = self.runner.baseline
        self.fix, self.diff = fix, diff
        self.allow_skipped = allow_skipped
        self.outcomes: list[LintedFile] = []

    def _write(self, text: str) -> None:
        if self.progress is not None:
            self.progress.clear()  # the bar's line on a terminal, before the findings
        sys.stdout.write(paint(text) if self.colour else text)

    @property
    def threshold(self) -> Severity | None:
        fail_on = self.settings.fail_on.value
        if self.exit_zero or fail_on == "never":
            return None
        return Severity.parse(fail_on)

    def _add(self, outcome: LintedFile) -> None:
        if self.streamer is None:
            self.outcomes.append(outcome)
            return
        self.streamer.file(outcome.result)
        if self.fix:
            totals = self.streamer.totals
            totals.fixed = (totals.fixed or 0) + outcome.fixed

    def files(self, paths: Sequence[str], *, jobs: int, use_cache: bool) -> None:
        """Lint (or fix) every file and print (or keep) each outcome in order."""
        if not paths:
            return
        rendered = None
        if self.streamer is not None:
            self.streamer.keep = self.runner.keeps_results(use_cache)
            rendered = self.streamer.fmt
        outcomes = self.runner.lint_files(
            paths, jobs=jobs, use_cache=use_cache, rendered=rendered
        )
        progress = Progress(len(paths), shown=not self.quiet)
        self.progress = progress
        try:
            with closing(outcomes):
                for outcome in outcomes:
                    self._add(outcome)
                    progress.step()
        finally:
            progress.done()
            self.progress = None

    def stdin(
        self, name: str | None, fmt: str = "text", report_to: TextIO | None = None
    ) -> None:
        data = filebytes.read_capped(sys.stdin.buffer)
        only_fix = self.fix and not self.diff
        if name and self.settings.excluded(name):
            # A configured `exclude` covers what an editor pipes in under that name.
            if only_fix:
                self._pass_through(data)
            return
        if len(data) > filebytes.MAX_FILE_BYTES:
            notice = filebytes.too_large()
            if only_fix:
                # stdout carries only the content: the notice goes to stderr.
                click.echo(f"cliniclint: {name or '-'}: {notice}", err=True)
                self._pass_through(data)
            self._add(LintedFile.notice(name or "-", notice))
            return
        outcome = self.runner.lint_input(name or "-", data)
        if not (self.fix or self.diff):
            self._add(outcome)
            return
        if only_fix:
            # Like other linters: the fixed content goes to stdout, nothing else, in
            # the encoding it came in; the exit code says whether findings remain.
            report = Report(
                [outcome.result], rules=self.session.rule_meta(), fixed=outcome.fixed
            )
            if fmt != "text" or report_to is not None:
                # stdout holds the content; a report asked for goes, whole, to stderr
                # (or to --output-file).
                out = report_to or sys.stderr
                out.write(render(report, fmt))
                out.flush()
            failing = fails(report, self.threshold, allow_skipped=self.allow_skipped)
            self._exit_with_stdout(
                outcome.fixed_bytes or data, EXIT_FINDINGS if failing else EXIT_OK
            )
        self._add(outcome)

    def _pass_through(self, data: bytes) -> NoReturn:
        """Standard input back on stdout as it came, however long, and exit 0."""
        sys.stdout.buffer.write(data)
        shutil.copyfileobj(sys.stdin.buffer, sys.stdout.buffer)
        self._exit_with_stdout(b"", EXIT_OK)

    def _baseline_info(self) -> BaselineInfo | None:
        base = self.base
        if base is None:
            return None
        return BaselineInfo(str(self.settings.baseline.value), base.hidden, base.stale)

    def _finish_stream(self, fmt: str) -> NoReturn:
        assert self.streamer is not None
        baseline = self._baseline_info()
        self.streamer.finish(baseline)
        sys.stdout.flush()
        totals = self.streamer.totals
        if not self.quiet:
            self._stderr_notes(fmt, baseline, totals.fixed, totals.remaining)
        failing = totals.fails(self.threshold, allow_skipped=self.allow_skipped)
        sys.exit(EXIT_FINDINGS if failing else EXIT_OK)

    @staticmethod
    def _stderr_notes(
        fmt: str, baseline: BaselineInfo | None, fixed: int | None, remaining: int
    ) -> None:
        if baseline is not None and fmt != "json":
            hidden, stale = baseline.hidden, baseline.stale
            click.echo(
                f"cliniclint: baseline {baseline.path}: {hidden} "
                f"finding{'s' if hidden != 1 else ''} hidden, {stale} stale "
                f"entr{'ies' if stale != 1 else 'y'}",
                err=True,
            )
        if fixed is not None and fmt not in ("text", "json"):
            click.echo(f"cliniclint: fixed {fixed}, {remaining} remaining", err=True)

    @staticmethod
    def _exit_with_stdout(data: bytes, code: int) -> NoReturn:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        sys.exit(code)

    def list_waivers(self, fmt: str) -> NoReturn:
        waivers = [(o.result.path, w) for o in self.outcomes for w in o.waivers]
        render = render_waivers_json if fmt == "json" else render_waivers
        click.echo(render(waivers), nl=False)
        sys.exit(EXIT_OK)

    def show_diff(self) -> NoReturn:
        changed = [o for o in self.outcomes if o.diff]
        for outcome in changed:
            click.echo(outcome.diff, nl=False)
        count = sum(o.fixed for o in self.outcomes)
        click.echo(
            f"Would fix {count} finding{'s' if count != 1 else ''} in "
            f"{len(changed)} file{'s' if len(changed) != 1 else ''}.",
            err=True,
        )
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)

    def report(self, fmt: str, statistics: bool) -> NoReturn:
        self.session.save()
        if self.streamer is not None:
            self._finish_stream(fmt)
        report = Report(
            [o.result for o in self.outcomes],
            rules=self.session.rule_meta(),
            fixed=sum(o.fixed for o in self.outcomes) if self.fix else None,
        )
        report.baseline = self._baseline_info()
        if statistics:
            out = render_statistics_json if fmt == "json" else render_statistics
            click.echo(out(report), nl=False)
        else:
            click.echo(render(report, fmt), nl=False)
        if not self.quiet:
            remaining = len(report.findings())
            self._stderr_notes(fmt, report.baseline, report.fixed, remaining)
        failing = fails(report, self.threshold, allow_skipped=self.allow_skipped)
        sys.exit(EXIT_FINDINGS if failing else EXIT_OK)
