"""Rule documentation in the manner of Ruff's rule pages, generated from the packs."""

from __future__ import annotations

from cliniclint.engine.ruleset import LoadedPack, PackSet
from cliniclint.findings import GLOBAL, Reference
from cliniclint.kinds import KIND_OF
from cliniclint.kinds.shapes import Rule
from cliniclint.matching.facts import FACTS
from cliniclint.matching.languages import DEFAULT, language
from cliniclint.packs import taxonomy
from cliniclint.packs.citations import category_reference
from cliniclint.packs.schema import SPAN_MARKER, SentenceRule
from cliniclint.review.suppressions import CATEGORY, TOOL_RULES, ToolRule


def _what(rule: Rule) -> str:
    """What the rule looks for, in words: phrases and term lists, never regexes."""
    return KIND_OF[rule.kind].describe(rule)


def _fact(name: str) -> str:
    return f"- `{name}`: {' '.join(FACTS[name].summary.split())}"


def _facts(rule: Rule) -> list[str]:
    """The named sentence facts that silence or lower the rule, each explained."""
    lines: list[str] = []
    quiet = rule.unless_facts
    if quiet:
        lines += ["Stays quiet when the sentence is:", ""]
        lines += [_fact(name) for name in quiet]
    lower = rule.lower_facts
    if lower:
        lines += ([""] if lines else []) + ["Reported one level lower when:", ""]
        lines += [_fact(name) for name in lower]
    return lines


def _patterns(rule: Rule) -> list[str]:
    """The rule's regular expressions, folded away: for pack authors."""
    found = list(rule.located_patterns())
    if not found:
        return []
    lines = ["<details><summary>Patterns (for pack authors)</summary>", ""]
    for where, pattern in found:
        lines.append(f"- `{where[0]}`: `` {pattern} ``")
    return [*lines, "", "</details>"]


def _marked(text: str) -> str:
    """An example with its ``[[span]]`` markers shown in bold."""
    return SPAN_MARKER.sub(lambda m: f"**{m.group(1)}**", " ".join(text.split()))


def rule_markdown(
    loaded: LoadedPack,
    rule: Rule,
    packs: PackSet,
    level: int = 2,
    *,
    patterns: bool = True,
) -> str:
    """A rule's page: its summary, facts, examples and rewrites; with ``patterns``,
    its regular expressions in a folded block at the end of "What it does"."""
    cat = taxonomy.BY_ID[rule.category]
    h = "#" * level
    # How the page's genre changes the severity.
    by_genre = (
        f" (`{rule.commercial_severity}` on a selling page)"
        if rule.commercial_severity
        else ""
    )
    if isinstance(rule, SentenceRule) and rule.informing_pages == "skip":
        by_genre += ", none on an informing page"
    lines = [
        f"{h} {rule.id}",
        "",
        f"Pack `{loaded.pack.pack}` {loaded.pack.version} · category `{rule.category}` "
        f"({cat.title}) · kind `{rule.kind}` · severity `{rule.default_severity.label}`"
        + by_genre
        + f" · fix `{rule.fix}` · jurisdiction `{packs.jurisdiction(loaded, rule)}`",
        "",
        f"{h}# What it does",
        "",
        *([rule.summary, ""] if rule.summary else []),
        _what(rule),
        "",
        f"Message: {rule.message}",
        "",
        *([*facts, ""] if (facts := _facts(rule)) else []),
        *([*shown, ""] if patterns and (shown := _patterns(rule)) else []),
        f"{h}# Why is this bad?",
        "",
        rule.why.strip(),
        "",
        f"{h}# Example",
        "",
    ]
    for bad in rule.examples.bad:
        lines.append(f"- ✗ {_marked(bad.text)}")
        if bad.fixed is not None:
            lines.append(f"  - fixed: {bad.fixed}")
    lines += ["", f"{h}# Use instead / stays quiet", ""]
    lines += [f"- ✓ {' '.join(good.split())}" for good in rule.examples.good]
    lines += ["", f"{h}# Fix", ""]
    lines += [f"- Sentence rewritten as: {r}" for r in rule.rewrites]
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
        lines += ["", f"{h}# Known problems", "", rule.known_problems.strip()]
    lines += ["", f"{h}# References", ""]
    lines += [_reference(r) for r in packs.references(loaded, rule)]
    return "\n".join(lines) + "\n"


def _reference(reference: Reference) -> str:
    """A source as a list item: its title, linked to its URL."""
    title = _cell(reference.title).replace("[", "\\[").replace("]", "\\]")
    if reference.url.startswith(("https://", "http://")):
        return f"- [{title}]({reference.url.replace(')', '%29')})"
    return f"- {title}: {reference.url}"


def tool_rule_markdown(tool: ToolRule, level: int = 2) -> str:
    """The page of one of cliniclint's own checks (on suppression comments)."""
    h = "#" * level
    return "\n".join(
        [
            f"{h} {tool.id}",
            "",
            f"cliniclint's own check · category `{CATEGORY}` · severity "
            f"`{tool.severity.label}` · jurisdiction `{GLOBAL}`",
            "",
            f"{h}# What it does",
            "",
            f"{tool.title}.",
            "",
            f"{h}# Why is this bad?",
            "",
            tool.why,
            "",
            f"{h}# Fix",
            "",
            tool.advice,
            "",
        ]
    )


def _categories(packs: PackSet) -> list[str]:
    """Each category of the claims taxonomy, with the loaded rules in it: the page a
    rule that cites no source of its own refers to."""
    lines = [
        "",
        '<a id="categories"></a>',
        "",
        "## Categories",
        "",
        "The claims taxonomy. A rule that cites no source of its own (a pack may "
        "leave `references` out) cites its category here; the bundled rules of the "
        "category cite the regulatory sources.",
    ]
    by_category: dict[str, list[str]] = {}
    for _, rule in packs.rules():
        by_category.setdefault(rule.category, []).append(rule.id)
    for category in taxonomy.CATEGORIES:
        anchor = category_reference(category.id).url.rpartition("#")[2]
        rules = ", ".join(f"[`{r}`](#{r})" for r in by_category.get(category.id, []))
        lines += [
            "",
            f'<a id="{anchor}"></a>',
            "",
            f"### {category.title} (`{category.id}`)",
            "",
            f"Judged per {category.level}; default severity "
            f"`{category.default_severity}`. Bundled rules: {rules or 'none'}.",
        ]
    return lines


def _tool_rules() -> list[str]:
    lines = [
        "",
        '<a id="own-checks"></a>',
        "",
        "## cliniclint's own checks",
        "",
        "Findings about suppression comments (category `suppression`), reported by "
        "cliniclint itself; they cannot be suppressed (see the README's Inline "
        "suppressions section).",
        "",
    ]
    lines.extend(tool_rule_markdown(tool, level=3) for tool in TOOL_RULES.values())
    return lines


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _pack_languages(packs: PackSet) -> list[str]:
    """The packs' languages, the default first."""
    found = {loaded.pack.language for loaded in packs.packs}
    return sorted(found, key=lambda code: (code != DEFAULT, code))


def packs_markdown(packs: PackSet) -> str:
    """One Markdown page for every loaded pack: an index, then each rule's page, then
    the shared term lists."""
    lines = [
        "# cliniclint rules",
        "",
        "<!-- Generated by `cliniclint rules docs` from the packs in rules/; "
        "do not edit by hand. -->",
        "",
        "Every rule belongs to one category of the claims taxonomy. Severities are the "
        "defaults; a rule with a selling-page severity is raised on a page that sells "
        "the treatment (a consultation to book, prices, a phone call to action). "
        "Profile packs load only with `--profile NAME`. A pack runs only on text in "
        "its language (see the README's Languages section).",
        "",
        "## Contents",
    ]
    for code in _pack_languages(packs):
        lines += ["", f"{language(code).name} (`{code}`):", ""]
        for loaded in packs.packs:
            pack = loaded.pack
            if pack.language != code:
                continue
            profile = f" (profile `{pack.profile}`)" if pack.profile else ""
            lines.append(f"- [{pack.title}](#pack-{pack.pack}){profile}")
            lines.extend(f"  - [`{rule.id}`](#{rule.id})" for rule in pack.rules)
    lines.append("- [cliniclint's own checks](#own-checks)")
    lines.append("- [Categories](#categories)")
    if packs.terms:
        lines.append("- [Term lists](#term-lists)")
    lines += [
        "",
        "| rule | category | kind | severity | selling page | pack |",
        "|---|---|---|---|---|---|",
    ]
    for loaded, rule in packs.rules():
        lines.append(
            f"| [`{rule.id}`](#{rule.id}) | `{rule.category}` | {rule.kind} | "
            f"{rule.default_severity.label} | {rule.commercial_severity or ''} | "
            f"`{loaded.pack.pack}` |"
        )
    for loaded in packs.packs:
        pack = loaded.pack
        lines += ["", f'<a id="pack-{pack.pack}"></a>', "", f"## {pack.title}", ""]
        meta = f"Pack `{pack.pack}` version {pack.version}, language `{pack.language}`"
        if pack.profile:
            meta += f", loaded with `--profile {pack.profile}`"
        lines += [meta + ".", ""]
        if pack.description:
            lines += [" ".join(pack.description.split()), ""]
        for rule in pack.rules:
            lines.append(rule_markdown(loaded, rule, packs, level=3))
    lines += _tool_rules()
    lines += _categories(packs)
    if packs.terms:
        lines += ["", "## Term lists", ""]
        lines.append(
            "Named lists shared by every loaded pack; claim rules combine them and "
            "patterns use them as `{{name}}`."
        )
        for name, terms in packs.terms.items():
            lines += ["", f'<a id="terms-{name}"></a>', "", f"### {name}", ""]
            if terms.description:
                lines += [" ".join(terms.description.split()), ""]
            inflect = " (with inflected forms)" if terms.inflect else ""
            lines.append(
                f"{len(terms.terms)} terms{inflect}: "
                + ", ".join(f"“{_cell(t)}”" for t in terms.terms)
            )
    return "\n".join(lines).rstrip() + "\n"
