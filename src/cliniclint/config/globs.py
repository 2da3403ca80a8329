"""Path globs for config files: ``*``, ``?``, ``[...]`` and ``**`` (any folders)."""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path


@functools.lru_cache(maxsize=512)
def _compile(pattern: str) -> re.Pattern[str]:
    out: list[str] = []
    i = 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif pattern.startswith("**", i):
            out.append(".*")
            i += 2
        elif pattern[i] == "*":
            out.append("[^/]*")
            i += 1
        elif pattern[i] == "?":
            out.append("[^/]")
            i += 1
        elif pattern[i] == "[" and (end := pattern.find("]", i + 2)) != -1:
            body = pattern[i + 1 : end]
            if body.startswith("!"):
                body = "^" + body[1:]
            out.append("[" + body.replace("\\", "\\\\") + "]")
            i = end + 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile("".join(out) + r"\Z")


def relative(path: str, base: Path) -> str | None:
    """``path`` relative to ``base`` with forward slashes, or None when outside it."""
    rel = os.path.relpath(os.path.abspath(path), base).replace(os.sep, "/")
    if rel == ".." or rel.startswith("../"):
        return None
    return rel


def glob_matches(
    path: str, pattern: str, base: Path, *, prefixes: bool = False
) -> bool:
    """Does ``path`` match ``pattern``?

    A pattern without a slash matches a file name (and, with ``prefixes``, any folder
    name on the way), like .gitignore; a pattern with a slash matches the path relative
    to ``base`` (and, with ``prefixes``, any folder that holds the file).
    """
    pattern = pattern.strip()
    if pattern.startswith("./"):
        pattern = pattern[2:]
    pattern = pattern.rstrip("/")
    if not pattern:
        return False
    rel = relative(path, base)
    if "/" not in pattern.lstrip("/"):
        rx = _compile(pattern.lstrip("/"))
        names = (rel or os.path.abspath(path).replace(os.sep, "/")).split("/")
        candidates = names if prefixes else names[-1:]
        if pattern.startswith("/"):  # anchored at the base folder
            candidates = names[:1] if rel is not None else []
        return any(rx.match(name) for name in candidates)
    if rel is None:
        return False
    rx = _compile(pattern.lstrip("/"))
    if rx.match(rel):
        return True
    if prefixes:
        parts = rel.split("/")
        return any(rx.match("/".join(parts[:n])) for n in range(1, len(parts)))
    return False
