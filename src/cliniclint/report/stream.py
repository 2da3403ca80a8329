"""Streaming output for the line-oriented formats (text, concise, github, json):
each file's findings are written as soon as the file is done, and only counts are
kept, so that memory does not grow with the size of the content repository."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from cliniclint import __version__
from cliniclint.findings import FileResult, Severity
from cliniclint.report.base import BaselineInfo, Report

STREAMED = ("text", "concise", "github", "json")
# The formats whose rendering of a file depends on nothing but its result, and so
# may be kept with it (github's paths are relative to the current folder).
KEPT = ("text", "concise", "json")
# Findings rendered and written at a time when a file's output is not kept: a file of
# many findings never holds its whole output (and the lines it is joined from) at
# once.
PART = 512


@dataclass(slots=True)
class Totals:
    """What the closing lines of a streamed report need."""

    counts: Counter[Severity] = field(default_factory=Counter)
    checked: int = 0
    with_findings: int = 0
    notices: list[dict[str, str]] = field(default_factory=list)
    worst: Severity | None = None
    fixed: int | None = None
    remaining: int = 0

    def add(self, result: FileResult) -> None:
        if result.notice is None:
            self.checked += 1
        else:
            self.notices.append({"file": result.path, "message": result.notice})
        if result.unloaded is not None:
            self._add_counts(result.unloaded)
            return
        if result.findings:
            self.with_findings += 1
        for finding in result.findings:
            self.counts[finding.severity] += 1
            self.remaining += 1
            if self.worst is None or finding.severity > self.worst:
                self.worst = finding.severity

    def _add_counts(self, counts: dict[Severity, int]) -> None:
        total = 0
        for severity, count in counts.items():
            if count:
                total += count
                self.counts[severity] += count
                if self.worst is None or severity > self.worst:
                    self.worst = severity
        self.remaining += total
        if total:
            self.with_findings += 1

    @property
    def skipped(self) -> int:
        return len(self.notices)

    def fails(self, threshold: Severity | None, *, allow_skipped: bool = False) -> bool:
        """As report.fails: a finding at the threshold, or a file skipped unread."""
        if threshold is None:
            return False
        if self.notices and not allow_skipped:
            return True
        return self.worst is not None and self.worst >= threshold


class Streamer:
    """Writes one format piece by piece through ``write``."""

    def __init__(self, fmt: str, write: Callable[[str], None], summary: bool = True):
        if fmt not in STREAMED:
            raise ValueError(f"{fmt} is not a streamed format")
        self.fmt = fmt
        self.summary = summary  # the text format's closing line
        self.write = write
        # Whether a file's output is kept with its result (for the result cache);
        # when not, a file of many findings is written in parts of PART findings.
        self.keep = True
        self.totals = Totals()
        self._first = True
        if fmt == "json":
            from cliniclint.report.jsonfmt import SCHEMA_VERSION, dump

            self._dump = dump
            head = {"name": "cliniclint", "version": __version__}
            write(
                "{"
                + f'"schema_version":{SCHEMA_VERSION},\n"tool":{dump(head)},\n'
                + '"findings":['
            )

    def file(self, result: FileResult) -> None:
        self.totals.add(result)
        # Kept by format with the result, so that the result cache stores it and a
        # repeat run writes it without building or escaping anything again.
        body = result.rendered.get(self.fmt)
        if body is None:
            if not (self.keep and self.fmt in KEPT):
                for part in _parts(result):
                    self._body(render_file(self.fmt, part))
                return
            body = result.rendered[self.fmt] = render_file(self.fmt, result)
        self._body(body)

    def _body(self, body: str) -> None:
        if not body:
            return
        if self.fmt == "json":
            # One write a file: a write a finding costs a system call each when
            # output is unbuffered.
            self.write(("\n" if self._first else ",\n") + body)
            self._first = False
        else:
            self.write(body)

    def finish(self, baseline: BaselineInfo | None = None) -> None:
        totals = self.totals
        if self.fmt == "text" and self.summary:
            from cliniclint.report.text import summary_line

            self.write(summary_line(totals) + "\n")
        elif self.fmt == "json":
            summary: dict[str, Any] = {
                "files_checked": totals.checked,
                "files_skipped": totals.skipped,
                "errors": totals.counts.get(Severity.ERROR, 0),
                "warnings": totals.counts.get(Severity.WARNING, 0),
                "infos": totals.counts.get(Severity.INFO, 0),
            }
            if totals.fixed is not None:
                summary["fixed"] = totals.fixed
            tail = (
                ("\n" if not self._first else "")
                + "],\n"
                + f'"notices":{self._dump(totals.notices)},\n'
                + f'"summary":{self._dump(summary)}'
            )
            if baseline is not None:
                info = {
                    "path": baseline.path,
                    "hidden": baseline.hidden,
                    "stale": baseline.stale,
                }
                tail += f',\n"baseline":{self._dump(info)}'
            self.write(tail + "}\n")


def render_ahead(fmt: str, result: FileResult) -> None:
    """Render ``result`` in ``fmt`` (of ``KEPT``) and keep only that output and the
    counts the closing lines need: what a worker process hands back instead of the
    findings, which this process would otherwise unpickle only to encode."""
    counts = dict.fromkeys(Severity, 0)
    for finding in result.findings:
        counts[finding.severity] += 1
    result.rendered[fmt] = render_file(fmt, result)
    result.unloaded = counts
    result.findings = []
    result.lines = {}


def _parts(result: FileResult) -> Iterator[FileResult]:
    """The result as results of at most PART findings each, whose outputs joined are
    the result's output: the notice comes with the first."""
    findings = result.findings
    if len(findings) <= PART:
        yield result
        return
    for at in range(0, len(findings), PART):
        yield FileResult(
            result.path,
            findings[at : at + PART],
            result.notice if at == 0 else None,
            result.lines,
        )


def render_file(fmt: str, result: FileResult) -> str:
    """One file's part of a streamed report in a format of ``KEPT``."""
    if fmt == "json":
        from cliniclint.report.jsonfmt import finding_json

        return ",\n".join(map(finding_json, result.findings))
    from cliniclint.report.formats import renderer

    if fmt == "text":
        from cliniclint.report.text import file_text

        return file_text(result)
    return renderer(fmt)(Report([result]))
