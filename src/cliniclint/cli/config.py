"""`cliniclint config show`."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import click

from cliniclint.cli.common import (
    FAIL_ON,
    as_flags,
    config_options,
    rule_options,
    user_errors,
)

if TYPE_CHECKING:
    from cliniclint.run.flags import Flags


@click.group()
def config() -> None:
    """Inspect the configuration."""


def _line(name: str, value: Any, source: str) -> str:
    return f"{name} = {json.dumps(value, ensure_ascii=False)}  # {source}"


@config.command("show")
@click.argument("path", required=False, type=click.Path())
@rule_options
@config_options
@click.option("--fail-on", type=click.Choice(FAIL_ON), default=None)
@click.option("--baseline", metavar="FILE", type=click.Path(dir_okay=False))
@as_flags
@user_errors
def config_show(path: str | None, flags: Flags) -> None:
    """Print the settings that apply to PATH (default: the current folder), each with
    where it came from: file:line, a --flag, or default."""
    from pathlib import Path

    from cliniclint.config.values import display
    from cliniclint.errors import SourceError
    from cliniclint.run.session import resolve_settings

    if path is not None and not (Path(path).exists() or Path(path).is_symlink()):
        raise SourceError(path, None, None, "no such file or folder")
    s = resolve_settings([path or "."], flags)
    lines: list[str] = []
    if s.config is None:
        lines.append(
            _line("config", None, "--isolated" if flags.isolated else "no file found")
        )
    else:
        origin = "--config" if flags.config_file else "found"
        lines.append(_line("config", display(s.config), origin))
        lines.extend(
            _line("extends", display(parent), display(s.chain[-1]))
            for parent in s.chain[:-1]
        )
    lines.append(_line("bundled", s.bundled.value, s.bundled.source))
    pack_names = (
        [r.name for r in s.packs.value] if s.packs.value is not None else ["default"]
    )
    lines.append(_line("packs", pack_names, s.packs.source))
    if s.extra_packs:
        lines.append(_line("packs+", [r.name for r in s.extra_packs], "--pack"))
    lines.append(_line("profiles", list(s.profiles.value), s.profiles.source))
    lines.append(
        _line("jurisdictions", list(s.jurisdictions.value), s.jurisdictions.source)
    )
    lines.append(_line("select", list(s.select.value), s.select.source))
    lines.append(_line("ignore", list(s.ignore.value), s.ignore.source))
    for rule_id, value in sorted(s.rules.items()):
        lines.append(_line(f"rules.{rule_id}", value.value, value.source))
    for i, o in enumerate(s.overrides):
        shown: dict[str, Any] = {"files": list(o.files)}
        if o.select is not None:
            shown["select"] = list(o.select)
        if o.ignore:
            shown["ignore"] = list(o.ignore)
        if o.rules:
            shown["rules"] = o.rules
        lines.append(_line(f"overrides[{i}]", shown, o.source))
    if path is not None and not Path(path).is_dir():
        # What applies to this one file: the settings with its overrides laid over.
        matching = [
            f"overrides[{i}]" for i, o in enumerate(s.overrides) if o.matches(path)
        ]
        origin = ", ".join(matching) if matching else "no override matches"
        rules = s.file_rules(path)
        lines.append(_line("file", path, origin))
        lines.append(_line("file.select", list(rules.select), origin))
        lines.append(_line("file.ignore", list(rules.ignore), origin))
        lines.extend(
            _line(f"file.rules.{rule_id}", level, origin)
            for rule_id, level in rules.levels
        )
        lines.append(_line("file.excluded", s.excluded(path), s.exclude.source))
    from cliniclint.run.paths import DEFAULT_INCLUDE

    include = list(s.include.value if s.include.value is not None else DEFAULT_INCLUDE)
    lines.append(_line("include", include, s.include.source))
    lines.append(_line("exclude", list(s.exclude.value), s.exclude.source))
    lines.append(_line("fail_on", s.fail_on.value, s.fail_on.source))
    lines.append(_line("language", s.language.value, s.language.source))
    lines.append(
        _line("require_reason", s.require_reason.value, s.require_reason.source)
    )
    shown_baseline = display(s.baseline.value) if s.baseline.value else None
    lines.append(_line("baseline", shown_baseline, s.baseline.source))
    click.echo("\n".join(lines))
