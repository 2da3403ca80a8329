"""Shared helpers: a compiled test pack and a command-line runner."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from cliniclint.cli.main import main
from cliniclint.engine import CompiledRules, Selection, compile_rules
from cliniclint.engine.ruleset import PackSet, load_packs

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"
CORE_PACK = FIXTURES / "packs" / "core.yaml"


@pytest.fixture(autouse=True)
def no_rules_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests see the packs as they are: the compiled-rules cache is off."""
    monkeypatch.setenv("CLINICLINT_CACHE_DIR", "")


@pytest.fixture(scope="session")
def core_packs() -> PackSet:
    return load_packs([CORE_PACK], bundled=False)


@pytest.fixture(scope="session")
def core_rules(core_packs: PackSet) -> CompiledRules:
    return compile_rules(core_packs)


@pytest.fixture
def cli() -> Callable[..., Result]:
    def run(*args: str, input: str | bytes | None = None) -> Result:
        return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)

    return run


@pytest.fixture
def only(core_packs: PackSet) -> Callable[..., CompiledRules]:
    def make(*select: str, **kwargs: object) -> CompiledRules:
        return compile_rules(core_packs, Selection(select=select, **kwargs))  # type: ignore[arg-type]

    return make


@pytest.fixture(autouse=True)
def _no_ci_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """Inside GitHub Actions the default format is `github`; tests expect `text`."""
    monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
