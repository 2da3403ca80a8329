"""Rates as the evaluations compute and print them."""

from __future__ import annotations


def rate(part: int, whole: int) -> float | None:
    """``part / whole``, or None when there is nothing to count."""
    return part / whole if whole else None


def shown(value: float | None) -> str:
    """A rate as printed: three decimals, or "n/a" when there was nothing to count."""
    return "n/a" if value is None else f"{value:.3f}"
