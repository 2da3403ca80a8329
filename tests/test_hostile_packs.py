"""Hostile rule packs and configuration: refused or contained, each with one line on
stderr and exit code 2, never a hang or a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import Result

from cliniclint.packs import load_packs
from cliniclint.yamlsource import MAX_DEPTH, SourceError
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
