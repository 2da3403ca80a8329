"""Imports go one way: model -> packs -> documents -> engine -> report -> cli."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cliniclint"

LAYERS = {
    "taxonomy": 0,
    "langcodes": 0,
    "model": 0,
    "findings": 0,
    "errors": 0,
    "globs": 0,
    "names": 0,
    "cachedir": 0,
    "yamlsource": 1,
    "packs": 1,
    "packfiles": 1,
    "citations": 1,
    "config": 1,
    "config_schema": 1,
    "documents": 2,
    "engine": 3,
    "verify": 4,
    "ruledocs": 4,
    "evaluate": 4,
    "evalpages": 4,
    "report": 4,
    "cli": 5,
    "commands": 5,
    "launch": 5,
    "server": 5,
    "lsp": 5,
    "__main__": 5,
}


def layer_of(module: str) -> int:
    return LAYERS[module.split(".")[1]] if "." in module else 0


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    out: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            out.append(node.module)
        elif isinstance(node, ast.Import):
            out.extend(alias.name for alias in node.names)
    return [m for m in out if m.startswith("cliniclint.")]


SOURCES = sorted(SRC.rglob("*.py"))


@pytest.mark.parametrize(
    "path", SOURCES, ids=[str(p.relative_to(SRC)) for p in SOURCES]
)
def test_no_upward_imports(path: Path) -> None:
    module = "cliniclint." + ".".join(path.relative_to(SRC).with_suffix("").parts)
    if module.endswith(".__init__"):
        module = module[: -len(".__init__")]
    own = layer_of(module)
    for target in imports(path):
        assert layer_of(target) <= own, f"{module} imports {target}"
