"""`cliniclint lint`."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

import click

from cliniclint.commands.common import (
    FAIL_ON,
    as_flags,
    config_options,
    die,
    rule_options,
    user_errors,
)

if TYPE_CHECKING:
    from cliniclint.commands.flags import Flags

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
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=None,
    help="Files linted at once, in separate processes [default: the CPU count].",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file afresh: neither read nor write the results cache "
    "(compiled packs, keyed by their content, are still cached).",
)
@click.option(
    "--list-waivers",
    is_flag=True,
    help="List every active suppression comment with its reason, and exit.",
)
@as_flags
@user_errors
def lint(
    paths: tuple[str, ...],
    flags: Flags,
    fmt: str | None,
    stdin_filename: str | None,
    statistics: bool,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    jobs: int | None,
    no_cache: bool,
    list_waivers: bool,
) -> None:
    """Lint files and folders (default: the current folder); '-' reads stdin."""
    from cliniclint.commands.run import LintRun
    from cliniclint.commands.session import Session
    from cliniclint.engine.parallel import default_jobs
    from cliniclint.report.stream import STREAMED

    fmt = fmt or default_format()
    targets = list(paths) or ["."]
    # `-` with --fix prints the fixed content on stdout, and the report (in a format
    # other than text) on stderr.
    fixing_stdin = fix and not diff and "-" in targets
    if fixing_stdin and len(targets) > 1:
        raise click.UsageError("'-' with --fix takes no other paths")
    session = Session.start(targets, flags, stdin_filename)
    streamed = fmt in STREAMED and not (
        statistics or list_waivers or diff or fixing_stdin
    )
    run = LintRun(
        session,
        fix=fix,
        diff=diff,
        unsafe=unsafe_fixes,
        stream=fmt if streamed else None,
    )
    files = session.files([p for p in targets if p != "-"])
    if fix:
        from cliniclint.engine.fixes import write_roots

        run.pipeline.write_roots = write_roots([p for p in targets if p != "-"])
    if "-" in targets:
        if sys.stdin is None:  # closed (`0<&-`): nothing to read, as at end of input
            sys.stdin = io.TextIOWrapper(io.BytesIO())
        try:
            run.stdin(stdin_filename, fmt)
        except OSError as exc:
            die(f"cannot read standard input: {exc.strerror or exc}")
    run.files(files, jobs=jobs or default_jobs(), use_cache=not no_cache)
    if list_waivers:
        run.list_waivers(fmt)
    elif diff:
        run.show_diff()
    else:
        run.report(fmt, statistics)
