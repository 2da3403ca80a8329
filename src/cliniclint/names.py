"""Names the user gives: the closest known name, for error messages."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` with the known name closest to ``name``, if any."""
    close = difflib.get_close_matches(name, sorted(known), n=1, cutoff=0.5)
    return f" (did you mean {close[0]!r}?)" if close else ""


def check_known(names: Iterable[str], known: Iterable[str], what: str) -> None:
    """Raise ValueError naming the first of ``names`` that is not ``known``."""
    known = tuple(known)
    for name in names:
        if name not in known:
            raise ValueError(f"unknown {what} {name!r}{did_you_mean(name, known)}")
