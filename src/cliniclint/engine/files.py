"""Expand the paths given on the command line into the files to lint."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

DEFAULT_INCLUDE = ("*.md", "*.markdown", "*.mdx", "*.html", "*.htm", "*.txt")
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        "node_modules",
        ".venv",
        "venv",
        "__pycache__",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".ruff_cache",
        ".pytest_cache",
        ".cliniclint_cache",
        "dist",
        "build",
        "site-packages",
        ".cache",
        ".idea",
        ".vscode",
    }
)


def _shown(path: str) -> str:
    """A path as reports show it: without a leading ``./``."""
    prefix = "." + os.sep
    while path.startswith(prefix) and len(path) > len(prefix):
        path = path[len(prefix) :]
    return path


def default_included(path: str) -> bool:
    """Whether a walked file is one of the kinds linted by default."""
    return _matches(path.replace(os.sep, "/"), DEFAULT_INCLUDE)


def _matches(rel: str, patterns: Sequence[str]) -> bool:
    name = rel.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatch(rel, p) or fnmatch.fnmatch(name, p) for p in patterns)


def iter_files(
    paths: Sequence[str],
    include: Sequence[str] = DEFAULT_INCLUDE,
    exclude: Sequence[str] = (),
    *,
    include_path: Callable[[str], bool] | None = None,
    exclude_path: Callable[[str], bool] | None = None,
) -> Iterator[str]:
    """Files named directly are always linted; folders are walked for included files.

    Order is deterministic (sorted within each folder); symlinked folders are not
    followed, so a symlink loop cannot trap the walk. ``include_path`` (replacing the
    ``include`` patterns) and ``exclude_path`` test a walked file's full path, as
    configuration globs do; ``exclude_path`` also prunes folders.
    """
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        if not path.is_dir():
            shown = _shown(given)
            if shown not in seen:
                seen.add(shown)
                yield shown
            continue
        for root, dirs, files in os.walk(given, followlinks=False):
            dirs[:] = sorted(
                d
                for d in dirs
                if d not in SKIP_DIRS
                and not (exclude_path and exclude_path(os.path.join(root, d)))
            )
            for name in sorted(files):
                full = _shown(os.path.join(root, name))
                rel = os.path.relpath(full, given).replace(os.sep, "/")
                wanted = include_path(full) if include_path else _matches(rel, include)
                if not wanted or (exclude and _matches(rel, exclude)):
                    continue
                if exclude_path and exclude_path(full):
                    continue
                if full not in seen:
                    seen.add(full)
                    yield full
