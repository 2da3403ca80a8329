"""Imports go one way, along the data's way: packs -> config -> documents -> matching
-> kinds -> engine -> review -> report -> run -> evaluation -> server -> lsp -> cli,
and no module imports itself through others (no import circle)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from cliniclint.kinds import KINDS

SRC = Path(__file__).resolve().parents[1] / "src" / "cliniclint"

# A stage (a top-level module or package) and its layer; a module inside a package
# may have its own ("matching.matchers"): a module's layer is that of the longest
# name here that it is or lies in.
LAYERS = {
    "": 0,  # the package itself: its version
    "findings": 0,
    "errors": 0,
    "names": 0,
    "cachedir": 0,
    "packs": 1,
    "config": 2,
    "documents": 3,
    # What the rule kinds match with.
    "matching": 4,
    "kinds": 5,
    # Packs read as the union of the kinds' shapes, compiled, a document linted.
    "engine": 6,
    "review": 7,
    "report": 8,
    # The run service: settings, files, workers, caches, writes; no command line.
    "run": 9,
    "evaluation": 10,
    "server": 11,
    "lsp": 12,
    "cli": 13,
    "__main__": 14,
}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in sorted(SRC.rglob("*.py"))}


def _known(name: str) -> str | None:
    """The module of this package that ``name`` (a module or a name in one) is."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports(module: str, path: Path | None = None) -> set[str]:
    """The package's modules that ``module`` (read from ``path``, by default its
    file) imports: ``import``, ``from`` (relative too, and ``from cliniclint import
    x`` as the module ``x``), and ``import_module("...")`` with a literal name; at
    any depth, under ``TYPE_CHECKING`` too."""
    path = path or MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    # Strings in a list are a command line: `python -m NAME` runs a module in a new
    # process, it does not import it.
    argv = {
        id(item)
        for node in ast.walk(tree)
        if isinstance(node, ast.List)
        for item in node.elts
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - (node.level - 1)]
                base = ".".join([*parts, base] if base else parts)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                names.add(full if full in MODULES else base)
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name | ast.Attribute)
            and (getattr(node.func, "id", None) or getattr(node.func, "attr", None))
            == "import_module"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
        ):
            names.add(node.args[0].value)
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and node.value in MODULES
            and id(node) not in argv
        ):
            # A module's full name as a string is one imported by name later
            # (a lazy export, a kind's shape module).
            names.add(node.value)
    found = {_known(n) for n in names if n.split(".")[0] == "cliniclint"}
    return {m for m in found if m is not None and m != module}


GRAPH = {module: imports(module) for module in MODULES}
# The union of the kinds' shapes imports each shape module by the name its kind
# registers (``RuleKind.shape``): edges the source text does not spell out.
GRAPH["cliniclint.kinds.shapes"] |= {kind.shape for kind in KINDS}


def layer_of(module: str) -> int:
    name = module.partition(".")[2]
    while name not in LAYERS:
        name = name.rpartition(".")[0]
    return LAYERS[name]


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The groups of modules that import one another, each sorted (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_every_module_has_a_layer() -> None:
    stages = {m.split(".")[1] for m in MODULES if "." in m}
    assert stages - LAYERS.keys() == set()


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_upward_imports(module: str) -> None:
    own = layer_of(module)
    upward = sorted(t for t in GRAPH[module] if layer_of(t) > own)
    assert upward == [], f"{module} imports a later layer"


def test_no_import_circles() -> None:
    assert circles(GRAPH) == []


def test_the_circle_finder_sees_circles_through_every_kind_of_import() -> None:
    graph = {
        "a": {"b"},
        "b": {"c"},
        "c": {"a"},  # a -> b -> c -> a
        "d": {"e"},
        "e": {"d"},  # d <-> e
        "f": {"a"},  # into a circle, not part of one
    }
    assert circles(graph) == [["a", "b", "c"], ["d", "e"]]


def test_imports_are_read_in_every_form(tmp_path: Path) -> None:
    # The forms a circle could hide behind: relative, `from cliniclint import x`,
    # import_module with a literal name, under TYPE_CHECKING.
    source = (
        "from __future__ import annotations\n"
        "from typing import TYPE_CHECKING\n"
        "from importlib import import_module\n"
        "from cliniclint import config\n"
        "from . import findings\n"
        "from .matching import matchers\n"
        "if TYPE_CHECKING:\n"
        "    from cliniclint.report import render\n"
        "def later():\n"
        "    return import_module('cliniclint.server.daemon')\n"
        "LAZY = {'name': 'cliniclint.run.runner'}\n"
    )
    probe = tmp_path / "probe.py"
    probe.write_text(source, encoding="utf-8")
    found = imports("cliniclint.probe", probe)
    assert found == {
        "cliniclint.config",
        "cliniclint.findings",
        "cliniclint.matching.matchers",
        "cliniclint.report",
        "cliniclint.server.daemon",
        "cliniclint.run.runner",
    }


def test_a_module_takes_the_layer_of_its_stage() -> None:
    # The data's way: what the kinds match with, the kinds, the engine that loops
    # over them, review, report, the run service, the command line.
    assert (
        layer_of("cliniclint.matching.matchers")
        < layer_of("cliniclint.kinds.pattern")
        < layer_of("cliniclint.engine.ruleset")
        < layer_of("cliniclint.review.fixes")
        < layer_of("cliniclint.report.ruledocs")
        < layer_of("cliniclint.run.runner")
        < layer_of("cliniclint.cli.main")
    )
    assert layer_of("cliniclint.matching.languages.en") == layer_of(
        "cliniclint.matching"
    )
    assert layer_of("cliniclint.kinds.claim.shape") == layer_of("cliniclint.kinds")


def external_imports(path: Path) -> set[str]:
    """The top-level packages a file imports other than this one."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and not node.level and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names - {"cliniclint"}


def test_the_run_service_has_no_command_line() -> None:
    run = {m: p for m, p in MODULES.items() if m.startswith("cliniclint.run")}
    assert "cliniclint.run.runner" in run
    assert {m: "click" for m, p in run.items() if "click" in external_imports(p)} == {}
    # The commands (click) do import it.
    assert "click" in external_imports(MODULES["cliniclint.cli.printing"])
