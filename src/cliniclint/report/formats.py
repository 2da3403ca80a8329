"""The registry of output formats."""

from __future__ import annotations

from collections.abc import Callable

from cliniclint.report.base import Report
from cliniclint.report.github import render_github
from cliniclint.report.gitlab import render_gitlab
from cliniclint.report.jsonfmt import render_json
from cliniclint.report.junit import render_junit
from cliniclint.report.sarif import render_sarif
from cliniclint.report.text import render_concise, render_text

FORMATS: dict[str, Callable[[Report], str]] = {
    "text": render_text,
    "concise": render_concise,
    "json": render_json,
    "sarif": render_sarif,
    "github": render_github,
    "gitlab": render_gitlab,
    "junit": render_junit,
}


def render(report: Report, fmt: str) -> str:
    return FORMATS[fmt](report)
