"""How reporters for CI systems name files: relative, with forward slashes."""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote


def repo_path(path: str) -> str:
    """``path`` relative to the current folder (the repository root in CI), with
    forward slashes; a path outside the current folder stays absolute."""
    if path == "-":
        return path
    absolute = os.path.abspath(path)
    rel = os.path.relpath(absolute, Path.cwd())
    if rel == ".." or rel.startswith(".." + os.sep):
        return absolute.replace(os.sep, "/")
    return rel.replace(os.sep, "/")


def artifact_uri(path: str) -> str:
    """A SARIF artifact URI: relative reference, or a file: URI outside the folder."""
    shown = repo_path(path)
    if os.path.isabs(shown):
        return Path(shown).as_uri()
    # A name that is not UTF-8 is quoted byte for byte (%E9).
    return quote(shown, safe="/", errors="surrogateescape")
