"""--fix: rewrites, statement insertion, overlap, idempotence, bytes kept, CLI."""

from __future__ import annotations

import json
import os
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cliniclint.engine import CompiledRules, lint_text
from cliniclint.findings import Finding, Severity
from cliniclint.review.fixes import (
    apply_fixes,
    fix_until_stable,
    plan_edits,
    unified_diff,
)
from cliniclint.run.writes import BOMS, encode_source, write_atomic
from support import LINT

CLI = Callable[..., Result]
STATEMENT = "Not approved by the FDA."


def span(
    offset: int, end: int, new: str, fix: str = "safe", rule: str = "r"
) -> Finding:
    return Finding(
        path="p.md",
        rule_id=rule,
        category="hype-language",
        severity=Severity.INFO,
        message="m",
        pack_id="p",
        pack_version="1",
        offset=offset,
        end_offset=end,
        suggestions=(new,),
        fix=fix,  # type: ignore[arg-type]
    )


def statement(text: str = STATEMENT, fix: str = "suggest", rule: str = "s") -> Finding:
    return Finding(
        path="p.md",
        rule_id=rule,
        category="fda-status-missing",
        severity=Severity.ERROR,
        message="m",
        pack_id="p",
        pack_version="1",
        suggestions=(text,),
        fix=fix,  # type: ignore[arg-type]
    )


# --- the pure function ----------------------------------------------------------------


def test_safe_fixes_only_unless_unsafe(core_rules: CompiledRules) -> None:
    text = "A clinically proven therapy. It cures.\n"
    found = lint_text(text, core_rules)
    new, applied, skipped = apply_fixes(text, found, unsafe=False)
    assert new == "A clinically studied therapy. It cures.\n"
    assert [f.rule_id for f in applied] == ["proven-overstatement"]
    assert skipped == []
    new, applied, _ = apply_fixes(text, found, unsafe=True)
    assert new == "A clinically studied therapy. It may help with.\n"
    assert [f.rule_id for f in applied] == ["proven-overstatement", "cure-promise"]


def test_overlapping_edits_keep_the_first_by_position() -> None:
    text = "0123456789abcdef"
    first, second, third = span(5, 9, "X"), span(2, 6, "Y"), span(9, 12, "Z")
    same = span(2, 6, "W", rule="other")
    new, applied, skipped = apply_fixes(
        text, [first, second, third, same], unsafe=False
    )
    assert new == "01Y678Zcdef"
    assert applied == [second, third]
    assert skipped == [same, first]


def test_suggestion_equal_to_the_span_is_no_edit() -> None:
    assert apply_fixes("abc", [span(0, 1, "a")], unsafe=True) == ("abc", [], [])


@pytest.mark.parametrize(
    ("fmt", "text", "expected"),
    [
        ("markdown", "Stem cells.\n", f"Stem cells.\n\n{STATEMENT}\n"),
        ("markdown", "Stem cells.", f"Stem cells.\n\n{STATEMENT}\n"),
        ("text", "Stem cells.\r\n\r\n", f"Stem cells.\r\n\r\n{STATEMENT}\r\n\r\n"),
        ("mdx", "# A\n\nStem cells.  \n\n", f"# A\n\nStem cells.\n\n{STATEMENT}  \n\n"),
        (
            "html",
            "<html><body>\n<p>Stem cells.</p>\n</body></html>\n",
            f"<html><body>\n<p>Stem cells.</p>\n<p>{STATEMENT}</p>\n</body></html>\n",
        ),
        (
            "html",
            "<body>\r\n  <p>Stem cells.</p>\r\n  </BODY>\r\n",
            f"<body>\r\n  <p>Stem cells.</p>\r\n  <p>{STATEMENT}</p>\r\n  </BODY>\r\n",
        ),
        (
            "html",
            "<body><p>Stem cells.</p></body>",
            f"<body><p>Stem cells.</p><p>{STATEMENT}</p></body>",
        ),
        ("html", "<p>Stem cells.</p>", f"<p>Stem cells.</p>\n<p>{STATEMENT}</p>\n"),
    ],
)
def test_statement_insertion(fmt: str, text: str, expected: str) -> None:
    new, applied, _ = apply_fixes(text, [statement()], unsafe=True, fmt=fmt)
    assert new == expected
    assert len(applied) == 1


def test_statements_are_inserted_together_in_order_and_escaped() -> None:
    found = [statement("First & foremost.", rule="a"), statement("Second.", rule="b")]
    new, applied, _ = apply_fixes("Text.\n", found, unsafe=True, fmt="markdown")
    assert new == "Text.\n\nFirst & foremost.\n\nSecond.\n"
    assert applied == found
    new, _, _ = apply_fixes("<p>Text.</p>\n</body>\n", found, unsafe=True, fmt="html")
    assert (
        new == "<p>Text.</p>\n<p>First &amp; foremost.</p>\n<p>Second.</p>\n</body>\n"
    )


def test_statement_needs_unsafe_unless_safe_and_is_never_repeated() -> None:
    assert apply_fixes("Text.\n", [statement()], unsafe=False)[0] == "Text.\n"
    safe = statement(fix="safe")
    assert apply_fixes("Text.\n", [safe], unsafe=False)[0] == f"Text.\n\n{STATEMENT}\n"
    present = f"Text.\n\n{STATEMENT}\n"
    assert apply_fixes(present, [safe], unsafe=False) == (present, [], [])


def test_insertion_inside_an_edited_span_is_skipped() -> None:
    text = "Stem cells."  # the insertion point (11) is inside no span: both apply
    new, applied, _ = apply_fixes(text, [span(5, 11, "X"), statement()], unsafe=True)
    assert new == f"Stem X\n\n{STATEMENT}\n"
    assert len(applied) == 2
    trailing = "Stem cells.  "  # the span covers the insertion point
    new, applied, skipped = apply_fixes(
        trailing, [span(5, 12, "X"), statement()], unsafe=True
    )
    assert new == "Stem X "
    assert [f.rule_id for f in skipped] == ["s"]


def test_fix_until_stable_stops_when_a_statement_does_not_satisfy_its_rule(
    core_rules: CompiledRules,
) -> None:
    # The test pack's statement does not match its own `any_of`: it is inserted once.
    text = "Stem cell therapy cures.\n"
    result = fix_until_stable(text, lambda t: lint_text(t, core_rules), unsafe=True)
    assert result.text == (
        "Stem cell therapy may help with.\n\nThis treatment has not been approved by "
        "the U.S. Food and Drug Administration (FDA).\n"
    )
    assert result.applied == 2
    assert [f.rule_id for f in result.findings] == ["fda-status-absent"]
    again = fix_until_stable(result.text, lambda t: lint_text(t, core_rules), True)
    assert (again.text, again.applied) == (result.text, 0)


def test_encode_source_writes_the_bom_back() -> None:
    assert encode_source("é\r\n", "utf-8", True) == b"\xef\xbb\xbf\xc3\xa9\r\n"
    assert encode_source("é", "utf-8", False) == b"\xc3\xa9"
    assert encode_source("a", "utf-16-le", True) == b"\xff\xfea\x00"
    assert encode_source("a", "utf-16-be", True) == b"\xfe\xff\x00a"


def test_unified_diff_marks_a_missing_final_newline() -> None:
    assert unified_diff("a\nb", "a\nc", "x.md") == (
        "--- a/x.md\n+++ b/x.md\n@@ -1,2 +1,2 @@\n a\n"
        "-b\n\\ No newline at end of file\n"
        "+c\n\\ No newline at end of file\n"
    )


def test_write_atomic_keeps_mode_and_links(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    target.chmod(0o640)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    write_atomic(str(link), b"new")
    assert link.is_symlink()
    assert target.read_bytes() == b"new"
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "page.md"]


# --- properties -----------------------------------------------------------------------

FRAGMENTS = [
    "A ",
    "miracle",
    " cure",
    "cures",
    "clinically proven",
    "no more pain",
    "Stem cell",
    " therapy",
    " treat arthritis",
    "100% safe",
    "may ",
    "breakthrough",
    ", but",
    ".",
    " ",
    "é",
    "😀",
    "—",
    "\n",
    "\n\n",
]


def texts(line_break: str = "\n") -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(FRAGMENTS), max_size=24).map(
        lambda parts: "".join(parts).replace("\n", line_break)
    )


PROPERTY = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


def assert_only_spans_changed(text: str, new: str, findings: list[Finding]) -> None:
    edits, skipped = plan_edits(text, findings, unsafe=True)
    reported = {
        (f.offset, f.end_offset, f.suggestions[0]) for f in findings if f.suggestions
    }
    position, new_position = 0, 0
    for edit in edits:
        if edit.start != edit.end:  # a rewrite replaces exactly one reported span
            assert (edit.start, edit.end, edit.new) in reported
        assert edit.start >= position  # sorted, no overlap
        kept = text[position : edit.start]
        assert new[new_position : new_position + len(kept)] == kept
        new_position += len(kept)
        assert new[new_position : new_position + len(edit.new)] == edit.new
        new_position += len(edit.new)
        position = edit.end
    assert new[new_position:] == text[position:]
    for finding in skipped:  # every skipped fix overlaps an applied one
        assert (
            any(
                e.start < (finding.end_offset or 0) and (finding.offset or 0) < e.end
                for e in edits
                if e.start != e.end
            )
            or finding.offset is None
        )


@PROPERTY
@given(text=texts())
def test_fix_changes_nothing_outside_reported_spans(
    core_rules: CompiledRules, text: str
) -> None:
    findings = lint_text(text, core_rules)
    new, _, _ = apply_fixes(text, findings, unsafe=True)
    assert_only_spans_changed(text, new, findings)


@PROPERTY
@given(text=texts())
def test_fix_is_idempotent(core_rules: CompiledRules, text: str) -> None:
    def check(t: str) -> list[Finding]:
        return lint_text(t, core_rules)

    first = fix_until_stable(text, check, unsafe=True)
    second = fix_until_stable(first.text, check, unsafe=True)
    assert (second.text, second.applied) == (first.text, 0)
    fixed_rules = {f.rule_id for f in check(first.text)}
    assert "proven-overstatement" not in fixed_rules  # a fixed file re-lints clean


@PROPERTY
@given(
    text=texts("\r\n"),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be"]),
)
def test_crlf_and_bom_bytes_are_kept_outside_the_edits(
    core_rules: CompiledRules, text: str, encoding: str
) -> None:
    findings = lint_text(text, core_rules)
    new, _, _ = apply_fixes(text, findings, unsafe=True)
    before = encode_source(text, encoding, True)
    after = encode_source(new, encoding, True)
    assert after.startswith(BOMS[encoding])
    edits, _ = plan_edits(text, findings, unsafe=True)
    position, byte_position = 0, len(BOMS[encoding])
    for edit in edits:
        kept = text[position : edit.start].encode(encoding)
        assert after[byte_position : byte_position + len(kept)] == kept
        byte_position += len(kept) + len(edit.new.encode(encoding))
        position = edit.end
    assert after[byte_position:] == text[position:].encode(encoding)
    assert before.startswith(BOMS[encoding])
    # No line ending was changed, none added in another style.
    if "\r\n" in text:
        assert "\n" not in new.replace("\r\n", "")


# --- the command line -----------------------------------------------------------------


def page(tmp_path: Path, text: str, name: str = "page.md") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def test_fix_writes_in_place_and_reports_what_remains(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "A clinically proven therapy. It cures.\n")
    path.chmod(0o640)
    result = cli(*LINT, "--fix", str(path))
    assert (
        path.read_text(encoding="utf-8") == "A clinically studied therapy. It cures.\n"
    )
    assert result.exit_code == 1
    assert result.output == (
        f"{path}:1:34: error [cure-promise] “cures” promises a cure.\n"
        "  1 | A clinically studied therapy. It cures.\n"
        "    |                                  ^^^^^\n"
        "    suggest: may help with\n"
        "    jurisdiction: global\n"
        "    see: FTC Health Products Compliance Guidance <https://www.ftc.gov/"
        "business-guidance/resources/health-products-compliance-guidance>\n"
        "Found 1 error, 0 warnings, 0 info in 1 file (1 checked). "
        "Fixed 1 finding, 1 remaining.\n"
    )
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert os.listdir(tmp_path) == ["page.md"]
    again = cli(*LINT, "--fix", "--format", "concise", str(path))
    assert (
        path.read_text(encoding="utf-8") == "A clinically studied therapy. It cures.\n"
    )
    assert again.stderr == "cliniclint: fixed 0, 1 remaining\n"


def test_unsafe_fixes_and_json_summary(cli: CLI, tmp_path: Path) -> None:
    path = page(tmp_path, "A clinically proven therapy. It cures.\n")
    result = cli(*LINT, "--fix", "--unsafe-fixes", "--format", "json", str(path))
    assert path.read_text(encoding="utf-8") == (
        "A clinically studied therapy. It may help with.\n"
    )
    assert result.exit_code == 0
    assert json.loads(result.output)["summary"]["fixed"] == 2


def test_diff_writes_nothing(cli: CLI, tmp_path: Path) -> None:
    text = "Intro.\nA clinically proven therapy.\n"
    path = page(tmp_path, text)
    result = cli(*LINT, "--diff", str(path))
    assert path.read_text(encoding="utf-8") == text
    assert result.exit_code == 1
    assert result.stdout == (
        f"--- a/{path}\n+++ b/{path}\n@@ -1,2 +1,2 @@\n Intro.\n"
        "-A clinically proven therapy.\n+A clinically studied therapy.\n"
    )
    assert result.stderr == "Would fix 1 finding in 1 file.\n"
    clean = page(tmp_path, "Nothing to fix.\n", "clean.md")
    result = cli(*LINT, "--diff", str(clean))
    assert (result.exit_code, result.stdout) == (0, "")


def test_fix_from_stdin_prints_the_fixed_text(cli: CLI) -> None:
    result = cli(
        *LINT, "--fix", "--stdin-filename", "x.md", "-", input="Clinically proven.\n"
    )
    assert result.stdout == "Clinically studied.\n"
    assert result.exit_code == 0
    untouched = cli(*LINT, "--fix", "-", input="It cures.\r\n")
    assert untouched.stdout_bytes == b"It cures.\r\n"
    assert untouched.exit_code == 1


@pytest.mark.parametrize("fmt", ["json", "sarif", "junit", "gitlab", "concise"])
def test_fix_from_stdin_keeps_the_report_whole_on_stderr(cli: CLI, fmt: str) -> None:
    page = "Clinically proven. It is a miracle.\n"
    result = cli(
        *LINT, "--fix", "--format", fmt, "--stdin-filename", "x.md", "-", input=page
    )
    assert result.stdout == "Clinically studied. It is a miracle.\n"
    assert result.exit_code == 0  # an info finding remains
    if fmt == "json":
        report = json.loads(result.stderr)
        assert [f["rule"] for f in report["findings"]] == ["hype-word"]
        assert report["summary"]["fixed"] == 1
    elif fmt == "sarif":
        [run] = json.loads(result.stderr)["runs"]
        assert [r["ruleId"] for r in run["results"]] == ["hype-word"]
    elif fmt == "gitlab":
        assert [f["check_name"] for f in json.loads(result.stderr)] == ["hype-word"]
    elif fmt == "junit":
        assert result.stderr.rstrip().endswith("</testsuites>")
    else:
        assert result.stderr.startswith("x.md:1:29: info [hype-word]")


def test_fix_from_stdin_takes_no_other_paths(cli: CLI, tmp_path: Path) -> None:
    page = tmp_path / "p.md"
    page.write_text("Clinically proven.\n")
    result = cli(*LINT, "--fix", "-", str(page), input="Clinically proven.\n")
    assert result.exit_code == 2
    assert "Error: '-' with --fix takes no other paths" in result.stderr
    assert page.read_text() == "Clinically proven.\n"


FDA_PACK = """pack: fda
title: T
version: "1"
rules:
  - id: fda-status
    category: fda-status-missing
    kind: required
    when: '\\bstem cells?\\b'
    any_of: ['not approved by the FDA']
    message: No FDA status.
    why: x
    suggestions: ["Stem cell treatments are not approved by the FDA."]
    examples: {bad: [Stem cells.], good: [Stem cells are not approved by the FDA.]}
"""
INSERTED = "Stem cell treatments are not approved by the FDA."


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        (
            "p.md",
            "# Clinic\n\nStem cells.\n",
            f"# Clinic\n\nStem cells.\n\n{INSERTED}\n",
        ),
        (
            "p.html",
            "<html><body>\n<p>Stem cells.</p>\n</body></html>\n",
            f"<html><body>\n<p>Stem cells.</p>\n<p>{INSERTED}</p>\n</body></html>\n",
        ),
    ],
)
def test_inserted_statement_satisfies_its_rule(
    cli: CLI, tmp_path: Path, name: str, text: str, expected: str
) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(FDA_PACK, encoding="utf-8")
    path = page(tmp_path, text, name)
    args = ("lint", "--isolated", "--no-bundled", "--pack", str(pack), str(path))
    assert cli(*args, "--fix").exit_code == 1  # `suggest` needs --unsafe-fixes
    assert path.read_text(encoding="utf-8") == text
    result = cli(*args, "--fix", "--unsafe-fixes")
    assert result.exit_code == 0
    assert path.read_text(encoding="utf-8") == expected
    assert cli(*args).exit_code == 0  # re-lints clean


@pytest.mark.parametrize(
    ("encoding", "bom"), [("utf-8", True), ("utf-16-le", True), ("utf-16-be", True)]
)
def test_fix_keeps_encoding_bom_and_crlf(
    cli: CLI, tmp_path: Path, encoding: str, bom: bool
) -> None:
    text = "Intro.\r\nA clinically proven therapy.\r\nEnd.\r\n"
    path = tmp_path / "page.txt"
    path.write_bytes(encode_source(text, encoding, bom))
    result = cli(*LINT, "--fix", str(path))
    assert result.exit_code == 0
    assert path.read_bytes() == encode_source(
        text.replace("proven", "studied"), encoding, bom
    )


def test_a_file_that_cannot_be_written_is_a_one_line_error(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = page(tmp_path, "A clinically proven therapy.\n")

    def refuse(target: str, data: bytes, *args: object, **options: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("cliniclint.run.writes.write_atomic", refuse)
    result = cli(*LINT, "--fix", str(path))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {path}: cannot write the fixes: Permission denied\n"
    )


def test_a_claim_of_several_hits_is_fixed_in_one_edit(
    core_rules: CompiledRules,
) -> None:
    # "miracle" (hype) and "clinically proven" are one finding: its suggestion
    # replaces each hit's words with that rule's suggestion and keeps the rest.
    text = "A miracle drug, clinically proven."
    [finding] = lint_text(text, core_rules)
    assert finding.match == "miracle drug, clinically proven"
    assert finding.suggestions == ("new drug, clinically studied",)
    assert finding.fix == "suggest"  # the least safe of the two rules' fixes
    fixed = fix_until_stable(text, lambda t: lint_text(t, core_rules), unsafe=True)
    assert fixed.text == "A new drug, clinically studied."
    # Markup inside the claim's words would be lost: the fix is left to the reviewer.
    marked = "A **miracle** drug, clinically proven.\n"
    [bold] = lint_text(marked, core_rules, "page.md", None)
    assert bold.fix == "none"
