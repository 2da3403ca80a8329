"""What a configuration's values are and where they came from: rule levels,
``fail-on`` thresholds, the locators that find a value's line, and how a
configuration file is named in messages. Shared by the reading of configurations
(``config.discovery``) and their schema (``config.schema``)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

Level = Literal["error", "warning", "info", "off"]
FailOn = Literal["error", "warning", "info", "never"]


class Locator(Protocol):
    """Finds the line of a value, or of its key, in a configuration file."""

    def line_of(self, loc: Sequence[str | int]) -> int: ...

    def key_line(self, loc: Sequence[str | int]) -> int: ...


def display(path: Path) -> str:
    """A path as shown to the user: relative to the current folder when inside it."""
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)
