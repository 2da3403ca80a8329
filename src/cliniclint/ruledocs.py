"""Rule documentation in the manner of Ruff's rule pages, generated from the packs."""

from __future__ import annotations

from cliniclint import taxonomy
from cliniclint.model import ClaimRule, PatternRule, PhraseRule, RequiredRule, Rule
from cliniclint.packs import LoadedPack, PackSet


def _what(rule: Rule, packs: PackSet | None) -> str:
    if isinstance(rule, PhraseRule):
        shown = ", ".join(f"“{p}”" for p in rule.phrases[:12])
        more = f" and {len(rule.phrases) - 12} more" if len(rule.phrases) > 12 else ""
        return f"Flags the phrases {shown}{more} (any case, any quotes or dashes)."
    if isinstance(rule, PatternRule):
        return f"Flags text matching the pattern `{rule.pattern}`."
    if isinstance(rule, ClaimRule):
        lists = " + ".join(f"`{name}`" for name in rule.all_of)
        return (
            f"Flags a sentence that combines terms from {lists}; "
            f"reported at the `{rule.report_list}` term."
        )
    assert isinstance(rule, RequiredRule)
    return (
        "Page-level: when the page matches "
        + " or ".join(f"`{w}`" for w in rule.when)
        + ", it must contain one of "
        + ", ".join(f"`{a}`" for a in rule.any_of)
        + "."
    )


def rule_markdown(loaded: LoadedPack, rule: Rule, packs: PackSet | None = None) -> str:
    cat = taxonomy.BY_ID[rule.category]
    lines = [
        f"## {rule.id}",
        "",
        f"Pack `{loaded.pack.pack}` {loaded.pack.version} · category `{rule.category}` "
        f"({cat.title}) · kind `{rule.kind}` · severity `{rule.default_severity.label}`"
        + (
            f" (`{rule.commercial_severity}` on a selling page)"
            if rule.commercial_severity
            else ""
        )
        + f" · fix `{rule.fix}`",
        "",
        "### What it does",
        "",
        _what(rule, packs),
        "",
        f"Message: {rule.message}",
        "",
        "### Why is this bad?",
        "",
        rule.why.strip(),
        "",
        "### Example",
        "",
    ]
    lines += [f"- ✗ {bad.text}" for bad in rule.examples.bad]
    lines += ["", "### Use instead / stays quiet", ""]
    lines += [f"- ✓ {good}" for good in rule.examples.good]
    lines += ["", "### Fix", ""]
    if rule.suggestions:
        lines += [f"- Rewrite: {s}" for s in rule.suggestions]
    if rule.advice:
        lines.append(f"- Advice: {rule.advice}")
    lines.append(
        "- Applied by `--fix`."
        if rule.fix == "safe"
        else "- Shown as a suggestion; applied only with `--unsafe-fixes`."
    )
    if rule.known_problems:
        lines += ["", "### Known problems", "", rule.known_problems.strip()]
    refs = rule.references or loaded.pack.references
    if refs:
        lines += ["", "### References", ""]
        lines += [f"- <{r}>" if r.startswith("http") else f"- {r}" for r in refs]
    return "\n".join(lines) + "\n"
