"""A cache of compiled rule sets, keyed by the packs' content, so that linting one page
does not pay for validating packs and building matchers on every run."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

from cliniclint import __version__
from cliniclint.engine.compiled import CompiledRules

FORMAT = 1


def cache_dir() -> Path | None:
    """Where caches live: $CLINICLINT_CACHE_DIR, else the user cache folder.

    An empty CLINICLINT_CACHE_DIR turns caching off.
    """
    explicit = os.environ.get("CLINICLINT_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit else None
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(
        os.path.expanduser("~"), ".cache"
    )
    return Path(base) / "cliniclint"


def rules_key(pack_files: Iterable[Path], settings: str) -> str:
    """A digest of the tool version, every pack file's bytes and the settings."""
    digest = hashlib.sha256(f"{FORMAT}\0{__version__}\0{settings}\0".encode())
    for path in sorted(pack_files):
        digest.update(str(path).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"<unreadable>")
        digest.update(b"\0")
    return digest.hexdigest()[:32]


def cached_rules(key: str, build: Callable[[], CompiledRules]) -> CompiledRules:
    """Load the rule set stored under ``key``, or build and store it.

    Any problem with the cache (missing, corrupt, read-only) falls back to building.
    """
    folder = cache_dir()
    if folder is None:
        return build()
    path = folder / f"rules-{key}.pickle"
    try:
        with open(path, "rb") as handle:
            loaded = pickle.load(handle)
        if isinstance(loaded, CompiledRules):
            return loaded
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
        pass
    rules = build()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".rules-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(rules, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except OSError:
        pass
    return rules
