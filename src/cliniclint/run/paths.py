"""Expand the paths given on the command line into the files to lint."""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

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


# Where static-site generators, bundlers and package managers put their output: a
# copy of the content, or someone else's, never the source.
BUILD_DIRS = frozenset({"public", "_site", ".next", ".nuxt", "out", "vendor"})


class _Ignored:
    """What the ``.gitignore`` files say, from the repository root down to the
    folders being walked (matched with pathspec, which follows git's rules)."""

    def __init__(self) -> None:
        import pathspec  # only for walks that honour .gitignore

        self._pathspec = pathspec
        self._specs: dict[str, Any] = {}  # folder -> its .gitignore, or None

    def _spec(self, folder: str) -> Any:
        if folder not in self._specs:
            spec = None
            try:
                with open(os.path.join(folder, ".gitignore"), encoding="utf-8") as f:
                    lines = f.read().splitlines()
                spec = self._pathspec.GitIgnoreSpec.from_lines(lines)
            except (OSError, UnicodeDecodeError, ValueError):
                pass  # none, unreadable or not a pattern file: nothing ignored
            self._specs[folder] = spec
        return self._specs[folder]

    def __call__(self, path: str, is_dir: bool) -> bool:
        """Whether ``path`` is ignored by a .gitignore in a folder above it, within
        its repository (the nearest folder with ``.git``)."""
        full = os.path.abspath(path)
        folder = os.path.dirname(full)
        while True:
            spec = self._spec(folder)
            if spec is not None:
                rel = os.path.relpath(full, folder).replace(os.sep, "/")
                if spec.match_file(rel + "/" if is_dir else rel):
                    return True
            parent = os.path.dirname(folder)
            if parent == folder or os.path.exists(os.path.join(folder, ".git")):
                return False
            folder = parent


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
    no_ignore: bool = False,
) -> Iterator[str]:
    """Files named directly are always linted; folders are walked for included files.

    A walk skips what ``.gitignore`` files ignore and build output folders
    (``BUILD_DIRS``), unless ``no_ignore`` is set.

    Order is deterministic (sorted within each folder); symlinked folders are not
    followed, so a symlink loop cannot trap the walk. ``include_path`` (replacing the
    ``include`` patterns) and ``exclude_path`` test a walked file's full path, as
    configuration globs do; ``exclude_path`` also prunes folders.
    """
    seen: set[str] = set()
    ignored = None if no_ignore else _Ignored()
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
                and not (
                    ignored
                    and (d in BUILD_DIRS or ignored(os.path.join(root, d), True))
                )
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
                if ignored and ignored(full, False):
                    continue
                if full not in seen:
                    seen.add(full)
                    yield full
