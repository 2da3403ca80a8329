"""`cliniclint lint`."""

from __future__ import annotations

import os
import sys

import click

from cliniclint.commands.common import (
    EXIT_FINDINGS,
    EXIT_OK,
    FAIL_ON,
    config_options,
    rule_options,
    split,
    user_errors,
)
from cliniclint.model import Severity

FORMAT_NAMES = ("text", "concise", "json", "sarif", "github", "gitlab", "junit")


def default_format() -> str:
    """``github`` inside GitHub Actions (annotations), else ``text``."""
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


@click.command()
@click.argument("paths", nargs=-1, type=click.Path())
@rule_options
@config_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMAT_NAMES),
    default=None,
    help="Output format [default: text; github when GITHUB_ACTIONS=true].",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Exit 1 when a finding reaches this severity [default: warning].",
)
@click.option(
    "--stdin-filename",
    metavar="NAME",
    help="With '-': the name to report, which also chooses the reader.",
)
@click.option(
    "--baseline",
    metavar="FILE",
    type=click.Path(dir_okay=False),
    help="Report only findings that are not in this baseline file.",
)
@click.option(
    "--statistics", is_flag=True, help="Print counts per rule and category instead."
)
@click.option("--fix", is_flag=True, help="Apply the safe fixes in place.")
@click.option(
    "--unsafe-fixes",
    is_flag=True,
    help="With --fix or --diff: also apply `suggest` rewrites and insert missing "
    "statements.",
)
@click.option("--diff", is_flag=True, help="Print the fixes as a diff; write nothing.")
@click.option(
    "--list-waivers",
    is_flag=True,
    help="List every active suppression comment with its reason, and exit.",
)
@user_errors
def lint(
    paths: tuple[str, ...],
    packs: tuple[str, ...],
    profiles: tuple[str, ...],
    no_bundled: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    config_file: str | None,
    isolated: bool,
    fmt: str | None,
    fail_on: str | None,
    stdin_filename: str | None,
    baseline: str | None,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    list_waivers: bool,
) -> None:
    """Lint files and folders (default: the current folder); '-' reads stdin."""
    from cliniclint.commands.session import Flags, Session
    from cliniclint.engine.pipeline import FileOutcome
    from cliniclint.report import BaselineInfo, Report, fails, render
    from cliniclint.report.rules import rule_meta
    from cliniclint.report.statistics import render_statistics, render_statistics_json
    from cliniclint.report.waivers import render_waivers, render_waivers_json

    fmt = fmt or default_format()
    targets = list(paths) or ["."]
    flags = Flags(
        packs=packs,
        profiles=split(profiles),
        no_bundled=no_bundled,
        select=split(select),
        ignore=split(ignore),
        config_file=config_file,
        isolated=isolated,
        fail_on=fail_on,
        baseline=baseline,
    )
    session = Session.start(targets, flags, stdin_filename)
    settings = session.settings
    base = session.baseline()
    pipeline = session.pipeline(base)
    fixing = fix or diff
    files = session.files([p for p in targets if p != "-"])

    outcomes: list[FileOutcome] = []
    if "-" in targets:
        name = stdin_filename or "-"
        data = sys.stdin.buffer.read()
        if fixing:
            outcome = pipeline.fix(name, data, unsafe=unsafe_fixes, write=False)
            if fix and not diff:
                # Like other linters: the fixed content goes to stdout, nothing else,
                # in the encoding it came in.
                out = sys.stdout.buffer
                out.write(outcome.fixed_bytes if outcome.fixed_bytes else data)
                out.flush()
                threshold = _threshold(settings.fail_on.value)
                report = Report([outcome.result])
                sys.exit(EXIT_FINDINGS if fails(report, threshold) else EXIT_OK)
        else:
            outcome = pipeline.lint(name, data)
        outcomes.append(outcome)
    for path in files:
        if fixing:
            outcomes.append(pipeline.fix(path, unsafe=unsafe_fixes, write=not diff))
        else:
            outcomes.append(pipeline.lint(path))

    if list_waivers:
        waivers = [(o.result.path, w) for o in outcomes for w in o.waivers]
        rendered = (
            render_waivers_json(waivers) if fmt == "json" else render_waivers(waivers)
        )
        click.echo(rendered, nl=False)
        sys.exit(EXIT_OK)

    if diff:
        changed = [o for o in outcomes if o.diff]
        for o in changed:
            click.echo(o.diff, nl=False)
        count = sum(o.fixed for o in outcomes)
        click.echo(
            f"Would fix {count} finding{'s' if count != 1 else ''} in "
            f"{len(changed)} file{'s' if len(changed) != 1 else ''}.",
            err=True,
        )
        sys.exit(EXIT_FINDINGS if changed else EXIT_OK)

    report = Report(
        [o.result for o in outcomes],
        rules=rule_meta(session.packs),
        fixed=sum(o.fixed for o in outcomes) if fix else None,
    )
    if base is not None:
        report.baseline = BaselineInfo(
            str(settings.baseline.value), base.hidden, base.stale
        )
    if statistics:
        out = render_statistics_json if fmt == "json" else render_statistics
        click.echo(out(report), nl=False)
    else:
        click.echo(render(report, fmt), nl=False)
    if base is not None and fmt != "json":
        click.echo(
            f"cliniclint: baseline {settings.baseline.value}: {base.hidden} "
            f"finding{'s' if base.hidden != 1 else ''} hidden, {base.stale} stale "
            f"entr{'ies' if base.stale != 1 else 'y'}",
            err=True,
        )
    if report.fixed is not None and fmt != "text" and fmt != "json":
        click.echo(
            f"cliniclint: fixed {report.fixed}, {len(report.findings())} remaining",
            err=True,
        )
    threshold = _threshold(settings.fail_on.value)
    sys.exit(EXIT_FINDINGS if fails(report, threshold) else EXIT_OK)


def _threshold(fail_on: str) -> Severity | None:
    return None if fail_on == "never" else Severity.parse(fail_on)
