"""Hostile rule packs and configuration: refused or contained, each with one line on
stderr and exit code 2, never a hang or a traceback."""

from __future__ import annotations

import os
import pickle
import random
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.engine.ruleset import load_packs, read_pack
from cliniclint.errors import PatternTimeout
from cliniclint.matching.compiled import LazyPattern
from cliniclint.matching.matchers import BASE_SECONDS, SECONDS_PER_CHAR, PatternClock
from cliniclint.packs.locations import bundled_pack_files
from cliniclint.packs.patternbudget import CAP, LIMIT, expansion
from cliniclint.packs.yamlsource import MAX_DEPTH, SourceError
from support import CORE_PACK

CLI = Callable[..., Result]
PACK_HEAD = 'pack: hostile\ntitle: Hostile\nversion: "1"\n'
BOMB = 'a: &a ["x","x"]\nb: &b [*a,*a]\nc: &c [*b,*b]\n'


def one_error(result: Result) -> str:
    """The single error line of a failed run."""
    assert result.exit_code == 2, result.output
    lines = result.output.splitlines()
    assert len(lines) == 1, result.output
    assert "Traceback" not in result.output
    return lines[0]


def page(folder: Path, text: str = "A miracle.\n", name: str = "page.md") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# --- YAML: aliases, tags, nesting -------------------------------------------------


def test_alias_bomb_in_a_config_file_is_refused(cli: CLI, tmp_path: Path) -> None:
    (tmp_path / ".cliniclint.yaml").write_text("fail_on: error\n" + BOMB)
    target = page(tmp_path)
    line = one_error(cli("lint", str(target)))
    assert line == (
        f"cliniclint: error: {tmp_path / '.cliniclint.yaml'}:2:4: "
        "YAML anchors and aliases are not allowed here"
    )


def test_object_tags_in_a_config_file_are_refused(cli: CLI, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    (tmp_path / ".cliniclint.yaml").write_text(
        f"fail_on: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    line = one_error(cli("lint", str(page(tmp_path))))
    assert line.startswith(
        f"cliniclint: error: {tmp_path / '.cliniclint.yaml'}:1:10: "
        "could not determine a constructor"
    )
    assert not marker.exists()


@pytest.mark.parametrize(
    "where",
    ["description: ", "terms:\n  t: ", "rules:\n  - id: r\n    phrases: "],
)
def test_deeply_nested_yaml_in_a_pack_is_refused(tmp_path: Path, where: str) -> None:
    pack = tmp_path / "pack.yaml"
    pack.write_text(PACK_HEAD + where + "[" * 50_000 + "]" * 50_000 + "\n")
    with pytest.raises(SourceError) as info:
        load_packs([pack], bundled=False)
    assert info.value.message == f"YAML nested more than {MAX_DEPTH} levels deep"
    assert info.value.path == str(pack)


def test_deeply_nested_config_files_are_refused(cli: CLI, tmp_path: Path) -> None:
    target = page(tmp_path)
    (tmp_path / ".cliniclint.yaml").write_text(
        "ignore:\n" + "".join(" " * i + "-\n" for i in range(1, 200))
    )
    line = one_error(cli("lint", str(target)))
    assert line.endswith(f"YAML nested more than {MAX_DEPTH} levels deep")
    (tmp_path / ".cliniclint.yaml").unlink()
    (tmp_path / "pyproject.toml").write_text(
        "[tool.cliniclint]\nignore = " + "[" * 5000 + "]" * 5000 + "\n"
    )
    line = one_error(cli("lint", str(target)))
    assert line == f"cliniclint: error: {tmp_path / 'pyproject.toml'}: " + (
        "TOML nested too deeply"
    )


def test_deeply_nested_baseline_is_refused(cli: CLI, tmp_path: Path) -> None:
    baseline = tmp_path / "baseline.json"
    baseline.write_text("[" * 100_000 + "]" * 100_000)
    target = page(tmp_path)
    args = ("lint", "--isolated", "--no-bundled", "--pack", str(CORE_PACK))
    line = one_error(cli(*args, "--baseline", str(baseline), str(target)))
    assert line == f"cliniclint: error: {baseline}: JSON nested too deeply"


# --- catastrophic regular expressions -----------------------------------------------

SLOW = "(a+)+$"
SLOW_PAGE = "A miracle " + "a" * 5000 + "!\n"
RULES = {
    "pattern": "    kind: pattern\n    pattern: '{slow}'\n",
    "exceptions": (
        "    kind: phrase\n    phrases: [miracle]\n    exceptions: ['{slow}']\n"
    ),
    "unless": "    kind: phrase\n    phrases: [miracle]\n    unless: ['{slow}']\n",
    "hedges": "    kind: phrase\n    phrases: [miracle]\n    hedges: ['{slow}']\n",
    "when": "    kind: required\n    when: ['{slow}']\n    any_of: [never]\n",
    "any_of": "    kind: required\n    when: [miracle]\n    any_of: ['{slow}']\n",
}


def hostile_pack(folder: Path, key: str, slow: str = SLOW) -> Path:
    rule = (
        "  - id: slow-rule\n"
        "    category: hype-language\n"
        + RULES[key].format(slow=slow)
        + "    message: m\n    why: w\n    advice: a\n"
        "    examples: {bad: [x], good: [y]}\n"
    )
    path = folder / "hostile.yaml"
    path.write_text(PACK_HEAD + "rules:\n" + rule, encoding="utf-8")
    return path


@pytest.fixture
def quick_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """A short time limit, so that each case takes a fraction of a second."""
    monkeypatch.setattr("cliniclint.matching.matchers.BASE_SECONDS", 0.2)


@pytest.mark.usefixtures("quick_limit")
@pytest.mark.parametrize("key", list(RULES))
def test_a_catastrophic_pattern_is_an_error_naming_rule_and_file(
    cli: CLI, tmp_path: Path, key: str
) -> None:
    pack = hostile_pack(tmp_path, key)
    target = page(tmp_path, SLOW_PAGE)
    line = one_error(cli("lint", "--isolated", "--no-bundled", "--pack", str(pack),
                         str(target)))  # fmt: skip
    assert line.startswith(
        f"cliniclint: error: {pack}: rule 'slow-rule': a pattern in `{key}` "
        f"ran longer than "
    )
    assert line.endswith(f" s on {target} (catastrophic backtracking?)")


@pytest.mark.usefixtures("quick_limit")
def test_a_catastrophic_commercial_pattern_is_an_error(
    cli: CLI, tmp_path: Path
) -> None:
    pack = tmp_path / "hostile.yaml"
    pack.write_text(
        PACK_HEAD
        + f"context:\n  commercial: ['{SLOW}']\nrules:\n"
        + "  - id: selling\n    category: hype-language\n    kind: phrase\n"
        "    phrases: [miracle]\n    commercial_severity: error\n"
        "    message: m\n    why: w\n    advice: a\n"
        "    examples: {bad: [x], good: [y]}\n",
        encoding="utf-8",
    )
    target = page(tmp_path, SLOW_PAGE)
    line = one_error(cli("lint", "--isolated", "--no-bundled", "--pack", str(pack),
                         str(target)))  # fmt: skip
    assert line.startswith(
        f"cliniclint: error: {target}: a `context.commercial` pattern '{SLOW}' "
        "ran longer than "
    )


@pytest.mark.usefixtures("quick_limit")
def test_rules_test_and_eval_stop_on_a_catastrophic_pattern(
    cli: CLI, tmp_path: Path
) -> None:
    pack = hostile_pack(tmp_path, "unless")
    text = pack.read_text().replace("bad: [x]", f"bad: ['{SLOW_PAGE.strip()}']")
    pack.write_text(text)
    line = one_error(cli("rules", "test", "--no-bundled", str(pack)))
    assert "rule 'slow-rule': a pattern in `unless` ran longer than" in line
    records = tmp_path / "records.jsonl"
    records.write_text(f'{{"text": "{SLOW_PAGE.strip()}"}}\n')
    line = one_error(cli("eval", "--no-bundled", "--pack", str(pack), str(records)))
    assert "rule 'slow-rule': a pattern in `unless` ran longer than" in line


@pytest.mark.slow
def test_the_default_limit_stops_a_real_run(tmp_path: Path) -> None:
    pack = hostile_pack(tmp_path, "pattern")
    target = page(tmp_path, SLOW_PAGE)
    other = page(tmp_path, "Plain.\n", "other.md")
    proc = subprocess.run(
        [sys.executable, "-m", "cliniclint", "lint", "--isolated", "--no-bundled",
         "--pack", str(pack), str(target), str(other)],
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stdout == ""
    # 1 s, and 20 microseconds for each of the page's 5,000 characters.
    assert proc.stderr == (
        f"cliniclint: error: {pack}: rule 'slow-rule': a pattern in `pattern` ran "
        f"longer than 1.1 s on {target} (catastrophic backtracking?)\n"
    )


def test_the_limit_grows_with_the_text_and_is_shared_by_a_rules_patterns() -> None:
    clock = PatternClock("page.md", 1_000_000)
    assert clock.limit == pytest.approx(BASE_SECONDS + 1_000_000 * SECONDS_PER_CHAR)
    quick = LazyPattern("a", "regex")
    assert clock.search(0, None, "when", quick, "xa")
    clock._spent[0] = clock.limit  # the rule has used its budget on this document
    with pytest.raises(PatternTimeout):
        clock.search(0, None, "when", quick, "xa")
    assert clock.search(1, None, "when", quick, "xa")  # another rule's budget


def test_pattern_timeouts_survive_a_worker_process() -> None:
    error = PatternTimeout("pack.yaml", "slow-rule", "unless", "page.md", 1.5, SLOW)
    copy = pickle.loads(pickle.dumps(error))
    assert isinstance(copy, PatternTimeout)
    assert str(copy) == str(error)
    assert copy.rule_id == "slow-rule"
    plain = pickle.loads(pickle.dumps(SourceError("a.yaml", 3, 4, "bad")))
    assert str(plain) == "a.yaml:3:4: bad"


# --- the compile budget -------------------------------------------------------------

BOMB_PATTERN = "(?:(?:(?:a{1000}){1000}){1000})"
RULE_TAIL = (
    "    message: m\n    why: w\n    advice: a\n    examples: {bad: [x], good: [y]}\n"
)


def lint_in_a_small_process(
    folder: Path, *args: str
) -> subprocess.CompletedProcess[str]:
    """``cliniclint lint`` from ``folder`` with 2 GB of address space, so that a
    pattern the compiler would write out in full fails instead of taking the
    machine's memory."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))

    return subprocess.run(
        [sys.executable, "-m", "cliniclint", "lint", *args],
        cwd=folder, preexec_fn=limit, capture_output=True, text=True, timeout=120,
        check=False, env={**os.environ, "CLINICLINT_CACHE_DIR": ""},
    )  # fmt: skip


def test_a_repo_pack_over_the_compile_budget_is_an_error_at_its_line(
    tmp_path: Path,
) -> None:
    (tmp_path / "packs").mkdir()
    pack = tmp_path / "packs" / "house.yaml"
    pack.write_text(
        PACK_HEAD + "rules:\n  - id: bomb\n    category: hype-language\n"
        f"    kind: pattern\n    pattern: '{BOMB_PATTERN}'\n" + RULE_TAIL
    )
    (tmp_path / ".cliniclint.yaml").write_text("packs: [default, ./packs]\n")
    page(tmp_path)
    proc = lint_in_a_small_process(tmp_path, "page.md")
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr == (
        f"cliniclint: error: {pack}:8:14: regular expression {BOMB_PATTERN!r} is "
        "over the compile budget: its counted repeats write out 999,999,999 more "
        "items (at most 20,000)\n"
    )


def test_a_term_list_repeated_past_the_budget_is_an_error(tmp_path: Path) -> None:
    terms = ", ".join(f"treatment{i}" for i in range(1000))
    pack = tmp_path / "house.yaml"
    head = PACK_HEAD + f"terms:\n  cures: {{terms: [{terms}]}}\nrules:\n"
    rule = "  - id: cure\n    category: hype-language\n    kind: pattern\n"
    pack.write_text(head + rule + "    pattern: '{{cures}}'\n" + RULE_TAIL)
    page(tmp_path, "We offer treatment7.\n")
    once = lint_in_a_small_process(tmp_path, "--no-bundled", "--pack", str(pack),
                                   "--format", "concise", "page.md")  # fmt: skip
    assert (once.returncode, once.stdout) == (0, "page.md:1:10: info [cure] m\n")
    pack.write_text(
        head + rule + "    pattern: '(?:{{cures}}\\s*){0,40}'\n" + RULE_TAIL
    )
    proc = lint_in_a_small_process(tmp_path, "--no-bundled", "--pack", str(pack),
                                   "page.md")  # fmt: skip
    assert proc.returncode == 2
    # 12,890 items for the terms (10 to 12 characters and a separator each), two
    # for ``\\s*``, written out 39 more times.
    assert proc.stderr == (
        f"cliniclint: error: {pack}:10:14: regular expression "
        "'(?:{{cures}}\\\\s*){0,40}' is over the compile budget: its counted "
        "repeats write out 502,788 more items (at most 20,000)\n"
    )


def test_a_pack_s_patterns_together_have_a_budget(tmp_path: Path) -> None:
    alternatives = "".join(f"      - 'x{i}{{19000}}'\n" for i in range(6))
    pack = tmp_path / "house.yaml"
    pack.write_text(
        PACK_HEAD + "rules:\n  - id: many\n    category: hype-language\n"
        "    kind: pattern\n    pattern:\n" + alternatives + RULE_TAIL
    )
    with pytest.raises(SourceError) as info:
        load_packs([pack], bundled=False)
    # Each alternative gains 18,999 items, within the budget of a pattern; the sixth
    # takes the pack past its own.
    assert str(info.value) == (
        f"{pack}:14:9: with this regular expression the pack is over its compile "
        "budget: its patterns' counted repeats write out 113,994 more items (at most "
        "100,000 for a pack)"
    )
    pack.write_text(pack.read_text().replace("      - 'x5{19000}'\n", ""))
    assert [r.id for _, r in load_packs([pack], bundled=False).rules()] == ["many"]


@pytest.mark.parametrize(
    ("pattern", "extra"),
    [
        ("miracle", 0),
        ("a{3}", 2),
        ("ab{3}", 2),  # the quantifier repeats the last character only
        ("(?:ab){3}", 4),
        ("(?:ab|c){3}", 6),  # every branch counts
        ("a{2,5}", 4),  # the upper bound
        ("a{,5}", 4),
        ("a{7,}", 6),  # unbounded: the minimum
        ("a*b+c?", 0),
        ("[a{9}]{3}", 2),  # braces in a class are characters
        (r"\{9}", 0),  # an escaped brace
        (r"\d{9}", 8),
        (r"\p{L}{3}", 40),
        ("(?#{99999999})a", 0),  # a comment
        ("(?:(?:a{10}){10}){10}", 999),
        (r"(?:\p{L}|\d){3}", 42),  # a property counts 20 items: a set of 30 kB
        (r"[\p{L}\d]{3}", 40),
        ("(?s:.){0,9}", 8),  # the group's flags are not items
        ("{{list}}{3}", 2),
        ("(?:a{4294967295}){4294967295}", CAP - 1),  # capped
    ],
)
def test_the_written_out_size_of_a_pattern(pattern: str, extra: int) -> None:
    assert expansion(pattern) == extra


def test_term_lists_count_at_their_size_and_bundled_patterns_fit() -> None:
    assert expansion("(?:{{t}}|x){3}", {"t": 50}) == 102
    assert expansion("{{t}}", {"t": 50}) == 0
    bundled = [read_pack(path).pack for path in bundled_pack_files()]
    patterns = [p for pack in bundled for rule in pack.rules for p in rule.patterns()]
    patterns += [p for pack in bundled for p in pack.context.commercial]
    assert max(expansion(p) for p in patterns) < LIMIT // 10


# --- paths outside the configuration's folder ----------------------------------------

OUTSIDE = (
    "is outside this file's folder (allow it with `allow_outside_paths: true` "
    "in this file, or --allow-outside-paths)"
)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """site/ holds the config and a page; beside it, shared/ holds a pack and
    configs/ a config to extend."""
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "core.yaml").write_text(CORE_PACK.read_text(encoding="utf-8"))
    (tmp_path / "configs").mkdir()
    (tmp_path / "configs" / "base.yaml").write_text("fail_on: info\n")
    site = tmp_path / "site"
    site.mkdir()
    page(site)
    return site


def lint_site(cli: CLI, site: Path, *flags: str) -> Result:
    args = ("--format", "concise", "--no-bundled", *flags)
    return cli("lint", *args, str(site / "page.md"))


@pytest.mark.parametrize(
    ("config", "line", "what"),
    [
        ("extends: ../configs/base.yaml\n", 1, "extends: '../configs/base.yaml'"),
        ("fail_on: error\npacks: [../shared/core.yaml]\n", 2, "pack "),
        ("packs:\n  - default\n  - ../shared\n", 3, "pack '../shared'"),
        ("fail_on: never\nbaseline: ../b.json\n", 2, "baseline '../b.json'"),
    ],
)
def test_config_paths_outside_its_folder_are_refused_unless_allowed(
    cli: CLI, project: Path, config: str, line: int, what: str
) -> None:
    path = project / ".cliniclint.yaml"
    # A baseline of no findings, for the run that allows it.
    assert cli("baseline", "write", str(project.parent / "b.json"), "--isolated",
               "--no-bundled", "--pack", str(CORE_PACK), str(project.parent / "configs")
               ).exit_code == 0  # fmt: skip
    path.write_text(config)
    error = one_error(lint_site(cli, project))
    assert error.startswith(f"cliniclint: error: {path}:{line}: {what}")
    assert error.endswith(OUTSIDE)
    assert one_error(cli("config", "show", str(project))) == error
    allowed = lint_site(cli, project, "--allow-outside-paths")
    assert allowed.exit_code in (0, 1), allowed.output
    path.write_text(config + "allow_outside_paths: true\n")
    assert lint_site(cli, project).output == allowed.output


def test_absolute_and_linked_pack_paths_are_checked_where_they_lead(
    cli: CLI, project: Path
) -> None:
    shared = project.parent / "shared"
    config = project / ".cliniclint.yaml"
    config.write_text(f"packs: [{shared / 'core.yaml'}]\n")
    assert one_error(lint_site(cli, project)).endswith(OUTSIDE)
    (project / "rules").symlink_to(shared)
    config.write_text("packs: [./rules/core.yaml]\n")
    assert one_error(lint_site(cli, project)).endswith(OUTSIDE)
    (project / "rules").unlink()
    (project / "rules").mkdir()
    (project / "rules" / "core.yaml").write_text(CORE_PACK.read_text())
    result = lint_site(cli, project)
    assert result.output.splitlines()[0].endswith("[hype-word] “miracle” is hype.")


def test_allowing_outside_paths_is_decided_file_by_file(
    cli: CLI, project: Path
) -> None:
    (project.parent / "configs" / "base.yaml").write_text(
        "allow_outside_paths: true\npacks: [../site/extra.yaml]\n"
    )
    (project / "extra.yaml").write_text(CORE_PACK.read_text())
    config = project / ".cliniclint.yaml"
    # The base may reach back into site/, but site's file may not reach the base.
    config.write_text("extends: ../configs/base.yaml\n")
    assert one_error(lint_site(cli, project)).endswith(OUTSIDE)
    config.write_text("extends: ../configs/base.yaml\nallow_outside_paths: true\n")
    result = lint_site(cli, project)
    assert "[hype-word]" in result.output
    # An outside file is refused before it is read: a missing one is not looked for.
    config.write_text("extends: ../nowhere/base.yaml\n")
    assert one_error(lint_site(cli, project)).endswith(OUTSIDE)


# --- very large packs ---------------------------------------------------------------

# CI loads 2,000 rules with 2,000 phrases; CLINICLINT_BIG_PACK_PHRASES=50000 (with -s)
# measures a 50,000-phrase pack (about 40 s on two cores).
BIG_RULES = 2000
BIG_PHRASES = int(os.environ.get("CLINICLINT_BIG_PACK_PHRASES", "2000"))
MEASURE = """
import resource, sys, time
from pathlib import Path
started = time.perf_counter()
from cliniclint.documents import read_document
from cliniclint.engine import compile_rules
from cliniclint.engine.linter import lint_document
from cliniclint.engine.ruleset import load_packs
imported = time.perf_counter()
packs = load_packs([Path(sys.argv[1])], bundled=False)
loaded = time.perf_counter()
rules = compile_rules(packs)
compiled = time.perf_counter()
text = "The clinic is open daily. " * 400 + sys.argv[2] + "."
found = lint_document(read_document("page.md", text), rules)
linted = time.perf_counter()
print(len(rules.rules), len(rules.phrase_index), [f.match for f in found])
print(f"load {loaded - imported:.1f} s, compile {compiled - loaded:.1f} s, "
      f"lint 10 kB {linted - compiled:.2f} s, peak memory "
      f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MiB")
"""


def big_pack(folder: Path, rules: int, phrases: int) -> tuple[Path, str]:
    """A pack of ``rules`` phrase rules sharing ``phrases`` distinct phrases."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    seen: set[str] = set()
    while len(seen) < phrases:
        words = [
            "".join(rng.choice(letters) for _ in range(rng.randint(4, 9)))
            for _ in range(rng.randint(1, 3))
        ]
        seen.add(" ".join(words))
    ordered = sorted(seen)
    lines = [PACK_HEAD.rstrip("\n"), "rules:"]
    for r in range(rules):
        mine = ordered[r::rules]
        lines += [
            f"  - id: rule-{r}",
            "    category: hype-language",
            "    kind: phrase",
            f"    phrases: [{', '.join(mine)}]",
            "    message: m",
            "    why: w",
            "    advice: a",
            "    examples: {bad: [x], good: [y]}",
        ]
    path = folder / "big.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path, ordered[-1]


@pytest.mark.slow
def test_a_very_large_pack_loads_and_lints_in_bounded_time(tmp_path: Path) -> None:
    pack, last = big_pack(tmp_path, BIG_RULES, BIG_PHRASES)
    proc = subprocess.run(
        [sys.executable, "-c", MEASURE, str(pack), last],
        capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    counts, figures = proc.stdout.splitlines()
    assert counts == f"{BIG_RULES} {BIG_PHRASES} [{last!r}]"
    print(f"\n{BIG_RULES} rules, {BIG_PHRASES} phrases: {figures}")


def test_packs_baselines_and_records_must_be_regular_files(
    cli: CLI, tmp_path: Path
) -> None:
    fifo = tmp_path / "pack.yaml"
    os.mkfifo(fifo)  # reading it would wait for ever; /dev/zero never ends
    target = page(tmp_path)
    for pack in (fifo, Path("/dev/zero")):
        line = one_error(cli("lint", "--isolated", "--pack", str(pack), str(target)))
        assert line == f"cliniclint: error: {pack}: not a regular file"
    line = one_error(cli("rules", "list", "--pack", str(fifo)))
    assert line == f"cliniclint: error: {fifo}: not a regular file"
    args = ("lint", "--isolated", "--no-bundled", "--pack", str(CORE_PACK))
    line = one_error(cli(*args, "--baseline", "/dev/zero", str(target)))
    assert line == "cliniclint: error: /dev/zero: not a regular file"
    line = one_error(cli("eval", "--no-bundled", "--pack", str(CORE_PACK), str(fifo)))
    assert line == f"cliniclint: error: {fifo}: not a regular file"
