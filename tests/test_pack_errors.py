"""Broken packs give one located error line, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from cliniclint.engine.ruleset import load_packs
from cliniclint.packs.yamlsource import SourceError

INVALID = Path(__file__).resolve().parents[1] / "fixtures" / "packs" / "invalid"

PACK_HEAD = 'pack: p\ntitle: T\nversion: "1"\n'
RULE = """  - id: {id}
    category: {category}
    kind: phrase
    phrases: [miracle]
    message: m
    why: w
    advice: a
    examples: {{bad: [x], good: [y]}}
"""


def error_for(path: Path) -> str:
    with pytest.raises(SourceError) as info:
        load_packs([path], bundled=False)
    return str(info.value)


def write(tmp_path: Path, text: str, name: str = "p.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("bad-yaml.yaml", ":6:1: expected ',' or '}', but got '<stream end>'"),
        ("unknown-key.yaml", ":8:5: unknown key 'phrasez'"),
        ("bad-regex.yaml", ":8:14: invalid regular expression '(miracle': missing )"),
        ("duplicate-id.yaml", ":13:9: duplicate rule id 'same-rule'"),
    ],
)
def test_broken_pack_error_names_file_and_line(name: str, expected: str) -> None:
    message = error_for(INVALID / name)
    assert message.startswith(str(INVALID / name) + expected)


def test_unknown_category(tmp_path: Path) -> None:
    path = write(
        tmp_path, PACK_HEAD + "rules:\n" + RULE.format(id="r", category="nonsense")
    )
    assert error_for(path).startswith(f"{path}:6:15: unknown category 'nonsense'")


def test_wrong_type(tmp_path: Path) -> None:
    text = PACK_HEAD + "rules:\n" + RULE.format(id="r", category="hype-language")
    path = write(tmp_path, text.replace("phrases: [miracle]", "phrases: 3"))
    assert error_for(path) == f"{path}:8:14: phrases: input should be a valid list"


def test_informing_pages_takes_lower_or_skip(tmp_path: Path) -> None:
    rule = RULE.format(id="r", category="hype-language") + "    informing_pages: drop\n"
    path = write(tmp_path, PACK_HEAD + "rules:\n" + rule)
    message = error_for(path)
    assert message.startswith(f"{path}:13:22: ")
    assert "'lower' or 'skip'" in message


def test_unknown_rule_kind(tmp_path: Path) -> None:
    text = PACK_HEAD + "rules:\n" + RULE.format(id="r", category="hype-language")
    path = write(tmp_path, text.replace("kind: phrase", "kind: magic"))
    assert error_for(path).startswith(f"{path}:7:11: unknown rule kind 'magic'")


def test_bad_rule_id(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        PACK_HEAD + "rules:\n" + RULE.format(id="Bad_Id", category="hype-language"),
    )
    assert error_for(path).startswith(f"{path}:5:9: id: string should match pattern")


def test_rule_needs_rewrite_or_advice(tmp_path: Path) -> None:
    text = PACK_HEAD + "rules:\n" + RULE.format(id="r", category="hype-language")
    path = write(tmp_path, text.replace("    advice: a\n", ""))
    assert error_for(path) == (
        f"{path}:5:5: a rule needs `suggestions` (rewrites) "
        "or `advice` (e.g. remove this)"
    )


def test_unknown_term_list_in_claim(tmp_path: Path) -> None:
    text = (
        PACK_HEAD
        + """rules:
  - id: r
    category: disease-claim
    kind: claim
    all_of: [nowhere]
    message: m
    why: w
    advice: a
    examples: {bad: [x], good: [y]}
"""
    )
    path = write(tmp_path, text)
    assert error_for(path) == f"{path}:8:14: unknown term list 'nowhere'"


def test_unknown_term_list_in_pattern(tmp_path: Path) -> None:
    text = (
        PACK_HEAD
        + """rules:
  - id: r
    category: disease-claim
    kind: pattern
    pattern: '{{nowhere}} cures'
    message: m
    why: w
    advice: a
    examples: {bad: [x], good: [y]}
"""
    )
    path = write(tmp_path, text)
    assert error_for(path) == f"{path}:8:14: unknown term list 'nowhere'"


def test_duplicate_rule_id_across_packs(tmp_path: Path) -> None:
    a = write(
        tmp_path,
        PACK_HEAD + "rules:\n" + RULE.format(id="r", category="hype-language"),
        "a.yaml",
    )
    b = write(
        tmp_path,
        PACK_HEAD.replace("pack: p", "pack: q")
        + "rules:\n"
        + RULE.format(id="r", category="hype-language"),
        "b.yaml",
    )
    with pytest.raises(SourceError) as info:
        load_packs([a, b], bundled=False)
    assert str(info.value) == f"{b}:5:9: duplicate rule id 'r' (also in {a})"


def test_duplicate_key(tmp_path: Path) -> None:
    path = write(tmp_path, PACK_HEAD + "title: again\n")
    assert error_for(path) == f"{path}:4:1: duplicate key 'title'"


def test_aliases_are_refused(tmp_path: Path) -> None:
    bomb = PACK_HEAD + 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'
    path = write(tmp_path, bomb)
    assert (
        error_for(path) == f"{path}:4:4: YAML anchors and aliases are not allowed here"
    )


def test_python_tags_are_refused(tmp_path: Path) -> None:
    path = write(
        tmp_path, PACK_HEAD + "description: !!python/object/apply:os.system ['true']\n"
    )
    message = error_for(path)
    assert message.startswith(f"{path}:4:14: could not determine a constructor")


def test_pack_must_be_a_mapping(tmp_path: Path) -> None:
    path = write(tmp_path, "- just\n- a list\n")
    assert error_for(path) == f"{path}:1:1: a rule pack must be a YAML mapping"


def test_yes_and_no_stay_words(tmp_path: Path) -> None:
    path = write(tmp_path, PACK_HEAD + "terms:\n  negations: [no, not, off, yes]\n")
    packs = load_packs([path], bundled=False)
    assert packs.terms["negations"].terms == ["no", "not", "off", "yes"]


@pytest.mark.parametrize(
    "name", ["bad-yaml.yaml", "unknown-key.yaml", "bad-regex.yaml", "duplicate-id.yaml"]
)
def test_cli_reports_pack_error_in_one_line_with_exit_2(
    name: str, tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text("Hello.\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "cliniclint",
            "lint",
            "--pack",
            str(INVALID / name),
            str(page),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    lines = proc.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"cliniclint: error: {INVALID / name}:")
    assert "Traceback" not in proc.stderr
