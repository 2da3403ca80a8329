"""Inline suppressions: next-line, ranges, whole file, reasons, expiry, unused."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.config.discovery import FileRules
from cliniclint.engine import CompiledRules
from cliniclint.engine.linter import lint_document
from cliniclint.engine.ruleset import PackSet
from cliniclint.findings import Severity
from cliniclint.review.suppressions import (
    Policy,
    Suppressions,
    apply_suppressions,
    parse_directive,
)
from cliniclint.run.session import tool_severity
from support import LINT, lint_markdown, markdown_doc

CLI = Callable[..., Result]
TODAY = dt.date(2030, 6, 15)
Row = tuple[str, int | None, int | None, str]


@pytest.fixture
def check(
    core_packs: PackSet, core_rules: CompiledRules
) -> Callable[..., tuple[list[Row], int]]:
    """Lint ``raw`` as Markdown with suppressions: (findings as rows, suppressed)."""

    def run(raw: str, rules: CompiledRules | None = None, **kwargs: object):
        rules = rules or core_rules
        policy = Policy(
            today=TODAY,
            enabled_rules=frozenset(c.id for c in rules.rules),
            enabled_categories=frozenset(c.category for c in rules.rules),
            known_rules=frozenset(r.id for _, r in core_packs.rules()),
            **kwargs,
        )
        # As a lint run does: directives are asked about each hit before a
        # sentence's hits are joined into one finding.
        doc = markdown_doc(raw)
        suppressions = Suppressions(doc, policy)
        waives = suppressions.waives if suppressions.active else None
        outcome = suppressions.outcome(lint_document(doc, rules, waives))
        rows = [
            (
                f.rule_id,
                f.start.line if f.start else None,
                f.start.column if f.start else None,
                f.severity.label,
            )
            for f in outcome.findings
        ]
        return rows, outcome.suppressed

    return run


def test_next_line_skips_blank_lines_and_covers_one_line(check) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line hype-word -- approved by counsel -->\n"
        "\n"
        "A miracle.\n"
        "A miracle.\n"
    )
    assert check(raw) == ([("hype-word", 4, 3, "info")], 1)


def test_next_line_after_a_multi_line_comment(check) -> None:
    raw = (
        "<!--\n  cliniclint-disable-next-line hype-word\n-->\nA miracle.\nA miracle.\n"
    )
    assert check(raw) == ([("hype-word", 5, 3, "info")], 1)


def test_next_line_covers_a_finding_that_starts_on_it(check) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line cure-promise -->\nWe offer no more\npain.\n"
    )
    assert check(raw) == ([], 1)


def test_comment_at_the_end_of_a_line_covers_the_next_line(check) -> None:
    raw = "A miracle. <!-- cliniclint-disable-next-line hype-word -->\nA miracle.\n"
    assert check(raw) == ([("hype-word", 1, 3, "info")], 1)


def test_disable_enable_range(check) -> None:
    raw = (
        "A miracle.\n"
        "<!-- cliniclint-disable hype-word -->\n"
        "A miracle. A breakthrough.\n"
        "<!-- cliniclint-enable hype-word -->\n"
        "A miracle.\n"
    )
    assert check(raw) == ([("hype-word", 1, 3, "info"), ("hype-word", 5, 3, "info")], 2)


def test_range_starts_after_the_comment_and_runs_to_the_end(check) -> None:
    raw = "A miracle. <!-- cliniclint-disable hype-word --> A miracle.\n\nA miracle.\n"
    assert check(raw) == ([("hype-word", 1, 3, "info")], 2)


def test_enable_all_closes_every_range(check) -> None:
    raw = (
        "<!-- cliniclint-disable hype-word,cure-promise -->\n"
        "A miracle cure.\n"
        "<!-- cliniclint-enable all -->\n"
        "A miracle cure.\n"
    )
    # The second sentence's two hits are one finding; the first sentence's two hits
    # are each hidden by the directive that names their rule.
    assert check(raw) == ([("cure-promise", 4, 3, "error")], 2)


def test_ranges_never_cover_page_level_findings(check) -> None:
    raw = "<!-- cliniclint-disable all -->\nStem cell therapy. A miracle.\n"
    assert check(raw) == ([("fda-status-absent", None, None, "error")], 1)


def test_next_line_never_covers_page_level_findings(check) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line fda-status-absent -->\nStem cell therapy.\n"
    )
    rows, suppressed = check(raw)
    assert suppressed == 0
    assert rows == [
        ("fda-status-absent", None, None, "error"),
        ("unused-suppression", 1, 1, "info"),
    ]


def test_disable_file_covers_page_level_and_spans(check) -> None:
    raw = (
        "Stem cell therapy. A miracle.\n"
        "<!-- cliniclint-disable-file fda-status-absent, hype-word -- legal ok -->\n"
    )
    assert check(raw) == ([], 2)


@pytest.mark.parametrize(
    "token", ["all", "hype-word", "category:hype-language", "cure-promise,hype-word"]
)
def test_rule_selectors(check, token: str) -> None:
    raw = f"<!-- cliniclint-disable-next-line {token} -->\nA miracle.\n"
    rows, suppressed = check(raw)
    assert suppressed == 1
    if token == "cure-promise,hype-word":  # the cure-promise half covered nothing
        assert rows == [("unused-suppression", 1, 1, "info")]
    else:
        assert rows == []


def test_require_reason(check) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line hype-word -->\n"
        "A miracle.\n"
        "<!-- cliniclint-disable-next-line hype-word -- approved 2030-01-02 -->\n"
        "A miracle.\n"
    )
    assert check(raw, require_reason=True) == (
        [("suppression-without-reason", 1, 1, "warning"), ("hype-word", 2, 3, "info")],
        1,
    )
    assert check(raw) == ([], 2)


def test_expiry_is_inclusive(check) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line hype-word until=2030-06-14 -- old -->\n"
        "A miracle.\n"
        "<!-- cliniclint-disable-next-line hype-word until=2030-06-15 -- today -->\n"
        "A miracle.\n"
    )
    assert check(raw) == (
        [("expired-suppression", 1, 1, "warning"), ("hype-word", 2, 3, "info")],
        1,
    )


def test_expired_message(core_rules: CompiledRules) -> None:
    raw = "<!-- cliniclint-disable-file hype-word until=2020-01-01 -->\nA miracle.\n"
    outcome = apply_suppressions(
        lint_markdown(raw, core_rules), markdown_doc(raw), Policy(today=TODAY)
    )
    expired = outcome.findings[0]
    assert expired.rule_id == "expired-suppression"
    assert expired.category == "suppression"
    assert expired.message == "Suppression of hype-word expired on 2020-01-01."
    assert (expired.offset, expired.end_offset) == (0, 59)
    assert expired.match == raw[:59]
    assert expired.end is not None
    assert (expired.end.line, expired.end.column) == (1, 60)


def test_unused_known_inactive_and_unknown_rules(
    check, only: Callable[..., CompiledRules]
) -> None:
    raw = (
        "<!-- cliniclint-disable-next-line cure-promise -- nothing to cover -->\n"
        "A plain line.\n"
        "<!-- cliniclint-disable-next-line percent-safe -->\n"
        "A plain line.\n"
        "<!-- cliniclint-disable-next-line nope-rule, hype-word -->\n"
        "A miracle.\n"
    )
    rows, _ = check(raw, rules=only("cure-promise", "hype-word"))
    # percent-safe exists but did not run: a waiver for it is not reported as unused;
    # nope-rule does not exist: an error, so that a misspelt waiver fails the run.
    assert rows == [
        ("unused-suppression", 1, 1, "info"),
        ("unknown-suppression-rule", 5, 1, "error"),
    ]


def test_unused_messages(core_rules: CompiledRules, core_packs: PackSet) -> None:
    raw = "<!-- cliniclint-disable nope-rule, hype-word -->\nPlain.\n"
    policy = Policy(
        today=TODAY,
        enabled_rules=frozenset(c.id for c in core_rules.rules),
        known_rules=frozenset(r.id for _, r in core_packs.rules()),
    )
    outcome = apply_suppressions(
        lint_markdown(raw, core_rules), markdown_doc(raw), policy
    )
    assert [f.message for f in outcome.findings] == [
        "Suppression names 'nope-rule', which is no rule or category; it "
        "suppresses nothing.",
        "Unused suppression of hype-word: nothing here was reported.",
    ]


@pytest.mark.parametrize(
    ("token", "message"),
    [
        (
            "hype-wrd",
            "Suppression names 'hype-wrd', which is no rule or category "
            "(did you mean 'hype-word'?); it suppresses nothing.",
        ),
        (
            "category:hyp",
            "Suppression names 'category:hyp', which is no rule or category "
            "(did you mean 'category:hype-language'?); it suppresses nothing.",
        ),
    ],
)
def test_an_unknown_name_in_a_waiver_is_an_error_with_the_closest_name(
    check, core_rules: CompiledRules, core_packs: PackSet, token: str, message: str
) -> None:
    raw = f"<!-- cliniclint-disable-next-line {token} -- approved -->\nA miracle.\n"
    policy = Policy(
        today=TODAY,
        enabled_rules=frozenset(c.id for c in core_rules.rules),
        enabled_categories=frozenset(c.category for c in core_rules.rules),
        known_rules=frozenset(r.id for _, r in core_packs.rules()),
    )
    outcome = apply_suppressions(
        lint_markdown(raw, core_rules), markdown_doc(raw), policy
    )
    unknown = [f for f in outcome.findings if f.category == "suppression"]
    assert [(f.rule_id, f.severity, f.message) for f in unknown] == [
        ("unknown-suppression-rule", Severity.ERROR, message)
    ]
    # The finding it meant to waive is still reported.
    assert any(f.rule_id == "hype-word" for f in outcome.findings)


def test_a_misspelt_waiver_fails_the_run(cli: CLI, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(
        "<!-- cliniclint-disable-next-line hype-wrd -- approved -->\nPlain words.\n",
        encoding="utf-8",
    )
    result = cli(*LINT, "--fail-on", "error", "--format", "concise", str(page))
    assert result.exit_code == 1, result.output
    assert "[unknown-suppression-rule]" in result.output
    assert "did you mean 'hype-word'?" in result.output


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("cliniclint-disabel all", "unknown directive 'cliniclint-disabel'"),
        ("cliniclint-disable -- why", "no rule named (use `all` for every rule)"),
        ("cliniclint-disable all until=2030-13-01", "bad date 'until=2030-13-01'"),
        (
            "cliniclint-disable all until=tomorrow",
            "bad date 'until=tomorrow' (expected until=YYYY-MM-DD)",
        ),
        ("cliniclint-disable Hype_Word", "bad rule name 'Hype_Word'"),
    ],
)
def test_malformed_directives(
    body: str, problem: str, core_rules: CompiledRules
) -> None:
    raw = f"A miracle.\n<!-- {body} -->\nA miracle.\n"
    outcome = apply_suppressions(
        lint_markdown(raw, core_rules), markdown_doc(raw), Policy(today=TODAY)
    )
    invalid = [f for f in outcome.findings if f.rule_id == "invalid-suppression"]
    assert [(f.message, f.severity) for f in invalid] == [
        (f"Malformed suppression: {problem}.", Severity.WARNING)
    ]
    assert outcome.suppressed == 0


def test_parse_directive() -> None:
    assert parse_directive(
        "  cliniclint-disable-next-line cure-promise, category:hype-language "
        "until=2031-01-31 -- approved -- by counsel  "
    ) == (
        "disable-next-line",
        ("cure-promise", "category:hype-language"),
        "approved -- by counsel",
        dt.date(2031, 1, 31),
    )
    assert parse_directive("cliniclint-enable hype-word") == (
        "enable",
        ("hype-word",),
        None,
        None,
    )


def test_other_comments_are_ignored(check) -> None:
    raw = "<!-- a note for editors -->\n<!-- prettier-ignore -->\nA miracle.\n"
    assert check(raw) == ([("hype-word", 3, 3, "info")], 0)


def test_tool_rules_can_be_turned_off(check) -> None:
    raw = "<!-- cliniclint-disable-next-line cure-promise -->\nPlain.\n"
    assert check(raw, tool_severity=lambda rule_id: None) == ([], 0)
    raised = check(raw, tool_severity=lambda rule_id: Severity.ERROR)
    assert raised == ([("unused-suppression", 1, 1, "error")], 0)


def test_waivers_are_the_active_directives(core_rules: CompiledRules) -> None:
    raw = (
        "<!-- cliniclint-disable-file hype-word until=2031-01-01 -- campaign -->\n"
        "<!-- cliniclint-disable cure-promise -->\n"
        "<!-- cliniclint-enable cure-promise -->\n"
        "<!-- cliniclint-disable-next-line hype-word until=2001-01-01 -- old -->\n"
    )
    outcome = apply_suppressions(
        lint_markdown(raw, core_rules), markdown_doc(raw), Policy(today=TODAY)
    )
    assert [
        (w.kind, w.rules, w.reason, w.until, w.start.line) for w in outcome.waivers
    ] == [
        ("disable-file", ("hype-word",), "campaign", dt.date(2031, 1, 1), 1),
        ("disable", ("cure-promise",), None, None, 2),
    ]


# --- end to end, through the real readers ---------------------------------------------


def page(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_html_and_mdx_comments(cli: CLI, tmp_path: Path) -> None:
    md = page(
        tmp_path,
        "a.md",
        "<!-- cliniclint-disable-next-line hype-word -- ok -->\n"
        "A miracle.\n\nA miracle.\n",
    )
    html = page(
        tmp_path,
        "b.html",
        "<p><!-- cliniclint-disable-next-line hype-word -- ok -->\nA miracle.</p>\n"
        "<p>A miracle.</p>\n",
    )
    mdx = page(
        tmp_path,
        "c.mdx",
        "{/* cliniclint-disable-next-line hype-word -- ok */}\n"
        "A miracle.\n\nA miracle.\n",
    )
    result = cli(*LINT, "--format", "concise", str(md), str(html), str(mdx))
    assert result.output == (
        f"{md}:4:3: info [hype-word] “miracle” is hype.\n"
        f"{html}:3:6: info [hype-word] “miracle” is hype.\n"
        f"{mdx}:4:3: info [hype-word] “miracle” is hype.\n"
    )


def test_list_waivers(cli: CLI, tmp_path: Path) -> None:
    md = page(
        tmp_path,
        "a.md",
        "<!-- cliniclint-disable-file hype-word until=2999-01-01 -- campaign page -->\n"
        "A miracle.\n\n"
        "<!-- cliniclint-disable-next-line cure-promise -->\n"
        "Our shots cure.\n",
    )
    result = cli(*LINT, "--list-waivers", str(md))
    assert result.exit_code == 0
    assert result.output == (
        f"{md}:1: disable-file hype-word (until 2999-01-01) -- campaign page\n"
        f"{md}:4: disable-next-line cure-promise -- (no reason given)\n"
    )


def test_require_reason_from_config_and_ignore_flag(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".cliniclint.yaml").write_text(
        "require_reason: true\n", encoding="utf-8"
    )
    md = page(
        tmp_path,
        "a.md",
        "<!-- cliniclint-disable-next-line hype-word -->\nA miracle.\n",
    )
    base = ("lint", "--no-bundled", "--pack", LINT[-1], "--format", "concise")
    result = cli(*base, str(md))
    assert result.output == (
        f"{md}:1:1: warning [suppression-without-reason] "
        "Suppression of hype-word gives no reason (add one after ` -- `).\n"
        f"{md}:2:3: info [hype-word] “miracle” is hype.\n"
    )
    result = cli(*base, "--ignore", "category:suppression", str(md))
    assert result.output == f"{md}:2:3: info [hype-word] “miracle” is hype.\n"


def test_tool_rules_follow_select_ignore_and_levels() -> None:
    def level(**kwargs: object) -> Severity | None:
        rules = FileRules(
            select=tuple(kwargs.get("select", ())),  # type: ignore[arg-type]
            ignore=tuple(kwargs.get("ignore", ())),  # type: ignore[arg-type]
            levels=tuple(kwargs.get("levels", ())),  # type: ignore[arg-type]
        )
        return tool_severity(rules, "unused-suppression")

    assert level() == Severity.INFO
    assert level(select=["hype-word"]) is None
    assert level(select=["hype-word", "category:suppression"]) == Severity.INFO
    assert level(ignore=["unused-suppression"]) is None
    assert level(levels=[("unused-suppression", "off")]) is None
    assert level(levels=[("unused-suppression", "error")]) == Severity.ERROR


def test_list_waivers_as_json(cli: CLI, tmp_path: Path) -> None:
    md = page(
        tmp_path,
        "a.md",
        "Intro.\n<!-- cliniclint-disable hype-word until=2999-12-31 -- launch -->\n",
    )
    result = cli(*LINT, "--list-waivers", "--format", "json", str(md))
    assert json.loads(result.stdout) == {
        "waivers": [
            {
                "file": str(md),
                "line": 2,
                "column": 1,
                "kind": "disable",
                "rules": ["hype-word"],
                "reason": "launch",
                "until": "2999-12-31",
            }
        ]
    }


def test_a_directive_hides_one_rule_of_a_sentence_and_keeps_the_other(check) -> None:
    # "miracle" (hype) and "cure" (cure promise) are one finding when both stand;
    # a directive naming one rule hides that hit only, and nothing else is lost.
    hype = "<!-- cliniclint-disable-next-line hype-word -->\nA miracle cure.\n"
    assert check(hype) == ([("cure-promise", 2, 11, "error")], 1)
    cure = "<!-- cliniclint-disable-next-line cure-promise -->\nA miracle cure.\n"
    assert check(cure) == ([("hype-word", 2, 3, "info")], 1)
