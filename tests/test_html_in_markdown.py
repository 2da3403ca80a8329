"""Raw HTML blocks in Markdown and string props in MDX are linted where they stand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from support import LINT

CLI = Callable[..., Result]


def test_raw_html_block_and_jsx_props_are_linted(cli: CLI, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "Intro.\n\n"
        '<div class="hero">\n  <p>Our serum is a miracle.</p>\n'
        '  <img src="miracle.png" alt="A miracle in a jar">\n</div>\n'
    )
    component = tmp_path / "page.mdx"
    component.write_text(
        "import Hero from './hero'\n\n"
        '<Hero title="The miracle serum" className="miracle" href="/miracle" />\n'
    )
    result = cli(*LINT, "--format", "concise", str(page), str(component))
    assert result.stdout == (
        f"{page}:4:21: info [hype-word] “miracle” is hype.\n"
        f"{page}:5:33: info [hype-word] “miracle” is hype.\n"
        f"{component}:3:18: info [hype-word] “miracle” is hype.\n"
    )
