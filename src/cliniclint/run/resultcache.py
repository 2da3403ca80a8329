"""A cache of per-file outcomes for repeat runs, keyed by the file's path and bytes.

One SQLite file per run key (rules, settings, tool version, date, baseline), so two
runs may share it safely: SQLite serialises their writes, and a failure to read or
write the cache never fails a run. Outcomes are stored as plain data (see
run.stored) in two parts: the findings with the lines they start on, and the rest
of the outcome with its output as rendered and its counts, so that a repeat run
printing a format already rendered reads the rest alone. The database is made 0600
(SQLite gives its journal files the same mode), and one that is not a regular file
of this user's is not opened.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
import time
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cliniclint.findings import Severity
from cliniclint.run import stored

if TYPE_CHECKING:
    from cliniclint.run.pipeline import LintedFile

STALE_SECONDS = 30 * 24 * 3600
# Outcomes are written in batches of this many, so a long run holds few of them.
FLUSH_EVERY = 64


def content_key(path: str, data: bytes) -> str:
    digest = hashlib.blake2b(digest_size=20)
    digest.update(path.encode("utf-8", "surrogateescape") + b"\0")
    digest.update(data)
    return digest.hexdigest()


def _own_files(path: Path) -> bool:
    """Make the database file 0600 if there is none; whether it and its journal
    files are regular files of this user's (a FIFO would hang the run)."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
    except FileExistsError:
        pass
    except OSError:
        return False
    for name in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            info = os.lstat(name)
        except FileNotFoundError:
            continue
        except OSError:
            return False
        if not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid():
            return False
    return True


class ResultCache:
    """Stored outcomes for one run key; use as a context manager."""

    def __init__(self, folder: Path, run_key: str):
        """``folder`` is one cache.cache_dir found safe to use."""
        self._folder = folder
        self._path = folder / f"results-5-{run_key[:32]}.sqlite3"
        self._db: sqlite3.Connection | None = None
        self._pending: list[tuple[str, bytes, bytes, int]] = []
        try:
            if not _own_files(self._path):
                return
            db = sqlite3.connect(self._path, timeout=10.0)
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE TABLE IF NOT EXISTS results "
                "(key TEXT PRIMARY KEY, head BLOB NOT NULL, findings BLOB NOT NULL, "
                "stamp INTEGER NOT NULL)"
            )
            self._db = db
        except (sqlite3.Error, OSError):
            self._db = None

    def __enter__(self) -> ResultCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def get(self, key: str, rendered: str | None = None) -> LintedFile | None:
        """The outcome stored under ``key``. When it holds its output already
        rendered in the format ``rendered``, its findings are not read back: the
        result has them counted in ``unloaded`` instead."""
        from cliniclint.run.pipeline import LintedFile

        row = self._row(key, "head")
        if row is None:
            return None
        try:
            head = stored.loads(row[0])
            if not (
                type(head) is list
                and len(head) == 2
                and isinstance(head[0], LintedFile)
                and type(head[1]) is list
                and len(head[1]) == len(Severity)
                and all(type(n) is int and n >= 0 for n in head[1])
            ):
                return None
            outcome: LintedFile = head[0]
            if rendered is not None and rendered in outcome.result.rendered:
                outcome.result.unloaded = dict(zip(Severity, head[1], strict=True))
                return outcome
            row = self._row(key, "findings")
            if row is None:
                return None
            body = stored.loads(row[0])
        except stored.Unreadable:
            return None
        if not (type(body) is list and len(body) == 2):
            return None
        findings, lines = body
        if not (
            type(findings) is list
            and sum(head[1]) == len(findings)
            and type(lines) is dict
        ):
            return None
        outcome.result.findings = findings
        outcome.result.lines = lines
        return outcome

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

    def put(self, key: str, value: LintedFile) -> None:
        if self._db is None:
            return
        counts = dict.fromkeys(Severity, 0)
        for finding in value.result.findings:
            counts[finding.severity] += 1
        result = value.result
        head = replace(value, result=replace(result, findings=[], lines={}))
        try:
            blobs = (
                stored.dumps([head, list(counts.values())]),
                stored.dumps([result.findings, result.lines]),
            )
        except (TypeError, ValueError, RecursionError):
            return
        self._pending.append((key, *blobs, int(time.time())))
        if len(self._pending) >= FLUSH_EVERY:
            self._flush()

    def _flush(self) -> None:
        """Write what is pending in one transaction (memory stays bounded)."""
        if self._db is None or not self._pending:
            return
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO results (key, head, findings, stamp) "
                    "VALUES (?, ?, ?, ?)",
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
        from cliniclint.run.cache import prune

        prune(self._folder)
