"""Caches between runs: compiled rule sets, keyed by the packs' content and the
settings, so that linting one page does not pay for validating packs and building
matchers on every run.

Entries are pickles written atomically; any problem with the cache (missing, corrupt,
read-only) falls back to doing the work.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from cliniclint import __version__
from cliniclint.cachedir import cache_folder

FORMAT = 4


def cache_dir() -> Path | None:
    """Where caches live: $CLINICLINT_CACHE_DIR, else the user cache folder.

    An empty CLINICLINT_CACHE_DIR turns caching off.
    """
    folder = cache_folder()
    return None if folder is None else Path(folder)


def content_digest(files: Iterable[Path], settings: str) -> str:
    """A digest of the tool version, every file's path and bytes, and the settings."""
    # Compiled patterns are stored as engine code: a new Python or regex release
    # makes a new key.
    engines = f"{sys.version}\0{regex.__version__}"
    digest = hashlib.sha256(
        f"{FORMAT}\0{__version__}\0{engines}\0{settings}\0".encode()
    )
    for path in sorted(files):
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()[:32]


# What this process loaded or stored, when it keeps entries in memory (see
# keep_in_memory); None when it does not.
_kept: dict[tuple[str, str], Any] | None = None


def keep_in_memory() -> None:
    """Keep every entry this process loads or stores, and serve it again from memory.

    For ``cliniclint server``: the runs it forks start with the rules it compiled.
    Entries are keyed by content digests, so a kept entry is never stale."""
    global _kept
    if _kept is None:
        _kept = {}


def load(kind: str, key: str) -> Any | None:
    if _kept is not None and (kind, key) in _kept:
        return _kept[kind, key]
    folder = cache_dir()
    if folder is None:
        return None
    try:
        with open(folder / f"{kind}-{key}.pickle", "rb") as handle:
            value = pickle.load(handle)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        return None
    except Exception:
        return None
    if _kept is not None:
        _kept[kind, key] = value
    return value


def store(kind: str, key: str, value: Any) -> None:
    if _kept is not None:
        _kept[kind, key] = value
    folder = cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        import tempfile  # only when writing

        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{kind}-{key}.pickle")
        except BaseException:
            os.unlink(tmp)
            raise
    except (OSError, pickle.PicklingError):
        pass
