"""Lint many files on several cores, yielding results in the order of the paths."""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Iterator, Sequence

from cliniclint.documents import format_for_path
from cliniclint.engine.compiled import CompiledRules
from cliniclint.engine.resultcache import ResultCache, content_key, read_for_key
from cliniclint.engine.run import lint_file, lint_source, read_bytes
from cliniclint.findings import FileResult

# Set in the parent before the pool forks, so workers inherit the compiled rules
# instead of receiving them pickled.
_RULES: CompiledRules | None = None
_KEEP_LINES = True

# Below this many files a pool costs more than it saves.
MIN_FILES_FOR_POOL = 8


Keyed = tuple[str | None, FileResult]


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _work(path: str) -> Keyed:
    """Lint one file in a worker; also return the key of the bytes it linted."""
    assert _RULES is not None
    try:
        data = read_bytes(path)
    except Exception:
        return None, lint_file(path, _RULES, _KEEP_LINES)
    result = lint_source(path, data, _RULES, keep_lines=_KEEP_LINES)
    return content_key(data, format_for_path(path)), result


def _pool_map(
    paths: Sequence[str], jobs: int
) -> Iterator[tuple[str | None, FileResult]]:
    if jobs <= 1 or len(paths) < MIN_FILES_FOR_POOL:
        yield from map(_work, paths)
        return
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(32, len(paths) // (jobs * 8)))
    with context.Pool(processes=jobs) as pool:
        yield from pool.imap(_work, paths, chunksize=chunk)


def lint_paths(
    paths: Sequence[str],
    rules: CompiledRules,
    *,
    jobs: int = 1,
    cache: ResultCache | None = None,
    keep_lines: bool = True,
) -> Iterator[FileResult]:
    """Results for every path, in order; cached results are reused, new ones stored."""
    global _RULES, _KEEP_LINES
    _RULES, _KEEP_LINES = rules, keep_lines
    cached: dict[int, FileResult] = {}
    todo: list[str] = []
    if cache is not None:
        for index, path in enumerate(paths):
            data = read_for_key(path)
            if data is not None:
                hit = cache.get(content_key(data, format_for_path(path)), path)
                if hit is not None:
                    cached[index] = hit
                    continue
            todo.append(path)
    else:
        todo = list(paths)
    fresh = _pool_map(todo, jobs)
    for index in range(len(paths)):
        if index in cached:
            yield cached[index]
            continue
        key, result = next(fresh)
        if cache is not None and key is not None:
            cache.put(key, result)
        yield result
