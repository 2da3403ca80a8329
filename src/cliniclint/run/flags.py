"""The command-line flags that shape settings, as one value."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

# The keyword arguments of the shared command options (cli.common.rule_options
# and config_options).
NAMES = (
    "packs",
    "profiles",
    "jurisdictions",
    "no_bundled",
    "select",
    "ignore",
    "config_file",
    "isolated",
    "allow_outside_paths",
    "fail_on",
    "baseline",
)


def split(values: Sequence[str]) -> tuple[str, ...]:
    """Flatten repeated, comma-separated option values."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Flags:
    """The command-line flags that shape settings."""

    packs: tuple[str, ...] = ()
    profiles: tuple[str, ...] = ()
    jurisdictions: tuple[str, ...] = ()
    no_bundled: bool = False
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    config_file: str | None = None
    isolated: bool = False
    fail_on: str | None = None
    baseline: str | None = None
    allow_outside_paths: bool = False

    @classmethod
    def from_options(cls, **options: Any) -> Flags:
        """Flags from the shared command-line options, comma lists split (not
        --pack: a path may hold a comma); options a command lacks keep defaults."""
        for name in _COMMA_LISTS:
            if name in options:
                options[name] = split(options[name])
        return cls(**options)


_COMMA_LISTS = ("profiles", "jurisdictions", "select", "ignore")
