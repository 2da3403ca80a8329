"""Shared fixtures: the bundled packs, loaded and compiled once per session."""

from __future__ import annotations

import pytest

from cliniclint.engine import CompiledRules, Selection, compile_rules
from cliniclint.packs import PackSet, bundled_dir, load_packs, pack_files, read_pack


def all_profiles() -> tuple[str, ...]:
    return tuple(
        sorted(
            {
                p
                for path in pack_files(bundled_dir())
                if (p := read_pack(path).pack.profile)
            }
        )
    )


@pytest.fixture(scope="session")
def bundled() -> PackSet:
    """The bundled packs without any profile (what `cliniclint lint` uses)."""
    return load_packs()


@pytest.fixture(scope="session")
def everything() -> PackSet:
    """The bundled packs with every profile loaded."""
    return load_packs([], all_profiles())


@pytest.fixture(scope="session")
def default_rules(bundled: PackSet) -> CompiledRules:
    return compile_rules(bundled, Selection())
