"""Where cliniclint keeps its caches and its server's socket.

Standard library only and no pathlib: the process entry point reads it before
anything else is imported.
"""

from __future__ import annotations

import os

__all__ = ["cache_folder"]


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
