"""The schema of a configuration file, validated with pydantic.

Kept apart from :mod:`cliniclint.config` so that a run without a configuration file
never loads the validators.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from cliniclint.config import FailOn, Level, Locator, display
from cliniclint.errors import SourceError


def _comma_list(value: Any) -> Any:
    """Accept ``"a, b"`` as well as ``[a, b]``."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _level(value: Any) -> Any:
    # `false` reads as off (YAML 1.1 habits, and TOML has no bare `off`).
    return "off" if value is False else value


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OverrideModel(_Strict):
    files: list[str] = Field(min_length=1)
    select: list[str] | None = None
    ignore: list[str] = Field(default_factory=list)
    rules: dict[str, Level] = Field(default_factory=dict)

    @field_validator("files", "select", "ignore", mode="before")
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _comma_list(value)

    @field_validator("rules", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _level(v) for k, v in value.items()}
        return value


class ConfigModel(_Strict):
    """The keys of a configuration file."""

    extends: str | None = None
    packs: list[str] | None = None
    profiles: list[str] | None = None
    select: list[str] | None = None
    ignore: list[str] | None = None
    rules: dict[str, Level] = Field(default_factory=dict)
    overrides: list[OverrideModel] = Field(default_factory=list)
    include: list[str] | None = None
    exclude: list[str] | None = None
    fail_on: FailOn | None = None
    require_reason: bool | None = None
    baseline: str | None = None
    allow_outside_paths: bool = False

    @field_validator(
        "packs", "profiles", "select", "ignore", "include", "exclude", mode="before"
    )
    @classmethod
    def _lists(cls, value: Any) -> Any:
        return _comma_list(value)

    @field_validator("rules", mode="before")
    @classmethod
    def _levels(cls, value: Any) -> Any:
        if isinstance(value, dict):
            return {k: _level(v) for k, v in value.items()}
        return value


def _describe(error: ErrorDetails) -> str:
    loc = [str(p) for p in error["loc"]]
    if error["type"] == "extra_forbidden":
        return f"unknown key {loc[-1]!r}"
    if error["type"] == "missing":
        return f"missing required key {loc[-1]!r}"
    msg = error["msg"].removeprefix("Value error, ")
    msg = msg[:1].lower() + msg[1:]
    name = ".".join(loc)
    return f"{name}: {msg}" if name else msg


def validate(path: Path, data: Any, locator: Locator) -> ConfigModel:
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(display(path), 1, None, "a configuration must be a mapping")
    try:
        return ConfigModel.model_validate(data)
    except ValidationError as exc:
        errors = sorted(exc.errors(), key=lambda e: e["type"] != "extra_forbidden")
        error = errors[0]
        loc = list(error["loc"])
        if error["type"] == "extra_forbidden":
            line = locator.key_line(loc)
        elif error["type"] == "missing":
            line = locator.line_of(loc[:-1])
        else:
            line = locator.line_of(loc)
        raise SourceError(display(path), line, None, _describe(error)) from None
