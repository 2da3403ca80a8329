"""The schema of a configuration file, validated with pydantic.

Kept apart from :mod:`cliniclint.config.discovery` so that a run without a
configuration file never loads the validators.
"""

from __future__ import annotations

import codecs
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
)
from pydantic_core import ErrorDetails

from cliniclint.config.values import FailOn, Level, Locator, display
from cliniclint.errors import SourceError
from cliniclint.packs import langcodes as languages


def _comma_list(value: Any) -> Any:
    """Accept ``"a, b"`` as well as ``[a, b]``."""
    if isinstance(value, str):
        return [v.strip() for v in value.split(",") if v.strip()]
    return value


def _levels(value: Any) -> Any:
    # `false` reads as off (YAML 1.1 habits, and TOML has no bare `off`).
    if isinstance(value, dict):
        return {k: "off" if v is False else v for k, v in value.items()}
    return value


def _language(value: Any) -> Any:
    choices = ("auto", *languages.KNOWN)
    if value not in choices:
        raise ValueError(f"expected one of: {', '.join(choices)}")
    return value


Names = Annotated[list[str], BeforeValidator(_comma_list)]
LanguageCode = Annotated[str, BeforeValidator(_language)]
Levels = Annotated[dict[str, Level], BeforeValidator(_levels)]


def _encoding(value: str) -> str:
    """A text codec's canonical name (``cp1252`` for ``Windows-1252``)."""
    try:
        info = codecs.lookup(value)
    except LookupError:
        info = None
    # (base64, zlib and the like turn bytes into bytes: no text encodings.)
    if info is None or not getattr(info, "_is_text_encoding", True):
        raise ValueError(f"unknown text encoding {value!r}")
    return info.name


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OverrideModel(_Strict):
    files: Annotated[Names, Field(min_length=1)]
    select: Names | None = None
    ignore: Names = Field(default_factory=list)
    rules: Levels = Field(default_factory=dict)
    language: LanguageCode | None = None


class ConfigModel(_Strict):
    """The keys of a configuration file."""

    extends: str | None = None
    packs: Names | None = None
    profiles: Names | None = None
    jurisdictions: Names | None = None
    select: Names | None = None
    ignore: Names | None = None
    rules: Levels = Field(default_factory=dict)
    overrides: list[OverrideModel] = Field(default_factory=list)
    include: Names | None = None
    exclude: Names | None = None
    fail_on: FailOn | None = None
    require_reason: bool | None = None
    baseline: str | None = None
    encoding: Annotated[str, AfterValidator(_encoding)] | None = None
    language: LanguageCode | None = None
    allow_outside_paths: bool = False


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
