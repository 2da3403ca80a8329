"""What users expect of a linter's command line (as ruff and Vale do it): -V, help
with no arguments, colour rules, -q, --exit-zero, -o, paths without ./, and the
progress bar cleared before findings."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint import __version__
from cliniclint.cli.lint import colour_wanted
from cliniclint.cli.progress import Progress
from support import LINT

CLI = Callable[..., Result]
PAGE = "A miracle. It is clinically proven.\n"


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "page.md"
    path.write_text(PAGE)
    return path


def test_dash_capital_v_prints_the_version(cli: CLI) -> None:
    result = cli("-V")
    assert (result.exit_code, result.stdout) == (
        0,
        f"cliniclint, version {__version__}\n",
    )


def test_no_arguments_print_the_help(cli: CLI) -> None:
    result = cli()
    assert result.exit_code == 0
    assert result.stdout.startswith(
        "Usage: main [OPTIONS] [COMMAND] [ARGS]..."
    )  # (runner)
    assert "  lint " in result.stdout


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize(
    ("choice", "env", "stream", "wanted"),
    [
        ("auto", {}, _Terminal(), True),
        ("auto", {}, io.StringIO(), False),
        ("auto", {"NO_COLOR": "1"}, _Terminal(), False),
        ("auto", {"NO_COLOR": ""}, _Terminal(), True),
        ("auto", {"FORCE_COLOR": "1"}, io.StringIO(), True),
        ("never", {"FORCE_COLOR": "1"}, _Terminal(), False),
        ("always", {"NO_COLOR": "1"}, io.StringIO(), True),
    ],
)
def test_colour_follows_the_flag_then_the_environment_then_the_terminal(
    monkeypatch: pytest.MonkeyPatch,
    choice: str,
    env: dict[str, str],
    stream: io.StringIO,
    wanted: bool,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert colour_wanted(choice, stream) is wanted


def test_colour_marks_location_severity_and_rule(cli: CLI, page: Path) -> None:
    result = cli(*LINT, "--color", "always", "--format", "concise", str(page))
    first = result.stdout.splitlines()[0]
    assert first == (
        f"\x1b[1m{page}:1:3\x1b[0m: \x1b[36minfo\x1b[0m \x1b[1m[hype-word]\x1b[0m "
        "“miracle” is hype."
    )
    plain = cli(*LINT, "--format", "concise", str(page))
    assert "\x1b[" not in plain.stdout


def test_quiet_prints_the_findings_only(cli: CLI, page: Path) -> None:
    loud = cli(*LINT, str(page)).stdout
    quiet = cli(*LINT, "-q", str(page)).stdout
    assert loud.splitlines()[-1].startswith("Found 1 error, 0 warnings, 1 info")
    assert quiet == loud[: loud.rindex("Found")]


def test_exit_zero_keeps_findings_from_failing_but_not_errors(
    cli: CLI, page: Path
) -> None:
    assert cli(*LINT, str(page)).exit_code == 1
    assert cli(*LINT, "--exit-zero", str(page)).exit_code == 0
    assert cli(*LINT, "--exit-zero", str(page.parent / "nope.md")).exit_code == 2


def test_output_file_takes_the_report(cli: CLI, page: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = cli(*LINT, "--format", "json", "-o", str(out), str(page))
    assert (result.exit_code, result.stdout) == (1, "")
    report = json.loads(out.read_text(encoding="utf-8"))
    assert [f["rule"] for f in report["findings"]] == [
        "hype-word",
        "proven-overstatement",
    ]


def test_walked_paths_are_shown_without_dot_slash(
    cli: CLI, page: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(page.parent)
    result = cli(*LINT, "--format", "concise", "-j", "1")
    assert (
        result.stdout.splitlines()[0]
        == "page.md:1:3: info [hype-word] “miracle” is hype."
    )
    named = cli(*LINT, "--format", "concise", "./page.md")
    assert named.stdout.startswith("page.md:1:3: ")


def test_the_progress_bar_is_erased_before_findings_print(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    stderr = _Terminal()
    monkeypatch.setattr("sys.stderr", stderr)
    progress = Progress(100)
    progress.step()
    assert stderr.getvalue().endswith("1/100 files")
    progress.clear()
    assert stderr.getvalue().endswith("\r\x1b[2K")
    progress.clear()  # nothing drawn since: nothing written
    assert stderr.getvalue().count("\x1b[2K") == 1


def test_gitignored_and_build_folders_are_skipped_unless_no_ignore(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = tmp_path / "site"
    for name in ("content/a.md", "content/drafts/b.md", "public/c.md", "content/d.md"):
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(PAGE)
    (site / ".git").mkdir()
    (site / ".gitignore").write_text("drafts/\n*.md\n!content/a.md\n")
    (tmp_path / ".gitignore").write_text("*\n")  # outside the repository: not read
    monkeypatch.chdir(site)

    def linted(*args: str) -> list[str]:
        result = cli(*LINT, "--format", "concise", "-j", "1", *args)
        return sorted({line.split(":")[0] for line in result.stdout.splitlines()})

    assert linted() == ["content/a.md"]
    assert linted("content") == ["content/a.md"]
    assert linted("--no-ignore") == [
        "content/a.md",
        "content/d.md",
        "content/drafts/b.md",
        "public/c.md",
    ]
    assert linted("content/d.md") == ["content/d.md"]  # named: always linted
