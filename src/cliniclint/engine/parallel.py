"""Run a function over many items on several cores, yielding results in order."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

# Set in the parent before the pool forks, so that workers inherit the function and
# everything it closes over (compiled rules, settings) instead of receiving it pickled.
_TASK: Callable[[Any], Any] | None = None

# Below this many items a pool costs more than it saves.
MIN_ITEMS_FOR_POOL = 8


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _call(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def ordered_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``map(func, items)``, spread over ``jobs`` processes, in the order of items."""
    global _TASK
    if jobs <= 1 or len(items) < MIN_ITEMS_FOR_POOL or not _can_fork():
        yield from map(func, items)
        return
    import multiprocessing  # only here: one file or one job never needs it

    _TASK = func
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(16, len(items) // (jobs * 8)))
    with context.Pool(processes=jobs) as pool:
        yield from pool.imap(_call, items, chunksize=chunk)


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
