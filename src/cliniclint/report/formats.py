"""The registry of output formats."""

from __future__ import annotations

from collections.abc import Callable

from cliniclint.report.base import Report
from cliniclint.report.jsonfmt import render_json
from cliniclint.report.text import render_concise, render_text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "concise": render_concise,
    "json": render_json,
}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt](report)
