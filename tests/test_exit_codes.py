"""The README's table of error families: each example line is what cliniclint prints,
with the exit code the table gives."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from cliniclint.cli.main import main, run
from support import CORE_PACK, ROOT

Scenario = Callable[[Path, pytest.MonkeyPatch], tuple[int, str]]
CORE = ("--isolated", "--no-bundled", "--pack", str(CORE_PACK))
PACK_HEAD = 'pack: house\ntitle: House\nversion: "1"\n'


def readme_table() -> dict[str, tuple[int, str]]:
    """family -> (exit code, example line), from the README."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("| family | exit | example |")
    rows: dict[str, tuple[int, str]] = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        family, code, example = (cell.strip() for cell in line.strip("|").split(" | "))
        example = re.sub(r"^(`+) ?(.*?) ?\1$", r"\2", example)
        rows[family] = (int(code), example)
    return rows


def lint(*args: str) -> tuple[int, str]:
    """Exit code and the one line that matters: stderr, else the notice."""
    result = CliRunner().invoke(main, ["lint", *args])
    if result.stderr:
        assert len(result.stderr.splitlines()) == 1, result.stderr
        return result.exit_code, result.stderr.rstrip("\n")
    found = [line for line in result.stdout.splitlines() if ": notice: " in line]
    assert len(found) == 1, result.stdout
    return result.exit_code, found[0]


def page(text: str = "A miracle.\n", name: str = "page.md") -> str:
    Path(name).write_text(text, encoding="utf-8")
    return name


def missing_path(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    return lint(*CORE, "nope.md")


def pack_error(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("house.yaml").write_text(
        PACK_HEAD + "rules:\n  - id: r\n    kind: phrase\n    phrasez: [x]\n"
    )
    return lint("--isolated", "--no-bundled", "--pack", "house.yaml", page())


def config_error(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path(".cliniclint.yaml").write_text("fail_on: error\nfail-on: error\n")
    return lint(page())


def config_outside(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    (tmp.parent / "base.yaml").write_text("fail_on: error\n")
    Path(".cliniclint.yaml").write_text("extends: ../base.yaml\n")
    return lint(page())


def regex_budget(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("house.yaml").write_text(
        PACK_HEAD + "rules:\n  - id: big-rule\n    category: hype-language\n"
        "    kind: pattern\n    pattern: '(?:(?:a{1000}){1000})'\n    message: m\n"
        "    why: w\n    advice: a\n    examples: {bad: [x], good: [y]}\n"
    )
    return lint("--isolated", "--no-bundled", "--pack", "house.yaml", page())


def regex_limit(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("house.yaml").write_text(
        PACK_HEAD + "rules:\n  - id: slow-rule\n    category: hype-language\n"
        "    kind: pattern\n    pattern: '(a+)+$'\n    message: m\n    why: w\n"
        "    advice: a\n    examples: {bad: [x], good: [y]}\n"
    )
    return lint("--isolated", "--no-bundled", "--pack", "house.yaml",
                page("a" * 2400 + "!\n"))  # fmt: skip


def baseline_error(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("baseline.json").write_text("{}")
    return lint(*CORE, "--baseline", "baseline.json", page())


def cannot_fix(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    def refuse(path: str, data: bytes, *args: object, **options: object) -> None:
        raise PermissionError(13, "Permission denied", path)

    mp.setattr("cliniclint.run.writes.write_atomic", refuse)
    return lint(*CORE, "--fix", page("A clinically proven therapy.\n"))


def stdout_closed(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "cliniclint", "lint", *CORE, page()],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    assert process.stderr is not None
    process.stdout.close()
    err = process.stderr.read()
    # Like `| head`: the run stops quietly.
    return process.wait(timeout=120), err.rstrip("\n") or "(nothing)"


def interrupted(
    tmp: Path, mp: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    def ctrl_c(*args: object, **kwargs: object) -> bytes:
        raise KeyboardInterrupt

    mp.setattr("cliniclint.run.pipeline.read_document", ctrl_c)
    mp.setattr(sys, "argv", ["cliniclint", "lint", *CORE, page()])
    with pytest.raises(SystemExit) as info:
        run()
    return int(str(info.value.code)), capsys.readouterr().err.strip()


def notice_binary(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("logo.md").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    return lint(*CORE, "logo.md")


def notice_encoding(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("old.md").write_bytes(b"Caf\xff\xfe")
    return lint(*CORE, "old.md")


def notice_special(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    os.mkfifo("fifo.md")
    return lint(*CORE, "fifo.md")


def notice_unreadable(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    real_open = open

    def refuse(file: object, *args: object, **kwargs: object) -> object:
        if str(file) == "secret.md":
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    mp.setattr("builtins.open", refuse)
    return lint(*CORE, page(name="secret.md"))


def notice_gone(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("gone.md").symlink_to("deleted.md")
    return lint(*CORE, "gone.md")


def notice_loop(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    Path("loop.md").symlink_to("loop.md")
    return lint(*CORE, "loop.md")


def notice_large(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    with open("huge.md", "wb") as handle:  # sparse: no disk space used
        handle.truncate(65 * 1024 * 1024)
    return lint(*CORE, "huge.md")


def notice_changed(tmp: Path, mp: pytest.MonkeyPatch) -> tuple[int, str]:
    def edited_meanwhile(path: str, data: bytes, *args: object, **kw: object) -> None:
        from cliniclint.run.writes import FileChanged

        raise FileChanged(path)

    mp.setattr("cliniclint.run.writes.write_atomic", edited_meanwhile)
    return lint(*CORE, "--fix", page("A clinically proven therapy.\n"))


SCENARIOS: dict[str, Callable[..., tuple[int, str]]] = {
    "missing path": missing_path,
    "pack error": pack_error,
    "config error": config_error,
    "config path outside its folder": config_outside,
    "regex compile budget": regex_budget,
    "regex time limit": regex_limit,
    "baseline error": baseline_error,
    "file that cannot be fixed": cannot_fix,
    "standard output closed": stdout_closed,
    "interrupted": interrupted,
    "notice: not text": notice_binary,
    "notice: bad encoding": notice_encoding,
    "notice: special file": notice_special,
    "notice: unreadable file": notice_unreadable,
    "notice: gone or broken link": notice_gone,
    "notice: link loop": notice_loop,
    "notice: too large": notice_large,
    "notice: changed during `--fix`": notice_changed,
}


def test_every_family_in_the_readme_has_a_scenario() -> None:
    assert sorted(readme_table()) == sorted(SCENARIOS)


@pytest.mark.parametrize("family", list(SCENARIOS))
def test_readme_example_line_and_exit_code(
    family: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    monkeypatch.chdir(folder)
    scenario = SCENARIOS[family]
    if scenario is interrupted:
        got = interrupted(folder, monkeypatch, capsys)
    else:
        got = scenario(folder, monkeypatch)
    assert got == readme_table()[family]


def test_exit_code_1_and_0_and_a_usage_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    assert runner.invoke(main, ["lint", *CORE, page()]).exit_code == 0  # info only
    failing = runner.invoke(main, ["lint", *CORE, "--fail-on", "info", page()])
    assert failing.exit_code == 1
    usage = runner.invoke(main, ["lint", "--nope"])
    assert usage.exit_code == 2
    assert usage.stderr.splitlines()[-1].startswith("Error: No such option '--nope'.")
