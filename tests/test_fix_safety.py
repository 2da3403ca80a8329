"""`--fix` never loses text: each file is replaced atomically, with its permissions
and owner; a file changed or deleted meanwhile is left alone; a run killed at any
moment leaves every file untouched or fully fixed; Ctrl-C ends a run with exit code
130 once the file being written is complete."""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import Result

from cliniclint.run import writes
from cliniclint.run.writes import FileChanged, write_atomic
from support import CORE_PACK, LINT

# Slow: kills runs at random moments (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

CLI = Callable[..., Result]
PAGE = "Page {n}. A clinically proven therapy.\nIt is a miracle.\n"
FIXED = "Page {n}. A clinically studied therapy.\nIt is a miracle.\n"
# Outside CI, CLINICLINT_KILL_TRIALS=200 runs a longer trial.
TRIALS = int(os.environ.get("CLINICLINT_KILL_TRIALS", "20"))
FILES = 250


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


# --- write_atomic ---------------------------------------------------------------------


def test_write_atomic_refuses_a_file_that_changed_since_it_was_read(
    tmp_path: Path,
) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"edited by someone else")
    with pytest.raises(FileChanged):
        write_atomic(str(target), b"fixed", expected=b"what was read")
    assert target.read_bytes() == b"edited by someone else"
    assert leftovers(tmp_path) == []
    write_atomic(str(target), b"fixed", expected=b"edited by someone else")
    assert target.read_bytes() == b"fixed"


@pytest.mark.parametrize("failing", ["fsync", "replace", "fchmod"])
@pytest.mark.parametrize("error", [OSError(28, "No space left"), KeyboardInterrupt()])
def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing: str,
    error: BaseException,
) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old text")

    def fail(*args: object) -> None:
        raise error

    monkeypatch.setattr(writes.os, failing, fail)
    with pytest.raises(type(error)):
        write_atomic(str(target), b"new text")
    monkeypatch.undo()
    assert target.read_bytes() == b"old text"
    assert leftovers(tmp_path) == []


def test_ctrl_c_during_a_write_takes_effect_after_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signal, "SIGINT", signal.SIGINT)  # restored handler below
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    target = tmp_path / "page.md"
    target.write_bytes(b"old text")
    real_fsync = os.fsync

    def interrupted_fsync(fd: int) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # Ctrl-C in the middle of the write
        real_fsync(fd)

    monkeypatch.setattr(writes.os, "fsync", interrupted_fsync)
    try:
        with pytest.raises(KeyboardInterrupt):
            write_atomic(str(target), b"new text")
    finally:
        signal.signal(signal.SIGINT, previous)
    assert target.read_bytes() == b"new text"
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file away")
def test_write_atomic_keeps_the_owner(tmp_path: Path) -> None:
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    os.chown(target, 4321, 4321)
    target.chmod(0o604)
    write_atomic(str(target), b"new")
    info = target.stat()
    assert (info.st_uid, info.st_gid) == (4321, 4321)
    assert stat.S_IMODE(info.st_mode) == 0o604


# --- a file that changes or goes away during the run ---------------------------------


@pytest.mark.parametrize("meanwhile", ["edited", "deleted"])
def test_a_file_changed_while_being_fixed_is_left_as_it_is(
    cli: CLI, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, meanwhile: str
) -> None:
    first = tmp_path / "a.md"
    second = tmp_path / "b.md"
    for path in (first, second):
        path.write_text(PAGE.format(n=1))
    real = write_atomic

    def someone_else_first(
        path: str, data: bytes, expected: bytes | None = None, **options: Any
    ) -> None:
        if path == str(first):
            if meanwhile == "edited":
                first.write_text("Rewritten by an editor.\n")
            else:
                first.unlink()
        real(path, data, expected=expected, **options)

    monkeypatch.setattr("cliniclint.run.writes.write_atomic", someone_else_first)
    result = cli(*LINT, "--fix", str(tmp_path))
    # Its final text was never checked: the run fails (see --allow-skipped).
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"{first}: notice: changed while being fixed, left as it is"
    if meanwhile == "edited":
        assert first.read_text() == "Rewritten by an editor.\n"
    else:
        assert not first.exists()
    assert second.read_text() == FIXED.format(n=1)
    assert leftovers(tmp_path) == []


# --- killed in the middle of a run -----------------------------------------------


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pages")
    for n in range(FILES):
        (folder / f"p{n:03}.md").write_text(PAGE.format(n=n))
    return folder


def fix_command(folder: Path) -> list[str]:
    return [sys.executable, "-m", "cliniclint", *LINT, "--fix", "--fail-on", "never",
            "--format", "concise", str(folder)]  # fmt: skip


def default_sigint() -> None:
    # A shell's background job starts with Ctrl-C ignored, and Python keeps it so:
    # give the run the default handling, as in a terminal.
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start(folder: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        fix_command(folder),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        preexec_fn=default_sigint,
    )


def in_the_run(process: subprocess.Popen[bytes]) -> None:
    """Wait until the run is past Python's start-up (a SIGINT during that is
    Python's, not cliniclint's, to handle): the run has loaded the regex module."""
    maps = Path(f"/proc/{process.pid}/maps")
    for _ in range(20_000):
        if process.poll() is not None or "_regex" in maps.read_text():
            return
        time.sleep(0.001)
    raise AssertionError("the run never started")


def first_write(process: subprocess.Popen[bytes], first: Path, limit: float) -> float:
    """Seconds from now until ``first`` is fixed (or the process ends)."""
    started = time.perf_counter()
    original = first.read_bytes()
    while process.poll() is None and time.perf_counter() - started < limit:
        if first.read_bytes() != original:
            break
        time.sleep(0.001)
    return time.perf_counter() - started


def states(folder: Path) -> Iterator[str]:
    """'old' or 'fixed' for each page; anything else fails the test."""
    for n in range(FILES):
        text = (folder / f"p{n:03}.md").read_text()
        if text == PAGE.format(n=n):
            yield "old"
        else:
            assert text == FIXED.format(n=n), f"p{n:03}.md is neither: {text!r}"
            yield "fixed"


def test_a_run_killed_at_random_moments_never_leaves_a_partial_file(
    pages: Path, tmp_path: Path
) -> None:
    # When a whole run starts writing, and how long its writing lasts.
    calibration = tmp_path / "calibration"
    shutil.copytree(pages, calibration)
    started = time.perf_counter()
    process = start(calibration)
    first_write(process, calibration / "p000.md", 60)
    writing_starts = time.perf_counter() - started
    process.wait(timeout=60)
    writing = time.perf_counter() - started - writing_starts
    assert process.returncode == 0
    assert set(states(calibration)) == {"fixed"}

    # Each trial kills the run (SIGKILL: nothing can be cleaned up) at a random
    # moment while it writes.
    rng = random.Random(os.environ.get("CLINICLINT_KILL_SEED", "6"))
    mixed = strays = 0
    for trial in range(TRIALS):
        folder = tmp_path / f"trial{trial}"
        shutil.copytree(pages, folder)
        process = start(folder)
        first_write(process, folder / "p000.md", 60)
        time.sleep(rng.uniform(0, writing))
        process.kill()
        process.wait(timeout=60)
        seen = list(states(folder))  # every page old or fixed, none partial
        mixed += "old" in seen and "fixed" in seen
        # At most the one temporary file being written when the kill came.
        temporary = leftovers(folder)
        assert len(temporary) <= 1
        assert all(name.startswith(".p") for name in temporary)
        strays += len(temporary)
        shutil.rmtree(folder)
    print(
        f"\nkill trials: {TRIALS} runs of {FILES} files killed while writing "
        f"(writing took {writing:.2f} s): {mixed} stopped midway, 0 partial files, "
        f"{strays} stray temporary files"
    )
    # Most kills land while files are being written (not after the last one).
    assert mixed >= TRIALS // 4


def test_ctrl_c_ends_a_fix_run_with_exit_130_and_whole_files(
    pages: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "pages"
    shutil.copytree(pages, folder)
    process = start(folder)
    first_write(process, folder / "p000.md", 60)
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip() == "cliniclint: interrupted"
    seen = list(states(folder))
    assert seen[0] == "fixed"
    assert leftovers(folder) == []


def test_ctrl_c_before_any_write_exits_130(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(n=0))
    process = start(tmp_path)
    in_the_run(process)  # loading its packs, nothing written yet
    process.send_signal(signal.SIGINT)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 130
    assert err.decode().strip() == "cliniclint: interrupted"
    assert page.read_text() in (PAGE.format(n=0), FIXED.format(n=0))


def test_core_pack_fixes_the_page_as_expected(cli: CLI, tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(n=7))
    assert cli(*LINT, "--fix", str(page)).exit_code == 0
    assert page.read_text() == FIXED.format(n=7)
    assert str(CORE_PACK) in LINT


# --- files the writer does not replace ----------------------------------------------


def test_mode_and_owner_are_set_on_the_open_file_not_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whoever owns the folder swaps the temporary file for a link: the link's target
    keeps its mode and owner."""
    import tempfile

    victim = tmp_path / "victim"
    victim.write_bytes(b"secret")
    victim.chmod(0o600)
    target = tmp_path / "page.md"
    target.write_bytes(b"old")
    target.chmod(0o644)
    if os.geteuid() == 0:
        os.chown(target, 4321, 4321)
    real_mkstemp = tempfile.mkstemp

    def swapped(*args: object, **kwargs: object) -> tuple[int, str]:
        fd, temp = real_mkstemp(*args, **kwargs)  # type: ignore[call-overload]
        os.unlink(temp)
        os.symlink(victim, temp)
        return fd, str(temp)

    monkeypatch.setattr(tempfile, "mkstemp", swapped)
    write_atomic(str(target), b"new")
    info = victim.lstat()
    assert stat.S_IMODE(info.st_mode) == 0o600
    assert (info.st_uid, info.st_gid) == (os.geteuid(), os.getegid())
    assert victim.read_bytes() == b"secret"


def fix_run(*paths: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "cliniclint", *LINT, "--fix", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "CLINICLINT_CACHE_DIR": ""},
    )


def test_fix_does_not_follow_a_link_out_of_the_linted_folders(
    tmp_path: Path,
) -> None:
    site, outside = tmp_path / "site", tmp_path / "outside"
    site.mkdir()
    outside.mkdir()
    (outside / "other.md").write_text(PAGE.format(n=1))
    (site / "inside.md").write_text(PAGE.format(n=2))
    (site / "link.md").symlink_to(outside / "other.md")
    (site / "near.md").symlink_to(site / "inside.md")
    run = fix_run(site)
    assert run.returncode == 2
    assert run.stderr == (
        f"cliniclint: error: {site / 'link.md'}: cannot write the fixes: a link to a"
        " file outside the folders being linted\n"
    )
    assert (outside / "other.md").read_text() == PAGE.format(n=1)
    # A link within the linted folder is followed (and stays a link).
    run = fix_run(site / "near.md")
    assert run.returncode == 0, run.stderr
    assert (site / "inside.md").read_text() == FIXED.format(n=2)
    assert (site / "near.md").is_symlink()


def test_fix_leaves_a_read_only_file(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(n=1))
    page.chmod(0o444)
    run = fix_run(page)
    assert run.returncode == 2
    assert run.stderr == (
        f"cliniclint: error: {page}: cannot write the fixes: read-only file\n"
    )
    assert page.read_text() == PAGE.format(n=1)
    assert stat.S_IMODE(page.stat().st_mode) == 0o444


def test_fix_does_not_split_hard_links(tmp_path: Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(n=1))
    os.link(page, tmp_path / "twin.md")
    run = fix_run(page)
    assert run.returncode == 2
    assert run.stderr == (
        f"cliniclint: error: {page}: cannot write the fixes: it has 2 hard links,"
        " which a rewrite would split\n"
    )
    assert os.path.samefile(page, tmp_path / "twin.md")
    assert page.read_text() == PAGE.format(n=1)


@pytest.mark.parametrize("dangling", [False, True])
def test_baseline_write_does_not_follow_a_link(
    cli: CLI, tmp_path: Path, dangling: bool
) -> None:
    page = tmp_path / "page.md"
    page.write_text(PAGE.format(n=1))
    elsewhere = tmp_path / "elsewhere.json"
    if not dangling:
        elsewhere.write_text("[]\n")
    link = tmp_path / "baseline.json"
    link.symlink_to(elsewhere)
    result = cli("baseline", "write", "--isolated", str(link), str(page))
    assert result.exit_code == 2
    assert result.output == (
        f"cliniclint: error: {link}: cannot write the baseline: a symbolic link (not"
        " followed)\n"
    )
    assert elsewhere.exists() is not dangling
    assert dangling or elsewhere.read_text() == "[]\n"
