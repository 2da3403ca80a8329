"""Where cliniclint keeps its caches and its server's socket, and whether it may.

Standard library only and no pathlib: the process entry point reads it before
anything else is imported.
"""

from __future__ import annotations

import os
import stat

__all__ = ["cache_folder", "open_entry", "usable_folder"]


def cache_folder() -> str | None:
    """$CLINICLINT_CACHE_DIR, else the user cache folder; None when caching is off
    (an empty CLINICLINT_CACHE_DIR)."""
    explicit = os.environ.get("CLINICLINT_CACHE_DIR")
    if explicit is not None:
        return explicit or None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return os.path.join(base, "cliniclint")


def usable_folder(folder: str, *, create: bool = True) -> bool:
    """Whether the caches may live in ``folder``: it is (or is now made) a folder of
    this user's, mode 0700, that no other user can write to.

    A folder another user owns or can write to (a shared CLINICLINT_CACHE_DIR, a
    cache restored from another job, someone else's ``~/.cache`` under ``sudo -E``)
    could hold entries this user did not write: it is not used at all."""
    try:
        if create:
            os.makedirs(folder, mode=0o700, exist_ok=True)
        info = os.stat(folder)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.geteuid():
        return False
    if info.st_mode & 0o022:
        return False
    if info.st_mode & 0o077:
        # Readable by others (made by an older release): this user's own, so closed.
        try:
            os.chmod(folder, 0o700)
        except OSError:
            return False
    return True


def open_entry(path: str) -> int | None:
    """A descriptor open for reading on the cache entry ``path``; None when there is
    none, or it is not a regular file of this user's (a link, a FIFO, a device)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_uid == os.geteuid():
            os.set_blocking(fd, True)
            return fd
    except OSError:
        pass
    os.close(fd)
    return None
