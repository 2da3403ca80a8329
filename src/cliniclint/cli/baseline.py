"""`cliniclint baseline write`."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from cliniclint.cli.common import (
    as_flags,
    config_options,
    rule_options,
    user_errors,
)
from cliniclint.errors import SourceError

if TYPE_CHECKING:
    from cliniclint.run.flags import Flags


@click.group()
def baseline() -> None:
    """Record today's findings so that only new ones are reported."""


@baseline.command("write")
@click.argument("file", type=click.Path(dir_okay=False))
@click.argument("paths", nargs=-1, type=click.Path())
@rule_options
@config_options
@as_flags
@user_errors
def baseline_write(file: str, paths: tuple[str, ...], flags: Flags) -> None:
    """Write FILE with every current finding in PATHS (default: the current folder).

    Suppressed findings are left out; a baseline set in the config is not applied.
    """
    import os

    from cliniclint.review.baseline import dumps, entries_for
    from cliniclint.run.runner import Runner
    from cliniclint.run.session import Session
    from cliniclint.run.writes import write_atomic

    targets = list(paths) or ["."]
    session = Session.start(targets, flags)
    target = Path(os.path.abspath(file))
    runner = Runner(session, apply_baseline=False, root=target.parent)
    outcomes = runner.lint_files(session.files(targets), jobs=1, use_cache=False)
    findings = [f for outcome in outcomes for f in outcome.result.findings]
    entries = entries_for(findings)
    text = dumps(entries).encode("utf-8")
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        write_atomic(str(target), text, follow=False)
    except OSError as exc:
        raise SourceError(
            file, None, None, f"cannot write the baseline: {exc.strerror or exc}"
        ) from None
    click.echo(
        f"Wrote {len(entries)} entr{'ies' if len(entries) != 1 else 'y'} to {file}."
    )
