"""Reading fails closed: skipped files fail the run, legacy encodings are read when
configured, UTF-32 is told from UTF-16, and file names that are not UTF-8 are
linted and shown with escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.documents import decode
from support import CORE_PACK

CLI = Callable[..., Result]
LINT = ("lint", "--no-bundled", "--pack", str(CORE_PACK), "--select", "hype-word")


def test_a_skipped_file_fails_the_run_and_the_summary_says_so(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / "legacy.md").write_bytes("Caf\u00e9: a miracle.\n".encode("cp1252"))
    result = cli(*LINT, "--isolated", "--fail-on", "error", str(tmp_path))
    assert result.exit_code == 1, result.output
    assert result.output.splitlines()[-1] == (
        "Found 0 errors, 0 warnings, 0 info in 0 files (0 checked, 1 skipped)."
    )
    allowed = cli(*LINT, "--isolated", "--allow-skipped", str(tmp_path))
    assert allowed.exit_code == 0, allowed.output
    as_json = cli(*LINT, "--isolated", "--format", "json", str(tmp_path))
    assert as_json.exit_code == 1
    assert json.loads(as_json.output)["summary"]["files_skipped"] == 1
    never = cli(*LINT, "--isolated", "--fail-on", "never", str(tmp_path))
    assert never.exit_code == 0


def test_an_encoding_setting_reads_legacy_pages(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".cliniclint.yaml").write_text("encoding: Windows-1252\n")
    page = tmp_path / "legacy.md"
    page.write_bytes("Caf\u00e9 \u201cdeluxe\u201d: a miracle.\n".encode("cp1252"))
    (tmp_path / "plain.md").write_text("Caf\u00e9: a miracle.\n", encoding="utf-8")
    result = cli(*LINT, "--format", "concise", "--fail-on", "never", str(tmp_path))
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        f"{page}:1:18: info [hype-word] “miracle” is hype.",
        f"{tmp_path / 'plain.md'}:1:9: info [hype-word] “miracle” is hype.",
    ]


def test_an_unknown_encoding_is_an_error_naming_it(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    config = tmp_path / ".cliniclint.yaml"
    config.write_text("fail_on: error\nencoding: win-1252x\n")
    (tmp_path / "a.md").write_text("Plain.\n")
    result = cli(*LINT, str(tmp_path))
    assert result.exit_code == 2
    assert "win-1252x" in result.output
    assert str(config) in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be"])
def test_utf32_with_a_bom_is_not_read_as_utf16(encoding: str) -> None:
    text = "Caf\u00e9: a miracle.\n"
    source = decode(("\ufeff" + text).encode(encoding))
    assert (source.text, source.encoding, source.bom) == (text, encoding, True)


def test_a_utf32_page_is_linted(cli: CLI, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_bytes("\ufeffA miracle.\n".encode("utf-32-le"))
    result = cli(*LINT, "--isolated", "--format", "concise", "--fail-on", "never",
                 str(page))  # fmt: skip
    assert result.output == f"{page}:1:3: info [hype-word] “miracle” is hype.\n"


@pytest.mark.skipif(sys.platform == "darwin", reason="the file system wants UTF-8")
def test_a_file_name_that_is_not_utf8_is_linted_and_escaped(
    cli: CLI, tmp_path: Path
) -> None:
    folder = os.fsencode(tmp_path)
    with open(folder + b"/caf\xe9\x1b[2J.md", "wb") as handle:
        handle.write(b"A miracle.\n")
    result = cli(*LINT, "--isolated", "--format", "concise", "--fail-on", "never",
                 str(tmp_path))  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.output == (
        f"{tmp_path}/caf\\xe9\\x1b[2J.md:1:3: info [hype-word] “miracle” is hype.\n"
    )
    # The machine formats in a real process: a whole report, escaped as JSON.
    done = subprocess.run(
        [sys.executable, "-m", "cliniclint", *LINT, "--isolated", "--format",
         "json", "--fail-on", "never", str(tmp_path)],
        capture_output=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [f["file"] for f in report["findings"]] == [
        f"{tmp_path}/caf\udce9\x1b[2J.md"
    ]
