"""The registry of output formats; each reporter is imported when it is used."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module

from cliniclint.report.base import Report

# format -> (module under cliniclint.report, function)
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text", "render_text"),
    "concise": ("text", "render_concise"),
    "json": ("jsonfmt", "render_json"),
    "sarif": ("sarif", "render_sarif"),
    "github": ("github", "render_github"),
    "gitlab": ("gitlab", "render_gitlab"),
    "junit": ("junit", "render_junit"),
    "html": ("html", "render_html"),
}


def renderer(fmt: str) -> Callable[[Report], str]:
    module, name = FORMATS[fmt]
    func: Callable[[Report], str] = getattr(
        import_module(f"cliniclint.report.{module}"), name
    )
    return func


def render(report: Report, fmt: str) -> str:
    return renderer(fmt)(report)
