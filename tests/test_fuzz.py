"""A short fuzz campaign in CI: every target of the long campaign (``python -m
tests.fuzz --examples 100000``), a few dozen inputs each. CLINICLINT_FUZZ_EXAMPLES
sets how many inputs each target gets."""

from __future__ import annotations

import os
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from fuzz.targets import TARGETS, Target

# Slow: generates thousands of inputs (the fast set is `pytest -m "not slow"`).
pytestmark = pytest.mark.slow

settings.register_profile(
    "cliniclint-fuzz",
    max_examples=int(os.environ.get("CLINICLINT_FUZZ_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    print_blob=True,
    # CI runs the same inputs every time, so a failure there is reproducible and
    # never depends on the day's luck; the long campaign explores at random.
    derandomize=os.environ.get("CLINICLINT_FUZZ_RANDOM") != "1",
)
FUZZ = settings.get_profile("cliniclint-fuzz")


def make_test(target: Target) -> Any:
    @FUZZ
    @given(target.strategy())
    def test(value: Any) -> None:
        target.run(value)

    return test


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_fuzz_target(target: Target) -> None:
    make_test(target)()
