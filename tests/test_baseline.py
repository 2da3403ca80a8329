"""Baselines: fingerprints that survive moved lines, new findings, stale entries."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.findings import Finding, Severity
from cliniclint.matching.textfold import phrase_key
from cliniclint.review.baseline import fingerprint, sentence_around, with_fingerprints
from support import CORE_PACK, LINT

CLI = Callable[..., Result]
WRITE = ("baseline", "write")
PACK = ("--isolated", "--no-bundled", "--pack", str(CORE_PACK))


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_fingerprint_is_rule_path_normalised_text_sentence_and_occurrence() -> None:
    fp = fingerprint("hype-word", "content/a.md", "Miracle", "A Miracle.", 0)
    assert fp == fingerprint("hype-word", "content/a.md", "miracle", "a miracle.", 0)
    assert len(fp) == 64
    assert int(fp, 16) >= 0
    assert fingerprint("cure-promise", "x.md", "no more\npain", "", 0) == fingerprint(
        "cure-promise", "x.md", "no  more pain", "", 0
    )
    assert fp != fingerprint("hype-word", "content/a.md", "miracle", "A miracle.", 1)
    assert fp != fingerprint("hype-word", "content/b.md", "miracle", "A miracle.", 0)
    assert fp != fingerprint("cure-promise", "content/a.md", "miracle", "A miracle.", 0)
    assert fp != fingerprint("hype-word", "content/a.md", "miracle", "Miracle!", 0)


def test_sentence_around_a_finding() -> None:
    raw = "Intro.\nOur miracle\nserum works. Next one.\n\n<p>A miracle</p>"
    start = raw.index("miracle")
    assert sentence_around(raw, start, start + 7) == "Our miracle\nserum works."
    start = raw.rindex("miracle")
    assert sentence_around(raw, start, start + 7) == "A miracle"


def test_occurrences_count_per_rule_text_and_sentence() -> None:
    def finding(rule: str, match: str, offset: int) -> Finding:
        return Finding(
            path="a.md",
            rule_id=rule,
            category="hype-language",
            severity=Severity.INFO,
            message="m",
            pack_id="p",
            pack_version="1",
            offset=offset,
            end_offset=offset + len(match),
            match=match,
        )

    raw = "A miracle. A miracle. So miracle. A Miracle."
    found = with_fingerprints(
        [
            finding("hype-word", "Miracle", 36),
            finding("hype-word", "miracle", 2),
            finding("hype-word", "miracle", 25),
            finding("hype-word", "miracle", 13),
            finding("cure-promise", "miracle", 2),
        ],
        "a.md",
        raw,
    )
    assert [(f.rule_id, f.offset, f.occurrence) for f in found] == [
        ("cure-promise", 2, 0),
        ("hype-word", 2, 0),
        ("hype-word", 13, 1),
        ("hype-word", 25, 0),
        ("hype-word", 36, 2),
    ]
    assert {f.baseline_path for f in found} == {"a.md"}
    assert found[4].fingerprint == fingerprint(
        "hype-word", "a.md", phrase_key("MIRACLE"), "a miracle.", 2
    )


def test_baseline_file_is_sorted_and_stable(cli: CLI, tmp_path: Path) -> None:
    write(tmp_path / "site" / "b.md", "A breakthrough. A miracle.\n")
    write(tmp_path / "site" / "a.md", "A miracle. Another MIRACLE. It cures.\n")
    baseline = tmp_path / "baseline.json"
    result = cli(*WRITE, str(baseline), str(tmp_path / "site"), *PACK)
    assert result.exit_code == 0
    assert result.output == f"Wrote 5 entries to {baseline}.\n"
    first = baseline.read_bytes()
    doc = json.loads(first)
    assert doc["cliniclint_baseline"] == 2
    assert [
        (e["file"], e["rule"], e["match"], e["occurrence"]) for e in doc["findings"]
    ] == [
        ("site/a.md", "cure-promise", "cures", 0),
        ("site/a.md", "hype-word", "miracle", 0),
        ("site/a.md", "hype-word", "miracle", 0),
        ("site/b.md", "hype-word", "breakthrough", 0),
        ("site/b.md", "hype-word", "miracle", 0),
    ]
    assert doc["findings"][0]["fingerprint"] == fingerprint(
        "cure-promise", "site/a.md", "cures", "It cures.", 0
    )
    assert list(doc["findings"][0]) == [
        "file",
        "rule",
        "match",
        "occurrence",
        "fingerprint",
    ]
    cli(*WRITE, str(baseline), str(tmp_path / "site"), *PACK)
    assert baseline.read_bytes() == first


def test_baseline_hides_known_findings_after_lines_move(
    cli: CLI, tmp_path: Path
) -> None:
    page = write(tmp_path / "page.md", "Intro.\nA miracle.\nIt cures.\n")
    baseline = tmp_path / "baseline.json"
    cli(*WRITE, str(baseline), str(page), *PACK)
    # Lines inserted above, the findings move down; one new finding is added.
    moved = "New heading.\n\nMore text.\nIntro.\nA miracle.\nIt cures.\n"
    write(page, moved + "A breakthrough.\n")
    result = cli(*LINT, "--format", "concise", "--baseline", str(baseline), str(page))
    assert result.stdout == f"{page}:7:3: info [hype-word] “breakthrough” is hype.\n"
    assert result.stderr == (
        f"cliniclint: baseline {baseline}: 2 findings hidden, 0 stale entries\n"
    )
    assert result.exit_code == 0


def test_a_new_finding_above_an_old_one_for_the_same_words_is_the_one_reported(
    cli: CLI, tmp_path: Path
) -> None:
    page = write(tmp_path / "page.md", "Intro.\nA miracle.\nIt cures.\n")
    baseline = tmp_path / "baseline.json"
    cli(*WRITE, str(baseline), str(page), *PACK)
    write(
        page,
        "New heading.\n\nOur serum is a miracle for joints.\n"
        "Intro.\nA miracle.\nIt cures.\n",
    )
    result = cli(*LINT, "--format", "concise", "--baseline", str(baseline), str(page))
    assert result.stdout == f"{page}:3:16: info [hype-word] “miracle” is hype.\n"
    assert result.stderr == (
        f"cliniclint: baseline {baseline}: 2 findings hidden, 0 stale entries\n"
    )


def test_another_occurrence_of_a_known_phrase_is_new(cli: CLI, tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", "A miracle.\n")
    baseline = tmp_path / "baseline.json"
    cli(*WRITE, str(baseline), str(page), *PACK)
    write(page, "A miracle.\nA second miracle.\n")
    result = cli(*LINT, "--format", "concise", "--baseline", str(baseline), str(page))
    assert result.stdout == f"{page}:2:10: info [hype-word] “miracle” is hype.\n"


def test_stale_entries_and_json_field(cli: CLI, tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", "A miracle. It cures.\n")
    other = write(tmp_path / "other.md", "A miracle.\n")
    baseline = tmp_path / "baseline.json"
    cli(*WRITE, str(baseline), str(tmp_path), *PACK)
    write(page, "A miracle. It helps.\n")
    result = cli(*LINT, "--format", "json", "--baseline", str(baseline), str(page))
    doc = json.loads(result.output)
    assert doc["findings"] == []
    # other.md was not linted in this run: its entry is not counted as stale.
    assert doc["baseline"] == {"path": str(baseline), "hidden": 1, "stale": 1}
    assert result.exit_code == 0
    assert other.exists()


def test_paths_are_relative_to_the_baseline_folder(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "repo" / "content" / "page.md", "A miracle.\n")
    baseline = tmp_path / "repo" / ".cliniclint-baseline.json"
    monkeypatch.chdir(tmp_path / "repo")
    cli(*WRITE, str(baseline), "content", *PACK)
    monkeypatch.chdir(tmp_path / "repo" / "content")
    result = cli(*LINT, "--format", "concise", "--baseline", str(baseline), "page.md")
    assert result.stdout == ""
    assert result.stderr == (
        f"cliniclint: baseline {baseline}: 1 finding hidden, 0 stale entries\n"
    )


def test_baseline_from_config(cli: CLI, tmp_path: Path) -> None:
    write(
        tmp_path / ".cliniclint.yaml",
        f"packs: [{CORE_PACK}]\nbaseline: .cliniclint-baseline.json\n"
        "allow_outside_paths: true\n",
    )
    page = write(tmp_path / "page.md", "A miracle.\n")
    result = cli(*WRITE, str(tmp_path / ".cliniclint-baseline.json"), str(page))
    assert result.output.startswith("Wrote 1 entry to ")
    result = cli("lint", "--format", "concise", str(page))
    assert result.stdout == ""


def test_ignored_findings_are_not_recorded(cli: CLI, tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", "A miracle.\n")
    baseline = tmp_path / "b.json"
    result = cli(*WRITE, str(baseline), str(page), *PACK, "--ignore", "hype-word")
    assert result.output == f"Wrote 0 entries to {baseline}.\n"
    assert json.loads(baseline.read_text())["findings"] == []


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{not json", ":1:2: expecting property name enclosed in double quotes"),
        ('{"findings": []}', ":1: not a cliniclint baseline (version 2)"),
        (
            '{"cliniclint_baseline": 1, "findings": []}',
            ":1: a baseline of format 1, whose fingerprints change when findings are"
            " added above others: write it again with `cliniclint baseline write`",
        ),
        (
            '{"cliniclint_baseline": 2, "findings": [{"file": "a"}]}',
            ': bad baseline entry: {"file": "a"}',
        ),
    ],
)
def test_bad_baseline_is_a_one_line_error(
    cli: CLI, tmp_path: Path, text: str, message: str
) -> None:
    baseline = write(tmp_path / "b.json", text)
    page = write(tmp_path / "page.md", "Hi.\n")
    result = cli(*LINT, "--baseline", str(baseline), str(page))
    assert result.exit_code == 2
    assert result.output == f"cliniclint: error: {baseline}{message}\n"


def test_missing_baseline(cli: CLI, tmp_path: Path) -> None:
    page = write(tmp_path / "page.md", "Hi.\n")
    result = cli(*LINT, "--baseline", str(tmp_path / "nope.json"), str(page))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {tmp_path / 'nope.json'}: no such baseline file "
        "(write one with `cliniclint baseline write`)\n"
    )


def test_a_baseline_of_many_tiny_objects_is_refused_before_parsing(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import json as json_module

    page = tmp_path / "a.md"
    page.write_text("Plain.\n")
    base = tmp_path / "baseline.json"
    base.write_text(
        '{"cliniclint_baseline": 2, "findings": [' + ",".join(["{}"] * 50_000) + "]}"
    )

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("parsed")

    monkeypatch.setattr(json_module, "loads", refuse)
    result = cli("lint", *PACK, "--baseline", str(base), str(page))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {base}: not a cliniclint baseline "
        "(too many entries for its size)\n"
    )
