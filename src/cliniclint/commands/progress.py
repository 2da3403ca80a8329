"""A progress line on stderr for long runs, shown only when stderr is a terminal."""

from __future__ import annotations

import sys
import time

MIN_FILES = 50


class Progress:
    def __init__(self, total: int):
        self.total = total
        self.count = 0
        self.shown = total >= MIN_FILES and sys.stderr.isatty()
        self._last = 0.0

    def step(self) -> None:
        self.count += 1
        if not self.shown:
            return
        now = time.monotonic()
        if now - self._last >= 0.1 or self.count == self.total:
            self._last = now
            width = 30
            filled = width * self.count // max(self.total, 1)
            bar = "#" * filled + "-" * (width - filled)
            sys.stderr.write(f"\r[{bar}] {self.count}/{self.total} files")
            sys.stderr.flush()

    def done(self) -> None:
        if self.shown:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()
