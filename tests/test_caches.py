"""The caches hold plain data, in a folder only this user can write to."""

from __future__ import annotations

import os
import pickle
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.run import cache

CLI = Callable[..., Result]
ROOT = Path(__file__).resolve().parents[1]
PACK = str(ROOT / "fixtures" / "packs" / "core.yaml")
PAGE = "Our clinic offers a miracle cure.\n"


class _Touch:
    """A pickle that creates a file when it is loaded."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[Path]]:
        return Path.touch, (self.marker,)


def lint(cli: CLI, *paths: Path, extra: tuple[str, ...] = ()) -> Result:
    args = ["lint", "--no-bundled", "--pack", PACK, "--format", "concise", *extra]
    return cli(*args, *map(str, paths))


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "cache"
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", str(path))
    return path


def test_a_cache_entry_is_read_as_data_never_run(
    cli: CLI, tmp_path: Path, folder: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    first = lint(cli, page)
    entries = [p for p in folder.iterdir() if p.name.startswith("rules-")]
    assert len(entries) == 1
    marker = tmp_path / "ran"
    entries[0].write_bytes(pickle.dumps(_Touch(marker)))
    assert lint(cli, page).output == first.output
    assert not marker.exists()
    assert f"{page}:1:21: error [cure-promise]" in first.output


def test_cache_files_are_private(cli: CLI, tmp_path: Path, folder: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    lint(cli, page)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    names = sorted(p.name.split("-")[0] for p in folder.iterdir())
    assert names == ["results", "rules"]
    for entry in folder.iterdir():
        assert stat.S_IMODE(entry.stat().st_mode) == 0o600, entry.name


def test_an_open_folder_of_this_users_is_closed(
    cli: CLI, tmp_path: Path, folder: Path
) -> None:
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    lint(cli, page)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("mode", [0o777, 0o770, 0o1777])
def test_a_folder_others_can_write_to_is_not_used(
    cli: CLI, tmp_path: Path, folder: Path, mode: int
) -> None:
    folder.mkdir()
    folder.chmod(mode)
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    result = lint(cli, page)
    assert f"{page}:1:21: error [cure-promise]" in result.output
    assert list(folder.iterdir()) == []
    assert cache.cache_dir() is None


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root to give a folder away")
def test_a_folder_of_another_user_is_not_used(
    cli: CLI, tmp_path: Path, folder: Path
) -> None:
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, 65534)
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    result = lint(cli, page)
    assert f"{page}:1:21: error [cure-promise]" in result.output
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("extra", [(), ("--no-cache",)])
def test_a_fifo_in_place_of_a_cache_entry_is_skipped(
    tmp_path: Path, folder: Path, extra: tuple[str, ...]
) -> None:
    """Run in a child process: a run that waits on the FIFO fails by timing out."""
    page = tmp_path / "page.md"
    page.write_text(PAGE, encoding="utf-8")
    env = {**os.environ, "CLINICLINT_CACHE_DIR": str(folder)}
    command = [sys.executable, "-m", "cliniclint", "lint", "--no-bundled"]
    command += ["--pack", PACK, "--format", "concise", *extra, str(page)]
    subprocess.run(command, env=env, capture_output=True, timeout=60, check=False)
    for entry in list(folder.iterdir()):
        if entry.name.startswith(("rules-", "results-")):
            entry.unlink()
            os.mkfifo(entry)
    done = subprocess.run(
        command, env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 1, done.stderr
    assert f"{page}:1:21: error [cure-promise]" in done.stdout
    # The entries were rebuilt in place of the FIFOs, or pruned.
    assert all(stat.S_ISREG(p.lstat().st_mode) for p in folder.iterdir())


def test_old_and_oversized_entries_are_pruned(
    tmp_path: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder.mkdir(mode=0o700)
    now = time.time()
    ages = {"results-old.sqlite3": 40, "results-new.sqlite3": 1, "rules-new.json": 2}
    for name, days in ages.items():
        path = folder / name
        path.write_bytes(b"x" * 1000)
        os.utime(path, (now - days * 86400, now - days * 86400))
    (folder / "rules-legacy.pickle").write_bytes(b"x")
    (folder / "notes.txt").write_bytes(b"x" * 5000)
    cache.prune(folder, now)
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt",
        "results-new.sqlite3",
        "rules-new.json",
    ]
    monkeypatch.setattr(cache, "MAX_BYTES", 1500)
    cache.prune(folder, now)
    # The oldest goes first until the rest fits (other files are not counted).
    assert sorted(p.name for p in folder.iterdir()) == [
        "notes.txt",
        "results-new.sqlite3",
    ]
