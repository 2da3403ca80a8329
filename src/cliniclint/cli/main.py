"""The command line: `cliniclint lint`, `baseline`, `config`, `rules ...`.

This module and the ``cliniclint.cli`` package are the only code that writes to
the terminal or exits the process.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from cliniclint import __version__
from cliniclint.cli.common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    FAIL_ON,
    die,
    user_errors,
)
from cliniclint.errors import SourceError
from cliniclint.run.flags import split as _split

if TYPE_CHECKING:
    from cliniclint.engine.ruleset import PackSet
    from cliniclint.findings import Finding
    from cliniclint.run.flags import Flags

__all__ = [
    "EXIT_ERROR",
    "EXIT_FINDINGS",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "FAIL_ON",
    "die",
    "main",
    "run",
]

EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C


class _OutputClosed(Exception):
    """Standard output was closed while a command wrote to it."""


class _Main(click.Group):
    def invoke(self, ctx: click.Context) -> object:
        # Click would end a run whose output is closed silently with exit code 1,
        # which means "findings" here: take the error out of its hands.
        try:
            return super().invoke(ctx)
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                raise _OutputClosed from exc
            raise


@click.group(
    cls=_Main,
    context_settings={"help_option_names": ["-h", "--help"]},
    invoke_without_command=True,
)
@click.version_option(__version__, "-V", "--version", prog_name="cliniclint")
@click.pass_context
def main(ctx: click.Context) -> None:
    """A compliance linter for the marketing copy of health clinics."""
    if ctx.invoked_subcommand is None:
        # `cliniclint` alone asks what it can do: the help, on stdout, exit 0.
        click.echo(ctx.get_help())


def _load(
    packs: Sequence[str], profiles: Sequence[str], no_bundled: bool = False
) -> PackSet:
    from cliniclint.engine.ruleset import load_packs

    for p in packs:
        if not Path(p).exists():
            raise SourceError(p, None, None, "no such pack file or folder")
    return load_packs(
        [Path(p) for p in packs], _split(profiles), bundled=not no_bundled
    )


def run() -> NoReturn:
    """The ``cliniclint`` command: :func:`main`, with the ways a run can end short
    turned into an exit code and at most one line on stderr, never a traceback.

    Ctrl-C exits 130 (a file being fixed is finished first: see write_atomic); a
    closed standard output or another I/O error exits 2.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            # A file name that is not UTF-8 reaches the machine formats as lone
            # surrogates: written as escapes, never an error that loses the report.
            stream.reconfigure(errors="backslashreplace")
    try:
        code = main.main(prog_name="cliniclint", standalone_mode=False)
    except click.exceptions.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            _interrupted()
        click.echo("cliniclint: aborted", err=True)
        sys.exit(EXIT_ERROR)
    except click.exceptions.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except _OutputClosed:
        _stdout_closed()
    except OSError as exc:
        if exc.errno == errno.EPIPE:
            _stdout_closed()
        where = f"{exc.filename}: " if exc.filename else ""
        click.echo(f"cliniclint: error: {where}{exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(code if isinstance(code, int) else EXIT_OK)


def entry() -> NoReturn:
    """The process entry point (the `cliniclint` script, `python -m`): :func:`run`,
    and after Ctrl-C the process ends at once with 130.

    A Ctrl-C that lands in the import machinery can leave the interpreter to die of
    SIGINT during its shutdown instead of exiting 130, so the interrupted path skips
    the shutdown: every file is written whole by then (see write_atomic), the caches
    closed as the exception unwound, and the standard streams are flushed here.
    """
    try:
        run()
    except SystemExit as exc:
        if exc.code != EXIT_INTERRUPTED:
            raise
    with _quietly():
        sys.stdout.flush()
    with _quietly():
        sys.stderr.flush()
    os._exit(EXIT_INTERRUPTED)


def _interrupted() -> NoReturn:
    click.echo("cliniclint: interrupted", err=True)
    sys.exit(EXIT_INTERRUPTED)


def _stdout_closed() -> NoReturn:
    """The reader of the output has gone (``| head``): stop quietly, as the other
    tools of a pipeline do, with the exit code of a run that could not be done."""
    # Nothing more can reach the closed pipe: point stdout at the null device so
    # that the interpreter's final flush does not complain.
    with _quietly():
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, sys.stdout.fileno())
        os.close(null)
    sys.exit(EXIT_ERROR)


def _quietly() -> contextlib.suppress:
    return contextlib.suppress(OSError, ValueError, AttributeError)


# `lint`, `baseline`, `config`, `server` and `lsp` live in cliniclint.cli.
def _register() -> None:
    from cliniclint.cli.baseline import baseline
    from cliniclint.cli.config import config
    from cliniclint.cli.lint import lint
    from cliniclint.cli.lsp import lsp
    from cliniclint.cli.server import server

    main.add_command(lint)
    main.add_command(baseline)
    main.add_command(config)
    main.add_command(server)
    main.add_command(lsp)


_register()


@main.group()
def rules() -> None:
    """List, show and test the rules."""


@rules.command("list")
@click.option("--pack", "packs", multiple=True, metavar="PATH")
@click.option("--profile", "profiles", multiple=True, metavar="NAME")
@user_errors
def rules_list(packs: tuple[str, ...], profiles: tuple[str, ...]) -> None:
    """One line per rule: id, severity, category, kind, pack."""
    pack_set = _load(packs, profiles)
    rows = [
        (rule.id, rule.default_severity.label, rule.category, rule.kind, lp.pack.pack)
        for lp, rule in pack_set.rules()
    ]
    width = max((len(r[0]) for r in rows), default=0)
    for rid, sev, cat, kind, pack in rows:
        click.echo(f"{rid:<{width}}  {sev:<7}  {cat:<30}  {kind:<8}  {pack}")


@rules.command("show")
@click.argument("rule_id")
@click.option("--pack", "packs", multiple=True, metavar="PATH")
@click.option(
    "--patterns", is_flag=True, help="Also list the rule's regular expressions."
)
@user_errors
def rules_show(rule_id: str, packs: tuple[str, ...], patterns: bool) -> None:
    """What a rule catches, in words: summary, sentence facts, examples, rewrites."""
    from cliniclint.engine.ruleset import load_packs
    from cliniclint.report.ruledocs import rule_markdown, tool_rule_markdown
    from cliniclint.review.suppressions import TOOL_RULES

    pack_set = load_packs([Path(p) for p in packs], _all_profiles())
    found = pack_set.rule(rule_id)
    if found is None and rule_id in TOOL_RULES:
        click.echo(tool_rule_markdown(TOOL_RULES[rule_id]), nl=False)
        return
    if found is None:
        die(f"unknown rule {rule_id!r} (see `cliniclint rules list`)")
    loaded, rule = found
    click.echo(rule_markdown(loaded, rule, pack_set, patterns=patterns), nl=False)


def _all_profiles() -> tuple[str, ...]:
    from cliniclint.engine.ruleset import read_pack
    from cliniclint.packs.locations import bundled_pack_files

    return tuple(
        sorted(
            {p for path in bundled_pack_files() if (p := read_pack(path).pack.profile)}
        )
    )


@rules.command("test")
@click.argument("packs", nargs=-1, type=click.Path())
@click.option(
    "--no-bundled",
    is_flag=True,
    help="Test the given packs on their own, without the bundled packs.",
)
@user_errors
def rules_test(packs: tuple[str, ...], no_bundled: bool) -> None:
    """Run every rule's good and bad examples and the pack checks (default: bundled)."""
    from cliniclint.engine.ruleset import load_packs
    from cliniclint.evaluation.ruletest import run_checks
    from cliniclint.packs.locations import bundled_dir

    bundled = bundled_dir().resolve()
    wanted: set[Path] = set()
    extra: list[Path] = []
    for p in packs:
        path = Path(p)
        if not path.exists():
            raise SourceError(p, None, None, "no such pack file or folder")
        files = sorted(path.glob("*.y*ml")) if path.is_dir() else [path]
        for f in files:
            wanted.add(f.resolve())
            if f.resolve().parent != bundled:
                extra.append(f)
    if no_bundled:
        pack_set = load_packs([Path(p) for p in packs], bundled=False)
    else:
        pack_set = load_packs(extra, _all_profiles())
    only = None if not packs else wanted
    outcome = run_checks(pack_set, coverage=not packs, only=only)
    failures = outcome.failures or []
    warnings = outcome.warnings or []
    for failure in failures:
        click.echo(str(failure))
    for warning in warnings:
        click.echo(f"{warning} (warning)")
    noted = (
        f", {len(warnings)} warning{'s' if len(warnings) != 1 else ''}"
        if warnings
        else ""
    )
    click.echo(
        f"{outcome.rules} rules, {outcome.examples} examples: "
        f"{len(failures)} failure{'s' if len(failures) != 1 else ''}{noted}."
    )
    sys.exit(EXIT_FINDINGS if failures else EXIT_OK)


# --- `cliniclint eval` and `cliniclint rules docs` ---------------------------------


@main.command("eval")
@click.argument("files", nargs=-1, required=True, type=click.Path())
@click.option(
    "--pack",
    "packs",
    multiple=True,
    metavar="PATH",
    help="Add a rule pack file or folder (repeatable).",
)
@click.option(
    "--profile",
    "profiles",
    multiple=True,
    metavar="NAME",
    help="Turn on a jurisdiction profile, e.g. us-ca (repeatable).",
)
@click.option(
    "--no-bundled", is_flag=True, help="Use only the packs given with --pack."
)
@click.option(
    "--select",
    multiple=True,
    metavar="RULE",
    help="Only these rules: ids, category:ID or pack:ID (comma-separated).",
)
@click.option(
    "--ignore",
    multiple=True,
    metavar="RULE",
    help="Skip these rules: ids, category:ID or pack:ID (comma-separated).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--show-misses",
    is_flag=True,
    help="List the missed violative records and the false alarms.",
)
@click.option(
    "--min-recall",
    type=click.FloatRange(0, 1),
    metavar="RATE",
    help="Exit 1 when recall (on a pages set: must-flag recall) is below RATE.",
)
@click.option(
    "--max-false-alarms",
    type=click.FloatRange(0, 1),
    metavar="RATE",
    help="Exit 1 when the false-alarm rate (on a pages set: trap sentences flagged) "
    "is above RATE.",
)
@click.option(
    "--lang",
    "langs",
    multiple=True,
    metavar="LANGS",
    help="A pages set: score only pages of these languages, e.g. en or es,pt.",
)
@click.option(
    "--show",
    type=click.IntRange(min=0),
    default=0,
    metavar="N",
    help="A pages set: list up to N must-flag misses, trap sentences flagged and "
    "unexplained reputable-page findings.",
)
@user_errors
def eval_command(
    files: tuple[str, ...],
    packs: tuple[str, ...],
    profiles: tuple[str, ...],
    no_bundled: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    fmt: str,
    show_misses: bool,
    min_recall: float | None,
    max_false_alarms: float | None,
    langs: tuple[str, ...],
    show: int,
) -> None:
    """Score the packs on labelled JSONL sentences (a record with `category` is
    violative, one without is compliant; page-level rules are off), or on one
    annotated pages set (a folder with index*.jsonl files), linted as `lint` would."""
    floors = (min_recall, max_false_alarms)
    if any(Path(f).is_dir() for f in files):
        if len(files) != 1:
            die("a pages set (a folder) is scored on its own, without other files")
        if show_misses:
            die("--show-misses is for sentence files; on a pages set use --show N")
        from cliniclint.run.flags import Flags

        flags = Flags.from_options(
            packs=packs,
            profiles=profiles,
            no_bundled=no_bundled,
            select=select,
            ignore=ignore,
        )
        _eval_pages(Path(files[0]), flags, _split(langs) or None, fmt, show, floors)
    if langs or show:
        die("--lang and --show apply to a pages set (a folder), not to sentence files")
    from cliniclint.engine import Selection, compile_rules
    from cliniclint.evaluation.sentences import (
        below_floors,
        read_records,
        render_json,
        render_text,
        score_records,
    )

    pack_set = _load(packs, profiles, no_bundled)
    selection = Selection(
        select=_split(select), ignore=_split(ignore), page_rules=False
    )
    rules = compile_rules(pack_set, selection)
    result = score_records(read_records(files), rules)
    render = render_json if fmt == "json" else render_text
    click.echo(render(result, show_misses), nl=False)
    _exit_below(below_floors(result, min_recall, max_false_alarms))


def _exit_below(problems: Sequence[str]) -> NoReturn:
    for problem in problems:
        click.echo(f"cliniclint: {problem}", err=True)
    sys.exit(EXIT_FINDINGS if problems else EXIT_OK)


def _eval_pages(
    folder: Path,
    flags: Flags,
    langs: Sequence[str] | None,
    fmt: str,
    show: int,
    floors: tuple[float | None, float | None],
) -> NoReturn:
    """Lint a pages set's pages as `lint --no-cache` would, then score them."""
    from cliniclint.cli.printing import LintCommand
    from cliniclint.evaluation.pages import (
        page_path,
        pages_below_floors,
        read_pages_set,
        render_pages_json,
        render_pages_text,
        score_pages,
    )
    from cliniclint.run.parallel import default_jobs
    from cliniclint.run.session import Session

    pages = read_pages_set(folder, langs)
    paths = list(dict.fromkeys(page_path(folder, p) for p in pages))
    findings: dict[str, list[Finding]] = {}
    if paths:
        session = Session.start(paths, flags)
        run = LintCommand(session, fix=False, diff=False, unsafe=False)
        # A page the configuration excludes is not linted, as with `lint`.
        run.files(session.files(paths), jobs=default_jobs(), use_cache=False)
        session.save()
        for outcome in run.outcomes:
            findings.setdefault(outcome.result.path, []).extend(outcome.result.findings)
    score = score_pages(folder, pages, findings)
    render = render_pages_json if fmt == "json" else render_pages_text
    click.echo(render(score, show), nl=False)
    _exit_below(pages_below_floors(score, *floors))


@rules.command("docs")
@click.option(
    "--output",
    "-o",
    default="docs/rules.md",
    show_default=True,
    type=click.Path(dir_okay=False),
    help="The Markdown file to write.",
)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; exit 1 when the file differs from the packs.",
)
@user_errors
def rules_docs(output: str, check: bool) -> None:
    """Generate one Markdown page documenting every bundled rule (all profiles)."""
    from cliniclint.engine.ruleset import load_packs
    from cliniclint.report.ruledocs import packs_markdown

    text = packs_markdown(load_packs([], _all_profiles()))
    path = Path(output)
    if check:
        try:
            current = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            current = None
        if current != text:
            click.echo(
                f"{output} is out of date: run `cliniclint rules docs -o {output}`"
            )
            sys.exit(EXIT_FINDINGS)
        click.echo(f"{output} is up to date.")
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"wrote {output}")
