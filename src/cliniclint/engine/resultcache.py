"""A cache of per-file results for repeat runs, keyed by the file's content.

The key is a digest of the file's bytes and its reader; the store is one SQLite file
per rule set (rules key = packs, settings, tool version), so two runs may share it
safely: SQLite serialises their writes, and a failure to read or write the cache
never fails a run.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sqlite3
import time
from dataclasses import replace
from pathlib import Path

from cliniclint.findings import FileResult

STALE_SECONDS = 30 * 24 * 3600


def content_key(data: bytes, fmt: str) -> str:
    return hashlib.blake2b(fmt.encode() + b"\0" + data, digest_size=20).hexdigest()


class ResultCache:
    """Stored results for one rule set; use as a context manager."""

    def __init__(self, folder: Path, rules_key: str):
        self._path = folder / f"results-{rules_key[:24]}.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes, int]] = []
        try:
            folder.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self._path, timeout=10.0)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results "
                "(key TEXT PRIMARY KEY, value BLOB NOT NULL, stamp INTEGER NOT NULL)"
            )
            self._db = db
        except (sqlite3.Error, OSError):
            self._db = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str, path: str) -> FileResult | None:
        if self._db is None:
            return None
        try:
            row = self._db.execute(
                "SELECT value FROM results WHERE key = ?", (key,)
            ).fetchone()
            if row is None:
                return None
            stored = pickle.loads(row[0])
        except (sqlite3.Error, pickle.UnpicklingError, EOFError, AttributeError):
            return None
        if not isinstance(stored, FileResult):
            return None
        return FileResult(
            path,
            [replace(f, path=path) for f in stored.findings],
            stored.notice,
            stored.lines,
        )

    def put(self, key: str, result: FileResult) -> None:
        if self._db is None:
            return
        anonymous = FileResult(
            "",
            [replace(f, path="") for f in result.findings],
            result.notice,
            result.lines,
        )
        self._pending.append(
            (
                key,
                pickle.dumps(anonymous, protocol=pickle.HIGHEST_PROTOCOL),
                int(time.time()),
            )
        )

    def close(self) -> None:
        if self._db is None:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value, stamp) "
                    "VALUES (?, ?, ?)",
                    self._pending,
                )
                self._db.execute(
                    "DELETE FROM results WHERE stamp < ?",
                    (int(time.time()) - STALE_SECONDS,),
                )
        except sqlite3.Error:
            pass
        finally:
            self._pending.clear()
            self._db.close()
            self._db = None


def read_for_key(path: str) -> bytes | None:
    """The file's bytes for hashing, or None when it cannot be read (it will be
    linted, and its notice reported, without the cache)."""
    try:
        if not os.path.isfile(path):
            return None
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        return None
