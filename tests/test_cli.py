"""The command line: output formats, exit codes, stdin, rules commands."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from click.testing import Result

from cliniclint import __version__

CLI = Callable[..., Result]
PACK = str(Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "core.yaml")
BASE = ("lint", "--no-bundled", "--pack", PACK)
FTC_GUIDANCE = "https://www.ftc.gov/business-guidance/resources/health-products-compliance-guidance"


def page(tmp_path: Path, text: str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_version(cli: CLI) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.output == f"cliniclint, version {__version__}\n"


def test_clean_file_exits_0(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "Physical therapy helps many people.\n")
    result = cli(*BASE, str(path))
    assert result.exit_code == 0
    assert (
        result.output == "Found 0 errors, 0 warnings, 0 info in 0 files (1 checked).\n"
    )


def test_text_output_shows_line_span_and_rewrite(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "Intro.\nOur shots cure migraines.\n", "p.txt")
    result = cli(*BASE, str(path))
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:2:11: error [cure-promise] “cure” promises a cure.\n"
        "  2 | Our shots cure migraines.\n"
        "    |           ^^^^\n"
        "    suggest: may help with\n"
        "    jurisdiction: global\n"
        f"    see: FTC Health Products Compliance Guidance <{FTC_GUIDANCE}>\n"
        "Found 1 error, 0 warnings, 0 info in 1 file (1 checked).\n"
    )


def test_page_level_finding_line(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "Stem cell therapy for athletes.\n", "p.txt")
    result = cli(*BASE, "--format", "concise", str(path))
    assert result.output == (
        f"{path}: error [fda-status-absent] The page presents a regenerative treatment "
        "but states no FDA status.\n"
    )


def test_fail_on_threshold(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "A miracle therapy.\n", "p.txt")  # info only
    assert cli(*BASE, str(path)).exit_code == 0
    assert cli(*BASE, "--fail-on", "info", str(path)).exit_code == 1
    worse = page(tmp_path, "It cures all.\n", "q.txt")  # error
    assert cli(*BASE, "--fail-on", "never", str(worse)).exit_code == 0
    assert cli(*BASE, "--fail-on", "error", str(worse)).exit_code == 1


def test_json_schema(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "A clinically proven therapy.\n", "p.txt")
    result = cli(*BASE, "--format", "json", str(path))
    doc = json.loads(result.output)
    assert doc["schema_version"] == 1
    assert doc["summary"] == {
        "files_checked": 1,
        "files_skipped": 0,
        "errors": 1,
        "warnings": 0,
        "infos": 0,
    }
    (finding,) = doc["findings"]
    assert finding == {
        "file": str(path),
        "rule": "proven-overstatement",
        "category": "evidence-overstatement",
        "severity": "error",
        "message": "“clinically proven” overstates the evidence.",
        "span": {
            "start": {"line": 1, "column": 3},
            "end": {"line": 1, "column": 20},
            "offset": 2,
            "end_offset": 19,
        },
        "match": "clinically proven",
        "suggestions": ["clinically studied"],
        "advice": None,
        "fix": "safe",
        "pack": {"id": "core-test", "version": "1.0"},
        "rewrite": None,
        "related": [],
        "severity_note": None,
        # Titled from the bundled catalogue; the pack declares no jurisdiction, so
        # its rules apply everywhere.
        "references": [
            {"title": "FTC Health Products Compliance Guidance", "url": FTC_GUIDANCE}
        ],
        "jurisdiction": "global",
    }


def test_stdin_with_filename(cli: CLI) -> None:
    result = cli(
        *BASE,
        "--format",
        "concise",
        "--stdin-filename",
        "copy.md",
        "-",
        input="A miracle.\n",
    )
    assert result.output == "copy.md:1:3: info [hype-word] “miracle” is hype.\n"


def test_select_and_ignore_flags(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "A miracle cure.\n", "p.txt")
    result = cli(
        *BASE, "--format", "concise", "--select", "category:hype-language", str(path)
    )
    assert "[hype-word]" in result.output
    assert "[cure-promise]" not in result.output
    result = cli(
        *BASE, "--format", "concise", "--ignore", "hype-word,cure-promise", str(path)
    )
    assert result.output == ""


def test_folders_are_walked_for_known_extensions(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "content" / "node_modules").mkdir(parents=True)
    page(tmp_path / "content", "A miracle.\n", "a.md")
    page(tmp_path / "content", "A miracle.\n", "b.html")
    page(tmp_path / "content", "A miracle.\n", "c.py")
    page(tmp_path / "content" / "node_modules", "A miracle.\n", "d.md")
    result = cli(*BASE, "--format", "concise", str(tmp_path / "content"))
    files = sorted(line.split(":")[0] for line in result.output.splitlines())
    assert files == [
        str(tmp_path / "content" / "a.md"),
        str(tmp_path / "content" / "b.html"),
    ]


def test_binary_file_is_a_notice(cli: CLI, tmp_path: Path) -> None:
    path = tmp_path / "x.txt"
    path.write_bytes(b"\x00\x01\x02binary")
    result = cli(*BASE, str(path))
    assert result.exit_code == 1  # skipped unread
    assert result.output.splitlines()[0].startswith(f"{path}: notice: ")
    assert cli(*BASE, "--allow-skipped", str(path)).exit_code == 0


def test_missing_path_is_an_error(cli: CLI, tmp_path: Path) -> None:
    result = cli(*BASE, str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert (
        result.output
        == f"cliniclint: error: {tmp_path / 'nope.md'}: no such file or folder\n"
    )


def test_unknown_profile_is_an_error(cli: CLI, tmp_path: Path) -> None:
    result = cli(*BASE, "--profile", "xx-nowhere", str(page(tmp_path, "Hi.\n")))
    assert result.exit_code == 2
    assert result.output.startswith(
        "cliniclint: error: --profile: unknown profile 'xx-nowhere'"
    )


def test_bad_option_is_usage_error(cli: CLI) -> None:
    assert cli("lint", "--format", "xml").exit_code == 2


def test_rules_test_passes_on_good_pack(cli: CLI) -> None:
    result = cli("rules", "test", "--no-bundled", PACK)
    assert result.exit_code == 0, result.output
    assert result.output == "7 rules, 16 examples: 0 failures.\n"


def test_rules_test_reports_located_failures(cli: CLI, tmp_path: Path) -> None:
    text = (
        Path(PACK)
        .read_text(encoding="utf-8")
        .replace('good: ["A new therapy."]', 'good: ["A breakthrough therapy."]')
    )
    path = page(tmp_path, text, "pack.yaml")
    result = cli("rules", "test", "--no-bundled", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"{path}:49:14: [hype-word] good example flagged at 'breakthrough': "
        "'A breakthrough therapy.'"
    )


def test_rules_show(cli: CLI) -> None:
    result = cli("rules", "show", "cure-promise", "--pack", PACK)
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "## cure-promise"
    assert "### Why is this bad?" in lines
    assert "- ✗ Our injections **cure** migraines." in lines
    assert "- Rewrite: may help with" in lines


def test_rules_show_unknown(cli: CLI) -> None:
    result = cli("rules", "show", "no-such-rule")
    assert result.exit_code == 2
    assert "unknown rule 'no-such-rule'" in result.output
