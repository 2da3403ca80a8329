"""Configuration files: discovery, extends, validation errors, flags, `config show`."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.config.discovery import find_config, read_config, settings_from
from cliniclint.config.globs import glob_matches
from cliniclint.packs.yamlsource import SourceError
from support import CORE_PACK

CLI = Callable[..., Result]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


TEXT = "A miracle. A cure. A clinically proven one.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A folder with the test pack and a page that has a hype word, a cure promise and
    a clinically-proven claim."""
    shutil.copy(CORE_PACK, tmp_path / "core.yaml")
    write(tmp_path / "content" / "page.md", TEXT)
    return tmp_path


def concise(cli: CLI, *args: str, **kwargs: str) -> Result:
    return cli("lint", "--format", "concise", *args, **kwargs)


def rules_in(result: Result) -> list[str]:
    return [line.split("[")[1].split("]")[0] for line in result.output.splitlines()]


# --- discovery ------------------------------------------------------------------------


def test_closest_file_wins_and_is_not_merged(tmp_path: Path) -> None:
    outer = write(tmp_path / ".cliniclint.yaml", "fail_on: error\n")
    inner = write(
        tmp_path / "a" / "pyproject.toml", "[tool.cliniclint]\nselect = ['x']\n"
    )
    write(
        tmp_path / "a" / "b" / "pyproject.toml", "[project]\nname = 'cliniclint-site'\n"
    )
    (tmp_path / "a" / "b" / "c").mkdir()
    assert find_config(tmp_path / "a" / "b" / "c") == inner
    assert find_config(tmp_path / "a" / "b" / "c" / "page.md") == inner
    assert find_config(tmp_path) == outer
    settings = settings_from(find_config(tmp_path / "a" / "b"))
    assert settings.fail_on.value == "warning"  # the outer file is not merged
    assert settings.select.value == ("x",)


def test_yaml_file_is_preferred_to_pyproject_in_one_folder(tmp_path: Path) -> None:
    write(tmp_path / "pyproject.toml", "[tool.cliniclint]\nfail_on = 'info'\n")
    yaml_file = write(tmp_path / ".cliniclint.yaml", "fail_on: error\n")
    assert find_config(tmp_path) == yaml_file


def test_a_pyproject_is_read_again_once_it_changes(tmp_path: Path) -> None:
    # Its answer is remembered for the folders below it, by the file's stat: a
    # long-lived server must see the table once it is added.
    project = "[project]\nname = 'cliniclint-site'\n"
    pyproject = write(tmp_path / "pyproject.toml", project)
    folder = tmp_path / "content"
    folder.mkdir()
    assert find_config(folder) is None
    write(pyproject, project + "[tool.cliniclint]\nfail_on = 'info'\n")
    assert find_config(folder) == pyproject
    assert find_config(tmp_path) == pyproject


def test_a_configuration_applies_to_the_files_below_it_only(
    cli: CLI, site: Path
) -> None:
    write(
        site / "content" / ".cliniclint.yaml",
        "packs: [../core.yaml]\nallow_outside_paths: true\n",
    )
    other = write(site / "other" / "x.md", "A miracle.\n")
    # other/ has no configuration: only the bundled packs could load, and
    # --no-bundled leaves none; content's files get content's packs.
    result = concise(cli, "--no-bundled", str(site / "content"), str(other))
    assert rules_in(result) == ["hype-word", "cure-promise", "proven-overstatement"]
    assert concise(cli, "--no-bundled", str(other)).output == ""


def test_stdin_uses_the_folder_of_stdin_filename(cli: CLI, site: Path) -> None:
    write(site / ".cliniclint.yaml", "packs: [./core.yaml]\nignore: [cure-promise]\n")
    name = str(site / "content" / "new.md")
    result = concise(cli, "--stdin-filename", name, "-", input="A miracle cure.\n")
    assert result.output == f"{name}:1:3: info [hype-word] “miracle” is hype.\n"


# --- keys -----------------------------------------------------------------------------


def test_select_ignore_rules_and_fail_on(cli: CLI, site: Path) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\n"
        "ignore: cure-promise\n"
        "rules:\n"
        "  hype-word: error\n"
        "  proven-overstatement: off\n"
        "fail_on: error\n",
    )
    page = site / "content" / "page.md"
    result = concise(cli, str(page))
    assert result.output == f"{page}:1:3: error [hype-word] “miracle” is hype.\n"
    assert result.exit_code == 1
    assert concise(cli, "--fail-on", "never", str(page)).exit_code == 0


def test_false_means_off(cli: CLI, site: Path) -> None:
    write(
        site / "pyproject.toml",
        "[tool.cliniclint]\n"
        'packs = ["./core.yaml"]\n'
        "[tool.cliniclint.rules]\n"
        "hype-word = false\n"
        'cure-promise = "off"\n',
    )
    assert rules_in(concise(cli, str(site / "content"))) == ["proven-overstatement"]


def test_cli_select_replaces_and_ignore_adds(cli: CLI, site: Path) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\n"
        "select: [hype-word, cure-promise]\n"
        "ignore: [hype-word]\n",
    )
    content = str(site / "content")
    assert rules_in(concise(cli, content)) == ["cure-promise"]
    assert rules_in(concise(cli, "--select", "proven-overstatement", content)) == [
        "proven-overstatement"
    ]
    assert rules_in(concise(cli, "--ignore", "cure-promise", content)) == []


def test_overrides_per_path(cli: CLI, site: Path) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\n"
        "overrides:\n"
        "  - files: ['legal/**']\n"
        "    ignore: [cure-promise]\n"
        "    rules: {hype-word: warning}\n"
        "  - files: ['*.txt']\n"
        "    select: [proven-overstatement]\n",
    )
    text = "A miracle. A cure. A clinically proven one.\n"
    legal = write(site / "legal" / "terms.md", text)
    notes = write(site / "content" / "notes.txt", text)
    result = concise(cli, str(site / "legal"), str(notes))
    assert result.output == (
        f"{legal}:1:3: warning [hype-word] “miracle” is hype.\n"
        f"{legal}:1:22: error [proven-overstatement] “clinically proven” overstates "
        "the evidence.\n"
        f"{notes}:1:22: error [proven-overstatement] “clinically proven” overstates "
        "the evidence.\n"
    )


def test_include_and_exclude(cli: CLI, site: Path) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\n"
        "include: ['*.md', '*.copy']\n"
        "exclude: [drafts, '**/old-*']\n",
    )
    keep = write(site / "a.copy", "A miracle.\n")
    write(site / "b.txt", "A miracle.\n")
    write(site / "drafts" / "c.md", "A miracle.\n")
    write(site / "content" / "old-d.md", "A miracle.\n")
    named = write(site / "drafts" / "e.md", "A miracle.\n")
    result = concise(cli, "--select", "hype-word", str(site), str(named))
    # Excluded files are skipped even when named (pre-commit names every file).
    assert [line.split(":")[0] for line in result.output.splitlines()] == [
        str(keep),
        str(site / "content" / "page.md"),
    ]


def test_pack_ids_and_paths_are_checked(cli: CLI, site: Path) -> None:
    config = write(
        site / ".cliniclint.yaml", "packs:\n  - ./core.yaml\n  - no-such-pack\n"
    )
    result = concise(cli, str(site / "content"))
    assert result.exit_code == 2
    assert result.output.startswith(
        f"cliniclint: error: {config}:3: unknown bundled pack 'no-such-pack' (known: "
    )
    write(config, "packs: [./missing.yaml]\n")
    result = concise(cli, str(site / "content"))
    assert result.output == (
        f"cliniclint: error: {config}:1: no such pack file or folder './missing.yaml'\n"
    )


def test_unknown_rule_in_rules_is_an_error(cli: CLI, site: Path) -> None:
    config = write(
        site / ".cliniclint.yaml", "packs: [./core.yaml]\nrules:\n  hype-wrod: off\n"
    )
    result = concise(cli, str(site / "content"))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {config}:3: unknown rule 'hype-wrod' in `rules`"
        " (did you mean 'hype-word'?)\n"
    )


@pytest.mark.parametrize(
    ("setting", "message"),
    [
        (
            "select: [cure-promis]",
            "unknown rule 'cure-promis' in `select` (did you mean 'cure-promise'?)",
        ),
        (
            "select: [category:cure]",
            "unknown category 'cure' in `select` (did you mean 'cure-claim'?)",
        ),
        (
            "ignore: [hype-wrd]",
            "unknown rule 'hype-wrd' in `ignore` (did you mean 'hype-word'?)",
        ),
        (
            "ignore: [pack:cor]",
            "unknown pack 'cor' in `ignore` (did you mean 'core-test'?)",
        ),
        (
            "ignore: [kind:phrase]",
            "'kind:phrase' in `ignore` is not a rule id, category:ID or pack:ID",
        ),
    ],
)
def test_unknown_names_in_select_and_ignore_are_errors(
    cli: CLI, site: Path, setting: str, message: str
) -> None:
    config = write(site / ".cliniclint.yaml", f"packs: [./core.yaml]\n{setting}\n")
    result = concise(cli, str(site / "content"))
    assert result.exit_code == 2
    assert result.output == f"cliniclint: error: {config}:2: {message}\n"


def test_an_unknown_name_in_a_flag_is_an_error(cli: CLI, site: Path) -> None:
    write(site / ".cliniclint.yaml", "packs: [./core.yaml]\n")
    result = concise(cli, "--select", "cure-clam", str(site / "content"))
    assert result.exit_code == 2
    assert result.output == (
        "cliniclint: error: --select: unknown rule 'cure-clam' (did you mean"
        " 'cure-promise'?)\n"
    )


def test_config_flag_and_isolated(cli: CLI, site: Path) -> None:
    write(site / ".cliniclint.yaml", "packs: [./core.yaml]\nselect: [hype-word]\n")
    other = write(
        site / "elsewhere.yaml", "packs: [./core.yaml]\nselect: [cure-promise]\n"
    )
    content = str(site / "content")
    assert rules_in(concise(cli, content)) == ["hype-word"]
    assert rules_in(concise(cli, "--config", str(other), content)) == ["cure-promise"]
    isolated = concise(
        cli, "--isolated", "--no-bundled", "--pack", str(CORE_PACK), content
    )
    assert rules_in(isolated) == ["hype-word", "cure-promise", "proven-overstatement"]
    both = concise(cli, "--isolated", "--config", str(other), content)
    assert both.exit_code == 2


def test_extends_merges_rules_and_appends_overrides(tmp_path: Path) -> None:
    base = write(
        tmp_path / "shared" / "base.yaml",
        "packs: [../core.yaml]\n"
        "ignore: [a]\n"
        "rules: {x: off, y: warning}\n"
        "overrides: [{files: ['*.txt'], ignore: [b]}]\n"
        "baseline: baseline.json\n"
        "allow_outside_paths: true\n",
    )
    child = write(
        tmp_path / "site" / ".cliniclint.yaml",
        "extends: ../shared/base.yaml\n"
        "ignore: [c]\n"
        "rules: {y: error}\n"
        "allow_outside_paths: true\n"
        "overrides: [{files: ['*.md'], ignore: [d]}]\n",
    )
    s = settings_from(child)
    assert s.chain == [base, child]
    assert s.ignore.value == ("c",)
    assert {k: v.value for k, v in s.rules.items()} == {"x": "off", "y": "error"}
    assert s.rules["x"].source == f"{base}:3"
    assert s.rules["y"].source == f"{child}:3"
    assert [o.files for o in s.overrides] == [("*.txt",), ("*.md",)]
    assert s.packs.value is not None
    assert s.packs.value[0].path == tmp_path / "core.yaml"
    assert s.baseline.value == tmp_path / "shared" / "baseline.json"
    rules = s.file_rules(str(tmp_path / "site" / "page.md"))
    assert rules.ignore == ("c", "d")


def test_extends_cycle_and_missing_file(tmp_path: Path) -> None:
    a = write(tmp_path / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "b.yaml", "extends: a.yaml\n")
    with pytest.raises(SourceError) as info:
        settings_from(a)
    assert (
        str(info.value)
        == f"{tmp_path / 'b.yaml'}:1: `extends` makes a cycle through {a}"
    )
    c = write(tmp_path / "c.yaml", "fail_on: info\nextends: nowhere.yaml\n")
    with pytest.raises(SourceError) as info:
        settings_from(c)
    assert str(info.value) == f"{c}:2: extends: no such file 'nowhere.yaml'"


# --- errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "where", "message"),
    [
        (
            ".cliniclint.yaml",
            "fail_on: error\nselekt: [x]\n",
            ":2",
            "unknown key 'selekt'",
        ),
        (
            ".cliniclint.yaml",
            "fail_on: sometimes\n",
            ":1",
            "fail_on: input should be 'error', 'warning', 'info' or 'never'",
        ),
        (
            ".cliniclint.yaml",
            "rules:\n  hype-word: loud\n",
            ":2",
            "rules.hype-word: input should be 'error', 'warning', 'info' or 'off'",
        ),
        (
            ".cliniclint.yaml",
            "overrides:\n  - rules: {}\n",
            ":2",
            "missing required key 'files'",
        ),
        (".cliniclint.yaml", "select: [a\n", ":2:1", "expected ',' or ']', but got"),
        (".cliniclint.yaml", "- a list\n", ":1", "a configuration must be a mapping"),
        (
            "pyproject.toml",
            "[project]\nname = 'x'\n\n"
            "[tool.cliniclint]\nfail_on = 'error'\nselekt = []\n",
            ":6",
            "unknown key 'selekt'",
        ),
        (
            "pyproject.toml",
            "[tool.cliniclint]\n[[tool.cliniclint.overrides]]\nfiles = ['a']\n"
            "[[tool.cliniclint.overrides]]\nfiles = ['b']\nrules = {x = 'loud'}\n",
            ":6",
            "overrides.1.rules.x: input should be 'error', 'warning', 'info' or 'off'",
        ),
        (
            "pyproject.toml",
            "[tool.cliniclint]\nfail_on = error\n",
            ":2:11",
            "invalid value",
        ),
    ],
)
def test_bad_config_is_one_located_line(
    cli: CLI, tmp_path: Path, name: str, text: str, where: str, message: str
) -> None:
    config = write(tmp_path / name, text)
    page = write(tmp_path / "page.md", "Hello.\n")
    result = cli("lint", str(page))
    assert result.exit_code == 2
    assert result.output.startswith(f"cliniclint: error: {config}{where}: {message}")
    assert result.output.count("\n") == 1


def test_read_config_needs_a_tool_table(tmp_path: Path) -> None:
    path = write(tmp_path / "pyproject.toml", "[project]\nname = 'x'\n")
    with pytest.raises(SourceError) as info:
        read_config(path)
    assert str(info.value) == f"{path}: no [tool.cliniclint] table"


def test_glob_rules() -> None:
    base = Path("/site")
    assert glob_matches("/site/a/b.md", "*.md", base)
    assert not glob_matches("/site/a/b.md", "a", base)
    assert glob_matches("/site/a/b.md", "a", base, prefixes=True)
    assert glob_matches("/site/a/b.md", "a/", base, prefixes=True)
    assert glob_matches("/site/docs/x/y/z.md", "docs/**/*.md", base)
    assert glob_matches("/site/docs/z.md", "docs/**/*.md", base)
    assert not glob_matches("/site/docs/z.md", "docs/*/*.md", base)
    assert not glob_matches("/site/sub/docs/z.md", "/docs", base, prefixes=True)
    assert glob_matches("/site/page-1.md", "page-[0-9].md", base)
    assert not glob_matches("/elsewhere/a/b.md", "a/b.md", base)


# --- config show ----------------------------------------------------------------------


def test_config_show_names_the_source_of_every_setting(
    cli: CLI, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\n"
        "ignore: [hype-word]\n"
        "rules:\n"
        "  cure-promise: warning\n"
        "overrides:\n"
        "  - files: [legal/**]\n"
        "    rules: {cure-promise: off}\n"
        "require_reason: true\n",
    )
    monkeypatch.chdir(site)
    result = cli("config", "show", "--fail-on", "error", "--ignore", "percent-safe")
    assert result.exit_code == 0
    assert result.output == (
        'config = ".cliniclint.yaml"  # found\n'
        "bundled = true  # default\n"
        'packs = ["./core.yaml"]  # .cliniclint.yaml:1\n'
        "profiles = []  # default\n"
        "jurisdictions = []  # default\n"
        "select = []  # default\n"
        'ignore = ["hype-word", "percent-safe"]  # .cliniclint.yaml:2, --ignore\n'
        'rules.cure-promise = "warning"  # .cliniclint.yaml:4\n'
        'overrides[0] = {"files": ["legal/**"], "rules": {"cure-promise": "off"}}'
        "  # .cliniclint.yaml:6\n"
        'include = ["*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt"]'
        "  # default\n"
        "exclude = []  # default\n"
        'fail_on = "error"  # --fail-on\n'
        'language = "auto"  # default\n'
        "require_reason = true  # .cliniclint.yaml:8\n"
        "baseline = null  # default\n"
    )


def test_config_show_isolated(cli: CLI, tmp_path: Path) -> None:
    result = cli("config", "show", "--isolated", str(tmp_path))
    assert result.output.splitlines()[:2] == [
        "config = null  # --isolated",
        "bundled = true  # default",
    ]


def test_exclude_covers_stdin_filename(cli: CLI, site: Path) -> None:
    write(site / ".cliniclint.yaml", "packs: [./core.yaml]\nexclude: [drafts]\n")
    name = str(site / "drafts" / "new.md")
    result = concise(cli, "--stdin-filename", name, "-", input="A miracle.\n")
    assert (result.exit_code, result.stdout) == (0, "")
    fixed = cli("lint", "--fix", "--stdin-filename", name, "-", input="Proven.\n")
    assert fixed.stdout == "Proven.\n"


# --- the closest configuration, per file ----------------------------------------------

PROVEN = "“clinically proven” overstates the evidence."
TEXT_RULES = ["hype-word", "cure-promise", "proven-overstatement"]


def test_each_file_is_linted_with_its_closest_configuration(
    cli: CLI, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As pre-commit runs it: every staged file in one run, from the repository."""
    write(site / ".cliniclint.yaml", "packs: [./core.yaml]\nignore: [cure-promise]\n")
    shutil.copy(CORE_PACK, write(site / "sub" / "core.yaml", ""))
    write(site / "sub" / "pyproject.toml", '[tool.cliniclint]\npacks = ["core.yaml"]\n')
    write(site / "sub" / "b.md", TEXT)
    monkeypatch.chdir(site)
    result = concise(cli, "sub/b.md", "content/page.md")
    assert result.output.splitlines() == [
        "sub/b.md:1:3: info [hype-word] “miracle” is hype.",
        "sub/b.md:1:14: error [cure-promise] “cure” promises a cure.",
        "sub/b.md:1:22: error [proven-overstatement] " + PROVEN,
        "content/page.md:1:3: info [hype-word] “miracle” is hype.",
        "content/page.md:1:22: error [proven-overstatement] " + PROVEN,
    ]
    walked = concise(cli, "--no-cache", "-j", "2")
    content, sub = ["hype-word", "proven-overstatement"], TEXT_RULES
    assert rules_in(walked) == [*content, *sub]


def test_config_show_path_applies_its_overrides(
    cli: CLI, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(
        site / ".cliniclint.yaml",
        "packs: [./core.yaml]\noverrides:\n  - files: ['content/*.md']\n"
        "    ignore: [hype-word]\n",
    )
    monkeypatch.chdir(site)
    shown = cli("config", "show", "content/page.md").output.splitlines()
    assert 'file.ignore = ["hype-word"]  # overrides[0]' in shown
    other = write(site / "notes.md", TEXT)
    shown = cli("config", "show", str(other.name)).output.splitlines()
    assert "file.ignore = []  # no override matches" in shown


def test_config_show_of_a_missing_path_is_an_error(cli: CLI, tmp_path: Path) -> None:
    result = cli("config", "show", str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert (
        result.stderr
        == f"cliniclint: error: {tmp_path / 'nope.md'}: no such file or folder\n"
    )
