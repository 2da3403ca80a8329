"""The work of one `cliniclint lint` run, after its options are parsed."""

from __future__ import annotations

import hashlib
import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn, TextIO

import click

from cliniclint.commands.common import EXIT_FINDINGS, EXIT_OK
from cliniclint.commands.progress import Progress
from cliniclint.commands.session import Session
from cliniclint.documents import UnreadableFile
from cliniclint.engine import run as engine_run
from cliniclint.engine.cache import cache_dir
from cliniclint.engine.parallel import ordered_map
from cliniclint.engine.pipeline import FileOutcome
from cliniclint.engine.run import read_file
from cliniclint.findings import FileResult, Severity
from cliniclint.report import BaselineInfo, Report, fails, render
from cliniclint.report.paint import paint
from cliniclint.report.statistics import render_statistics, render_statistics_json
from cliniclint.report.stream import Streamer
from cliniclint.report.waivers import render_waivers, render_waivers_json

if TYPE_CHECKING:
    from cliniclint.engine.resultcache import ResultCache


class LintRun:
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
        self.base = session.baseline()
        self.pipeline = session.pipeline(self.base)
        self.fix, self.diff, self.unsafe = fix, diff, unsafe
        self.allow_skipped = allow_skipped
        if fix or diff:
            # Now rather than inside the first file's fix: see Pipeline.fix.
            import cliniclint.engine.fixes  # noqa: F401
        self.outcomes: list[FileOutcome] = []

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

    def file(self, path: str) -> None:
        self._add(self._one(path)[1])

    def _add(self, outcome: FileOutcome) -> None:
        self.pipeline.account(outcome)
        if self.streamer is None:
            self.outcomes.append(outcome)
            return
        self.streamer.file(outcome.result)
        if self.fix:
            totals = self.streamer.totals
            totals.fixed = (totals.fixed or 0) + outcome.fixed

    def _one(self, path: str) -> tuple[str | None, FileOutcome]:
        """Lint (or fix) one file; also return the cache key of the bytes linted."""
        if self.fix or self.diff:
            return None, self.pipeline.fix(
                path, unsafe=self.unsafe, write=not self.diff
            )
        try:
            data = read_file(path)
        except UnreadableFile:
            return None, self.pipeline.lint(path)
        from cliniclint.engine.resultcache import content_key

        return content_key(path, data), self.pipeline.lint(path, data)

    def _run_key(self) -> str:
        base = self.settings.baseline.value
        baseline = base.read_bytes() if base is not None and base.is_file() else b""
        parts = (
            self.session.rules_key,
            repr(self.settings),  # suppression policy, root and more
            self.session.today.isoformat(),
            str(self.pipeline.root),
            hashlib.sha256(baseline).hexdigest(),
            *self.session.nested_keys(),
        )
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()

    def files(self, paths: Sequence[str], *, jobs: int, use_cache: bool) -> None:
        """Lint (or fix) every file: from the result cache where the file and the
        settings are unchanged, the rest spread over ``jobs`` processes, in order."""
        if not paths:
            return  # (standard input alone: no result cache to open)
        if self.fix or self.diff:
            # Files are rewritten by this process only: a run that is killed stops
            # writing at once, with no worker finishing files behind its back.
            jobs = 1
        from cliniclint.engine.resultcache import ResultCache

        for path in paths:
            # Compile in this process, so workers inherit the rules and the rules
            # cache keeps them.
            self.session.setup_for(path)
        folder = cache_dir() if use_cache and not (self.fix or self.diff) else None
        store = ResultCache(folder, self._run_key()) if folder is not None else None
        if self.streamer is not None:
            self.streamer.keep = store is not None
        # Cached files are only noted here and read back one at a time as they are
        # reported, so that a repeat run holds one file's findings at a time.
        cached: dict[int, str] = {}
        todo: list[str] = []
        if store is not None:
            for index, path in enumerate(paths):
                key = self._cached_key(store, path)
                if key is not None:
                    cached[index] = key
                else:
                    todo.append(path)
        else:
            todo = list(paths)
        if todo:
            self.session.prepare()
        fresh = ordered_map(self._one, todo, jobs)
        progress = Progress(len(paths), shown=not self.quiet)
        self.progress = progress
        try:
            for index in range(len(paths)):
                if index in cached:
                    assert store is not None
                    fmt = self.streamer.fmt if self.streamer is not None else None
                    key = cached[index]
                    hit = store.get(key, rendered=fmt)
                    if hit is not None:
                        outcome = hit
                    else:  # gone from the cache since, or unreadable: lint it here
                        key, outcome = self._one(paths[index])
                    rendered = len(outcome.result.rendered)
                    self._add(outcome)
                    if key is not None and (
                        hit is None or len(outcome.result.rendered) > rendered
                    ):
                        # Kept (with the output of this format too) for next time.
                        store.put(key, outcome)
                else:
                    key, outcome = next(fresh)
                    # Reported first: the cache then keeps the rendered output too.
                    self._add(outcome)
                    if store is not None and key is not None:
                        store.put(key, outcome)
                progress.step()
        finally:
            progress.done()
            self.progress = None
            if store is not None:
                store.close()

    @staticmethod
    def _cached_key(store: ResultCache, path: str) -> str | None:
        """The cache key of the file's content, if the cache holds its outcome."""
        try:
            data = read_file(path)
        except UnreadableFile:
            return None
        from cliniclint.engine.resultcache import content_key

        key = content_key(path, data)
        return key if store.contains(key) else None

    def stdin(
        self, name: str | None, fmt: str = "text", report_to: TextIO | None = None
    ) -> None:
        data = engine_run.read_capped(sys.stdin.buffer)
        only_fix = self.fix and not self.diff
        if name and self.settings.excluded(name):
            # A configured `exclude` covers what an editor pipes in under that name.
            if only_fix:
                self._pass_through(data)
            return
        if len(data) > engine_run.MAX_FILE_BYTES:
            notice = engine_run.too_large()
            if only_fix:
                # stdout carries only the content: the notice goes to stderr.
                click.echo(f"cliniclint: {name or '-'}: {notice}", err=True)
                self._pass_through(data)
            self._add(FileOutcome(FileResult(name or "-", notice=notice)))
            return
        if not (self.fix or self.diff):
            self._add(self.pipeline.lint(name or "-", data))
            return
        outcome = self.pipeline.fix(name or "-", data, unsafe=self.unsafe, write=False)
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
