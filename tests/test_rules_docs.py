"""docs/rules.md is generated from the packs and must not go stale."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cliniclint.cli.main import main
from cliniclint.engine.ruleset import PackSet, load_packs, read_pack
from cliniclint.packs.locations import bundled_pack_files
from cliniclint.report.ruledocs import packs_markdown

DOCS = Path(__file__).resolve().parents[1] / "docs" / "rules.md"


@pytest.fixture(scope="module")
def everything() -> PackSet:
    """The bundled packs with every profile, as `cliniclint rules docs` loads them."""
    found = {read_pack(path).pack.profile for path in bundled_pack_files()}
    return load_packs([], sorted(p for p in found if p))


def test_committed_rule_docs_are_current(everything: PackSet) -> None:
    assert DOCS.read_text(encoding="utf-8") == packs_markdown(everything), (
        "docs/rules.md is stale: run `cliniclint rules docs -o docs/rules.md`"
    )


def test_docs_index_every_rule_and_term_list(everything: PackSet) -> None:
    text = packs_markdown(everything)
    assert text.startswith("# cliniclint rules\n")
    assert "## Contents" in text
    for loaded, rule in everything.rules():
        assert f"[`{rule.id}`](#{rule.id})" in text
        assert f"### {rule.id}\n" in text
        assert f"## {loaded.pack.title}" in text
    for name in everything.terms:
        assert f'<a id="terms-{name}"></a>' in text
    for section in ("What it does", "Why is this bad?", "Example", "Fix", "References"):
        assert f"#### {section}" in text


def test_rules_docs_command(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "rules.md"
    stale = runner.invoke(main, ["rules", "docs", "--check", "-o", str(out)])
    assert stale.exit_code == 1
    written = runner.invoke(main, ["rules", "docs", "-o", str(out)])
    assert written.exit_code == 0, written.output
    fresh = runner.invoke(main, ["rules", "docs", "--check", "-o", str(out)])
    assert fresh.exit_code == 0, fresh.output
    assert out.read_text(encoding="utf-8") == DOCS.read_text(encoding="utf-8")


def test_rules_show_speaks_in_words() -> None:
    from cliniclint.matching.facts import FACTS

    runner = CliRunner()
    shown = runner.invoke(main, ["rules", "show", "research-framing"])
    assert shown.exit_code == 0, shown.output
    assert "Study or trial language for a treatment that is sold." in shown.output
    summary = " ".join(FACTS["negated"].summary.split())
    assert f"- `negated`: {summary}" in shown.output
    assert "(?P<span>" not in shown.output
    with_patterns = runner.invoke(
        main, ["rules", "show", "research-framing", "--patterns"]
    )
    assert "<details><summary>Patterns" in with_patterns.output
    assert "(?P<span>" in with_patterns.output


def test_rule_pages_show_the_rewrite_templates(everything: PackSet) -> None:
    text = packs_markdown(everything)
    for _, rule in everything.rules():
        for template in getattr(rule, "rewrite", []):
            assert f"- Sentence rewritten as: {template}" in text


def test_rules_show_titles_each_reference_and_documents_the_tool_rules() -> None:
    runner = CliRunner()
    shown = runner.invoke(main, ["rules", "show", "fda-status-missing"])
    assert shown.exit_code == 0, shown.output
    references = shown.output.split("### References\n\n", 1)[1].splitlines()
    assert references
    for line in references:
        assert re.fullmatch(r"- \[[^\]]+\]\(https?://[^)\s]+\)", line), line
    assert "· jurisdiction `us-federal`" in shown.output
    tool = runner.invoke(main, ["rules", "show", "expired-suppression"])
    assert tool.exit_code == 0, tool.output
    assert tool.output.startswith(
        "## expired-suppression\n\ncliniclint's own check · category `suppression` "
        "· severity `warning` · jurisdiction `global`\n"
    )
