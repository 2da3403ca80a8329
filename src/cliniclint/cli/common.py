"""Exit codes, one-line errors and the options shared by several commands."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import click

from cliniclint.errors import SourceError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_ERROR = 2

FAIL_ON = ("error", "warning", "info", "never")

P = ParamSpec("P")
R = TypeVar("R")
F = TypeVar("F", bound=Callable[..., Any])


def die(message: str) -> NoReturn:
    click.echo(f"cliniclint: error: {message}", err=True)
    sys.exit(EXIT_ERROR)


def user_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn a user's bad input into a one-line error and exit code 2."""

    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except SourceError as exc:
            die(str(exc))

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper


def rule_options(func: F) -> F:
    """--pack, --profile, --jurisdiction, --no-bundled, --select, --ignore."""
    for option in reversed(
        [
            click.option(
                "--pack",
                "packs",
                multiple=True,
                metavar="PATH",
                help="Add a rule pack file or folder (repeatable).",
            ),
            click.option(
                "--profile",
                "profiles",
                multiple=True,
                metavar="NAME",
                help="Turn on a jurisdiction profile, e.g. us-ca (repeatable).",
            ),
            click.option(
                "--jurisdiction",
                "jurisdictions",
                multiple=True,
                metavar="NAME",
                help="Only rules of these jurisdictions, e.g. uk-cap (comma-separated; "
                "replaces the config's `jurisdictions`).",
            ),
            click.option(
                "--no-bundled",
                is_flag=True,
                help="Load no bundled pack: only --pack and the config's pack files.",
            ),
            click.option(
                "--select",
                multiple=True,
                metavar="RULE",
                help="Only these rules: ids, category:ID or pack:ID (comma-separated; "
                "replaces the config's `select`).",
            ),
            click.option(
                "--ignore",
                multiple=True,
                metavar="RULE",
                help="Skip these rules: ids, category:ID or pack:ID (comma-separated; "
                "added to the config's `ignore`).",
            ),
        ]
    ):
        func = option(func)
    return func


def config_options(func: F) -> F:
    """--config, --isolated, --allow-outside-paths."""
    func = click.option(
        "--allow-outside-paths",
        is_flag=True,
        help="Let configuration files name packs, `extends` files and the "
        "baseline outside their own folder.",
    )(func)
    func = click.option(
        "--isolated", is_flag=True, help="Ignore every configuration file."
    )(func)
    return click.option(
        "--config",
        "config_file",
        metavar="FILE",
        type=click.Path(dir_okay=False),
        help="Use this configuration file instead of searching for one.",
    )(func)


def as_flags(func: Callable[..., R]) -> Callable[..., R]:
    """Hand the command the options of ``rule_options`` and ``config_options``, and
    --fail-on and --baseline where it has them, as one ``flags`` argument (a
    run.flags.Flags). Put it below the command's option decorators."""

    def wrapper(*args: Any, **kwargs: Any) -> R:
        from cliniclint.run.flags import NAMES, Flags

        given = {name: kwargs.pop(name) for name in NAMES if name in kwargs}
        return func(*args, flags=Flags.from_options(**given), **kwargs)

    wrapper.__name__ = func.__name__
    wrapper.__doc__ = func.__doc__
    return wrapper
