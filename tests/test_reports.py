"""Output formats: SARIF against the official schema, golden files for github, gitlab,
junit and concise, statistics, the editor problem matcher."""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from pathlib import Path

import jsonschema
import pytest
from click.testing import Result

from cliniclint.report.github import escape_data, escape_property
from cliniclint.report.text import one_line
from support import LINT, ROOT

CLI = Callable[..., Result]
REPORTS = ROOT / "fixtures" / "reports"
SCHEMA = ROOT / "tests" / "schemas" / "sarif-schema-2.1.0.json"
GOLDEN_ARGS = ("lint", "--isolated", "--no-bundled", "--pack", "../packs/core.yaml")


def run_in_reports(cli: CLI, monkeypatch: pytest.MonkeyPatch, *args: str) -> Result:
    monkeypatch.chdir(REPORTS)
    return cli(*GOLDEN_ARGS, *args, "input")


@pytest.mark.parametrize(
    ("fmt", "golden"),
    [
        ("concise", "concise.txt"),
        ("github", "github.txt"),
        ("gitlab", "gitlab.json"),
        ("junit", "junit.xml"),
    ],
)
def test_golden_files(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, fmt: str, golden: str
) -> None:
    result = run_in_reports(cli, monkeypatch, "--format", fmt)
    assert result.exit_code == 1
    path = REPORTS / golden
    if os.environ.get("CLINICLINT_UPDATE_GOLDEN") == "1":
        path.write_text(result.stdout, encoding="utf-8", newline="")
    assert result.stdout == path.read_text(encoding="utf-8")


def test_github_format_is_the_default_in_github_actions(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    result = run_in_reports(cli, monkeypatch)
    assert result.stdout == (REPORTS / "github.txt").read_text(encoding="utf-8")
    explicit = run_in_reports(cli, monkeypatch, "--format", "concise")
    assert explicit.stdout == (REPORTS / "concise.txt").read_text(encoding="utf-8")


def test_github_escaping() -> None:
    assert escape_data("100% sure\r\nnext") == "100%25 sure%0D%0Anext"
    assert escape_property("a, b: c%\n") == "a%2C b%3A c%25%0A"


def test_multi_line_match_is_reported_on_one_line() -> None:
    assert one_line("“no more\r\n   pain” promises") == "“no more pain” promises"


def test_a_long_line_is_shown_as_a_window_around_the_finding(
    cli: CLI, tmp_path: Path
) -> None:
    filler = "The clinic is open daily. " * 20
    page = tmp_path / "page.txt"
    page.write_text(filler + "A miracle here. " + filler + "\n", encoding="utf-8")
    result = cli(*LINT, "--select", "hype-word", str(page))
    lines = result.output.splitlines()
    column = len(filler) + 3
    assert lines[0] == f"{page}:1:{column}: info [hype-word] “miracle” is hype."
    shown = lines[1].split(" | ", 1)[1]
    marks = lines[2].split(" | ", 1)[1]
    assert shown.startswith("... ")
    assert shown.endswith(" ...")
    assert len(shown) == 4 + 60 + len("miracle") + 60 + 4
    assert shown[marks.index("^") :].startswith("miracle")
    assert marks.strip() == "^" * len("miracle")


def test_gitlab_fingerprints_are_the_baseline_fingerprints(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    issues = json.loads((REPORTS / "gitlab.json").read_text(encoding="utf-8"))
    monkeypatch.chdir(REPORTS)
    baseline = REPORTS / "baseline-probe.json"
    try:
        cli(
            "baseline",
            "write",
            str(baseline),
            "input",
            "--isolated",
            "--no-bundled",
            "--pack",
            "../packs/core.yaml",
        )
        entries = json.loads(baseline.read_text(encoding="utf-8"))["findings"]
    finally:
        baseline.unlink()
    assert sorted(i["fingerprint"] for i in issues) == sorted(
        e["fingerprint"] for e in entries
    )
    assert len({i["fingerprint"] for i in issues}) == len(issues)


def test_junit_is_well_formed(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    root = ET.fromstring(run_in_reports(cli, monkeypatch, "--format", "junit").stdout)
    (suite,) = root.findall("testsuite")
    # Failures count failed test cases (files), never more than the tests.
    assert (suite.get("tests"), suite.get("failures")) == ("3", "2")
    cases = {c.get("name"): len(c.findall("failure")) for c in suite}
    assert cases == {
        "input/clean.md": 0,
        "input/notes, draft.txt": 1,
        "input/page.md": 5,
    }


# --- SARIF ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sarif_schema() -> dict[str, object]:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_sarif_validates_against_the_official_schema(
    cli: CLI, monkeypatch: pytest.MonkeyPatch, sarif_schema: dict[str, object]
) -> None:
    result = run_in_reports(cli, monkeypatch, "--format", "sarif")
    doc = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(doc)
    (run,) = doc["runs"]
    assert doc["version"] == "2.1.0"
    assert run["columnKind"] == "unicodeCodePoints"
    rules = {r["id"]: r for r in run["tool"]["driver"]["rules"]}
    assert rules["cure-promise"]["helpUri"] == (
        "https://www.ftc.gov/business-guidance/resources/"
        "health-products-compliance-guidance"
    )
    assert rules["cure-promise"]["help"]["text"] == (
        "A cure claim needs competent and reliable scientific evidence. "
        "Rewrite: “may help with”."
    )
    assert rules["cure-promise"]["defaultConfiguration"] == {"level": "error"}
    assert rules["hype-word"]["defaultConfiguration"] == {"level": "note"}
    assert "unused-suppression" in rules
    results = run["results"]
    assert [r["ruleId"] for r in results] == [
        "hype-word",
        "fda-status-absent",
        "cure-promise",
        "proven-overstatement",
        "cure-promise",
        "percent-safe",
    ]
    page_level = results[1]
    assert page_level["locations"] == [
        {"physicalLocation": {"artifactLocation": {"uri": "input/page.md"}}}
    ]
    assert "fixes" not in page_level
    hype = results[0]
    assert hype["level"] == "note"
    assert hype["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "input/notes%2C%20draft.txt"},
        "region": {"startLine": 1, "startColumn": 3, "endLine": 1, "endColumn": 10},
    }
    assert hype["fixes"] == [
        {
            "description": {"text": "Replace with “new”"},
            "artifactChanges": [
                {
                    "artifactLocation": {"uri": "input/notes%2C%20draft.txt"},
                    "replacements": [
                        {
                            "deletedRegion": {
                                "startLine": 1,
                                "startColumn": 3,
                                "endLine": 1,
                                "endColumn": 10,
                            },
                            "insertedContent": {"text": "new"},
                        }
                    ],
                }
            ],
        }
    ]
    assert rules[hype["ruleId"]] == run["tool"]["driver"]["rules"][hype["ruleIndex"]]
    assert len(hype["partialFingerprints"]["cliniclint/v1"]) == 64
    multi_line = results[4]["locations"][0]["physicalLocation"]["region"]
    assert multi_line == {
        "startLine": 5,
        "startColumn": 10,
        "endLine": 6,
        "endColumn": 5,
    }


def test_sarif_with_notices_validates(
    cli: CLI, tmp_path: Path, sarif_schema: dict[str, object]
) -> None:
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01 not text")
    (tmp_path / "page.md").write_text("A miracle.\n", encoding="utf-8")
    result = cli(*LINT, "--format", "sarif", str(tmp_path))
    doc = json.loads(result.stdout)
    jsonschema.Draft4Validator(sarif_schema).validate(doc)
    notes = doc["runs"][0]["invocations"][0]["toolExecutionNotifications"]
    where = [n["locations"][0]["physicalLocation"]["artifactLocation"] for n in notes]
    assert where == [{"uri": (tmp_path / "blob.txt").as_uri()}]


# --- statistics -----------------------------------------------------------------------


def test_statistics(cli: CLI, monkeypatch: pytest.MonkeyPatch) -> None:
    result = run_in_reports(cli, monkeypatch, "--statistics")
    assert result.stdout == (
        "    2  cure-promise          cure-claim\n"
        "    1  fda-status-absent     fda-status-missing\n"
        "    1  hype-word             hype-language\n"
        "    1  percent-safe          absolute-safety\n"
        "    1  proven-overstatement  evidence-overstatement\n"
        "\n"
        "    2  category:cure-claim\n"
        "    1  category:absolute-safety\n"
        "    1  category:evidence-overstatement\n"
        "    1  category:fda-status-missing\n"
        "    1  category:hype-language\n"
    )
    assert result.exit_code == 1
    as_json = json.loads(
        run_in_reports(cli, monkeypatch, "--statistics", "--format", "json").stdout
    )
    assert as_json["rules"][0] == {
        "rule": "cure-promise",
        "category": "cure-claim",
        "count": 2,
    }
    assert as_json["categories"][-1] == {"category": "hype-language", "count": 1}


def test_statistics_without_findings(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / "a.md").write_text("Fine.\n", encoding="utf-8")
    assert cli(*LINT, "--statistics", str(tmp_path)).stdout == "No findings.\n"


# --- editors --------------------------------------------------------------------------


def readme_problem_matcher() -> re.Pattern[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```json\n(.*?)```", readme, flags=re.S)
    (tasks,) = [json.loads(b) for b in blocks if "problemMatcher" in b]
    matcher = tasks["tasks"][0]["problemMatcher"]
    assert matcher["pattern"]["file"] == 1
    return re.compile(matcher["pattern"]["regexp"])


def test_concise_output_matches_the_documented_problem_matcher(
    cli: CLI, monkeypatch: pytest.MonkeyPatch
) -> None:
    pattern = readme_problem_matcher()
    lines = run_in_reports(cli, monkeypatch, "--format", "concise").stdout.splitlines()
    matched = [pattern.match(line) for line in lines]
    assert [m.groups() for m in matched if m] == [
        ("input/notes, draft.txt", "1", "3", "info", "hype-word", "“miracle” is hype."),
        (
            "input/page.md",
            "3",
            "16",
            "error",
            "cure-promise",
            "“cure” promises a cure.",
        ),
        (
            "input/page.md",
            "3",
            "34",
            "error",
            "proven-overstatement",
            "“clinically proven” overstates the evidence.",
        ),
        (
            "input/page.md",
            "5",
            "10",
            "error",
            "cure-promise",
            "“no more pain” promises a cure.",
        ),
        (
            "input/page.md",
            "6",
            "30",
            "error",
            "percent-safe",
            "“100% safe” promises absolute safety.",
        ),
    ]
    # Only the page-level line (no line number) is left to the terminal.
    assert [line for line, m in zip(lines, matched, strict=True) if not m] == [
        "input/page.md: error [fda-status-absent] The page presents a regenerative "
        "treatment but states no FDA status."
    ]


def test_stdin_contract_for_editors(cli: CLI) -> None:
    pattern = readme_problem_matcher()
    result = cli(
        *LINT,
        "--format",
        "concise",
        "--fail-on",
        "never",
        "--stdin-filename",
        "docs/page.md",
        "-",
        input="Intro.\nA miracle.\n",
    )
    assert result.exit_code == 0
    match = pattern.match(result.stdout.rstrip("\n"))
    assert match is not None
    assert match.groups()[:5] == ("docs/page.md", "2", "3", "info", "hype-word")
