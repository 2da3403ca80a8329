"""A cache of per-file outcomes for repeat runs, keyed by the file's path and bytes.

One SQLite file per run key (rules, settings, tool version, date, baseline), so two
runs may share it safely: SQLite serialises their writes, and a failure to read or
write the cache never fails a run.
"""

from __future__ import annotations

import hashlib
import pickle
import sqlite3
import time
from pathlib import Path
from typing import Any

STALE_SECONDS = 30 * 24 * 3600
# Outcomes are written in batches of this many, so a long run holds few of them.
FLUSH_EVERY = 64


def content_key(path: str, data: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


class ResultCache:
    """Stored outcomes for one run key; use as a context manager."""

    def __init__(self, folder: Path, run_key: str):
        self._path = folder / f"results-{run_key[:32]}.sqlite3"
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

    def get(self, key: str) -> Any | None:
        row = self._row(key, "value")
        try:
            return None if row is None else pickle.loads(row[0])
        except Exception:
            return None

    def contains(self, key: str) -> bool:
        return self._row(key, "1") is not None

    def _row(self, key: str, column: str) -> tuple[Any, ...] | None:
        """``column`` of the entry under ``key``; None when there is none, or no
        usable cache."""
        if self._db is None:
            return None
        try:
            row: tuple[Any, ...] | None = self._db.execute(
                f"SELECT {column} FROM results WHERE key = ?", (key,)
            ).fetchone()
        except Exception:
            return None
        return row

    def put(self, key: str, value: Any) -> None:
        if self._db is None:
            return
        try:
            blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        except (pickle.PicklingError, TypeError, AttributeError):
            return
        self._pending.append((key, blob, int(time.time())))
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        """Write what is pending in one transaction (memory stays bounded)."""
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, value, stamp) "
                    "VALUES (?, ?, ?)",
                    self._pending,
                )
        except sqlite3.Error:
            pass
        finally:
            self._pending.clear()

    def close(self) -> None:
        if self._db is None:
            return
        try:
            self._flush()
            with self._db:
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
