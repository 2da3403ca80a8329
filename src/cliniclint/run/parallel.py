"""Run a function over many items on several cores, yielding results in order."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")
M = TypeVar("M")

# Set in the parent before the pool forks, so that workers inherit the function and
# everything it closes over (compiled rules, settings) instead of receiving it pickled.
_TASK: Callable[[Any], Any] | None = None

# Below this many items a pool costs more than it saves.
MIN_ITEMS_FOR_POOL = 8

# Items a worker takes at a time, at most.
MAX_CHUNK = 4

# Allocations between young-generation collections while a batch runs (Python's
# default is 700). Linting a page allocates many short-lived containers and leaves
# few cycles, so the default collects often and finds little (about 1.5% of the
# instructions of a run).
BATCH_GC_THRESHOLD = 20_000


def default_jobs() -> int:
    """One worker per CPU: the parent only renders and writes what the workers
    send, a small share of the work (on two CPUs, two workers lint the 10 MB
    benchmark corpus in about half the time one process takes)."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cpus = os.cpu_count() or 1
    return max(1, cpus)


def _quiet_worker() -> None:
    """Ctrl-C reaches the whole process group: the parent stops the run and ends
    the workers, which would otherwise each print a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


def _terminated(signum: int, _frame: Any) -> None:
    # Unwinds through the pool, which ends its workers before they find the parent
    # gone (each would print a traceback), then exits as the signal would.
    raise SystemExit(128 + signum)


def _call(item: Any) -> Any:
    assert _TASK is not None
    return _TASK(item)


def ordered_map(func: Callable[[T], R], items: Sequence[T], jobs: int) -> Iterator[R]:
    """``map(func, items)``, spread over ``jobs`` processes, in the order of items."""
    for _, results in ordered_windows(func, iter([(None, items)]), jobs):
        yield from results


def ordered_windows(
    func: Callable[[T], R], windows: Iterator[tuple[M, Sequence[T]]], jobs: int
) -> Generator[tuple[M, Iterator[R]]]:
    """``ordered_map`` over each window of items in turn, with one pool of workers
    for them all: ``(label, results)`` for each ``(label, items)`` of ``windows``,
    whose next window is taken when the caller asks for it. The pool starts at the
    first window with enough items to be worth it."""
    with ExitStack() as stack:
        stack.enter_context(_fewer_collections())
        pool: Any = None
        for label, items in windows:
            # Checked last: _can_fork imports multiprocessing, which a run that
            # needs no pool (one job, few files, all cached) never pays for.
            if (
                pool is None
                and jobs > 1
                and len(items) >= MIN_ITEMS_FOR_POOL
                and _can_fork()
            ):
                pool = stack.enter_context(_pool(func, jobs))
            if pool is None:
                yield label, map(func, items)
            else:
                # The last chunk may run alone while the other workers idle: a few
                # pages (about 15 ms each) is enough to keep the hand-offs cheap.
                chunk = max(1, min(MAX_CHUNK, len(items) // (jobs * 8)))
                yield label, pool.imap(_call, items, chunksize=chunk)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Young-generation collections every BATCH_GC_THRESHOLD allocations while the
    batch runs (forked workers inherit the setting); the caller's afterwards."""
    previous = gc.get_threshold()
    gc.set_threshold(BATCH_GC_THRESHOLD, *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


@contextmanager
def _pool(func: Callable[[Any], Any], jobs: int) -> Iterator[Any]:
    """A pool of ``jobs`` forked workers that run ``func``."""
    global _TASK
    import multiprocessing  # only here: one file or one job never needs it

    _TASK = func
    context = multiprocessing.get_context("fork")
    held = (signal.SIGTERM, signal.SIGHUP)
    previous = {signum: signal.getsignal(signum) for signum in held}
    for signum in held:
        if previous[signum] == signal.SIG_DFL and _main_thread():
            signal.signal(signum, _terminated)
    # The compiled rules and everything else this process holds are read, never
    # changed, by the workers: moved out of the collector's reach, their pages stay
    # shared instead of being copied into each worker as it counts references.
    gc.freeze()
    try:
        with context.Pool(processes=jobs, initializer=_quiet_worker) as pool:
            yield pool
    finally:
        gc.unfreeze()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


def _can_fork() -> bool:
    import multiprocessing

    return "fork" in multiprocessing.get_all_start_methods()
