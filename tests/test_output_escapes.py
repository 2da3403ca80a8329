"""Text and concise output escape control characters from pages and file names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from support import LINT

CLI = Callable[..., Result]


def test_escape_sequences_in_a_page_do_not_reach_the_terminal(
    cli: CLI, tmp_path: Path
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("A \x1b]0;owned\x07miracle \x1b[2J cure today.\n", encoding="utf-8")
    text = cli(*LINT, str(page)).output
    assert "\x1b" not in text
    assert "\x07" not in text
    # "miracle" and "cure" are one claim: its span holds the escape sequence.
    assert text.splitlines()[:3] == [
        f"{page}:1:13: error [cure-promise] “miracle \\x1b[2J cure” promises a cure.",
        "  1 | A \\x1b]0;owned\\x07miracle \\x1b[2J cure today.",
        "    | "
        + " " * len("A \\x1b]0;owned\\x07")
        + "^" * len("miracle \\x1b[2J cure"),
    ]
    concise = cli(*LINT, "--format", "concise", str(page)).output
    assert concise.splitlines() == [
        f"{page}:1:13: error [cure-promise] “miracle \\x1b[2J cure” promises a cure.",
    ]


def test_a_file_name_with_a_newline_cannot_forge_a_finding(
    cli: CLI, tmp_path: Path
) -> None:
    page = tmp_path / "x\nforged.md:9:9: error [cure-claim] fake.txt"
    page.write_text("A miracle.\n", encoding="utf-8")
    for fmt in ("text", "concise"):
        lines = cli(*LINT, "--format", fmt, str(tmp_path)).output.splitlines()
        assert not any(line.startswith("forged") for line in lines)
        escaped = str(tmp_path / "x\\nforged.md:9:9: error [cure-claim] fake.txt")
        assert lines[0] == f"{escaped}:1:3: info [hype-word] “miracle” is hype."
