"""`cliniclint lint`."""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

import click

from cliniclint.cli.common import (
    FAIL_ON,
    as_flags,
    config_options,
    die,
    rule_options,
    user_errors,
)

if TYPE_CHECKING:
    from cliniclint.run.flags import Flags

FORMAT_NAMES = (
    "text",
    "concise",
    "json",
    "sarif",
    "github",
    "gitlab",
    "junit",
    "html",
)


def colour_wanted(choice: str, stream: object) -> bool:
    """Whether the text format is coloured: --color, else FORCE_COLOR or NO_COLOR
    (set and not empty), else whether the output is a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("FORCE_COLOR"):
        return True
    if os.environ.get("NO_COLOR"):
        return False
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty())


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
    help="Files linted at once, in separate processes [default: one per CPU].",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Lint every file afresh: neither read nor write the results cache "
    "(compiled packs, keyed by their content, are still cached).",
)
@click.option(
    "--no-ignore",
    is_flag=True,
    help="Also walk what .gitignore files ignore and build output folders "
    "(public, _site, .next, .nuxt, out, vendor).",
)
@click.option(
    "--quiet",
    "-q",
    is_flag=True,
    help="Print the findings and nothing else: no summary line, notes or progress.",
)
@click.option(
    "--exit-zero",
    is_flag=True,
    help="Exit 0 even when findings reach --fail-on (errors still exit 2).",
)
@click.option(
    "--output-file",
    "-o",
    metavar="FILE",
    type=click.Path(dir_okay=False, allow_dash=False),
    help="Write the report to FILE instead of standard output.",
)
@click.option(
    "--color",
    type=click.Choice(("auto", "always", "never")),
    default="auto",
    help="Colour the text format [default: auto: on a terminal, unless NO_COLOR is "
    "set; FORCE_COLOR turns it on].",
)
@click.option(
    "--allow-skipped",
    is_flag=True,
    help="Do not count files skipped unread (binary, in an unknown encoding, "
    "unreadable) towards --fail-on.",
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
    no_ignore: bool,
    quiet: bool,
    exit_zero: bool,
    output_file: str | None,
    color: str,
    allow_skipped: bool,
    list_waivers: bool,
) -> None:
    """Lint files and folders (default: the current folder); '-' reads stdin."""
    from cliniclint.cli.printing import LintCommand
    from cliniclint.report.stream import STREAMED
    from cliniclint.run.parallel import default_jobs
    from cliniclint.run.session import Session

    fmt = fmt or default_format()
    targets = list(paths) or ["."]
    # `-` with --fix prints the fixed content on stdout, and the report (in a format
    # other than text) on stderr.
    fixing_stdin = fix and not diff and "-" in targets
    if fixing_stdin and len(targets) > 1:
        raise click.UsageError("'-' with --fix takes no other paths")
    session = Session.start(targets, flags, stdin_filename)
    report_to = None
    if output_file is not None:
        try:
            report_to = open(output_file, "w", encoding="utf-8")  # noqa: SIM115
        except OSError as exc:
            die(f"{output_file}: cannot write the report: {exc.strerror or exc}")
        if not fixing_stdin:
            # Everything the report prints goes to the file; stdout stays silent.
            sys.stdout = report_to
    streamed = fmt in STREAMED and not (
        statistics or list_waivers or diff or fixing_stdin
    )
    roots = None
    if fix:
        from cliniclint.run.writes import write_roots

        roots = write_roots([p for p in targets if p != "-"])
    run = LintCommand(
        session,
        fix=fix,
        diff=diff,
        unsafe=unsafe_fixes,
        stream=fmt if streamed else None,
        quiet=quiet,
        exit_zero=exit_zero,
        colour=fmt in ("text", "concise") and colour_wanted(color, sys.stdout),
        allow_skipped=allow_skipped,
        write_roots=roots,
    )
    files = session.files([p for p in targets if p != "-"], no_ignore=no_ignore)
    if "-" in targets:
        if sys.stdin is None:  # closed (`0<&-`): nothing to read, as at end of input
            sys.stdin = io.TextIOWrapper(io.BytesIO())
        try:
            run.stdin(stdin_filename, fmt, report_to)
        except OSError as exc:
            die(f"cannot read standard input: {exc.strerror or exc}")
    run.files(files, jobs=jobs or default_jobs(), use_cache=not no_cache)
    if list_waivers:
        run.list_waivers(fmt)
    elif diff:
        run.show_diff()
    else:
        run.report(fmt, statistics)
