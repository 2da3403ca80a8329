"""Caches between runs: compiled rule sets, keyed by the packs' content and the
settings, so that linting one page does not pay for validating packs and building
matchers on every run.

Entries are plain data (see run.stored) written atomically, 0600, in a folder
only this user can write to (see cachedir.usable_folder); any problem with the cache
(missing, corrupt, read-only, not this user's) falls back to doing the work. Old
entries are pruned by age, and the oldest go when the folder grows too large.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import sys
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import regex

from cliniclint import __version__
from cliniclint.cachedir import cache_folder, open_entry, usable_folder

FORMAT = 13
SUFFIX = ".json"
# Entries unused this long are removed; past the size, the oldest go first.
MAX_AGE_SECONDS = 30 * 24 * 3600
MAX_BYTES = 512 * 1024 * 1024
# What the caches write: everything else in the folder is left alone.
_OURS = ("rules-", "results-", ".rules-")


def cache_dir() -> Path | None:
    """Where caches live: $CLINICLINT_CACHE_DIR, else the user cache folder; None
    when caching is off (an empty CLINICLINT_CACHE_DIR) or the folder is not safe
    to use (see cachedir.usable_folder)."""
    folder = cache_folder()
    if folder is None or not usable_folder(folder):
        return None
    return Path(folder)


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
    fd = open_entry(str(folder / f"{kind}-{key}{SUFFIX}"))
    if fd is None:
        return None
    from cliniclint.run import stored

    try:
        with os.fdopen(fd, "rb") as handle:
            value = stored.loads(handle.read())
    except (OSError, stored.Unreadable):
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
    from cliniclint.run import stored

    try:
        data = stored.dumps(value)
    except (TypeError, ValueError, RecursionError):
        return
    try:
        import tempfile  # only when writing

        # mkstemp makes the file 0600, with O_EXCL: nothing already there is used.
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{kind}-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
            os.replace(tmp, folder / f"{kind}-{key}{SUFFIX}")
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        return
    prune(folder)


def prune(folder: Path, now: float | None = None) -> None:
    """Remove the caches' files unused for MAX_AGE_SECONDS (and entries of older
    formats), then the oldest while the rest is larger than MAX_BYTES."""
    now = time.time() if now is None else now
    kept: list[tuple[float, int, str]] = []
    try:
        with os.scandir(folder) as entries:
            for entry in entries:
                if not entry.name.startswith(_OURS):
                    continue
                info = entry.stat(follow_symlinks=False)
                old_format = entry.name.startswith("rules-") and not (
                    entry.name.endswith(SUFFIX)
                )
                if (
                    old_format
                    or not stat.S_ISREG(info.st_mode)
                    or now - info.st_mtime > MAX_AGE_SECONDS
                ):
                    _remove(entry.path)
                else:
                    kept.append((info.st_mtime, info.st_size, entry.path))
    except OSError:
        return
    total = sum(size for _, size, _ in kept)
    for _, size, path in sorted(kept):
        if total <= MAX_BYTES:
            break
        _remove(path)
        total -= size


def _remove(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)
