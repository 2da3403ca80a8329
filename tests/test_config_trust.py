"""Configuration is looked for within the project only, in files the user trusts."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from support import CORE_PACK

CLI = Callable[..., Result]
LINT = ("lint", "--no-bundled", "--pack", str(CORE_PACK), "--format", "concise")
HOSTILE = 'exclude: ["**"]\n'


def page_in(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / "page.md"
    page.write_text("A miracle.\n", encoding="utf-8")
    return page


@pytest.fixture(autouse=True)
def _home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path / "home"))


def test_a_config_above_the_repository_root_is_not_applied(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / ".cliniclint.yaml").write_text(HOSTILE)
    page = page_in(tmp_path / "repo" / "content")
    (tmp_path / "repo" / ".git").mkdir()
    assert cli(*LINT, str(page)).output == (
        f"{page}:1:3: info [hype-word] “miracle” is hype.\n"
    )
    # Inside the repository it applies.
    (tmp_path / "repo" / ".cliniclint.yaml").write_text(HOSTILE)
    assert cli(*LINT, str(page)).output == ""


def test_a_config_above_the_home_folder_is_not_applied(
    cli: CLI, tmp_path: Path
) -> None:
    (tmp_path / ".cliniclint.yaml").write_text(HOSTILE)
    page = page_in(tmp_path / "home" / "site")
    assert cli(*LINT, str(page)).output == (
        f"{page}:1:3: info [hype-word] “miracle” is hype.\n"
    )


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a file away")
@pytest.mark.parametrize("name", [".cliniclint.yaml", "pyproject.toml"])
def test_a_config_of_another_user_is_not_applied(
    cli: CLI, tmp_path: Path, name: str
) -> None:
    shared = tmp_path / "shared"
    page = page_in(shared / "site")
    config = shared / name
    config.write_text(
        HOSTILE if name.endswith(".yaml") else ('[tool.cliniclint]\nexclude = ["**"]\n')
    )
    os.chown(config, 65534, 65534)
    assert cli(*LINT, str(page)).output == (
        f"{page}:1:3: info [hype-word] “miracle” is hype.\n"
    )
    os.chown(config, 0, 0)
    assert cli(*LINT, str(page)).output == ""


def test_a_pack_folder_does_not_follow_links_out_of_it(
    cli: Callable[..., Result], tmp_path: Path
) -> None:
    outside = tmp_path / "secret.yaml"
    outside.write_text("root_password: hunter2\n")
    repo = tmp_path / "repo"
    (repo / ".git").mkdir(parents=True)
    (repo / "packs").mkdir()
    (repo / "packs" / "house.yaml").symlink_to(outside)
    (repo / ".cliniclint.yaml").write_text("packs: [default, ./packs]\n")
    (repo / "page.md").write_text("Plain.\n")
    result = cli("lint", str(repo / "page.md"))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {repo / 'packs' / 'house.yaml'}: a link out of its "
        "pack folder, not followed\n"
    )
    assert "root_password" not in result.output
