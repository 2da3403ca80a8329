"""The pre-commit hook, end to end with the real `pre-commit`.

pre-commit installs the hook repository into its own virtual environment with pip (one
install, which needs the package index), so the test copies this working tree into a
temporary git repository, points a site repository's `.pre-commit-config.yaml` at it,
and commits through the installed hook. Set CLINICLINT_SKIP_PRECOMMIT=1 to skip it
offline.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import CORE_PACK, ROOT

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        os.environ.get("CLINICLINT_SKIP_PRECOMMIT") == "1",
        reason="CLINICLINT_SKIP_PRECOMMIT=1",
    ),
]

HOOK_FILES = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src", "rules")


def run(cwd: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args, cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def git(cwd: Path, env: dict[str, str], *args: str) -> str:
    proc = run(cwd, env, "git", *args)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout.strip()


def hook_repository(path: Path, env: dict[str, str]) -> str:
    """A git repository holding this working tree's hook and package; its commit."""
    path.mkdir()
    for name in HOOK_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(
                source,
                path / name,
                ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info"),
            )
        else:
            shutil.copy2(source, path / name)
    git(path, env, "init", "-q")
    git(path, env, "add", "-A")
    git(path, env, "commit", "-q", "-m", "cliniclint")
    return git(path, env, "rev-parse", "HEAD")


def test_hook_blocks_a_risky_commit_and_lets_the_fixed_one_through(
    tmp_path: Path,
) -> None:
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-home"),
        "GIT_CONFIG_GLOBAL": os.devnull,  # no user hooksPath or templates
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Copy Editor",
        "GIT_AUTHOR_EMAIL": "editor@example.org",
        "GIT_COMMITTER_NAME": "Copy Editor",
        "GIT_COMMITTER_EMAIL": "editor@example.org",
        "PIP_DISABLE_PIP_VERSION_CHECK": "1",
    }
    env.pop("GITHUB_ACTIONS", None)
    rev = hook_repository(tmp_path / "hook", env)

    site = tmp_path / "site"
    site.mkdir()
    git(site, env, "init", "-q")
    shutil.copy(CORE_PACK, site / "core.yaml")
    (site / ".pre-commit-config.yaml").write_text(
        "repos:\n"
        f"  - repo: {tmp_path / 'hook'}\n"
        f"    rev: {rev}\n"
        "    hooks:\n"
        "      - id: cliniclint\n"
        "        args: [--isolated, --no-bundled, --pack, core.yaml]\n",
        encoding="utf-8",
    )
    git(site, env, "add", "-A")
    git(site, env, "commit", "-q", "-m", "set up pre-commit")
    installed = run(site, env, sys.executable, "-m", "pre_commit", "install")
    assert installed.returncode == 0, installed.stdout + installed.stderr

    page = site / "content" / "knee.md"
    page.parent.mkdir()
    page.write_text("# Knee pain\n\nOur injections cure knee pain.\n", encoding="utf-8")
    (site / "script.py").write_text("print('cure')\n", encoding="utf-8")
    git(site, env, "add", "-A")
    blocked = run(site, env, "git", "commit", "-m", "knee page")
    output = blocked.stdout + blocked.stderr
    assert blocked.returncode == 1, output
    assert "cliniclint" in output
    assert "Failed" in output
    assert (
        "content/knee.md:3:16: error [cure-promise] “cure” promises a cure." in output
    )
    assert "script.py" not in output.replace("- hook id", "")  # not a copy file
    assert git(site, env, "rev-list", "--count", "HEAD") == "1"

    page.write_text(
        "# Knee pain\n\nOur injections may help with knee pain.\n", encoding="utf-8"
    )
    git(site, env, "add", "-A")
    passed = run(site, env, "git", "commit", "-m", "knee page")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "Passed" in passed.stdout + passed.stderr
    assert git(site, env, "rev-list", "--count", "HEAD") == "2"
